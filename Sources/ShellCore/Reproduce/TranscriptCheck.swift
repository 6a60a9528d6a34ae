import Foundation
import RosterData
import ShellLang

/// Transcripts as tests: runs a script as `zcsh --echo` would and compares what it prints
/// (results and errors, in order) with `SCRIPT.out`. `zcsh --check` and the project's
/// golden tests both use it.
public enum TranscriptCheck {
    public struct Result {
        public var output: String
        public var expected: String?
        public var scriptSucceeded: Bool
        public var matches: Bool { output == expected }
        public var expectedPath: String
    }

    /// `tour.zcs` → `tour.out`.
    public static func expectedPath(for script: String) -> String {
        (script.hasSuffix(".zcs") ? String(script.dropLast(4)) : script) + ".out"
    }

    /// Runs `script` (path as given, relative to the working folder) in a fresh session.
    public static func run(script: String, today: Day? = nil) throws -> Result {
        let out = CapturingOutput()
        let session = Session(output: out, interactive: false)
        if let today { session.today = { today } }
        let source = try ScriptRunner.readScript(path: script, displayName: script)
        let dir = (script as NSString).deletingLastPathComponent
        session.baseDirectory = dir.isEmpty ? nil : dir
        let ok = ScriptRunner(session: session, keepGoing: false, echo: true).run(source)
        let expectedPath = expectedPath(for: script)
        let expected = try? String(contentsOfFile: expectedPath, encoding: .utf8)
        return Result(output: out.text, expected: expected, scriptSucceeded: ok, expectedPath: expectedPath)
    }

    /// `zcsh --check SCRIPT` (`--update` rewrites the expected output): prints a unified diff
    /// on a difference; returns the exit status.
    public static func main(scripts: [String], update: Bool, output: OutputSink) -> Int32 {
        var failed = 0
        for script in scripts {
            do {
                let r = try run(script: script)
                if update {
                    try writeAtomically(r.output, to: r.expectedPath)
                    output.write("updated \(r.expectedPath)\n")
                    continue
                }
                guard let expected = r.expected else {
                    output.writeError("\(script): error: 没有预期输出文件 \(r.expectedPath)（用 --update 生成）\n")
                    failed += 1
                    continue
                }
                if r.output == expected {
                    output.write("ok \(script)\n")
                } else {
                    failed += 1
                    output.write(unifiedDiff(expected, r.output, from: r.expectedPath, to: "\(script)（实际输出）"))
                    output.writeError("\(script): error: 输出与 \(r.expectedPath) 不同\n")
                }
            } catch let d as Diagnostic {
                failed += 1
                output.writeError(DiagnosticPrinter.render(d, source: nil, color: false))
            } catch {
                failed += 1
                output.writeError("\(script): error: \(error)\n")
            }
        }
        if scripts.count > 1 { output.write("\(scripts.count - failed) passed, \(failed) failed\n") }
        return failed == 0 ? 0 : 1
    }

    /// Writes through a temporary file in the same folder and a rename.
    static func writeAtomically(_ text: String, to path: String) throws {
        do { try AtomicFile.write(text, to: path) } catch {
            throw Diagnostic.failure("无法写入 \(path)：\(error.message)")
        }
    }
}
