/// Splits script text into commands: a command ends at a newline or `;` outside strings
/// and brackets, unless the line ends in a binary operator or `,` (then the next line
/// continues it). `#` outside a string starts a comment to the end of the line.
///
///     split("load a.json\nfilter x ==\n  1  # note\ncount; show 2")
///     // ["load a.json", "filter x ==\n  1", "count", "show 2"] (as UTF-8 ranges)
public enum CommandSplitter {
    public struct Piece {
        public var range: Range<Int>
        /// Comment lines just before the command (for reports), without `#`.
        public var leadingComments: [String]
    }

    public static func split(_ text: String) -> [Piece] {
        let u = Array(text.utf8)
        var pieces: [Piece] = []
        var start: Int? = nil
        var depth = 0
        var inString = false
        var comments: [String] = []
        var i = 0
        var lastSignificant = -1   // offset of the last non-blank, non-comment byte of the current command
        func finish(_ end: Int) {
            if let s = start {
                var e = end
                while e > s, u[e - 1] == 0x20 || u[e - 1] == 0x09 || u[e - 1] == 0x0D || u[e - 1] == 0x0A { e -= 1 }
                if lastSignificant >= s { e = min(e, lastSignificant + 1) }
                if e > s { pieces.append(Piece(range: s..<e, leadingComments: comments)) }
                comments = []
            }
            start = nil; depth = 0; inString = false
        }
        while i < u.count {
            let c = u[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 2; continue }
                if c == UInt8(ascii: "\"") { inString = false }
                lastSignificant = i
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "#"):
                let lineStart = i
                while i < u.count, u[i] != 0x0A { i += 1 }
                if start == nil {
                    var t = String(decoding: u[(lineStart + 1)..<i], as: UTF8.self)
                    if t.hasPrefix(" ") { t.removeFirst() }
                    comments.append(t)
                }
                continue
            case 0x0A:
                if start != nil, depth == 0, !endsWithContinuation(u, start!, lastSignificant) { finish(i) }
                else if start == nil, !comments.isEmpty, i > 0, i + 1 < u.count, u[i + 1] == 0x0A { comments.append("") }
                i += 1
                continue
            case UInt8(ascii: ";"):
                if depth == 0 { finish(i); i += 1; continue }
            case 0x20, 0x09, 0x0D:
                i += 1
                continue
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "("), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"):
                depth = max(0, depth - 1)
            default: break
            }
            if start == nil { start = i }
            lastSignificant = i
            i += 1
        }
        finish(u.count)
        return pieces
    }

    /// Whether `text` is a complete entry: no open string or bracket and no trailing
    /// operator. The REPL reads a continuation line while it is not.
    public static func isComplete(_ text: String) -> Bool {
        let u = Array(text.utf8)
        var depth = 0, inString = false, i = 0, last = -1, first = -1
        while i < u.count {
            let c = u[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 2; continue }
                if c == UInt8(ascii: "\"") { inString = false }
                last = i; i += 1; continue
            }
            switch c {
            case UInt8(ascii: "#"): while i < u.count, u[i] != 0x0A { i += 1 }; continue
            case 0x20, 0x09, 0x0D, 0x0A: i += 1; continue
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "("), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"): depth = max(0, depth - 1)
            case UInt8(ascii: ";"): if depth == 0 { first = -1 }
            default: break
            }
            if first < 0 { first = i }
            last = i; i += 1
        }
        if inString || depth > 0 { return false }
        if first < 0 { return true }
        return !endsWithContinuation(u, first, last)
    }

    static let trailingOperators: [String] = ["and", "or", "not", "in", "&&", "||", "==", "!=", "<=", ">=", "<", ">", "+", "*", "/", "%", ","]

    /// The command text from `start` through `last` ends in a binary operator or `,`.
    static func endsWithContinuation(_ u: [UInt8], _ start: Int, _ last: Int) -> Bool {
        guard last >= start else { return false }
        var b = last
        while b >= start, u[b] != 0x20, u[b] != 0x09, u[b] != 0x0A { b -= 1 }
        let word = String(decoding: u[(b + 1)...last], as: UTF8.self)
        // The command name alone never continues (`count` then a newline).
        if b < start { return false }
        if trailingOperators.contains(word) { return true }
        for op in ["&&", "||", "==", "!=", "<=", ">=", ","] where word.hasSuffix(op) { return true }
        if word == "-" { return true }
        return false
    }
}
