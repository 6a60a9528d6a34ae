import Foundation
import Testing
import TestSupport
import RosterData
@testable import TitleRules

let specRuleIDs = ["R1.1", "R1.2", "R1.3", "R2.1", "R2.2", "R2.3", "R2.4", "R3.1", "R3.2", "R3.3", "R4", "R5.1", "R5.2",
                   "R6.1", "R6.2", "R7", "R8", "R9", "R10", "R11", "R12", "R13.1", "R13.2", "R14.1", "R14.2",
                   "M1", "M2", "M3", "M4", "P1", "P2", "P3", "P4", "P5"]

@Test func builtinPackHeader() throws {
    let p = try RulePack.builtin()
    #expect(p === (try RulePack.builtin()))
    #expect(p.id == "quzhou-water-2024")
    #expect(p.notice == "衢州水利〔2024〕72号")
    #expect(p.year == 2024)
    #expect(p.cutoff == day("2024-12-31"))
    #expect(p.levelNames == ["工程师", "助理工程师", "技术员"])
    #expect(p.routeNames == ["正常申报", "自评分（推荐）申报", "高技能人才申报", "机关调出人员申报", "转评申报"])
    #expect(p.table.map(\.id) == ["T1", "A1", "A2", "A3", "A4", "A5", "E1", "E2", "E3"])
    #expect(p.degreeRanks["预备技师班"] == 3 && p.degreeRanks["第二学士"] == 4 && p.degreeRanks["中级工班"] == 1)
}

@Test(arguments: specRuleIDs) func everySpecRuleIsInThePackWithACitation(_ id: String) throws {
    let r = try #require(pack2024.rule(id))
    #expect(!r.clause.isEmpty)
    #expect(!r.clauseText.isEmpty)
    #expect(!r.title.isEmpty)
}

@Test func packHasNoRulesBeyondTheSpec() {
    #expect(Set(pack2024.rules.map(\.id)) == Set(specRuleIDs))
}

/// Every quote in the pack is text of the notice (whitespace and markdown escapes aside).
@Test func quotesAreFromTheNotice() throws {
    // ../shared beside the repository (README): missing is a failure, never a silent pass.
    let path = packageRoot + "/../shared/seed/notice-2024.md"
    let notice = try #require(try? String(contentsOfFile: path, encoding: .utf8), "the notice is missing: \(path)")
    func norm(_ s: String) -> String {
        String(s.replacingOccurrences(of: "\\*", with: "*").unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init))
    }
    let n = norm(notice)
    var quotes: [(String, String)] = pack2024.rules.flatMap { r in r.quotes.map { (r.id, $0) } }
    quotes += pack2024.table.map { ($0.id, $0.clauseText) }
    quotes += pack2024.honorLists.values.map { ($0.id, $0.clauseText) }
    quotes += [("cutoff", pack2024.cutoffText), ("fees", pack2024.feeText), ("roster", pack2024.rosterText)]
    for (id, q) in quotes { #expect(n.contains(norm(q)), "\(id): “\(q)” is not in the notice") }
}

