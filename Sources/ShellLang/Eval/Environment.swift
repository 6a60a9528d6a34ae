import RosterData

/// Names and settings expressions are compiled against: the field catalog, functions,
/// variables (`let`), derived columns (`select … as NAME`) and the as-of date.
public final class Environment {
    public let functions: FunctionRegistry
    /// The fields and the enum values of the rule pack in force (`Session` sets it).
    public var catalog: FieldCatalog
    /// The as-of date: `years(d)` counts full years from `d` to it. Nil → runtime error
    /// "未设置基准日期 (as-of date not set)" where a function needs it.
    public var asOf: Day?
    /// The date 资历 is counted to (the rule pack's 资历截至, 2024-12-31 for the 2024 notice):
    /// `years(d)` without `to` counts to it, as the rules and `explain` do; the as-of date stays
    /// the status date (deadlines, `today()`). Nil → `years` counts to the as-of date.
    public var qualificationDate: Day?
    /// Variables set with `let`. `compile` captures their current values.
    public var variables: [String: Value] = [:]
    /// Columns made by `select … as NAME`, indexed by dataset row.
    public var derivedColumns: [String: [Value]] = [:]

    /// Catalog fields of the current dataset as contiguous columns, built on first use, so a
    /// filter reads memory sequentially instead of one applicant record per row.
    final class ColumnCache {
        weak var dataset: Dataset?
        var version = -1
        var columns: [Int: [Value]] = [:]
    }
    let columnCache = ColumnCache()
    /// At most this many cached columns (each `dataset.count` values).
    public var maxCachedColumns = 24

    func column(_ slot: Int, of ds: Dataset) -> [Value] {
        let c = columnCache
        if c.dataset !== ds || c.version != ds.version {
            c.dataset = ds; c.version = ds.version; c.columns = [:]
        }
        if let col = c.columns[slot] { return col }
        if c.columns.count >= maxCachedColumns { c.columns = [:] }
        let col = ds.applicants.column(slot)
        c.columns[slot] = col
        return col
    }

    public init(functions: FunctionRegistry, catalog: FieldCatalog) {
        self.functions = functions
        self.catalog = catalog
    }

    /// Resolves every name once and builds closures, so evaluating a row does no string
    /// lookups. Name order: catalog field (key or 中文 label), the dataset's unknown fields,
    /// derived columns, variables; in a predicate the item's fields and `it` come first.
    /// Unknown names are errors with "did you mean".
    public func compile(_ expr: Expr, dataset: Dataset?) throws(Diagnostic) -> CompiledExpression {
        let c = Compiler(environment: self, dataset: dataset)
        let node = try c.compile(expr)
        let frame = Frame(dataset: dataset, asOf: asOf, environment: self, itemDepth: c.maxItemDepth)
        let compiled = CompiledExpression(expression: expr, root: node.thunk, frame: frame, warnings: c.warnings,
                                          constantValue: node.constant, usesRow: c.usesRow)
        if case .name(let n) = expr.kind, dataset != nil, let slot = catalog.slot(of: n) { compiled.fieldSlot = slot }
        return compiled
    }

    /// "did you mean" for a name: the closest field (key or label), variable, derived
    /// column or function, formatted like "您是否要找 `degree`（学历）?".
    public func suggestion(for name: String, dataset: Dataset? = nil) -> String? {
        Compiler(environment: self, dataset: dataset).nameSuggestion(name, functionsOnly: false)
    }
}

/// An expression with its names resolved, ready to evaluate row after row.
/// Not thread-safe: use one per thread.
public final class CompiledExpression {
    public let expression: Expr
    /// Compile-time warnings (e.g. comparing an enum field with a value it never has).
    public let warnings: [Diagnostic]
    /// The value, when the expression is constant (literals only).
    public let constantValue: Value?
    /// True when the expression reads fields of the current row.
    public let usesRow: Bool
    /// The catalog slot when the expression is just a field of the dataset (`agency`, `学历`):
    /// a command may then read the dataset's column (codes) instead of evaluating row by row.
    public internal(set) var fieldSlot: Int?
    let root: Thunk
    let frame: Frame

