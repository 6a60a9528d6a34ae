import CEditLine
import Foundation
import RosterData

/// What Tab offers at a cursor: the byte offset where the word being completed starts,
/// and the candidates that would replace it.
public struct Completion: Equatable {
    public var start: Int
    public var candidates: [String]
    /// Text to add after a unique match (a space, a closing quote).
    public var suffix: String
    public init(start: Int, candidates: [String], suffix: String = " ") {
        self.start = start; self.candidates = candidates; self.suffix = suffix
    }
}

public protocol Completer: AnyObject {
    /// Completions for `line` with the cursor at UTF-8 offset `cursor`.
    func complete(line: String, cursor: Int) -> Completion
}

/// libedit line editing with wide characters, persistent history (mode 0600) and Tab
/// completion. Ctrl-C abandons the line; Ctrl-D on an empty line ends input.
public final class LibEditLineReader: LineReader {
    private let el: OpaquePointer
    private let hist: OpaquePointer
    private let historyPath: String?
    public private(set) var history: [String] = []
    public weak var completer: Completer?
    fileprivate var interrupted = false
    fileprivate var promptBuffer: UnsafeMutablePointer<CChar>? = nil
    private let output = FileHandle.standardOutput

    /// nil when libedit cannot start (no terminal).
    public init?(programName: String = "zcsh", historyPath: String?) {
        _ = zcsh_setup_utf8_locale()
        guard let e = zcsh_el_init_stdio(programName) else { return nil }
        guard let h = history_init() else { el_end(e); return nil }
        el = e; hist = h
        self.historyPath = historyPath
        zcsh_history_setsize(h, 2000)
        zcsh_history_setunique(h, 1)
        zcsh_el_set_hist(e, h)
        zcsh_el_set_editor(e, "emacs")
        zcsh_el_set_clientdata(e, Unmanaged.passUnretained(self).toOpaque())
        zcsh_el_set_prompt_esc(e, { el in
            guard let el, let data = zcsh_el_get_clientdata(el) else { return nil }
            let me = Unmanaged<LibEditLineReader>.fromOpaque(data).takeUnretainedValue()
            return UnsafePointer(me.promptBuffer)
        }, 1)
        zcsh_el_add_function(e, "zcsh-complete", "complete the word at the cursor", { el, _ in
            guard let el, let data = zcsh_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<LibEditLineReader>.fromOpaque(data).takeUnretainedValue().completeAtCursor()
        })
        zcsh_el_add_function(e, "zcsh-interrupt", "abandon the line", { el, _ in
            guard let el, let data = zcsh_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            Unmanaged<LibEditLineReader>.fromOpaque(data).takeUnretainedValue().interrupted = true
            return UInt8(CC_NEWLINE)
        })
        zcsh_el_bind(e, "^I", "zcsh-complete")
        zcsh_el_bind(e, "^C", "zcsh-interrupt")
        zcsh_el_setty_noisig(e)
        zcsh_el_source_default(e)
        if let p = historyPath {
            if FileManager.default.fileExists(atPath: p) {
                chmod(p, 0o600)
                zcsh_history_load(h, p)
                var entries: [String] = []
                var s = zcsh_history_last(h)
                while let c = s { entries.append(String(cString: c)); s = zcsh_history_prev(h) }
                history = entries
            }
        }
    }

    deinit {
        history_end(hist)
        el_end(el)
        promptBuffer.map { free($0) }
    }

