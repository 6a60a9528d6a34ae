import RosterData

public enum Severity: Sendable, Hashable {
    case error, warning, note

    public var label: String {
        switch self {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "note"
        }
    }
}

/// Every error and warning of the language: syntax, names, types, runtime.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public var severity: Severity
    public var message: String
    public var range: SourceRange?
    public var notes: [String]
    /// A suggestion, e.g. "您是否要找 `degree`（学历）?".
    public var help: String?
    /// The input ended too early (open bracket or string, trailing operator): the REPL reads
    /// a continuation line instead of reporting it.
    public var isIncompleteInput: Bool

    public init(_ severity: Severity = .error, _ message: String, range: SourceRange? = nil,
                notes: [String] = [], help: String? = nil, isIncompleteInput: Bool = false) {
        self.severity = severity; self.message = message; self.range = range
        self.notes = notes; self.help = help; self.isIncompleteInput = isIncompleteInput
    }

    public init(severity: Severity, message: String, range: SourceRange? = nil, notes: [String] = [],
                help: String? = nil, isIncompleteInput: Bool = false) {
        self.init(severity, message, range: range, notes: notes, help: help, isIncompleteInput: isIncompleteInput)
    }

    public static func error(_ message: String, at range: SourceRange?, help: String? = nil,
                             notes: [String] = []) -> Diagnostic {
        Diagnostic(.error, message, range: range, notes: notes, help: help)
    }

    /// `file:line:col: error: message`, without source line.
    public var description: String {
        var s = ""
        if let r = range { s += "\(r.source):\(r.start.line):\(r.start.column): " }
        s += "\(severity.label): \(message)"
        return s
    }
}

/// Renders diagnostics the same way everywhere:
///
///     tour.zcs:3:8: error: 未知字段 `degre`
///     filter degre == "本科"
///            ^~~~~
///     help: 您是否要找 `degree`（学历）?
///
/// The caret line is aligned by terminal display width (CJK characters are two columns).
public enum DiagnosticPrinter {
    public static func render(_ d: Diagnostic, source: SourceFile?, color: Bool) -> String {
        let bold = color ? "\u{1B}[1m" : "", reset = color ? "\u{1B}[0m" : ""
        let sevColor: String
        switch d.severity {
        case .error: sevColor = color ? "\u{1B}[1;31m" : ""
        case .warning: sevColor = color ? "\u{1B}[1;33m" : ""
        case .note: sevColor = color ? "\u{1B}[1;36m" : ""
        }
        let green = color ? "\u{1B}[1;32m" : "", cyan = color ? "\u{1B}[1;36m" : ""
        var out = ""
        if let r = d.range {
            out += "\(bold)\(r.source):\(r.start.line):\(r.start.column):\(reset) "
        }
        out += "\(sevColor)\(d.severity.label):\(reset) \(bold)\(DiagnosticPrinter.cut(d.message))\(reset)\n"
        if let r = d.range, let src = source, r.source == src.name, let line = src.lineText(r.start.line) {
            let (shown, caret) = caretLines(line: line, range: r)
            out += shown + "\n" + green + caret + reset + "\n"
        }
        if let h = d.help { out += "\(cyan)help:\(reset) \(h)\n" }
        for n in d.notes { out += "\(cyan)note:\(reset) \(n)\n" }
        return out
    }

    /// The source line as shown (tabs and control characters made visible one column wide)
    /// and the caret line under `range`.
    static func caretLines(line: String, range: SourceRange) -> (String, String) {
        var shown = ""
        var widths: [Int] = []   // display width of each Character shown
        for ch in line {
            if ch == "\t" { shown.append(" "); widths.append(1); continue }
            if ch.unicodeScalars.count == 1, let u = ch.unicodeScalars.first, u.value < 0x20 || u.value == 0x7F {
                shown.append("?"); widths.append(1); continue
            }
            shown.append(ch)
            widths.append(displayWidth(String(ch)))
        }
        let startCol = range.start.column - 1
        let endCol: Int
        if range.end.line == range.start.line { endCol = max(startCol, range.end.column - 1) } else { endCol = widths.count }
        func width(_ a: Int, _ b: Int) -> Int {
            var w = 0
            var i = a
            while i < b { w += i < widths.count ? widths[i] : 1; i += 1 }
            return w
        }
        // A very long line (100,000 brackets, a pasted file) is shown as a window around
        // the caret, cut with "…" on either side.
        if width(0, widths.count) > maxLineWidth {
            let chars = Array(shown)
            let lo = max(0, min(startCol, chars.count) - maxLineWidth / 4)
            var hi = lo, w = 0
            while hi < chars.count, w + widths[hi] <= maxLineWidth { w += widths[hi]; hi += 1 }
            let window = (lo > 0 ? "…" : "") + String(chars[lo..<hi]) + (hi < chars.count ? "…" : "")
            let lead = (lo > 0 ? 1 : 0) + width(lo, max(lo, min(startCol, hi)))
            let span = max(1, width(max(lo, startCol), min(max(lo, endCol), hi)))
            return (window, String(repeating: " ", count: lead) + "^" + String(repeating: "~", count: span - 1))
        }
        let lead = width(0, min(startCol, max(widths.count, startCol)))
        let span = max(1, width(startCol, endCol))
        let caret = String(repeating: " ", count: lead) + "^" + String(repeating: "~", count: span - 1)
        return (shown, caret)
    }

    /// Source lines wider than this (display columns) are shown as a window around the caret.
    public static let maxLineWidth = 160

    /// A message cut to `limit` characters (a value quoted in it may be a whole pasted line).
    static func cut(_ message: String, limit: Int = 300) -> String {
        guard message.count > limit else { return message }
        return String(message.prefix(limit)) + "…"
    }
}

/// Closest candidates by edit distance, for "did you mean" (commands, rule functions).
public func suggestions(for word: String, among candidates: [String], limit: Int = 2) -> [String] {
    let w = Array(word.lowercased())
    let scored = candidates.map { c -> (String, Int) in (c, editDistance(w, Array(c.lowercased()))) }
    let maxDistance = max(1, min(3, w.count / 2))
    return scored.filter { $0.1 <= maxDistance }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        .prefix(limit).map(\.0)
}

/// Levenshtein distance (insertions, deletions, substitutions), for "did you mean".
public func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}
