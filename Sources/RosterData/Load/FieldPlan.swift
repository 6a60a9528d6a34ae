#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Enum values and aliases by raw bytes → index of the canonical value.
struct EnumMatcher: Sendable {
    let table: KeyTable
    let values: [String]
    let aliases: [String: String]

    init(values: [String], aliases: [String: String]) {
        var pairs = values.enumerated().map { ($0.element, $0.offset) }
        for (alias, canonical) in aliases { if let i = values.firstIndex(of: canonical) { pairs.append((alias, i)) } }
        table = KeyTable(pairs)
        self.values = values
        self.aliases = aliases
    }
}

/// How to read one field or sub-field straight from JSON, precomputed once.
struct FieldPlan: Sendable {
    struct Sub: Sendable {
        let key: String
        let names: [[UInt8]]
        let kind: FieldKind
        let nonNegative: Bool
        let matcher: EnumMatcher?
    }
    let key: String
    let kind: FieldKind
    let matcher: EnumMatcher?
    let subs: [Sub]
    let isSelfScore: Bool

    /// The plans of every field, in slot order (`FieldCatalog.jsonPlans`).
    static func plans(for fields: [FieldSpec]) -> [FieldPlan] { fields.map { f in
        FieldPlan(key: f.key, kind: f.kind, matcher: matcher(f.kind),
                  subs: (f.kind.subFields ?? []).map { s in
                      Sub(key: s.key, names: [Array(s.key.utf8), Array(s.label.utf8)], kind: s.kind,
                          nonNegative: FieldTyper.isNonNegative(field: f.key, sub: s.key), matcher: matcher(s.kind))
                  },
                  isSelfScore: f.key == "self_score")
    } }

    static func matcher(_ kind: FieldKind) -> EnumMatcher? {
        if case .enumeration(let v, let a) = kind { return EnumMatcher(values: v, aliases: a) }
        return nil
    }
}

/// `continuing_education[2].public`, built only when an error or warning needs it.
struct FieldPath {
    let field: String
    var index = 0
    var sub: String? = nil

    var text: String {
        var s = field
        if index > 0 { s += "[\(index)]" }
        if let sub { s += "." + sub }
        return s
    }
    /// nil for the field itself (the error's field is then the catalog key).
    var subText: String? { index > 0 || sub != nil ? text : nil }
}

func jsonTypeName(_ v: Value) -> String {
    switch v {
    case .null: return "null"
    case .bool: return "布尔值"
    case .int, .double: return "数字"
    case .string: return "字符串"
    case .date: return "日期"
    case .list: return "数组"
    case .object: return "对象"
    }
}

extension JSONRosterLoader {
    /// Reads the generic value at `r.pos` and describes it as the wrong type.
    func mismatch(_ r: inout JSONReader, _ expected: String, _ path: FieldPath) throws -> TypingProblem {
        if let w = r.nonJSONNumber() {
            r.pos += w.utf8.count
            return TypingProblem(message: JSONReader.nonJSONNumberMessage, value: w, path: path.subText)
        }
        let v = try r.readValue()
        var hint = ""
        if case .string = v, expected == "数字" || expected == "整数" || expected.hasPrefix("布尔值") {
            hint = "（JSON 中的\(expected.hasPrefix("布尔值") ? "布尔值写 true/false，" : "数字")不加引号；“是”“78”这样的文字写法只用于 CSV 单元格）"
        }
        return TypingProblem(message: "类型错误：应为\(expected)，实际为\(jsonTypeName(v))\(hint)", value: jsonText(v), path: path.subText)
    }

    /// `""` or a string of only blanks at `r.pos` (consumed: true); anything else leaves `r.pos` as it was.
    /// In a non-text field such a string means not known (roster-format.md, "Not known").
    func blankString(_ r: inout JSONReader) throws -> Bool {
        guard r.peek() == 0x22 else { return false }
        let save = r.pos
        if let (_, n, _) = try r.scanPlainString(), n == 0 { return true }
        r.pos = save
        if isBlank(try r.readString()) { return true }
        r.pos = save
        return false
    }

    /// An item of a list whose items are keyed by year (`continuing_education`, `assessments`)
    /// must have its year.
    func checkYear(_ item: Record, subs: [FieldPlan.Sub], path: FieldPath) throws {
        guard subs.first?.key == "year", item["year"] == nil else { return }
        let f = catalog.field(named: path.field)
        throw TypingProblem(message: "\(f?.label ?? path.field)（\(path.field)）第 \(path.index) 项缺少年度 year：每一项都须写明年度（如 \"year\": 2023）",
                            value: nil, path: path.text)
    }

