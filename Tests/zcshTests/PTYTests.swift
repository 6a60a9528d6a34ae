import Foundation
import Testing
import TestSupport

/// The shell at a real pseudo-terminal, typed at as a person would. Every wait is for
/// text to appear (generous timeouts: CI runs these on 2 cores, in debug builds).
@Suite("zcsh at a terminal", .serialized)
struct PTYTests {
    /// Types `keys`, then waits for the prompt and returns what was printed meanwhile.
    func enter(_ t: Terminal, _ keys: String) -> String {
        let m = t.mark
        t.type(keys)
        #expect(t.waitForPrompt(after: m), "no prompt after \(keys.debugDescription): \(t.text(after: m))")
        return t.text(after: m)
    }

    func started(_ arguments: [String] = ["--load", examplePath("roster-2024.json")], columns: UInt16 = 100,
                 environment: [String: String] = [:], directory: String? = nil, stateHome: String? = nil) throws -> Terminal {
        let t = try Terminal(arguments, columns: columns, environment: environment, directory: directory, stateHome: stateHome)
        #expect(t.waitForPrompt(after: 0), "no first prompt: \(t.text())")
        return t
    }

    @Test("Tab completes a command name")
    func completesCommand() throws {
        let t = try started()
        let out = enter(t, "cou\t\r")
        #expect(out.contains("count"))
        #expect(out.contains("人数") && out.contains("240"))
    }

    @Test("Tab completes a field name, and lists several in columns")
    func completesField() throws {
        let t = try started()
        let out = enter(t, "count by lev\t\r")
        #expect(out.contains("count by level"))
        #expect(out.contains("助理工程师") && out.contains("合计 240 人"))
        // Several candidates: listed, the line kept.
        let m = t.mark
        t.type("count by le\t")
        #expect(t.waitFor("left_agency_on", after: m))
        #expect(t.waitFor("len", after: m))
        t.type("\u{15}")   // Ctrl-U: clear the line
        _ = enter(t, "\r")
    }

    @Test("Tab completes a Chinese field name and a value inside quotes")
    func completesChineseFieldAndValue() throws {
        let t = try started()
        let out = enter(t, "count where 学\t == \"本\t\r")
        #expect(out.contains("学历"))
        #expect(out.contains("129"), "\(out)")
    }

    @Test("Tab completes an enum value inside quotes and closes the string")
    func completesEnumValue() throws {
        let t = try started()
        let m = t.mark
        t.type("count where level == \"\t")
        #expect(t.waitFor("助理工程师", after: m))
        #expect(t.waitFor("技术员", after: m))
        let out = enter(t, "助\t\r")
        #expect(out.contains("36"), "\(out)")
    }

    @Test("Tab completes a file path with a Chinese name")
    func completesPath() throws {
        let dir = makeTempDirectory()
        try FileManager.default.copyItem(atPath: examplePath("roster-2024.json"), toPath: dir + "/花名册2024.json")
        let t = try started([], directory: dir)
        let out = enter(t, "load 花\t\r")
        #expect(out.contains("已载入 240 名申报人"), "\(out)")
        #expect(out.contains("花名册2024.json"))
    }

    @Test("An open expression continues on the next line and is one history entry")
    func multiLineEntry() throws {
        let t = try started()
        let m = t.mark
        t.type("count where level ==\r")
        #expect(t.waitFor("...> ", after: m))
        let out = enter(t, "\"工程师\"\r")
        #expect(out.contains("197"), "\(out)")
        let hist = enter(t, "history\r")
        #expect(hist.contains("count where level ==\n       \"工程师\""), "\(hist)")
    }

    @Test("Chinese typed, moved over and deleted")
    func chineseEditing() throws {
        let t = try started()
        // Backspace removes a whole double-width character.
        var out = enter(t, "ount where 学历 == \"本科啊\u{7F}\"\u{01}c\u{05}\r")
        #expect(out.contains("129"), "\(out)")
        // Left arrow over wide characters, then insert between them.
        out = enter(t, "count where 学历 == \"科\"\u{1B}[D\u{1B}[D本\r")
        #expect(out.contains("129"), "\(out)")
    }

    @Test("Ctrl-C abandons a partial line; the shell stays")
    func ctrlCOnLine() throws {
        let t = try started()
        let m = t.mark
        t.type("count by 没有这个字段")
        t.type("\u{03}")
        #expect(t.waitForPrompt(after: m))
        let out = enter(t, "count\r")
        #expect(out.contains("240"))
        #expect(!t.text(after: m).contains("未知字段"))
    }

