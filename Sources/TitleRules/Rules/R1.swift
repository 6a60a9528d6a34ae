import RosterData

// R1 申报对象 — 一

struct R1_1: BuildableRule, EvaluatedRule {
    static let ruleID = "R1.1"
    static let schema: [(String, RulePack.ParamType)] = [("unit_kinds", .strings)]
    struct Params: Decodable, Sendable {
        var unitKinds: [String]
        enum CodingKeys: String, CodingKey { case unitKinds = "unit_kinds" }
    }
    let info: RuleInfo
    let p: Params
    let unitKinds: TextSet
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) { self.info = info; self.p = params; unitKinds = TextSet(params.unitKinds) }

    func evaluate(_ c: Ctx) -> RuleResult {
        guard let k = c.string(F.unitKind) else {
            return c.result(info, .unknown, "", read: [F.unitKind], missing: ["unit_kind"])
        }
        let ok = unitKinds.contains(k)
        return c.result(info, Outcome(ok), "单位性质 \(k)，" + (ok ? "属于 " : "须为 ") + Fmt.list(p.unitKinds), read: [F.unitKind])
    }
}

struct R1_2: BuildableRule, EvaluatedRule {
    static let ruleID = "R1.2"
    let info: RuleInfo
    init(info: RuleInfo, params: NoParams, pack: RuleBuildContext) { self.info = info }

    func evaluate(_ c: Ctx) -> RuleResult {
        guard let b = c.bool(F.inPost) else { return c.result(info, .unknown, "", read: [F.inPost], missing: ["in_post"]) }
        return c.result(info, Outcome(b), b ? "在职在岗" : "不在职在岗，须为在职在岗人员", read: [F.inPost])
    }
}

struct R1_3: BuildableRule, EvaluatedRule {
    static let ruleID = "R1.3"
    static let schema: [(String, RulePack.ParamType)] = [("levels", .levels), ("unit_tiers", .strings)]
    struct Params: Decodable, Sendable {
        var levels: [String]
        var unitTiers: [String]
        enum CodingKeys: String, CodingKey { case levels, unitTiers = "unit_tiers" }
    }
    let info: RuleInfo
    let p: Params
    /// By pack level index: whether the rule applies.
    let applies: [Bool]
    let unitTiers: TextSet
    var needs: RuleNeeds { .level }
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) {
        self.info = info; self.p = params; unitTiers = TextSet(params.unitTiers)
        applies = pack.levels.map { params.levels.contains($0.name) }
    }

    func evaluate(_ c: Ctx) -> RuleResult {
        guard applies[c.levelIndex!] else {
            return c.result(info, .pass, "申报\(c.lv)，不限单位层级（本条只适用于 \(Fmt.list(p.levels))）")
        }
        guard let t = c.string(F.unitTier) else { return c.result(info, .unknown, "", read: [F.unitTier], missing: ["unit_tier"]) }
        let ok = unitTiers.contains(t)
        return c.result(info, Outcome(ok), "申报\(c.lv)，单位层级 \(t)，" + (ok ? "符合" : "须为 \(Fmt.list(p.unitTiers))"), read: [F.unitTier])
    }
}
