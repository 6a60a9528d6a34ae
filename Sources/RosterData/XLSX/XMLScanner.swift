import Foundation

/// A small streaming XML scanner for the parts of an `.xlsx` package.
///
/// Why not Foundation's `XMLParser`: on Linux it is libxml2 SAX behind Objective-C-style
/// delegate callbacks that allocate a `String` for every element name, attribute dictionary
/// and text run, and it wants the whole document (or an `InputStream`, which ZIPFoundation's
/// chunk consumer does not give). A worksheet is millions of `<c r=".." s=".." t=".."><v>..</v></c>`
/// elements, and a 200 MB sheet must stream. This scanner is fed the decompressed chunks as
/// they come out of the zip, hands the handler byte slices (names and attribute values are
/// compared as bytes, nothing is allocated per element), and keeps only the unfinished tail of
/// the last chunk. Memory is the grid itself plus one chunk.
///
/// It checks what a worksheet needs to be trusted: tags nest and match, attributes are
/// `name="value"`, entities are the five predefined ones or character references, nothing but
/// whitespace outside the root, and the document is complete. It does not validate against a
/// schema, resolve namespaces (handlers match local names: `x:c` is `c`), or accept a DOCTYPE
/// (OOXML forbids it; refusing it also rules out entity expansion tricks).
struct XMLScanner<Handler: XMLHandler> {
    var handler: Handler
    /// For error messages: the file and the package part being read.
    let file: String
    let part: String

    private var buffer: [UInt8] = []
    /// Open element names, concatenated; `openLengths` has one length per open element.
    private var openNames: [UInt8] = []
    private var openLengths: [Int] = []
    private var attributeSlots: [XMLAttributeSlot] = []
    /// Line number of `buffer[0]`.
    private var line = 1
    private var sawRoot = false
    private var started = false
    /// The buffer length at which an unfinished token is looked at again. A token (a long
    /// shared string, a start tag) that spans many small chunks is rescanned from its start
    /// only once the buffer has doubled since the last try, so the work stays linear in the
    /// part's size whatever the chunk size (real chunks are 256 KiB; the fuzzer feeds 1-byte).
    private var rescanAt = 0

    init(handler: Handler, file: String, part: String) {
        self.handler = handler; self.file = file; self.part = part
        attributeSlots.reserveCapacity(16)
    }

    /// Scans as much of `chunk` (appended to the unfinished tail) as forms complete tokens.
    mutating func feed(_ chunk: UnsafeRawBufferPointer) throws(RosterError) {
        buffer.append(contentsOf: chunk.bindMemory(to: UInt8.self))
        guard buffer.count >= rescanAt else { return }
        try run(final: false)
        rescanAt = buffer.isEmpty ? 0 : 2 * buffer.count
    }

    mutating func feed(_ data: Data) throws(RosterError) {
        var failure: RosterError?
        data.withUnsafeBytes { raw in
            do { try self.feed(raw) } catch let e as RosterError { failure = e } catch {}
        }
        if let failure { throw failure }
    }

    /// The document is complete: scans the rest and checks that every element was closed.
    mutating func finish() throws(RosterError) {
        try run(final: true)
        if !openLengths.isEmpty {
            let name = String(decoding: openNames.suffix(openLengths.last!), as: UTF8.self)
            throw fault("文件不完整，元素 <\(name)> 没有结束（文件可能被截断）", at: nil)
        }
        if !sawRoot { throw fault("内容为空，不是 XML", at: nil) }
    }

    private mutating func run(final: Bool) throws(RosterError) {
        var buf: [UInt8] = []
        swap(&buf, &buffer)
        var result: Result<Int, RosterError> = .success(0)
        buf.withUnsafeBufferPointer { p in
            do { result = .success(try self.scan(p, final: final)) } catch let e as RosterError {
                result = .failure(e)
            } catch {}
        }
        let consumed: Int
        switch result {
        case .success(let n): consumed = n
        case .failure(let e): throw e
        }
        if consumed > 0 {
            line += buf[0..<consumed].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            buf.removeFirst(consumed)
        }
        swap(&buf, &buffer)
    }

    func fault(_ message: String, at line: Int?) -> RosterError {
        let whereText = line.map { "（第 \($0) 行）" } ?? ""
        return RosterError(file: file, message: "\(part) 不是有效的 XML\(whereText)：\(message)")
    }

