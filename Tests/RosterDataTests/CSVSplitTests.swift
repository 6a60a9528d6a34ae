import Foundation
import Testing
@testable import RosterData
import TestSupport

/// A CSV file of `CSVRosterLoader.parallelThreshold` bytes or more is read on two threads, split at
/// the end of the record that ends after the middle. These tests read each input both ways
/// (`LoadOptions.parallelAbove` 0 and `Int.max`) and require the same applicants, warnings and
/// error, word for word. The `csv` fuzz target checks the same on every input it makes.
@Suite struct CSVSplitTests {
    static let header = "id,name,level,title_since,degree,unit"

    static func row(_ i: Int, id: String? = nil, date: String = "2019-06-30", degree: String = "本科",
                    unit: String = "衢州市水利局") -> String {
        "\(id ?? "S\(i)"),申报人\(i),工程师,\(date),\(degree),\(unit)"
    }

    static func rows(_ n: Int, _ change: (Int) -> String? = { _ in nil }) -> String {
        ([header] + (1...n).map { change($0) ?? row($0) }).joined(separator: "\n") + "\n"
    }

    /// Crafted inputs: the defect sits before, at and after the middle.
    static let cases: [(name: String, text: String)] = [
        ("clean", rows(40)),
        ("crlf", rows(40).replacingOccurrences(of: "\n", with: "\r\n")),
        ("no final newline", String(rows(40).dropLast())),
        ("quoted newline across the middle", rows(40) { $0 == 20 || $0 == 21 ? row($0, unit: "\"第一行\n第二行,逗号\n第三行\"") : nil }),
        ("doubled quotes", rows(40) { $0 % 3 == 0 ? row($0, unit: "\"甲\"\"乙\"\"\"") : nil }),
        ("blank lines and empty quoted rows", rows(40) { $0 % 7 == 0 ? "\n\"\"\n" + row($0) : nil }),
        ("duplicate id across halves", rows(40) { $0 == 35 ? row($0, id: "S3") : nil }),
        ("duplicate id within the second half", rows(40) { $0 == 38 ? row($0, id: "S30") : nil }),
        ("bad date in the first half", rows(40) { $0 == 5 ? row($0, date: "2019-02-30") : nil }),
        ("bad date in the second half", rows(40) { $0 == 33 ? row($0, date: "2019-13-01") : nil }),
        ("errors in both halves", rows(40) { $0 == 9 ? row($0, degree: "学士") : $0 == 36 ? row($0, date: "x") : nil }),
        ("duplicate across, then an error later", rows(40) { $0 == 31 ? row($0, id: "S2") : $0 == 37 ? row($0, date: "x") : nil }),
        ("error in the second half before a duplicate", rows(40) { $0 == 31 ? row($0, date: "x") : $0 == 37 ? row($0, id: "S2") : nil }),
        ("ragged row in the second half", rows(40) { $0 == 30 ? row($0) + ",多余" : nil }),
        ("unclosed quote in the second half", rows(40) { $0 == 39 ? row($0, unit: "\"未闭合") : nil }),
        ("unclosed quote in the first half", rows(40) { $0 == 3 ? row($0, unit: "\"未闭合") : nil }),
        ("blank id in the second half", rows(40) { $0 == 25 ? row($0, id: "") : nil }),
    ]

    static func load(_ bytes: [UInt8], at: Int) -> Result<Int, RosterError> {
        var o = LoadOptions()
        o.parallelAbove = at
        do throws(RosterError) { return .success(try CSVRosterLoader.load(bytes, file: "t.csv", options: o).applicants.count) }
        catch { return .failure(error) }
    }

    @Test(arguments: cases.map(\.name))
    func craftedInputsReadTheSameBothWays(name: String) throws {
        let bytes = Array(try #require(Self.cases.first { $0.name == name }).text.utf8)
        // The split really happens (else the test would compare the sequential read with itself).
        let split = bytes.withUnsafeBufferPointer { CSVRosterLoader.splitPoint($0, separator: 0x2C) }
        if name != "unclosed quote in the first half" {
            #expect(split != nil, "\(name): no split point")
        }
        #expect(ParserEntryPoints.csvSplitDifference(bytes, options: LoadOptions()) == nil, "\(name)")
    }

    /// The error a split read reports is the sequential read's first error, by position.
    @Test func firstErrorByPositionWins() throws {
        let both = Array(try #require(Self.cases.first { $0.name == "errors in both halves" }).text.utf8)
        guard case .failure(let e) = Self.load(both, at: 0) else { Issue.record("loads"); return }
        #expect(e.line == 10, "\(e)")
        let dupFirst = Array(try #require(Self.cases.first { $0.name == "duplicate across, then an error later" }).text.utf8)
        guard case .failure(let d) = Self.load(dupFirst, at: 0) else { Issue.record("loads"); return }
        #expect(d.line == 32 && d.description.contains("重复") && d.description.contains("S2"), "\(d)")
        let errFirst = Array(try #require(Self.cases.first { $0.name == "error in the second half before a duplicate" }).text.utf8)
        guard case .failure(let f) = Self.load(errFirst, at: 0) else { Issue.record("loads"); return }
        #expect(f.line == 32 && !f.description.contains("重复"), "\(f)")
    }

    /// Every CSV of the loader corpus, good and bad.
    @Test func corpusReadsTheSameBothWays() throws {
        var seen = 0
        for sub in ["good", "bad"] {
            let dir = packageRoot + "/Tests/Corpus/" + sub
            let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".csv") }.sorted()
            for n in names {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + n)))
                #expect(ParserEntryPoints.csvSplitDifference(bytes, options: LoadOptions()) == nil, "\(sub)/\(n)")
                seen += 1
            }
        }
        #expect(seen >= 40, "only \(seen) corpus CSV files under Tests/Corpus")
    }

    /// Generated rosters, every list field flattened, keys and Chinese labels.
    @Test(arguments: [HeaderLabels.keys, .chinese])
    func generatedRostersReadTheSameBothWays(labels: HeaderLabels) throws {
        let bytes = RosterGenerator.csvBytes(count: 300, seed: 11, labels: labels, catalog: .defaultPack)
        guard case .success(let n) = Self.load(bytes, at: 0) else { Issue.record("does not load"); return }
        #expect(n == 300)
        #expect(ParserEntryPoints.csvSplitDifference(bytes, options: LoadOptions()) == nil)
    }
}
