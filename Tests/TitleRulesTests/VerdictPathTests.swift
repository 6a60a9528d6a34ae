import Testing
import RosterData
@testable import TitleRules

// The verdict path (`verdict`, `verdicts`) runs the same rule values as `evaluate`, but stops
// at the first failing rule and builds no messages. Over thousands of varied applicants
// (missing fields, odd values, shared experts), every what-if option and two packs, both paths
// must give the same verdict, and every rule the early-stopping path ran the same outcome.

/// A small deterministic generator (SplitMix64).
private struct Mix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }
}

private let dates: [Value] = ["1998-07-01", "2000-12-31", "2001-01-01", "2012-07-01", "2016-02-29", "2019-12-20",
                              "2020-02-29", "2020-12-31", "2021-01-01", "2022-06-30", "2022-12-31", "2023-06-30",
                              "2023-12-31", "2024-02-29", "2024-07-10", "2024-12-31", "2025-01-01"].map(d) + [.null, .null]
private let bools: [Value] = [.bool(true), .bool(false), .null]
private let experts: [Value] = [rec("刘建国", id: "E01"), rec("陈红"), rec(" 陈红 "), rec("周明", "正高级工程师"), rec("孙立", "工程师"),
                                rec("  "), rec("吴刚", id: "E07"), .object(Record([("name", .string("郑强"))])), .string("王五")]
    + (0..<40).map { rec("专家\($0)", id: "X\($0)") }

/// Field → values a mutation may set (`.null` = missing).
private let mutations: [(String, [Value])] = [
    ("level", [s("工程师"), s("助理工程师"), s("技术员"), s("高级工程师"), .int(3), .null]),
    ("route", [s("正常申报"), s("自评分（推荐）申报"), s("高技能人才申报"), s("机关调出人员申报"), s("转评申报"),
               s("正常"), s(" 转评 "), s("任意"), s("其他申报"), .null]),
    ("degree", [s("中专"), s("大专"), s("本科"), s("硕士"), s("博士"), s("小学"), .null]),
    ("title", [s("无"), s("技术员"), s("助理工程师"), s("工程师"), s("高级工程师"), .null]),
    ("title_since", dates), ("graduated_on", dates), ("work_started", dates), ("skill_since", dates),
    ("left_agency_on", dates), ("current_post_since", dates),
    ("title_in_water", bools), ("major_related", bools), ("major_converted", bools), ("in_post", bools),
    ("post_vacancy", bools), ("unit_suspended", bools), ("under_discipline", bools), ("social_insurance_proof", bools),
    ("diploma_uploaded", bools), ("title_recognized", bools), ("long_term_water_work", bools),
    ("unit_kind", [s("事业单位"), s("企业"), s("机关"), .null]),
    ("unit_tier", [s("市本级"), s("县（市、区）"), .null]),
    ("social_insurance", [s("省内"), s("省外"), .null]),
    ("title_origin", [s("省内"), s("省外"), s("中央部属"), .null]),
    ("certificates", [.list([]), .list([s("注册土木工程师（水利水电工程）")]), .null]),
    ("honors", [.list([]), .list([s(" 浙江工匠 ")]), .list([s("省技术能手")]), .list([s("优秀技能人才")]), .list([.int(3)]), .null]),
    ("skill_grade", [s("高级工"), s("技师"), s("高级技师"), s("初级工"), .null]),
    ("self_score", [.int(65), .int(70), .double(85.5), .double(69.99), s("高"), .null]),
    ("continuing_education", [ceAll(2021...2024), ceAll(2023...2024), ceAll(2022...2024), .list([ce(2024, 20, 70)]),
                              .list([ce(2023, 18, 60, 11), ce(2024, 20, 70)]), .list([ce(2024, 17, 80)]),
                              .list([obj(["year": .int(2024), "public": .int(30), "professional": .int(70)])]),
                              .list([obj(["year": .double(2024), "public": .int(18)]), ce(2024, 10, 10)]),
                              .list([obj(["year": .int(2024), "public": .int(40), "professional": .int(60)]), ce(2023, 24, 70)]),
                              .list([]), .null]),
    ("assessments", [assessAll(2020...2023), assessAll(2021...2023), assessAll(2020...2023, "基本合格"),
                     .list([assess(2023, "合格"), obj(["year": .int(2022)]), assess(2021, "优秀"), assess(2020, "称职")]),
                     .list([assess(2023, "不合格"), assess(2023, "合格")]), .list([]), .null]),
    ("performance", [.list([perf("甲")]), .list([perf("甲", new: false)]), .list([perf("甲", new: nil), perf("乙", new: false)]),
                     .list([]), .null]),
    ("previous_application_year", [.int(2023), .null, s("去年")]),
    ("fraud_year", [.int(2022), .int(2020), .int(2024), .null]),
]