    /// Line of byte `offset` of the current buffer `p`.
    private func lineOf(_ p: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Int {
        var n = line
        for k in 0..<min(offset, p.count) where p[k] == 0x0A { n += 1 }
        return n
    }

    /// Scans complete tokens of `p`; returns how many bytes were consumed.
    private mutating func scan(_ p: UnsafeBufferPointer<UInt8>, final: Bool) throws(RosterError) -> Int {
        guard let base = p.baseAddress, p.count > 0 else { return 0 }
        let n = p.count
        var i = 0
        if !started {
            if n < 3 && !final { return 0 }
            started = true
            if n >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { i = 3 }
            else if n >= 2, (base[0] == 0xFF && base[1] == 0xFE) || (base[0] == 0xFE && base[1] == 0xFF) {
                throw fault("不支持 UTF-16 编码的部件", at: 1)
            }
        }
        while i < n {
            if base[i] != UInt8(ascii: "<") {
                // Character data up to the next tag.
                let end: Int
                if let hit = memchr(base + i, Int32(UInt8(ascii: "<")), n - i) {
                    end = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                } else {
                    if !final { return i }
                    end = n
                }
                let text = XMLBytes(start: base + i, count: end - i)
                if openLengths.isEmpty {
                    if !text.isWhitespace {
                        throw fault(sawRoot ? "根元素之后还有内容" : "文档开头不是 XML 标记", at: lineOf(p, i))
                    }
                } else {
                    if let bad = text.firstInvalidEntity() {
                        throw fault("无效的实体引用 \(bad)", at: lineOf(p, i))
                    }
                    try handler.text(text, isCDATA: false)
                }
                i = end
                continue
            }
            // A markup token starting at i.
            guard i + 1 < n else {
                if final { throw fault("文件在标记中间结束（文件可能被截断）", at: lineOf(p, i)) }
                return i
            }
            let c = base[i + 1]
            if c == UInt8(ascii: "?") {
                guard let close = find2(base, from: i + 2, to: n, UInt8(ascii: "?"), UInt8(ascii: ">")) else {
                    if final { throw fault("处理指令没有结束", at: lineOf(p, i)) }
                    return i
                }
                i = close + 2
            } else if c == UInt8(ascii: "!") {
                if n - i < 9 && !final { return i }
                if n - i >= 4, base[i + 2] == UInt8(ascii: "-"), base[i + 3] == UInt8(ascii: "-") {
                    guard let close = find3(base, from: i + 4, to: n, 0x2D, 0x2D, 0x3E) else {   // -->
                        if final { throw fault("注释没有结束", at: lineOf(p, i)) }
                        return i
                    }
                    i = close + 3
                } else if n - i >= 9, XMLBytes(start: base + i, count: 9).equals("<![CDATA[") {
                    guard !openLengths.isEmpty else { throw fault("根元素之外有 CDATA", at: lineOf(p, i)) }
                    guard let close = find3(base, from: i + 9, to: n, 0x5D, 0x5D, 0x3E) else {   // ]]>
                        if final { throw fault("CDATA 没有结束", at: lineOf(p, i)) }
                        return i
                    }
                    try handler.text(XMLBytes(start: base + i + 9, count: close - i - 9), isCDATA: true)
                    i = close + 3
                } else {
                    throw fault("不支持 DOCTYPE 或未知的 <! 标记", at: lineOf(p, i))
                }
            } else if c == UInt8(ascii: "/") {
                guard let gt = memchr(base + i + 2, 0x3E, n - i - 2) else {
                    if final { throw fault("结束标签没有结束（文件可能被截断）", at: lineOf(p, i)) }
                    return i
                }
                let close = UnsafePointer<UInt8>(gt.assumingMemoryBound(to: UInt8.self)) - base
                var nameEnd = close
                while nameEnd > i + 2, isSpace(base[nameEnd - 1]) { nameEnd -= 1 }
                let name = XMLBytes(start: base + i + 2, count: nameEnd - i - 2)
                try closeElement(name, p, i)
                i = close + 1
            } else {
                // Start tag: find the closing '>' outside quoted attribute values.
                var j = i + 1
                var quote: UInt8 = 0
                var gt = -1
                while j < n {
                    let b = base[j]
                    if quote != 0 {
                        if b == quote { quote = 0 } else if b == UInt8(ascii: "<") {
                            throw fault("属性值中有 <", at: lineOf(p, j))
                        }
                    } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                        quote = b
                    } else if b == UInt8(ascii: ">") {
                        gt = j; break
                    } else if b == UInt8(ascii: "<") {
                        throw fault("标签中有多余的 <", at: lineOf(p, j))
                    }
                    j += 1
                }
                guard gt >= 0 else {
                    if final { throw fault("开始标签没有结束（文件可能被截断）", at: lineOf(p, i)) }
                    return i
                }
                try startElement(base, from: i + 1, to: gt, p: p)
                i = gt + 1
            }
        }
        return i
    }

