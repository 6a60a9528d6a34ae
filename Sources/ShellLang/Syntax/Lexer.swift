import RosterData

/// Turns source text into tokens. Never crashes or hangs on any input: stray bytes, invalid
/// UTF-8 (which Swift strings carry as U+FFFD), control characters and unterminated strings
/// are diagnostics with a caret.
public struct Lexer {
    public let source: SourceFile
    let bytes: [UInt8]
    var i: Int
    let end: Int
    // Incremental position tracking (columns in Characters), so lexing stays linear.
    var posOffset: Int
    var posLine: Int
    var posColumn: Int
    var posLineStart: Int

    public init(source: SourceFile, range: Range<Int>? = nil) {
        self.source = source
        self.bytes = source.utf8
        let r = range ?? 0..<source.utf8.count
        let lo = min(max(0, r.lowerBound), bytes.count)
        self.i = lo
        self.end = min(max(lo, r.upperBound), bytes.count)
        let p = source.position(at: lo)
        posOffset = lo; posLine = p.line; posColumn = p.column
        posLineStart = source.lineStarts[source.lineIndex(of: lo)]
    }

    /// Every token, or the first error.
    public static func tokenize(_ source: SourceFile, range: Range<Int>? = nil) throws(Diagnostic) -> [Token] {
        var lx = Lexer(source: source, range: range)
        var out: [Token] = []
        while let t = try lx.next() { out.append(t) }
        return out
    }

    mutating func position(_ offset: Int) -> SourcePosition {
        if offset < posOffset { return source.position(at: offset) }
        var j = posOffset
        var segStart = posOffset
        while j < offset {
            if bytes[j] == 0x0A {
                posColumn += String(decoding: bytes[segStart..<j], as: UTF8.self).count
                posLine += 1; posColumn = 1; posLineStart = j + 1; segStart = j + 1
            }
            j += 1
        }
        if segStart < offset {
            // Count Characters from the line start when the segment could join a cluster.
            posColumn += String(decoding: bytes[segStart..<offset], as: UTF8.self).count
        }
        posOffset = offset
        return SourcePosition(offset: offset, line: posLine, column: posColumn)
    }

    mutating func range(_ a: Int, _ b: Int) -> SourceRange {
        let s = position(a)
        let e = position(b)
        return SourceRange(source: source.name, start: s, end: e)
    }