@Test func readingsAreMarked() {
    for id in ["R2.3", "R3.3", "R8", "M3", "M4", "P4", "R13.2"] { #expect(pack2024.rule(id)?.reading != nil, "\(id)") }
    #expect(pack2024.rule("R7")?.parameters == "public_min=18; professional_min=60; total_min=90")
}

@Test func fees() {
    #expect(engine2024.fee(for: zhangWei)! == (80, 180))
    #expect(engine2024.fee(for: zhangWei.with(["level": s("助理工程师")]))! == (0, 100))
    #expect(engine2024.fee(for: zhangWei.with(["level": s("技术员")]))! == (0, 100))
    #expect(engine2024.fee(for: zhangWei.without("level")) == nil)
}

// MARK: validation

let builtinText: String = try! String(contentsOf: RulePack.builtinURL()!, encoding: .utf8)

struct BrokenPack: CustomTestStringConvertible, Sendable {
    var name: String
    var replace: String
    var with: String
    var path: String
    var says: String
    var testDescription: String { name }
}

let brokenPacks: [BrokenPack] = [
    BrokenPack(name: "unknown top-level key", replace: "notice_title:", with: "colour: red\nnotice_title:", path: "colour", says: "未知的键"),
    BrokenPack(name: "unknown param key", replace: "params: {unit_kinds: [事业单位, 企业]}", with: "params: {unit_kinds: [事业单位, 企业], extra: 1}",
               path: "rules[0].params.extra", says: "未知的键"),
    BrokenPack(name: "missing param", replace: "params: {ban_years: 3}", with: "params: {}", path: "rules[24].params", says: "缺少键 “ban_years”"),
    BrokenPack(name: "missing clause text", replace: "    text: \"有违纪违法行为，仍在处理、处罚、处分阶段\"\n", with: "", path: "rules[23]", says: "缺少键 “text”"),
    BrokenPack(name: "missing clause", replace: "    clause: 五(三)\n    text: \"有违纪违法行为", with: "    text: \"有违纪违法行为", path: "rules[23]", says: "缺少键 “clause”"),
    BrokenPack(name: "bad date", replace: "date: 2024-12-31", with: "date: 2024-02-30", path: "cutoff.date", says: "日期无效"),
    BrokenPack(name: "bad calendar date", replace: "- 2024-06-10", with: "- 2024-6-10", path: "calendar.days_off[4]", says: "日期无效"),
    BrokenPack(name: "working weekend on a weekday", replace: "working_weekends: [2024-02-04,", with: "working_weekends: [2024-02-05,",
               path: "calendar.working_weekends[0]", says: "不是周末"),
    BrokenPack(name: "unknown rule id", replace: "  - id: P5\n", with: "  - id: P6\n", path: "rules[33].id", says: "未知的规则 id"),
    BrokenPack(name: "missing rule", replace: "  - id: P5\n    title: 缴费\n    kind: process\n    clause: 五(四)\n    text: \"推荐评审费采用线上缴款方式收取\"\n    params: {}\n",
               with: "", path: "rules", says: "缺少规则 P5"),
    BrokenPack(name: "unknown level in a row", replace: "{id: T1, level: 技术员,", with: "{id: T1, level: 高级工程师,", path: "education_table[0].level", says: "未知级别"),
    BrokenPack(name: "unknown requirement kind", replace: "requirement: {kind: in_work}, ce_years: 1,\n     clause: 二(一), text: \"博士学位",
               with: "requirement: {kind: phd}, ce_years: 1,\n     clause: 二(一), text: \"博士学位", path: "education_table[8].requirement", says: "phd"),
    BrokenPack(name: "default for a non-field", replace: "  fraud_year: null\n", with: "  fraud: null\n", path: "defaults.fraud", says: "不是花名册字段"),
    BrokenPack(name: "non-integer parameter", replace: "params: {max_chars: 1000}", with: "params: {max_chars: many}", path: "rules[27].params.max_chars", says: "应为整数"),
    BrokenPack(name: "bad ratio", replace: "ratio_min: \"0.65\"", with: "ratio_min: \"0,65\"", path: "rules[28].params.ratio_min", says: "应为小数"),
    BrokenPack(name: "wrong kind", replace: "    kind: material\n    action: 提示", with: "    kind: process\n    action: 提示", path: "rules[25].kind", says: "kind 应为 material"),
    BrokenPack(name: "vocabulary for a non-enum field", replace: "  unit_kind: [事业单位, 企业, 机关]\n", with: "  unit: [甲]\n  unit_kind: [事业单位, 企业, 机关]\n",
               path: "vocabulary.unit", says: "不是花名册的枚举字段"),
    BrokenPack(name: "enum field without vocabulary", replace: "  social_insurance: [省内, 省外]\n", with: "",
               path: "vocabulary", says: "缺少枚举字段 “social_insurance” 的取值"),
    BrokenPack(name: "alias to no value", replace: "      转评: 转评申报\n", with: "      转评: 转岗申报\n",
               path: "vocabulary.route.aliases.转评", says: "不在取值中"),
    BrokenPack(name: "alias that is a value", replace: "      转评: 转评申报\n", with: "      转评申报: 转评申报\n",
               path: "vocabulary.route.aliases.转评申报", says: "已是取值"),
    BrokenPack(name: "repeated value", replace: "  unit_tier: [市本级, 县（市、区）]", with: "  unit_tier: [市本级, 市本级]",
               path: "vocabulary.unit_tier", says: "取值重复：“市本级”"),
    BrokenPack(name: "empty value list", replace: "  unit_tier: [市本级, 县（市、区）]", with: "  unit_tier: []",
               path: "vocabulary.unit_tier", says: "至少需要一个取值"),
    BrokenPack(name: "from no list", replace: "  degree: {from: degree_ranks}", with: "  degree: {from: degrees}",
               path: "vocabulary.degree.from", says: "from 应为"),
    BrokenPack(name: "neither values nor from", replace: "  degree: {from: degree_ranks}", with: "  degree: {aliases: {}}",
               path: "vocabulary.degree", says: "须有 values 或 from 之一"),
    BrokenPack(name: "default outside the vocabulary", replace: "  title_origin: 省内\n", with: "  title_origin: 本省\n",
               path: "defaults", says: "title_origin 的默认值 “本省” 不在 vocabulary.title_origin 中"),
]

@Test(arguments: brokenPacks) func packValidation(_ c: BrokenPack) {
    #expect(builtinText.contains(c.replace), "fixture text not found: \(c.replace)")
    let text = builtinText.replacingOccurrences(of: c.replace, with: c.with)
    do {
        _ = try RulePack(yaml: text, file: "broken.yaml")
        Issue.record("loaded a broken pack: \(c.name)")
    } catch let e as RulePackError {
        #expect(e.path == c.path, "\(e)")
        #expect(e.message.contains(c.says), "\(e)")
        #expect(e.description.hasPrefix("broken.yaml:"))
    } catch {
        Issue.record("unexpected error \(error)")
    }
}

/// The pack is the roster's vocabulary: the enum values, in the order help shows them, one list
/// where the pack ranks them too.
@Test func packVocabulary() throws {
    let c = pack2024.catalog
    #expect(c.enumeration("level")?.values == ["技术员", "助理工程师", "工程师"])
    #expect(c.enumeration("title")?.values == ["无", "技术员", "助理工程师", "工程师"])
    #expect(c.enumeration("degree")?.values == ["中专", "大专", "本科", "第二学士", "硕士", "研究生", "博士", "中级工班", "高级工班", "预备技师班", "技师班"])
    #expect(Set(c.enumeration("degree")!.values) == Set(pack2024.degreeRanks.keys))
    #expect(c.enumeration("skill_grade")?.values == ["高级工", "技师", "高级技师"])
    #expect(c.enumeration("route")?.values == pack2024.routeNames)
    #expect(pack2024.routeAliases.count == 8 && pack2024.routeAliases["自评分(推荐)申报"] == "自评分（推荐）申报")
    #expect(c.field(named: "assessments")?.kind.subFields?[1].kind.enumValues?.count == 9)
    #expect(pack2024.vocabulary.missing.isEmpty)
    #expect(FieldCatalog.types.field(named: "agency")?.kind.enumValues == [])
}

/// RosterData holds no notice's words: no agency or route name of the pack is in its sources, and
/// no enum value or route spelling of the pack is a string literal there.
@Test func rosterDataSourceHasNoVocabulary() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let dir = root.appendingPathComponent("Sources/RosterData")
    let files = (FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".swift") }
    #expect(files.count >= 20, "missing \(dir.path)")
    // Anywhere, even in comments: the names of agencies and routes.
    var words = pack2024.vocabulary.values("agency") + pack2024.vocabulary.values("route")
    // As literals: the values and spellings (not anywhere: 高级工 is in 高级工程师, 建设管理 in unit
    // names). Not levels, titles and categories: the generator's experts are 工程师 or 高级工程师 and
    // its projects' roles (施工管理, 运行管理) are free text; nor a spelling that is a field's label (自评分).
    for k in FieldCatalog.enumKeys where !["level", "title", "category"].contains(k) {
        let w = try #require(pack2024.vocabulary[k])
        words += (w.values + w.aliases.keys.filter { FieldCatalog.types.field(named: $0) == nil }).map { "\"\($0)\"" }
    }
    #expect(words.count > 40)
    for f in files {
        let text = try String(contentsOfFile: dir.appendingPathComponent(f).path, encoding: .utf8)
        for w in words { #expect(!text.contains(w), "\(f) contains \(w)") }
    }
}