    init(expression: Expr, root: @escaping Thunk, frame: Frame, warnings: [Diagnostic], constantValue: Value?,
         usesRow: Bool) {
        self.expression = expression; self.root = root; self.frame = frame; self.warnings = warnings
        self.constantValue = constantValue; self.usesRow = usesRow
    }

    /// The value for one applicant (index into `dataset.applicants`). Errors are `Diagnostic`s.
    public func evaluate(row: Int) throws -> Value {
        guard row >= 0, row < frame.applicants.count else {
            throw Diagnostic.error("行号 \(row) 超出数据集范围（共 \(frame.applicants.count) 行）", at: expression.range)
        }
        return try root(frame, row)
    }

    /// `filter` semantics: true only when the value is exactly `true` (null and false drop the row).
    public func isTrue(row: Int) throws -> Bool {
        if case .bool(true) = try evaluate(row: row) { return true }
        return false
    }

    /// `filter` over a view: the rows (dataset indices) whose value is exactly `true`, in order.
    public func filterRows(_ rows: [Int32]) throws -> [Int32] {
        let n = frame.applicants.count
        var out: [Int32] = []
        for r in rows {
            let row = Int(r)
            guard row >= 0, row < n else { _ = try evaluate(row: row); continue }
            if case .bool(true) = try root(frame, row) { out.append(r) }
        }
        return out
    }

    /// The values for the rows of a view (for `select … as NAME`, sorting, stats).
    public func values(_ rows: [Int32]) throws -> [Value] {
        var out: [Value] = []
        out.reserveCapacity(rows.count)
        for r in rows { out.append(try evaluate(row: Int(r))) }
        return out
    }

    /// The value without a row (for `let`); reading a field is an error.
    public func evaluateConstant() throws -> Value {
        if let c = constantValue { return c }
        return try root(frame, -1)
    }
}

/// The item shape of a predicate's list.
enum ItemShape {
    case fields([SubField])
    case scalar
    case unknown
}

struct ItemScope {
    var depth: Int
    var shape: ItemShape
}

/// What a value is known to be before any row is read: from a literal, the field catalog,
/// an operator's result or a function's declared result. Type errors between known types
/// are reported when the expression is compiled, so `filter self_score + "a" > 1` fails on
/// an empty view exactly as on a full one.
public enum StaticType: Sendable, Hashable {
    case bool, number, string, date, list, object

    init?(value: Value) {
        switch value {
        case .null: return nil
        case .bool: self = .bool
        case .int, .double: self = .number
        case .string: self = .string
        case .date: self = .date
        case .list: self = .list
        case .object: self = .object
        }
    }

    init?(kind: FieldKind) {
        switch kind {
        case .string, .enumeration: self = .string
        case .int, .number: self = .number
        case .date: self = .date
        case .bool: self = .bool
        case .stringList, .objectList: self = .list
        case .object: self = .object
        }
    }

    /// A harmless value of the type (no overflow, no division by zero) that the operator's
    /// own code is run on at compile time: its type errors are the ones every row would get.
    var sample: Value {
        switch self {
        case .bool: return .bool(true)
        case .number: return .int(1)
        case .string: return .string("a")
        case .date: return .date(Day(2000, 1, 1)!)
        case .list: return .list([])
        case .object: return .object(Record())
        }
    }
}

/// One compiled node.
struct Node {
    var thunk: Thunk
    var constant: Value?
    /// The catalog kind when known (a field, sub-field, or an index into a list field).
    var kind: FieldKind?
    /// "`level`（申报级别）" for warnings.
    var fieldTitle: String?
    /// The cached column, when the node reads a catalog field of the dataset.
    var column: [Value]? = nil
    /// The type an operator or function gives (nil: from the constant or kind, or unknown).
    var resultType: StaticType? = nil

    static func constant(_ v: Value) -> Node { Node(thunk: { _, _ in v }, constant: v, kind: nil, fieldTitle: nil) }

    var staticType: StaticType? {
        if let t = resultType { return t }
        if let c = constant { return StaticType(value: c) }
        return kind.flatMap(StaticType.init(kind:))
    }

    /// What the operator's code is run on at compile time: the literal itself (so the help
    /// for `graduated_on > "2020-01-01"` is the runtime one), else a sample of the type.
    var sampleValue: Value? { constant.flatMap { $0.isNull ? nil : $0 } ?? staticType?.sample }
}

