import Foundation
import RosterData
import ShellLang

/// `zcsh --serve`: the machine protocol the Jupyter kernel speaks (docs/kernel.md). One
/// JSON object per line on standard input is a request; the server answers with one or
/// more JSON lines on standard output, the last of each request being its `reply`.
/// Ops: `execute` (a cell), `complete` and `inspect` (at a cursor, in Unicode code points
/// as Jupyter counts them), `is_complete`, `info`, `shutdown`. SIGINT stops the running command and keeps
/// the session, as Ctrl-C at the prompt does.
public final class KernelServer {
    public let runner: CellRunner
    let completer: ShellCompleter
    let send: (String) -> Void
    private var executions = 0

    /// `send` receives each reply line (without its newline).
    public init(runner: CellRunner = CellRunner(), send: @escaping (String) -> Void) {
        self.runner = runner
        self.completer = ShellCompleter(session: runner.session)
        self.send = send
    }

    public static let protocolVersion = 1

    /// Handles one request line; false when the server should stop (`shutdown`, `quit`).
    @discardableResult
    public func handle(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return true }
        guard let data = trimmed.data(using: .utf8),
              let obj = try? JSONSerialization.jsonObject(with: data), let req = obj as? [String: Any] else {
            reply(nil, "error", ["status": "error", "error": ["message": "请求不是一个 JSON 对象：" + String(trimmed.prefix(80))]])
            return true
        }
        let id = req["id"]
        switch req["op"] as? String ?? "" {
        case "execute":
            guard let code = req["code"] as? String else { return bad(id, "execute 需要字符串 code") }
            return execute(id: id, code: code, count: req["count"] as? Int)
        case "complete":
            guard let code = req["code"] as? String, let cursor = req["cursor"] as? Int else { return bad(id, "complete 需要 code 和 cursor") }
            reply(id, "complete", complete(code: code, cursor: cursor))
        case "inspect":
            guard let code = req["code"] as? String, let cursor = req["cursor"] as? Int else { return bad(id, "inspect 需要 code 和 cursor") }
            reply(id, "inspect", inspect(code: code, cursor: cursor, detail: req["detail"] as? Int ?? 0))
        case "is_complete":
            guard let code = req["code"] as? String else { return bad(id, "is_complete 需要字符串 code") }
            // As the REPL decides whether to read a continuation line.
            let complete = CommandSplitter.isComplete(code)
            reply(id, "is_complete", ["status": complete ? "complete" : "incomplete", "indent": complete ? "" : "  "])
        case "info":
            reply(id, "info", ["status": "ok", "protocol": KernelServer.protocolVersion, "version": ZcshVersion.string,
                               "language": ["name": "zcsh", "version": ZcshVersion.string, "mimetype": "text/x-zcsh", "file_extension": ".zcs"],
                               "banner": "zcsh \(ZcshVersion.string) — 职称评审数据 shell（衢州水利〔2024〕72号规则包）"])
        case "shutdown":
            reply(id, "shutdown", ["status": "ok"])
            return false
        case let op:
            return bad(id, "未知请求 `\(op)`：可用 execute complete inspect is_complete info shutdown")
        }
        return true
    }

    private func bad(_ id: Any?, _ message: String) -> Bool {
        reply(id, "error", ["status": "error", "error": ["message": message]])
        return true
    }

    func reply(_ id: Any?, _ op: String, _ body: [String: Any]) {
        var m = body
        m["id"] = id ?? NSNull()
        m["event"] = "reply"
        m["op"] = op
        send(KernelServer.encode(m))
    }

    static func encode(_ m: [String: Any]) -> String {
        guard let d = try? JSONSerialization.data(withJSONObject: m, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "{\"event\":\"reply\",\"status\":\"error\",\"error\":{\"message\":\"无法编码回复\"}}"
        }
        return String(decoding: d, as: UTF8.self)
    }

    // MARK: execute

    func execute(id: Any?, code: String, count: Int?) -> Bool {
        executions += 1
        let n = count ?? executions
        let error = runner.run(code, name: "cell[\(n)]") { out in
            var m: [String: Any] = ["id": id ?? NSNull(), "event": "output", "command": out.command, "line": out.line, "data": out.data]
            if !out.stderr.isEmpty { m["stderr"] = out.stderr }
            send(KernelServer.encode(m))
        }
        var body: [String: Any] = ["status": error == nil ? "ok" : "error", "state": runner.state()]
        if let e = error {
            var err: [String: Any] = ["message": e.message, "text": e.text, "interrupted": e.interrupted]
            if let s = e.source { err["source"] = s }
            if let l = e.line { err["line"] = l }
            if let c = e.column { err["column"] = c }
            body["error"] = err
        }
        if runner.session.quitRequested { body["quit"] = true }
        reply(id, "execute", body)
        return !runner.session.quitRequested
    }

    // MARK: complete

    /// The REPL's Tab on the cursor's line: the same `ShellCompleter`, the same candidates;
    /// a unique one carries its suffix (a space, `(`, a closing quote) as Tab inserts it.
    public func complete(code: String, cursor: Int) -> [String: Any] {
        let at = CursorLine(code: code, cursor: cursor)
        let c = completer.complete(line: at.line, cursor: at.cursorByte)
        let start = at.lineStart + String(decoding: Array(at.line.utf8)[0..<min(c.start, at.line.utf8.count)], as: UTF8.self).unicodeScalars.count
        let matches = c.candidates.count == 1 ? [c.candidates[0] + c.suffix] : c.candidates
        return ["status": "ok", "matches": matches, "cursor_start": start, "cursor_end": at.cursor]
    }

    // MARK: inspect

    /// Help for the word under the cursor: a command (at a command's start, or any command
    /// name), a field, or a function — the text `help WORD` prints. `detail` 0 lists a
    /// command's examples; 1 runs them as `help` does.
    public func inspect(code: String, cursor: Int, detail: Int) -> [String: Any] {
        let at = CursorLine(code: code, cursor: cursor)
        let scalars = Array(at.line.unicodeScalars)
        let stops = Set(" \t([,=<>!+*/%:\";)]{}".unicodeScalars)
        var c = min(at.cursor - at.lineStart, scalars.count)
        // `eligible(|`: the call's name.
        if (c == scalars.count || stops.contains(scalars[c])), c > 0, scalars[c - 1] == "(" { c -= 1 }
        var s = c, e = c
        while s > 0, !stops.contains(scalars[s - 1]) { s -= 1 }
        while e < scalars.count, !stops.contains(scalars[e]) { e += 1 }
        var word = String(String.UnicodeScalarView(scalars[s..<e]))
        while word.hasSuffix(".") { word.removeLast() }
        // Is the word the command name (the first word of the line, or after `;`)?
        var b = s
        while b > 0, scalars[b - 1] == " " || scalars[b - 1] == "\t" { b -= 1 }
        let atCommand = b == 0 || scalars[b - 1] == ";"
        let session = runner.session
        var text: String? = nil
        if word.isEmpty {
            text = nil
        } else if atCommand, let cmd = session.commands.lookup(word) {
            text = HelpCommand.helpText(for: cmd, session: session, runExamples: detail > 0)
        } else if let f = session.environment.catalog.field(named: word) {
            text = HelpCommand.fieldHelpText(f)
        } else if let f = session.functions.lookup(word) {
            text = HelpCommand.functionHelpText(f)
        } else if let cmd = session.commands.lookup(word) {
            text = HelpCommand.helpText(for: cmd, session: session, runExamples: detail > 0)
        }
        guard let text else { return ["status": "ok", "found": false, "data": [String: String]()] }
        return ["status": "ok", "found": true, "word": word, "data": ["text/plain": text]]
    }

    // MARK: standard input and output

    /// Serves standard input until it ends or a `shutdown`; returns the exit status.
    public static func main() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        InterruptFlag.install()
        let server = KernelServer { line in writeAll(STDOUT_FILENO, line + "\n") }
        var reader = FDLineReader(fd: STDIN_FILENO)
        while let line = reader.next() {
            if !server.handle(line) { break }
        }
        return 0
    }

    /// Writes every byte, retrying after a signal; stops quietly when the reader has gone.
    static func writeAll(_ fd: Int32, _ s: String) {
        var bytes = Array(s.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return }
            bytes = bytes.dropFirst(n)
        }
    }
}

