import Foundation
import RosterData

/// A compiled node: evaluates for a row (-1: no row).
typealias Thunk = (Frame, Int) throws -> Value

/// Per-evaluation state shared by the closures of one compiled expression.
final class Frame {
    let dataset: Dataset?
    let applicants: ApplicantTable
    let asOf: Day?
    let environment: Environment
    /// Items of the enclosing predicates, by nesting depth (a fixed buffer: no exclusivity
    /// checks or copy-on-write in the per-item loop).
    let items: UnsafeMutablePointer<Value>
    let itemCount: Int

    init(dataset: Dataset?, asOf: Day?, environment: Environment, itemDepth: Int) {
        self.dataset = dataset
        self.applicants = dataset?.applicants ?? ApplicantTable()
        self.asOf = asOf
        self.environment = environment
        self.itemCount = max(1, itemDepth)
        self.items = UnsafeMutablePointer<Value>.allocate(capacity: itemCount)
        self.items.initialize(repeating: .null, count: itemCount)
    }

    deinit {
        items.deinitialize(count: itemCount)
        items.deallocate()
    }
}

/// Strings compare by Unicode code points (UTF-8 bytes), without normalisation: fast and
/// deterministic. (Swift's `==` on non-ASCII text normalises on every call.)
@inline(__always)
func stringsEqual(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    let n = a.utf8.count
    guard n == b.utf8.count else { return false }
    return a.withUTF8 { pa in b.withUTF8 { pb in n == 0 || memcmp(pa.baseAddress!, pb.baseAddress!, n) == 0 } }
}

/// -1, 0, 1 by code point order.
@inline(__always)
func stringsCompare(_ a: String, _ b: String) -> Int {
    var a = a, b = b
    return a.withUTF8 { pa in
        b.withUTF8 { pb in
            let n = min(pa.count, pb.count)
            let c = n == 0 ? 0 : memcmp(pa.baseAddress!, pb.baseAddress!, n)
            if c != 0 { return c < 0 ? -1 : 1 }
            return pa.count < pb.count ? -1 : (pa.count == pb.count ? 0 : 1)
        }
    }
}

