import RosterData

// R4 高技能人才申报 — 二(三); R5 机关调出人员申报 — 二(四); R6 转评申报 — 二(五)

struct R4: BuildableRule, EvaluatedRule {
    static let ruleID = "R4"
    static let schema: [(String, RulePack.ParamType)] = [("by_level", .skillByLevel)]
    struct Requirement: Decodable, Sendable {
        var minSkill: String
        var years: Int
        var honorLists: [String]
        enum CodingKeys: String, CodingKey { case minSkill = "min_skill", years, honorLists = "honor_lists" }
    }
    struct Params: Decodable, Sendable {
        var byLevel: [String: Requirement]
        enum CodingKeys: String, CodingKey { case byLevel = "by_level" }
    }
    /// A level's requirement, resolved: the honours that count and the minimum skill rank.
    struct Resolved: Sendable {
        var req: Requirement
        var allowed: TextSet
        var minRank: Int
    }
    let info: RuleInfo
    /// By pack level index; nil: the level has no such route.
    let byLevel: [Resolved?]
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) {
        self.info = info
        byLevel = pack.levels.map { l in
            params.byLevel[l.name].map { r in
                Resolved(req: r, allowed: TextSet(r.honorLists.flatMap { pack.honorLists[$0]?.names ?? [] }), minRank: pack.skillRanks[r.minSkill] ?? 0)
            }
        }
    }

    func evaluate(_ c: Ctx) -> RuleResult {
        let read = [F.skillGrade, F.skillSince, F.honors]
        let level = c.lv
        guard let r = byLevel[c.levelIndex!] else {
            return c.result(info, .fail, "\(level) 无\(c.pack.owningRoute(of: info.id) ?? "")方式")
        }
        let req = r.req
        var held: String?
        for h in c.list(F.honors) ?? [] {
            if case .string(let s) = h, r.allowed.contains(trimmedBlanks(s)) { held = trimmedBlanks(s); break }
        }
        if let h = held {
            return c.result(info, .pass, "荣誉 \(h) 属于可申报\(level)的荣誉（\(req.honorLists.joined(separator: "、"))）", read: read)
        }
        func honorNote() -> String {
            let honors = (c.list(F.honors) ?? []).compactMap { $0.stringValue.map(trimmedBlanks) }
            return honors.isEmpty ? "无所列荣誉" : "荣誉 \(Fmt.list(honors)) 不在所列荣誉中"
        }
        guard let g = c.string(F.skillGrade) else {
            // Fails whatever the grade: every qualifying grade needs the same years held.
            if let since = c.date(F.skillSince), !c.held(req.years, since: since) {
                return c.result(info, .fail, "职业技能等级不明；" + c.heldMessage("取得技能等级", since: since, years: req.years) + "；\(honorNote())", read: read)
            }
            return c.result(info, .unknown, honorNote(), read: read, missing: ["skill_grade"])
        }
        let rank = c.pack.skillRankTable[g] ?? 0
        if rank < r.minRank {
            return c.result(info, .fail, "职业技能等级 \(g)，需 \(req.minSkill) 及以上；\(honorNote())", read: read)
        }
        guard let since = c.date(F.skillSince) else {
            return c.result(info, .unknown, "职业技能等级 \(g)；\(honorNote())", read: read, missing: ["skill_since"])
        }
        let ok = c.held(req.years, since: since)
        return c.result(info, Outcome(ok), c.heldMessage("取得\(g)", since: since, years: req.years) + (ok ? "" : "；\(honorNote())"), read: read)
    }
}

struct R5_1: BuildableRule, EvaluatedRule {
    static let ruleID = "R5.1"
    static let schema: [(String, RulePack.ParamType)] = [("min_years", .int), ("max_years", .int)]
    struct Params: Decodable, Sendable {
        var minYears: Int
        var maxYears: Int
        enum CodingKeys: String, CodingKey { case minYears = "min_years", maxYears = "max_years" }
    }
    let info: RuleInfo
    let p: Params
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) { self.info = info; self.p = params }

    func evaluate(_ c: Ctx) -> RuleResult {
        let lo = p.minYears, hi = p.maxYears
        guard let d = c.date(F.leftAgencyOn) else {
            return c.result(info, .unknown, "", read: [F.leftAgencyOn], missing: ["left_agency_on"])
        }
        let enough = c.held(lo, since: d)
        let within = c.C <= d.adding(years: hi)
        return c.result(info, Outcome(enough && within), {
            if !enough { return c.heldMessage("调出机关", since: d, years: lo) }
            if !within { return "调出机关于 \(d)，截至 \(c.C) 已超过 \(hi) 年（须在 \(d.adding(years: hi)) 前）" }
            return c.heldMessage("调出机关", since: d, years: lo) + "，且在 \(hi) 年内"
        }(), read: [F.leftAgencyOn])
    }
}

/// R5.2: the 正常申报 conditions (the R2 family) apply.
struct R5_2: BuildableRule, EvaluatedRule {
    static let ruleID = "R5.2"
    /// The rules that make up "the R2 table applies as for 正常申报".
    static let r2Family = ["R2.1", "R2.2", "R2.3", "R2.4"]
    let info: RuleInfo
    init(info: RuleInfo, params: NoParams, pack: RuleBuildContext) { self.info = info }

    func evaluate(_ c: Ctx) -> RuleResult {
        let r2 = c.pack.r2FamilyRules.map { $0.evaluate(c) }
        let o = Outcome.all(r2.map(\.outcome))
        return c.result(info, o, "按\(c.pack.owningRoute(of: R5_2.r2Family[0]) ?? "")条件审核（机关工作年限计入 work_started）：" +
                        r2.map { "\($0.id) \($0.outcome.label)" }.joined(separator: "，"),
                        missing: uniq(r2.filter { $0.outcome == .unknown }.flatMap(\.missing)))
    }
}

struct R6_1: BuildableRule, EvaluatedRule {
    static let ruleID = "R6.1"
    let info: RuleInfo
    init(info: RuleInfo, params: NoParams, pack: RuleBuildContext) { self.info = info }

    func evaluate(_ c: Ctx) -> RuleResult {
        let level = c.lv
        guard let t = c.string(F.title) else { return c.result(info, .unknown, "", read: [F.title], missing: ["title"]) }
        if c.pack.titleRankTable[t] == 0 { return c.result(info, .fail, "无现职称，不能转评", read: [F.title]) }
        return c.result(info, Outcome(t == level), t == level ? "现职称 \(t)，转评同级" : "现职称 \(t)，转评只能申报相同级别（\(t)），不能申报 \(level)",
                        read: [F.title])
    }
}

struct R6_2: BuildableRule, EvaluatedRule {
    static let ruleID = "R6.2"
    static let schema: [(String, RulePack.ParamType)] = [("min_years", .int)]
    struct Params: Decodable, Sendable {
        var minYears: Int
        enum CodingKeys: String, CodingKey { case minYears = "min_years" }
    }
    let info: RuleInfo
    let p: Params
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) { self.info = info; self.p = params }

    func evaluate(_ c: Ctx) -> RuleResult {
        guard let d = c.date(F.currentPostSince) else {
            return c.result(info, .unknown, "", read: [F.currentPostSince], missing: ["current_post_since"])
        }
        return c.result(info, Outcome(c.held(p.minYears, since: d)), c.heldMessage("现岗位工作", since: d, years: p.minYears), read: [F.currentPostSince])
    }
}