@Test func packFromFileAndYAMLErrors() throws {
    let p = try RulePack.load(path: RulePack.builtinURL()!.path)
    #expect(p.rules.count == specRuleIDs.count)
    #expect(throws: RulePackError.self) { try RulePack(yaml: "id: [unclosed", file: "x.yaml") }
    #expect(throws: RulePackError.self) { try RulePack.load(path: "/nonexistent/pack.yaml") }
}

/// The rule logic carries no number, year or list of the notice: they all live in the pack.
@Test(arguments: ["Engine", "Rules"]) func engineSourceHasNoNoticeConstants(_ folder: String) throws {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/TitleRules/" + folder)
    let files = try #require(try? FileManager.default.contentsOfDirectory(atPath: dir.path), "missing \(dir.path)")
    #expect(files.filter { $0.hasSuffix(".swift") }.count >= 3)
    let banned = ["2024", "2001", "12-31", "\"90\"", " 90", " 18)", " 60)", "1000", "30720", "1048576", "215", "0.65", "0.8",
                  "事业单位\"", "\"企业", "市本级", "高级工程师", "省外\"", "\"合格", "浙江工匠", "260", "180"]
    for f in files where f.hasSuffix(".swift") {
        let text = try String(contentsOfFile: dir.appendingPathComponent(f).path, encoding: .utf8)
        for b in banned { #expect(!text.contains(b), "\(f) contains \(b)") }
    }
}

// MARK: readings in the notice's words (issue 13)

/// Every reading is Chinese prose: its `{param}`s are the rule's parameters and are filled in;
/// no parameter or field name (`fallback_ce_years`, `publicity_start`) is left in the text.
@Test func readingsSpeakChineseWithTheirParametersFilledIn() {
    let fieldKeys = Set(FieldCatalog.types.fields.map(\.key))
    for r in pack2024.rules {
        guard let text = r.readingText else { continue }
        for name in RuleInfo.placeholders(r.reading!) { #expect(r.param(name) != nil, "\(r.id): {\(name)}") }
        #expect(!text.contains("{"), "\(r.id): \(text)")
        let words = text.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0 == "_")) }).map(String.init)
        // Honour lists are named by their ids (H_A, H_E), as rules and table rows are.
        for w in words where (w.contains("_") && pack2024.honorLists[w] == nil) || fieldKeys.contains(w) || r.param(w) != nil {
            Issue.record("\(r.id) reading names `\(w)`: \(text)")
        }
    }
    #expect(pack2024.rule("R2.3")?.readingText?.contains("都达不到时取 4 年") == true)
    #expect(pack2024.rule("P4")?.readingText?.contains("工作日不少于 5 个") == true)
}

@Test(arguments: [(1, "学历等级 ≥ 1（中专、中级工班及以上）"), (2, "学历等级 ≥ 2（大专、高级工班及以上）"), (5, "学历等级 ≥ 5（博士）")])
func degreeRankInDegreeNames(_ rank: Int, _ text: String) {
    #expect(pack2024.degreeRankDescription(rank) == text)
}

/// The tagline's notice is read without parsing the pack; it must be what the parse gives.
@Test func builtinNoticeReadCheaplyAgreesWithTheParse() throws {
    #expect(RulePack.builtinNotice() == (try RulePack.builtin()).notice)
}

@Test(arguments: [
    ("notice: 衢州水利〔2024〕72号\n", "衢州水利〔2024〕72号" as String?),
    ("id: x\nnotice: A号\r\nyear: 1\n", "A号"),
    ("notice: \"quoted\"\n", nil),
    ("notice: a # comment\n", nil),
    ("notice: |\n  block\n", nil),
    ("  notice: nested\n", nil),
    ("notice:\n", nil),
])
func topLevelPlainScalarReadsOnlyPlainValues(text: String, expected: String?) {
    #expect(RulePack.topLevelPlainScalar("notice", in: text) == expected)
}