    private mutating func startElement(_ base: UnsafePointer<UInt8>, from: Int, to gt: Int,
                                       p: UnsafeBufferPointer<UInt8>) throws(RosterError) {
        var end = gt
        var empty = false
        if end > from, base[end - 1] == UInt8(ascii: "/") { empty = true; end -= 1 }
        var j = from
        guard j < end, isNameStart(base[j]) else { throw fault("无效的标签名", at: lineOf(p, from)) }
        while j < end, isNameChar(base[j]) { j += 1 }
        let name = XMLBytes(start: base + from, count: j - from)
        attributeSlots.removeAll(keepingCapacity: true)
        while true {
            let beforeSpace = j
            while j < end, isSpace(base[j]) { j += 1 }
            if j >= end { break }
            guard j > beforeSpace, isNameStart(base[j]) else {
                throw fault("标签 <\(name.string)> 的属性写法无效", at: lineOf(p, j))
            }
            let nameStart = j
            while j < end, isNameChar(base[j]) { j += 1 }
            let nameCount = j - nameStart
            while j < end, isSpace(base[j]) { j += 1 }
            guard j < end, base[j] == UInt8(ascii: "=") else {
                throw fault("标签 <\(name.string)> 的属性缺少 =", at: lineOf(p, j))
            }
            j += 1
            while j < end, isSpace(base[j]) { j += 1 }
            guard j < end, base[j] == UInt8(ascii: "\"") || base[j] == UInt8(ascii: "'") else {
                throw fault("标签 <\(name.string)> 的属性值缺少引号", at: lineOf(p, j))
            }
            let q = base[j]
            let valueStart = j + 1
            j = valueStart
            while j < end, base[j] != q { j += 1 }
            guard j < end else { throw fault("标签 <\(name.string)> 的属性值没有结束", at: lineOf(p, valueStart)) }
            let value = XMLBytes(start: base + valueStart, count: j - valueStart)
            if let bad = value.firstInvalidEntity() { throw fault("无效的实体引用 \(bad)", at: lineOf(p, valueStart)) }
            attributeSlots.append(XMLAttributeSlot(name: XMLBytes(start: base + nameStart, count: nameCount), value: value))
            j += 1
        }
        if openLengths.isEmpty {
            if sawRoot { throw fault("有多个根元素", at: lineOf(p, from)) }
            sawRoot = true
        }
        try handler.start(name.localName, XMLAttributes(slots: attributeSlots))
        if empty {
            try handler.end(name.localName)
        } else {
            openNames.append(contentsOf: UnsafeBufferPointer(start: name.start, count: name.count))
            openLengths.append(name.count)
        }
    }

    private mutating func closeElement(_ name: XMLBytes, _ p: UnsafeBufferPointer<UInt8>, _ at: Int) throws(RosterError) {
        guard let len = openLengths.last else {
            throw fault("多余的结束标签 </\(name.string)>", at: lineOf(p, at))
        }
        let matches = openNames.withUnsafeBufferPointer { open in
            len == name.count && memcmp(open.baseAddress! + (open.count - len), name.start, len) == 0
        }
        guard matches else {
            let open = String(decoding: openNames.suffix(len), as: UTF8.self)
            throw fault("结束标签 </\(name.string)> 与开始标签 <\(open)> 不匹配", at: lineOf(p, at))
        }
        openLengths.removeLast()
        openNames.removeLast(len)
        try handler.end(name.localName)
    }
}

