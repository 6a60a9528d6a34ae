/// A syntax error of the JSON reader, at a byte offset of the buffer.
struct JSONSyntaxError: Error {
    var offset: Int
    var message: String
}

/// A byte-level RFC 8259 reader over a UTF-8 buffer: no Foundation, no `[String: Any]`.
///
/// Strings are validated UTF-8, `\u` escapes pair surrogates (a lone surrogate is an
/// error), numbers follow the RFC grammar (an integer becomes `.int`, a fraction or
/// exponent `.double`; a leading zero is an error), nesting deeper than `maxDepth`
/// is an error. Positions are byte offsets; `LineIndex` turns them into line:column.
/// The reader is only valid inside the `withUnsafeBufferPointer` call that made it.
struct JSONReader {
    let p: UnsafePointer<UInt8>
    var end: Int
    var pos: Int
    var depth = 0
    static let maxDepth = 512

    init(_ p: UnsafePointer<UInt8>, start: Int, end: Int) {
        self.p = p; self.pos = start; self.end = end
    }

    @inline(__always) mutating func skipWhitespace() {
        while pos < end {
            let c = p[pos]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 } else { return }
        }
    }

    @inline(__always) var atEnd: Bool { pos >= end }
    @inline(__always) func peek() -> UInt8 { pos < end ? p[pos] : 0 }

    // MARK: errors

    /// "意外的字符 'x'，应为…" or "意外的结尾，应为…" at the current position.
    func unexpected(_ expecting: String) -> JSONSyntaxError {
        if pos >= end { return JSONSyntaxError(offset: pos, message: "意外的结尾，应为\(expecting)") }
        return JSONSyntaxError(offset: pos, message: "意外的\(describeCharacter(at: pos))，应为\(expecting)")
    }

    /// `字符 'x'`, `字符 U+000A` or `字节 0xFF` (not UTF-8).
    func describeCharacter(at i: Int) -> String {
        let c = p[i]
        if c >= 0x21 && c < 0x7F { return "字符 '\(Character(Unicode.Scalar(c)))'" }
        if c < 0x80 { return "字符 U+" + hex(UInt32(c), 4) }
        let n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1
        if n > 1, i + n <= end, let s = String(validating: UnsafeBufferPointer(start: p + i, count: n), as: UTF8.self) {
            return "字符 '\(s)'"
        }
        return "字节 0x" + hex(UInt32(c), 2) + "（不是有效的 UTF-8）"
    }

    // MARK: values

    @inline(__always) mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONReader.maxDepth {
            throw JSONSyntaxError(offset: pos, message: "嵌套超过 \(JSONReader.maxDepth) 层")
        }
    }

    /// Any JSON value, typed generically.
    mutating func readValue() throws(JSONSyntaxError) -> Value {
        guard pos < end else { throw unexpected("一个值") }
        switch p[pos] {
        case 0x22: return .string(try readString())
        case 0x7B: return .object(try readObject())
        case 0x5B: return .list(try readArray())
        case 0x74: try literal("true"); return .bool(true)
        case 0x66: try literal("false"); return .bool(false)
        case 0x6E: try literal("null"); return .null
        case 0x2D, 0x30...0x39: return try readNumber()
        default:
            if let w = nonJSONNumber() {
                throw JSONSyntaxError(offset: pos, message: JSONReader.nonJSONNumberMessage + "：\"\(RosterError.quote(w))\"")
            }
            throw unexpected("一个值")
        }
    }

    static let nonJSONNumberMessage = "不是合法的 JSON 数字（JSON 没有 NaN、Infinity；不知道的值请写 null 或 \"\"）"
    static let outOfRangeMessage = "数字超出范围（超出双精度浮点数能表示的范围，约 ±1.8e308）"

    /// Bytes that can make up a bare token: a number, a literal, or a non-JSON word such as `NaN`.
    @inline(__always) func isTokenByte(_ c: UInt8) -> Bool {
        isIdentifierByte(c) || c == 0x2B || c == 0x2D || c == 0x2E
    }

    /// The bare token at `pos` (`1e400`, `NaN`, `-Infinity`, `true`), not consumed.
    func token() -> String {
        var i = pos
        while i < end, isTokenByte(p[i]) { i += 1 }
        return String(decoding: UnsafeBufferPointer(start: p + pos, count: i - pos), as: UTF8.self)
    }

    /// `NaN`, `Infinity`, `-Infinity`, `+Infinity`, `inf` … at `pos` (any letter case): the word as written.
    func nonJSONNumber() -> String? {
        guard pos < end else { return nil }
        let c = p[pos]
        guard c == 0x4E || c == 0x6E || c == 0x49 || c == 0x69 || c == 0x2D || c == 0x2B else { return nil }
        let w = token()
        var body = Substring(w)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        switch body.lowercased() {
        case "nan", "infinity", "inf": return w
        default: return nil
        }
    }

    /// Skips one value without typing it; bare tokens (`NaN`, `1e400`) are skipped as words.
    /// Used to step over a value already found not to fit its field, so that the rest of the
    /// record can still be read (and the error name the record's id).
    mutating func skipValue() throws(JSONSyntaxError) {
        guard pos < end else { throw unexpected("一个值") }
        switch p[pos] {
        case 0x22:
            _ = try readString()
        case 0x7B, 0x5B:
            let close: UInt8 = p[pos] == 0x7B ? 0x7D : 0x5D
            try enter()
            pos += 1
            skipWhitespace()
            if peek() == close { pos += 1; depth -= 1; return }
            while true {
                skipWhitespace()
                if close == 0x7D {
                    guard peek() == 0x22 else { throw unexpected("键（带引号的字符串）") }
                    _ = try readString()
                    try colon()
                }
                try skipValue()
                skipWhitespace()
                guard pos < end else { throw unexpected(close == 0x7D ? "',' 或 '}'" : "',' 或 ']'") }
                if p[pos] == 0x2C { pos += 1; continue }
                if p[pos] == close { pos += 1; break }
                throw unexpected(close == 0x7D ? "',' 或 '}'" : "',' 或 ']'")
            }
            depth -= 1
        default:
            let start = pos
            while pos < end, isTokenByte(p[pos]) { pos += 1 }
            if pos == start { throw unexpected("一个值") }
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        var i = 0
        while i < n {
            guard pos + i < end, p[pos + i] == w[i] else {
                var copy = self; copy.pos += i
                throw copy.unexpected("一个值（\(word)）")
            }
            i += 1
        }
        pos += n
        if pos < end, isIdentifierByte(p[pos]) { throw unexpected("',' 或括号") }
    }

    @inline(__always) func isIdentifierByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
    }

    /// `[` at `pos`.
    mutating func readArray() throws(JSONSyntaxError) -> [Value] {
        try enter()
        pos += 1
        var items: [Value] = []
        skipWhitespace()
        if peek() == 0x5D { pos += 1; depth -= 1; return items }
        while true {
            skipWhitespace()
            items.append(try readValue())
            skipWhitespace()
            guard pos < end else { throw unexpected("',' 或 ']'") }
            if p[pos] == 0x2C { pos += 1; continue }
            if p[pos] == 0x5D { pos += 1; break }
            throw unexpected("',' 或 ']'")
        }
        depth -= 1
        return items
    }

    /// `{` at `pos`. A key given twice is an error.
    mutating func readObject() throws(JSONSyntaxError) -> Record {
        try enter()
        pos += 1
        var rec = Record()
        skipWhitespace()
        if peek() == 0x7D { pos += 1; depth -= 1; return rec }
        while true {
            skipWhitespace()
            guard pos < end, p[pos] == 0x22 else { throw unexpected("键（带引号的字符串）") }
            let keyPos = pos
            let key = try readString()
            if rec.keys.contains(key) {
                throw JSONSyntaxError(offset: keyPos, message: "同一对象中键 \"\(RosterError.quote(key))\" 出现两次")
            }
            try colon()
            let v = try readValue()
            rec.keys.append(key); rec.values.append(v)
            skipWhitespace()
            guard pos < end else { throw unexpected("',' 或 '}'") }
            if p[pos] == 0x2C { pos += 1; continue }
            if p[pos] == 0x7D { pos += 1; break }
            throw unexpected("',' 或 '}'")
        }
        depth -= 1
        return rec
    }

    /// Skips blanks, a `:` and blanks.
    @inline(__always) mutating func colon() throws(JSONSyntaxError) {
        skipWhitespace()
        guard pos < end, p[pos] == 0x3A else { throw unexpected("':'") }
        pos += 1
        skipWhitespace()
    }

    // MARK: strings

    /// A string without escapes, `"` at `pos`: its bytes' range and whether any byte is
    /// non-ASCII; `pos` then follows the closing quote. nil (and `pos` unchanged) when
    /// the string has an escape, so the caller falls back to `readString`.
    @inline(__always) mutating func scanPlainString() throws(JSONSyntaxError) -> (start: Int, count: Int, ascii: Bool)? {
        let start = pos + 1
        var i = start
        var hi: UInt8 = 0
        // Eight bytes at a time while none is '"', '\\' or a control character.
        var wide: UInt64 = 0
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= end {
            let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            let q = w ^ 0x2222_2222_2222_2222, b = w ^ 0x5C5C_5C5C_5C5C_5C5C
            let stop = ((q &- ones) & ~q) | ((b &- ones) & ~b) | ((w &- 0x2020_2020_2020_2020) & ~w)
            if stop & highs != 0 { break }
            wide |= w
            i += 8
        }
        if wide & highs != 0 { hi = 0x80 }
        while i < end {
            let c = p[i]
            if c == 0x22 {
                pos = i + 1
                return (start, i - start, hi < 0x80)
            }
            if c == 0x5C { return nil }
            if c < 0x20 { throw JSONSyntaxError(offset: i, message: "字符串中有未转义的控制字符 U+" + hex(UInt32(c), 4)) }
            hi |= c
            i += 1
        }
        throw JSONSyntaxError(offset: pos, message: "字符串缺少结束的引号")
    }

    /// A validated string from raw bytes.
    @inline(__always) func makeString(_ start: Int, _ count: Int, ascii: Bool) throws(JSONSyntaxError) -> String {
        let buf = UnsafeBufferPointer(start: p + start, count: count)
        if ascii { return String(decoding: buf, as: UTF8.self) }
        if let s = String(validating: buf, as: UTF8.self) { return s }
        throw JSONSyntaxError(offset: start + invalidUTF8Offset(buf), message: "字符串不是有效的 UTF-8（JSON 文件须为 UTF-8 编码）")
    }

    /// `"` at `pos`.
    mutating func readString() throws(JSONSyntaxError) -> String {
        if let (s, n, ascii) = try scanPlainString() { return try makeString(s, n, ascii: ascii) }
        return try readEscapedString()
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard pos < end else { throw unexpected("4 位十六进制数字") }
            let c = p[pos]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw unexpected("4 位十六进制数字")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    private mutating func readEscapedString() throws(JSONSyntaxError) -> String {
        let open = pos
        pos += 1
        var buf: [UInt8] = []
        buf.reserveCapacity(32)
        while pos < end {
            let c = p[pos]
            if c == 0x22 {
                pos += 1
                if let s = String(validating: buf, as: UTF8.self) { return s }
                throw JSONSyntaxError(offset: open, message: "字符串不是有效的 UTF-8（JSON 文件须为 UTF-8 编码）")
            }
            if c == 0x5C {
                let escPos = pos
                pos += 1
                guard pos < end else { break }
                let e = p[pos]
                pos += 1
                switch e {
                case 0x22, 0x5C, 0x2F: buf.append(e)
                case 0x62: buf.append(0x08)
                case 0x66: buf.append(0x0C)
                case 0x6E: buf.append(0x0A)
                case 0x72: buf.append(0x0D)
                case 0x74: buf.append(0x09)
                case 0x75:
                    var u = try hex4()
                    if (0xD800...0xDBFF).contains(u) {
                        guard pos + 1 < end, p[pos] == 0x5C, p[pos + 1] == 0x75 else {
                            throw JSONSyntaxError(offset: escPos, message: "孤立的 UTF-16 高代理项 \\u" + hex(u, 4) + "（后面应紧跟低代理项 \\uDC00–\\uDFFF）")
                        }
                        pos += 2
                        let lo = try hex4()
                        guard (0xDC00...0xDFFF).contains(lo) else {
                            throw JSONSyntaxError(offset: escPos, message: "孤立的 UTF-16 高代理项 \\u" + hex(u, 4) + "（后面应紧跟低代理项 \\uDC00–\\uDFFF）")
                        }
                        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(u) {
                        throw JSONSyntaxError(offset: escPos, message: "孤立的 UTF-16 低代理项 \\u" + hex(u, 4))
                    }
                    appendUTF8(u, to: &buf)
                default:
                    throw JSONSyntaxError(offset: escPos, message: "无效的转义序列 \\" + (e >= 0x21 && e < 0x7F ? String(Character(Unicode.Scalar(e))) : "U+" + hex(UInt32(e), 4)))
                }
                continue
            }
            if c < 0x20 { throw JSONSyntaxError(offset: pos, message: "字符串中有未转义的控制字符 U+" + hex(UInt32(c), 4)) }
            buf.append(c)
            pos += 1
        }
        throw JSONSyntaxError(offset: open, message: "字符串缺少结束的引号")
    }

    // MARK: numbers

    @inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// `-` or a digit at `pos`.
    mutating func readNumber() throws(JSONSyntaxError) -> Value {
        let start = pos
        var negative = false
        if p[pos] == 0x2D { negative = true; pos += 1 }
        guard pos < end, isDigit(p[pos]) else {
            var at = self; at.pos = start
            if let w = at.nonJSONNumber() {
                throw JSONSyntaxError(offset: start, message: JSONReader.nonJSONNumberMessage + "：\"\(RosterError.quote(w))\"")
            }
            throw unexpected("数字")
        }
        var value = 0
        var overflow = false
        var integral = true
        if p[pos] == 0x30 {
            pos += 1
            if pos < end, isDigit(p[pos]) {
                throw JSONSyntaxError(offset: start, message: "数字不能以 0 开头（如 07）")
            }
        } else {
            while pos < end, isDigit(p[pos]) {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int(p[pos] &- 0x30))
                value = a
                overflow = overflow || o1 || o2
                pos += 1
            }
        }
        if pos < end, p[pos] == 0x2E {
            integral = false
            pos += 1
            guard pos < end, isDigit(p[pos]) else { throw unexpected("小数点后的数字") }
            while pos < end, isDigit(p[pos]) { pos += 1 }
        }
        if pos < end, p[pos] == 0x65 || p[pos] == 0x45 {
            integral = false
            pos += 1
            if pos < end, p[pos] == 0x2B || p[pos] == 0x2D { pos += 1 }
            guard pos < end, isDigit(p[pos]) else { throw unexpected("指数的数字") }
            while pos < end, isDigit(p[pos]) { pos += 1 }
        }
        if integral && !overflow { return .int(negative ? -value : value) }
        let text = String(decoding: UnsafeBufferPointer(start: p + start, count: pos - start), as: UTF8.self)
        guard let d = Double(text), d.isFinite else {
            throw JSONSyntaxError(offset: start, message: JSONReader.outOfRangeMessage + "：\"\(RosterError.quote(text))\"")
        }
        return .double(d)
    }
}

