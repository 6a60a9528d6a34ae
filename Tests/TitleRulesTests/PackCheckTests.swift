import Foundation
import Testing
@testable import TitleRules

/// `rules check`: every problem of a broken pack, each with its YAML path, line and full text.
/// Each case edits the built-in pack; the expected line of a problem is the line of the given
/// snippet in the edited text, so the cases survive edits elsewhere in the pack.
struct PackCheckCase: CustomTestStringConvertible, Sendable {
    var name: String
    var edits: [(String, String)]
    /// `path: message`, and a snippet on the problem's line.
    var expected: [(String, String)]
    var testDescription: String { name }
}

let packCheckCases: [PackCheckCase] = [
    PackCheckCase(name: "misspelt top-level key: did you mean (and not also missing)",
                  edits: [("\nnotice_title:", "\nnotce_title:")],
                  expected: [("notce_title: 未知的键，您是否要写 “notice_title”？", "notce_title:")]),
    PackCheckCase(name: "missing key, unknown key unlike any",
                  edits: [("\nnotice_title:", "\ncolour: red\nheading:"), ("  clause: 附件3 一.2\n", "")],
                  expected: [("缺少键 “notice_title”", "id: quzhou-water-2024"),
                             ("colour: 未知的键（尚未写出的键：notice_title）", "colour: red"),
                             ("heading: 未知的键（尚未写出的键：notice_title）", "heading:"),
                             ("roster: 缺少键 “clause”", "  text: \"花名册统一")]),
    PackCheckCase(name: "fee not an integer",
                  edits: [("工程师: {recommendation: 80, review: 180}", "工程师: {recommendation: 80, review: abc}")],
                  expected: [("fees.by_level.工程师.review: 须为非负整数，实为 “abc”", "review: abc")]),
    PackCheckCase(name: "every problem, not only the first: dates and a table row",
                  edits: [("date: 2024-12-31", "date: 2024-02-30"), ("- 2024-06-10", "- 2024-6-10"),
                          ("{id: T1, level: 技术员,", "{id: T1, level: 技术 员,")],
                  expected: [("cutoff.date: 须为有效日期 YYYY-MM-DD，实为 “2024-02-30”", "date: 2024-02-30"),
                             ("education_table[0].level: 未知级别 “技术 员”，您是否要写 “技术员”？", "level: 技术 员"),
                             ("calendar.days_off[4]: 须为有效日期 YYYY-MM-DD，实为 “2024-6-10”", "- 2024-6-10")]),
    PackCheckCase(name: "rule unknown to the registry, registered rule missing from the pack",
                  edits: [("  - id: P5\n", "  - id: P6\n")],
                  expected: [("rules: 缺少规则 P5（引擎实现的每条规则都须在规则包中）", "  - id: R1.1"),
                             ("rules[33].id: 未知的规则 id “P6”（引擎未实现），您是否要写 “P5”？", "id: P6")]),
    PackCheckCase(name: "table rows: requirement kind, duplicate id, degree rank",
                  edits: [("requirement: {kind: title_held, title: 技术员, years: 4}", "requirement: {kind: title_hold, title: 技术员, years: 4}"),
                          ("{id: A2,", "{id: A1,"), ("{id: E3, level: 工程师, degree_rank: 5,", "{id: E3, level: 工程师, degree_rank: 7,")],
                  expected: [("education_table[1].requirement.kind: 未知的资历要求 “title_hold”（可用：probation, work_held, title_held, in_work），您是否要写 “title_held”？", "title_hold"),
                             ("education_table[2].id: 行 id 重复：A1", "{id: A1, level: 助理工程师, degree_rank: 2"),
                             ("education_table[8].degree_rank: 学历等级 7 不在 degree_ranks 中（有：1, 2, 3, 4, 5）", "degree_rank: 7")]),
    PackCheckCase(name: "parameter of the wrong type, unknown parameter",
                  edits: [("params: {max_chars: 1000}", "params: {max_chars: many}"),
                          ("params: {unit_kinds: [事业单位, 企业]}", "params: {unit_kinds: [事业单位, 企业], extra: 1}")],
                  expected: [("rules[0].params.extra: 未知的键（可用：unit_kinds）", "extra: 1"),
                             ("rules[27].params.max_chars: 须为非负整数，实为 “many”", "max_chars: many")]),
    PackCheckCase(name: "a reading's {placeholder} that is not a parameter of its rule",
                  edits: [("都达不到时取 {fallback_ce_years} 年", "都达不到时取 {fallback_years} 年")],
                  expected: [("rules[5].reading: 解读中的 {fallback_years} 不是本规则的参数（可用：fallback_ce_years），您是否要写 “fallback_ce_years”？", "{fallback_years}")]),
    PackCheckCase(name: "route naming a rule the pack lacks; a level the pack lacks",
                  edits: [("    rules: [R4]\n", "    rules: [R44]\n"), ("ce_years: {工程师: 4, 助理工程师: 2}", "ce_years: {工程师: 4, 助理工程: 2}")],
                  expected: [("routes[1].ce_years.助理工程: 未知级别 “助理工程”，您是否要写 “助理工程师”？", "助理工程: 2"),
                             ("routes[2].rules[0]: 未知规则 “R44”（规则包的 rules 中没有），您是否要写 “R4”？", "[R44]")]),
    PackCheckCase(name: "window backwards, weekday as working weekend, date outside the calendar year",
                  edits: [("from: 2024-07-04, through: 2024-08-03", "from: 2024-08-04, through: 2024-08-03"),
                          ("working_weekends: [2024-02-04,", "working_weekends: [2024-02-05,"), ("    - 2024-06-10\n", "    - 2025-06-10\n")],
                  expected: [("rules[29].params: from 2024-08-04 晚于 through 2024-08-03", "from: 2024-08-04"),
                             ("calendar.days_off[4]: 日期 2025-06-10 不在日历年度 2024", "- 2025-06-10"),
                             ("calendar.working_weekends[0]: 2024-02-05 不是周末", "working_weekends: [2024-02-05")]),
    PackCheckCase(name: "a problem only the loader finds is reported too",
                  edits: [("  fraud_year: null\n", "  fraud: null\n")],
                  expected: [("defaults.fraud: “fraud” 不是花名册字段的英文键", "fraud: null")]),
    PackCheckCase(name: "wrong shape: a list where a mapping belongs",
                  edits: [("education_table_caption: {clause: 二(一), name: 学历资历表}", "education_table_caption: [二(一), 学历资历表]")],
                  expected: [("education_table_caption: 须为映射（key: value），实为列表", "education_table_caption:")]),
]

