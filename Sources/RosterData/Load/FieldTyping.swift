/// Why a value does not fit its field; the loader adds file, line, record and id.
struct TypingProblem: Error {
    var message: String
    var value: String?
    /// `continuing_education[2].public` for a sub-field; nil for the field itself.
    var path: String?
}

/// Types values by the catalog's field kinds, for every loader: JSON values (which
/// must have their JSON types) and CSV cells (text forms of bools and numbers).
/// Enum values outside their list throw, or in lenient mode become `.null` and are
/// recorded in `pendingWarnings` for the loader to place.
final class FieldTyper {
    let catalog: FieldCatalog
    let lenient: Bool
    /// (field path, value, message) of lenient enum misses since the last drain.
    var pendingWarnings: [(path: String, value: String, message: String)] = []

    init(catalog: FieldCatalog, lenient: Bool) { self.catalog = catalog; self.lenient = lenient }

    // MARK: JSON

    func typeJSON(_ v: Value, slot: Int) throws(TypingProblem) -> Value {
        let spec = catalog.fields[slot]
        return try typeJSON(v, kind: spec.kind, field: spec.key, sub: nil, path: spec.key)
    }

    func typeJSON(_ v: Value, kind: FieldKind, field: String, sub: String?, path: String) throws(TypingProblem) -> Value {
        if case .null = v { return .null }
        // "" and blank-only text in a non-text field: not known (roster-format.md, "Not known").
        if kind != .string, case .string(let s) = v, isBlank(s) { return .null }
        switch kind {
        case .string:
            guard case .string = v else { throw wrongType("字符串", v, path) }
            return v
        case .int:
            switch v {
            case .int: try checkRange(v, field: field, sub: sub, path: path); return v
            case .double(let d):
                guard let i = v.intValue else { throw TypingProblem(message: "应为整数", value: jsonText(.double(d)), path: sub == nil ? nil : path) }
                let r = Value.int(i)
                try checkRange(r, field: field, sub: sub, path: path)
                return r
            default: throw wrongType("整数", v, path)
            }
        case .number:
            switch v {
            case .int, .double: try checkRange(v, field: field, sub: sub, path: path); return v
            default: throw wrongType("数字", v, path)
            }
        case .bool:
            guard case .bool = v else { throw wrongType("布尔值 true/false", v, path) }
            return v
        case .date:
            guard case .string(let s) = v else { throw wrongType("日期字符串（YYYY-MM-DD）", v, path) }
            return try date(s, path: path)
        case .enumeration(let values, let aliases):
            guard case .string(let s) = v else { throw wrongType("字符串", v, path) }
            return try enumeration(s, values: values, aliases: aliases, path: path)
        case .stringList:
            guard case .list(let items) = v else { throw wrongType("字符串列表", v, path) }
            for (i, item) in items.enumerated() {
                guard case .string = item else { throw wrongType("字符串", item, "\(path)[\(i + 1)]", forceSub: true) }
            }
            return v
        case .objectList(let subs):
            guard case .list(let items) = v else { throw wrongType("对象列表", v, path) }
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                let ip = "\(path)[\(i + 1)]"
                guard case .object(let rec) = item else { throw wrongType("对象", item, ip, forceSub: true) }
                let typed = try typeObject(rec, subs: subs, field: field, path: ip)
                if subs.first?.key == "year", typed["year"] == nil {
                    let f = catalog.field(named: field)
                    throw TypingProblem(message: "\(f?.label ?? field)（\(field)）第 \(i + 1) 项缺少年度 year：每一项都须写明年度（如 \"year\": 2023）",
                                        value: nil, path: ip)
                }
                out.append(.object(typed))
            }
            return .list(out)
        case .object(let subs):
            guard case .object(let rec) = v else { throw wrongType("对象", v, path) }
            return .object(try typeObject(rec, subs: subs, field: field, path: path))
        }
    }

    /// Sub-fields by key or label into catalog order (not-known ones left out), then
    /// unknown keys in file order. A sub-field given by key and label is an error.
    func typeObject(_ rec: Record, subs: [SubField], field: String, path: String) throws(TypingProblem) -> Record {
        var vals = [Value?](repeating: nil, count: subs.count)
        var extra = Record()
        for (k, v) in rec.pairs {
            if let j = subs.firstIndex(where: { $0.key == k || $0.label == k }) {
                let sp = path + "." + subs[j].key
                if vals[j] != nil {
                    throw TypingProblem(message: "同一对象中字段出现两次（键与中文标签指同一字段）", value: k, path: sp)
                }
                vals[j] = try typeJSON(v, kind: subs[j].kind, field: field, sub: subs[j].key, path: sp)
            } else {
                extra.keys.append(k); extra.values.append(v)
            }
        }
        var out = Record()
        for j in subs.indices { if let v = vals[j], !v.isNull { out.keys.append(subs[j].key); out.values.append(v) } }
        for (k, v) in extra.pairs { out.keys.append(k); out.values.append(v) }
        return out
    }

    private func wrongType(_ expected: String, _ v: Value, _ path: String, forceSub: Bool = false) -> TypingProblem {
        let isSub = forceSub || path.contains(".") || path.contains("[")
        return TypingProblem(message: "类型错误：应为\(expected)，实际为\(jsonTypeName(v))", value: jsonText(v), path: isSub ? path : nil)
    }

    private func jsonTypeName(_ v: Value) -> String {
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

    // MARK: shared checks

    func date(_ s: String, path: String) throws(TypingProblem) -> Value {
        if let d = fastISODate(s) { return .date(d) }
        let t = trimBlanks(s)
        if t.isEmpty { return .null }
        if let d = Day.parse(t) { return .date(d) }
        throw TypingProblem(message: "无法识别的日期（应为 YYYY-MM-DD、YYYY/M/D、YYYY.M.D、YYYY年M月D日 或精确到月的 YYYY-MM 等）",
                            value: s, path: subPath(path))
    }

    /// An enum value: blanks around it ignored, blank-only text not known; else its canonical
    /// spelling (the value itself or one of its aliases — only `route` has aliases), or an error
    /// naming the allowed values (lenient: not known and a warning).
    func enumeration(_ s: String, values: [String], aliases: [String: String], path: String) throws(TypingProblem) -> Value {
        let t = trimBlanks(s)
        if t.isEmpty { return .null }
        if let c = FieldTyper.canonicalEnum(t, values: values, aliases: aliases) { return .string(c) }
        let message = "不在允许的取值中（允许：\(values.joined(separator: "、"))）"
        if lenient {
            pendingWarnings.append((path, s, "不在允许的取值中，按未知处理（允许：\(values.joined(separator: "、"))）"))
            return .null
        }
        throw TypingProblem(message: message, value: s, path: subPath(path))
    }

    /// The canonical spelling of an enum value: itself or an alias of the pack's vocabulary
    /// (2024: `route` only, ASCII parentheses and short forms). nil when none matches — ASCII
    /// parentheses are not full-width ones unless the vocabulary lists that spelling.
    static func canonicalEnum(_ s: String, values: [String], aliases: [String: String]) -> String? {
        if let i = values.firstIndex(of: s) { return values[i] }
        return aliases[s]
    }

    func checkRange(_ v: Value, field: String, sub: String?, path: String) throws(TypingProblem) {
        guard let d = v.numberValue else { return }
        if sub == nil, field == "self_score", !(0...100).contains(d) {
            throw TypingProblem(message: "自评分应在 0–100 之间", value: jsonText(v), path: nil)
        }
        if d < 0, FieldTyper.isNonNegative(field: field, sub: sub) {
            throw TypingProblem(message: "不能为负数", value: jsonText(v), path: subPath(path))
        }
    }

    /// Hours, bytes, pixels and counts.
    static func isNonNegative(field: String, sub: String?) -> Bool {
        switch (field, sub) {
        case ("continuing_education", "public"?), ("continuing_education", "professional"?), ("continuing_education", "other"?),
             ("photo", "bytes"?), ("photo", "width"?), ("photo", "height"?):
            return true
        default:
            return false
        }
    }

    private func subPath(_ path: String) -> String? {
        path.contains(".") || path.contains("[") ? path : nil
    }

    // MARK: CSV cells

    /// A CSV cell typed by kind. An empty cell is not known; blanks around non-text
    /// values are ignored.
    func typeCell(_ raw: String, kind: FieldKind, field: String, sub: String?, path: String) throws(TypingProblem) -> Value {
        if raw.isEmpty { return .null }
        if case .string = kind { return .string(raw) }
        let s = trimBlanks(raw)
        if s.isEmpty { return .null }
        switch kind {
        case .string:
            return .string(raw)
        case .int:
            guard let v = parseNumberText(s), let i = v.intValue, !s.utf8.contains(where: { $0 == 0x2E || $0 == 0x65 || $0 == 0x45 }) else {
                throw TypingProblem(message: "应为整数", value: raw, path: subPath(path))
            }
            try checkRange(.int(i), field: field, sub: sub, path: path)
            return .int(i)
        case .number:
            guard let v = parseNumberText(s) else {
                if let d = Double(s), d.isInfinite, !s.lowercased().contains("inf") {
                    throw TypingProblem(message: JSONReader.outOfRangeMessage, value: raw, path: subPath(path))
                }
                throw TypingProblem(message: "应为数字", value: raw, path: subPath(path))
            }
            try checkRange(v, field: field, sub: sub, path: path)
            return v
        case .bool:
            guard let b = FieldTyper.parseBool(s) else {
                throw TypingProblem(message: "应为布尔值（true/false、是/否、1/0、Y/N）", value: raw, path: subPath(path))
            }
            return .bool(b)
        case .date:
            return try date(s, path: path)
        case .enumeration(let values, let aliases):
            return try enumeration(s, values: values, aliases: aliases, path: path)
        case .stringList:
            return .list(FieldTyper.splitList(raw).map { .string($0) })
        case .objectList, .object:
            throw TypingProblem(message: "列表与对象字段在 CSV 中须展开为多列", value: raw, path: subPath(path))
        }
    }

    static func parseBool(_ s: String) -> Bool? {
        switch s.lowercased() {
        case "true", "是", "1", "y": return true
        case "false", "否", "0", "n": return false
        default: return nil
        }
    }

    /// Items of a `certificates`/`honors` cell, separated by `;` or `；`, blanks trimmed,
    /// empty items dropped.
    static func splitList(_ s: String) -> [String] {
        s.split(whereSeparator: { $0 == ";" || $0 == "；" }).map { trimBlanks(String($0)) }.filter { !$0.isEmpty }
    }
}

