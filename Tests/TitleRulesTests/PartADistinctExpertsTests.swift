import Testing
import RosterData
@testable import TitleRules

// rules-2024.md R3.2 (distinct experts), R3.3 (the same identity), the R2 CE-years reading when
// it is open, and rule status (通过/不通过/待核实/不适用). Every case is checked on both the
// explaining path (`evaluate`) and the verdict path (`verdict`).

/// One recommenders list and the R3.2 outcome it must give (selfScore is otherwise 符合).
struct ExpertCase: CustomTestStringConvertible, Sendable {
    var name: String
    var recommenders: [Value]
    var expect: Outcome
    /// A piece of the explanation.
    var says: String? = nil
    var testDescription: String { "\(expect.rawValue): \(name)" }
}

func bare(_ pairs: KeyValuePairs<String, Value>) -> Value { obj(pairs) }

let expertCases: [ExpertCase] = [
    ExpertCase(name: "two distinct experts", recommenders: [rec("刘建国"), rec("陈红", "正高级工程师")], expect: .pass),
    ExpertCase(name: "one 高级工程师 listed twice", recommenders: [rec("刘建国"), rec("刘建国")], expect: .fail,
               says: "同一专家列出多次，只计一名：刘建国（第 1、2 项）"),
    ExpertCase(name: "same id, different names", recommenders: [rec("刘建国", id: "E01"), rec("刘建华", id: "E01")], expect: .fail,
               says: "编号 E01（第 1、2 项）"),
    ExpertCase(name: "same id, different names, and a third expert",
               recommenders: [rec("刘建国", id: "E01"), rec("刘建华", id: "E01"), rec("陈红")], expect: .pass),
    ExpertCase(name: "same id with surrounding spaces", recommenders: [rec("刘建国", id: "E01"), rec("刘建国", id: " E01 ")], expect: .fail),
    ExpertCase(name: "same name, different ids: two people", recommenders: [rec("陈红", id: "E1"), rec("陈红", id: "E2")], expect: .pass),
    ExpertCase(name: "same name with surrounding spaces", recommenders: [rec("陈红"), rec(" 陈红 ")], expect: .fail,
               says: "陈红（第 1、2 项）"),
    ExpertCase(name: "same name with an ideographic space and a tab", recommenders: [rec("陈红\u{3000}"), rec("\t陈红")], expect: .fail),
    ExpertCase(name: "blank name does not count", recommenders: [rec("刘建国"), rec("")], expect: .fail, says: "不计：（无姓名）"),
    ExpertCase(name: "spaces-only name does not count", recommenders: [rec("刘建国"), rec("   ")], expect: .fail),
    ExpertCase(name: "two blank names are nobody", recommenders: [rec(""), rec(" ")], expect: .fail),
    ExpertCase(name: "blank name with an id still has no name", recommenders: [rec("刘建国"), rec(" ", id: "E9")], expect: .fail),
    ExpertCase(name: "absent title is not known", recommenders: [rec("刘建国"), bare(["name": s("陈红")])], expect: .unknown,
               says: "1 名推荐人姓名或职称不明"),
    ExpertCase(name: "absent name is not known", recommenders: [rec("刘建国"), bare(["title": s("高级工程师")])], expect: .unknown),
    ExpertCase(name: "absent name, same id as a counted expert: the same person",
               recommenders: [rec("刘建国", id: "E01"), bare(["id": s("E01"), "title": s("高级工程师")])], expect: .fail),
    ExpertCase(name: "listed twice, plus one whose title is not known",
               recommenders: [rec("刘建国"), rec("刘建国"), bare(["name": s("陈红")])], expect: .unknown),
    ExpertCase(name: "listed twice, once with a title that does not count",
               recommenders: [rec("刘建国", "工程师", id: "E1"), rec("刘建国", id: "E1"), rec("陈红")], expect: .pass),
    ExpertCase(name: "two 工程师 and a duplicate 高工", recommenders: [rec("甲", "工程师"), rec("乙", "工程师"), rec("丙"), rec("丙")], expect: .fail),
    ExpertCase(name: "not an object", recommenders: [rec("刘建国"), s("陈红")], expect: .unknown),
]

