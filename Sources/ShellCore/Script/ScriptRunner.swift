import Foundation
import RosterData
import ShellLang

/// Runs a script (a `.zcs` file, `-c` text, or piped stdin) through a session, command
/// by command, with the same output as typing them. Stops at the first error with
/// `FILE:LINE:COL: error: …` unless `keepGoing`.
public struct ScriptRunner {
    public var session: Session
    public var keepGoing = false
    public var echo = false

    public init(session: Session, keepGoing: Bool = false, echo: Bool = false) {
        self.session = session; self.keepGoing = keepGoing; self.echo = echo
    }

    /// Runs every command; false when one failed.
    @discardableResult
    public func run(_ source: SourceFile) -> Bool {
        var ok = true
        let u = Array(source.text.utf8)
        for piece in CommandSplitter.split(source.text) {
            if echo {
                let text = String(decoding: u[piece.range], as: UTF8.self)
                session.print("zcsh> " + text.replacingOccurrences(of: "\n", with: "\n   ...> "))
            }
            if !session.execute(source, range: piece.range) {
                ok = false
                if !keepGoing { return false }
            }
            if session.quitRequested { break }
        }
        return ok
    }

    /// Reads a script file as UTF-8; a missing file or bad bytes is a diagnostic.
    public static func readScript(path: String, displayName: String? = nil) throws -> SourceFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            let why = FileManager.default.fileExists(atPath: path, isDirectory: &isDir) ? (isDir.boolValue ? "是一个目录" : "无法读取") : "不存在"
            throw Diagnostic.failure("脚本文件 \(displayName ?? path) \(why)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic.failure("脚本文件 \(displayName ?? path) 不是有效的 UTF-8 文本")
        }
        return SourceFile(name: displayName ?? path, text: text)
    }
}
