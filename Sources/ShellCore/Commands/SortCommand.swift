import RosterData
import ShellLang
import TitleRules

/// `sort by EXPR [asc|desc], …` — a stable sort of the view; unknown values go last.
struct SortCommand: ShellCommand {
    static let name = "sort"
    static let group = CommandGroup.query
    static let summary = "排序当前视图（稳定排序；未知值排最后）"
    static let usage = "sort by EXPR [asc|desc], …   |   sort roster"
    static let details = "多个键依次比较；相同者保持原顺序。"
    /// With the pack's 花名册 order: routes, then specialty within its `specialty_routes`.
    static func details(for pack: RulePack?) -> String {
        guard let pack else { return details }
        return details + "`sort roster` 按花名册顺序（附件3：申报方式顺序，\(pack.rosterSpecialtyRoutes.joined(separator: "、"))内按评审专业拼音，再按申报编号）。"
    }
    static let examples = ["sort by title_since", "sort by level desc, name"]

    static func run(_ input: CommandInput, _ session: Session) throws {
        let state = try session.requireCurrent(input.sourceRange(input.nameRange))
        var parser = try input.parser()
        if parser.consumeKeyword("roster") || parser.consumeKeyword("花名册") {
            try parser.expectEnd()
            guard let order = session.rosterOrder else { throw Diagnostic.failure("规则包未载入，无法按花名册排序") }
            let sorted = try order(state, state.view)
            state.pushUndo(); state.view = sorted; state.steps.append("sort roster")
            session.info("已按花名册顺序排序：\(sorted.count) 人")
            return
        }
        guard parser.consumeKeyword("by") else {
            throw Diagnostic.failure("sort 后应为 `by EXPR` 或 `roster`", range: input.argumentsRange, help: "例如：sort by title_since desc")
        }
        var keys: [(CompiledExpression, Bool)] = []
        repeat {
            let e = try parser.parseExpression()
            let desc = parser.consumeKeyword("desc") ? true : (parser.consumeKeyword("asc") ? false : false)
            keys.append((try session.compile(e, source: input.source.text(of: e.range), in: state), desc))
        } while parser.consume(",")
        try parser.expectEnd()
        // Evaluate every key once per row (row by row, so the first error is the same), then
        // sort positions by precomputed ranks: no evaluation and no text collation per comparison.
        var columns = [[Value]](repeating: [], count: keys.count)
        for k in columns.indices { columns[k].reserveCapacity(state.view.count) }
        for (n, r) in state.view.enumerated() {
            if n & 4095 == 0, session.cancelRequested { throw Diagnostic.failure("已中断（Ctrl-C），视图未改变") }
            for (k, key) in keys.enumerated() { columns[k].append(try key.0.evaluate(row: Int(r))) }
        }
        let order = ValueOrder.sortOrder(columns, descending: keys.map(\.1)) ?? sortByComparator(columns, keys.map(\.1))
        state.pushUndo()
        state.view = order.map { state.view[$0] }
        state.steps.append("sort " + input.text())
        session.info("已排序：\(state.view.count) 人")
    }

    /// The order by `compareValues` itself, for keys `ValueOrder` cannot rank (a NaN).
    static func sortByComparator(_ columns: [[Value]], _ descending: [Bool]) -> [Int] {
        let n = columns.first?.count ?? 0
        return Array(0..<n).sorted { a, b in
            for (k, desc) in descending.enumerated() {
                let x = columns[k][a], y = columns[k][b]
                var c = compareValues(x, y)
                if desc, !x.isNull, !y.isNull { c = -c }
                if c != 0 { return c < 0 }
            }
            return a < b
        }
    }
}