final class Compiler {
    let env: Environment
    let dataset: Dataset?
    var scopes: [ItemScope] = []
    var maxItemDepth = 0
    var warnings: [Diagnostic] = []
    var usesRow = false
    /// Evaluates constant sub-expressions at compile time.
    lazy var foldFrame = Frame(dataset: nil, asOf: env.asOf, environment: env, itemDepth: 1)

    init(environment: Environment, dataset: Dataset?) {
        self.env = environment
        self.dataset = dataset
    }

    func fold(_ thunk: Thunk) -> Value? {
        do { return try thunk(foldFrame, -1) } catch { return nil }
    }

    /// Runs an operator on sample values of its operands' known types: a type error there
    /// is one every row would get, so it is reported now, with the runtime's own message and
    /// range. Returns the type of the result (nil when it is unknown or null).
    func checkTypes(_ sample: Thunk) throws(Diagnostic) -> StaticType? {
        do {
            return StaticType(value: try sample(foldFrame, -1))
        } catch let d as Diagnostic {
            if d.message.hasPrefix("类型错误") { throw d }
            return nil
        } catch {
            return nil
        }
    }

    func compile(_ e: Expr) throws(Diagnostic) -> Node {
        let r = e.range
        switch e.kind {
        case .literal(let v):
            return .constant(v)
        case .list(let items):
            var nodes: [Node] = []
            for i in items { nodes.append(try compile(i)) }
            if nodes.allSatisfy({ $0.constant != nil }) { return .constant(.list(nodes.map { $0.constant! })) }
            let thunks = nodes.map(\.thunk)
            return Node(thunk: { f, row in .list(try thunks.map { try $0(f, row) }) }, constant: nil, kind: nil, fieldTitle: nil)
        case .name(let n):
            return try compileName(n, range: r)
        case .unary(let op, let operand):
            let o = try compile(operand)
            let t = o.thunk
            let thunk: Thunk = op == .not ? { f, row in try Ops.not(try t(f, row), r) } : { f, row in try Ops.negate(try t(f, row), r) }
            if o.constant != nil, let v = fold(thunk) { return .constant(v) }
            var node = Node(thunk: thunk, constant: nil, kind: nil, fieldTitle: nil)
            if let s = o.sampleValue {
                let sample: Thunk = op == .not ? { _, _ in try Ops.not(s, r) } : { _, _ in try Ops.negate(s, r) }
                node.resultType = try checkTypes(sample)
            }
            return node
        case .binary(let op, let lhs, let rhs):
            let l = try compile(lhs), rn = try compile(rhs)
            checkEnumComparison(op, l, rn, lhs, rhs)
            let thunk = binaryThunk(op, l, rn, r)
            if l.constant != nil, rn.constant != nil, let v = fold(thunk) { return .constant(v) }
            var node = Node(thunk: thunk, constant: nil, kind: nil, fieldTitle: nil)
            if let ls = l.sampleValue, let rs = rn.sampleValue {
                node.resultType = try checkTypes(binaryThunk(op, .constant(ls), .constant(rs), r))
            } else if [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in, .notIn, .and, .or].contains(op) {
                node.resultType = .bool
            }
            return node
        case .member(let base, let name, let nameRange):
            let b = try compile(base)
            var key = name, label: String? = nil, kind: FieldKind? = nil
            if let subs = b.kind?.subFields {
                guard let s = subs.first(where: { $0.key == name || $0.label == name }) else {
                    let cands = subs.flatMap { [($0.key, "`\($0.key)`（\($0.label)）"), ($0.label, "`\($0.label)`（\($0.key)）")] }
                    throw Diagnostic.error("\(b.fieldTitle ?? "`\(base.description)`") 没有字段 `\(name)`", at: nameRange,
                                           help: Compiler.suggest(name, cands).map { "您是否要找 \($0)?" }
                                               ?? "可用字段：" + subs.map { "\($0.key)（\($0.label)）" }.joined(separator: "、"))
                }
                key = s.key; label = s.label
                if case .objectList = b.kind! { kind = nil } else { kind = s.kind }
            } else if b.kind != nil {
                throw Diagnostic.error("类型错误：\(b.fieldTitle ?? "`\(base.description)`") 是 \(b.kind!.displayName)，没有字段 `\(name)`",
                                       at: nameRange)
            }
            let t = b.thunk
            let k = key, lab = label
            let thunk: Thunk = { f, row in try Ops.member(of: try t(f, row), key: k, label: lab, range: r) }
            if b.constant != nil, let v = fold(thunk) { return .constant(v) }
            return Node(thunk: thunk, constant: nil, kind: kind,
                        fieldTitle: label.map { "`\(base.description).\(key)`（\($0)）" })
        case .index(let base, let idx):
            let b = try compile(base), i = try compile(idx)
            let bt = b.thunk, it = i.thunk, ir = idx.range
            let thunk: Thunk = { f, row in try Ops.index(try bt(f, row), try it(f, row), r, ir) }
            if b.constant != nil, i.constant != nil, let v = fold(thunk) { return .constant(v) }
            var kind: FieldKind? = nil
            if case .objectList(let subs)? = b.kind { kind = .object(subs) }
            if case .stringList? = b.kind { kind = .string }
            return Node(thunk: thunk, constant: nil, kind: kind, fieldTitle: nil)
        case .call(let name, let nameRange, let args):
            return try compileCall(name, nameRange: nameRange, args: args, range: r)
        }
    }