    @Test("Ctrl-C during a long export stops it, leaves no file, keeps the data")
    func ctrlCDuringExport() throws {
        let dir = makeTempDirectory()
        let big = dir + "/big.json"
        // Big and slow enough (every route tried per row) that the export is still running when
        // Ctrl-C comes, however fast the machine.
        let gen = try runZcsh(["generate", "--count", "20000", "-o", big])
        #expect(gen.status == 0)
        let t = try started(["--load", big], directory: dir)
        #expect(t.text().contains("已载入 20000 名申报人"))
        _ = enter(t, "set as-of 2024-12-31\r")
        let m = t.mark
        t.type("export csv out.csv id, name, verdict(), failed_rules(route:\"任意\"), eligible(level:\"助理工程师\")\r")
        usleep(700_000)
        t.type("\u{03}")
        #expect(t.waitFor("已中断", after: m), "\(t.text(after: m))")
        #expect(t.waitForPrompt(after: m))
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(left == ["big.json"], "files left: \(left)")
        let out = enter(t, "count\r")
        #expect(out.contains("20000"))
    }

    @Test("Ctrl-D on an empty line quits")
    func ctrlD() throws {
        let t = try started()
        t.type("\u{04}")
        #expect(t.waitForExit() == 0)
    }

    @Test("History is kept across runs, mode 0600, whole entries, no duplicates")
    func historyPersists() throws {
        let state = makeTempDirectory()
        do {
            let t = try started(stateHome: state)
            _ = enter(t, "count\r")
            _ = enter(t, "count\r")
            _ = enter(t, "count by level\r")
            _ = enter(t, "count where level ==\r\"技术员\"\r")
            t.type("\u{04}")
            #expect(t.waitForExit() == 0)
        }
        let path = state + "/zcsh/history"
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let t = try started(stateHome: state)
        let out = enter(t, "history\r")
        #expect(out.contains("    1  count\n"), "\(out)")
        #expect(out.contains("    2  count by level"), "\(out)")
        #expect(out.contains("    3  count where level ==\n       \"技术员\""), "\(out)")
        #expect(!out.contains("    5  "), "\(out)")
        let last = enter(t, "history 2\r")
        #expect(last.contains("    4  history\n") && last.contains("    5  history 2") && !last.contains("count by level"), "\(last)")
        // Up arrow recalls the previous entry.
        let again = enter(t, "\u{1B}[A\u{1B}[A\r")
        #expect(again.contains("    4  history"), "\(again)")
    }

