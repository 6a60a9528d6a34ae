import Foundation
import Testing
import TestSupport

/// The `zcsh` binary: `--check`/`--update`, `zcsh report`, and byte-identical output of
/// scripts across processes, locales and time zones.
@Suite(.serialized) struct CheckModeTests {
    func folder() -> String {
        let rel = ".build/zcsh-check-tests/" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: packageRoot + "/" + rel, withIntermediateDirectories: true)
        return rel
    }

    func write(_ text: String, _ rel: String) throws {
        try text.write(toFile: packageRoot + "/" + rel, atomically: true, encoding: .utf8)
    }

    func read(_ rel: String) -> String? { try? String(contentsOfFile: packageRoot + "/" + rel, encoding: .utf8) }

    @Test func checkPassesOnTheExamples() throws {
        let r = try runZcsh(["--check", "examples/tour.zcs", "examples/monthly-report.zcs"])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output == "ok examples/tour.zcs\nok examples/monthly-report.zcs\n2 passed, 0 failed\n")
    }

    @Test func checkShowsADiffAndFails() throws {
        let dir = folder()
        try write("set as-of 2024-08-20\nload Tests/Fixtures/mini.json\ncount\n", dir + "/t.zcs")
        // No expected output yet.
        var r = try runZcsh(["--check", dir + "/t.zcs"])
        #expect(r.status == 1)
        #expect(r.output == "\(dir)/t.zcs: error: 没有预期输出文件 \(dir)/t.out（用 --update 生成）\n")
        // --update writes it; then the check passes.
        r = try runZcsh(["--check", "--update", dir + "/t.zcs"])
        #expect(r.status == 0)
        #expect(r.output == "updated \(dir)/t.out\n")
        let out = try #require(read(dir + "/t.out"))
        #expect(out.hasSuffix("zcsh> count\n人数\n────\n   5\n"))
        r = try runZcsh(["--check", dir + "/t.zcs"])
        #expect(r.status == 0)
        #expect(r.output == "ok \(dir)/t.zcs\n")
        // The script changes: the diff says how, exit status 1.
        try write("set as-of 2024-08-20\nload Tests/Fixtures/mini.json\nfilter level == \"工程师\"\ncount\n", dir + "/t.zcs")
        r = try runZcsh(["--check", dir + "/t.zcs"])
        #expect(r.status == 1)
        #expect(r.output == """
            --- \(dir)/t.out
            +++ \(dir)/t.zcs（实际输出）
            @@ -2,7 +2,9 @@
             截至日期 = 2024-08-20
             zcsh> load Tests/Fixtures/mini.json
             已载入 5 名申报人：Tests/Fixtures/mini.json（年度 2024，sha256 \(out.components(separatedBy: "sha256 ")[1].prefix(8))…），数据集 mini
            +zcsh> filter level == "工程师"
            +筛选后 4 / 5 人
             zcsh> count
             人数
             ────
            -   5
            +   4
            \(dir)/t.zcs: error: 输出与 \(dir)/t.out 不同

            """)
    }

    @Test func checkArgumentErrors() throws {
        var r = try runZcsh(["--update", "examples/tour.zcs"])
        #expect(r.status != 0)
        #expect(r.output.contains("--update 需与 --check 同用"))
        r = try runZcsh(["--check"])
        #expect(r.status != 0)
        #expect(r.output.contains("--check 需要脚本文件"))
        r = try runZcsh(["--check", "no/such.zcs"])
        #expect(r.status == 1)
        #expect(r.output.contains("脚本文件 no/such.zcs 不存在"))
    }

    /// Another process, another locale and time zone: the same bytes.
    @Test func outputIsTheSameAcrossProcessesLocalesAndTimeZones() throws {
        let expected = try #require(read("examples/monthly-report.out"))
        for env in [[:], ["LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8", "TZ": "Pacific/Kiritimati"],
                    ["LC_ALL": "C", "TZ": "America/Adak", "COLUMNS": "40"]] {
            let r = try runZcsh(["--echo", "examples/monthly-report.zcs"], environment: env)
            #expect(r.status == 0)
            #expect(r.output == expected, "environment \(env)")
        }
    }

    @Test func reportWritesHTMLAndMarkdown() throws {
        let dir = folder()
        var r = try runZcsh(["report", "examples/monthly-report.zcs", "-o", dir + "/r.html"])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output == "已写入报告 \(dir)/r.html：10 个单元\n")
        // The same bytes as the committed example (the script path is the same).
        #expect(read(dir + "/r.html") == read("examples/monthly-report.html"))
        // An existing file is kept unless --force.
        r = try runZcsh(["report", "examples/monthly-report.zcs", "-o", dir + "/r.html"])
        #expect(r.status != 0)
        #expect(r.output.contains("已存在"))
        r = try runZcsh(["report", "examples/monthly-report.zcs", "-o", dir + "/r.html", "--force"])
        #expect(r.status == 0)
        r = try runZcsh(["report", "examples/monthly-report.zcs", "-o", dir + "/r.md"])
        #expect(r.status == 0)
        #expect(read(dir + "/r.md")?.hasPrefix("# 衢州市水利系统职称评审月度情况") == true)
        r = try runZcsh(["report", "examples/monthly-report.zcs", "-o", dir + "/r.pdf"])
        #expect(r.status != 0)
        #expect(r.output.contains("-o 的扩展名应为 .html、.md 或 .ipynb"))
        r = try runZcsh(["report", "no/such.zcs", "-o", dir + "/x.html"])
        #expect(r.status == 1)
        #expect(r.output.contains("脚本文件 no/such.zcs 不存在"))
        #expect(read(dir + "/x.html") == nil)
    }

    @Test func reportOfAFailingScriptIsWrittenAndExitsOne() throws {
        let dir = folder()
        try write("# 出错\nset as-of 2024-08-20\nload Tests/Fixtures/mini.json\nfilter nosuch == 1\n", dir + "/bad.zcs")
        let r = try runZcsh(["report", dir + "/bad.zcs", "-o", dir + "/bad.html"])
        #expect(r.status == 1)
        let html = try #require(read(dir + "/bad.html"))
        #expect(html.contains("<section class=\"cell failed\" data-cell=\"3\">"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: packageRoot + "/" + dir).filter { $0.contains("tmp-") }
        #expect(leftovers.isEmpty)
    }

    /// Record in the shell (stdin is a pipe), then replay and check the recording.
    @Test func recordThenReplayThenCheck() throws {
        let dir = folder()
        let r = try runZcsh([], stdin: """
            set as-of 2024-08-20
            load Tests/Fixtures/mini.json
            record \(dir)/s.zcs
            count by level
            filter level == "工程师"
            record stop
            """)
        #expect(r.status == 0, "\(r.output)")
        var replay = try runZcsh([dir + "/s.zcs"])
        #expect(replay.status == 0)
        #expect(replay.output.hasSuffix("筛选后 4 / 5 人\n"))
        replay = try runZcsh(["--check", "--update", dir + "/s.zcs"])
        #expect(replay.status == 0)
        replay = try runZcsh(["--check", dir + "/s.zcs"])
        #expect(replay.output == "ok \(dir)/s.zcs\n")
    }
}