private func variedApplicants(_ n: Int, seed: UInt64) -> [Applicant] {
    var bases: [Applicant] = [zhangWei, assistant, selfScore, selfAssistant, skilled, skilledE, agency, transfer]
    for cases in [r1Cases, r2Cases, r3Cases, r4Cases, r56Cases, r78Cases, r9to14Cases] { bases += cases.map(\.app) }
    bases += handCases.map(\.app)
    var g = Mix(state: seed)
    return (0..<n).map { i in
        var a = bases[i % bases.count]
        for _ in 0..<g.below(5) {
            let (key, values) = g.pick(mutations)
            a = a.with([key: g.pick(values)])
        }
        if g.below(3) == 0 {
            a = a.with(["recommenders": .list((0..<g.below(4)).map { _ in g.pick(experts) })])
        } else if g.below(10) == 0 {
            a = a.without("recommenders")
        }
        return a.with(["id": s("V\(i)"), "name": s("申报人\(i)")])
    }
}

private let whatIfs: [RuleOptions] = [
    RuleOptions(),
    RuleOptions(route: "任意"),
    RuleOptions(level: "助理工程师", cutoff: day("2025-06-30")),
    RuleOptions(level: "工程师", route: "任意", cutoff: day("2023-12-31")),
    RuleOptions(route: "转评"),
    RuleOptions(level: "技术员", route: "正常申报"),
    RuleOptions(level: "高级工程师", route: "任意"),
    RuleOptions(route: "其他申报", cutoff: day("2024-02-29")),
]

