import RosterData

// R9 社保, R10 学历认证, R11 省外职称认定, R12 评聘结合 — 三; R13 业绩, R14 纪律 — 五

struct R9: BuildableRule, EvaluatedRule {
    static let ruleID = "R9"
    static let schema: [(String, RulePack.ParamType)] = [("needs_proof", .strings)]
    struct Params: Decodable, Sendable {
        var needsProof: [String]
        enum CodingKeys: String, CodingKey { case needsProof = "needs_proof" }
    }
    let info: RuleInfo
    let p: Params
    let needsProof: TextSet
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) { self.info = info; self.p = params; needsProof = TextSet(params.needsProof) }

    func evaluate(_ c: Ctx) -> RuleResult {
        let read = [F.socialInsurance, F.socialInsuranceProof]
        guard let s = c.string(F.socialInsurance) else {
            // Met either way: a proof uploaded satisfies the place that needs one.
            if c.bool(F.socialInsuranceProof) == true { return c.result(info, .pass, "社保缴纳地不明，已上传社保凭据", read: read) }
            return c.result(info, .unknown, "", read: read, missing: ["social_insurance"])
        }
        guard needsProof.contains(s) else { return c.result(info, .pass, "社保缴纳地 \(s)，无需凭据", read: read) }
        guard let proof = c.bool(F.socialInsuranceProof) else {
            return c.result(info, .unknown, "社保缴纳地 \(s)", read: read, missing: ["social_insurance_proof"])
        }
        return c.result(info, Outcome(proof), proof ? "社保缴纳地 \(s)，已上传凭据" : "社保缴纳地 \(s)，未上传省外社保凭据", read: read)
    }
}

struct R10: BuildableRule, EvaluatedRule {
    static let ruleID = "R10"
    static let schema: [(String, RulePack.ParamType)] = [("before", .date)]
    struct Params: Decodable, Sendable {
        var before: PackDate
    }
    let info: RuleInfo
    let before: Day
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) { self.info = info; self.before = params.before.day }

    func evaluate(_ c: Ctx) -> RuleResult {
        let read = [F.graduatedOn, F.diplomaUploaded]
        guard let g = c.date(F.graduatedOn) else {
            // Met either way: an uploaded proof satisfies an early graduation too.
            if c.bool(F.diplomaUploaded) == true { return c.result(info, .pass, "毕业时间不明，已上传学历证明", read: read) }
            return c.result(info, .unknown, "", read: read, missing: ["graduated_on"])
        }
        if g >= before { return c.result(info, .pass, "毕业于 \(g)，学历可自动提取", read: read) }
        guard let u = c.bool(F.diplomaUploaded) else {
            return c.result(info, .unknown, "毕业于 \(g)", read: read, missing: ["diploma_uploaded"])
        }
        return c.result(info, Outcome(u), "毕业于 \(g)（早于 \(before)），" + (u ? "已上传学历证明" : "须上传学历学位证书等证明"), read: read)
    }
}

struct R11: BuildableRule, EvaluatedRule {
    static let ruleID = "R11"
    static let schema: [(String, RulePack.ParamType)] = [("origins", .strings)]
    struct Params: Decodable, Sendable {
        var origins: [String]
    }
    let info: RuleInfo
    let p: Params
    let origins: TextSet
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) { self.info = info; self.p = params; origins = TextSet(params.origins) }

    func evaluate(_ c: Ctx) -> RuleResult {
        let read = [F.title, F.titleOrigin, F.titleRecognized]
        let t = c.string(F.title), origin = c.string(F.titleOrigin), rec = c.bool(F.titleRecognized)
        if let t, c.pack.titleRankTable[t] == 0 { return c.result(info, .pass, "无现职称，无需认定", read: read) }
        if let origin, !origins.contains(origin) { return c.result(info, .pass, "职称取得地 \(origin)，无需认定", read: read) }
        if rec == true { return c.result(info, .pass, "职称取得地 \(origin ?? "不明")，已认定", read: read) }
        if t == nil || origin == nil || rec == nil {
            return c.result(info, .unknown, "职称取得地 \(origin ?? "不明")", read: read, missing: {
                var missing: [String] = []
                if t == nil { missing.append("title") }
                if origin == nil { missing.append("title_origin") }
                if rec == nil { missing.append("title_recognized") }
                return missing
            }())
        }
        return c.result(info, .fail, "现职称 \(t!) 取得于\(origin!)，未在申报管理平台办理职称认定", read: read)
    }
}