/// A cursor in a cell: its line (the REPL completes one line at a time), where that line
/// starts, and the cursor as a UTF-8 offset into it.
struct CursorLine {
    var line: String
    var lineStart: Int     // code points
    var cursor: Int        // code points, clamped
    var cursorByte: Int    // UTF-8 offset within `line`

    init(code: String, cursor: Int) {
        let scalars = Array(code.unicodeScalars)
        let cur = max(0, min(cursor, scalars.count))
        var ls = cur
        while ls > 0, scalars[ls - 1] != "\n" { ls -= 1 }
        var le = cur
        while le < scalars.count, scalars[le] != "\n" { le += 1 }
        line = String(String.UnicodeScalarView(scalars[ls..<le]))
        lineStart = ls
        self.cursor = cur
        cursorByte = String(String.UnicodeScalarView(scalars[ls..<cur])).utf8.count
    }
}

/// Lines from a file descriptor; a read interrupted by SIGINT (Ctrl-C while idle) is
/// retried, so an interrupt never ends the server.
struct FDLineReader {
    let fd: Int32
    var buffer: [UInt8] = []
    var atEnd = false

    init(fd: Int32) { self.fd = fd }

    mutating func next() -> String? {
        while true {
            if let nl = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<nl], as: UTF8.self)
                buffer.removeSubrange(...nl)
                return line
            }
            if atEnd {
                if buffer.isEmpty { return nil }
                let line = String(decoding: buffer, as: UTF8.self)
                buffer = []
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; atEnd = true; continue }
            if n == 0 { atEnd = true; continue }
            buffer += chunk[..<n]
        }
    }
}
