import Foundation
import Testing
import ShellCore
import TestSupport

/// `unifiedDiff` against what GNU `diff -u` prints for the same files, and
/// `TranscriptCheck` (the library side of `zcsh --check`).
@Suite struct UnifiedDiffTests {
    func body(_ old: String, _ new: String, context: Int = 3) -> String {
        let d = unifiedDiff(old, new, from: "a", to: "b", context: context)
        guard d.hasPrefix("--- a\n+++ b\n") else { return "<no header>" + d }
        return String(d.dropFirst("--- a\n+++ b\n".count))
    }

    @Test func equalTextsGiveNothing() {
        #expect(unifiedDiff("a\nb\n", "a\nb\n", from: "x", to: "y") == "")
        #expect(unifiedDiff("", "", from: "x", to: "y") == "")
    }

    @Test func headerAndOneChangedLine() {
        #expect(unifiedDiff("a\nb\nc\n", "a\nB\nc\n", from: "tour.out", to: "actual") == """
            --- tour.out
            +++ actual
            @@ -1,3 +1,3 @@
             a
            -b
            +B
             c

            """)
    }

    @Test func insertionAtStartAndEnd() {
        #expect(body("b\nc\n", "a\nb\nc\n") == "@@ -1,2 +1,3 @@\n+a\n b\n c\n")
        #expect(body("a\nb\n", "a\nb\nc\n") == "@@ -1,2 +1,3 @@\n a\n b\n+c\n")
    }

    @Test func emptySides() {
        #expect(body("", "a\n") == "@@ -0,0 +1 @@\n+a\n")
        #expect(body("a\n", "") == "@@ -1 +0,0 @@\n-a\n")
    }

    @Test func missingNewlineAtEnd() {
        #expect(body("a\nb\n", "a\nb") == "@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n")
        #expect(body("a\nb", "a\nb\n") == "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n")
        #expect(body("a\nb", "a\nc") == "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n")
        #expect(body("x\na\nb", "y\na\nb") == "@@ -1,3 +1,3 @@\n-x\n+y\n a\n b\n\\ No newline at end of file\n")
    }

    @Test func contextSplitsAndJoinsHunks() {
        let old = (1...20).map(String.init).joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "\n2\n", with: "\nX\n").replacingOccurrences(of: "\n19\n", with: "\nY\n")
        #expect(body(old, new) == """
            @@ -1,5 +1,5 @@
             1
            -2
            +X
             3
             4
             5
            @@ -16,5 +16,5 @@
             16
             17
             18
            -19
            +Y
             20

            """)
        // Changes 6 lines apart (2 × context) share one hunk.
        let old9 = (1...9).map(String.init).joined(separator: "\n") + "\n"
        let new9 = old9.replacingOccurrences(of: "2\n", with: "X\n").replacingOccurrences(of: "8\n", with: "Y\n")
        #expect(body(old9, new9) == "@@ -1,9 +1,9 @@\n 1\n-2\n+X\n 3\n 4\n 5\n 6\n 7\n-8\n+Y\n 9\n")
    }

    @Test func zeroContext() {
        #expect(body("a\nb\nc\nd\n", "a\nc\nd\n", context: 0) == "@@ -2 +1,0 @@\n-b\n")
        #expect(body("a\nb\n", "a\nx\nb\n", context: 0) == "@@ -1,0 +2 @@\n+x\n")
    }

    @Test func chineseLinesAreWholeLines() {
        #expect(body("工程师   197\n合计 240 人\n", "工程师   196\n合计 240 人\n") == "@@ -1,2 +1,2 @@\n-工程师   197\n+工程师   196\n 合计 240 人\n")
    }

    /// Applying the diff to the old text gives the new text, for many random pairs.
    @Test func patchingWithTheDiffGivesTheNewText() throws {
        var rng = SplitMix(seed: 6)
        for _ in 0..<400 {
            func text() -> String {
                let n = Int(rng.next() % 14)
                var s = (0..<n).map { _ in ["a", "b", "c", "d", "", "工"][Int(rng.next() % 6)] }.joined(separator: "\n")
                if n > 0, rng.next() % 3 != 0 { s += "\n" }
                return s
            }
            let old = text(), new = text()
            let context = Int(rng.next() % 4)
            let d = unifiedDiff(old, new, from: "a", to: "b", context: context)
            #expect((d == "") == (old == new))
            if old == new { continue }
            let patched = try #require(apply(d, to: old), "bad diff for \(old.debugDescription) → \(new.debugDescription):\n\(d)")
            #expect(patched == new, "\(old.debugDescription) → \(new.debugDescription):\n\(d)")
        }
    }

    /// A minimal `patch`: checks every context and removed line against `old`.
    func apply(_ diff: String, to old: String) -> String? {
        var oldLines = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var oldNoNL = !old.isEmpty && !old.hasSuffix("\n")
        if !old.isEmpty, old.hasSuffix("\n") { oldLines.removeLast() }
        if old.isEmpty { oldLines = []; oldNoNL = false }
        var out: [String] = []
        var newNoNL = false
        var pos = 0
        var lines = diff.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()
        var k = 2
        var last: Character = " "
        while k < lines.count {
            let l = lines[k]
            if l.hasPrefix("@@") {
                let parts = l.split(separator: " ")
                let minus = parts[1].dropFirst().split(separator: ",")
                var start = Int(minus[0])!
                let len = minus.count > 1 ? Int(minus[1])! : 1
                if len > 0 { start -= 1 }
                guard start >= pos else { return nil }
                out += oldLines[pos..<start]
                pos = start
            } else if l == "\\ No newline at end of file" {
                if last == "+" { newNoNL = true }
                if last == " " { newNoNL = true }
            } else {
                last = l.first!
                let t = String(l.dropFirst())
                switch last {
                case " ": guard pos < oldLines.count, oldLines[pos] == t else { return nil }; out.append(t); pos += 1
                case "-": guard pos < oldLines.count, oldLines[pos] == t else { return nil }; pos += 1
                case "+": out.append(t)
                default: return nil
                }
            }
            k += 1
        }
        if pos < oldLines.count { out += oldLines[pos...]; newNoNL = oldNoNL }
        if out.isEmpty { return "" }
        return out.joined(separator: "\n") + (newNoNL ? "" : "\n")
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct TranscriptCheckTests {
    func folder() -> String {
        let rel = ".build/check-tests/" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: packageRoot + "/" + rel, withIntermediateDirectories: true)
        return rel
    }

    @Test func expectedPathReplacesTheExtension() {
        #expect(TranscriptCheck.expectedPath(for: "examples/tour.zcs") == "examples/tour.out")
        #expect(TranscriptCheck.expectedPath(for: "x/script") == "x/script.out")
    }

    @Test func updateThenCheckThenDifference() throws {
        chdirToRoot()
        let dir = folder()
        let script = dir + "/t.zcs"
        try "set as-of 2024-08-20\nload Tests/Fixtures/mini.json\ncount by level\n".write(toFile: script, atomically: true, encoding: .utf8)
        let out = CapturingOutput()
        // No .out yet: an error that says how to make one.
        #expect(TranscriptCheck.main(scripts: [script], update: false, output: out) == 1)
        #expect(out.text == "\(script): error: 没有预期输出文件 \(dir)/t.out（用 --update 生成）\n")
        out.reset()
        #expect(TranscriptCheck.main(scripts: [script], update: true, output: out) == 0)
        #expect(out.text == "updated \(dir)/t.out\n")
        let expected = try String(contentsOfFile: dir + "/t.out", encoding: .utf8)
        #expect(expected.hasPrefix("zcsh> set as-of 2024-08-20\n截至日期 = 2024-08-20\nzcsh> load Tests/Fixtures/mini.json\n"))
        out.reset()
        #expect(TranscriptCheck.main(scripts: [script], update: false, output: out) == 0)
        #expect(out.text == "ok \(script)\n")
        // Edit the expected output: a diff from the .out to the actual output, exit 1.
        try expected.replacingOccurrences(of: " 4\n", with: " 3\n")
            .write(toFile: dir + "/t.out", atomically: true, encoding: .utf8)
        out.reset()
        #expect(TranscriptCheck.main(scripts: [script], update: false, output: out) == 1)
        #expect(out.text.hasPrefix("--- \(dir)/t.out\n+++ \(script)（实际输出）\n@@ -"))
        #expect(out.text.contains("\n-工程师         3\n+工程师         4\n"))
        #expect(out.text.hasSuffix("\(script): error: 输出与 \(dir)/t.out 不同\n"))
    }

    @Test func failingScriptIsComparedToo() throws {
        chdirToRoot()
        let dir = folder()
        let script = dir + "/bad-errors.zcs"
        try "set as-of 2024-08-20\ncount\n".write(toFile: script, atomically: true, encoding: .utf8)
        let r = try TranscriptCheck.run(script: script)
        #expect(!r.scriptSucceeded)
        #expect(r.output.contains("\(script):2:1: error: 尚未载入数据集"))
        #expect(r.expected == nil)
    }

    @Test func severalScriptsGiveASummary() throws {
        chdirToRoot()
        let dir = folder()
        try "set as-of 2024-08-20\n".write(toFile: dir + "/a.zcs", atomically: true, encoding: .utf8)
        try "zcsh> set as-of 2024-08-20\n截至日期 = 2024-08-20\n".write(toFile: dir + "/a.out", atomically: true, encoding: .utf8)
        try "set as-of 2024-08-21\n".write(toFile: dir + "/b.zcs", atomically: true, encoding: .utf8)
        let out = CapturingOutput()
        #expect(TranscriptCheck.main(scripts: [dir + "/a.zcs", dir + "/b.zcs", dir + "/missing.zcs"], update: false, output: out) == 1)
        #expect(out.text.hasPrefix("ok \(dir)/a.zcs\n\(dir)/b.zcs: error: 没有预期输出文件"))
        #expect(out.text.contains("脚本文件 \(dir)/missing.zcs 不存在"))
        #expect(out.text.hasSuffix("1 passed, 2 failed\n"))
    }
}
