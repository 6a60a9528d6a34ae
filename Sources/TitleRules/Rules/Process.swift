import RosterData

// P1–P5 流程: stage deadlines (by the as-of date), publicity, fee.

/// P1–P3: a stage done by a date (its field), inside [from, through].
struct StageRule: BuildableRule {
    static let ruleID = "P1"
    static let schema: [(String, RulePack.ParamType)] = [("field", .field), ("from", .optionalDate), ("through", .date)]
    struct Params: Decodable, Sendable {
        var field: String
        var from: PackDate?
        var through: PackDate
    }
    let info: RuleInfo
    let field: String
    let slot: Int
    let from: Day?
    let through: Day
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) throws {
        self.info = info
        field = params.field
        guard let s = FieldCatalog.types.slot(of: params.field) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "“\(params.field)” 不是花名册字段的英文键"))
        }
        slot = s
        from = params.from?.day
        through = params.through.day
    }
}

struct P4: BuildableRule, EvaluatedRule {
    static let ruleID = "P4"
    static let schema: [(String, RulePack.ParamType)] = [("min_working_days", .int)]
    struct Params: Decodable, Sendable {
        var minWorkingDays: Int
        enum CodingKeys: String, CodingKey { case minWorkingDays = "min_working_days" }
    }
    let info: RuleInfo
    let p: Params
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) { self.info = info; self.p = params }

    func evaluate(_ c: Ctx) -> RuleResult {
        let n = p.minWorkingDays
        let cal = c.pack.workingCalendar
        let read = [F.publicityStart, F.publicityEnd, F.unitReviewedOn]
        let s = c.date(F.publicityStart), e = c.date(F.publicityEnd), r = c.date(F.unitReviewedOn)
        var missing: [String] = []
        if s == nil { missing.append("publicity_start") }
        if e == nil { missing.append("publicity_end") }
        if r == nil { missing.append("unit_reviewed_on") }
        var checks: [Outcome] = []
        var notes: [String] = []
        if let s, let e {
            let days = cal.workingDays(from: s, through: e)
            checks.append(Outcome(s <= e && days >= n))
            if c.explain { notes.append(s > e ? "公示开始 \(s) 晚于结束 \(e)" : "公示 \(s) 至 \(e) 共 \(days) 个工作日，需 ≥\(n)" + (days < n ? " — 差 \(n - days) 个工作日" : "")) }
        } else { checks.append(.unknown) }
        if let e, let r {
            checks.append(Outcome(e <= r))
            if e > r, c.explain { notes.append("公示结束 \(e) 晚于单位审核 \(r)") }
        } else { checks.append(.unknown) }
        let o = Outcome.all(checks)
        if o == .pass, c.explain, let r { notes.append("在单位审核（\(r)）前结束") }
        return c.result(info, o, notes.joined(separator: "；"), read: read, missing: missing)
    }
}

struct P5: BuildableRule, EvaluatedRule {
    static let ruleID = "P5"
    let info: RuleInfo
    init(info: RuleInfo, params: NoParams, pack: RuleBuildContext) { self.info = info }

    func evaluate(_ c: Ctx) -> RuleResult {
        guard let b = c.bool(F.feePaid) else { return c.result(info, .unknown, "", read: [F.feePaid], missing: ["fee_paid"]) }
        return c.result(info, Outcome(b), b ? "已缴费" : "未缴费", read: [F.feePaid])
    }
}
