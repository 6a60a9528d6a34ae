import Foundation
import Testing
import ShellCore
import TestSupport

/// Every `examples/*.zcs` runs as `zcsh --check` runs it (`--echo`, a fresh session) and its
/// output must match the checked-in `examples/*.out` byte for byte.
/// `ZCSH_UPDATE_GOLDEN=1 swift test` (or `zcsh --check --update`) rewrites them.
@Suite(.serialized) struct GoldenTranscriptTests {
    static let scripts: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: packageRoot + "/examples")) ?? []
        return files.filter { $0.hasSuffix(".zcs") }.sorted()
    }()

    @Test func examplesExist() {
        #expect(Self.scripts.contains("tour.zcs"))
    }

    @Test(arguments: scripts)
    func transcriptMatches(_ script: String) throws {
        chdirToRoot()
        let r = try TranscriptCheck.run(script: "examples/" + script)
        if ProcessInfo.processInfo.environment["ZCSH_UPDATE_GOLDEN"] == "1" {
            try r.output.write(toFile: r.expectedPath, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: r.expectedPath, encoding: .utf8)
        // Scripts named *-errors.zcs demonstrate failures; all others must succeed.
        #expect(r.scriptSucceeded == !script.contains("error"))
        if r.output != expected {
            Issue.record("\(script) differs from its .out:\n\(unifiedDiff(expected, r.output, from: r.expectedPath, to: "actual"))")
        }
    }

    @Test(arguments: scripts)
    func replayIsByteIdentical(_ script: String) throws {
        chdirToRoot()
        let a = try TranscriptCheck.run(script: "examples/" + script).output
        let b = try TranscriptCheck.run(script: "examples/" + script).output
        #expect(a == b)
    }
}
