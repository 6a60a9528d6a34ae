import Foundation
import Testing
import ShellCore
import TestSupport

/// Every `examples/*.zcs` and `examples/*/*.zcs` (`examples/packs/variant.zcs`) runs as
/// `zcsh --check` runs it (`--echo`, a fresh session) and its output must match the checked-in
/// `.out` beside it byte for byte.
/// `ZCSH_UPDATE_GOLDEN=1 swift test` (or `zcsh --check --update`) rewrites them.
@Suite(.serialized) struct GoldenTranscriptTests {
    static let scripts: [String] = {
        let fm = FileManager.default
        let root = packageRoot + "/examples"
        var found: [String] = []
        for name in (try? fm.contentsOfDirectory(atPath: root)) ?? [] {
            if name.hasSuffix(".zcs") { found.append(name); continue }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: root + "/" + name, isDirectory: &isDir), isDir.boolValue else { continue }
            for sub in (try? fm.contentsOfDirectory(atPath: root + "/" + name)) ?? [] where sub.hasSuffix(".zcs") {
                found.append(name + "/" + sub)
            }
        }
        return found.sorted()
    }()

    @Test func examplesExist() {
        #expect(Self.scripts.contains("tour.zcs"))
        #expect(Self.scripts.contains("packs/variant.zcs"))
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