    @Test("Two shells open at once both keep their history (appended per entry, merged on exit, 0600)")
    func historyOfTwoShells() throws {
        let state = makeTempDirectory()
        let path = state + "/zcsh/history"
        do {
            let a = try started(stateHome: state)
            let b = try started(stateHome: state)
            _ = enter(a, "count\r")
            _ = enter(b, "count by level\r")
            _ = enter(a, "count by agency\r")
            // Appended as entered: a third program sees both shells' entries before either exits.
            let live = try String(contentsOfFile: path, encoding: .utf8)
            #expect(live.contains("count\\040by\\040level") && live.contains("count\\040by\\040agency"), "\(live)")
            b.type("\u{04}")
            #expect(b.waitForExit() == 0)
            _ = enter(a, "show 1\r")
            a.type("\u{04}")
            #expect(a.waitForExit() == 0)
        }
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: state + "/zcsh").filter { $0 != "history" }
        #expect(leftovers.isEmpty, "\(leftovers)")
        let t = try started(stateHome: state)
        let out = enter(t, "history\r")
        #expect(out.contains("    1  count\n"), "\(out)")
        #expect(out.contains("    2  count by level\n"), "\(out)")
        #expect(out.contains("    3  count by agency\n"), "\(out)")
        #expect(out.contains("    4  show 1\n"), "\(out)")
        #expect(out.contains("    5  history"), "\(out)")
    }

    @Test("Colour on a terminal: verdicts in tables and the prompt; none with NO_COLOR")
    func colour() throws {
        let t = try started()
        let m = t.mark
        _ = enter(t, "count by verdict()\r")
        let raw = String(decoding: t.raw[m...], as: UTF8.self)
        #expect(raw.contains("\u{1B}[32m符合"), "\(raw.debugDescription)")
        #expect(raw.contains("\u{1B}[31m不符合"))
        #expect(String(decoding: t.raw, as: UTF8.self).contains("\u{1B}[32mzcsh"))
        let plain = try started(environment: ["NO_COLOR": "1"])
        let pm = plain.mark
        _ = enter(plain, "count by verdict()\r")
        let praw = String(decoding: plain.raw[pm...], as: UTF8.self)
        #expect(praw.contains("符合") && !praw.contains("\u{1B}[32m") && !praw.contains("\u{1B}[31m"))
    }

    @Test("Chinese input works under a non-UTF-8 locale", arguments: [["LANG": "C", "LC_ALL": ""], ["LC_ALL": "POSIX"]])
    func nonUTF8Locale(env: [String: String]) throws {
        let t = try started(environment: env)
        let out = enter(t, "count where 学历 == \"本科\"\r")
        #expect(out.contains("129"), "\(out)")
    }

    @Test("Tables fit a narrow terminal, cut by display width")
    func narrowTable() throws {
        let t = try started(columns: 44)
        let out = enter(t, "show 3 name, unit, 学历, title_since\r")
        let lines = out.split(separator: "\n").filter { $0.contains("─") || $0.contains("-0") }
        #expect(!lines.isEmpty)
        for l in out.split(separator: "\n") where !l.contains("]> ") {
            #expect(displayWidthOf(l) <= 44, "too wide: \(l)")
        }
        #expect(out.contains("…"), "\(out)")
    }

    @Test("explain wraps to the terminal, leads with the answer and goes through the pager when taller than the window")
    func explainWrapsAndPages() throws {
        // The pager marks each line it shows: what it printed came through it.
        let t = try started(columns: 80, environment: ["PAGER": "sed 's/^/PAGED|/'"])
        let out = enter(t, "explain QZ2024-0017\r")
        #expect(out.contains("PAGED|结论：") && out.contains("PAGED|  R2.3   学历资历"), "\(out)")
        let body = out.split(separator: "\n").filter { $0.hasPrefix("PAGED|") }.map { $0.dropFirst("PAGED|".count) }
        #expect(body.count > 30)
        for l in body { #expect(displayWidthOf(l.replacingOccurrences(of: "\u{1B}[0m", with: "").replacing(/\x1B\[[0-9;]*m/, with: "").replacingOccurrences(of: "\r", with: "")) <= 80, "too wide: \(l)") }
        // 结论 first, the failing rule right under it, the passed ones after.
        let verdict = body.firstIndex { $0.contains("结论：") }, failing = body.firstIndex { $0.contains("R2.3   学历资历") },
            passed = body.firstIndex { $0.contains("R1.1   单位性质") }
        #expect(verdict != nil && failing != nil && passed != nil && verdict! < failing! && failing! < passed!)
        // In a window it fits, it is written directly.
        let tall = try Terminal(["--load", examplePath("roster-2024.json")], columns: 120, rows: 200, environment: ["PAGER": "sed 's/^/PAGED|/'"])
        #expect(tall.waitForPrompt(after: 0))
        let direct = enter(tall, "explain QZ2024-0017\r")
        #expect(!direct.contains("PAGED|") && direct.contains("结论："), "\(direct)")
    }

    @Test("the banner shows both dates, wrapped to 80 columns")
    func bannerShowsBothDates() throws {
        let t = try started(["--as-of", "2024-07-01"], columns: 80)
        let text = t.text()
        #expect(text.contains("状态日期 as-of 2024-07-01：时限、deadline-status 按此日"), "\(text)")
        #expect(text.contains("资历截至 2024-12-31（规则包）：years、held、explain 计算资历到此日"), "\(text)")
        for l in text.split(separator: "\n") { #expect(displayWidthOf(l) <= 80, "too wide: \(l)") }
    }

    @Test("help CMD shows its examples with their real output")
    func helpExamples() throws {
        let t = try started()
        let out = enter(t, "help count\r")
        #expect(out.contains("zcsh> count by level"))
        #expect(out.contains("合计 240 人"), "\(out)")
    }
}

func displayWidthOf<S: StringProtocol>(_ s: S) -> Int {
    s.unicodeScalars.reduce(0) { w, u in
        let v = u.value
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            || (0x1F300...0x1FAFF).contains(v) { return w + 2 }
        return w + 1
    }
}