    func text(_ a: Int, _ b: Int) -> String { String(decoding: bytes[a..<b], as: UTF8.self) }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isASCIIIdentStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }

    /// Decodes the scalar at `j` (nil for a malformed sequence) and its byte length.
    func scalar(at j: Int) -> (Unicode.Scalar?, Int) {
        let b0 = bytes[j]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let n = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1
        guard n > 1, j + n <= end else { return (nil, 1) }
        var v = UInt32(b0) & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07)
        for k in 1..<n {
            let b = bytes[j + k]
            guard b & 0xC0 == 0x80 else { return (nil, 1) }
            v = v << 6 | UInt32(b & 0x3F)
        }
        return (Unicode.Scalar(v), n)
    }

    static func isIdentScalar(_ u: Unicode.Scalar, start: Bool) -> Bool {
        if u.value < 0x80 {
            let b = UInt8(u.value)
            return isASCIIIdentStart(b) || (!start && isDigit(b))
        }
        let p = u.properties
        if p.isAlphabetic { return true }
        if !start {
            switch p.generalCategory {
            case .decimalNumber, .nonspacingMark, .spacingMark, .connectorPunctuation: return true
            default: return false
            }
        }
        return false
    }

    /// The next token, nil at the end.
    public mutating func next() throws(Diagnostic) -> Token? {
        // Skip blanks and `#` comments.
        while i < end {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1; continue }
            if b == 0xE3, i + 2 < end, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80 { i += 3; continue } // U+3000
            if b == 0x23 { while i < end, bytes[i] != 0x0A { i += 1 }; continue }
            break
        }
        guard i < end else { return nil }
        let start = i
        let b = bytes[i]
        if Lexer.isDigit(b) { return try number() }
        if b == 0x22 { return try string() }
        if Lexer.isASCIIIdentStart(b) || b >= 0x80 {
            let (u, n) = scalar(at: i)
            if let u = u, Lexer.isIdentScalar(u, start: true) {
                i += n
                while i < end {
                    let c = bytes[i]
                    if c < 0x80 {
                        if Lexer.isASCIIIdentStart(c) || Lexer.isDigit(c) { i += 1; continue }
                        break
                    }
                    let (v, m) = scalar(at: i)
                    guard let v = v, Lexer.isIdentScalar(v, start: false) else { break }
                    i += m
                }
                let t = text(start, i)
                return Token(kind: .identifier(t), text: t, range: range(start, i))
            }
            if b >= 0x80 { throw strayCharacter(u, length: n) }
        }
        // Punctuation.
        let two: [String] = ["==", "!=", "<=", ">=", "&&", "||"]
        if i + 1 < end {
            let t = text(i, i + 2)
            if two.contains(t) {
                i += 2
                return Token(kind: .punctuation(t), text: t, range: range(start, i))
            }
        }
        switch b {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ","),
             UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"),
             UInt8(ascii: "/"), UInt8(ascii: "%"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "="),
             UInt8(ascii: "!"):
            i += 1
            let t = text(start, i)
            return Token(kind: .punctuation(t), text: t, range: range(start, i))
        default:
            throw strayCharacter(Unicode.Scalar(b), length: 1)
        }
    }

    mutating func strayCharacter(_ u: Unicode.Scalar?, length: Int) -> Diagnostic {
        let r = range(i, i + length)
        guard let u = u, u != "\u{FFFD}" else {
            return .error("无效的 UTF-8 字节", at: r, help: "文件应以 UTF-8 编码保存")
        }
        let hex = "U+" + String(u.value, radix: 16, uppercase: true).leftPadded4
        if u.value < 0x20 || u.value == 0x7F || (0x80..<0xA0).contains(u.value) {
            return .error("无法识别的控制字符 \(hex)", at: r)
        }
        var help: String? = nil
        switch u {
        case "“", "”", "＂": help = "字符串请用英文双引号 `\"…\"`"
        case "（": help = "请用英文括号 `(`"
        case "）": help = "请用英文括号 `)`"
        case "，": help = "请用英文逗号 `,`"
        case "：": help = "请用英文冒号 `:`"
        case "'", "‘", "’": help = "字符串请用双引号 `\"…\"`"
        case "&": help = "逻辑与请写 `and` 或 `&&`"
        case "|": help = "逻辑或请写 `or` 或 `||`"
        default: break
        }
        return .error("无法识别的字符 `\(Character(u))`（\(hex)）", at: r, help: help)
    }

    mutating func number() throws(Diagnostic) -> Token {
        let start = i
        while i < end, Lexer.isDigit(bytes[i]) { i += 1 }
        // Date literal: 4 digits '-' 2 digits '-' 2 digits (written without blanks).
        if i - start == 4, i + 1 < end, bytes[i] == 0x2D, Lexer.isDigit(bytes[i + 1]) {
            var j = i + 1
            while j < end, Lexer.isDigit(bytes[j]) { j += 1 }
            let monthDigits = j - i - 1
            if j + 1 < end, bytes[j] == 0x2D, Lexer.isDigit(bytes[j + 1]) {
                var k = j + 1
                while k < end, Lexer.isDigit(bytes[k]) { k += 1 }
                if monthDigits != 2 || k - j - 1 != 2 {
                    throw Diagnostic.error("无效的日期 `\(text(start, k))`", at: range(start, k),
                                           help: "日期写作 YYYY-MM-DD（月、日各两位），例如 2024-07-04")
                }
            }
        }
        if i - start == 4, i + 6 <= end, bytes[i] == 0x2D, Lexer.isDigit(bytes[i + 1]), Lexer.isDigit(bytes[i + 2]),
           bytes[i + 3] == 0x2D, Lexer.isDigit(bytes[i + 4]), Lexer.isDigit(bytes[i + 5]) {
            i += 6
            let t = text(start, i)
            let r = range(start, i)
            if i < end, Lexer.isDigit(bytes[i]) || Lexer.isASCIIIdentStart(bytes[i]) {
                while i < end, Lexer.isDigit(bytes[i]) || Lexer.isASCIIIdentStart(bytes[i]) { i += 1 }
                throw Diagnostic.error("无效的日期 `\(text(start, i))`", at: range(start, i),
                                       help: "日期写作 YYYY-MM-DD，例如 2024-12-31")
            }
            let y = Int(t.prefix(4))!, m = Int(t.dropFirst(5).prefix(2))!, d = Int(t.suffix(2))!
            guard let day = Day(y, m, d) else {
                let why: String
                if !(1...12).contains(m) { why = "没有 \(m) 月" }
                else if y == 0 { why = "年份须在 1–9999" }
                else { why = "\(y) 年 \(m) 月只有 \(Day.daysIn(month: m, year: y)) 天" }
                throw Diagnostic.error("无效的日期 `\(t)`：\(why)", at: r)
            }
            return Token(kind: .date(day), text: t, range: r)
        }
        var isDecimal = false
        if i + 1 < end, bytes[i] == 0x2E, Lexer.isDigit(bytes[i + 1]) {
            isDecimal = true
            i += 1
            while i < end, Lexer.isDigit(bytes[i]) { i += 1 }
        }
        if i < end, bytes[i] == 0x65 || bytes[i] == 0x45 {  // exponent
            var j = i + 1
            if j < end, bytes[j] == 0x2B || bytes[j] == 0x2D { j += 1 }
            if j < end, Lexer.isDigit(bytes[j]) {
                isDecimal = true
                i = j
                while i < end, Lexer.isDigit(bytes[i]) { i += 1 }
            }
        }
        if i < end, bytes[i] < 0x80 ? Lexer.isASCIIIdentStart(bytes[i]) : (scalar(at: i).0.map { Lexer.isIdentScalar($0, start: true) } ?? false) {
            var j = i
            while j < end, Lexer.isASCIIIdentStart(bytes[j]) || Lexer.isDigit(bytes[j]) { j += 1 }
            if j == i { j = i + scalar(at: i).1 }
            throw Diagnostic.error("无效的数字 `\(text(start, j))`", at: range(start, j),
                                   help: "名称不能以数字开头")
        }
        let t = text(start, i)
        let r = range(start, i)
        if isDecimal {
            guard let d = Double(t), d.isFinite else {
                throw Diagnostic.error("数字过大 `\(t)`", at: r)
            }
            return Token(kind: .decimal(d), text: t, range: r)
        }
        guard let v = Int(t) else {
            throw Diagnostic.error("整数过大 `\(t)`", at: r, help: "整数最大为 \(Int.max)；更大的数请写成小数，例如 \(t).0")
        }
        return Token(kind: .integer(v), text: t, range: r)
    }

    mutating func string() throws(Diagnostic) -> Token {
        let start = i
        i += 1
        var value: [UInt8] = []
        while i < end {
            let b = bytes[i]
            if b == 0x22 {
                i += 1
                let t = text(start, i)
                return Token(kind: .string(String(decoding: value, as: UTF8.self)), text: t, range: range(start, i))
            }
            if b == 0x5C {
                let escStart = i
                guard i + 1 < end else { break }
                let e = bytes[i + 1]
                i += 2
                switch e {
                case 0x22: value.append(0x22)
                case 0x5C: value.append(0x5C)
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "t"): value.append(0x09)
                case UInt8(ascii: "r"): value.append(0x0D)
                case UInt8(ascii: "u"):
                    guard i < end, bytes[i] == UInt8(ascii: "{") else {
                        throw Diagnostic.error("无效的转义 `\\u`", at: range(escStart, i), help: "写作 \\u{4E2D}")
                    }
                    var j = i + 1
                    var v: UInt32 = 0, n = 0
                    while j < end, n <= 8, let h = Lexer.hexValue(bytes[j]) { v = v &* 16 &+ h; n += 1; j += 1 }
                    guard j < end, bytes[j] == UInt8(ascii: "}"), (1...8).contains(n), let u = Unicode.Scalar(v) else {
                        let stop = min(end, j + (j < end && bytes[j] == UInt8(ascii: "}") ? 1 : 0))
                        throw Diagnostic.error("无效的 Unicode 转义 `\(text(escStart, stop))`", at: range(escStart, stop),
                                               help: "写作 \\u{4E2D}，1 到 8 位十六进制，且须是有效的码点")
                    }
                    value.append(contentsOf: Array(String(Character(u)).utf8))
                    i = j + 1
                default:
                    let (_, n) = scalar(at: i - 1)
                    let stop = min(end, i - 1 + n)
                    throw Diagnostic.error("无效的转义 `\(text(escStart, stop))`", at: range(escStart, stop),
                                           help: "可用的转义：\\\" \\\\ \\n \\t \\r \\u{…}")
                }
                continue
            }
            value.append(b)
            i += 1
        }
        throw Diagnostic(.error, "字符串未结束", range: range(start, end), help: "用 `\"` 结束字符串",
                         isIncompleteInput: true)
    }

    static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: return UInt32(b - 0x30)
        case 0x41...0x46: return UInt32(b - 0x41 + 10)
        case 0x61...0x66: return UInt32(b - 0x61 + 10)
        default: return nil
        }
    }
}

extension String {
    var leftPadded4: String { count >= 4 ? self : String(repeating: "0", count: 4 - count) + self }
}
