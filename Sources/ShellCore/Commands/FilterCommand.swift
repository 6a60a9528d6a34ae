import RosterData
import ShellLang

/// `filter EXPR` — keeps the rows of the view for which EXPR is true. Rows where it is
/// false or unknown (待核实) are dropped; `count where not (EXPR)` counts the others.
struct FilterCommand: ShellCommand {
    static let name = "filter"
    static let aliases = ["where"]
    static let group = CommandGroup.query
    static let summary = "按条件筛选当前视图（条件为真者保留）"
    static let usage = "filter EXPR"
    static let details = """
    条件未知（字段缺失、null）的行不保留：三值逻辑中只有「真」通过。
    可连续筛选；`undo` 撤销上一步，`reset` 回到整个数据集。
    """
    static let examples = ["filter level == \"工程师\" and degree in [\"本科\", \"硕士\"]", "filter 学历 == \"本科\""]

    static func run(_ input: CommandInput, _ session: Session) throws {
        let state = try session.requireCurrent(input.sourceRange(input.nameRange))
        var parser = try input.parser()
        guard !parser.isAtEnd else {
            throw Diagnostic.failure("filter 需要一个条件", range: input.sourceRange(input.nameRange), help: "例如：filter level == \"工程师\"")
        }
        let expr = try parser.parseExpression()
        try parser.expectEnd()
        let text = input.text()
        let compiled = try session.compile(expr, source: text, in: state)
        try session.requireCondition(compiled, expr, state)
        // In chunks, so Ctrl-C is noticed within a few milliseconds.
        var kept: [Int32] = []
        var start = 0
        while start < state.view.count {
            if session.cancelRequested { throw Diagnostic.failure("已中断（Ctrl-C），视图未改变") }
            let end = min(start + 32768, state.view.count)
            kept += try compiled.filterRows(Array(state.view[start..<end]))
            start = end
        }
        state.pushUndo()
        state.view = kept
        state.steps.append("filter " + text)
        session.info("筛选后 \(kept.count) / \(state.dataset.count) 人")
    }
}
