import Foundation
import Testing
import RosterData
@testable import TitleRules

// MARK: R3.3 across the whole dataset

@Test func expertSharedAcrossTheDataset() {
    let a = selfScore.with(["id": s("A"), "name": s("甲"), "recommenders": .list([rec("刘建国", id: "E01"), rec("陈红")])])
    let b = selfScore.with(["id": s("B"), "name": s("乙"), "recommenders": .list([rec("刘 建国", id: "E01"), rec("周明")])])
    let c = selfScore.with(["id": s("C"), "name": s("丙"), "recommenders": .list([rec(" 陈红 "), rec("孙立")])])
    let dd = selfScore.with(["id": s("D"), "name": s("丁"), "recommenders": .list([rec("吴刚"), rec("吴刚", "正高级工程师")])])
    // E is 正常申报 but names 周明: R3.3 counts every applicant of the dataset (reading).
    let e = zhangWei.with(["id": s("E"), "name": s("戊"), "recommenders": .list([rec("周明")])])
    let ds = dataset([a, b, c, dd, e])
    let opts = RuleOptions()
    let ra = engine2024.evaluate(dataset: ds, row: 0, options: opts).result("R3.3")!
    #expect(ra.outcome == .unknown)
    #expect(ra.message.contains("B 乙") && ra.message.contains("C 丙"), "\(ra.message)")
    let rb = engine2024.evaluate(dataset: ds, row: 1, options: opts).result("R3.3")!
    #expect(rb.outcome == .unknown)
    #expect(rb.message.contains("A 甲") && rb.message.contains("E 戊"), "\(rb.message)")
    #expect(engine2024.evaluate(dataset: ds, row: 2, options: opts).result("R3.3")?.outcome == .unknown)
    // The same expert twice for one applicant is not two applicants (R3.3) — nor two experts (R3.2).
    #expect(engine2024.evaluate(dataset: ds, row: 3, options: opts).result("R3.3")?.outcome == .pass)
    #expect(engine2024.evaluate(dataset: ds, row: 3, options: opts).result("R3.2")?.outcome == .fail)
    #expect(engine2024.verdict(dataset: ds, row: 0, options: opts) == .unknown)
    #expect(engine2024.verdict(dataset: ds, row: 3, options: opts) == .ineligible)
    // A filtered view still sees the whole dataset: the index is built over every row.
    #expect(engine2024.verdicts(dataset: ds, rows: [1], options: opts) == [.unknown])
    // Alone, the same applicant passes.
    #expect(eval(a).result("R3.3")?.outcome == .pass)
}

// MARK: CE-years reading

@Test func ceYearsFromTheFewestSatisfiedRow() {
    // 大专 with 技术员 2 years (A2: 2) and 3 years of work (A3: 3): the fewest, 2.
    let a = assistant.with(["degree": s("大专"), "title": s("技术员"), "title_since": d("2022-06-30"),
                            "graduated_on": d("2019-07-01"), "work_started": d("2019-08-01")])
    let e = eval(a)
    #expect(e.ceYears == 2)
    #expect(e.tableRows.filter { $0.satisfied == .pass }.map(\.rowID) == ["A2", "A3"])
}

@Test func ceYearsWhenNoRowIsSatisfied() {
    // 本科 for 工程师 with only 2 years as 助理: no row; degree meets E1 (4) only → 4.
    #expect(eval(zhangWei.with(["title_since": d("2022-06-01")])).ceYears == 4)
    // 中专 for 工程师: no row's degree is met → the fallback, 4.
    #expect(eval(zhangWei.with(["degree": s("中专")])).ceYears == 4)
    // 本科 for 助理 whose probation is not over: A1 (4) and A4 (1) have their degree met → 1.
    #expect(eval(assistant.with(["work_started": d("2024-06-01")])).ceYears == 1)
}

@Test func ceYearsUnknownUnlessEveryPossibleValueAgrees() {
    // Degree unknown: rank 1 → no row satisfied, A1 met → 4; rank 2 → A3 → 3; rank ≥ 3 → A4/A5 → 1.
    let a = assistant.with(["graduated_on": d("2020-07-01"), "work_started": d("2020-07-01"), "assessments": assessAll(2020...2023)])
        .without("degree")
    let only2024 = eval(a.with(["continuing_education": .list([ce(2024, 20, 70)])]))
    #expect(only2024.possibleCEYears == [1, 3, 4])
    #expect(only2024.ceYears == nil)
    #expect(only2024.result("R7")?.outcome == .unknown)
    #expect(only2024.result("R7")?.missing.contains("degree") == true)
    #expect(only2024.result("R7")?.message.contains("按 1 年符合") == true)
    // Every possible value gives 符合 → decided.
    #expect(eval(a.with(["continuing_education": ceAll(2021...2024)])).result("R7")?.outcome == .pass)
    // Every possible value gives 不符合 → decided.
    #expect(eval(a.with(["continuing_education": ceAll(2021...2023)])).result("R7")?.outcome == .fail)
    // The verdict is 待核实 (R2.3 is unknown with the degree missing).
    #expect(only2024.verdict == .unknown)
}

