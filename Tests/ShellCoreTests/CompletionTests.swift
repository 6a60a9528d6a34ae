import Foundation
import RosterData
import Testing
@testable import ShellCore
import TestSupport

/// A session with the example roster loaded, as-of 2024-12-31.
func exampleSession() -> Session {
    let (s, _) = makeSession()
    run("set as-of 2024-12-31\nload examples/roster-2024.json", in: s)
    return s
}

@Suite struct CompletionTests {
    let session = exampleSession()
    var completer: ShellCompleter { ShellCompleter(session: session) }

    func complete(_ line: String) -> Completion {
        completer.complete(line: line, cursor: line.utf8.count)
    }

    @Test func commandsAtTheStart() {
        #expect(complete("cou").candidates == ["count"])
        #expect(complete("ex").candidates == ["exit", "explain", "export"])
    }

    @Test func optionsOfTheCommand() {
        #expect(complete("export csv out.csv --b").candidates == ["--bom"])
        #expect(complete("count by level --").candidates == ["--chart", "--crosstab"])
    }

    @Test func fieldsInBothLanguages() {
        #expect(complete("count by lev").candidates == ["level"])
        let c = complete("filter 学")
        #expect(c.candidates.contains("学历"))
        #expect(c.candidates.allSatisfy { $0.hasPrefix("学") })
        #expect(complete("count by 申报级").candidates == ["申报级别"])
    }

    @Test func functionsOpenTheirCall() {
        let c = complete("count where elig")
        #expect(c.candidates == ["eligible"])
        #expect(c.suffix == "(")
    }

    @Test func labelsOfAFunction() {
        let c = complete("count where eligible(")
        #expect(c.candidates.contains("level:") && c.candidates.contains("route:") && c.candidates.contains("as_of:"))
        #expect(c.candidates.contains("级别:"))
        // Labels first, then names (an argument may also be an expression).
        #expect(complete("count where eligible(le").candidates.first == "level:")
        #expect(complete("count where eligible(级").candidates == ["级别:"])
        #expect(complete("count where eligible(级").suffix == "")
        #expect(complete("count where eligible(level:\"工程师\", ro").candidates.first == "route:")
    }

    @Test func valuesInsideAString() {
        let c = complete("filter level == \"")
        #expect(c.candidates == ["技术员", "助理工程师", "工程师"])
        #expect(c.suffix == "\"")
        #expect(complete("filter level == \"助").candidates == ["助理工程师"])
        #expect(complete("filter agency == \"").candidates.count == 7)
        #expect(complete("count where eligible(level:\"").candidates == ["技术员", "助理工程师", "工程师"])
        #expect(complete("count where eligible(级别:\"技").candidates == ["技术员"])
        #expect(complete("filter 申报级别 == \"工").candidates == ["工程师"])
    }

    @Test func freeTextValuesMostFrequentFirst() throws {
        let c = complete("filter unit == \"")
        #expect(!c.candidates.isEmpty && c.candidates.count <= 50)
        let state = try #require(session.current)
        let slot = try #require(FieldCatalog.defaultPack.field(named: "unit")).slot
        var counts: [String: Int] = [:]
        for a in state.dataset.applicants { if case .string(let s) = a.fields[slot] { counts[s, default: 0] += 1 } }
        #expect(counts[c.candidates[0]] == counts.values.max())
    }

    @Test func datasetsRulesAndApplicants() {
        #expect(complete("use ro").candidates == ["roster-2024"])
        let rules = complete("rules R2")
        #expect(!rules.candidates.isEmpty && rules.candidates.allSatisfy { $0.hasPrefix("R2") })
        #expect(complete("explain QZ2024-000").candidates.count == 9)
        #expect(complete("explain 朱").candidates.contains("朱婷"))
        #expect(complete("explain QZ2024-0001 le").candidates == ["level:"])
    }

    @Test func pathsWithChineseNames() throws {
        let dir = makeTempDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/数据", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir + "/数据/花名册.json", contents: Data())
        FileManager.default.createFile(atPath: dir + "/数据/花名册.csv", contents: Data())
        let c = complete("load \(dir)/数")
        #expect(c.candidates == ["\(dir)/数据/"])
        #expect(c.suffix == "")
        #expect(complete("load \(dir)/数据/花").candidates == ["\(dir)/数据/花名册.csv", "\(dir)/数据/花名册.json"])
        #expect(complete("export csv \(dir)/数据/花名册.c").candidates == ["\(dir)/数据/花名册.csv"])
        #expect(complete("record \(dir)/数据/花名册.j").candidates == ["\(dir)/数据/花名册.json"])
        #expect(complete("rules check \(dir)/数据/花名册.j").candidates == ["\(dir)/数据/花名册.json"])
        #expect(complete("rules ch").candidates == ["check"])
    }

    @Test func listedInColumnsByDisplayWidth() {
        let text = Completions.columns(["技术员", "助理工程师", "工程师", "ab"], width: 30)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        // Cells 12 columns wide: 助理工程师 (10) + 2.
        #expect(lines[0] == "技术员      助理工程师")
        #expect(lines[1] == "工程师      ab")
    }

    @Test func promptEscapesAreMarked() {
        #expect(LibEditLineReader.markEscapes("\u{1B}[32mzcsh\u{1B}[0m> ") == "\u{01}\u{1B}[32m\u{01}zcsh\u{01}\u{1B}[0m\u{01}> ")
    }
}
