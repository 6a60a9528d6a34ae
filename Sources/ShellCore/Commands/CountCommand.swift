import RosterData
import ShellLang

/// `count [where EXPR] [by EXPR, …] [--chart]` — how many rows of the view; by groups.
struct CountCommand: ShellCommand {
    static let name = "count"
    static let group = CommandGroup.query
    static let summary = "计数：当前视图人数，或按表达式分组计数"
    static let usage = "count [where EXPR] [by EXPR, …] [--chart]"
    static let details = """
    `count where EXPR` 只数条件为真的行；`count by EXPR` 按值分组，人数多者在前，同数按值排序；
    `count by A, B` 为交叉表，按 A、B 的值排序。
    值未知（null）的行归入「（未知）」组。--chart 在终端画横向条形图。
    """
    static let examples = ["count", "count by level", "count where degree == \"本科\" by agency", "count by agency --chart"]
    static let flags = [FlagSpec("--chart", "画条形图")]

    static func run(_ input: CommandInput, _ session: Session) throws {
        let state = try session.requireCurrent(input.sourceRange(input.nameRange))
        var parser = try input.parser()
        var condition: CompiledExpression? = nil
        if parser.consumeKeyword("where") {
            let e = try parser.parseExpression()
            condition = try session.compile(e, source: input.source.text(of: e.range), in: state)
            try session.requireCondition(condition!, e, state)
        }
        var groups: [(Expr, String)] = []
        if parser.consumeKeyword("by") {
            groups = try session.parseExpressionList(&parser, input: input)
        }
        try parser.expectEnd()
        var rows = state.view
        if let condition {
            rows = try rows.filter { r in
                if session.cancelRequested { throw Diagnostic.failure("已中断（Ctrl-C）") }
                if case .bool(true) = try condition.evaluate(row: Int(r)) { return true } else { return false }
            }
        }
        if groups.isEmpty {
            session.emit(ResultTable(columns: ["人数"], keys: ["count"], rows: [[.int(rows.count)]]))
            return
        }
        let compiled = try groups.map { try session.compile($0.0, source: $0.1, in: state) }
        var counts: [[Value]: Int] = [:]
        var firstSeen: [[Value]] = []
        for (n, r) in rows.enumerated() {
            if n & 4095 == 0, session.cancelRequested { throw Diagnostic.failure("已中断（Ctrl-C）") }
            let key = try compiled.map { try $0.evaluate(row: Int(r)) }
            if counts[key] == nil { firstSeen.append(key) }
            counts[key, default: 0] += 1
        }
        // One key: biggest groups first. Several keys: a cross table, ordered by the keys.
        let byKeys = groups.count > 1
        let ordered = firstSeen.sorted { a, b in
            let ca = counts[a]!, cb = counts[b]!
            if !byKeys, ca != cb { return ca > cb }
            for (x, y) in zip(a, b) { let c = compareValues(x, y); if c != 0 { return c < 0 } }
            return ca > cb
        }
        var table = ResultTable(columns: groups.map(\.1) + ["人数"], keys: groups.map(\.1) + ["count"],
                                personal: groups.map { session.mentionsPersonal($0.1) } + [false])
        table.rows = ordered.map { key in key.map { $0.isNull ? Value.string("（未知）") : $0 } + [.int(counts[key]!)] }
        if input.has("--chart"), session.settings.format == .table {
            session.emitChart(title: input.text(), labels: table.rows.map { $0.dropLast().map(displayText).joined(separator: " / ") },
                                          values: ordered.map { Double(counts[$0]!) })
        } else {
            table.footer = session.settings.format == .table ? "合计 \(rows.count) 人，\(ordered.count) 组" : nil
            session.emit(table)
        }
    }
}