    // MARK: Names

    func fieldTitle(_ spec: FieldSpec) -> String { "`\(spec.key)`（\(spec.label)）" }

    func compileName(_ n: String, range r: SourceRange) throws(Diagnostic) -> Node {
        // Items of enclosing predicates, innermost first.
        var dynamicDepth: Int? = nil
        for s in scopes.reversed() {
            if n == "it" {
                let d = s.depth
                var kind: FieldKind? = nil
                if case .fields(let subs) = s.shape { kind = .object(subs) }
                return Node(thunk: { f, row in f.items[d] }, constant: nil, kind: kind, fieldTitle: nil)
            }
            switch s.shape {
            case .fields(let subs):
                if let sub = subs.first(where: { $0.key == n || $0.label == n }) {
                    let d = s.depth, key = sub.key, label = sub.label
                    return Node(thunk: { f, row in try Ops.member(of: f.items[d], key: key, label: label, range: r) },
                                constant: nil, kind: sub.kind, fieldTitle: "`\(sub.key)`（\(sub.label)）")
                }
            case .unknown:
                if dynamicDepth == nil { dynamicDepth = s.depth }
            case .scalar:
                break
            }
        }
        var outer: Node? = nil
        if let slot = env.catalog.slot(of: n) {
            let spec = env.catalog.fields[slot]
            usesRow = true
            let name = n
            if let ds = dataset {
                let col = env.column(slot, of: ds)
                outer = Node(thunk: { _, row in
                    guard row >= 0 else { throw Compiler.noRow(name, r) }
                    return col[row]
                }, constant: nil, kind: spec.kind, fieldTitle: fieldTitle(spec), column: col)
            } else {
                outer = Node(thunk: { _, row in throw Compiler.noRow(name, r) },
                             constant: nil, kind: spec.kind, fieldTitle: fieldTitle(spec))
            }
        } else if let ds = dataset, ds.extraKeys.contains(n) {
            usesRow = true
            let name = n
            outer = Node(thunk: { f, row in
                guard row >= 0 else { throw Compiler.noRow(name, r) }
                return Ops.lookup(f.applicants.extras(row), name) ?? .null
            }, constant: nil, kind: nil, fieldTitle: "`\(n)`")
        } else if let col = env.derivedColumns[n] {
            usesRow = true
            let name = n
            outer = Node(thunk: { f, row in
                guard row >= 0 else { throw Compiler.noRow(name, r) }
                return row < col.count ? col[row] : .null
            }, constant: nil, kind: nil, fieldTitle: "`\(n)`")
        } else if let v = env.variables[n] {
            outer = .constant(v)
        }
        if let d = dynamicDepth {
            let fallback = outer?.thunk
            let name = n
            return Node(thunk: { f, row in
                if case .object(let rec) = f.items[d], let v = rec[name] { return v }
                return try fallback?(f, row) ?? .null
            }, constant: nil, kind: nil, fieldTitle: nil)
        }
        if let o = outer { return o }
        if env.functions.lookup(n) != nil {
            throw Diagnostic.error("`\(n)` 是函数，调用时需要括号：`\(n)(…)`", at: r)
        }
        var help = nameSuggestion(n, functionsOnly: false).map { "您是否要找 \($0)?" }
        if n == "it" { help = "`it` 只能用在 any/all/count/sum 等函数的条件里，指当前项" }
        throw Diagnostic.error("未知字段 `\(n)`", at: r, help: help)
    }

