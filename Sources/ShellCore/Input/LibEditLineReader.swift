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

    /// Whether every entry of this session reached the history file as it was entered.
    private var appendedAll = true

    /// Keeps a complete entry: in memory, and appended at once to the history file (as bash's
    /// `histappend` with `history -a` after each command), so two shells open at the same
    /// time both keep what was typed in them and a crash loses nothing.
    public func addHistory(_ entry: String) {
        guard !entry.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        if history.last == entry { return }
        history.append(entry)
        zcsh_history_enter(hist, entry)
        guard let p = historyPath else { return }
        if !append(entry, to: p) { appendedAll = false }
    }

    /// Creates the history file with mode 0600 (it holds personal data typed at the prompt)
    /// in a 0700 folder, and appends the newest entry with one `write` under `O_APPEND`.
    private func append(_ entry: String, to p: String) -> Bool {
        let dir = (p as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard let fd = Self.openLocked(p) else { return false }
        defer { Foundation.close(fd) }
        fchmod(fd, 0o600)
        var st = stat()
        var bytes: [UInt8] = fstat(fd, &st) == 0 && st.st_size == 0 ? Array(Self.cookie.utf8) : []
        bytes += Self.encode(entry)
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        return n == bytes.count
    }

    /// The first line of a libedit history file.
    static let cookie = "_HiStOrY_V2_\n"

    /// One entry as a line of a libedit history file, as `H_SAVE` writes it (`strvis` with
    /// `VIS_WHITE`): backslash doubled; space, tab, newline and other control characters as
    /// `\ooo`; everything else (Chinese included) as its UTF-8 bytes. `H_LOAD` reads it back.
    ///
    ///     encode("count where level ==\n\"技术员\"")   // count\040where\040level\040==\012"技术员"⏎
    static func encode(_ entry: String) -> [UInt8] {
        var out: [UInt8] = []
        for b in entry.utf8 {
            if b == UInt8(ascii: "\\") { out += [b, b] }
            else if b <= 0x20 || b == 0x7F {
                out += [UInt8(ascii: "\\"), 0x30 + (b >> 6), 0x30 + ((b >> 3) & 7), 0x30 + (b & 7)]
            } else { out.append(b) }
        }
        out.append(0x0A)
        return out
    }

    /// Opens the history file for appending under an exclusive `flock`, making sure the
    /// descriptor is still the file at `p` (another shell's exit may have renamed a compacted
    /// file into place meanwhile; then open again), so no entry is written to a file that is
    /// already gone.
    private static func openLocked(_ p: String) -> Int32? {
        for _ in 0..<5 {
            let fd = open(p, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            guard fd >= 0 else { return nil }
            if flock(fd, LOCK_EX) != 0 { return fd }   // no locks on this file system: best effort
            var a = stat(), b = stat()
            if fstat(fd, &a) == 0, stat(p, &b) == 0, a.st_ino == b.st_ino, a.st_dev == b.st_dev { return fd }
            Foundation.close(fd)
        }
        return nil
    }

    /// On exit the file holds every shell's entries in the order they were typed; it is
    /// compacted to the newest 2,000 (through a temp file and a rename, mode 0600). When an
    /// append failed, this session's whole history is written instead, as before.
    public func close() {
        guard let p = historyPath else { return }
        let dir = (p as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Held while the file is read, rewritten and renamed: appends of other shells wait.
        let lock = Self.openLocked(p)
        defer { if let lock { Foundation.close(lock) } }
        let source: OpaquePointer?
        var merged: OpaquePointer? = nil
        if appendedAll, lock != nil, FileManager.default.fileExists(atPath: p), let m = history_init() {
            zcsh_history_setsize(m, 2000)
            zcsh_history_setunique(m, 1)
            zcsh_history_load(m, p)
            merged = m
            source = m
        } else {
            source = hist
        }
        defer { if let merged { history_end(merged) } }
        guard let source else { return }
        let base = (p as NSString).lastPathComponent
        let tmp = dir + "/." + base + ".zcsh-tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        Foundation.close(fd)
        chmod(tmp, 0o600)
        if zcsh_history_save(source, tmp) >= 0, rename(tmp, p) == 0 {
            chmod(p, 0o600)
        } else {
            unlink(tmp)
        }
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
