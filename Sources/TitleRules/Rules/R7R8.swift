import RosterData

// R7 继续教育 — 三(三); R8 年度考核 — 三(四)

struct R7: BuildableRule, EvaluatedRule {
    static let ruleID = "R7"
    static let schema: [(String, RulePack.ParamType)] = [("public_min", .int), ("professional_min", .int), ("total_min", .int)]
    struct Params: Decodable, Sendable {
        var publicMin: Int
        var professionalMin: Int
        var totalMin: Int
        enum CodingKeys: String, CodingKey { case publicMin = "public_min", professionalMin = "professional_min", totalMin = "total_min" }
    }
    let info: RuleInfo
    let pubMin: Double, proMin: Double, totMin: Double
    /// The CE years come from the route (and the level, when known or not given at all).
    var needs: RuleNeeds { [.route, .ceYears] }
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) {
        self.info = info
        pubMin = Double(params.publicMin); proMin = Double(params.professionalMin); totMin = Double(params.totalMin)
    }

    /// The last `n` years, each with a passing record. The verdict path (outcome only) checks
    /// each number of years once per applicant.
    func check(_ c: Ctx, years n: Int) -> (Outcome, String, [String]) {
        if c.detail { return checkYears(c, years: n) }
        if let hit = c.scratch.ceOutcomes.first(where: { $0.years == n }) { return (hit.outcome, "", []) }
        let r = checkYears(c, years: n)
        c.scratch.ceOutcomes.append((n, r.0))
        return r
    }

    private func checkYears(_ c: Ctx, years n: Int) -> (Outcome, String, [String]) {
        guard let list = c.list(F.continuingEducation) else { return (.unknown, "", ["continuing_education"]) }
        let Y = c.Y, first = Y - n + 1
        var outcome: Outcome = .pass
        var notes: [String] = []
        var missing: [String] = []
        let need = c.explain ? "需 ≥\(Fmt.number(totMin))（公需 ≥\(Fmt.number(pubMin))、专业 ≥\(Fmt.number(proMin))）" : ""
        // Each record read once per applicant (the loop visits every record for every year).
        let records = c.scratch.continuingEducation ?? {
            let rs = list.map { item -> (year: Int?, pub: Double?, pro: Double?, oth: Double?) in
                guard case .object(let r) = item else { return (nil, nil, nil, nil) }
                return (r["year"]?.intValue, r["public"]?.numberValue, r["professional"]?.numberValue, r["other"]?.numberValue)
            }
            c.scratch.continuingEducation = rs
            return rs
        }()
        for year in stride(from: first, through: Y, by: 1) {
            var found = false
            var yo: Outcome = .fail
            var yearNotes: [String] = []
            for (ry, pub, pro, oth) in records {
                guard ry == year else { continue }
                found = true
                let pubOK: Outcome = pub.map { Outcome($0 >= pubMin) } ?? .unknown
                let proOK: Outcome = pro.map { Outcome($0 >= proMin) } ?? .unknown
                let knownSum = (pub ?? 0) + (pro ?? 0) + (oth ?? 0)
                let totOK: Outcome = (pub != nil && pro != nil && oth != nil) ? Outcome(knownSum >= totMin)
                    : (knownSum >= totMin ? .pass : .unknown)
                let o = pubOK.and(proOK).and(totOK)
                yo = yo.or(o)
                if o == .unknown, c.detail {
                    if pub == nil { missing.append("continuing_education[].public") }
                    if pro == nil { missing.append("continuing_education[].professional") }
                    if oth == nil { missing.append("continuing_education[].other") }
                }
                if c.explain {
                    let s = { (x: Double?) in x.map(Fmt.number) ?? "?" }
                    var parts = "公需 \(s(pub)) / 专业 \(s(pro))"
                    if oth == nil || oth! != 0 { parts += " / 其他 \(s(oth))" }
                    let total = (pub != nil && pro != nil && oth != nil) ? Fmt.number(knownSum) : "≥" + Fmt.number(knownSum)
                    yearNotes.append("\(year) 年继续教育 \(total) 学时（\(parts)），\(need)")
                } else if o == .pass, !c.detail {
                    break
                }
            }
            if !found {
                if !c.detail { return (.fail, "", []) }
                notes.append("缺少 \(year) 年继续教育记录")
                outcome = .fail
                continue
            }
            if yo == .fail, !c.detail { return (.fail, "", []) }
            outcome = outcome.and(yo)
            if c.explain, yo != .pass { notes.append(contentsOf: yearNotes) }
        }
        let years = first == Y ? "\(Y)" : "\(first)–\(Y)"
        let msg = c.explain ? (outcome == .pass ? "\(years) 年（近 \(n) 年）继续教育每年均达标（\(need)）"
                               : "近 \(n) 年（\(years)）：" + notes.joined(separator: "；")) : ""
        return (outcome, msg, uniq(missing))
    }

    func evaluate(_ c: Ctx) -> RuleResult {
        let read = [F.continuingEducation]
        let (possible, tableMissing) = c.possibleCE()
        if possible.count == 1 {
            let (o, m, miss) = check(c, years: possible[0])
            return c.result(info, o, m, read: read, missing: miss)
        }
        if !c.detail {
            // The verdict path: decided only if every CE-years value still possible gives the same result.
            var first: Outcome?
            for n in possible {
                let o = check(c, years: n).0
                if o == .unknown || (first != nil && first != o) { return c.result(info, .unknown, "") }
                first = o
            }
            return c.result(info, first ?? .unknown, "")
        }
        let evals = possible.map { ($0, check(c, years: $0)) }
        let outcomes = Set(evals.map { $0.1.0 })
        let ys = { possible.map(String.init).joined(separator: "、") }
        if outcomes.count == 1, let o = outcomes.first, o != .unknown {
            return c.result(info, o, "继续教育年限可能为 \(ys()) 年，结果相同：" + evals.last!.1.1, read: read)
        }
        let missing = uniq(evals.flatMap { e -> [String] in e.1.2 } + tableMissing)
        return c.result(info, .unknown, "继续教育年限未定（可能为 \(ys()) 年）：" +
                        evals.map { "按 \($0.0) 年\($0.1.0.label)" }.joined(separator: "，"), read: read, missing: missing)
    }
}

