import Foundation
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

extension ParamValue {
    /// The value as a sentence shows it: lists joined with 、 (`优秀、良好、合格、称职`).
    public var prose: String {
        switch self {
        case .strings(let l): return l.joined(separator: "、")
        case .intByLevel(let m): return m.map { "\($0.0) \($0.1)" }.joined(separator: "、")
        case .skillByLevel(let m):
            return m.map { "\($0.0)：\($0.1.minSkill)满 \($0.1.years) 年或荣誉表 \($0.1.honorLists.joined(separator: "、"))" }
                .joined(separator: "；")
        default: return description
        }
    }
}

extension RuleInfo {
    /// The reading with each `{param}` replaced by the parameter's value (`{fallback_ce_years}`
    /// → `4`), so that the pack's Chinese words state it and no number is written twice.
    /// An unknown name stays as written (`rules check` reports it).
    public var readingText: String? {
        guard let reading else { return nil }
        return RuleInfo.substitute(reading) { param($0)?.prose }
    }

    /// The `{name}` placeholders of a text, in order.
    public static func placeholders(_ text: String) -> [String] {
        var out: [String] = []
        _ = substitute(text) { out.append($0); return nil }
        return out
    }

    static func substitute(_ text: String, _ value: (String) -> String?) -> String {
        var out = "", rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            let isName = !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            out += isName ? (value(name) ?? "{\(name)}") : String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}

extension RulePack {
    /// What a degree rank means, in the roster's degree names:
    /// `学历等级 ≥ 2（大专、高级工班及以上）`; the highest rank has no 及以上 (`≥ 5（博士）`).
    public func degreeRankDescription(_ rank: Int) -> String {
        let order = vocabulary["degree"]?.values ?? degreeRanks.keys.sorted()
        // The lowest rank at or above `rank` that some degree has: its degrees name the bound.
        let at = degreeRanks.values.filter { $0 >= rank }.min()
        let names = order.filter { at != nil && degreeRanks[$0] == at }
        guard !names.isEmpty, let at else { return "学历等级 ≥ \(rank)" }
        let higher = degreeRanks.values.contains { $0 > at }
        return "学历等级 ≥ \(rank)（\(names.joined(separator: "、"))\(higher ? "及以上" : "")）"
    }

    /// The notice's own row for a table row, its cells as the notice writes them (a row under
    /// its level's first row has no level cell: `大专毕业  任技术员职务满二年`).
    public func noticeRow(_ row: TableRow) -> String {
        row.clauseText.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "  ")
    }
}
