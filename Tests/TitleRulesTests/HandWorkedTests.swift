import Testing
import RosterData
@testable import TitleRules

/// Complete applicants whose verdicts were worked out by hand from spec/rules-2024.md.
struct HandCase: CustomTestStringConvertible, Sendable {
    var name: String
    var app: Applicant
    var verdict: Verdict
    /// The rules that decide it (the failing or unknown ones; empty for 符合).
    var deciding: [String]
    var ceYears: Int?
    var testDescription: String { "\(name) → \(verdict.rawValue)" }
}

private let base: [String: Value] = [
    "unit_kind": s("企业"), "unit_tier": s("市本级"), "in_post": .bool(true), "major_related": .bool(true),
    "social_insurance": s("省内"), "performance": .list([perf("某水库除险加固工程")]), "title_in_water": .bool(true),
]

private func person(_ fields: [String: Value]) -> Applicant { applicant(base.merging(fields) { _, new in new }) }

// 李娜: 大专, 技术员 since 2022-06-30. A2 (2 years: 2024-06-30 <= C) and A3 (3 years of work since
// max(2019-07-01, 2019-08-01) = 2019-08-01: 2022-08-01 <= C) are satisfied; A1 needs 2026-06-30.
// CE years = min(A2 2, A3 3) = 2 → 2023 and 2024. 2023: 18 + 60 + 12 = 90 exactly.
// R8: max(2020, 2019) … 2023. → 符合.
private let liNa = person([
    "id": s("H-LN"), "name": s("李娜"), "level": s("助理工程师"), "route": s("正常申报"),
    "degree": s("大专"), "graduated_on": d("2019-07-01"), "work_started": d("2019-08-01"),
    "title": s("技术员"), "title_since": d("2022-06-30"),
    "continuing_education": .list([ce(2023, 18, 60, 12), ce(2024, 20, 70)]),
    "assessments": assessAll(2020...2023, "称职"),
])

// 王强: 自评分 工程师, score 70 (70 分以上 includes 70), two 高级工程师, CE 4 years (2021–2024),
// assessments 2020–2023. 事业单位 with post_vacancy unknown → R12 unknown → 待核实.
private let wangQiang = person([
    "id": s("H-WQ"), "name": s("王强"), "level": s("工程师"), "route": s("自评分（推荐）申报"),
    "unit_kind": s("事业单位"), "degree": s("大专"), "graduated_on": d("2008-07-01"), "work_started": d("2008-07-01"),
    "title": s("助理工程师"), "title_since": d("2023-01-01"), "self_score": .int(70),
    "recommenders": .list([rec("王工", id: "E9"), rec("赵工")]),
    "continuing_education": ceAll(2021...2024), "assessments": assessAll(2020...2023),
])

// 赵敏: 高技能 助理工程师, 高级工 since 2022-12-31 (2 years exactly at C), CE 2 (2023–2024),
// assessments 3 years (2021–2023). Social insurance 省外 without proof → R9 fails → 不符合.
private let zhaoMin = person([
    "id": s("H-ZM"), "name": s("赵敏"), "level": s("助理工程师"), "route": s("高技能人才申报"),
    "degree": s("中专"), "graduated_on": d("2015-07-01"), "work_started": d("2015-07-01"), "title": s("无"),
    "skill_grade": s("高级工"), "skill_since": d("2022-12-31"),
    "continuing_education": ceAll(2023...2024), "assessments": assessAll(2021...2023),
    "social_insurance": s("省外"), "social_insurance_proof": .bool(false),
])

// 孙磊: 转评 工程师 (title 工程师 in another specialty), current post since 2023-06-01 (1 year by
// 2024-06-01), CE 1 (2024). fraud_year 2021 → barred 2022–2024 → R14.2 fails → 不符合.
private let sunLei = person([
    "id": s("H-SL"), "name": s("孙磊"), "level": s("工程师"), "route": s("转评申报"),
    "degree": s("本科"), "graduated_on": d("2010-07-01"), "work_started": d("2010-07-01"),
    "title": s("工程师"), "title_since": d("2018-12-01"), "title_in_water": .bool(false), "current_post_since": d("2023-06-01"),
    "continuing_education": .list([ce(2024, 20, 70)]), "assessments": assessAll(2020...2023),
    "fraud_year": .int(2021),
])

// 周婷: 机关调出 工程师, left the agency 2022-03-01 (1 year by 2023-03-01; within 3 years: 2025-03-01 >= C).
// 硕士 with 助理工程师 since 2022-10-01 → E2 needs 2024-10-01 <= C; CE 2 (2023–2024). → 符合.
private let zhouTing = person([
    "id": s("H-ZT"), "name": s("周婷"), "level": s("工程师"), "route": s("机关调出人员申报"),
    "degree": s("硕士"), "graduated_on": d("2016-07-01"), "work_started": d("2016-08-01"),
    "title": s("助理工程师"), "title_since": d("2022-10-01"), "left_agency_on": d("2022-03-01"),
    "continuing_education": ceAll(2023...2024), "assessments": assessAll(2020...2023, "优秀"),
])

let handCases: [HandCase] = [
    HandCase(name: "张伟 (roster example)", app: zhangWei, verdict: .eligible, deciding: [], ceYears: 4),
    HandCase(name: "李娜", app: liNa, verdict: .eligible, deciding: [], ceYears: 2),
    HandCase(name: "李娜 with 89 hours in 2023", app: liNa.with(["continuing_education": .list([ce(2023, 18, 60, 11), ce(2024, 20, 70)])]),
             verdict: .ineligible, deciding: ["R7"], ceYears: 2),
    HandCase(name: "李娜 at a county unit", app: liNa.with(["unit_tier": s("县（市、区）")]), verdict: .ineligible, deciding: ["R1.3"], ceYears: 2),
    HandCase(name: "王强", app: wangQiang, verdict: .unknown, deciding: ["R12"], ceYears: 4),
    HandCase(name: "王强 with a vacancy", app: wangQiang.with(["post_vacancy": .bool(true)]), verdict: .eligible, deciding: [], ceYears: 4),
    HandCase(name: "赵敏", app: zhaoMin, verdict: .ineligible, deciding: ["R9"], ceYears: 2),
    HandCase(name: "赵敏 with proof", app: zhaoMin.with(["social_insurance_proof": .bool(true)]), verdict: .eligible, deciding: [], ceYears: 2),
    HandCase(name: "孙磊", app: sunLei, verdict: .ineligible, deciding: ["R14.2"], ceYears: 1),
    HandCase(name: "孙磊 with fraud in 2020", app: sunLei.with(["fraud_year": .int(2020)]), verdict: .eligible, deciding: [], ceYears: 1),
    HandCase(name: "周婷", app: zhouTing, verdict: .eligible, deciding: [], ceYears: 2),
    HandCase(name: "周婷 left the agency too long ago", app: zhouTing.with(["left_agency_on": d("2021-12-30")]), verdict: .ineligible, deciding: ["R5.1"], ceYears: 2),
]

@Test(arguments: handCases) func handWorked(_ c: HandCase) {
    let e = eval(c.app)
    #expect(e.verdict == c.verdict, "\(e.rules.filter { $0.outcome != .pass }.map { "\($0.id) \($0.outcome): \($0.message)" })")
    #expect(e.rules.filter { $0.outcome != .pass }.map(\.id) == c.deciding)
    #expect(e.ceYears == c.ceYears)
    let ds = dataset([c.app])
    #expect(engine2024.verdict(dataset: ds, row: 0, options: RuleOptions()) == c.verdict)
}