struct R8: BuildableRule, EvaluatedRule {
    static let ruleID = "R8"
    static let schema: [(String, RulePack.ParamType)] = [("years", .int), ("good_results", .strings)]
    struct Params: Decodable, Sendable {
        /// Years of assessments (a route may override: `assessment_years`).
        var years: Int
        var goodResults: [String]
        enum CodingKeys: String, CodingKey { case years, goodResults = "good_results" }
    }
    let info: RuleInfo
    let p: Params
    let goodSet: TextSet
    var needs: RuleNeeds { .route }
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) { self.info = info; self.p = params; goodSet = TextSet(params.goodResults) }

    func evaluate(_ c: Ctx) -> RuleResult {
        let n = c.routeIndex.flatMap { c.pack.assessmentYears[$0] } ?? p.years
        let good = p.goodResults
        let read = [F.assessments, F.workStarted]
        guard let list = c.list(F.assessments) else {
            return c.result(info, .unknown, "", read: read, missing: ["assessments"])
        }
        let Y = c.Y
        let ws = c.date(F.workStarted)
        let lo = max(Y - n, ws?.year ?? (Y - n)), hi = Y - 1
        if lo > hi { return c.result(info, .pass, "参加工作于 \(ws!)，无需提供 \(Y) 年以前的年度考核", read: read) }
        var o: Outcome = .pass
        var notes: [String] = []
        // Each record read once per applicant (the loop visits every record for every year).
        let records = c.scratch.assessments ?? {
            let rs = list.map { item -> (year: Int?, result: String?) in
                guard case .object(let r) = item else { return (nil, nil) }
                return (r["year"]?.intValue, r["result"]?.stringValue)
            }
            c.scratch.assessments = rs
            return rs
        }()
        for year in lo...hi {
            var pass = false, open = false, any = false
            var results: [String?] = []
            for (ry, res) in records {
                guard ry == year else { continue }
                any = true
                if c.explain { results.append(res) }
                if let res { if goodSet.contains(res) { pass = true; if !c.explain { break } } } else { open = true }
            }
            let yo: Outcome = pass ? .pass : open ? .unknown : .fail
            if yo == .fail, !c.explain, ws != nil { return c.result(info, .fail, "") }
            o = o.and(yo)
            if c.explain, yo != .pass {
                notes.append(!any ? "缺少 \(year) 年度考核" : "\(year) 年度考核 \(results.map { $0 ?? "不明" }.joined(separator: "/"))")
            }
        }
        var missing = o == .unknown ? ["assessments[].result"] : []
        if ws == nil, o == .fail { o = .unknown; missing.append("work_started") }
        return c.result(info, o, {
            // The window is the last n years before Y, shortened to the years since work started:
            // say so, rather than "2023–2023 年（近 4 年）".
            let years = lo == hi ? "\(lo) 年" : "\(lo)–\(hi) 年"
            let full = lo == Y - n
            let why = full ? "" : "（近 \(n) 年为 \(Y - n)–\(hi) 年；\(lo) 年参加工作，自该年起）"
            return o == .pass ? "\(years)\(why)年度考核均为 \(Fmt.list(good)) 之一"
                : "\(years)\(full ? "（近 \(n) 年）" : why)须为 \(Fmt.list(good))：" + notes.joined(separator: "；") + (ws == nil ? "（参加工作时间不明，考核起始年度未定）" : "")
        }(), read: read, missing: missing)
    }
}
