import Foundation
import Testing
import RosterData
import ShellLang
@testable import ShellCore
import TestSupport

/// Chinese headers everywhere a person reads (issue 13, item 4); machine output keeps the
/// expressions' text.
@Suite struct ChineseHeaderTests {
    @Test(arguments: [
        ("agency", "受理机构"),
        ("受理机构", "受理机构"),
        ("verdict()", "结论"),
        ("years(title_since)", "年数(现职称取得时间)"),
        ("eligible(level:\"工程师\")", "符合条件(级别:\"工程师\")"),
        ("photo.width", "证件照.宽"),
        ("count(assessments, result == \"优秀\")", "计数(年度考核, 结果 == \"优秀\")"),
        ("rule_status(\"R7\")", "规则状态(\"R7\")"),
        ("level == \"工程师\" and degree in [\"本科\"]", "申报级别 == \"工程师\" and 学历 in [\"本科\"]"),
        ("x +", "x +"),
    ])
    func columnLabel(_ source: String, _ label: String) {
        let (s, _) = makeSession()
        #expect(s.columnLabel(source) == label)
    }

    @Test func derivedColumnNamesStayAsWritten() {
        let s = loaded()
        run("select years(title_since) as level_years", in: s)
        #expect(s.columnLabel("level_years + 1") == "level_years + 1")
    }

    @Test func countByAgencyHeader() {
        let (out, ok) = run("count by agency", in: loaded())
        #expect(ok)
        #expect(out.hasPrefix("受理机构      人数\n────────────  ────\n"), "\(out)")
    }

    @Test func verdictHeaderAndJSONKeys() {
        let s = loaded()
        let (screen, _) = run("count by verdict()", in: s)
        #expect(screen.hasPrefix("结论    人数\n"), "\(screen)")
        let (json, ok) = run("set format json\ncount by verdict()\nselect name, years(title_since)", in: s)
        #expect(ok)
        #expect(json.contains("\"verdict()\": \"符合\""), "\(json)")
        #expect(json.contains("\"years(title_since)\": "), "\(json)")
        #expect(!json.contains("结论\""), "\(json)")
    }

    @Test func crosstabHeader() {
        let (out, _) = run("count by agency by level", in: loaded())
        #expect(out.hasPrefix("受理机构 \\ 申报级别  工程师  助理工程师  合计\n"), "\(out)")
    }

    @Test func chartCaptionsInTheReport() {
        let s = loaded()
        let c = ReportCollector()
        s.collector = c
        run("count by agency --chart\ncount where degree == \"本科\" by level --chart", in: s)
        let titles = c.blocks.compactMap { b -> String? in if case .chart(let t, _, _) = b { return t } else { return nil } }
        #expect(titles == ["人数，按受理机构", "人数，按申报级别（学历 == \"本科\"）"])
    }

    @Test func xlsxAfterSelectHasChineseHeaders() throws {
        let dir = makeTempDirectory()
        let s = loaded()
        let (out, ok) = run("select name, title_since, years(title_since) as 年限\nexport xlsx \(dir)/zh.xlsx\nexport xlsx \(dir)/en.xlsx --labels en\nexport csv \(dir)/k.csv", in: s)
        #expect(ok, "\(out)")
        let zh = try XLSXReader.read(path: dir + "/zh.xlsx")
        #expect(zh.rows.first == [.text("姓名"), .text("现职称取得时间"), .text("年限")])
        let en = try XLSXReader.read(path: dir + "/en.xlsx")
        #expect(en.rows.first == [.text("name"), .text("title_since"), .text("年限")])
        let csv = try String(contentsOfFile: dir + "/k.csv", encoding: .utf8)
        #expect(csv.hasPrefix("name,title_since,年限\n"), "\(csv)")
    }
}

/// Help for everything it names (issue 13, item 5).
@Suite struct HelpCompletenessTests {
    /// Every command (and alias), field (key and label) and function (and Chinese alias) has help.
    static let names: [String] = {
        let (s, _) = makeSession()
        var n: [String] = []
        for c in s.commands.commands { n.append(c.name); n += c.aliases }
        for f in s.environment.catalog.fields { n += [f.key, f.label] }
        for f in s.functions.all { n.append(f.name); n += f.aliases }
        return n
    }()

    @Test func everyNameHasHelp() {
        #expect(Self.names.count > 150)
        let (s, _) = makeSession()
        var missing: [String] = []
        for name in Self.names where HelpCommand.topicText(name, session: s, runExamples: false) == nil { missing.append(name) }
        #expect(missing.isEmpty, "no help for \(missing)")
    }

    @Test(arguments: ["years", "degree", "eligible", "年数", "学历", "held", "verdict", "agency"])
    func helpNamesItsTopic(_ name: String) {
        let (out, ok) = run("help \(name)")
        #expect(ok, "\(out)")
        #expect(!out.contains("没有关于"), "\(out)")
    }

