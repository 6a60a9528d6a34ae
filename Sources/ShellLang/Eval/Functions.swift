import RosterData

/// One parameter of a function.
public struct Parameter: Sendable, Hashable {
    public var name: String
    /// Other labels it answers to (中文, e.g. `级别`).
    public var aliases: [String]
    public var optional: Bool
    /// Evaluated once per item of the function's first argument (a list), with the item's
    /// fields in scope and `it` naming the item: `all(assessments, result == "合格")`.
    public var isPredicate: Bool
    /// Takes every remaining positional argument (`min(a, b, c)`); must be the last parameter.
    public var variadic: Bool

    public init(name: String, aliases: [String] = [], optional: Bool = false, isPredicate: Bool = false,
                variadic: Bool = false) {
        self.name = name; self.aliases = aliases; self.optional = optional
        self.isPredicate = isPredicate; self.variadic = variadic
    }

    public func answers(to label: String) -> Bool { label == name || aliases.contains(label) }
}

/// A function callable from expressions: a built-in, or one registered by another target
/// (`eligible(level:"工程师")`, `verdict()`, `rule("R7")`).
public struct FunctionDefinition {
    public var name: String
    /// 中文 names.
    public var aliases: [String]
    public var parameters: [Parameter]
    public var summary: String
    /// An expression using the function, and what it shows (`formatValue`), for help and docs.
    public var example: String
    public var exampleOutput: String
    /// Called once per compiled call site, with the arguments' literal values; may check them
    /// (throwing a `Diagnostic` with `arguments.range(of:)`) and return state that every
    /// evaluation of that site sees as `CallArguments.state` (e.g. a compiled regex).
    public var prepare: ((CompileTimeArguments) throws -> AnyObject?)?
    public var implementation: (CallArguments, inout EvaluationContext) throws -> Value
    /// The type of every non-null result, when it is always the same (`years` → number):
    /// lets the compiler report `years(d) + "x"` before any row is read.
    public var resultType: StaticType?

    public init(name: String, aliases: [String] = [], parameters: [Parameter], summary: String,
                example: String = "", exampleOutput: String = "",
                prepare: ((CompileTimeArguments) throws -> AnyObject?)? = nil,
                implementation: @escaping (CallArguments, inout EvaluationContext) throws -> Value) {
        self.name = name; self.aliases = aliases; self.parameters = parameters; self.summary = summary
        self.example = example; self.exampleOutput = exampleOutput; self.prepare = prepare
        self.implementation = implementation
    }

    /// `years(from, to?)`.
    public var signature: String {
        name + "(" + parameters.map { p in
            (p.variadic ? "…" : "") + p.name + (p.optional ? "?" : "")
        }.joined(separator: ", ") + ")"
    }

    public func parameterIndex(_ label: String) -> Int? { parameters.firstIndex { $0.answers(to: label) } }
}

/// Functions by English name or 中文 alias.
public final class FunctionRegistry {
    public private(set) var all: [FunctionDefinition] = []
    var byName: [String: Int] = [:]

    public init() {}

    public static func withBuiltins() -> FunctionRegistry {
        let r = FunctionRegistry()
        for f in Builtins.all { r.register(f) }
        return r
    }

    /// Adds a function, replacing one of the same name.
    public func register(_ f: FunctionDefinition) {
        if let i = byName[f.name] {
            all[i] = f
        } else {
            all.append(f)
        }
        let i = byName[f.name] ?? all.count - 1
        byName[f.name] = i
        for a in f.aliases { byName[a] = i }
    }

    public func lookup(_ name: String) -> FunctionDefinition? { byName[name].map { all[$0] } }

    /// Every name and alias, for completion and "did you mean".
    public var allNames: [String] { all.flatMap { [$0.name] + $0.aliases } }
}

/// What a function sees when called: the dataset, the current row and applicant, the
/// as-of date, and the call's source range (for errors).
public struct EvaluationContext {
    public let dataset: Dataset?
    /// Index into `dataset.applicants`; nil when evaluating without a row (`let`).
    public let row: Int?
    public let asOf: Day?
    public let callRange: SourceRange
    public let environment: Environment

    public var applicant: Applicant? {
        guard let d = dataset, let r = row, r >= 0, r < d.applicants.count else { return nil }
        return d.applicants[r]
    }

    /// The as-of date, or the error "未设置基准日期 (as-of date not set)" at the call.
    public func requireAsOf() throws -> Day {
        guard let d = asOf else { throw Diagnostic.asOfNotSet(callRange) }
        return d
    }
}

extension Diagnostic {
    static func asOfNotSet(_ r: SourceRange) -> Diagnostic {
        .error("未设置基准日期 (as-of date not set)", at: r, help: "先设置基准日期（as-of），例如 2024-12-31")
    }
}

/// Static information about one call site, shared by every evaluation.
final class CallSite {
    let function: FunctionDefinition
    let callRange: SourceRange
    let labels: [String?]
    let ranges: [SourceRange]
    /// Parameter of each written argument.
    let parameterOf: [Int]
    /// First written argument of each parameter.
    let argumentOf: [Int?]
    let predicates: [Thunk?]
    let itemDepth: Int
    let literals: [Value?]
    var state: AnyObject?
    /// Argument values of the evaluation in progress, reused across rows.
    var buffer: [Value]

