import RosterData

// Texts the shell shows that state a fact of the notice (fees, the table's caption, the
// route a rule belongs to), rendered from the pack's typed values so that no notice year's
// fact is written in code. A test (`NoNoticeFactsInSourcesTests`) scans Sources/ for them.

extension RulePack {
    /// Levels with the same fee, adjacent in level order: `[[工程师], [助理工程师, 技术员]]`.
    public var feeGroups: [(levels: [LevelInfo], fee: Fee)] {
        var groups: [(levels: [LevelInfo], fee: Fee)] = []
        for l in levels {
            guard let f = fees[l.name] else { continue }
            if let last = groups.last, last.fee == f { groups[groups.count - 1].levels.append(l) }
            else { groups.append(([l], f)) }
        }
        return groups
    }

    /// The fee per level as `help fee-total` states it:
    /// `中级（工程师）260 元/人 = 推荐费 80 + 评审费 180；初级、员级 100 元/人评审费`.
    /// A fee of two parts is shown as their sum (with the levels it applies to); a fee of one
    /// part names that part.
    public var feeDescription: String {
        let (recName, revName) = feePartNames
        return feeGroups.map { g -> String in
            let grades = g.levels.map(\.grade).joined(separator: "、")
            let f = g.fee
            if f.recommendation > 0, f.review > 0 {
                return "\(grades)（\(g.levels.map(\.name).joined(separator: "、"))）\(f.total) 元/人 = "
                    + "\(recName) \(f.recommendation) + \(revName) \(f.review)"
            }
            return "\(grades) \(f.total) 元/人" + (f.review > 0 ? revName : f.recommendation > 0 ? recName : "")
        }.joined(separator: "；")
    }

    /// The total per level in brief, one grade per group of equal fees: `中级 260、初级 100`.
    public var feeBrief: String {
        feeGroups.map { "\($0.levels[0].grade) \($0.fee.total)" }.joined(separator: "、")
    }

    /// `二(一) 学历资历表`.
    public var tableCaption: String { "\(tableClause) \(tableName)" }

    /// The route a rule belongs to: the first route that lists it among its own rules
    /// (`R2.2` → `正常申报`, `R3.1` → `自评分（推荐）申报`). Nil for a common rule.
    public func owningRoute(of ruleID: String) -> String? {
        routes.first { $0.rules.contains(ruleID) }?.name
    }
}