    static func noRow(_ name: String, _ r: SourceRange) -> Diagnostic {
        .error("此处没有当前记录，不能使用字段 `\(name)`", at: r)
    }

    func nameSuggestion(_ n: String, functionsOnly: Bool) -> String? {
        var cands: [(String, String)] = []
        if !functionsOnly {
            for s in scopes.reversed() {
                if case .fields(let subs) = s.shape {
                    for sub in subs {
                        cands.append((sub.key, "`\(sub.key)`（\(sub.label)）"))
                        cands.append((sub.label, "`\(sub.label)`（\(sub.key)）"))
                    }
                }
            }
            for f in env.catalog.fields {
                cands.append((f.key, "`\(f.key)`（\(f.label)）"))
                cands.append((f.label, "`\(f.label)`（\(f.key)）"))
            }
            for k in dataset?.extraKeys ?? [] { cands.append((k, "`\(k)`")) }
            for k in env.derivedColumns.keys.sorted() { cands.append((k, "`\(k)`")) }
            for k in env.variables.keys.sorted() { cands.append((k, "变量 `\(k)`")) }
        }
        for f in env.functions.all {
            let alias = f.aliases.isEmpty ? "" : "（\(f.aliases.joined(separator: "、"))）"
            cands.append((f.name, "函数 `\(f.name)`\(alias)"))
            for a in f.aliases { cands.append((a, "函数 `\(a)`（\(f.name)）")) }
        }
        return Compiler.suggest(n, cands)
    }