@Test func verdictPathMatchesEvaluate() {
    let ds = dataset(variedApplicants(3000, seed: 7))
    let reference = RuleEngine(pack: pack2024)
    let single = RuleEngine(pack: pack2024)
    let batch = RuleEngine(pack: pack2024)
    var seen = Set<Verdict>()
    for opts in whatIfs {
        let rows = Array(0..<ds.count)
        let vs = batch.verdicts(dataset: ds, rows: rows, options: opts)
        var mismatches: [String] = []
        for r in rows {
            let e = reference.evaluate(dataset: ds, row: r, options: opts)
            let v = single.verdict(dataset: ds, row: r, options: opts)
            seen.insert(e.verdict)
            if v != e.verdict || vs[r] != e.verdict {
                mismatches.append("row \(r) \(opts): verdict \(v.rawValue), verdicts \(vs[r].rawValue), evaluate \(e.verdict.rawValue) "
                                  + e.rules.filter { $0.outcome != .pass }.map { "\($0.id) \($0.outcome.rawValue)" }.joined(separator: ", "))
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, e.g. \(mismatches.prefix(5))")
        // Cached answers are the same answers.
        #expect(batch.verdicts(dataset: ds, rows: rows.reversed(), options: opts) == vs.reversed())
    }
    #expect(seen == [.eligible, .ineligible, .unknown])
}

@Test func verdictPathForAnApplicantAlone() {
    // Without a dataset the verdict path sees only the applicant (R3.3 included).
    for (i, a) in variedApplicants(400, seed: 11).enumerated() {
        for opts in whatIfs {
            let e = engine2024.evaluate(a, options: opts)
            let ds = dataset([a])
            #expect(engine2024.verdict(dataset: ds, row: 0, options: opts) == e.verdict, "applicant \(i) \(opts)")
        }
    }
}

@Test func verdictCacheFollowsTheDataset() {
    // A new dataset (or version) is judged afresh; a row asked for twice gives the cached answer.
    let engine = RuleEngine(pack: pack2024)
    let ok = dataset([zhangWei])
    let bad = dataset([zhangWei.with(["in_post": .bool(false)])])
    #expect(engine.verdict(dataset: ok, row: 0, options: RuleOptions()) == .eligible)
    #expect(engine.verdict(dataset: bad, row: 0, options: RuleOptions()) == .ineligible)
    #expect(engine.verdict(dataset: ok, row: 0, options: RuleOptions()) == .eligible)
    #expect(engine.verdict(dataset: ok, row: 0, options: RuleOptions(cutoff: day("2023-12-19"))) == .ineligible)
    #expect(engine.verdicts(dataset: ok, rows: [0, 0], options: RuleOptions()) == [.eligible, .eligible])
}

/// A second pack: the 2024 pack with other numbers (a table row, CE years, self-score, R7 hours,
/// R8 years for 高技能, the fraud ban, the number of experts).
let variantPack: RulePack = {
    var text = builtinText
    for (a, b) in [
        ("requirement: {kind: title_held, title: 助理工程师, years: 4}, ce_years: 4,", "requirement: {kind: title_held, title: 助理工程师, years: 3}, ce_years: 3,"),
        ("    assessment_years: 3", "    assessment_years: 2"),
        ("ce_years: {工程师: 1, 助理工程师: 1, 技术员: 1}", "ce_years: {工程师: 2, 助理工程师: 1}"),
        ("params: {fallback_ce_years: 4}", "params: {fallback_ce_years: 3}"),
        ("self_score_min: {工程师: 70}", "self_score_min: {工程师: 75}"),
        ("min_recommenders: 2,", "min_recommenders: 1,"),
        ("total_min: 90}", "total_min: 80}"),
        ("params: {ban_years: 3}", "params: {ban_years: 5}"),
    ] {
        precondition(text.contains(a), "the 2024 pack no longer has \(a)")
        text = text.replacingOccurrences(of: a, with: b)
    }
    return try! RulePack(yaml: text, file: "variant.yaml")
}()

/// The early-stopping driver against the full evaluation, rule by rule: ≥ 10,000 mutated
/// applicants, every what-if option, two packs.
@Test(arguments: ["2024", "variant"]) func earlyStoppingAgreesPerRule(_ which: String) {
    let pack = which == "2024" ? pack2024 : variantPack
    let engine = RuleEngine(pack: pack)
    let ds = dataset(variedApplicants(10_000, seed: which == "2024" ? 21 : 22))
    let index = engine.expertIndex(ds)
    var checkedRules = 0, stoppedEarly = 0
    var seen = Set<Verdict>()
    for opts in whatIfs {
        var mismatches: [String] = []
        for r in 0..<ds.count {
            let full = engine.outcomes(dataset: ds, row: r, options: opts)
            var ran: [(String?, String, Outcome)] = []
            let v = engine.verdictOnly(ds.applicants[r], row: r, index: index, options: opts, trace: { ran.append(($0, $1, $2)) })
            seen.insert(v)
            if v != full.verdict { mismatches.append("row \(r) \(opts): early \(v.rawValue), full \(full.verdict.rawValue)") }
            var fullByRoute: [String: Evaluation] = [:]
            for (route, id, o) in ran {
                // For "任意" the route-independent part is compared with the first route's evaluation.
                let e: Evaluation
                if let route {
                    var o2 = opts; o2.route = route
                    e = fullByRoute[route] ?? engine.outcomes(dataset: ds, row: r, options: o2)
                    fullByRoute[route] = e
                } else if opts.route == RuleOptions.anyRoute, let first = pack.routes.first?.name {
                    var o2 = opts; o2.route = first
                    e = fullByRoute[first] ?? engine.outcomes(dataset: ds, row: r, options: o2)
                    fullByRoute[first] = e
                } else {
                    e = full
                }
                checkedRules += 1
                if e.result(id)?.outcome != o {
                    mismatches.append("row \(r) \(opts) \(route ?? "-") \(id): early \(o.rawValue), full \(e.result(id)?.outcome.rawValue ?? "absent")")
                }
            }
            let evaluated = full.rules.count
            if v == .ineligible, ran.count < evaluated { stoppedEarly += 1 }
        }
        #expect(mismatches.isEmpty, "\(which): \(mismatches.count) mismatches, e.g. \(mismatches.prefix(5))")
    }
    #expect(seen == [.eligible, .ineligible, .unknown])
    // The comparison is not vacuous: many rules checked, and the driver does stop early.
    #expect(checkedRules > 100_000)
    #expect(stoppedEarly > 1_000)
}

/// The registry and the pack name the same rules (and the registry has no rule twice).
@Test func registryAndPackNameTheSameRules() {
    let ids = RuleRegistry.ids
    #expect(Set(ids).count == ids.count)
    #expect(ids == specRuleIDs)
    #expect(Set(pack2024.rules.map(\.id)) == Set(ids))
    #expect(Set(variantPack.rules.map(\.id)) == Set(ids))
    // Every pack rule has a value of the registry's type (typed parameters decoded).
    for info in pack2024.rules { #expect(pack2024.value(info.id).info.id == info.id) }
    #expect(pack2024.fallbackCEYears == 4 && variantPack.fallbackCEYears == 3)
}

/// A pack whose rule parameters cannot be decoded names the rule's params path.
@Test func undecodableParamsNameTheirPath() {
    let text = builtinText.replacingOccurrences(of: "params: {before: 2001-01-01}", with: "params: {before: 2001-13-01}")
    #expect(text != builtinText)
    do {
        _ = try RulePack(yaml: text, file: "bad.yaml")
        Issue.record("loaded a pack with a bad date")
    } catch let e as RulePackError {
        #expect(e.path.hasPrefix("rules[") && e.path.contains("params"), "\(e)")
    } catch {
        Issue.record("\(error)")
    }
}
