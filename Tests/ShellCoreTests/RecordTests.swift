import Foundation
import Testing
import RosterData
import ShellCore
import ShellLang
import TestSupport

/// `record FILE` … `record stop`, and replaying what it wrote.
@Suite struct RecordTests {
    /// A folder under the package root, so that relative paths work from the root
    /// (tests never change the working folder: they run in parallel).
    func workFolder() -> (relative: String, absolute: String) {
        let rel = ".build/record-tests/" + UUID().uuidString
        let abs = packageRoot + "/" + rel
        try? FileManager.default.createDirectory(atPath: abs, withIntermediateDirectories: true)
        try? FileManager.default.copyItem(atPath: packageRoot + "/Tests/Fixtures/mini.json", toPath: abs + "/mini.json")
        return (rel, abs)
    }

    func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing>" }

    /// Replays a script as `zcsh FILE` does, in a fresh session, from the package root.
    func replay(_ rel: String) -> (output: String, ok: Bool) {
        chdirToRoot()
        let (s, out) = makeSession()
        guard let source = try? ScriptRunner.readScript(path: rel) else { return ("cannot read \(rel)", false) }
        let ok = ScriptRunner(session: s).run(source)
        return (out.text, ok)
    }

    func sha256(ofFile path: String) -> String {
        sha256Hex(Array(FileManager.default.contents(atPath: path) ?? Data()))
    }