/// A number in JSON grammar (`-`? digits, optional fraction and exponent): `.int` or `.double`.
func parseNumberText(_ s: String) -> Value? {
    var bytes = Array(s.utf8)
    if bytes.first == 0x2B { bytes.removeFirst() }   // a leading + from spreadsheets
    guard let f = bytes.first, f == 0x2D || (f >= 0x30 && f <= 0x39) else { return nil }
    return bytes.withUnsafeBufferPointer { buf -> Value? in
        var r = JSONReader(buf.baseAddress!, start: 0, end: buf.count)
        guard let v = try? r.readNumber(), r.atEnd else { return nil }
        return v
    }
}

/// A blank character: what office files put in a cell that holds nothing. ASCII space, tab,
/// CR and LF; NBSP (U+00A0, from web pages and Word); the ideographic space U+3000 (a Chinese
/// IME's full-width space); the other Unicode spaces U+2000–U+200A, U+202F, U+205F; and the
/// invisible U+200B (zero-width space) and U+FEFF (a stray byte-order mark).
/// `docs/files.md` ("Empty means not known") lists the same set.
@inline(__always) func isBlankScalar(_ c: Unicode.Scalar) -> Bool {
    switch c.value {
    case 0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x3000, 0x2000...0x200B, 0x202F, 0x205F, 0xFEFF: return true
    default: return false
    }
}

