import Foundation
import Testing
import TestSupport

/// Every `examples/*.zcs` runs as `zcsh --echo FILE` would, and its output must match the
/// checked-in `examples/*.out` byte for byte. `ZCSH_UPDATE_GOLDEN=1 swift test` rewrites them.
@Suite struct GoldenTranscriptTests {
    static let scripts: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: packageRoot + "/examples")) ?? []
        return files.filter { $0.hasSuffix(".zcs") }.sorted()
    }()

    @Test func examplesExist() {
        #expect(Self.scripts.contains("tour.zcs"))
    }

    @Test(arguments: scripts)
    func transcriptMatches(_ script: String) throws {
        let path = examplePath(script)
        let expectedPath = String(path.dropLast(4)) + ".out"
        let (output, ok) = runTranscript(path)
        if ProcessInfo.processInfo.environment["ZCSH_UPDATE_GOLDEN"] == "1" {
            try output.write(toFile: expectedPath, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
        #expect(ok == !script.contains("error"), "script \(script) should \(ok ? "fail" : "succeed")")
        if output != expected {
            Issue.record("transcript of \(script) differs from \(expectedPath):\n" + firstDifference(output, expected))
        }
    }

    @Test(arguments: scripts)
    func replayIsByteIdentical(_ script: String) {
        let a = runTranscript(examplePath(script)).output
        let b = runTranscript(examplePath(script)).output
        #expect(a == b)
    }

    func firstDifference(_ a: String, _ b: String) -> String {
        let la = a.components(separatedBy: "\n"), lb = b.components(separatedBy: "\n")
        for i in 0..<max(la.count, lb.count) {
            let x = i < la.count ? la[i] : "<end>", y = i < lb.count ? lb[i] : "<end>"
            if x != y { return "line \(i + 1):\n  got:      \(x)\n  expected: \(y)" }
        }
        return "(lengths differ)"
    }
}
