import RosterData

public enum UnaryOperator: String, Sendable, Hashable {
    case negate = "-"
    case not = "not"
}

public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `in` = "in", notIn = "not in"
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"

    /// Binding strength: higher binds tighter.
    public var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in, .notIn: return 4
        case .add, .subtract: return 5
        case .multiply, .divide, .remainder: return 6
        }
    }

    public var symbol: String { rawValue }
}

/// A call argument, `value` or `label: value`.
public struct Argument: Hashable, Sendable {
    public var label: String?
    public var labelRange: SourceRange?
    public var value: Expr
    public init(label: String?, labelRange: SourceRange?, value: Expr) {
        self.label = label; self.labelRange = labelRange; self.value = value
    }
}

/// An expression node. Every node carries its source range.
public indirect enum ExprKind: Hashable, Sendable {
    case literal(Value)
    /// A field, variable, derived column or `it`.
    case name(String)
    case list([Expr])
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    /// `base.name`; `nameRange` is the member name's range.
    case member(Expr, name: String, nameRange: SourceRange)
    case index(Expr, Expr)
    /// `name(arguments)`.
    case call(name: String, nameRange: SourceRange, arguments: [Argument])
}

public struct Expr: Hashable, Sendable, CustomStringConvertible {
    public var kind: ExprKind
    public var range: SourceRange
    /// Height of the tree (a leaf is 1); the parser keeps it within `Parser.maxDepth`.
    public var depth: Int

    public init(_ kind: ExprKind, range: SourceRange, depth: Int = 1) {
        self.kind = kind; self.range = range; self.depth = depth
    }

    /// Fully parenthesised form, for tests and debugging: `((a + b) * c)`.
    public var description: String {
        switch kind {
        case .literal(let v):
            if case .string = v { return jsonLiteral(v) }
            return formatValue(v).isEmpty ? "null" : formatValue(v)
        case .name(let n): return n
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .unary(let op, let e): return op == .not ? "(not \(e))" : "(-\(e))"
        case .binary(let op, let l, let r): return "(\(l) \(op.symbol) \(r))"
        case .member(let b, let n, _): return "\(b).\(n)"
        case .index(let b, let i): return "\(b)[\(i)]"
        case .call(let n, _, let args):
            return n + "(" + args.map { ($0.label.map { $0 + ": " } ?? "") + $0.value.description }.joined(separator: ", ") + ")"
        }
    }
}