    public func read(prompt: String) -> LineInput {
        promptBuffer.map { free($0) }
        promptBuffer = strdup(LibEditLineReader.markEscapes(prompt))
        interrupted = false
        var count: Int32 = 0
        guard let cLine = el_gets(el, &count) else {
            if interrupted { output.write(Data("\n".utf8)); return .interrupted }
            if count == -1, errno == EINTR { output.write(Data("\n".utf8)); return .interrupted }
            output.write(Data("\n".utf8))
            return .endOfFile
        }
        if interrupted {
            output.write(Data("^C\n".utf8))
            return .interrupted
        }
        var line = String(cString: cLine)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// Wraps each ANSI escape sequence in `\u{1}` so libedit does not count it as
    /// printing characters (EL_PROMPT_ESC): coloured prompts keep the cursor in place.
    static func markEscapes(_ prompt: String) -> String {
        var out = ""
        var inEscape = false
        for u in prompt.unicodeScalars {
            if u == "\u{1B}" { inEscape = true; out.unicodeScalars.append("\u{01}") }
            out.unicodeScalars.append(u)
            if inEscape, (0x40...0x7E).contains(u.value), u != "[" { inEscape = false; out.unicodeScalars.append("\u{01}") }
        }
        return out
    }

    public func addHistory(_ entry: String) {
        guard !entry.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        if history.last == entry { return }
        history.append(entry)
        zcsh_history_enter(hist, entry)
    }

    public func close() {
        guard let p = historyPath else { return }
        let dir = (p as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Create with 0600 before libedit writes, since it holds personal data.
        let fd = open(p, O_WRONLY | O_CREAT, 0o600)
        if fd >= 0 { Foundation.close(fd) }
        chmod(p, 0o600)
        zcsh_history_save(hist, p)
        chmod(p, 0o600)
    }

    /// Tab: a unique candidate is inserted (with its suffix); several are listed in
    /// columns aligned by display width, and their common prefix is inserted.
    fileprivate func completeAtCursor() -> UInt8 {
        guard let completer, let buf = zcsh_el_line_buffer(el) else { return UInt8(CC_ERROR) }
        let len = Int(zcsh_el_line_length(el)), cursor = Int(zcsh_el_line_cursor(el))
        let bytes = UnsafeRawBufferPointer(start: buf, count: len)
        let line = String(decoding: bytes, as: UTF8.self)
        let c = completer.complete(line: line, cursor: cursor)
        guard !c.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let typedBytes = Array(bytes[c.start..<cursor])
        let typed = String(decoding: typedBytes, as: UTF8.self)
        func insert(_ s: String) {
            guard s.hasPrefix(typed) else {
                // Replace the word (e.g. a Chinese label for a pinyin-less prefix).
                el_deletestr(el, Int32(typed.unicodeScalars.count))
                el_insertstr(el, s)
                return
            }
            let rest = String(s.dropFirst(typed.count))
            if !rest.isEmpty { el_insertstr(el, rest) }
        }
        if c.candidates.count == 1 {
            insert(c.candidates[0] + c.suffix)
            return UInt8(CC_REFRESH)
        }
        let common = commonPrefix(c.candidates)
        if common.count > typed.count, common.hasPrefix(typed) {
            insert(common)
            return UInt8(CC_REFRESH)
        }
        // List basenames for paths, as shells do; at most 200, with a count of the rest.
        var shown = c.candidates.map { cand -> String in
            guard let slash = cand.dropLast().lastIndex(of: "/") else { return cand }
            return String(cand[cand.index(after: slash)...])
        }
        var more = ""
        if shown.count > 200 { more = "\n… 另有 \(shown.count - 200) 项，请多输入几个字符"; shown = Array(shown.prefix(200)) }
        output.write(Data(("\n" + Completions.columns(shown, width: terminalColumns()) + more + "\n").utf8))
        return UInt8(CC_REDISPLAY)
    }

    private func terminalColumns() -> Int {
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        return 80
    }

    private func commonPrefix(_ xs: [String]) -> String {
        guard var p = xs.first else { return "" }
        for x in xs.dropFirst() {
            while !x.hasPrefix(p) { p.removeLast() }
        }
        return p
    }
}

public enum Completions {
    /// Candidates in columns aligned by display width, filling rows first.
    public static func columns(_ items: [String], width: Int) -> String {
        let cell = (items.map(displayWidth).max() ?? 0) + 2
        let perRow = max(1, width / max(cell, 1))
        var lines: [String] = []
        var i = 0
        while i < items.count {
            let row = items[i..<min(i + perRow, items.count)]
            var line = row.map { pad($0, toWidth: cell) }.joined()
            while line.last == " " { line.removeLast() }
            lines.append(line)
            i += perRow
        }
        return lines.joined(separator: "\n")
    }
}
