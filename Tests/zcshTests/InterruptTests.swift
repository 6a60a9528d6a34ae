import Foundation
import Testing
import TestSupport

/// Ctrl-C at a real terminal while a long command runs: the command stops with 已中断, the
/// prompt comes back, and what was loaded before is still there, unchanged.
@Suite("Ctrl-C stops long commands", .serialized)
struct InterruptTests {
    func enter(_ t: Terminal, _ keys: String) -> String {
        let m = t.mark
        t.type(keys)
        #expect(t.waitForPrompt(after: m), "no prompt after \(keys.debugDescription): \(t.text(after: m).suffix(500))")
        return t.text(after: m)
    }

    /// Types `command`, waits `seconds`, presses Ctrl-C; expects 已中断 and a prompt.
    func interrupt(_ t: Terminal, _ command: String, after seconds: Double) {
        let m = t.mark
        t.type(command + "\r")
        usleep(UInt32(seconds * 1_000_000))
        let before = t.text(after: m)
        #expect(!before.contains("已载入") && !before.contains("共检查"),
                "the command finished before Ctrl-C; make the data bigger: \(before.suffix(300))")
        t.type("\u{03}")
        #expect(t.waitFor("已中断", after: m), "\(t.text(after: m).suffix(500))")
        #expect(t.waitForPrompt(after: m))
    }

    /// A generated roster of `count` applicants in `format` (json, csv; xlsx through `export`).
    func bigRoster(_ dir: String, _ format: String, count: Int) throws -> String {
        let json = dir + "/big.json"
        if format == "xlsx" {
            let gen = try runZcsh(["generate", "--count", "\(count)", "-o", json])
            #expect(gen.status == 0, "\(gen.output)")
            let exp = try runZcsh(["-c", "load \(json); export xlsx \(dir)/big.xlsx"])
            #expect(exp.status == 0, "\(exp.output)")
            try FileManager.default.removeItem(atPath: json)
            return "big.xlsx"
        }
        let gen = try runZcsh(["generate", "--count", "\(count)", "--format", format, "-o", dir + "/big.\(format)"])
        #expect(gen.status == 0, "\(gen.output)")
        return "big.\(format)"
    }

    /// CSV and Excel loads stop as a JSON load does: nothing loaded, the current dataset kept.
    @Test(arguments: [("csv", 40_000), ("xlsx", 12_000), ("json", 100_000)])
    func ctrlCStopsALoad(format: String, count: Int) throws {
        let dir = makeTempDirectory()
        let file = try bigRoster(dir, format, count: count)
        let t = try Terminal(["--load", packageRoot + "/Tests/Fixtures/mini.json"], directory: dir)
        #expect(t.waitForPrompt(after: 0), "no first prompt: \(t.text())")
        interrupt(t, "load \(file)", after: 1.0)
        let ds = enter(t, "datasets\r")
        #expect(ds.contains("mini") && !ds.contains("big"), "\(ds)")
        let out = enter(t, "count\r")
        #expect(out.contains("人数") && out.contains("5"), "\(out)")
        // And the same file still loads when let run.
        let again = enter(t, "load \(file)\r")
        #expect(again.contains("已载入 \(count) 名申报人"), "\(again.suffix(300))")
    }

    /// `check` and a per-row `working_days` evaluation over a big view stop, the view unchanged.
    // failed_rules(route:"任意") tries every route per row: slow enough that Ctrl-C comes first on any machine.
    @Test(arguments: ["check", "select working_days(title_since, 2024-12-31) as 派生工作日, failed_rules(route:\"任意\") as 派生结论"])
    func ctrlCStopsALongEvaluation(command: String) throws {
        let dir = makeTempDirectory()
        let file = try bigRoster(dir, "json", count: 40_000)
        let t = try Terminal(["--load", file], directory: dir)
        #expect(t.waitForPrompt(after: 0), "no first prompt: \(t.text())")
        #expect(t.text().contains("已载入 40000 名申报人"))
        _ = enter(t, "set as-of 2024-12-31\r")
        interrupt(t, command, after: 1.0)
        let out = enter(t, "count\r")
        #expect(out.contains("40000"), "\(out)")
        let cols = enter(t, "show 1\r")
        #expect(!cols.contains("派生工作日"), "no derived column was added: \(cols.suffix(300))")
    }
}