enum Ops {
    /// Equality across types: numbers compare by value, other types must match; never null.
    static func equal(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.string(let x), .string(let y)): return stringsEqual(x, y)
        case (.int(let x), .double(let y)): return Double(x) == y
        case (.double(let x), .int(let y)): return x == Double(y)
        case (.double(let x), .double(let y)): return x == y
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        default: return a == b
        }
    }

    /// `==` / `!=` with unknowns: null on either side gives null.
    @inline(__always)
    static func equals(_ a: Value, _ b: Value, negate: Bool) -> Value {
        if a.isNull || b.isNull { return .null }
        return .bool(equal(a, b) != negate)
    }

    static func typeError(_ op: String, _ a: Value, _ b: Value, _ r: SourceRange) -> Diagnostic {
        var help: String? = nil
        if (a.dateValue != nil && b.stringValue.map { Day.parse($0) != nil } == true)
            || (b.dateValue != nil && a.stringValue.map { Day.parse($0) != nil } == true) {
            help = "日期字面量不加引号，例如 2001-01-01"
        } else if (a.numberValue != nil && b.stringValue.map { Double($0) != nil } == true)
                    || (b.numberValue != nil && a.stringValue.map { Double($0) != nil } == true) {
            help = "数字不加引号"
        }
        return Diagnostic.error("类型错误：`\(op)` 不能用于 \(a.typeName) 与 \(b.typeName)", at: r, help: help)
    }

    /// `< <= > >=`: numbers, strings, dates; null gives null; other pairs are type errors.
    static func order(_ op: BinaryOperator, _ a: Value, _ b: Value, _ r: SourceRange) throws -> Value {
        let c: Int
        switch (a, b) {
        case (.null, _), (_, .null): return .null
        case (.int(let x), .int(let y)): c = x < y ? -1 : (x == y ? 0 : 1)
        case (.string(let x), .string(let y)): c = stringsCompare(x, y)
        case (.date(let x), .date(let y)): c = x < y ? -1 : (x == y ? 0 : 1)
        default:
            guard let x = a.numberValue, let y = b.numberValue else { throw typeError(op.symbol, a, b, r) }
            c = x < y ? -1 : (x == y ? 0 : 1)
        }
        switch op {
        case .less: return .bool(c < 0)
        case .lessEqual: return .bool(c <= 0)
        case .greater: return .bool(c > 0)
        default: return .bool(c >= 0)
        }
    }

    /// `x in list` (or substring `in` string), three-valued.
    static func member(_ a: Value, _ b: Value, _ r: SourceRange) throws -> Value {
        switch b {
        case .null: return .null
        case .list(let items):
            if a.isNull { return items.isEmpty ? .bool(false) : .null }
            var unknown = false
            for x in items {
                if x.isNull { unknown = true; continue }
                if equal(a, x) { return .bool(true) }
            }
            return unknown ? .null : .bool(false)
        case .string(let s):
            if a.isNull { return .null }
            guard let sub = a.stringValue else { throw typeError("in", a, b, r) }
            return .bool(sub.isEmpty || s.contains(sub))
        default:
            throw Diagnostic.error("类型错误：`in` 的右边应为 list 或 string，实际为 \(b.typeName)", at: r)
        }
    }

    /// The longest string and list `+` builds (so repeated doubling stops with an error).
    static let maxStringBytes = 16 << 20
    static let maxListItems = 1_000_000

    static func overflow(_ r: SourceRange) -> Diagnostic {
        .error("整数溢出", at: r, help: "结果超出 64 位整数范围")
    }

    static func dateAdd(_ d: Day, _ n: Int, _ r: SourceRange) throws -> Value {
        guard abs(n) < 4_000_000 else { throw Diagnostic.error("日期超出范围", at: r) }
        let out = d.adding(days: n)
        guard (1...9999).contains(out.year) else { throw Diagnostic.error("日期超出范围", at: r) }
        return .date(out)
    }

    static func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value, _ r: SourceRange) throws -> Value {
        if a.isNull || b.isNull { return .null }
        switch (op, a, b) {
        case (_, .int(let x), .int(let y)):
            switch op {
            case .add:
                let (v, o) = x.addingReportingOverflow(y); if o { throw overflow(r) }; return .int(v)
            case .subtract:
                let (v, o) = x.subtractingReportingOverflow(y); if o { throw overflow(r) }; return .int(v)
            case .multiply:
                let (v, o) = x.multipliedReportingOverflow(by: y); if o { throw overflow(r) }; return .int(v)
            case .divide:
                if y == 0 { throw divisionByZero(r) }
                let (q, o) = x.dividedReportingOverflow(by: y); if o { throw overflow(r) }
                if q * y == x { return .int(q) }
                return .double(Double(x) / Double(y))
            default:
                if y == 0 { throw divisionByZero(r) }
                let (m, o) = x.remainderReportingOverflow(dividingBy: y); if o { return .int(0) }
                return .int(m)
            }
        case (.add, .string(let x), .string(let y)):
            // Bounded: `let s = s + s` on every line must not double its way past memory.
            guard x.utf8.count + y.utf8.count <= maxStringBytes else {
                throw Diagnostic.error("字符串过长：结果超过 \(maxStringBytes >> 20) MB", at: r)
            }
            return .string(x + y)
        case (.add, .list(let x), .list(let y)):
            guard x.count + y.count <= maxListItems else {
                throw Diagnostic.error("列表过长：结果超过 \(maxListItems) 项", at: r)
            }
            return .list(x + y)
        case (.add, .date(let d), .int(let n)), (.add, .int(let n), .date(let d)): return try dateAdd(d, n, r)
        case (.subtract, .date(let d), .int(let n)):
            guard n != Int.min else { throw Diagnostic.error("日期超出范围", at: r) }
            return try dateAdd(d, -n, r)
        case (.subtract, .date(let x), .date(let y)): return .int(y.days(to: x))
        default:
            guard let x = a.numberValue, let y = b.numberValue else {
                var d = typeError(op.symbol, a, b, r)
                if op == .add, a.stringValue != nil || b.stringValue != nil {
                    d.help = "`+` 只连接两个字符串"
                }
                if a.dateValue != nil || b.dateValue != nil, d.help == nil {
                    d.help = "日期可以加减整数天数（date + 30），两个日期相减得天数"
                }
                throw d
            }
            switch op {
            case .add: return .double(x + y)
            case .subtract: return .double(x - y)
            case .multiply: return .double(x * y)
            case .divide:
                if y == 0 { throw divisionByZero(r) }
                return .double(x / y)
            default:
                if y == 0 { throw divisionByZero(r) }
                return .double(x.truncatingRemainder(dividingBy: y))
            }
        }
    }

    static func divisionByZero(_ r: SourceRange) -> Diagnostic { .error("除数为零", at: r) }

    static func negate(_ a: Value, _ r: SourceRange) throws -> Value {
        switch a {
        case .null: return .null
        case .int(let x):
            guard x != Int.min else { throw overflow(r) }
            return .int(-x)
        case .double(let x): return .double(-x)
        default: throw Diagnostic.error("类型错误：`-` 不能用于 \(a.typeName)", at: r)
        }
    }

    static func not(_ a: Value, _ r: SourceRange) throws -> Value {
        switch a {
        case .null: return .null
        case .bool(let b): return .bool(!b)
        default: throw Diagnostic.error("类型错误：`not` 需要 bool，实际为 \(a.typeName)", at: r)
        }
    }

    /// Member access: objects by key (or 中文 label), lists of objects item by item.
    static func member(of base: Value, key: String, label: String?, range r: SourceRange) throws -> Value {
        switch base {
        case .null: return .null
        case .object(let rec):
            if let v = lookup(rec, key) { return v }
            if let l = label, let v = lookup(rec, l) { return v }
            return .null
        case .list(let items):
            return .list(try items.map { try member(of: $0, key: key, label: label, range: r) })
        default:
            throw Diagnostic.error("类型错误：\(base.typeName) 没有字段 `\(key)`", at: r)
        }
    }

    /// A record's value by key, comparing bytes.
    @inline(__always)
    static func lookup(_ rec: Record, _ key: String) -> Value? {
        var i = 0
        for k in rec.keys {
            if stringsEqual(k, key) { return rec.values[i] }
            i += 1
        }
        return nil
    }

    static func index(_ base: Value, _ i: Value, _ r: SourceRange, _ ir: SourceRange) throws -> Value {
        switch (base, i) {
        case (.null, _), (_, .null): return .null
        case (.list(let items), _):
            guard let n = i.intValue else {
                throw Diagnostic.error("类型错误：下标应为整数，实际为 \(i.typeName)", at: ir)
            }
            return n >= 0 && n < items.count ? items[n] : .null
        case (.string(let s), _):
            guard let n = i.intValue else {
                throw Diagnostic.error("类型错误：下标应为整数，实际为 \(i.typeName)", at: ir)
            }
            guard n >= 0, n < s.count else { return .null }
            return .string(String(s[s.index(s.startIndex, offsetBy: n)]))
        case (.object(let rec), .string(let k)): return rec[k] ?? .null
        default:
            throw Diagnostic.error("类型错误：\(base.typeName) 不能用 \(i.typeName) 下标", at: r)
        }
    }
}