    @Test func recordsSuccessfulCommandsAndReplaysThemIdentically() throws {
        let (rel, abs) = workFolder()
        let (s, _) = makeSession()
        run("set as-of 2024-08-20\nload \(rel)/mini.json", in: s)
        #expect(run("record \(rel)/s.zcs", in: s).ok)
        var live = ""
        live += run("count by level", in: s).output
        #expect(!run("bogus", in: s).ok)                    // an error: not recorded
        #expect(!run("count where nosuchfield == 1", in: s).ok)
        run("help count", in: s)                            // help: not recorded
        run("count --help", in: s)
        live += run("filter level == \"工程师\"", in: s).output
        live += run("show name, agency", in: s).output
        #expect(run("record stop", in: s).output.contains("录制结束"))
        run("count", in: s)                                 // after stop: not recorded

        let script = read(abs + "/s.zcs")
        let lines = script.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        #expect(lines[0].hasPrefix("# zcsh \(ZcshVersion.string) 录制的会话；规则包 quzhou-water-2024"))
        #expect(lines.filter { !$0.hasPrefix("#") } == [
            "set as-of 2024-08-20",
            "load \(rel)/mini.json as mini --sha256 \(sha256(ofFile: abs + "/mini.json"))",
            "count by level",
            "filter level == \"工程师\"",
            "show name, agency",
        ])
        let r = replay(rel + "/s.zcs")
        #expect(r.ok)
        #expect(r.output.hasPrefix("截至日期 = 2024-08-20\n已载入 5 名申报人"))
        #expect(r.output.hasSuffix(live), "replay:\n\(r.output)\nlive:\n\(live)")
        // Twice gives the same bytes.
        #expect(replay(rel + "/s.zcs").output == r.output)
    }

    @Test func replayStopsWhenTheDataFileChanged() throws {
        let (rel, abs) = workFolder()
        let (s, _) = makeSession()
        run("set as-of 2024-08-20\nload \(rel)/mini.json\nrecord \(rel)/s.zcs\ncount by level\nrecord stop", in: s)
        let before = sha256(ofFile: abs + "/mini.json")
        #expect(replay(rel + "/s.zcs").ok)

        // Someone corrects a name in the roster.
        let text = read(abs + "/mini.json").replacingOccurrences(of: "张伟", with: "张玮")
        try text.write(toFile: abs + "/mini.json", atomically: true, encoding: .utf8)
        let after = sha256(ofFile: abs + "/mini.json")
        #expect(before != after)
        let r = replay(rel + "/s.zcs")
        #expect(!r.ok)
        #expect(r.output.contains("\(rel)/s.zcs:5:6: error: 文件 \(rel)/mini.json 的摘要与脚本记录的不符"))
        #expect(r.output.contains("应为 \(before)"))
        #expect(r.output.contains("实为 \(after)"))
        #expect(r.output.contains("--no-verify"))
        #expect(!r.output.contains("合计 5 人"))          // stopped before count

        // --no-verify goes on, with a warning that still names both digests.
        let script = read(abs + "/s.zcs").replacingOccurrences(of: " --sha256 ", with: " --no-verify --sha256 ")
        try script.write(toFile: abs + "/s.zcs", atomically: true, encoding: .utf8)
        let r2 = replay(rel + "/s.zcs")
        #expect(r2.ok)
        #expect(r2.output.contains("warning: 文件 \(rel)/mini.json 的摘要与脚本记录的不符：应为 \(before)，实为 \(after)（--no-verify：继续）"))
        #expect(r2.output.contains("合计 5 人"))
    }

    @Test func headerLoadsDatasetsAlreadyOpenWithTheirViewsAndVariables() throws {
        let (rel, abs) = workFolder()
        let (s, _) = makeSession()
        run("""
            set as-of 2024-08-20
            set max-rows 3
            let 截止 = 2024-06-30
            let 学历们 = ["本科", "硕士"]
            load \(rel)/mini.json as a
            filter level == "工程师"
            load \(rel)/mini.json as b
            sort by name desc
            use a
            """, in: s)
        run("record \(rel)/s.zcs", in: s)
        let live = run("count by agency\nuse b\nshow name", in: s).output
        run("record stop", in: s)
        let sha = sha256(ofFile: abs + "/mini.json")
        let commands = read(abs + "/s.zcs").split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(commands == [
            "set as-of 2024-08-20",
            "set max-rows 3",
            "let 学历们 = [\"本科\", \"硕士\"]",
            "let 截止 = 2024-06-30",
            "load \(rel)/mini.json as a --sha256 \(sha)",
            "filter level == \"工程师\"",
            "load \(rel)/mini.json as b --sha256 \(sha)",
            "sort by name desc",
            "use a",
            "count by agency",
            "use b",
            "show name",
        ])
        let r = replay(rel + "/s.zcs")
        #expect(r.ok)
        #expect(r.output.hasSuffix(live))
    }

    @Test func runIsRecordedAsTheCommandsItRan() throws {
        let (rel, abs) = workFolder()
        try "count by level\nfilter level == \"工程师\"\n".write(toFile: abs + "/sub.zcs", atomically: true, encoding: .utf8)
        let (s, _) = makeSession()
        run("set as-of 2024-08-20\nload \(rel)/mini.json\nrecord \(rel)/s.zcs\nrun \(rel)/sub.zcs\ncount\nrecord stop", in: s)
        let commands = read(abs + "/s.zcs").split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(commands.dropFirst(2) == ["count by level", "filter level == \"工程师\"", "count"])
        // The recording replays without the sub-script.
        try FileManager.default.removeItem(atPath: abs + "/sub.zcs")
        let r = replay(rel + "/s.zcs")
        #expect(r.ok)
        #expect(r.output.hasSuffix("人数\n────\n   4\n"))
    }

    @Test func loadIsPinnedExportForcedDisplaySettingsSkipped() throws {
        let (rel, abs) = workFolder()
        let (s, _) = makeSession()
        run("set as-of 2024-08-20\nrecord \(rel)/s.zcs", in: s)
        // A --no-verify load with a stale digest is recorded with the digest it really had.
        run("load \(rel)/mini.json as m --lenient --sha256 00ff --no-verify", in: s)
        run("set timer on\nset timer off\nset color off\nset mask off", in: s)
        run("export csv \(rel)/out.csv", in: s)
        run("record stop", in: s)
        let commands = read(abs + "/s.zcs").split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(commands == [
            "set as-of 2024-08-20",
            "load \(rel)/mini.json as m --lenient --sha256 \(sha256(ofFile: abs + "/mini.json"))",
            "set mask off",
            "export csv \(rel)/out.csv --force",
        ])
        // The export is there already; the replay writes it again.
        #expect(replay(rel + "/s.zcs").ok)
    }

    @Test func recordingFileIsAlwaysComplete() throws {
        let (rel, abs) = workFolder()
        let (s, _) = makeSession()
        // A folder that does not exist: an error, no file, no recording.
        let bad = run("record \(rel)/no/such/folder/s.zcs", in: s)
        #expect(!bad.ok)
        #expect(bad.output.contains("无法写入"))
        #expect(!run("record stop", in: s).ok)

        run("set as-of 2024-08-20\nload \(rel)/mini.json\nrecord \(rel)/s.zcs", in: s)
        // Before any command and after each one, the file is a whole script that replays.
        #expect(read(abs + "/s.zcs").hasSuffix("--sha256 \(sha256(ofFile: abs + "/mini.json"))\n\n"))
        run("count by level", in: s)
        #expect(read(abs + "/s.zcs").hasSuffix("\ncount by level\n"))
        #expect(replay(rel + "/s.zcs").ok)
        // An existing file is not overwritten without --force; recording twice is refused.
        #expect(!run("record \(rel)/other.zcs", in: s).output.isEmpty)
        #expect(run("record \(rel)/x.zcs", in: s).output.contains("已经在录制"))
        run("record stop", in: s)
        #expect(run("record \(rel)/s.zcs", in: s).output.contains("已存在"))
        #expect(run("record \(rel)/s.zcs --force\ncount\nrecord stop", in: s).ok)
        // A second recording in the same session writes each command once.
        #expect(read(abs + "/s.zcs").components(separatedBy: "\ncount\n").count == 2)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: abs).filter { $0.contains("tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func recordsThroughTheREPL() throws {
        let (rel, abs) = workFolder()
        let (s, out) = makeSession(interactive: true)
        chdirToRoot()
        let reader = ScriptedLineReader([
            .line("set as-of 2024-08-20"), .line("load \(rel)/mini.json"),
            .line("record \(rel)/s.zcs"),
            .line("filter level =="), .line("  \"工程师\""),      // a continuation line
            .line("count by agency"), .line("oops"), .line("history"),
            .line("record stop"),
        ])
        REPL(session: s, reader: reader).run()
        #expect(out.text.contains("录制结束"))
        let commands = read(abs + "/s.zcs").split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(commands.dropFirst(2) == ["filter level ==", "  \"工程师\"", "count by agency"])
        let r = replay(rel + "/s.zcs")
        #expect(r.ok)
        #expect(r.output.contains("筛选后 4 / 5 人"))
    }
}