struct R12: BuildableRule, EvaluatedRule {
    static let ruleID = "R12"
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
        let read = [F.unitKind, F.postVacancy, F.unitSuspended]
        let kind = c.string(F.unitKind)
        if let kind, !unitKinds.contains(kind) { return c.result(info, .pass, "\(kind)，不适用评聘结合", read: read) }
        let vac = c.bool(F.postVacancy), sus = c.bool(F.unitSuspended)
        let o = (vac.map(Outcome.init) ?? .unknown).and(sus.map { Outcome(!$0) } ?? .unknown)
        if kind == nil, o != .pass {
            // Only a 事业单位 needs it: unknown unless it fails for every kind — it cannot.
            return c.result(info, .unknown, "", read: read, missing: ["unit_kind"] + (vac == nil ? ["post_vacancy"] : []))
        }
        return c.result(info, o, {
            var parts: [String] = []
            parts.append(vac == true ? "有空缺岗位" : vac == false ? "无空缺岗位（须在核定岗位结构比例内）" : "岗位空缺不明")
            if sus == true { parts.append("单位暂停申报") }
            return "\(kind ?? "单位性质不明")：" + parts.joined(separator: "，")
        }(), read: read, missing: {
            var missing: [String] = []
            if vac == nil { missing.append("post_vacancy") }
            if sus == nil { missing.append("unit_suspended") }
            return missing
        }())
    }
}

struct R13_1: BuildableRule, EvaluatedRule {
    static let ruleID = "R13.1"
    static let schema: [(String, RulePack.ParamType)] = [("min_items", .int)]
    struct Params: Decodable, Sendable {
        var minItems: Int
        enum CodingKeys: String, CodingKey { case minItems = "min_items" }
    }
    let info: RuleInfo
    let p: Params
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) { self.info = info; self.p = params }

    func evaluate(_ c: Ctx) -> RuleResult {
        guard let list = c.list(F.performance) else {
            return c.result(info, .unknown, "", read: [F.performance], missing: ["performance"])
        }
        return c.result(info, Outcome(list.count >= p.minItems), "代表性业绩 \(list.count) 项，需 ≥\(p.minItems) 项", read: [F.performance])
    }
}

struct R13_2: BuildableRule, EvaluatedRule {
    static let ruleID = "R13.2"
    let info: RuleInfo
    init(info: RuleInfo, params: NoParams, pack: RuleBuildContext) { self.info = info }

    func evaluate(_ c: Ctx) -> RuleResult {
        let read = [F.previousApplicationYear, F.performance]
        guard let prev = c.v(F.previousApplicationYear) else {
            // Met either way: a first application passes, a repeat one passes with a new item.
            let anyNew = c.list(F.performance)?.contains { item in
                if case .object(let r) = item { return r["new"]?.boolValue == true }
                return false
            } ?? false
            if anyNew { return c.result(info, .pass, "是否再次申报不明，但有新增业绩", read: read) }
            return c.result(info, .unknown, "", read: read, missing: ["previous_application_year"])
        }
        guard let py = prev.intValue else { return c.result(info, .pass, "首次申报", read: read) }
        guard let list = c.list(F.performance) else {
            return c.result(info, .unknown, "再次申报（上次 \(py) 年）", read: read, missing: ["performance"])
        }
        var new = 0, open = false
        for item in list {
            let flag: Bool?
            if case .object(let r) = item { flag = r["new"]?.boolValue } else { flag = nil }
            if flag == true { new += 1 } else if flag == nil { open = true }
        }
        let o: Outcome = new > 0 ? .pass : open ? .unknown : .fail
        return c.result(info, o, "再次申报（上次 \(py) 年），新增业绩 \(new) 项" + (o == .fail ? "，不得凭借相同业绩重复申报" : ""),
                        read: read, missing: ["performance[].new"])
    }
}

struct R14_1: BuildableRule, EvaluatedRule {
    static let ruleID = "R14.1"
    let info: RuleInfo
    init(info: RuleInfo, params: NoParams, pack: RuleBuildContext) { self.info = info }

    func evaluate(_ c: Ctx) -> RuleResult {
        guard let b = c.bool(F.underDiscipline) else {
            return c.result(info, .unknown, "", read: [F.underDiscipline], missing: ["under_discipline"])
        }
        return c.result(info, Outcome(!b), b ? "仍在处理、处罚、处分期内" : "不在处分期内", read: [F.underDiscipline])
    }
}

struct R14_2: BuildableRule, EvaluatedRule {
    static let ruleID = "R14.2"
    static let schema: [(String, RulePack.ParamType)] = [("ban_years", .int)]
    struct Params: Decodable, Sendable {
        var banYears: Int
        enum CodingKeys: String, CodingKey { case banYears = "ban_years" }
    }
    let info: RuleInfo
    let p: Params
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) { self.info = info; self.p = params }

    func evaluate(_ c: Ctx) -> RuleResult {
        let ban = p.banYears, Y = c.Y
        guard let fv = c.v(F.fraudYear) else { return c.result(info, .unknown, "", read: [F.fraudYear], missing: ["fraud_year"]) }
        guard let f = fv.intValue else { return c.result(info, .pass, "无弄虚作假记录", read: [F.fraudYear]) }
        let banned = f + 1 <= Y && Y <= f + ban
        return c.result(info, Outcome(!banned), banned ? "\(f) 年弄虚作假，\(f + 1)–\(f + ban) 年不得申报（本年 \(Y)）"
                        : "\(f) 年弄虚作假，禁申期 \(f + 1)–\(f + ban) 年，本年 \(Y) 不在其内", read: [F.fraudYear])
    }
}