    /// The closest candidate within a small edit distance (Damerau, case-insensitive).
    static func suggest(_ name: String, _ candidates: [(String, String)]) -> String? {
        let a = Array(name.lowercased())
        let limit = max(1, min(3, (a.count + 2) / 4))
        var best: (Int, String)? = nil
        for (c, display) in candidates {
            let b = Array(c.lowercased())
            if abs(a.count - b.count) > limit { continue }
            let d = editDistance(a, b)
            if d <= limit, best == nil || d < best!.0 { best = (d, display) }
        }
        return best?.1
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, prev2[j - 2] + 1) }
                cur[j] = v
            }
            prev2 = prev; prev = cur
        }
        return prev[b.count]
    }

    // MARK: Operators

    func binaryThunk(_ op: BinaryOperator, _ l: Node, _ rn: Node, _ r: SourceRange) -> Thunk {
        let lt = l.thunk, rt = rn.thunk
        switch op {
        case .and:
            return { f, row in
                let a = try lt(f, row)
                switch a {
                case .bool(false): return a
                case .bool(true), .null:
                    let b = try rt(f, row)
                    switch b {
                    case .bool(let bb): return a.isNull ? (bb ? .null : .bool(false)) : b
                    case .null: return .null
                    default: throw Diagnostic.error("类型错误：`and` 需要 bool，右边为 \(b.typeName)", at: r)
                    }
                default: throw Diagnostic.error("类型错误：`and` 需要 bool，左边为 \(a.typeName)", at: r)
                }
            }
        case .or:
            return { f, row in
                let a = try lt(f, row)
                switch a {
                case .bool(true): return a
                case .bool(false), .null:
                    let b = try rt(f, row)
                    switch b {
                    case .bool(let bb): return a.isNull ? (bb ? .bool(true) : .null) : b
                    case .null: return .null
                    default: throw Diagnostic.error("类型错误：`or` 需要 bool，右边为 \(b.typeName)", at: r)
                    }
                default: throw Diagnostic.error("类型错误：`or` 需要 bool，左边为 \(a.typeName)", at: r)
                }
            }
        case .equal, .notEqual:
            let neg = op == .notEqual
            if let col = l.column, case .string(let cs)? = rn.constant {
                // `field == "text"`: one closure, no enum round trip.
                let c = rn.constant!
                return { f, row in
                    guard row >= 0 else { return try lt(f, row) }
                    switch col[row] {
                    case .string(let s): return .bool(stringsEqual(s, cs) != neg)
                    case .null: return .null
                    case let v: return Ops.equals(v, c, negate: neg)
                    }
                }
            }
            if let c = rn.constant { return { f, row in Ops.equals(try lt(f, row), c, negate: neg) } }
            return { f, row in Ops.equals(try lt(f, row), try rt(f, row), negate: neg) }
        case .less, .lessEqual, .greater, .greaterEqual:
            if let c = rn.constant { return { f, row in try Ops.order(op, try lt(f, row), c, r) } }
            return { f, row in try Ops.order(op, try lt(f, row), try rt(f, row), r) }
        case .in, .notIn:
            let neg = op == .notIn
            func apply(_ v: Value) -> Value {
                if case .bool(let b) = v { return .bool(b != neg) }
                return v
            }
            if case .list(let items)? = rn.constant, !items.isEmpty,
               items.allSatisfy({ $0.stringValue != nil }) {
                let strings = items.compactMap(\.stringValue)
                let c = rn.constant!
                if strings.count > 32 {
                    let set = Set(strings)
                    return { f, row in
                        let a = try lt(f, row)
                        if case .string(let s) = a { return .bool(set.contains(s) != neg) }
                        return apply(try Ops.member(a, c, r))
                    }
                }
                return { f, row in
                    let a = try lt(f, row)
                    if case .string(let s) = a {
                        for x in strings where stringsEqual(s, x) { return .bool(!neg) }
                        return .bool(neg)
                    }
                    return apply(try Ops.member(a, c, r))
                }
            }
            return { f, row in apply(try Ops.member(try lt(f, row), try rt(f, row), r)) }
        case .add, .subtract, .multiply, .divide, .remainder:
            if let c = rn.constant { return { f, row in try Ops.arithmetic(op, try lt(f, row), c, r) } }
            return { f, row in try Ops.arithmetic(op, try lt(f, row), try rt(f, row), r) }
        }
    }

    /// Warns when an enum field is compared with a string it can never hold.
    func checkEnumComparison(_ op: BinaryOperator, _ l: Node, _ r: Node, _ le: Expr, _ re: Expr) {
        guard [.equal, .notEqual, .in, .notIn].contains(op) else { return }
        var pairs: [(Node, Expr)] = []
        if op == .in || op == .notIn {
            if case .list(let items) = re.kind { pairs = items.map { (l, $0) } }
        } else {
            pairs = [(l, re), (r, le)]
        }
        for (field, lit) in pairs {
            guard case .enumeration(let values, let aliases)? = field.kind,
                  case .literal(.string(let s)) = lit.kind, !values.contains(s) else { continue }
            let title = field.fieldTitle ?? "该字段"
            var help: String
            if let canon = aliases[s] {
                help = "数据中存的是 `\(canon)`；您是否要找 `\(canon)`?"
            } else if let sug = Compiler.suggest(s, values.map { ($0, "`\($0)`") }) {
                help = "您是否要找 \(sug)?"
            } else {
                help = "可取的值：" + values.joined(separator: "、")
            }
            if help.isEmpty { help = "" }
            warnings.append(Diagnostic(.warning, "\(title) 没有取值 `\(s)`，这个比较永远不成立", range: lit.range, help: help))
        }
    }

    // MARK: Calls

    func compileCall(_ name: String, nameRange: SourceRange, args: [Argument], range r: SourceRange) throws(Diagnostic) -> Node {
        guard let fn = env.functions.lookup(name) else {
            var help = nameSuggestion(name, functionsOnly: true).map { "您是否要找 \($0)?" }
            if help == nil, env.catalog.slot(of: name) != nil { help = "`\(name)` 是字段，不是函数" }
            throw Diagnostic.error("未知函数 `\(name)`", at: nameRange, help: help)
        }
        let params = fn.parameters
        var bound = [Bool](repeating: false, count: params.count)
        var parameterOf: [Int] = []
        var nextPositional = 0
        for a in args {
            var p: Int
            if let label = a.label {
                guard let i = fn.parameterIndex(label) else {
                    let cands = params.flatMap { p in ([p.name] + p.aliases).map { ($0, "`\($0)`") } }
                    let list = params.map { p in p.name + (p.aliases.isEmpty ? "" : "（\(p.aliases.joined(separator: "、"))）") }
                    throw Diagnostic.error("函数 `\(fn.name)` 没有参数 `\(label)`", at: a.labelRange ?? a.value.range,
                                           help: Compiler.suggest(label, cands).map { "您是否要找 \($0)?" }
                                               ?? (params.isEmpty ? "它不接受参数" : "参数：" + list.joined(separator: "、")))
                }
                if bound[i], !params[i].variadic {
                    throw Diagnostic.error("参数 `\(params[i].name)` 重复给出", at: a.labelRange ?? a.value.range)
                }
                p = i
            } else {
                while nextPositional < params.count, bound[nextPositional], !params[nextPositional].variadic {
                    nextPositional += 1
                }
                guard nextPositional < params.count else {
                    throw Diagnostic.error("函数 `\(fn.name)` 最多接受 \(params.count) 个参数", at: a.value.range,
                                           help: "用法：\(fn.signature)")
                }
                p = nextPositional
                if !params[p].variadic { nextPositional += 1 }
            }
            bound[p] = true
            parameterOf.append(p)
        }
        for (i, p) in params.enumerated() where !p.optional && !bound[i] {
            throw Diagnostic.error("函数 `\(fn.name)` 缺少参数 `\(p.name)`", at: r, help: "用法：\(fn.signature)")
        }
        // Non-predicate arguments first: a predicate's items come from the first parameter.
        var thunks = [Thunk?](repeating: nil, count: args.count)
        var literals = [Value?](repeating: nil, count: args.count)
        var listNode: Node? = nil
        for (a, arg) in args.enumerated() where !params[parameterOf[a]].isPredicate {
            let n = try compile(arg.value)
            thunks[a] = n.thunk
            literals[a] = n.constant
            if parameterOf[a] == 0, listNode == nil { listNode = n }
        }
        var predicates = [Thunk?](repeating: nil, count: args.count)
        let depth = scopes.count
        if parameterOf.enumerated().contains(where: { params[$0.element].isPredicate }) {
            var shape = ItemShape.unknown
            if let ln = listNode {
                switch ln.kind {
                case .objectList(let subs)?: shape = .fields(subs)
                case .stringList?: shape = .scalar
                default:
                    if case .list(let items)? = ln.constant {
                        shape = items.contains(where: { $0.objectValue != nil }) ? .unknown : .scalar
                    }
                }
            }
            scopes.append(ItemScope(depth: depth, shape: shape))
            maxItemDepth = max(maxItemDepth, depth + 1)
            for (a, arg) in args.enumerated() where params[parameterOf[a]].isPredicate {
                do {
                    predicates[a] = try compile(arg.value).thunk
                } catch {
                    scopes.removeLast()
                    throw error
                }
            }
            scopes.removeLast()
        }
        let site = CallSite(function: fn, callRange: r, labels: args.map(\.label), ranges: args.map(\.value.range),
                            parameterOf: parameterOf, predicates: predicates, itemDepth: depth, literals: literals)
        if let prepare = fn.prepare {
            do {
                site.state = try prepare(CompileTimeArguments(site: site))
            } catch let d as Diagnostic {
                throw d
            } catch {
                throw Diagnostic.error("\(error)", at: r)
            }
        }
        let n = args.count
        let impl = fn.implementation
        let thunk: Thunk = { f, row in
            for a in 0..<n {
                if let t = thunks[a] { site.buffer[a] = try t(f, row) }
            }
            let arguments = CallArguments(site: site, values: site.buffer, frame: f, row: row)
            var ctx = EvaluationContext(dataset: f.dataset, row: row >= 0 ? row : nil, asOf: f.asOf,
                                        callRange: r, environment: f.environment)
            do {
                return try impl(arguments, &ctx)
            } catch let d as Diagnostic {
                throw d
            } catch {
                throw Diagnostic.error("\(fn.name)：\(error)", at: r)
            }
        }
        var node = Node(thunk: thunk, constant: nil, kind: nil, fieldTitle: nil)
        node.resultType = fn.resultType
        return node
    }
}
