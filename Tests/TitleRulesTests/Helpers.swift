import RosterData
@testable import TitleRules
import TestSupport

/// The shipped 2024 pack (loaded once).
let pack2024: RulePack = try! RulePack.builtin()
let engine2024 = RuleEngine(pack: pack2024)

func day(_ s: String) -> Day { Day.parse(s)! }
func d(_ s: String) -> Value { .date(day(s)) }
func s(_ x: String) -> Value { .string(x) }
func obj(_ pairs: KeyValuePairs<String, Value>) -> Value { .object(Record(pairs.map { ($0.key, $0.value) })) }
func ce(_ year: Int, _ pub: Int, _ pro: Int, _ other: Int = 0) -> Value {
    obj(["year": .int(year), "public": .int(pub), "professional": .int(pro), "other": .int(other)])
}
func assess(_ year: Int, _ result: String) -> Value { obj(["year": .int(year), "result": .string(result)]) }
func perf(_ title: String, new: Bool? = true, collective: Bool? = false, proof: Bool? = nil) -> Value {
    var r = Record([("title", .string(title))])
    if let new { r["new"] = .bool(new) }
    if let collective { r["collective"] = .bool(collective) }
    if let proof { r["contributor_proof"] = .bool(proof) }
    return .object(r)
}
func rec(_ name: String, _ title: String = "高级工程师", id: String? = nil) -> Value {
    var r = Record([("name", .string(name)), ("title", .string(title))])
    if let id { r["id"] = .string(id) }
    return .object(r)
}
func ceAll(_ years: ClosedRange<Int>) -> Value { .list(years.map { ce($0, 24, 70) }) }
func assessAll(_ years: ClosedRange<Int>, _ r: String = "合格") -> Value { .list(years.map { assess($0, r) }) }

/// An applicant from field keys; unknown keys go to extras.
func applicant(_ fields: [String: Value]) -> Applicant {
    var a = Applicant()
    for (k, v) in fields {
        if let slot = FieldCatalog.defaultPack.slot(of: k) { a.fields[slot] = v } else { a.extras[k] = v }
    }
    return a
}

extension Applicant {
    func with(_ changes: [String: Value]) -> Applicant {
        var a = self
        for (k, v) in changes { a.fields[FieldCatalog.defaultPack.slot(of: k)!] = v }
        return a
    }
    func without(_ keys: String...) -> Applicant {
        var a = self
        for k in keys { a.fields[FieldCatalog.defaultPack.slot(of: k)!] = .null }
        return a
    }
}

/// The roster-format example (张伟): 工程师, 正常申报, row E1, eligible.
let zhangWei: Applicant = applicant([
    "id": s("QZ2024-0001"), "name": s("张伟"), "unit_kind": s("事业单位"), "unit_tier": s("市本级"),
    "agency": s("衢州市水利局"), "in_post": .bool(true), "post_vacancy": .bool(true),
    "level": s("工程师"), "route": s("正常申报"), "category": s("运行管理"), "specialty": s("水利水电工程"),
    "degree": s("本科"), "graduated_on": d("2012-07-01"), "major_related": .bool(true),
    "title": s("助理工程师"), "title_since": d("2019-12-20"), "title_in_water": .bool(true), "title_origin": s("省内"),
    "work_started": d("2012-08-01"),
    "continuing_education": .list([ce(2021, 24, 70), ce(2022, 20, 72), ce(2023, 30, 64), ce(2024, 18, 80)]),
    "assessments": .list([assess(2020, "合格"), assess(2021, "优秀"), assess(2022, "合格"), assess(2023, "合格")]),
    "social_insurance": s("省内"),
    "performance": .list([perf("乌溪江灌区续建配套与节水改造工程运行管理")]),
    "self_statement": s("本人自2012年起从事水利工程运行管理工作……"),
    "submitted_on": d("2024-07-15"), "publicity_start": d("2024-07-22"), "publicity_end": d("2024-07-26"),
    "unit_reviewed_on": d("2024-08-01"), "county_recommended_on": d("2024-09-02"), "fee_paid": .bool(true),
])

func eval(_ a: Applicant, level: String? = nil, route: String? = nil, cutoff: Day? = nil) -> Evaluation {
    engine2024.evaluate(a, options: RuleOptions(level: level, route: route, cutoff: cutoff))
}

func result(_ id: String, _ a: Applicant, level: String? = nil, route: String? = nil, cutoff: Day? = nil) -> RuleResult? {
    eval(a, level: level, route: route, cutoff: cutoff).result(id)
}

func outcome(_ id: String, _ a: Applicant, level: String? = nil, route: String? = nil, cutoff: Day? = nil) -> Outcome? {
    result(id, a, level: level, route: route, cutoff: cutoff)?.outcome
}

/// A dataset of applicants, ids filled in when missing.
func dataset(_ apps: [Applicant]) -> Dataset {
    Dataset(name: "test", applicants: apps.enumerated().map { i, a in
        a.id.isEmpty ? a.with(["id": s("T\(i)"), "name": s("申报人\(i)")]) : a
    })
}