/// Lower-case hexadecimal, zero-padded to `width` (upper-case letters for code points).
func hex(_ v: UInt32, _ width: Int) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

func appendUTF8(_ u: UInt32, to buf: inout [UInt8]) {
    switch u {
    case 0..<0x80: buf.append(UInt8(u))
    case 0x80..<0x800:
        buf.append(UInt8(0xC0 | (u >> 6))); buf.append(UInt8(0x80 | (u & 0x3F)))
    case 0x800..<0x10000:
        buf.append(UInt8(0xE0 | (u >> 12))); buf.append(UInt8(0x80 | ((u >> 6) & 0x3F)))
        buf.append(UInt8(0x80 | (u & 0x3F)))
    default:
        buf.append(UInt8(0xF0 | (u >> 18))); buf.append(UInt8(0x80 | ((u >> 12) & 0x3F)))
        buf.append(UInt8(0x80 | ((u >> 6) & 0x3F))); buf.append(UInt8(0x80 | (u & 0x3F)))
    }
}

/// Offset of the first byte that is not part of a valid UTF-8 sequence (`count` if none).
func invalidUTF8Offset(_ b: UnsafeBufferPointer<UInt8>) -> Int {
    var i = 0
    let n = b.count
    while i < n {
        let c = b[i]
        if c < 0x80 { i += 1; continue }
        let len: Int
        let minV: UInt32
        var v: UInt32
        if c & 0xE0 == 0xC0 { len = 2; v = UInt32(c & 0x1F); minV = 0x80 }
        else if c & 0xF0 == 0xE0 { len = 3; v = UInt32(c & 0x0F); minV = 0x800 }
        else if c & 0xF8 == 0xF0 { len = 4; v = UInt32(c & 0x07); minV = 0x10000 }
        else { return i }
        guard i + len <= n else { return i }
        for k in 1..<len {
            let cc = b[i + k]
            guard cc & 0xC0 == 0x80 else { return i }
            v = v << 6 | UInt32(cc & 0x3F)
        }
        if v < minV || v > 0x10FFFF || (0xD800...0xDFFF).contains(v) { return i }
        i += len
    }
    return n
}

/// Byte offsets to 1-based line and column (column counted in characters, i.e.
/// Unicode scalars, so a Chinese character is one column). Moves forward
/// incrementally, so locating many increasing offsets is linear.
struct LineIndex {
    let p: UnsafePointer<UInt8>
    let count: Int
    private var scanned = 0
    private var line = 1
    private var lineStart = 0

    init(_ p: UnsafePointer<UInt8>, count: Int) { self.p = p; self.count = count }

    mutating func locate(_ offset: Int) -> (line: Int, column: Int) {
        let off = min(max(offset, 0), count)
        if off < scanned { scanned = 0; line = 1; lineStart = 0 }
        var i = scanned
        while i < off {
            if p[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        scanned = off
        var col = 1
        var j = lineStart
        while j < off {
            if p[j] & 0xC0 != 0x80 { col += 1 }
            j += 1
        }
        return (line, col)
    }
}
