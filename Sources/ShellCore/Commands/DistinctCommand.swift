import RosterData
import ShellLang

/// `distinct EXPR` — the distinct values of an expression in the view, with counts.
struct DistinctCommand: ShellCommand {
    static let name = "distinct"
    static let group = CommandGroup.query
    static let summary = "列出表达式的不同取值及人数（按值排序）"
    static let usage = "distinct EXPR"
    static let examples = ["distinct degree"]

    static func run(_ input: CommandInput, _ session: Session) throws {
        let state = try session.requireCurrent(input.sourceRange(input.nameRange))
        var parser = try input.parser()
        guard !parser.isAtEnd else { throw Diagnostic.failure("distinct 需要一个表达式", range: input.sourceRange(input.nameRange)) }
        let e = try parser.parseExpression()
        try parser.expectEnd()
        let text = input.source.text(of: e.range)
        let c = try session.compile(e, source: text, in: state)
        var counts: [Value: Int] = [:]
        for v in try session.evaluateView(c, state) { counts[v, default: 0] += 1 }
        var t = ResultTable(columns: [session.columnLabel(text), "人数"], keys: [text, "count"], personal: [session.mentionsPersonal(text), false])
        primeCollation(Array(counts.keys))
        t.rows = counts.keys.sorted { compareValues($0, $1) < 0 }.map { [$0.isNull ? .string("（未知）") : $0, .int(counts[$0]!)] }
        session.emit(t)
    }
}
