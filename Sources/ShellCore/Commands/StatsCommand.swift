import RosterData
import ShellLang

/// `stats EXPR [by EXPR, …]` — count, sum, mean, min and max of a numeric or date expression.
struct StatsCommand: ShellCommand {
    static let name = "stats"
    static let group = CommandGroup.query
    static let summary = "统计：计数、合计、平均、最小、最大（可分组）"
    static let usage = "stats EXPR [by EXPR, …] [--chart]"
    static let details = "只统计已知值；「计数」是已知值的个数，「未知」是 null 的个数。日期只给最小、最大。--chart 按平均值画图，没有已知值的组不画，列在图下。"
    static let examples = ["stats self_score", "stats years(title_since) by level"]
    static let flags = [FlagSpec("--chart", "按平均值画条形图")]

    static func run(_ input: CommandInput, _ session: Session) throws {
        let state = try session.requireCurrent(input.sourceRange(input.nameRange))
        var parser = try input.parser()
        guard !parser.isAtEnd else { throw Diagnostic.failure("stats 需要一个表达式", range: input.sourceRange(input.nameRange)) }
        let e = try parser.parseExpression()
        let text = input.source.text(of: e.range)
        var groups: [(Expr, String)] = []
        if parser.consumeKeyword("by") { groups = try session.parseExpressionList(&parser, input: input) }
        try parser.expectEnd()
        let value = try session.compile(e, source: text, in: state)
        let keys = try groups.map { try session.compile($0.0, source: $0.1, in: state) }
        var acc: [[Value]: Accumulator] = [:]
        var order: [[Value]] = []
        for (n, r) in state.view.enumerated() {
            if n & 4095 == 0, session.cancelRequested { throw Diagnostic.failure("已中断（Ctrl-C）") }
            let k = try keys.map { try $0.evaluate(row: Int(r)) }
            if acc[k] == nil { acc[k] = Accumulator(); order.append(k) }
            try acc[k]!.add(try value.evaluate(row: Int(r)), range: e.range)
        }
        order.sort { a, b in
            for (x, y) in zip(a, b) { let c = compareValues(x, y); if c != 0 { return c < 0 } }
            return false
        }
        var t = ResultTable(columns: groups.map { session.columnLabel($0.1) } + ["计数", "未知", "合计", "平均", "最小", "最大"],
                            keys: groups.map(\.1) + ["count", "unknown", "sum", "mean", "min", "max"])
        for k in order {
            let a = acc[k]!
            t.rows.append(k.map { $0.isNull ? .string("（未知）") : $0 } + a.row)
        }
        if groups.isEmpty && t.rows.isEmpty { t.rows.append(Accumulator().row) }
        let dates = acc.values.contains { $0.isDate }
        if input.has("--chart"), dates, session.settings.format == .table {
            session.emit(t)
            session.print("日期没有平均值，未画图")
        } else if input.has("--chart"), !groups.isEmpty, session.settings.format == .table {
            // A group with no known value has no mean: left out of the bars (never drawn as 0), named below.
            func label(_ k: [Value]) -> String { k.map { $0.isNull ? "（未知）" : displayText($0) }.joined(separator: " / ") }
            let drawn = order.filter { acc[$0]!.count > 0 }, skipped = order.filter { acc[$0]!.count == 0 }
            if !drawn.isEmpty {
                session.emitChart(title: session.chartCaption(session.columnLabel(text) + " 平均值", groups: groups.map(\.1)), labels: drawn.map(label), values: drawn.map { acc[$0]!.mean! })
            }
            if !skipped.isEmpty {
                session.print("未画（无已知值）：" + skipped.map { "\(label($0))（\(acc[$0]!.nulls) 人）" }.joined(separator: "、"))
            }
        } else {
            session.emit(t)
        }
    }

    struct Accumulator {
        var count = 0, nulls = 0
        var sum = 0.0
        var allInt = true
        var intSum = 0
        var minV: Value = .null, maxV: Value = .null
        var isDate = false

        mutating func add(_ v: Value, range: SourceRange) throws {
            switch v {
            case .null: nulls += 1; return
            case .int(let i): sum += Double(i); try addToIntSum(i, range)
            case .double(let d): sum += d; allInt = false
            case .date: isDate = true
            case .bool(let b): sum += b ? 1 : 0; try addToIntSum(b ? 1 : 0, range)
            default:
                throw Diagnostic.failure("stats 需要数值或日期，得到 \(v.typeName)", range: range)
            }
            count += 1
            if minV.isNull || compareValues(v, minV) < 0 { minV = v }
            if maxV.isNull || compareValues(v, maxV) > 0 { maxV = v }
        }

        /// The exact integer total; past 64 bits an error at the expression, never a wrapped total.
        mutating func addToIntSum(_ i: Int, _ range: SourceRange) throws {
            let (t, overflow) = intSum.addingReportingOverflow(i)
            if overflow { throw Diagnostic.failure("整数溢出：合计超出 64 位整数范围", range: range) }
            intSum = t
        }

        var mean: Double? { count > 0 && !isDate ? sum / Double(count) : nil }

        var row: [Value] {
            let total: Value = count == 0 || isDate ? .null : (allInt ? .int(intSum) : .double(sum))
            let m: Value = mean.map { .double(($0 * 100).rounded() / 100) } ?? .null
            return [.int(count), .int(nulls), total, m, minV, maxV]
        }
    }
}
