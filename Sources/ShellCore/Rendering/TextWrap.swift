import RosterData

/// Display-time wrapping of prose to a width in display columns (CJK characters take 2,
/// measured by `displayWidth`), with a hanging indent and the Chinese line-breaking rules.
///
/// Public API:
///
/// - `TextWrap.wrap(_:width:indent:hangingIndent:) -> [String]` — one paragraph or several
///   (`\n` separates paragraphs, kept as they are; an empty line stays empty). The first line
///   starts with `indent`, every further line with `hangingIndent` (default: as many spaces as
///   `indent` is wide). Every line is at most `width` columns unless one unbreakable piece is
///   wider than the room (then it is cut by characters, never lost).
/// - `TextWrap.hanging(_:_:width:) -> [String]` — `label` then `text`, continuation lines
///   indented under the start of `text` (`  R2.3  学历资历  ✘ 不通过  工程师 各行…`).
/// - `TextWrap.lines(_:width:) -> [String]` — a table cell's lines inside a column of `width`.
/// - `TextWrap.defaultWidth` (80) — the width prose is wrapped to when the output is not a
///   terminal (scripts, pipes, `--check`, `report`): output then does not depend on the window
///   the script was run from. On a terminal the session uses the terminal's width
///   (`Session.proseWidth`).
///
/// Breaking rules:
/// - a break is allowed at a space (the space disappears at the end of the line) and between
///   two CJK characters, except inside a run of at most `shortRun` (6) ideographs between
///   punctuation, spaces or Latin text: such a run is a term (`事业单位`, `助理工程师`) and moves
///   to the next line whole;
/// - no line starts with closing punctuation (`，。、；：？！）」』】》…%` …) and no line ends with
///   opening punctuation (`（「『【《“`): they stay with their neighbour;
/// - a number keeps the ideograph after it (`3年又6天` breaks only as `3年又|6天`), also
///   across a space when the unit is one character (`满 4 年` breaks only as `满|4 年`);
/// - a run of Latin letters, digits and ASCII punctuation is never broken (`2024-03-15`,
///   `QZ2024-0017`, `0.8118`, `fallback_ce_years`), nor a `code span` (spaces included);
/// - ANSI colour escapes (`ESC[…m`) take no columns and are never a break point.
public enum TextWrap {
    /// The width prose is wrapped to when output is not a terminal.
    public static let defaultWidth = 80
    /// The longest run of ideographs kept together as one term.
    public static let shortRun = 6

    /// Characters that must not start a line.
    static let noStart: Set<Character> = Set("，。、；：？！）」』】》〉〕］｝”’…‥—·・～％%,.;:!?)]}〃々")
    /// Characters that must not end a line.
    static let noEnd: Set<Character> = Set("（「『【《〈〔［｛“‘([{")