    init(function: FunctionDefinition, callRange: SourceRange, labels: [String?], ranges: [SourceRange],
         parameterOf: [Int], predicates: [Thunk?], itemDepth: Int, literals: [Value?]) {
        self.function = function; self.callRange = callRange; self.labels = labels; self.ranges = ranges
        self.parameterOf = parameterOf; self.predicates = predicates; self.itemDepth = itemDepth
        self.literals = literals
        var first = [Int?](repeating: nil, count: function.parameters.count)
        for (a, p) in parameterOf.enumerated() where first[p] == nil { first[p] = a }
        self.argumentOf = first
        self.buffer = Array(repeating: .null, count: labels.count)
    }
}

/// The arguments of a call at compile time, for `FunctionDefinition.prepare`.
public struct CompileTimeArguments {
    let site: CallSite
    public var callRange: SourceRange { site.callRange }
    /// The literal value of a parameter's argument, when it was written as a literal.
    public func literal(_ parameter: String) -> Value? {
        guard let p = site.function.parameterIndex(parameter), let a = site.argumentOf[p] else { return nil }
        return site.literals[a]
    }
    public func range(of parameter: String) -> SourceRange? {
        guard let p = site.function.parameterIndex(parameter), let a = site.argumentOf[p] else { return nil }
        return site.ranges[a]
    }
    public func isGiven(_ parameter: String) -> Bool {
        guard let p = site.function.parameterIndex(parameter) else { return false }
        return site.argumentOf[p] != nil
    }
}

/// The evaluated arguments of one call, in written order, with their labels and parameters.
public struct CallArguments {
    let site: CallSite
    let values: [Value]
    let frame: Frame
    let row: Int

    /// Number of written arguments.
    public var count: Int { values.count }
    /// The i-th written argument's value (`.null` for a predicate; use `item(_:)`).
    public subscript(i: Int) -> Value { values[i] }
    /// The label as written (`级别` in `eligible(级别: "工程师")`), nil for a positional one.
    public func label(at i: Int) -> String? { site.labels[i] }
    public func isPositional(_ i: Int) -> Bool { site.labels[i] == nil }
    public func range(at i: Int) -> SourceRange { site.ranges[i] }
    /// The parameter (index into `FunctionDefinition.parameters`) an argument was bound to.
    public func parameterIndex(at i: Int) -> Int { site.parameterOf[i] }
    public var callRange: SourceRange { site.callRange }
    /// What `prepare` returned.
    public var state: AnyObject? { site.state }

    /// A parameter's value by name or alias; nil when it was not given.
    public func value(_ parameter: String) -> Value? {
        guard let p = site.function.parameterIndex(parameter) else { return nil }
        return value(parameter: p)
    }

    public func value(parameter p: Int) -> Value? {
        guard p < site.argumentOf.count, let a = site.argumentOf[p] else { return nil }
        return values[a]
    }

    public func isGiven(_ parameter: String) -> Bool { value(parameter) != nil }

    public func range(of parameter: String) -> SourceRange {
        guard let p = site.function.parameterIndex(parameter), let a = site.argumentOf[p] else { return site.callRange }
        return site.ranges[a]
    }

    /// Every argument bound to a parameter (a variadic one takes several), in order.
    public func values(_ parameter: String) -> [Value] {
        guard let p = site.function.parameterIndex(parameter) else { return [] }
        return site.parameterOf.indices.filter { site.parameterOf[$0] == p }.map { values[$0] }
    }

    /// The item function of a predicate parameter, nil when it was not given.
    public func item(_ parameter: String) -> ItemFunction? {
        site.function.parameterIndex(parameter).flatMap { item(parameter: $0) }
    }

    public func item(parameter p: Int) -> ItemFunction? {
        guard p < site.argumentOf.count, let a = site.argumentOf[p], let t = site.predicates[a] else { return nil }
        return ItemFunction(thunk: t, frame: frame, row: row, depth: site.itemDepth, range: site.ranges[a])
    }

    /// An error pointing at a parameter's argument (or the call when it was not given).
    public func error(_ message: String, at parameter: String? = nil, help: String? = nil) -> Diagnostic {
        Diagnostic.error(message, at: parameter.map { range(of: $0) } ?? site.callRange, help: help)
    }
}

/// A predicate or per-item expression, evaluated with an item in scope.
public struct ItemFunction {
    let thunk: Thunk
    let frame: Frame
    let row: Int
    let depth: Int
    /// Source range of the predicate expression.
    public let range: SourceRange

    public func callAsFunction(_ item: Value) throws -> Value {
        frame.items[depth] = item
        return try thunk(frame, row)
    }

    /// Evaluates and requires a bool or null.
    public func test(_ item: Value) throws -> Bool? {
        let v = try self(item)
        switch v {
        case .bool(let b): return b
        case .null: return nil
        default: throw Diagnostic.error("类型错误：条件的结果应为 bool，实际为 \(v.typeName)", at: range)
        }
    }
}