@Test func ceYearsUnknownFromAnOpenRequirement() {
    // 大专, 技术员 since unknown: A2 (2) open; A3 (3) satisfied → possible {2, 3}.
    let a = assistant.with(["degree": s("大专"), "title": s("技术员"), "graduated_on": d("2019-07-01"), "work_started": d("2019-08-01"),
                            "assessments": assessAll(2020...2023)]).without("title_since")
    let e = eval(a.with(["continuing_education": ceAll(2023...2024)]))
    #expect(e.possibleCEYears == [2, 3])
    #expect(e.result("R7")?.outcome == .unknown)
    #expect(eval(a.with(["continuing_education": ceAll(2022...2024)])).result("R7")?.outcome == .pass)
    // R2.3 itself passes (A3), so the only open question is R7.
    #expect(e.result("R2.3")?.outcome == .pass)
    #expect(e.verdict == .unknown)
}

// MARK: what-if

@Test func whatIfLevelRouteCutoff() {
    #expect(eval(zhangWei, route: "转评申报").result("R6.1")?.outcome == .fail)
    #expect(eval(zhangWei, route: "转评").route == "转评申报")
    let any = eval(zhangWei, route: "任意")
    #expect(any.verdict == .eligible)
    #expect(any.route == "正常申报")
    #expect(any.routeVerdicts.count == 5)
    // 2019-12-20 + 4 years = 2023-12-20.
    #expect(eval(zhangWei, cutoff: day("2023-12-19")).verdict == .ineligible)
    #expect(eval(zhangWei, cutoff: day("2023-12-20")).verdict == .eligible)
    // 工程师 → 技术员 by 正常申报 is not a promotion.
    #expect(eval(zhangWei, level: "技术员").result("R2.2")?.outcome == .fail)
    // A level the pack does not have.
    #expect(eval(zhangWei, level: "高级工程师").verdict == .ineligible)
}

@Test func anyRoutePicksAnEligibleRoute() {
    // Not enough years for E1 (正常), but a good self-score with two experts.
    let a = selfScore.with(["route": s("正常申报"), "title_since": d("2022-06-01")])
    #expect(eval(a).verdict == .ineligible)
    let e = eval(a, route: "任意")
    #expect(e.verdict == .eligible)
    #expect(e.route == "自评分（推荐）申报")
}

@Test func missingLevelOrRoute() {
    let e = eval(zhangWei.without("route"))
    #expect(e.verdict == .unknown)
    #expect(e.result("申报")?.missing == ["route"])
    #expect(e.result("R7") == nil)
    // A failing route-independent rule still decides 不符合.
    #expect(eval(zhangWei.without("level").with(["in_post": .bool(false)])).verdict == .ineligible)
}

// MARK: verdict cache and speed

@Test func verdictMatchesEvaluateAndIsCached() {
    var apps: [Applicant] = []
    let variants: [Applicant] = [zhangWei, assistant, selfScore, skilled, skilledE, agency, transfer,
                                 zhangWei.without("degree"), zhangWei.with(["fraud_year": .int(2022)])]
    for i in 0..<2000 { apps.append(variants[i % variants.count].with(["id": s("X\(i)")])) }
    let ds = dataset(apps)
    let engine = RuleEngine(pack: pack2024)
    for opts in [RuleOptions(), RuleOptions(route: "任意"), RuleOptions(level: "助理工程师", cutoff: day("2025-06-30"))] {
        let vs = engine.verdicts(dataset: ds, rows: Array(0..<ds.count), options: opts)
        for r in stride(from: 0, to: ds.count, by: 97) {
            #expect(vs[r] == engine.evaluate(dataset: ds, row: r, options: opts).verdict)
            #expect(engine.verdict(dataset: ds, row: r, options: opts) == vs[r])
        }
    }
}

@Test func manyVerdicts() {
    let variants: [Applicant] = [zhangWei, assistant, selfScore, skilled, skilledE, agency, transfer, zhangWei.without("degree")]
    let apps = (0..<5_000).map { variants[$0 % variants.count].with(["id": s("Y\($0)")]) }
    let ds = dataset(apps)
    let engine = RuleEngine(pack: pack2024)
    let t0 = Date()
    let vs = engine.verdicts(dataset: ds, rows: Array(0..<ds.count), options: RuleOptions())
    let dt = Date().timeIntervalSince(t0)
    print("5k verdicts in \(String(format: "%.2f", dt)) s")
    #expect(vs.count == 5_000)
    #expect(dt < 30)   // generous: debug builds on a busy 2-core machine; the target is ~1 s in release
}

// MARK: calendar