    /// Wraps `text` to `width` columns; see the type's documentation.
    public static func wrap(_ text: String, width: Int, indent: String = "", hangingIndent: String? = nil) -> [String] {
        let hang = hangingIndent ?? String(repeating: " ", count: displayWidth(stripANSI(indent)))
        var out: [String] = []
        var first = true
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let prefix = first ? indent : hang
            first = false
            if paragraph.isEmpty { out.append(trimRight(prefix)); continue }
            out += fill(String(paragraph), width: width, first: prefix, rest: hang)
        }
        return out
    }

    /// `label` followed by `text`, later lines indented to where `text` starts.
    public static func hanging(_ label: String, _ text: String, width: Int) -> [String] {
        wrap(text, width: width, indent: label)
    }

    /// A table cell's lines in a column `width` wide (at least one line, maybe empty).
    public static func lines(_ text: String, width: Int) -> [String] {
        let l = wrap(text, width: max(1, width))
        return l.isEmpty ? [""] : l
    }

    // MARK: - Pieces

    /// One unbreakable piece and the whitespace before it.
    struct Atom { var space: String; var text: String; var width: Int }

    enum Kind { case word, ideograph, wide, zero, other }

    static func kind(_ c: Character) -> Kind {
        guard let u = c.unicodeScalars.first else { return .zero }
        let v = u.value
        if v == 0x1B { return .zero }
        if (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x3FFFD).contains(v)
            || (0xF900...0xFAFF).contains(v) { return .ideograph }
        let w = displayWidth(String(c))
        if w == 0 { return .zero }
        if w == 2 { return .wide }
        if noStart.contains(c) || noEnd.contains(c) { return .other }
        return .word
    }

    /// Splits a paragraph into atoms: the greedy filler may break before any atom.
    static func atoms(_ s: String) -> [Atom] {
        // Cells: characters, with each ANSI escape sequence as one zero-width cell.
        var cells: [(text: String, kind: Kind, width: Int)] = []
        var chars = Array(s)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\u{1B}", i + 1 < chars.count, chars[i + 1] == "[" {
                var j = i + 2
                while j < chars.count, !(chars[j].isLetter && chars[j].isASCII) { j += 1 }
                let end = min(j, chars.count - 1)
                cells.append((String(chars[i...end]), .zero, 0))
                i = end + 1
                continue
            }
            if c == "`", let close = chars[(i + 1)...].firstIndex(of: "`") {
                let span = String(chars[i...close])
                cells.append((span, .word, displayWidth(span)))
                i = close + 1
                continue
            }
            cells.append((String(c), kind(c), c == " " || c == "\t" ? 1 : displayWidth(String(c))))
            i += 1
        }
        chars = []
        // The length of the ideograph run each cell belongs to.
        var runLength = [Int](repeating: 0, count: cells.count)
        var k = 0
        while k < cells.count {
            guard cells[k].kind == .ideograph else { k += 1; continue }
            var e = k
            while e + 1 < cells.count, cells[e + 1].kind == .ideograph || (cells[e + 1].kind == .zero && e + 2 < cells.count && cells[e + 2].kind == .ideograph) { e += 1 }
            for x in k...e { runLength[x] = e - k + 1 }
            k = e + 1
        }
        func breakable(_ a: Int, _ b: Int) -> Bool {
            let x = cells[a], y = cells[b]
            if x.kind == .zero || y.kind == .zero { return false }
            if let cy = y.text.first, y.text.count == 1, noStart.contains(cy) { return false }
            if let cx = x.text.last, x.text.count == 1, noEnd.contains(cx) { return false }
            if x.kind == .word && y.kind == .word { return false }
            // ASCII punctuation inside a Latin run (`1.3767`, `a,b`) keeps the run whole.
            if x.kind == .other, x.text.count == 1, x.text.first?.isASCII == true, y.kind == .word { return false }
            // A number keeps its unit: `6天`, `5项`, `2001年`.
            if x.kind == .word, x.text.last?.isASCII == true, x.text.last?.isNumber == true, y.kind == .ideograph { return false }
            if x.kind == .ideograph && y.kind == .ideograph && runLength[a] <= shortRun { return false }
            return true
        }
        var out: [Atom] = []
        var space = ""
        var cur = "", curWidth = 0, last = -1
        func flush() {
            if !cur.isEmpty { out.append(Atom(space: space, text: cur, width: curWidth)); space = "" }
            cur = ""; curWidth = 0
        }
        for (n, cell) in cells.enumerated() {
            if cell.text == " " || cell.text == "\t" {
                flush(); space += " "; last = -1
                continue
            }
            if last >= 0, breakable(last, n) { flush() }
            cur += cell.text; curWidth += cell.width
            if cell.kind != .zero || last < 0 { last = n }
        }
        flush()
        // A number keeps a one-character unit written after a space (`满 4 年`, `≥1 项`): one
        // atom. Not a date or id (`2024-03-15 共`), nor a longer word (`5 个工作日` may break).
        var glued: [Atom] = []
        for a in out {
            let chars = Array(a.text)
            if let last = glued.last, !a.space.isEmpty, let d = last.text.last, d.isASCII, d.isNumber,
               last.text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "≥" || $0 == "≤" }),
               let f = chars.first, kind(f) == .ideograph, chars.count == 1 || kind(chars[1]) != .ideograph {
                glued[glued.count - 1].text += a.space + a.text
                glued[glued.count - 1].width += a.space.count + a.width
            } else { glued.append(a) }
        }
        // Trailing whitespace is dropped.
        return glued
    }

    /// Greedy fill: as many atoms on a line as fit.
    static func fill(_ s: String, width: Int, first: String, rest: String) -> [String] {
        var lines: [String] = []
        var line = first
        var lineWidth = displayWidth(stripANSI(first))
        var empty = true   // nothing but the prefix on this line
        var atStart = true // the paragraph's leading spaces are kept
        let restWidth = displayWidth(stripANSI(rest))
        for atom in atoms(s) {
            let space = atStart || !empty ? atom.space : ""
            atStart = false
            if lineWidth + space.count + atom.width <= width {
                line += space + atom.text; lineWidth += space.count + atom.width; empty = false
                continue
            }
            if !empty {
                lines.append(trimRight(line))
                line = rest; lineWidth = restWidth; empty = true
                if lineWidth + atom.width <= width {
                    line += atom.text; lineWidth += atom.width; empty = false
                    continue
                }
            }
            // Wider than the room on an empty line: cut it by characters.
            var remaining = Substring(atom.text)
            let lead = empty ? space : ""
            line += lead; lineWidth += lead.count
            while !remaining.isEmpty {
                let room = max(1, width - lineWidth)
                var piece = "", pw = 0
                while let c = remaining.first {
                    let cw = displayWidth(String(c))
                    if pw + cw > room, !piece.isEmpty { break }
                    piece.append(c); pw += cw; remaining.removeFirst()
                }
                line += piece; lineWidth += pw; empty = false
                if !remaining.isEmpty {
                    lines.append(trimRight(line))
                    line = rest; lineWidth = restWidth
                }
            }
        }
        lines.append(trimRight(line))
        return lines
    }

    static func trimRight(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }

    /// `s` without ANSI colour escapes.
    static func stripANSI(_ s: String) -> String {
        guard s.contains("\u{1B}") else { return s }
        var out = "", skipping = false
        var prev: Character = " "
        for c in s {
            if skipping {
                if c.isASCII && c.isLetter && prev != "\u{1B}" { skipping = false }
                prev = c; continue
            }
            if c == "\u{1B}" { skipping = true; prev = c; continue }
            out.append(c)
        }
        return out
    }
}

extension Session {
    /// The width prose is wrapped to: the terminal's, else `TextWrap.defaultWidth` (80), so
    /// scripts, pipes, `--check` and `report` print the same lines wherever they run.
    public var proseWidth: Int {
        if let w = output.terminalWidth, w > 0 { return max(20, w) }
        return TextWrap.defaultWidth
    }
}
