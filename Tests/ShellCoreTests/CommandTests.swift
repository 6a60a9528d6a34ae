import Foundation
import RosterData
import Testing
@testable import ShellCore
import ShellLang
import TestSupport

let mini = "Tests/Fixtures/mini.json"

/// A session with the five-applicant fixture loaded and the as-of date fixed.
func loaded() -> Session {
    let (s, _) = makeSession()
    run("set as-of 2024-12-31\nload \(mini)", in: s)
    return s
}

@Suite struct LoadCommandTests {
    @Test func loadReportsCountAndDigest() {
        let (out, ok) = run("load \(mini)")
        #expect(ok)
        #expect(out.hasPrefix("已载入 5 名申报人：\(mini)（年度 2024，sha256 "))
        #expect(out.hasSuffix("，数据集 mini\n"))
    }

    @Test func missingFileNamesItAndKeepsLoadedData() {
        let s = loaded()
        let (out, ok) = run("load nowhere/roster.json", in: s, name: "t.zcs")
        #expect(!ok)
        #expect(out.contains("t.zcs:1:6: error: "))
        #expect(out.contains("nowhere/roster.json"))
        #expect(s.current?.dataset.count == 5)
        #expect(s.datasetOrder == ["mini"])
    }

    @Test func malformedFileLeavesDatasetsAsTheyWere() throws {
        let dir = makeTempDirectory()
        try "{\"applicants\": [ {\"id\": \"A\", \"name\": \"x\"}, ".write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        let s = loaded()
        let (out, ok) = run("load \(dir)/bad.json", in: s)
        #expect(!ok)
        #expect(out.contains("bad.json:1:"))
        #expect(s.datasetOrder == ["mini"] && s.current?.view.count == 5)
    }

    @Test func loadAsNameAndUse() {
        let s = loaded()
        run("load \(mini) as other\nfilter level == \"工程师\"", in: s)
        #expect(s.currentName == "other" && s.current?.view.count == 4)
        let (out, ok) = run("use mini", in: s)
        #expect(ok && out == "当前数据集 mini：5 / 5 人\n")
        let (bad, ok2) = run("use minni", in: s)
        #expect(!ok2 && bad.contains("help: 您是否要找 `mini`？"))
    }
}

@Suite struct QueryCommandTests {
    @Test func filterKeepsOnlyTrueRows() {
        let s = loaded()
        // QZ2024-0003 has no assessments: `len(assessments) == 4` is unknown there, so it is dropped.
        let (out, ok) = run("filter len(assessments) == 4", in: s)
        #expect(ok && out == "筛选后 4 / 5 人\n")
        #expect(!s.current!.view.contains(2))
        run("filter not (len(assessments) == 4)", in: s)
        #expect(s.current!.view.isEmpty)
    }

    @Test func undoAndReset() {
        let s = loaded()
        run("filter level == \"工程师\"\nfilter degree == \"硕士\"", in: s)
        #expect(s.current!.view == [3])
        run("undo", in: s)
        #expect(s.current!.view.count == 4)
        run("reset", in: s)
        #expect(s.current!.view.count == 5)
        run("undo", in: s)
        #expect(s.current!.view.count == 4)
    }

    @Test func syntaxErrorPointsAtTheSpan() {
        let s = loaded()
        let (out, ok) = run("filter level == = 3", in: s, name: "q.zcs")
        #expect(!ok)
        #expect(out.hasPrefix("q.zcs:1:17: error: "))
        #expect(out.contains("filter level == = 3\n                ^"))
    }

    @Test func chineseFieldNamesAreAliases() {
        let a = run("filter 学历 == \"本科\"\ncount", in: loaded()).output
        let b = run("filter degree == \"本科\"\ncount", in: loaded()).output
        #expect(a == b)
        #expect(a.hasSuffix("   3\n"))
    }