@inline(__always) private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
@inline(__always) private func isNameStart(_ b: UInt8) -> Bool {
    (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b == 0x3A || b >= 0x80
}
@inline(__always) private func isNameChar(_ b: UInt8) -> Bool {
    isNameStart(b) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E
}

private func find2(_ base: UnsafePointer<UInt8>, from: Int, to n: Int, _ a: UInt8, _ b: UInt8) -> Int? {
    var k = from
    while k + 1 < n { if base[k] == a && base[k + 1] == b { return k }; k += 1 }
    return nil
}

private func find3(_ base: UnsafePointer<UInt8>, from: Int, to n: Int, _ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
    var k = from
    while k + 2 < n { if base[k] == a && base[k + 1] == b && base[k + 2] == c { return k }; k += 1 }
    return nil
}

/// What a scanner reports. Names are local names (`x:row` arrives as `row`).
/// Self-closing elements arrive as `start` then `end`.
protocol XMLHandler {
    mutating func start(_ name: XMLBytes, _ attributes: XMLAttributes) throws(RosterError)
    mutating func end(_ name: XMLBytes) throws(RosterError)
    /// Raw character data (entities not yet decoded; use `decoded`), or a CDATA section's text.
    mutating func text(_ text: XMLBytes, isCDATA: Bool) throws(RosterError)
}

/// A byte slice of the scanner's buffer; valid only during the callback.
struct XMLBytes {
    let start: UnsafePointer<UInt8>
    let count: Int

    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

    func equals(_ s: StaticString) -> Bool {
        s.utf8CodeUnitCount == count && memcmp(start, s.utf8Start, count) == 0
    }

    /// After the last `:`.
    var localName: XMLBytes {
        var k = count - 1
        while k >= 0, start[k] != UInt8(ascii: ":") { k -= 1 }
        return k < 0 ? self : XMLBytes(start: start + k + 1, count: count - k - 1)
    }

    var string: String { String(decoding: buffer, as: UTF8.self) }

    var isWhitespace: Bool {
        for k in 0..<count where !isSpace(start[k]) { return false }
        return true
    }

    /// Entities and character references decoded, `\r\n` and lone `\r` normalised to `\n`
    /// (XML end-of-line handling; `&#13;` still gives a carriage return).
    var decoded: String {
        if memchr(start, 0x26, count) == nil && memchr(start, 0x0D, count) == nil { return string }
        var out: [UInt8] = []
        out.reserveCapacity(count)
        appendDecoded(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the decoded bytes (see `decoded`).
    func appendDecoded(to out: inout [UInt8]) {
        var k = 0
        while k < count {
            let b = start[k]
            if b == 0x0D {
                out.append(0x0A)
                if k + 1 < count, start[k + 1] == 0x0A { k += 1 }
                k += 1
            } else if b == 0x26, let (scalar, len) = entity(at: k) {
                out.append(contentsOf: String(Character(scalar)).utf8)
                k += len
            } else {
                out.append(b); k += 1
            }
        }
    }

    /// The entity at `k` (which is `&`) and its length, or nil when it is not valid.
    private func entity(at k: Int) -> (Unicode.Scalar, Int)? {
        var e = k + 1
        while e < count, e - k <= 12, start[e] != UInt8(ascii: ";") { e += 1 }
        guard e < count, start[e] == UInt8(ascii: ";") else { return nil }
        let body = XMLBytes(start: start + k + 1, count: e - k - 1)
        let len = e - k + 1
        if body.equals("amp") { return ("&", len) }
        if body.equals("lt") { return ("<", len) }
        if body.equals("gt") { return (">", len) }
        if body.equals("quot") { return ("\"", len) }
        if body.equals("apos") { return ("'", len) }
        guard body.count >= 2, body.start[0] == UInt8(ascii: "#") else { return nil }
        var v: UInt32 = 0
        let hex = body.start[1] == UInt8(ascii: "x")
        let digits = hex ? 2 : 1
        guard body.count > digits else { return nil }
        for m in digits..<body.count {
            let c = body.start[m]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x61...0x66 where hex: d = UInt32(c - 0x61 + 10)
            case 0x41...0x46 where hex: d = UInt32(c - 0x41 + 10)
            default: return nil
            }
            v = v * (hex ? 16 : 10) + d
            if v > 0x10FFFF { return nil }
        }
        guard v != 0, let scalar = Unicode.Scalar(v) else { return nil }
        return (scalar, len)
    }

    /// The first `&…` that is not a valid entity, as text, or nil.
    func firstInvalidEntity() -> String? {
        guard var hit = memchr(start, 0x26, count) else { return nil }
        while true {
            let k = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - start
            guard let (_, len) = entity(at: k) else {
                let end = min(count, k + 12)
                return String(decoding: UnsafeBufferPointer(start: start + k, count: end - k), as: UTF8.self)
            }
            guard k + len < count, let next = memchr(start + k + len, 0x26, count - k - len) else { return nil }
            hit = next
        }
    }

    /// A non-negative decimal integer, or nil.
    var intValue: Int? {
        var v = 0
        var any = false
        for k in 0..<count {
            let c = start[k]
            if isSpace(c) { if any { break } else { continue } }
            guard c >= 0x30, c <= 0x39, v < Int.max / 10 - 10 else { return nil }
            v = v * 10 + Int(c - 0x30); any = true
        }
        return any ? v : nil
    }
}

struct XMLAttributeSlot {
    let name: XMLBytes
    let value: XMLBytes
}

struct XMLAttributes {
    let slots: [XMLAttributeSlot]

    /// The raw value of the attribute with this local name (`r:id` matches `id`); namespace
    /// declarations are skipped.
    func raw(_ localName: StaticString) -> XMLBytes? {
        for slot in slots {
            let n = slot.name
            if n.count >= 5, memcmp(n.start, "xmlns", 5) == 0 { continue }
            if n.localName.equals(localName) { return slot.value }
        }
        return nil
    }

    /// The decoded value of the attribute with this local name.
    func string(_ localName: StaticString) -> String? { raw(localName)?.decoded }

    /// An attribute with this exact qualified name, e.g. `r:id`.
    func raw(qualified: StaticString) -> XMLBytes? {
        slots.first { $0.name.equals(qualified) }?.value
    }
}