    /// Every description a person reads is Chinese: function summaries and field notes.
    @Test func descriptionsAreChinese() {
        let (s, _) = makeSession()
        func chinese(_ t: String) -> Bool { t.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
        for f in s.functions.all { #expect(chinese(f.summary), "\(f.name): \(f.summary)") }
        for f in s.environment.catalog.fields where !f.note.isEmpty { #expect(chinese(f.note), "\(f.key): \(f.note)") }
    }

    @Test func ruleIdPointsAtRules() {
        let (out, ok) = run("help R2.3")
        #expect(ok, "\(out)")
        #expect(out.hasPrefix("规则 R2.3 "), "\(out)")
        #expect(out.contains("rules R2.3"), "\(out)")
    }

    /// A name that is both a command and a function shows both.
    @Test func commandAndFunctionOfOneName() {
        let (out, _) = run("help count")
        #expect(out.contains("count — 计数"))
        #expect(out.contains("函数 count(list, predicate?)"))
    }

    @Test(arguments: [80, 120])
    func helpFunctionsFitsTheWidth(width: Int) {
        let (s, out) = makeSession()
        out.terminalWidth = width
        run("help functions", in: s)
        let lines = out.text.split(separator: "\n").map(String.init)
        #expect(lines.count > 60)
        for l in lines { #expect(displayWidth(l) <= width, "\(displayWidth(l)) > \(width): \(l)") }
        #expect(lines.contains("years(from, [to])  年数 满年数"))
    }

    @Test func helpFieldsFits80Columns() {
        let (out, ok) = run("help fields")
        #expect(ok)
        for l in out.split(separator: "\n") { #expect(displayWidth(String(l)) <= 80, "\(l)") }
        #expect(out.contains("""
          agency                     受理机构          enum
                                     衢州市水利局 柯城区水利局 衢江区水利局
                                     龙游县林业水利局 江山市水利局 常山县林业水利局
                                     开化县水利局
        """), "\(out)")
    }

    /// Help prose is wrapped at display time (exact lines at 80 columns), so no help line is
    /// wider than the terminal, whatever the command.
    @Test func helpYearsAt80Columns() {
        let (out, _) = run("help years")
        #expect(out == """
        函数 years(from, to?)
          从 `from` 到 `to` 的满年数（满 N 年）；`to` 默认为规则包的资历截至日（与规则、
          explain 的算法相同），无规则包时为截至日期（as-of）；`to` 早于 `from` 时为 0。
        别名：年数 满年数
        参数：from:（从） to:（到）
        示例：`years(2020-07-01)` → 4
        另见 help functions。

        """)
    }

    @Test(arguments: CommandRegistry.standard.commands.map { $0.name })
    func commandHelpFits80Columns(name: String) {
        let (s, out) = makeSession()
        out.terminalWidth = 80
        s.isHelpScratch = true   // examples listed, not run: only the prose is measured
        run("help \(name)", in: s)
        for l in out.text.split(separator: "\n") { #expect(displayWidth(String(l)) <= 80, "\(name): \(l)") }
    }

    @Test func overviewWrapsUnderTheName() {
        let (out, _) = run("help")
        #expect(out.contains("""
          rules    规则一览；rules ID 显示条款原文、所取解读和参数；rules pack FILE
                   换规则包；rules check FILE 检查规则包
        """), "\(out)")
    }
}

/// Two dates (issue 13, item 6): the banner line, `set`, `record`.
@Suite struct TwoDatesShownTests {
    @Test func datesLineNamesBoth() {
        let (s, _) = makeSession()
        #expect(s.datesLine() == """
        状态日期 as-of 2024-10-08（今天，未设置）：时限、deadline-status 按此日
        资历截至 2024-12-31（规则包）：years、held、explain 计算资历到此日
        """)
        run("set as-of 2024-07-01", in: s)
        #expect(s.datesLine().hasPrefix("状态日期 as-of 2024-07-01：时限、deadline-status 按此日\n"))
    }

    @Test func heldCountsToTheCutoffNotTheAsOf() {
        // 2020-12-20 + 4 years = 2024-12-20 <= 2024-12-31 whatever the as-of date.
        let r = run("set as-of 2024-06-01\nlet h = held(2020-12-20, 4)\nlet y = years(2020-12-20)")
        #expect(r.output.hasSuffix("h = true\ny = 4\n"), "\(r.output)")
    }

    @Test func recordPinsTheAsOfItUses() throws {
        let dir = makeTempDirectory()
        let s = loaded()
        s.settings.asOf = nil
        let (out, ok) = run("record \(dir)/r.zcs\ncount\nrecord stop", in: s)
        #expect(ok, "\(out)")
        #expect(out.contains("截至日期未设置：本会话与录制都按 2024-10-08"), "\(out)")
        #expect(s.settings.asOf == Day(2024, 10, 8))
        let text = try String(contentsOfFile: dir + "/r.zcs", encoding: .utf8)
        #expect(text.contains("\nset as-of 2024-10-08\n# 资历截至 2024-12-31"), "\(text)")
    }
}

/// The report (issue 13, item 4): money in 元 with thousands separators, both dates in the
/// header, Chinese chart captions, and the explain trace allowed to wrap inside the page.
@Suite struct ReportLabelsTests {
    @Test(arguments: [(0, "0"), (260, "260"), (15760, "15,760"), (1234567, "1,234,567"), (-4360, "-4,360")])
    func thousands(_ n: Int, _ text: String) {
        #expect(NotebookReport.groupedThousands(n) == text)
    }

    @Test func monthlyReport() throws {
        chdirToRoot()
        let html = NotebookReport.html(try NotebookReport.run(script: "examples/monthly-report.zcs"))
        #expect(html.contains("<th class=\"num\">推荐费（元）</th>"))
        #expect(html.contains("<td class=\"num\">15,760</td>"))
        #expect(html.contains("<dt>资历截至</dt><dd>2024-12-31"))
        #expect(html.contains("<figcaption>人数，按受理机构</figcaption>"))
        #expect(!html.contains("<th>agency</th>") && !html.contains("<th>verdict()</th>"))
        // The last cell of a trace row (the reason) may wrap; only the short cells before it stay on one line.
        #expect(html.contains("table.trace td:nth-child(-n+3):not(:last-child) { white-space: nowrap; }"))
    }
}