    @Test func countByOrdersByCountThenValue() {
        let (out, _) = run("count by level", in: loaded())
        #expect(out == """
        申报级别    人数
        ──────────  ────
        工程师         4
        助理工程师     1
        合计 5 人，2 组

        """)
    }

    @Test func sortIsStableAndPutsUnknownLast() {
        let s = loaded()
        run("sort by submitted_on desc", in: s)
        // Four share one date (stable: file order), QZ2024-0004 has none: last.
        #expect(s.current!.view == [0, 1, 2, 4, 3])
        // Text in pinyin order, character by character (江 jiāng < 柯 kē < 衢江 < 衢州 zhōu);
        // ids descending within a tie.
        run("sort by agency, id desc", in: s)
        #expect(s.current!.view.map { s.current!.dataset.applicants[Int($0)].id }
                == ["QZ2024-0004", "QZ2024-0002", "QZ2024-0005", "QZ2024-0003", "QZ2024-0001"])
    }

    @Test func showMasksPersonalDataUnlessMaskOff() {
        let s = loaded()
        let masked = run("show 1 name, id_number, phone", in: s).output
        #expect(masked.contains("330802********1234") && masked.contains("138****5678"))
        #expect(!masked.contains("330802199001011234"))
        run("set mask off", in: s)
        #expect(run("show 1 id_number", in: s).output.contains("330802199001011234"))
    }

    @Test func selectMakesDerivedColumns() {
        let s = loaded()
        let (out, ok) = run("select name, years(title_since) as 任职年数\nfilter 任职年数 >= 5\ncount", in: s)
        #expect(ok, "\(out)")
        #expect(out.hasSuffix("   3\n"))
        let (bad, ok2) = run("select name as degree", in: s)
        #expect(!ok2 && bad.contains("与花名册字段重名"))
    }

    @Test func statsOverNumbersAndDates() {
        let (out, ok) = run("stats self_score\nstats title_since", in: loaded())
        #expect(ok)
        #expect(out.contains("   2     3  150.5  75.25  72.5    78"))
        #expect(out.contains("2019-12-20  2022-12-31"))
    }

    @Test func distinctListsValuesWithCounts() {
        let (out, _) = run("distinct agency", in: loaded())
        #expect(out.contains("衢州市水利局     2"))
    }

    @Test func unknownCommandSuggests() {
        let (out, ok) = run("fliter level == 1")
        #expect(!ok && out.contains("error: 未知命令 `fliter`") && out.contains("`filter`"))
    }

    @Test func unknownFlagSuggests() {
        let (out, ok) = run("count by level --chrt", in: loaded())
        #expect(!ok && out.contains("count 没有选项 --chrt") && out.contains("--chart"))
    }

    @Test func outputFormatsCsvAndJson() {
        let s = loaded()
        let csv = run("set format csv\ncount by level", in: s).output
        #expect(csv == "level,count\n工程师,4\n助理工程师,1\n")
        let json = run("set format json\ncount by level", in: s).output
        #expect(json == "[\n  {\"level\": \"工程师\", \"count\": 4},\n  {\"level\": \"助理工程师\", \"count\": 1}\n]\n")
    }

    @Test func letVariablesAreUsable() {
        let s = loaded()
        let (out, ok) = run("let 截止 = 2020-01-01\nfilter title_since < 截止\ncount", in: s)
        #expect(ok && out.hasPrefix("截止 = 2020-01-01\n"))
        #expect(out.hasSuffix("   3\n"))
    }

    @Test func setRejectsBadValues() {
        let (out, ok) = run("set as-of 2024-02-30")
        #expect(!ok && out.contains("无法识别的日期 `2024-02-30`"))
        #expect(!run("set max-rows -1").ok)
        #expect(run("set formt csv").output.contains("`format`"))
    }
}

@Suite struct ScriptTests {
    @Test func errorsStopTheScriptWithFileLineColumn() {
        let (s, out) = makeSession()
        chdirToRoot()
        let ok = ScriptRunner(session: s).run(SourceFile(name: "job.zcs", text: "load \(mini)\n# comment\nfilter degre == 1\ncount\n"))
        #expect(!ok)
        #expect(out.text.contains("job.zcs:3:8: error: 未知字段 `degre`"))
        #expect(!out.text.contains("人数"))
    }

    @Test func keepGoingRunsTheRest() {
        let (s, out) = makeSession()
        chdirToRoot()
        let ok = ScriptRunner(session: s, keepGoing: true).run(SourceFile(name: "job.zcs", text: "load \(mini)\nfilter degre == 1\ncount\n"))
        #expect(!ok)
        #expect(out.text.hasSuffix("   5\n"))
    }

    @Test func commandsSpanLinesWhileOpenOrAfterAnOperator() {
        let text = "load a.json\nfilter x in [\n  1, 2]\nfilter a ==\n  1  # note\ncount; show 2\n"
        let pieces = CommandSplitter.split(text).map { String(decoding: Array(text.utf8)[$0.range], as: UTF8.self) }
        #expect(pieces == ["load a.json", "filter x in [\n  1, 2]", "filter a ==\n  1", "count", "show 2"])
    }

    @Test(arguments: [
        ("count", true), ("filter a ==", false), ("filter x in [1,", false), ("filter name == \"张", false),
        ("filter (a", false), ("filter a and", false), ("show 2", true), ("filter a == 1 # open [", true),
    ])
    func completeness(_ text: String, _ complete: Bool) {
        #expect(CommandSplitter.isComplete(text) == complete)
    }

    /// Once per script; years() counts to the pack's 资历截至 (no clock), today() reads the clock.
    @Test func asOfFromTheClockWarnsInScripts() {
        let (s, out) = makeSession()
        chdirToRoot()
        ScriptRunner(session: s).run(SourceFile(name: "t.zcs", text: "load \(mini)\nfilter today() - title_since >= 5\nfilter today() - title_since >= 1"))
        #expect(out.text.components(separatedBy: "warning: 未设置截至日期").count == 2)
    }
}

@Suite struct ExportTests {
    @Test func csvExportRoundTripsAndRefusesToOverwrite() throws {
        let dir = makeTempDirectory()
        let s = loaded()
        let (out, ok) = run("export csv \(dir)/all.csv", in: s)
        #expect(ok && out == "已写入 5 行到 \(dir)/all.csv\n")
        let (again, ok2) = run("export csv \(dir)/all.csv", in: s)
        #expect(!ok2 && again.contains("--force"))
        run("load \(dir)/all.csv as back\nexport json \(dir)/back.json\nuse mini\nexport json \(dir)/orig.json", in: s)
        let a = try String(contentsOfFile: dir + "/back.json", encoding: .utf8)
        let b = try String(contentsOfFile: dir + "/orig.json", encoding: .utf8)
        #expect(records(a) == records(b), "CSV has no year or notice; the records are the same")
    }

    @Test func exportOfExpressionsWritesATable() throws {
        let dir = makeTempDirectory()
        let (_, ok) = run("filter level == \"工程师\"\nexport csv \(dir)/names.csv name, id_number --mask", in: loaded())
        #expect(ok)
        let text = try String(contentsOfFile: dir + "/names.csv", encoding: .utf8)
        #expect(text == "name,id_number\n张伟,330802********1234\n王芳,330802********123X\n赵强,330802********1234\n陈静,330802********1234\n")
    }

    @Test func missingFolderIsAClearErrorAndLeavesNothing() {
        let dir = makeTempDirectory()
        let (out, ok) = run("export csv \(dir)/no/such/x.csv", in: loaded())
        #expect(!ok && out.contains("文件夹不存在"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/no"))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir))?.isEmpty == true)
    }
}

@Suite struct REPLTests {
    @Test func continuationCtrlCAndHistory() {
        let (s, out) = makeSession(interactive: true)
        chdirToRoot()
        let reader = ScriptedLineReader([
            .line("load \(mini)"),
            .line("filter level =="), .line("\"工程师\""),
            .line("filter (degree"), .interrupted,
            .line("count"), .endOfFile,
        ])
        REPL(session: s, reader: reader).run()
        #expect(reader.history == ["load \(mini)", "filter level ==\n\"工程师\"", "count"])
        #expect(reader.prompts == ["zcsh> ", "zcsh[mini: 5]> ", "   ...> ", "zcsh[mini: 4/5]> ", "   ...> ", "zcsh[mini: 4/5]> ", "zcsh[mini: 4/5]> "])
        #expect(out.text.hasSuffix("   4\n"))
    }
}
