import Foundation
import Testing
import TestSupport

/// The `zcsh` executable end to end: arguments, exit status, stdin as a script.
@Suite struct BinaryTests {
    @Test func commandStringRunsAndExitsZero() throws {
        let (out, status) = try runZcsh(["-c", "load Tests/Fixtures/mini.json; count"])
        #expect(status == 0)
        #expect(out.hasSuffix("人数\n────\n   5\n"))
    }

    @Test func scriptErrorExitsOneWithFileLineColumn() throws {
        let dir = makeTempDirectory()
        try "load Tests/Fixtures/mini.json\nfilter levle == \"工程师\"\ncount\n".write(toFile: dir + "/bad.zcs", atomically: true, encoding: .utf8)
        let (out, status) = try runZcsh([dir + "/bad.zcs"])
        #expect(status == 1)
        #expect(out.contains("bad.zcs:2:8: error: 未知字段 `levle`"))
        #expect(out.contains("filter levle == \"工程师\"\n       ^~~~~"))
        #expect(!out.contains("人数"))
    }

    @Test func stdinThatIsNotATerminalIsAScript() throws {
        let (out, status) = try runZcsh([], stdin: "load Tests/Fixtures/mini.json\ncount by level\n")
        #expect(status == 0)
        #expect(!out.contains("zcsh>"), "no prompts when stdin is not a terminal")
        #expect(out.contains("工程师         4"))
    }

    @Test func formatAndAsOfFlags() throws {
        let (out, status) = try runZcsh(["--format", "csv", "--as-of", "2024-12-31", "-c",
                                         "load Tests/Fixtures/mini.json; count by level"])
        #expect(status == 0)
        #expect(out.hasSuffix("level,count\n工程师,4\n助理工程师,1\n"))
    }

    @Test func badFlagValuesAreRejected() throws {
        let (out, status) = try runZcsh(["--as-of", "2024-13-01", "-c", "quit"])
        #expect(status != 0)
        #expect(out.contains("2024-13-01"))
    }

    @Test func missingScriptFile() throws {
        let (out, status) = try runZcsh(["no/such/script.zcs"])
        #expect(status == 1)
        #expect(out.contains("no/such/script.zcs"))
    }

    @Test func generateIsDeterministic() throws {
        let (a, s1) = try runZcsh(["generate", "--count", "20", "--seed", "7", "--format", "jsonl"])
        let (b, s2) = try runZcsh(["generate", "--count", "20", "--seed", "7", "--format", "jsonl"])
        #expect(s1 == 0 && s2 == 0 && a == b)
        #expect(a.split(separator: "\n").count == 20)
    }

    @Test func versionFlag() throws {
        let (out, status) = try runZcsh(["--version"])
        #expect(status == 0 && out.hasPrefix("0.1"))
    }

    /// A script finds its files beside itself first (as `source` does), then in the working
    /// folder; a file in neither is named with both folders.
    @Test func scriptPathsAreRelativeToTheScript() throws {
        let dir = makeTempDirectory()
        try FileManager.default.copyItem(atPath: packageRoot + "/Tests/Fixtures/mini.json", toPath: dir + "/mini.json")
        try "load mini.json\ncount\n".write(toFile: dir + "/t.zcs", atomically: true, encoding: .utf8)
        let (out, status) = try runZcsh(["--as-of", "2024-12-31", dir + "/t.zcs"])
        #expect(status == 0, "\(out)")
        #expect(out.contains("已载入 5 名申报人"))
        try "load nope.json\n".write(toFile: dir + "/u.zcs", atomically: true, encoding: .utf8)
        let (bad, s2) = try runZcsh(["--as-of", "2024-12-31", dir + "/u.zcs"])
        #expect(s2 == 1)
        #expect(bad.contains("nope.json: 文件不存在（找过：脚本所在文件夹 \(dir)/、当前文件夹 \(packageRoot)）"), "\(bad)")
    }

    /// `zcsh report` onto an existing file: one Chinese line, no English usage, exit 1.
    @Test func reportOntoAnExistingFileSaysSo() throws {
        let dir = makeTempDirectory()
        let target = dir + "/r.html"
        try "old".write(toFile: target, atomically: true, encoding: .utf8)
        let (out, status) = try runZcsh(["report", "examples/tour.zcs", "-o", target])
        #expect(status == 1)
        #expect(out == "zcsh: 文件 \(target) 已存在，未覆盖（要覆盖请加 --force）\n")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old")
    }
}