@Test func workingCalendar2024() {
    let cal = WorkingCalendar(pack: pack2024)
    let cases: [(String, Bool)] = [
        ("2024-01-01", false), ("2024-01-02", true), ("2024-02-04", true), ("2024-02-09", true), ("2024-02-10", false),
        ("2024-02-16", false), ("2024-02-18", true), ("2024-04-07", true), ("2024-04-28", true), ("2024-05-05", false),
        ("2024-05-11", true), ("2024-06-10", false), ("2024-09-14", true), ("2024-09-15", false), ("2024-09-16", false),
        ("2024-09-17", false), ("2024-09-18", true), ("2024-09-29", true), ("2024-10-07", false), ("2024-10-12", true),
        ("2024-07-27", false), ("2024-07-28", false), ("2024-07-29", true),
    ]
    for (date, working) in cases { #expect(cal.isWorkingDay(day(date)) == working, "\(date)") }
    // 2024 has 251 working days under the State Council arrangement.
    #expect(cal.workingDays(from: day("2024-01-01"), through: day("2024-12-31")) == 251)
    #expect(cal.workingDays(from: day("2024-09-12"), through: day("2024-09-19")) == 5)
    #expect(cal.workingDays(from: day("2024-09-30"), through: day("2024-10-08")) == 2)
    #expect(cal.workingDays(from: day("2024-07-26"), through: day("2024-07-22")) == 0)
}

// MARK: roster order

@Test func rosterOrder() {
    let specs = ["水文水资源", "水利水电工程", "农业水利工程", "河道堤防", "水土保持"]
    var apps: [Applicant] = []
    for (i, sp) in specs.enumerated() { apps.append(zhangWei.with(["id": s("N\(9 - i)"), "specialty": s(sp)])) }
    apps.append(zhangWei.with(["id": s("N0"), "specialty": s("水利水电工程")]))
    apps.append(transfer.with(["id": s("Z1"), "specialty": s("河道堤防")]))
    apps.append(selfScore.with(["id": s("S2"), "specialty": s("水文水资源")]))
    apps.append(selfScore.with(["id": s("S1"), "specialty": s("水利水电工程")]))
    apps.append(skilled.with(["id": s("H1")]))
    apps.append(agency.with(["id": s("G1")]))
    apps.append(zhangWei.with(["id": s("U1")]).without("route"))
    let ds = dataset(apps)
    let order = engine2024.rosterSorted(dataset: ds, rows: Array(0..<ds.count)).map { ds.applicants[$0].id }
    // 正常申报 by pinyin: 河道 he < 农业 nong < 水利 shui li (N0 before N8 by id) < 水土 shui tu < 水文 shui wen.
    #expect(order == ["N6", "N7", "N0", "N8", "N5", "N9", "S1", "S2", "H1", "G1", "Z1", "U1"])
}

@Test func pinyinKeyOrdersSyllables() {
    let words = ["水文水资源", "水利水电工程", "农业水利工程", "河道堤防"]
    let sorted = words.sorted { engine2024.pinyinKey($0).unicodeScalars.lexicographicallyPrecedes(engine2024.pinyinKey($1).unicodeScalars) }
    #expect(sorted == ["河道堤防", "农业水利工程", "水利水电工程", "水文水资源"])
}

/// Day by day, as the calendar used to count: the reference for the arithmetic count.
func workingDaysByWalking(_ cal: WorkingCalendar, _ from: Day, _ through: Day) -> Int {
    guard from <= through else { return 0 }
    var n = 0
    for o in from.ordinal...through.ordinal where cal.isWorkingDay(Day(ordinal: o)) { n += 1 }
    return n
}

@Test("working_days counts arithmetically and agrees with walking the days",
      arguments: [("2024-01-01", "2024-12-31"), ("2023-12-25", "2025-01-07"), ("2024-09-14", "2024-09-14"),
                  ("2024-09-15", "2024-09-15"), ("2024-02-04", "2024-02-18"), ("1969-12-25", "1970-01-10"),
                  ("1900-02-27", "1900-03-02"), ("0001-01-01", "0001-01-31"), ("9999-12-01", "9999-12-31"),
                  ("1899-12-30", "2100-01-03"), ("2024-10-07", "2024-10-06")])
func workingDaysMatchesWalk(range: (String, String)) {
    let cal = WorkingCalendar(pack: pack2024)
    let a = day(range.0), b = day(range.1)
    #expect(cal.workingDays(from: a, through: b) == workingDaysByWalking(cal, a, b), "\(range)")
}

@Test func workingDaysOverTheWholeCalendarIsExact() {
    let cal = WorkingCalendar(pack: pack2024)
    let a = day("0001-01-01"), b = day("9999-12-31")
    // Every Monday–Friday of 0001…9999, minus 2024's weekday holidays, plus its working weekends.
    #expect(cal.workingDays(from: a, through: b) == workingDaysByWalking(cal, a, b))
    // Sliding windows around every special day of 2024 (and a week each side).
    let specials = (cal.daysOff.union(cal.workingWeekends)).sorted { $0 < $1 }
    for s in specials {
        for lo in -8...0 {
            for hi in 0...8 {
                let x = s.adding(days: lo), y = s.adding(days: hi)
                #expect(cal.workingDays(from: x, through: y) == workingDaysByWalking(cal, x, y), "\(x)…\(y)")
            }
        }
    }
}
