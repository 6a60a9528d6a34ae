import Testing
import RosterData
@testable import TitleRules

// Issue 9: a condition met (or failed) whatever a not-known value is must be decided,
// not 待核实 (rules-2024.md: unknown only when the missing data leaves the outcome open).

// MARK: met either way (R9, R10, R13.2)

let eitherWayCases: [RuleCase] = [
    RuleCase(rule: "R10", name: "graduated_on absent, diploma uploaded", app: zw.without("graduated_on").with(["diploma_uploaded": .bool(true)]), expect: .pass),
    RuleCase(rule: "R10", name: "graduated_on absent, no diploma (default)", app: zw.without("graduated_on"), expect: .unknown),
    RuleCase(rule: "R9", name: "social_insurance absent, proof uploaded", app: zw.without("social_insurance").with(["social_insurance_proof": .bool(true)]), expect: .pass),
    RuleCase(rule: "R9", name: "social_insurance absent, no proof", app: zw.without("social_insurance").with(["social_insurance_proof": .bool(false)]), expect: .unknown),
]
@Test(arguments: eitherWayCases) func metEitherWay(_ c: RuleCase) { check(c) }

// MARK: R4, grade not known but held too briefly for any grade

let r4EitherWayCases: [RuleCase] = [
    RuleCase(rule: "R4", name: "工程师: grade absent, since 2023-06-14 (< 3 years)", app: skilledE.without("skill_grade").with(["skill_since": d("2023-06-14")]), expect: .fail),
    RuleCase(rule: "R4", name: "助理: grade absent, since 2023-06-14 (< 2 years)", app: skilled.without("skill_grade").with(["skill_since": d("2023-06-14")]), expect: .fail),
    RuleCase(rule: "R4", name: "工程师: grade absent, since 2020-01-01 (long enough)", app: skilledE.without("skill_grade").with(["skill_since": d("2020-01-01")]), expect: .unknown),
    RuleCase(rule: "R4", name: "工程师: grade absent, recent, but 浙江工匠", app: skilledE.without("skill_grade").with(["skill_since": d("2023-06-14"), "honors": .list([s("浙江工匠")])]), expect: .pass),
]
@Test(arguments: r4EitherWayCases) func r4GradeNotKnown(_ c: RuleCase) { check(c) }

// MARK: R2.2 / R2.3 with the title not known but not in water

let titleNotInWaterCases: [RuleCase] = [
    RuleCase(rule: "R2.2", name: "title absent, not in water", app: zw.without("title").with(["title_in_water": .bool(false)]), expect: .pass, says: "不受晋升限制"),
    RuleCase(rule: "R2.2", name: "title absent, in water (default)", app: zw.without("title"), expect: .unknown),
    RuleCase(rule: "R2.3", name: "本科 title absent, not in water: E1 cannot carry", app: zw.without("title").with(["title_in_water": .bool(false)]), expect: .fail, says: "现职称不明，且非水利专业"),
    RuleCase(rule: "R2.3", name: "博士 title absent, not in water: E3", app: zw.without("title").with(["degree": s("博士"), "title_in_water": .bool(false)]), expect: .pass),
    RuleCase(rule: "R2.3", name: "title absent, in water: E1 open, message names no title", app: zw.without("title"), expect: .unknown, says: "现职称不明；若为助理工程师，任职"),
    RuleCase(rule: "R2.3", name: "本科 助理工程师 title_since absent, not in water (GX3-01284)", app: zw.without("title_since").with(["title_in_water": .bool(false)]), expect: .fail, says: "不能依托"),
    RuleCase(rule: "R2.4", name: "本科 助理工程师 title_since absent, not in water", app: zw.without("title_since").with(["title_in_water": .bool(false)]), expect: .pass),
    RuleCase(rule: "R2.4", name: "本科 title absent, not in water", app: zw.without("title").with(["title_in_water": .bool(false)]), expect: .pass),
]
@Test(arguments: titleNotInWaterCases) func titleNotKnownNotInWater(_ c: RuleCase) { check(c) }

@Test func titleNotKnownNotInWaterVerdict() {
    let a = zw.without("title").with(["title_in_water": .bool(false)])
    #expect(eval(a).verdict == .ineligible)
    #expect(engine2024.verdictOnly(a, row: 0, index: [:], options: RuleOptions()) == .ineligible)
    #expect(result("R2.3", zw.without("title"))?.message.contains("任助理工程师") == false)
}

