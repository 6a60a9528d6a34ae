import RosterData
import ShellLang
import TitleRules

/// `fee-total [by EXPR]` — applicants, 推荐费, 评审费 and total, with paid and unpaid
/// amounts, by level (and by the given grouping), for the current view.
struct FeeTotalCommand: ShellCommand {
    static let name = "fee-total"
    static let aliases = ["fees", "费用合计"]
    static let group = CommandGroup.process
    static let summary = "推荐评审费合计（五(四)）：按级别，或按给定分组；含已缴、未缴"
    static let usage = "fee-total [by EXPR]"
    static let details = "已缴为 fee_paid = true，未缴为 false，待核实为未知。"
    /// The fee per level from the pack, then `details`.
    static func details(for pack: RulePack?) -> String {
        guard let pack else { return details }
        return pack.feeDescription + "。" + details
    }
    static let examples = ["fee-total", "fee-total by agency"]

    struct Sum { var n = 0, recommendation = 0, review = 0, paid = 0, unpaid = 0, unknown = 0, uncosted = 0 }

    static func run(_ input: CommandInput, _ session: Session) throws {
        let state = try session.requireCurrent(input.sourceRange(input.nameRange))
        var parser = try input.parser()
        var group: (CompiledExpression, String)? = nil
        if parser.consumeKeyword("by") {
            let e = try parser.parseExpression()
            let text = input.source.text(of: e.range)
            group = (try session.compile(e, source: text, in: state), text)
        }
        try parser.expectEnd()
        let rs = try session.rules()
        let levelSlot = FieldCatalog.types.slot(of: "level")!, paidSlot = FieldCatalog.types.slot(of: "fee_paid")!
        var sums: [Value: Sum] = [:]
        var total = Sum()
        for r in state.view {
            let a = state.dataset.applicants[Int(r)]
            let key: Value = try group.map { try $0.0.evaluate(row: Int(r)) } ?? a.fields[levelSlot]
            var s = sums[key] ?? Sum()
            s.n += 1; total.n += 1
            if let f = rs.engine.fee(for: a) {
                let amount = f.recommendation + f.review
                s.recommendation += f.recommendation; s.review += f.review
                total.recommendation += f.recommendation; total.review += f.review
                switch a.fields[paidSlot] {
                case .bool(true): s.paid += amount; total.paid += amount
                case .bool(false): s.unpaid += amount; total.unpaid += amount
                default: s.unknown += amount; total.unknown += amount
                }
            } else {
                // No level, no fee: not costed (never counted as 0 元 silently).
                s.uncosted += 1; total.uncosted += 1
            }
            sums[key] = s
        }
        let levelOrder = rs.pack.levelNames
        primeCollation(Array(sums.keys))
        let keys = sums.keys.sorted { a, b in
            if group == nil, case .string(let x) = a, case .string(let y) = b,
               let i = levelOrder.firstIndex(of: x), let j = levelOrder.firstIndex(of: y) { return i < j }
            return compareValues(a, b) < 0
        }
        let head = group.map { session.columnLabel($0.1) } ?? "申报级别"
        let (recName, revName) = rs.pack.feePartNames
        var t = ResultTable(columns: [head, "人数", recName, revName, "合计", "已缴", "未缴", "待核实"],
                            keys: [group?.1 ?? "level", "applicants", "recommendation_fee", "review_fee", "total", "paid", "unpaid", "unknown"])
        t.money = [2, 3, 4, 5, 6, 7]
        func row(_ label: Value, _ s: Sum) -> [Value] {
            if s.uncosted == s.n, s.n > 0 { return [label, .int(s.n), .null, .null, .null, .null, .null, .null] }
            return [label, .int(s.n), .int(s.recommendation), .int(s.review), .int(s.recommendation + s.review), .int(s.paid), .int(s.unpaid), .int(s.unknown)]
        }
        for k in keys { t.rows.append(row(k.isNull ? .string("（未知）") : k, sums[k]!)) }
        t.rows.append(row(.string("合计"), total))
        if total.uncosted > 0, session.settings.format == .table {
            t.footer = "其中 \(total.uncosted) 人申报级别未知（待核实），未计入费用"
        }
        session.emit(t)
    }
}