let checkedBuiltinText: String = try! String(contentsOf: RulePack.builtinURL()!, encoding: .utf8)

@Test(arguments: packCheckCases) func packCheckReportsEveryProblem(_ c: PackCheckCase) throws {
    var text = checkedBuiltinText
    for (from, to) in c.edits {
        #expect(text.components(separatedBy: from).count == 2, "fixture text not found once: \(from)")
        text = text.replacingOccurrences(of: from, with: to)
    }
    let problems = PackCheck.problems(yaml: text)
    #expect(problems.map { ($0.path.isEmpty ? "" : $0.path + ": ") + $0.message } == c.expected.map(\.0))
    for (p, (_, snippet)) in zip(problems, c.expected) {
        let r = try #require(text.range(of: snippet), "snippet not in the edited text: \(snippet)")
        let line = text[..<r.lowerBound].filter { $0 == "\n" }.count + 1 + (snippet.hasPrefix("\n") ? 1 : 0)
        #expect(p.line == line, "\(p)")
        #expect(p.column != nil, "\(p)")
    }
    // The loader refuses what the check reports.
    #expect(throws: RulePackError.self) { try RulePack(yaml: text) }
}

@Test func packCheckPassesTheBuiltinPack() {
    #expect(PackCheck.problems(yaml: checkedBuiltinText) == [])
}

@Test func packCheckLineColumnAndSyntaxErrors() throws {
    let bad = checkedBuiltinText.replacingOccurrences(of: "工程师: {recommendation: 80, review: 180}", with: "工程师: {recommendation: 80, review: abc}")
    let p = try #require(PackCheck.problems(yaml: bad).first)
    let line = bad.components(separatedBy: "\n").firstIndex { $0.contains("review: abc") }! + 1
    let column = bad.components(separatedBy: "\n")[line - 1].distance(from: bad.components(separatedBy: "\n")[line - 1].startIndex,
                                                                      to: bad.components(separatedBy: "\n")[line - 1].range(of: "abc")!.lowerBound) + 1
    #expect(p.description == "\(line):\(column): fees.by_level.工程师.review: 须为非负整数，实为 “abc”")
    let syntax = PackCheck.problems(yaml: "id: [unclosed")
    #expect(syntax.count == 1 && syntax[0].message.hasPrefix("YAML 语法错误："))
    #expect(PackCheck.problems(yaml: "") == [PackProblem(path: "", message: "规则包为空")])
    #expect(PackCheck.problems(path: "/nonexistent/pack.yaml") == [PackProblem(path: "", message: "无法读取文件")])
}

@Test(arguments: [("notce_title", "notice_title"), ("R2.33", "R2.3"), ("xyz", nil)] as [(String, String?)])
func didYouMean(_ word: String, _ expected: String?) {
    #expect(PackCheck.didYouMean(word, among: ["notice_title", "notice", "R2.3", "R3.3"]) == expected)
}

/// The example variant packs (examples/packs/*.yaml) are sound, and each differs from the
/// built-in pack in its table and its vocabulary (what their golden transcript shows).
@Test func examplePacksCheckClean() throws {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/packs")
    let files = try #require(try? FileManager.default.contentsOfDirectory(atPath: dir.path), "missing \(dir.path)").filter { $0.hasSuffix(".yaml") }
    #expect(!files.isEmpty)
    let builtin = try RulePack.builtin()
    for f in files {
        let path = dir.appendingPathComponent(f).path
        #expect(PackCheck.problems(path: path) == [], "\(f)")
        let p = try RulePack.load(path: path)
        #expect(p.id != builtin.id)
        #expect(p.table != builtin.table, "\(f): the table is the built-in one")
        #expect(p.vocabulary != builtin.vocabulary, "\(f): the vocabulary is the built-in one")
    }
}
