import Testing
import RosterData
@testable import TitleRules

/// One rule, one applicant, one expected outcome (and optionally a piece of the message).
struct RuleCase: CustomTestStringConvertible, Sendable {
    var rule: String
    var name: String
    var app: Applicant
    var level: String? = nil
    var route: String? = nil
    var cutoff: Day? = nil
    var expect: Outcome
    var says: String? = nil
    var testDescription: String { "\(rule) \(expect.rawValue): \(name)" }
}

func check(_ c: RuleCase) {
    let r = result(c.rule, c.app, level: c.level, route: c.route, cutoff: c.cutoff)
    #expect(r != nil, "rule \(c.rule) not evaluated")
    #expect(r?.outcome == c.expect, "\(c.rule) \(c.name): \(r?.message ?? "-")")
    if let says = c.says { #expect(r?.message.contains(says) == true, "message: \(r?.message ?? "-")") }
    if c.expect == .unknown { #expect(r?.missing.isEmpty == false || c.rule == "R3.3", "unknown names no field") }
}

let zw = zhangWei
/// 助理工程师, 正常申报, 本科, row A4 (probation), CE 1 year (2024), assessments 2023 only.
let assistant: Applicant = zhangWei.with([
    "level": s("助理工程师"), "degree": s("本科"), "graduated_on": d("2023-06-30"), "work_started": d("2023-07-10"),
    "title": s("无"), "title_since": .null, "continuing_education": .list([ce(2024, 20, 70)]),
    "assessments": .list([assess(2023, "合格")]),
])

// MARK: R1

let r1Cases: [RuleCase] = [
    RuleCase(rule: "R1.1", name: "事业单位", app: zw, expect: .pass),
    RuleCase(rule: "R1.1", name: "企业", app: zw.with(["unit_kind": s("企业")]), expect: .pass),
    RuleCase(rule: "R1.1", name: "机关", app: zw.with(["unit_kind": s("机关")]), expect: .fail, says: "机关"),
    RuleCase(rule: "R1.1", name: "absent", app: zw.without("unit_kind"), expect: .unknown, says: "缺少 单位性质（unit_kind）"),
    RuleCase(rule: "R1.2", name: "在岗", app: zw, expect: .pass),
    RuleCase(rule: "R1.2", name: "不在岗", app: zw.with(["in_post": .bool(false)]), expect: .fail),
    RuleCase(rule: "R1.2", name: "absent", app: zw.without("in_post"), expect: .unknown),
    RuleCase(rule: "R1.3", name: "工程师 县级 不限", app: zw.with(["unit_tier": s("县（市、区）")]), expect: .pass),
    RuleCase(rule: "R1.3", name: "助理 市本级", app: assistant, expect: .pass),
    RuleCase(rule: "R1.3", name: "助理 县级", app: assistant.with(["unit_tier": s("县（市、区）")]), expect: .fail),
    RuleCase(rule: "R1.3", name: "技术员 县级 (what-if level)", app: zw.with(["unit_tier": s("县（市、区）")]), level: "技术员", expect: .fail),
    RuleCase(rule: "R1.3", name: "助理 absent tier", app: assistant.without("unit_tier"), expect: .unknown),
]
@Test(arguments: r1Cases) func r1(_ c: RuleCase) { check(c) }

// MARK: R2

let r2Cases: [RuleCase] = [
    RuleCase(rule: "R2.1", name: "对口", app: zw, expect: .pass),
    RuleCase(rule: "R2.1", name: "不对口 有注册证书", app: zw.with(["major_related": .bool(false), "certificates": .list([s("一级建造师（水利水电工程）")])]), expect: .pass),
    RuleCase(rule: "R2.1", name: "不对口 已转换", app: zw.with(["major_related": .bool(false), "major_converted": .bool(true)]), expect: .pass),
    RuleCase(rule: "R2.1", name: "不对口 无证书 (defaults)", app: zw.with(["major_related": .bool(false)]), expect: .fail, says: "视为不具备规定学历"),
    RuleCase(rule: "R2.1", name: "对口 absent", app: zw.without("major_related"), expect: .unknown, says: "major_related"),
    RuleCase(rule: "R2.1", name: "机关调出 also", app: zw.with(["major_related": .bool(false), "route": s("机关调出人员申报")]), expect: .fail),
    RuleCase(rule: "R2.2", name: "晋升", app: zw, expect: .pass),
    RuleCase(rule: "R2.2", name: "同级 水利", app: zw.with(["title": s("工程师")]), expect: .fail),
    RuleCase(rule: "R2.2", name: "降级 水利", app: zw, level: "助理工程师", expect: .fail),
    RuleCase(rule: "R2.2", name: "同级 非水利", app: zw.with(["title": s("工程师"), "title_in_water": .bool(false)]), expect: .pass),
    RuleCase(rule: "R2.2", name: "title absent", app: zw.without("title"), expect: .unknown),
    // R2.3 seniority at the cut-off: held 4 years since 2020-12-31 ends exactly on 2024-12-31.
    RuleCase(rule: "R2.3", name: "E1 ends on the cut-off day", app: zw.with(["title_since": d("2020-12-31")]), expect: .pass),
    RuleCase(rule: "R2.3", name: "E1 one day after", app: zw.with(["title_since": d("2021-01-01")]), expect: .fail, says: "差 1天"),
    RuleCase(rule: "R2.3", name: "E1 shortfall message", app: zw.with(["title_since": d("2021-07-15")]), expect: .fail,
             says: "任助理工程师 3年5个月又16天（2021-07-15 起，截至 2024-12-31），需满 4 年 — 差 6个月又15天"),
    RuleCase(rule: "R2.3", name: "29 Feb + 4 years is 29 Feb", app: zw.with(["title_since": d("2020-02-29")]), cutoff: day("2024-02-29"), expect: .pass),
    RuleCase(rule: "R2.3", name: "29 Feb + 4 years, cut-off the day before", app: zw.with(["title_since": d("2020-02-29")]), cutoff: day("2024-02-28"), expect: .fail),
    RuleCase(rule: "R2.3", name: "29 Feb + 1 year lands on 28 Feb", app: assistant.with(["graduated_on": d("2024-02-29"), "work_started": d("2024-02-29")]),
             cutoff: day("2025-02-28"), expect: .pass),
    RuleCase(rule: "R2.3", name: "29 Feb + 1 year, 27 Feb short", app: assistant.with(["graduated_on": d("2024-02-29"), "work_started": d("2024-02-29")]),
             cutoff: day("2025-02-27"), expect: .fail),
    RuleCase(rule: "R2.3", name: "满2年 across a month end (31 Jan → 31 Jan)", app: zw.with(["degree": s("硕士"), "title_since": d("2022-01-31")]),
             cutoff: day("2024-01-31"), expect: .pass),
    RuleCase(rule: "R2.3", name: "满2年 across a month end, 30 Jan short", app: zw.with(["degree": s("硕士"), "title_since": d("2022-01-31")]),
             cutoff: day("2024-01-30"), expect: .fail),
    RuleCase(rule: "R2.3", name: "硕士 meets E2 with 2 years", app: zw.with(["degree": s("硕士"), "title_since": d("2022-06-01")]), expect: .pass, says: "E2"),
    RuleCase(rule: "R2.3", name: "本科 needs 4 years (E2 not for 本科)", app: zw.with(["title_since": d("2022-06-01")]), expect: .fail),
    RuleCase(rule: "R2.3", name: "博士 in work (E3)", app: zw.with(["degree": s("博士"), "title": s("无"), "title_since": .null]), expect: .pass, says: "E3"),
    RuleCase(rule: "R2.3", name: "中专 cannot reach 工程师", app: zw.with(["degree": s("中专")]), expect: .fail),
    RuleCase(rule: "R2.3", name: "高级工班 counts as 大专 (E1)", app: zw.with(["degree": s("高级工班")]), expect: .pass),
    RuleCase(rule: "R2.3", name: "A4 probation from the later of graduation and work", app: assistant.with(["work_started": d("2024-01-01")]), expect: .fail),
    RuleCase(rule: "R2.3", name: "A3 大专 3 years of work", app: assistant.with(["degree": s("大专"), "graduated_on": d("2021-06-30"), "work_started": d("2021-07-01")]), expect: .pass, says: "A3"),
    RuleCase(rule: "R2.3", name: "A1 中专 技术员 4 years", app: assistant.with(["degree": s("中专"), "title": s("技术员"), "title_since": d("2020-12-01"), "graduated_on": d("2016-07-01"), "work_started": d("2016-07-01")]), expect: .pass, says: "A1"),
    RuleCase(rule: "R2.3", name: "A5 研究生 in work", app: assistant.with(["degree": s("研究生"), "work_started": d("2024-12-31")]), expect: .pass, says: "A5"),
    RuleCase(rule: "R2.3", name: "A5 starts after the cut-off", app: assistant.with(["degree": s("研究生"), "graduated_on": d("2025-01-01"), "work_started": d("2025-01-01")]), expect: .fail),
    RuleCase(rule: "R2.3", name: "T1 技术员 probation", app: assistant.with(["degree": s("中专")]), level: "技术员", expect: .pass, says: "T1"),
    RuleCase(rule: "R2.3", name: "degree absent", app: zw.without("degree"), expect: .unknown, says: "学历（degree）"),
    RuleCase(rule: "R2.3", name: "title_since absent", app: zw.without("title_since"), expect: .unknown, says: "title_since"),
    RuleCase(rule: "R2.3", name: "work_started absent but graduation alone too late", app: assistant.with(["graduated_on": d("2024-06-01")]).without("work_started"), expect: .fail),
    RuleCase(rule: "R2.3", name: "work_started absent, graduation early enough", app: assistant.without("work_started"), expect: .unknown, says: "work_started"),
    RuleCase(rule: "R2.4", name: "水利 title", app: zw, expect: .pass),
    RuleCase(rule: "R2.4", name: "non-water title carries E1", app: zw.with(["title_in_water": .bool(false)]), expect: .fail, says: "转评"),
    RuleCase(rule: "R2.4", name: "non-water title but 博士 E3", app: zw.with(["degree": s("博士"), "title_in_water": .bool(false)]), expect: .pass),
    RuleCase(rule: "R2.4", name: "non-water title, E3 open", app: zw.with(["degree": s("博士"), "title_in_water": .bool(false)]).without("work_started"), expect: .unknown),
]
@Test(arguments: r2Cases) func r2(_ c: RuleCase) { check(c) }

@Test func r2_4NonWaterTitleMakesVerdictIneligible() {
    #expect(eval(zw.with(["title_in_water": .bool(false)])).verdict == .ineligible)
    let rows = eval(zw.with(["title_in_water": .bool(false)])).tableRows
    #expect(rows.first { $0.rowID == "E1" }?.satisfied == .fail)
}

// MARK: R3

let selfScore: Applicant = zhangWei.with([
    "route": s("自评分（推荐）申报"), "self_score": .double(72), "recommenders": .list([rec("刘建国"), rec("陈红", "正高级工程师")]),
])
let selfAssistant: Applicant = assistant.with([
    "route": s("自评分（推荐）申报"), "long_term_water_work": .bool(true), "recommenders": .list([rec("刘建国"), rec("陈红")]),
    "continuing_education": ceAll(2023...2024),
])

let r3Cases: [RuleCase] = [
    RuleCase(rule: "R3.1", name: "工程师 72", app: selfScore, expect: .pass),
    RuleCase(rule: "R3.1", name: "工程师 exactly 70", app: selfScore.with(["self_score": .int(70)]), expect: .pass),
    RuleCase(rule: "R3.1", name: "工程师 69.5", app: selfScore.with(["self_score": .double(69.5)]), expect: .fail, says: "差 0.5 分"),
    RuleCase(rule: "R3.1", name: "工程师 absent", app: selfScore.without("self_score"), expect: .unknown),
    RuleCase(rule: "R3.1", name: "助理 长期从事", app: selfAssistant, expect: .pass),
    RuleCase(rule: "R3.1", name: "助理 not long-term", app: selfAssistant.with(["long_term_water_work": .bool(false)]), expect: .fail),
    RuleCase(rule: "R3.1", name: "助理 absent", app: selfAssistant.without("long_term_water_work"), expect: .unknown),
    RuleCase(rule: "R3.1", name: "技术员 no such route", app: selfAssistant, level: "技术员", expect: .fail),
    RuleCase(rule: "R3.2", name: "高工 + 正高", app: selfScore, expect: .pass),
    RuleCase(rule: "R3.2", name: "one 工程师", app: selfScore.with(["recommenders": .list([rec("刘建国"), rec("陈红", "工程师")])]), expect: .fail),
    RuleCase(rule: "R3.2", name: "only one", app: selfScore.with(["recommenders": .list([rec("刘建国")])]), expect: .fail),
    RuleCase(rule: "R3.2", name: "blank name", app: selfScore.with(["recommenders": .list([rec("刘建国"), rec("  ")])]), expect: .fail),
    RuleCase(rule: "R3.2", name: "title not known", app: selfScore.with(["recommenders": .list([rec("刘建国"), obj(["name": s("陈红")])])]), expect: .unknown),
    RuleCase(rule: "R3.2", name: "absent", app: selfScore.without("recommenders"), expect: .unknown),
    RuleCase(rule: "R3.3", name: "alone", app: selfScore, expect: .pass),
    RuleCase(rule: "R3.3", name: "no recommenders", app: selfScore.without("recommenders"), expect: .unknown),
]
@Test(arguments: r3Cases) func r3(_ c: RuleCase) { check(c) }

// MARK: R4

let skilled: Applicant = assistant.with([
    "route": s("高技能人才申报"), "skill_grade": s("高级工"), "skill_since": d("2022-12-31"),
    "continuing_education": ceAll(2023...2024), "assessments": assessAll(2021...2023),
])
let skilledE: Applicant = zhangWei.with([
    "route": s("高技能人才申报"), "skill_grade": s("技师"), "skill_since": d("2021-12-31"),
    "continuing_education": ceAll(2022...2024), "assessments": assessAll(2021...2023),
])

let r4Cases: [RuleCase] = [
    RuleCase(rule: "R4", name: "高级工 exactly 2 years", app: skilled, expect: .pass),
    RuleCase(rule: "R4", name: "高级工 one day short", app: skilled.with(["skill_since": d("2023-01-01")]), expect: .fail, says: "差 1天"),
    RuleCase(rule: "R4", name: "技师 counts for 助理", app: skilled.with(["skill_grade": s("技师")]), expect: .pass),
    RuleCase(rule: "R4", name: "H_A honour for 助理", app: skilled.with(["skill_grade": .null, "honors": .list([s("浙江青年工匠")])]), expect: .pass),
    RuleCase(rule: "R4", name: "H_E honour for 助理", app: skilled.with(["skill_grade": .null, "honors": .list([s("浙江工匠")])]), expect: .pass),
    RuleCase(rule: "R4", name: "skill absent, no honour", app: skilled.without("skill_grade"), expect: .unknown),
    RuleCase(rule: "R4", name: "skill_since absent", app: skilled.without("skill_since"), expect: .unknown),
    RuleCase(rule: "R4", name: "工程师 技师 3 years", app: skilledE, expect: .pass),
    RuleCase(rule: "R4", name: "工程师 技师 one day short", app: skilledE.with(["skill_since": d("2022-01-01")]), expect: .fail),
    RuleCase(rule: "R4", name: "工程师 高级工 too low", app: skilledE.with(["skill_grade": s("高级工")]), expect: .fail),
    RuleCase(rule: "R4", name: "工程师 H_A honour not enough", app: skilledE.with(["skill_grade": s("高级工"), "honors": .list([s("浙江青年工匠")])]), expect: .fail),
    RuleCase(rule: "R4", name: "工程师 H_E honour", app: skilledE.with(["skill_grade": s("高级工"), "honors": .list([s("省技术能手")])]), expect: .pass),
    RuleCase(rule: "R4", name: "技术员 no such route", app: skilled, level: "技术员", expect: .fail),
]
@Test(arguments: r4Cases) func r4(_ c: RuleCase) { check(c) }

// MARK: R5, R6

let agency: Applicant = zhangWei.with(["route": s("机关调出人员申报"), "unit_kind": s("企业"), "left_agency_on": d("2023-12-31")])
let transfer: Applicant = zhangWei.with([
    "route": s("转评申报"), "level": s("助理工程师"), "title_in_water": .bool(false), "current_post_since": d("2023-12-31"),
])

let r56Cases: [RuleCase] = [
    RuleCase(rule: "R5.1", name: "left exactly 1 year before C", app: agency, expect: .pass),
    RuleCase(rule: "R5.1", name: "left one day too late", app: agency.with(["left_agency_on": d("2024-01-01")]), expect: .fail),
    RuleCase(rule: "R5.1", name: "left exactly 3 years before C", app: agency.with(["left_agency_on": d("2021-12-31")]), expect: .pass),
    RuleCase(rule: "R5.1", name: "left more than 3 years before C", app: agency.with(["left_agency_on": d("2021-12-30")]), expect: .fail, says: "超过 3 年"),
    RuleCase(rule: "R5.1", name: "absent", app: agency.without("left_agency_on"), expect: .unknown),
    RuleCase(rule: "R5.2", name: "R2 passes", app: agency, expect: .pass),
    RuleCase(rule: "R5.2", name: "R2.3 fails", app: agency.with(["title_since": d("2022-01-01")]), expect: .fail),
    RuleCase(rule: "R5.2", name: "R2.3 unknown", app: agency.without("degree"), expect: .unknown),
    RuleCase(rule: "R2.3", name: "机关调出 uses the table", app: agency.with(["title_since": d("2022-01-01")]), expect: .fail),
    RuleCase(rule: "R6.1", name: "same level", app: transfer, expect: .pass),
    RuleCase(rule: "R6.1", name: "higher level", app: transfer, level: "工程师", expect: .fail),
    RuleCase(rule: "R6.1", name: "no title", app: transfer.with(["title": s("无")]), expect: .fail),
    RuleCase(rule: "R6.1", name: "title absent", app: transfer.without("title"), expect: .unknown),
    RuleCase(rule: "R6.2", name: "exactly 1 year", app: transfer, expect: .pass),
    RuleCase(rule: "R6.2", name: "one day short", app: transfer.with(["current_post_since": d("2024-01-01")]), expect: .fail),
    RuleCase(rule: "R6.2", name: "absent", app: transfer.without("current_post_since"), expect: .unknown),
]
@Test(arguments: r56Cases) func r5r6(_ c: RuleCase) { check(c) }

// MARK: R7, R8

let r78Cases: [RuleCase] = [
    RuleCase(rule: "R7", name: "4 good years", app: zw, expect: .pass),
    RuleCase(rule: "R7", name: "2023 short", app: zw.with(["continuing_education": .list([ce(2021, 24, 70), ce(2022, 20, 72), ce(2023, 12, 60), ce(2024, 18, 80)])]),
             expect: .fail, says: "2023 年继续教育 72 学时（公需 12 / 专业 60），需 ≥90（公需 ≥18、专业 ≥60）"),
    RuleCase(rule: "R7", name: "public exactly 18, professional exactly 60, other 12", app: zw.with(["continuing_education": .list([ce(2021, 18, 60, 12), ce(2022, 20, 72), ce(2023, 30, 64), ce(2024, 18, 80)])]), expect: .pass),
    RuleCase(rule: "R7", name: "total 89", app: zw.with(["continuing_education": .list([ce(2021, 18, 60, 11), ce(2022, 20, 72), ce(2023, 30, 64), ce(2024, 18, 80)])]), expect: .fail),
    RuleCase(rule: "R7", name: "year missing", app: zw.with(["continuing_education": .list([ce(2021, 24, 70), ce(2023, 30, 64), ce(2024, 18, 80)])]), expect: .fail, says: "缺少 2022 年"),
    RuleCase(rule: "R7", name: "two records, one good", app: zw.with(["continuing_education": .list([ce(2021, 10, 10), ce(2021, 24, 70), ce(2022, 20, 72), ce(2023, 30, 64), ce(2024, 18, 80)])]), expect: .pass),
    RuleCase(rule: "R7", name: "field absent", app: zw.without("continuing_education"), expect: .unknown, says: "继续教育（continuing_education）"),
    RuleCase(rule: "R7", name: "other absent but enough", app: zw.with(["continuing_education": .list([obj(["year": .int(2021), "public": .int(30), "professional": .int(60)]), ce(2022, 20, 72), ce(2023, 30, 64), ce(2024, 18, 80)])]), expect: .pass),
    RuleCase(rule: "R7", name: "other absent, maybe enough", app: zw.with(["continuing_education": .list([obj(["year": .int(2021), "public": .int(20), "professional": .int(60)]), ce(2022, 20, 72), ce(2023, 30, 64), ce(2024, 18, 80)])]), expect: .unknown),
    RuleCase(rule: "R7", name: "A4 needs only 2024", app: assistant, expect: .pass),
    RuleCase(rule: "R7", name: "自评分 工程师 4 years", app: selfScore.with(["continuing_education": ceAll(2022...2024)]), expect: .fail),
    RuleCase(rule: "R7", name: "自评分 助理 2 years", app: selfAssistant, expect: .pass),
    RuleCase(rule: "R7", name: "高技能 工程师 3 years", app: skilledE, expect: .pass),
    RuleCase(rule: "R7", name: "转评 1 year", app: transfer.with(["continuing_education": .list([ce(2024, 20, 70)])]), expect: .pass),
    RuleCase(rule: "R8", name: "2020–2023 good", app: zw, expect: .pass),
    RuleCase(rule: "R8", name: "基本合格", app: zw.with(["assessments": .list([assess(2020, "合格"), assess(2021, "基本合格"), assess(2022, "合格"), assess(2023, "合格")])]), expect: .fail, says: "2021 年度考核 基本合格"),
    RuleCase(rule: "R8", name: "year missing", app: zw.with(["assessments": assessAll(2021...2023)]), expect: .fail, says: "缺少 2020"),
    RuleCase(rule: "R8", name: "two results, one good", app: zw.with(["assessments": .list([assess(2020, "不定等次"), assess(2020, "称职"), assess(2021, "良好"), assess(2022, "合格"), assess(2023, "合格")])]), expect: .pass),
    RuleCase(rule: "R8", name: "work started 2022: only 2022–2023", app: zw.with(["work_started": d("2022-03-01"), "assessments": assessAll(2022...2023)]), expect: .pass),
    RuleCase(rule: "R8", name: "高技能: 3 years", app: skilledE, expect: .pass),
    RuleCase(rule: "R8", name: "absent", app: zw.without("assessments"), expect: .unknown),
    RuleCase(rule: "R8", name: "work_started absent, all 4 good", app: zw.without("work_started"), expect: .pass),
    RuleCase(rule: "R8", name: "work_started absent, 2020 missing", app: zw.with(["assessments": assessAll(2021...2023)]).without("work_started"), expect: .unknown, says: "work_started"),
]
@Test(arguments: r78Cases) func r7r8(_ c: RuleCase) { check(c) }

// MARK: R9–R14

let r9to14Cases: [RuleCase] = [
    RuleCase(rule: "R9", name: "省内", app: zw, expect: .pass),
    RuleCase(rule: "R9", name: "省外 with proof", app: zw.with(["social_insurance": s("省外"), "social_insurance_proof": .bool(true)]), expect: .pass),
    RuleCase(rule: "R9", name: "省外 without proof", app: zw.with(["social_insurance": s("省外"), "social_insurance_proof": .bool(false)]), expect: .fail),
    RuleCase(rule: "R9", name: "省外 proof absent", app: zw.with(["social_insurance": s("省外")]), expect: .unknown),
    RuleCase(rule: "R9", name: "absent", app: zw.without("social_insurance"), expect: .unknown),
    RuleCase(rule: "R10", name: "2012", app: zw, expect: .pass),
    RuleCase(rule: "R10", name: "2001-01-01 exactly", app: zw.with(["graduated_on": d("2001-01-01")]), expect: .pass),
    RuleCase(rule: "R10", name: "2000-12-31 no diploma (default)", app: zw.with(["graduated_on": d("2000-12-31")]), expect: .fail),
    RuleCase(rule: "R10", name: "2000-12-31 uploaded", app: zw.with(["graduated_on": d("2000-12-31"), "diploma_uploaded": .bool(true)]), expect: .pass),
    RuleCase(rule: "R10", name: "absent", app: zw.without("graduated_on"), expect: .unknown),
    RuleCase(rule: "R11", name: "省内 (default)", app: zw.without("title_origin"), expect: .pass),
    RuleCase(rule: "R11", name: "省外 recognised", app: zw.with(["title_origin": s("省外"), "title_recognized": .bool(true)]), expect: .pass),
    RuleCase(rule: "R11", name: "军队转业 not recognised", app: zw.with(["title_origin": s("军队转业"), "title_recognized": .bool(false)]), expect: .fail),
    RuleCase(rule: "R11", name: "中央部属 recognition absent", app: zw.with(["title_origin": s("中央部属")]), expect: .unknown),
    RuleCase(rule: "R11", name: "无 title", app: zw.with(["title": s("无"), "title_origin": s("省外")]), expect: .pass),
    RuleCase(rule: "R12", name: "事业单位 vacancy", app: zw, expect: .pass),
    RuleCase(rule: "R12", name: "事业单位 no vacancy", app: zw.with(["post_vacancy": .bool(false)]), expect: .fail),
    RuleCase(rule: "R12", name: "事业单位 suspended", app: zw.with(["unit_suspended": .bool(true)]), expect: .fail),
    RuleCase(rule: "R12", name: "事业单位 vacancy absent", app: zw.without("post_vacancy"), expect: .unknown),
    RuleCase(rule: "R12", name: "企业", app: zw.with(["unit_kind": s("企业"), "post_vacancy": .null]), expect: .pass),
    RuleCase(rule: "R13.1", name: "one item", app: zw, expect: .pass),
    RuleCase(rule: "R13.1", name: "none", app: zw.with(["performance": .list([])]), expect: .fail),
    RuleCase(rule: "R13.1", name: "absent", app: zw.without("performance"), expect: .unknown),
    RuleCase(rule: "R13.2", name: "first application", app: zw, expect: .pass),
    RuleCase(rule: "R13.2", name: "repeat with a new item", app: zw.with(["previous_application_year": .int(2023), "performance": .list([perf("a", new: false), perf("b", new: true)])]), expect: .pass),
    RuleCase(rule: "R13.2", name: "repeat, nothing new", app: zw.with(["previous_application_year": .int(2023), "performance": .list([perf("a", new: false)])]), expect: .fail),
    RuleCase(rule: "R13.2", name: "repeat, new not known", app: zw.with(["previous_application_year": .int(2023), "performance": .list([perf("a", new: nil)])]), expect: .unknown),
    RuleCase(rule: "R14.1", name: "default false", app: zw, expect: .pass),
    RuleCase(rule: "R14.1", name: "under discipline", app: zw.with(["under_discipline": .bool(true)]), expect: .fail),
    RuleCase(rule: "R14.2", name: "none", app: zw, expect: .pass),
    RuleCase(rule: "R14.2", name: "2020: ban 2021–2023", app: zw.with(["fraud_year": .int(2020)]), expect: .pass),
    RuleCase(rule: "R14.2", name: "2021: ban 2022–2024", app: zw.with(["fraud_year": .int(2021)]), expect: .fail),
    RuleCase(rule: "R14.2", name: "2023: ban 2024–2026", app: zw.with(["fraud_year": .int(2023)]), expect: .fail),
    RuleCase(rule: "R14.2", name: "2024: ban starts 2025", app: zw.with(["fraud_year": .int(2024)]), expect: .pass),
]
@Test(arguments: r9to14Cases) func r9to14(_ c: RuleCase) { check(c) }

/// Rules with a default never go unknown through absence; these have no unknown case by
/// construction (R14.1, R14.2: absent means none/false), which this pins down.
@Test func defaultsApply() {
    let bare = zw.without("fraud_year", "under_discipline", "unit_suspended", "certificates", "honors", "title_origin",
                          "title_in_water", "major_converted", "diploma_uploaded", "photo", "previous_application_year")
    #expect(eval(bare).verdict == .eligible)
}

// MARK: materials

func photo(_ f: String = "JPG", bytes: Int = 154000, w: Int = 295, h: Int = 413) -> Value {
    obj(["format": s(f), "bytes": .int(bytes), "width": .int(w), "height": .int(h)])
}
let thousand = String(repeating: "水", count: 990) + "，。！？；：“”（）"   // 1000 scalars, punctuation included

let materialCases: [RuleCase] = [
    RuleCase(rule: "M1", name: "5 items", app: zw.with(["performance": .list((1...5).map { perf("p\($0)") })]), expect: .pass),
    RuleCase(rule: "M1", name: "6 items", app: zw.with(["performance": .list((1...6).map { perf("p\($0)") })]), expect: .fail, says: "只计前 5 项"),
    RuleCase(rule: "M1", name: "absent", app: zw.without("performance"), expect: .unknown),
    RuleCase(rule: "M2", name: "individual", app: zw, expect: .pass),
    RuleCase(rule: "M2", name: "collective with proof", app: zw.with(["performance": .list([perf("c", collective: true, proof: true)])]), expect: .pass),
    RuleCase(rule: "M2", name: "collective without proof", app: zw.with(["performance": .list([perf("c", collective: true, proof: false)])]), expect: .fail, says: "《c》"),
    RuleCase(rule: "M2", name: "collective, proof not known", app: zw.with(["performance": .list([perf("c", collective: true, proof: nil)])]), expect: .unknown),
    RuleCase(rule: "M3", name: "1000 characters", app: zw.with(["self_statement": s(thousand)]), expect: .pass),
    RuleCase(rule: "M3", name: "1001 characters", app: zw.with(["self_statement": s(thousand + "a")]), expect: .fail, says: "超出 1 字"),
    RuleCase(rule: "M3", name: "absent", app: zw.without("self_statement"), expect: .unknown),
    RuleCase(rule: "M4", name: "not re-uploaded", app: zw, expect: .pass),
    RuleCase(rule: "M4", name: "good photo", app: zw.with(["photo": photo()]), expect: .pass),
    RuleCase(rule: "M4", name: "jpeg lower case", app: zw.with(["photo": photo("jpeg")]), expect: .pass),
    RuleCase(rule: "M4", name: "png", app: zw.with(["photo": photo("PNG")]), expect: .fail),
    RuleCase(rule: "M4", name: "30720 bytes (30K is not > 30K)", app: zw.with(["photo": photo(bytes: 30720)]), expect: .fail),
    RuleCase(rule: "M4", name: "30721 bytes", app: zw.with(["photo": photo(bytes: 30721)]), expect: .pass),
    RuleCase(rule: "M4", name: "1048576 bytes (1M is not < 1M)", app: zw.with(["photo": photo(bytes: 1_048_576)]), expect: .fail),
    RuleCase(rule: "M4", name: "1048575 bytes", app: zw.with(["photo": photo(bytes: 1_048_575)]), expect: .pass),
    RuleCase(rule: "M4", name: "width 215", app: zw.with(["photo": photo(w: 215, h: 301)]), expect: .fail),
    RuleCase(rule: "M4", name: "width 216 height 301", app: zw.with(["photo": photo(w: 216, h: 301)]), expect: .pass),
    RuleCase(rule: "M4", name: "height 300", app: zw.with(["photo": photo(w: 216, h: 300)]), expect: .fail),
    RuleCase(rule: "M4", name: "ratio exactly 0.65", app: zw.with(["photo": photo(w: 260, h: 400)]), expect: .pass),
    RuleCase(rule: "M4", name: "ratio just under 0.65", app: zw.with(["photo": photo(w: 259, h: 400)]), expect: .fail),
    RuleCase(rule: "M4", name: "ratio exactly 0.8", app: zw.with(["photo": photo(w: 320, h: 400)]), expect: .pass),
    RuleCase(rule: "M4", name: "ratio just over 0.8", app: zw.with(["photo": photo(w: 321, h: 400)]), expect: .fail),
    RuleCase(rule: "M4", name: "width not known", app: zw.with(["photo": obj(["format": s("JPG"), "bytes": .int(154000), "height": .int(413)])]), expect: .unknown, says: "photo.width"),
]
@Test(arguments: materialCases) func materials(_ c: RuleCase) { check(c) }

@Test func materialsDoNotAffectVerdict() {
    let bad = zw.with(["photo": photo("PNG"), "self_statement": s(thousand + "多"), "performance": .list((1...6).map { perf("p\($0)") })])
    let e = eval(bad)
    #expect(e.verdict == .eligible)
    #expect(e.materials.filter { $0.outcome == .fail }.map(\.id) == ["M1", "M3", "M4"])
    #expect(e.result("M1")?.action == "提示")
    #expect(e.result("M4")?.action == "需补正")
}

// MARK: process

let processCases: [RuleCase] = [
    RuleCase(rule: "P4", name: "Mon–Fri five days", app: zw, expect: .pass),
    RuleCase(rule: "P4", name: "across a weekend, five days", app: zw.with(["publicity_start": d("2024-07-24"), "publicity_end": d("2024-07-30"), "unit_reviewed_on": d("2024-08-01")]), expect: .pass),
    RuleCase(rule: "P4", name: "across a weekend, four days", app: zw.with(["publicity_start": d("2024-07-24"), "publicity_end": d("2024-07-29"), "unit_reviewed_on": d("2024-08-01")]), expect: .fail, says: "差 1 个工作日"),
    // 中秋: 09-14 (Sat) works, 09-15…09-17 off. 09-12, 13, 14, 18, 19 = 5.
    RuleCase(rule: "P4", name: "across 中秋 with working Saturday, five days", app: zw.with(["publicity_start": d("2024-09-12"), "publicity_end": d("2024-09-19"), "unit_reviewed_on": d("2024-09-20")]), expect: .pass, says: "共 5 个工作日"),
    RuleCase(rule: "P4", name: "across 中秋, four days", app: zw.with(["publicity_start": d("2024-09-12"), "publicity_end": d("2024-09-18"), "unit_reviewed_on": d("2024-09-20")]), expect: .fail),
    RuleCase(rule: "P4", name: "ends on unit review day", app: zw.with(["unit_reviewed_on": d("2024-07-26")]), expect: .pass),
    RuleCase(rule: "P4", name: "ends after unit review", app: zw.with(["unit_reviewed_on": d("2024-07-25")]), expect: .fail, says: "晚于单位审核"),
    RuleCase(rule: "P4", name: "start after end", app: zw.with(["publicity_start": d("2024-07-27")]), expect: .fail),
    RuleCase(rule: "P4", name: "end absent", app: zw.without("publicity_end"), expect: .unknown, says: "publicity_end"),
    RuleCase(rule: "P5", name: "paid", app: zw, expect: .pass),
    RuleCase(rule: "P5", name: "not paid", app: zw.with(["fee_paid": .bool(false)]), expect: .fail),
    RuleCase(rule: "P5", name: "absent", app: zw.without("fee_paid"), expect: .unknown),
]
@Test(arguments: processCases) func process(_ c: RuleCase) { check(c) }

struct StageCase: CustomTestStringConvertible, Sendable {
    var stage: String, date: String?, asOf: String, expect: StageStatus
    var testDescription: String { "\(stage) \(date ?? "-") asOf \(asOf)" }
}
let stageCases: [StageCase] = [
    StageCase(stage: "P1", date: "2024-07-04", asOf: "2024-09-01", expect: .onTime),
    StageCase(stage: "P1", date: "2024-08-03", asOf: "2024-09-01", expect: .onTime),
    StageCase(stage: "P1", date: "2024-08-04", asOf: "2024-09-01", expect: .late),
    StageCase(stage: "P1", date: "2024-07-03", asOf: "2024-09-01", expect: .late),
    StageCase(stage: "P1", date: nil, asOf: "2024-08-04", expect: .overdue),
    StageCase(stage: "P1", date: nil, asOf: "2024-08-03", expect: .pending(daysLeft: 0)),
    StageCase(stage: "P1", date: nil, asOf: "2024-07-01", expect: .pending(daysLeft: 33)),
    StageCase(stage: "P2", date: "2024-08-16", asOf: "2024-09-01", expect: .onTime),
    StageCase(stage: "P2", date: "2024-08-17", asOf: "2024-09-01", expect: .late),
    StageCase(stage: "P2", date: nil, asOf: "2024-08-10", expect: .pending(daysLeft: 6)),
    StageCase(stage: "P3", date: "2024-09-10", asOf: "2024-09-11", expect: .onTime),
    StageCase(stage: "P3", date: "2024-09-11", asOf: "2024-09-11", expect: .late),
    StageCase(stage: "P3", date: nil, asOf: "2024-09-11", expect: .overdue),
    StageCase(stage: "P9", date: nil, asOf: "2024-09-11", expect: .unknownStage),
]
@Test(arguments: stageCases) func stages(_ c: StageCase) {
    let field = ["P1": "submitted_on", "P2": "unit_reviewed_on", "P3": "county_recommended_on"][c.stage] ?? "submitted_on"
    let a = zw.with([field: c.date.map(d) ?? .null])
    #expect(engine2024.stageStatus(c.stage, applicant: a, asOf: day(c.asOf)) == c.expect)
    if c.expect != .unknownStage {
        let r = engine2024.stageResult(c.stage, applicant: a, asOf: day(c.asOf))
        let o: Outcome = { switch c.expect { case .onTime: return .pass; case .pending: return .unknown; default: return .fail } }()
        #expect(r?.outcome == o)
    }
}
