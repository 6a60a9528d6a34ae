import Foundation
import RosterData
import Yams

/// A rule-pack load or validation failure, naming the key path (`rules[3].params.years`)
/// and, when known, the line in the pack file.
public struct RulePackError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var path: String
    public var line: Int?
    /// The column on `line` (shown by `rules check`; the description names the line only).
    public var column: Int?
    public var message: String

    public init(file: String, path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file; self.path = path; self.line = line; self.column = column; self.message = message
    }

    public var description: String {
        let loc = line.map { "\(file):\($0)" } ?? file
        return path.isEmpty ? "\(loc): \(message)" : "\(loc): \(path): \(message)"
    }
}

/// A YAML node with its key path, for validating reads. Every mapping is read through
/// `keys(required:optional:)`, which rejects keys the pack format does not know.
struct PackNode {
    let node: Node
    let path: String
    let file: String

    func error(_ message: String) -> RulePackError {
        RulePackError(file: file, path: path, line: node.mark.map { $0.line }, column: node.mark.map { $0.column }, message: message)
    }

    private func child(_ n: Node, _ sub: String) -> PackNode {
        PackNode(node: n, path: path.isEmpty ? sub : (sub.hasPrefix("[") ? path + sub : path + "." + sub), file: file)
    }

    /// The mapping's entries in file order; rejects duplicate keys.
    func entries() throws -> [(String, PackNode)] {
        guard case .mapping(let m) = node else { throw error("应为映射（key: value）") }
        var out: [(String, PackNode)] = []
        var seen = Set<String>()
        for (k, v) in m {
            guard let ks = k.string else { throw error("键必须是文字") }
            guard seen.insert(ks).inserted else { throw child(v, ks).error("键重复") }
            out.append((ks, child(v, ks)))
        }
        return out
    }

    /// Checks the mapping has every required key and nothing but the allowed ones.
    @discardableResult
    func keys(required: [String], optional: [String] = []) throws -> [String: PackNode] {
        let e = try entries()
        var dict: [String: PackNode] = [:]
        let allowed = Set(required + optional)
        for (k, v) in e {
            guard allowed.contains(k) else {
                throw v.error("未知的键 “\(k)”（可用：\((required + optional).joined(separator: ", "))）")
            }
            dict[k] = v
        }
        for r in required where dict[r] == nil { throw error("缺少键 “\(r)”") }
        return dict
    }

    func items() throws -> [PackNode] {
        guard case .sequence(let s) = node else { throw error("应为列表") }
        return s.enumerated().map { child($0.element, "[\($0.offset)]") }
    }

    var isNull: Bool {
        if case .scalar(let s) = node { return s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string) }
        return false
    }

    var isSequence: Bool { if case .sequence = node { return true } else { return false } }
    var isMapping: Bool { if case .mapping = node { return true } else { return false } }

    func string() throws -> String {
        guard case .scalar(let s) = node, !isNull else { throw error("应为文字") }
        let t = s.string.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { throw error("不能为空") }
        return s.string
    }

    func int() throws -> Int {
        guard case .scalar(let s) = node, let i = Int(s.string) else { throw error("应为整数，实为 “\(node.string ?? "?")”") }
        return i
    }

    func nonNegativeInt() throws -> Int {
        let i = try int()
        guard i >= 0 else { throw error("不能为负数：\(i)") }
        return i
    }

    func bool() throws -> Bool {
        guard case .scalar(let s) = node else { throw error("应为 true/false") }
        switch s.string { case "true", "True": return true; case "false", "False": return false
        default: throw error("应为 true/false，实为 “\(s.string)”") }
    }

    func date() throws -> Day {
        guard case .scalar(let s) = node else { throw error("应为日期 YYYY-MM-DD") }
        let t = s.string.trimmingCharacters(in: .whitespaces)
        // Only the full ISO form: a pack is written by hand, once a year, and must be exact.
        guard t.utf8.count == 10, let d = Day.parse(t), d.description == t else {
            throw error("日期无效 “\(s.string)”（应为 YYYY-MM-DD）")
        }
        return d
    }

    /// A decimal number written as text, kept exact as numerator / denominator.
    func ratio() throws -> Ratio {
        guard case .scalar(let s) = node, let r = Ratio(s.string) else { throw error("应为小数，如 0.65") }
        return r
    }

    func strings() throws -> [String] { try items().map { try $0.string() } }

    /// A quote: one string or a list of strings.
    func quotes() throws -> [String] {
        if isSequence {
            let q = try strings()
            guard !q.isEmpty else { throw error("引文不能为空") }
            return q
        }
        return [try string()]
    }

    /// A roster value for `defaults`: null, bool, int, string or a list of those.
    func value() throws -> Value {
        if isNull { return .null }
        switch node {
        case .scalar(let s):
            if s.style == .plain {
                if s.string == "true" { return .bool(true) }
                if s.string == "false" { return .bool(false) }
                if let i = Int(s.string) { return .int(i) }
            }
            return .string(s.string)
        case .sequence:
            return .list(try items().map { try $0.value() })
        default:
            throw error("默认值应为 null、true/false、数字、文字或列表")
        }
    }
}

/// An exact decimal (`0.65` = 65/100) so photo ratios compare without rounding.
public struct Ratio: Hashable, Sendable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int
    public let text: String

    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int(parts[0]), whole >= 0 else { return nil }
        var num = whole, den = 1
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].count <= 9, let frac = Int(parts[1]), frac >= 0 else { return nil }
            for _ in 0..<parts[1].count { den *= 10 }
            num = whole * den + frac
        }
        numerator = num; denominator = den; self.text = t
    }

    public var description: String { text }

    /// `self <= a / b` (b > 0), exactly.
    public func isAtMost(_ a: Int, over b: Int) -> Bool { numerator * b <= a * denominator }
    /// `self >= a / b` (b > 0), exactly.
    public func isAtLeast(_ a: Int, over b: Int) -> Bool { numerator * b >= a * denominator }
}
