#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RosterData

/// A value for the screen: null is "" (the caller decides how to show it), dates ISO,
/// integral doubles without `.0`, other doubles with at most 6 decimals and no trailing
/// zeros (`2.5`, `0.333333`), lists `a; b`, objects `{key: value, …}`. Locale-independent.
public func formatValue(_ v: Value) -> String {
    switch v {
    case .null: return ""
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .double(let d): return formatDouble(d)
    case .string(let s): return s
    case .date(let d): return d.description
    case .list(let items): return items.map(formatNested).joined(separator: "; ")
    case .object(let r): return formatNested(.object(r))
    }
}

func formatNested(_ v: Value) -> String {
    switch v {
    case .null: return "null"
    case .list(let items): return "[" + items.map(formatNested).joined(separator: ", ") + "]"
    case .object(let r): return "{" + r.pairs.map { "\($0): \(formatNested($1))" }.joined(separator: ", ") + "}"
    default: return formatValue(v)
    }
}

/// `3`, `2.5`, `0.333333`, `-1.25`; at most 6 decimals, trailing zeros dropped.
public func formatDouble(_ d: Double, maxDecimals: Int = 6) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-inf" : "inf" }
    var scale = 1.0
    for _ in 0..<maxDecimals { scale *= 10 }
    let scaled = (abs(d) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9.0e15 else {
        // Too large for fixed decimals: integral part only, or Swift's shortest form.
        if d == d.rounded(), abs(d) < 9.2e18 { return String(Int64(d)) }
        return "\(d)"
    }
    let n = Int64(scaled)
    let s64 = Int64(scale)
    let intPart = n / s64
    var frac = n % s64
    let sign = (d < 0 && n != 0) ? "-" : ""
    if frac == 0 { return sign + String(intPart) }
    var digits = maxDecimals
    while frac % 10 == 0 { frac /= 10; digits -= 1 }
    let f = String(frac)
    return sign + String(intPart) + "." + String(repeating: "0", count: digits - f.count) + f
}

/// A value as JSON text: compact, keys in record order, dates as `"YYYY-MM-DD"`, integral
/// doubles as integers, non-finite numbers as `null`, non-ASCII text unescaped.
public func jsonLiteral(_ v: Value) -> String {
    var out = ""
    appendJSON(v, to: &out)
    return out
}

func appendJSON(_ v: Value, to out: inout String) {
    switch v {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .double(let d):
        if !d.isFinite { out += "null" }
        else { out += jsonNumber(d) }
    case .string(let s): appendJSONString(s, to: &out)
    case .date(let d): out += "\"\(d.description)\""
    case .list(let items):
        out += "["
        for (i, x) in items.enumerated() {
            if i > 0 { out += "," }
            appendJSON(x, to: &out)
        }
        out += "]"
    case .object(let r):
        out += "{"
        for (i, (k, x)) in r.pairs.enumerated() {
            if i > 0 { out += "," }
            appendJSONString(k, to: &out)
            out += ":"
            appendJSON(x, to: &out)
        }
        out += "}"
    }
}

/// A double as JSON: rounded to 15 significant digits (what a double holds exactly; the
/// 16th and 17th are the noise of binary arithmetic), then the shortest text that reads
/// back as that value. Integral values print without a fraction.
///
///     jsonNumber(498.29999999999995)   // "498.3"
///     jsonNumber(0.1 + 0.2)            // "0.3"
///     jsonNumber(51220)                // "51220"
///     jsonNumber(1e20)                 // "1e+20"
public func jsonNumber(_ d: Double) -> String {
    guard d.isFinite else { return "null" }
    var buf = [CChar](repeating: 0, count: 40)
    let n = buf.withUnsafeMutableBufferPointer { b in withVaList([d]) { vsnprintf(b.baseAddress!, 40, "%.15g", $0) } }
    let text = String(decoding: buf.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let r = n > 0 ? (Double(text) ?? d) : d
    if r == r.rounded(), abs(r) < 9.0e15 { return String(Int64(r)) }
    return "\(r)"
}

func appendJSONString(_ s: String, to out: inout String) {
    out += "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        default:
            if u.value < 0x20 || u.value == 0x7F || u == "\u{2028}" || u == "\u{2029}" {
                let h = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    out += "\""
}

/// A total order for sorting: numbers, then strings, dates, bools, lists, objects; null last.
/// Returns -1, 0 or 1.
public func compareForSort(_ a: Value, _ b: Value) -> Int {
    func rank(_ v: Value) -> Int {
        switch v {
        case .int, .double: return 0
        case .string: return 1
        case .date: return 2
        case .bool: return 3
        case .list: return 4
        case .object: return 5
        case .null: return 6
        }
    }
    let ra = rank(a), rb = rank(b)
    if ra != rb { return ra < rb ? -1 : 1 }
    func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
    switch (a, b) {
    case (.int(let x), .int(let y)): return cmp(x, y)
    case (.string(let x), .string(let y)): return cmp(x, y)
    case (.date(let x), .date(let y)): return cmp(x, y)
    case (.bool(let x), .bool(let y)): return cmp(x ? 1 : 0, y ? 1 : 0)
    case (.list(let x), .list(let y)):
        for (p, q) in zip(x, y) { let c = compareForSort(p, q); if c != 0 { return c } }
        return cmp(x.count, y.count)
    case (.object(let x), .object(let y)):
        return cmp(formatNested(.object(x)), formatNested(.object(y)))
    case (.null, .null): return 0
    default:
        return cmp(a.numberValue ?? 0, b.numberValue ?? 0)
    }
}