// MARK: CE years over the rows' shared unknowns (R2 reading)

struct JointCECase: CustomTestStringConvertible, Sendable {
    var name: String
    var app: Applicant
    var ceYears: Int?
    var r7: Outcome
    var testDescription: String { "\(name) → \(ceYears.map(String.init) ?? "open")" }
}

let jointCECases: [JointCECase] = [
    // E1 ⇒ E2 (same title, same date): satisfied {E1,E2} → 2, {E2} → 2, none → min(E1 4, E2 2) = 2.
    JointCECase(name: "硕士 助理工程师 title_since absent", app: zw.with(["degree": s("硕士"), "continuing_education": .list([ce(2023, 24, 70), ce(2024, 24, 70)])]).without("title_since"),
           ceYears: 2, r7: .pass),
    JointCECase(name: "硕士 助理工程师 title_since absent, 2023 missing", app: zw.with(["degree": s("硕士"), "continuing_education": .list([ce(2024, 24, 70)])]).without("title_since"),
           ceYears: 2, r7: .fail),
    // A3 (3 years) ⇒ A4 (1 year), same max(graduated_on, work_started): always 1.
    JointCECase(name: "助理 本科 graduated_on and work_started absent", app: assistant.without("graduated_on", "work_started"), ceYears: 1, r7: .pass),
    JointCECase(name: "助理 本科 graduated_on absent, work 2023-07-10", app: assistant.without("graduated_on"), ceYears: 1, r7: .pass),
    // 本科: only E1 is degree-met; held or not, 4.
    JointCECase(name: "本科 title_since absent", app: zw.without("title_since"), ceYears: 4, r7: .pass),
    // Still open: 硕士 with title absent may be 助理工程师 held 2 years (2) or anything else (E3 needs 博士; 2).
    JointCECase(name: "degree absent, title_since absent", app: zw.without("degree", "title_since"), ceYears: nil, r7: .pass),
]
@Test(arguments: jointCECases) func jointCEYears(_ c: JointCECase) {
    let e = eval(c.app)
    #expect(e.ceYears == c.ceYears, "possible: \(e.possibleCEYears)")
    #expect(e.result("R7")?.outcome == c.r7, "\(e.result("R7")?.message ?? "-")")
    #expect(engine2024.verdictOnly(c.app, row: 0, index: [:], options: RuleOptions()) == e.verdict)
}

// MARK: route not known

struct RouteCase: CustomTestStringConvertible, Sendable {
    var name: String
    var app: Applicant
    var level: String? = nil
    var verdict: Verdict
    var failing: String? = nil
    var testDescription: String { "\(name) → \(verdict.rawValue)" }
}

let routeNotKnownCases: [RouteCase] = [
    RouteCase(name: "张伟 route absent", app: zw.without("route"), verdict: .unknown),
    RouteCase(name: "route absent, 2023 assessment missing (R8 fails for every route)",
              app: zw.without("route").with(["assessments": .list([assess(2020, "合格"), assess(2021, "合格"), assess(2022, "合格")])]),
              verdict: .ineligible, failing: "R8"),
    RouteCase(name: "route absent, 2024 CE missing (R7 fails for every route)",
              app: zw.without("route").with(["continuing_education": .list([ce(2021, 24, 70), ce(2022, 24, 70), ce(2023, 24, 70)])]),
              verdict: .ineligible, failing: "R7"),
    RouteCase(name: "技术员 route absent, probation short: every route fails",
              app: assistant.without("route").with(["graduated_on": d("2024-06-30"), "work_started": d("2024-07-10"), "assessments": .list([])]),
              level: "技术员", verdict: .ineligible),
    RouteCase(name: "技术员 route absent, probation held", app: assistant.without("route").with(["title": s("无")]), level: "技术员", verdict: .unknown),
]
@Test(arguments: routeNotKnownCases) func routeNotKnown(_ c: RouteCase) {
    let e = eval(c.app, level: c.level)
    #expect(e.verdict == c.verdict, "\(e.rules.filter { $0.outcome != .pass }.map { "\($0.id) \($0.outcome)" })")
    #expect(engine2024.verdictOnly(c.app, row: 0, index: [:], options: RuleOptions(level: c.level)) == c.verdict)
    if let f = c.failing { #expect(e.result(f)?.outcome == .fail, "\(f) not shown as failing") }
}