    /// A field's value read and typed in one pass (no generic intermediate).
    /// Throws `TypingProblem` for a value that does not fit, `JSONSyntaxError` for bad JSON.
    mutating func readTyped(_ r: inout JSONReader, kind: FieldKind, matcher: EnumMatcher?, subs: [FieldPlan.Sub],
                            nonNegative: Bool, selfScore: Bool, path: FieldPath) throws -> Value {
        let c = r.peek()
        if c == 0x6E { try r.literal("null"); return .null }
        switch kind {
        case .string:
            guard c == 0x22 else { throw try mismatch(&r, "字符串", path) }
            return .string(try r.readString())
        case .int, .number:
            guard c == 0x2D || (c >= 0x30 && c <= 0x39) else {
                if try blankString(&r) { return .null }
                throw try mismatch(&r, kind == .int ? "整数" : "数字", path)
            }
            let start = r.pos
            if let w = r.nonJSONNumber() {
                r.pos += w.utf8.count
                throw TypingProblem(message: JSONReader.nonJSONNumberMessage, value: w, path: path.subText)
            }
            let read: Result<Value, JSONSyntaxError> = Result { () throws(JSONSyntaxError) -> Value in try r.readNumber() }
            var v: Value
            switch read {
            case .success(let n): v = n
            case .failure(let e):
                guard e.message.hasPrefix(JSONReader.outOfRangeMessage) else { throw e }
                r.pos = start
                let w = r.token()
                r.pos += w.utf8.count
                throw TypingProblem(message: JSONReader.outOfRangeMessage, value: w, path: path.subText)
            }
            let base = r.p, end = r.pos
            func text() -> String { String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self) }
            if kind == .int, case .double = v {
                guard let i = v.intValue else { throw TypingProblem(message: "应为整数", value: text(), path: path.subText) }
                v = .int(i)
            }
            if selfScore || nonNegative, let d = v.numberValue {
                if selfScore, !(0...100).contains(d) { throw TypingProblem(message: "自评分应在 0–100 之间", value: text(), path: nil) }
                if nonNegative, d < 0 { throw TypingProblem(message: "不能为负数", value: text(), path: path.subText) }
            }
            return v
        case .bool:
            if c == 0x74 { try r.literal("true"); return .bool(true) }
            if c == 0x66 { try r.literal("false"); return .bool(false) }
            if try blankString(&r) { return .null }
            throw try mismatch(&r, "布尔值 true/false", path)
        case .date:
            guard c == 0x22 else { throw try mismatch(&r, "日期字符串（YYYY-MM-DD）", path) }
            if let (s, n, ascii) = try r.scanPlainString() {
                if n == 10, let d = isoDate(r.p + s) { return .date(d) }
                return try typer.date(try r.makeString(s, n, ascii: ascii), path: path.text)
            }
            return try typer.date(try r.readString(), path: path.text)
        case .enumeration(let values, let aliases):
            guard c == 0x22 else { throw try mismatch(&r, "字符串", path) }
            if let (s, n, ascii) = try r.scanPlainString() {
                if n == 0 { return .null }
                if let m = matcher, let i = m.table.lookup(r.p + s, n) { return .string(m.values[i]) }
                return try typer.enumeration(try r.makeString(s, n, ascii: ascii), values: values, aliases: aliases, path: path.text)
            }
            return try typer.enumeration(try r.readString(), values: values, aliases: aliases, path: path.text)
        case .stringList:
            guard c == 0x5B else {
                if try blankString(&r) { return .null }
                throw try mismatch(&r, "字符串列表", path)
            }
            try r.enter()
            r.pos += 1
            var items: [Value] = []
            r.skipWhitespace()
            if r.peek() == 0x5D { r.pos += 1; r.depth -= 1; return .list(items) }
            while true {
                r.skipWhitespace()
                guard r.peek() == 0x22 else {
                    var p = path; p.index = items.count + 1
                    throw try mismatch(&r, "字符串", p)
                }
                items.append(.string(try r.readString()))
                r.skipWhitespace()
                if r.peek() == 0x2C { r.pos += 1; continue }
                if r.peek() == 0x5D { r.pos += 1; break }
                throw r.unexpected("',' 或 ']'")
            }
            r.depth -= 1
            return .list(items)
        case .objectList:
            guard c == 0x5B else {
                if try blankString(&r) { return .null }
                throw try mismatch(&r, "对象列表", path)
            }
            try r.enter()
            r.pos += 1
            var items: [Value] = []
            r.skipWhitespace()
            if r.peek() == 0x5D { r.pos += 1; r.depth -= 1; return .list(items) }
            while true {
                r.skipWhitespace()
                var p = path; p.index = items.count + 1
                guard r.peek() == 0x7B else { throw try mismatch(&r, "对象", p) }
                let item = try readSubObject(&r, subs: subs, path: p)
                try checkYear(item, subs: subs, path: p)
                items.append(.object(item))
                r.skipWhitespace()
                if r.peek() == 0x2C { r.pos += 1; continue }
                if r.peek() == 0x5D { r.pos += 1; break }
                throw r.unexpected("',' 或 ']'")
            }
            r.depth -= 1
            return .list(items)
        case .object:
            guard c == 0x7B else {
                if try blankString(&r) { return .null }
                throw try mismatch(&r, "对象", path)
            }
            return .object(try readSubObject(&r, subs: subs, path: path))
        }
    }

    /// A list item or `photo`: sub-fields (by key or label) in catalog order, then
    /// unknown keys in file order.
    mutating func readSubObject(_ r: inout JSONReader, subs: [FieldPlan.Sub], path: FieldPath) throws -> Record {
        try r.enter()
        r.pos += 1
        // Items nearly always come in catalog order: append as they come, remember the
        // sub-field index of each, and reorder only when needed.
        var out = Record()
        out.keys.reserveCapacity(subs.count)
        out.values.reserveCapacity(subs.count)
        var order: UInt64 = 0        // 4 bits per entry: sub index + 1 (0 = unknown key)
        var seen: UInt32 = 0
        var sorted = true
        var last = -1
        var sawExtra = false
        r.skipWhitespace()
        if r.peek() == 0x7D { r.pos += 1 } else {
            while true {
                r.skipWhitespace()
                guard r.peek() == 0x22 else { throw r.unexpected("键（带引号的字符串）") }
                var j: Int? = nil
                var keyText: String? = nil
                if let (s, n, ascii) = try r.scanPlainString() {
                    search: for i in 0..<subs.count {
                        for name in subs[i].names where name.count == n {
                            if name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, r.p + s, n) == 0 }) { j = i; break search }
                        }
                    }
                    if j == nil { keyText = try r.makeString(s, n, ascii: ascii) }
                } else {
                    let k = try r.readString()
                    j = subs.firstIndex { $0.names.contains(Array(k.utf8)) }
                    keyText = k
                }
                try r.colon()
                if let j {
                    var p = path; p.sub = subs[j].key
                    if seen & (1 << j) != 0 {
                        throw TypingProblem(message: "同一对象中字段出现两次（键与中文标签指同一字段）", value: subs[j].key, path: p.text)
                    }
                    seen |= 1 << j
                    let v = try readTyped(&r, kind: subs[j].kind, matcher: subs[j].matcher, subs: [],
                                          nonNegative: subs[j].nonNegative, selfScore: false, path: p)
                    if !v.isNull {
                        if j < last || sawExtra { sorted = false }
                        last = j
                        if out.keys.count < 16 { order |= UInt64(j + 1) << (4 * UInt64(out.keys.count)) }
                        out.keys.append(subs[j].key); out.values.append(v)
                    }
                } else if let k = keyText {
                    if out.keys.contains(k) {
                        var p = path; p.sub = k
                        throw TypingProblem(message: "同一对象中键出现两次", value: k, path: p.text)
                    }
                    sawExtra = true
                    out.keys.append(k); out.values.append(try r.readValue())
                }
                r.skipWhitespace()
                if r.peek() == 0x2C { r.pos += 1; continue }
                if r.peek() == 0x7D { r.pos += 1; break }
                throw r.unexpected("',' 或 '}'")
            }
        }
        r.depth -= 1
        if sorted || out.keys.count > 16 { return out }
        // Sub-fields in catalog order, then unknown keys in file order.
        var idx = Array(0..<out.keys.count)
        func rank(_ i: Int) -> Int {
            let code = Int((order >> (4 * UInt64(i))) & 0xF)
            return code == 0 ? 100 + i : code - 1
        }
        idx.sort { rank($0) < rank($1) }
        var re = Record()
        for i in idx { re.keys.append(out.keys[i]); re.values.append(out.values[i]) }
        return re
    }
}

/// `YYYY-MM-DD` from 10 raw bytes.
@inline(__always) func isoDate(_ b: UnsafePointer<UInt8>) -> Day? {
    guard b[4] == 0x2D, b[7] == 0x2D else { return nil }
    var ok = true
    @inline(__always) func num(_ from: Int, _ to: Int) -> Int {
        var n = 0
        for i in from..<to {
            let c = b[i]
            if c < 0x30 || c > 0x39 { ok = false }
            n = n &* 10 &+ Int(c &- 0x30)
        }
        return n
    }
    let y = num(0, 4), m = num(5, 7), d = num(8, 10)
    guard ok else { return nil }
    return Day(y, m, d)
}
