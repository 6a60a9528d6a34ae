import RosterData
import ShellLang

extension Session {
    /// Status lines (`已载入…`, `筛选…`): on stdout for tables, on stderr when the output
    /// is CSV or JSON, so that a pipe gets only data.
    public func info(_ text: String) {
        if settings.format == .table { print(text) } else { output.writeError(text + "\n") }
    }

    /// Compiles an expression against the current dataset, with the as-of date in force.
    public func compile(_ expr: Expr, source text: String = "", in state: DatasetState?) throws -> CompiledExpression {
        prepareEnvironment(mentioning: text, state: state)
        let compiled = try environment.compile(expr, dataset: state?.dataset)
        for w in compiled.warnings {
            var text = DiagnosticPrinter.render(w, source: currentSource, color: settings.color)
            if !text.hasSuffix("\n") { text += "\n" }
            collector?.blocks.append(.warning(w.message))
            output.writeError(text)
        }
        return compiled
    }

    /// Sets the environment's as-of date and derived columns before evaluation.
    func prepareEnvironment(mentioning text: String, state: DatasetState?) {
        if let d = settings.asOf {
            environment.asOf = d
        } else {
            // Only expressions that read the clock make output depend on the day.
            if readsTheClock(text) { environment.asOf = effectiveAsOf() }
            else { environment.asOf = today() }
        }
        environment.derivedColumns = state?.derived ?? [:]
        environment.qualificationDate = qualificationDate
    }

    /// The rule pack's 资历截至 (what `years(d)` counts to), when the pack loads.
    public var qualificationDate: Day? { (try? rules())?.pack.cutoff }

    /// Whether an expression's text calls `today(` or `今天(` (or `years(`/`年数(` when there
    /// is no qualification date) — as a name of its own (`ce_years(` and `继续教育年数(` do not
    /// read the clock).
    func readsTheClock(_ text: String) -> Bool {
        Session.readsTheClock(text, years: qualificationDate == nil)
    }

    static func readsTheClock(_ text: String, years: Bool = true) -> Bool {
        for word in (years ? ["years(", "年数("] : []) + ["today(", "今天("] {
            var from = text.startIndex
            while let r = text.range(of: word, range: from..<text.endIndex) {
                let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
                if let c = before, c.isLetter || c.isNumber || c == "_" {} else { return true }
                from = r.upperBound
            }
        }
        return false
    }

    /// A condition must give true, false or unknown: `filter 1` or `count where "abc"` is a
    /// type error (checked on the first row that gives a value), never a silent "false".
    func requireCondition(_ compiled: CompiledExpression, _ expr: Expr, _ state: DatasetState) throws {
        for r in state.view.prefix(64) {
            let v = try compiled.evaluate(row: Int(r))
            switch v {
            case .bool, .null: continue
            default:
                throw Diagnostic.failure("类型错误：条件的结果应为 bool（真/假/未知），实际为 \(v.typeName)", range: expr.range,
                                         help: "例如：filter level == \"工程师\"")
            }
        }
    }

    /// Evaluates `compiled` on every row of the view, polling for Ctrl-C.
    func evaluateView(_ compiled: CompiledExpression, _ state: DatasetState) throws -> [Value] {
        var out: [Value] = []
        out.reserveCapacity(state.view.count)
        for (n, r) in state.view.enumerated() {
            if n & 4095 == 0, cancelRequested { throw Diagnostic.failure("已中断（Ctrl-C），数据未改变") }
            out.append(try compiled.evaluate(row: Int(r)))
        }
        return out
    }

    /// Parses a comma-separated list of expressions with their source text.
    func parseExpressionList(_ parser: inout Parser, input: CommandInput, stopWords: [String] = []) throws -> [(Expr, String)] {
        var list: [(Expr, String)] = []
        repeat {
            if stopWords.contains(where: { parser.peekKeyword($0) }) { break }
            let e = try parser.parseExpression()
            list.append((e, input.source.text(of: e.range)))
        } while parser.consume(",")
        return list
    }
}

extension SourceFile {
    /// The text a range covers.
    public func text(of r: SourceRange) -> String {
        let u = Array(text.utf8)
        let lo = max(0, min(r.start.offset, u.count)), hi = max(lo, min(r.end.offset, u.count))
        return String(decoding: u[lo..<hi], as: UTF8.self)
    }
}

extension Parser {
    /// Whether the next token is the identifier `word` (without consuming it).
    func peekKeyword(_ word: String) -> Bool {
        var copy = self
        return copy.consumeKeyword(word)
    }
}

/// A total order on values for `sort` and grouping: nulls last; numbers, dates, strings
/// (`TextCollation`: ASCII first, Chinese by pinyin), bools each among themselves; mixed
/// types by type name.
public func compareValues(_ a: Value, _ b: Value) -> Int {
    switch (a, b) {
    case (.null, .null): return 0
    case (.null, _): return 1
    case (_, .null): return -1
    case (.date(let x), .date(let y)): return x == y ? 0 : (x < y ? -1 : 1)
    case (.string(let x), .string(let y)): return TextCollation.compare(x, y)
    case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
    case (.list(let x), .list(let y)):
        for (p, q) in zip(x, y) { let c = compareValues(p, q); if c != 0 { return c } }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    default:
        if let x = a.numberValue, let y = b.numberValue { return x == y ? 0 : (x < y ? -1 : 1) }
        let ta = a.typeName, tb = b.typeName
        if ta != tb { return ta < tb ? -1 : 1 }
        let sa = formatValue(a), sb = formatValue(b)
        return sa == sb ? 0 : (sa < sb ? -1 : 1)
    }
}