/// Empty, or only blanks (`isBlankScalar`).
func isBlank(_ s: String) -> Bool {
    if let f = s.utf8.first, f > 0x20, f < 0x7F { return false }
    return s.unicodeScalars.allSatisfy(isBlankScalar)
}

/// True when the first and the last scalar are surely not blanks, by their UTF-8 bytes: every
/// multi-byte blank (`isBlankScalar`) starts with 0xC2, 0xE2, 0xE3 or 0xEF, so text such as
/// 事业单位 is known visible at both ends without walking its scalars.
@inline(__always) func startsAndEndsVisible(_ s: String) -> Bool {
    var s = s
    return s.withUTF8 { b -> Bool in
        guard let f = b.first else { return false }
        func visibleLead(_ c: UInt8) -> Bool {
            (c > 0x20 && c < 0x7F) || (c >= 0xC3 && c != 0xE2 && c != 0xE3 && c != 0xEF && c < 0xF8)
        }
        guard visibleLead(f) else { return false }
        var j = b.count - 1
        if b[j] < 0x80 { return b[j] > 0x20 && b[j] < 0x7F }
        // Back to the last scalar's lead byte.
        var steps = 0
        while j > 0, b[j] & 0xC0 == 0x80, steps < 3 { j -= 1; steps += 1 }
        return b[j] & 0xC0 == 0xC0 && visibleLead(b[j])
    }
}

/// Blanks (`isBlankScalar`) trimmed at both ends.
func trimBlanks(_ s: String) -> String {
    // Common case first: starts and ends with a visible ASCII character (every blank is either
    // an ASCII control/space or a multi-byte scalar).
    let bytes = s.utf8
    if let f = bytes.first, let l = bytes.last, f > 0x20, f < 0x7F, l > 0x20, l < 0x7F { return s }
    if startsAndEndsVisible(s) { return s }
    let u = s.unicodeScalars
    guard let first = u.firstIndex(where: { !isBlankScalar($0) }) else { return "" }
    let last = u.lastIndex(where: { !isBlankScalar($0) })!
    if first == u.startIndex && last == u.index(before: u.endIndex) { return s }
    return String(u[first...last])
}

/// `YYYY-MM-DD` exactly, without going through `Day.parse` (the common case); the byte
/// check is `isoDate`, shared with the JSON plan.
@inline(__always) func fastISODate(_ s: String) -> Day? {
    var s = s
    return s.withUTF8 { b -> Day? in
        guard b.count == 10, let base = b.baseAddress else { return nil }
        return isoDate(base)
    }
}

/// A value as JSON text, short enough for an error message.
func jsonText(_ v: Value) -> String {
    var out: [UInt8] = []
    JSONWriter.appendValue(v, to: &out)
    var s = String(decoding: out, as: UTF8.self)
    if case .string(let t) = v { s = t }
    return s
}