@Test(arguments: expertCases) func r3_2DistinctExperts(_ c: ExpertCase) {
    let a = selfScore.with(["recommenders": .list(c.recommenders)])
    let r = result("R3.2", a)
    #expect(r?.outcome == c.expect, "\(r?.message ?? "-")")
    if let says = c.says { #expect(r?.message.contains(says) == true, "\(r?.message ?? "-")") }
    // The verdict path decides the same (every other rule of selfScore passes).
    let expected: Verdict = c.expect == .pass ? .eligible : c.expect == .fail ? .ineligible : .unknown
    #expect(engine2024.verdict(dataset: dataset([a]), row: 0, options: RuleOptions()) == expected)
    #expect(eval(a).verdict == expected)
}

/// Two applicants' recommenders and whether R3.3 sees one expert shared (unknown) or not (pass).
struct SharedCase: CustomTestStringConvertible, Sendable {
    var name: String
    var first: Value
    var second: Value
    var expect: Outcome
    var testDescription: String { "\(expect.rawValue): \(name)" }
}

let sharedCases: [SharedCase] = [
    SharedCase(name: "same id, different names", first: rec("刘建国", id: "E01"), second: rec("刘建华", id: "E01"), expect: .unknown),
    SharedCase(name: "same id with spaces", first: rec("刘建国", id: "E01"), second: rec("刘建国", id: " E01"), expect: .unknown),
    SharedCase(name: "same trimmed name, no id", first: rec(" 陈红 "), second: rec("陈红"), expect: .unknown),
    SharedCase(name: "same name, different ids", first: rec("陈红", id: "E1"), second: rec("陈红", id: "E2"), expect: .pass),
    SharedCase(name: "blank names are nobody", first: rec(""), second: rec("  "), expect: .pass),
    SharedCase(name: "absent names are nobody", first: bare(["title": s("高级工程师")]), second: bare(["title": s("高级工程师")]), expect: .pass),
]

@Test(arguments: sharedCases) func r3_3ExpertIdentity(_ c: SharedCase) {
    let a = selfScore.with(["id": s("A"), "recommenders": .list([c.first, rec("甲甲")])])
    let b = selfScore.with(["id": s("B"), "recommenders": .list([c.second, rec("乙乙")])])
    let ds = dataset([a, b])
    for row in 0..<2 {
        #expect(engine2024.evaluate(dataset: ds, row: row, options: RuleOptions()).result("R3.3")?.outcome == c.expect)
    }
}

/// The CE years `ce_years()` gives, and whether R7 is decided.
struct CECase: CustomTestStringConvertible, Sendable {
    var name: String
    var app: Applicant
    var route: String? = nil
    var possible: [Int]
    /// nil: open (ce_years() is null).
    var ceYears: Int?
    var r7: Outcome? = nil
    var verdict: Verdict? = nil
    var testDescription: String { name }
}

/// 技术员, 正常申报, probation over (T1), CE 2024 only.
let technician: Applicant = zhangWei.with([
    "level": s("技术员"), "degree": s("中专"), "title": s("无"), "title_since": .null,
    "graduated_on": d("2021-06-30"), "work_started": d("2021-07-10"), "continuing_education": .list([ce(2024, 20, 70)]),
])

let ceCases: [CECase] = [
    CECase(name: "技术员, degree known: T1", app: technician, possible: [1], ceYears: 1, r7: .pass),
    // An unknown degree may meet T1 (1) or no row (the fallback, 4).
    CECase(name: "技术员, degree not known: T1 or none", app: technician.without("degree"), possible: [1, 4], ceYears: nil, r7: .unknown),
    CECase(name: "技术员, degree not known, CE for every year: R7 passes for 1 and 4",
           app: technician.without("degree").with(["continuing_education": ceAll(2021...2024)]), possible: [1, 4], ceYears: nil, r7: .pass),
    CECase(name: "技术员, degree not known, no 2024 CE: fails for 1 and 4",
           app: technician.without("degree").with(["continuing_education": ceAll(2020...2023)]), possible: [1, 4], ceYears: nil, r7: .fail,
           verdict: .ineligible),
    CECase(name: "转评, level not known: every level gives 1", app: zhangWei.without("level"), route: "转评申报",
           possible: [1], ceYears: 1, r7: .pass),
    CECase(name: "转评, level not known, no 2024 CE: R7 fails", app: zhangWei.without("level").with(["continuing_education": ceAll(2020...2023)]),
           route: "转评申报", possible: [1], ceYears: 1, r7: .fail, verdict: .ineligible),
    CECase(name: "自评分, level not known: 4 or 2 (技术员: fallback 4)", app: selfScore.without("level"), possible: [2, 4], ceYears: nil, r7: .pass),
    CECase(name: "高技能, level not known: 2 or 3 (技术员: fallback 4)", app: zhangWei.without("level"), route: "高技能人才申报",
           possible: [2, 3, 4], ceYears: nil, r7: .pass),
    CECase(name: "自评分 工程师: 4", app: selfScore, possible: [4], ceYears: 4, r7: .pass),
    CECase(name: "route not known: open", app: zhangWei.without("route"), possible: [], ceYears: nil),
]

@Test(arguments: ceCases) func ceYearsWhenOpen(_ c: CECase) {
    let e = eval(c.app, route: c.route)
    #expect(e.possibleCEYears == c.possible)
    #expect(e.ceYears == c.ceYears)
    #expect(e.result("R7")?.outcome == c.r7)
    let v = engine2024.verdict(dataset: dataset([c.app]), row: 0, options: RuleOptions(route: c.route))
    #expect(v == e.verdict, "verdict path disagrees")
    if let verdict = c.verdict { #expect(e.verdict == verdict) }
}

/// rule_status for one rule of one applicant.
struct StatusCase: CustomTestStringConvertible, Sendable {
    var name: String
    var app: Applicant
    var rule: String
    var route: String? = nil
    var expect: RuleStatus
    var testDescription: String { "\(rule) \(expect.rawValue): \(name)" }
}

let statusCases: [StatusCase] = [
    StatusCase(name: "passes", app: zhangWei, rule: "R7", expect: .pass),
    StatusCase(name: "fails", app: zhangWei.with(["continuing_education": ceAll(2020...2023)]), rule: "R7", expect: .fail),
    StatusCase(name: "unknown", app: zhangWei.without("continuing_education"), rule: "R7", expect: .unknown),
    StatusCase(name: "another route's rule", app: zhangWei, rule: "R3.2", expect: .notApplicable),
    StatusCase(name: "another route's rule, what-if route", app: zhangWei, rule: "R3.2", route: "自评分（推荐）申报", expect: .unknown),
    StatusCase(name: "route not known: R2.3 may apply", app: zhangWei.without("route"), rule: "R2.3", expect: .unknown),
    StatusCase(name: "route not known: R7 may apply", app: zhangWei.without("route"), rule: "R7", expect: .unknown),
    StatusCase(name: "route not known: a common rule is decided", app: zhangWei.without("route"), rule: "R1.1", expect: .pass),
    StatusCase(name: "level not known: R1.3 may apply", app: zhangWei.without("level"), rule: "R1.3", expect: .unknown),
    StatusCase(name: "level not known: the route's R2.3 is open", app: zhangWei.without("level"), rule: "R2.3", expect: .unknown),
    StatusCase(name: "level not known: another route's rule", app: zhangWei.without("level"), rule: "R6.1", expect: .notApplicable),
    StatusCase(name: "a material check", app: zhangWei, rule: "M3", expect: .pass),
]

@Test(arguments: statusCases) func ruleStatus(_ c: StatusCase) {
    let e = eval(c.app, route: c.route)
    #expect(engine2024.ruleStatus(c.rule, in: e) == c.expect)
}
