/// A typed value of the roster: what loaders produce and the language computes with.
///
/// `.null` is "not known" (a missing field, a JSON `null`, an empty non-text cell):
/// rules and the language treat it as unknown (待核实), never as false.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case date(Day)
    case list([Value])
    case object(Record)

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var dateValue: Day? { if case .date(let d) = self { return d } else { return nil } }
    public var listValue: [Value]? { if case .list(let l) = self { return l } else { return nil } }
    public var objectValue: Record? { if case .object(let o) = self { return o } else { return nil } }

    /// Integers and decimals as a Double.
    public var numberValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// Integers, and decimals with no fractional part.
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: return Int(d)
        default: return nil
        }
    }

    /// Name of the value's type, as diagnostics print it.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int, .double: return "number"
        case .string: return "string"
        case .date: return "date"
        case .list: return "list"
        case .object: return "object"
        }
    }
}

/// An ordered string-keyed object (`photo`, one `continuing_education` item, unknown fields).
/// Small by nature, so lookups are a linear scan.
public struct Record: Sendable, Hashable {
    public var keys: [String]
    public var values: [Value]

    public init() { keys = []; values = [] }
    public init(_ pairs: [(String, Value)]) {
        keys = pairs.map(\.0); values = pairs.map(\.1)
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: String) -> Value? {
        get { keys.firstIndex(of: key).map { values[$0] } }
        set {
            if let i = keys.firstIndex(of: key) {
                if let v = newValue { values[i] = v } else { keys.remove(at: i); values.remove(at: i) }
            } else if let v = newValue {
                keys.append(key); values.append(v)
            }
        }
    }

    public var pairs: Zip2Sequence<[String], [Value]> { zip(keys, values) }
}
