import Foundation
import Testing
import ShellCore
import TestSupport

/// `zcsh report`: the notebook built from a script — structure, escaping, masking, charts,
/// errors — and the committed example report, which must not go stale.
@Suite(.serialized) struct ReportTests {
    func folder() -> String {
        let rel = ".build/report-tests/" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: packageRoot + "/" + rel, withIntermediateDirectories: true)
        return rel
    }

    func report(_ script: String) throws -> (NotebookReport.Document, String) {
        chdirToRoot()
        let dir = folder()
        try script.write(toFile: dir + "/s.zcs", atomically: true, encoding: .utf8)
        let doc = try NotebookReport.run(script: dir + "/s.zcs")
        return (doc, NotebookReport.html(doc))
    }

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The values of an attribute, in document order.
    func attributes(_ name: String, in html: String) -> [Int] {
        html.components(separatedBy: name + "=\"").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
    }

    @Test func monthlyReportStructure() throws {
        chdirToRoot()
        let doc = try NotebookReport.run(script: "examples/monthly-report.zcs")
        #expect(doc.succeeded)
        #expect(doc.title == "衢州市水利系统职称评审月度情况（截至 2024 年 8 月 20 日）")
        #expect(doc.asOf == "2024-08-20")
        #expect(doc.rulePack == "quzhou-water-2024 · 衢州水利〔2024〕72号")
        let html = NotebookReport.html(doc)
        // Cells in script order.
        #expect(doc.cells.map { $0.command.split(separator: " ").prefix(2).joined(separator: " ") } == [
            "set as-of", "load examples/roster-2024.json", "count by", "count by", "count by", "check --summary",
            "explain QZ2024-0001", "deadline-status", "fee-total by", "stats years(graduated_on)",
        ])
        #expect(attributes("data-cell", in: html) == Array(1...10))
        // Tables with their rows: levels, route × verdict, rule summary, the explain trace
        // (the rule not passed under the verdict, the passed ones, 二(一) table, materials,
        // process), deadline stages and checks, fees.
        #expect(attributes("data-rows", in: html) == [3, 11, 28, 1, 16, 3, 4, 2, 3, 2, 8])
        #expect(attributes("data-bars", in: html) == [7, 3])
        #expect(count("<svg ", in: html) == 2)
        #expect(html.contains("<text x=\"") && html.contains(">衢州市水利局</text>"))
        // Self-contained: no external URL of any kind.
        #expect(!html.lowercased().contains("http"))
        #expect(!html.contains("src="))
        // Header: title, rule pack, as-of date, data file and its full digest.
        #expect(html.contains("<title>衢州市水利系统职称评审月度情况（截至 2024 年 8 月 20 日）</title>"))
        #expect(html.contains("<h1>衢州市水利系统职称评审月度情况（截至 2024 年 8 月 20 日）</h1>"))
        #expect(html.contains("<dt>截至日期</dt><dd>2024-08-20（状态日期：时限、缴费等按此日）</dd>"))
        #expect(html.contains("<dt>资历截至</dt><dd>2024-12-31（规则包：任职年限、资历按此日计算）</dd>"))
        #expect(html.contains("2d572db8da047708e706b892f318480ba5f8000a53bf124a12ff7bece38e1de7"))
        #expect(html.contains("衢州水利〔2024〕72号"))
        // Prose: Markdown headings and bold, wrapped Chinese lines joined without a space.
        #expect(count("<h2>", in: html) == 6)
        #expect(html.contains("<strong>符合</strong>"))
        #expect(html.contains("按申报方式的资格审查结果，规则逐条的问题清单"))
        // The explain trace: verdict and coloured statuses.
        #expect(html.contains("<p class=\"verdict\">结论：<span class=\"fail\">不符合</span>（1 条不通过）</p>"))
        #expect(html.contains("<td class=\"st fail\">✘ 不通过</td>"))
        #expect(html.contains("@page { size: A4;"))
    }

    @Test func committedExampleReportIsCurrent() throws {
        chdirToRoot()
        let doc = try NotebookReport.run(script: "examples/monthly-report.zcs")
        let html = NotebookReport.html(doc)
        if ProcessInfo.processInfo.environment["ZCSH_UPDATE_GOLDEN"] == "1" {
            try html.write(toFile: "examples/monthly-report.html", atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOfFile: "examples/monthly-report.html", encoding: .utf8)
        if html != committed {
            let diff = unifiedDiff(committed, html, from: "examples/monthly-report.html", to: "regenerated")
            Issue.record(Comment(rawValue: "examples/monthly-report.html is stale; run `zcsh report examples/monthly-report.zcs -o examples/monthly-report.html --force`:\n" + diff))
        }
        // And twice in one process gives the same bytes.
        #expect(NotebookReport.html(try NotebookReport.run(script: "examples/monthly-report.zcs")) == html)
    }

    @Test func everythingIsEscaped() throws {
        let (_, html) = try report("""
            # A <b>title</b> & more
            # <script>alert(1)</script>
            #
            # ![logo](https://example.com/logo.png) and `a < b`
            set as-of 2024-08-20
            load Tests/Fixtures/mini.json
            let x = "<img src=x onerror=alert(1)>"
            select name, x as 标签
            count by x --chart
            """)
        #expect(html.contains("<title>A &lt;b&gt;title&lt;/b&gt; &amp; more</title>"))
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("<code>a &lt; b</code>"))
        #expect(!html.lowercased().contains("https://example.com\""))
    }

    @Test func personalDataIsMasked() throws {
        let (_, html) = try report("""
            set as-of 2024-08-20
            load Tests/Fixtures/mini.json
            show name, id_number
            """)
        #expect(!html.contains("330802199001011234"))
        #expect(html.contains("<th>id_number</th>") || html.contains("<th>身份证号</th>"))
        #expect(html.contains("data-rows=\"5\""))
    }

    @Test func proseParagraphsListsAndHeadings() throws {
        let (doc, html) = try report("""
            # 标题

            # 第一段第一行，
            # 第一段第二行。
            #
            # 第二段 with English
            # words wrapped.
            #
            # - 一项
            # - 二项
            set as-of 2024-08-20
            """)
        #expect(doc.title == "标题")
        #expect(html.contains("<p>第一段第一行，第一段第二行。</p>"))
        #expect(html.contains("<p>第二段 with English\nwords wrapped.</p>") || html.contains("<p>第二段 with English words wrapped.</p>"))
        #expect(html.contains("<ul><li>一项</li><li>二项</li></ul>"))
    }

    @Test func failingScriptEndsWithItsErrorCell() throws {
        let (doc, html) = try report("""
            # 出错的脚本
            set as-of 2024-08-20
            load Tests/Fixtures/mini.json
            count by nosuchfield
            count
            """)
        #expect(!doc.succeeded)
        #expect(doc.cells.count == 3)
        #expect(doc.cells.last?.succeeded == false)
        #expect(html.contains("<section class=\"cell failed\" data-cell=\"3\">"))
        #expect(html.contains("<pre class=\"error\">"))
        #expect(html.contains("s.zcs:4:10: error:"))
        #expect(html.contains("脚本出错，报告在此停止。"))
        #expect(!html.contains("data-cell=\"4\""))
    }

    @Test func chartsAreScaledToTheLargestValue() {
        let svg = NotebookReport.svgChart(title: "t", labels: ["甲", "乙", "丙", String(repeating: "很长的标签", count: 20)],
                                          values: [10, 5, 0, 2.5])
        #expect(svg.contains("width=\"380\""))          // the largest bar is full width
        #expect(svg.contains("width=\"190\""))          // half
        #expect(svg.contains("width=\"1\""))            // zero: a hairline
        #expect(svg.contains(">2.5</text>"))
        #expect(svg.contains("…"))                      // the long label shortened
        #expect(!svg.contains("http"))
        let empty = NotebookReport.svgChart(title: "t", labels: ["a"], values: [0])
        #expect(empty.contains("width=\"1\""))
    }

    @Test func markdownReport() throws {
        chdirToRoot()
        let doc = try NotebookReport.run(script: "examples/monthly-report.zcs")
        let md = NotebookReport.markdown(doc)
        #expect(md.hasPrefix("# 衢州市水利系统职称评审月度情况（截至 2024 年 8 月 20 日）\n"))
        #expect(md.contains("SHA-256 `2d572db8da047708e706b892f318480ba5f8000a53bf124a12ff7bece38e1de7`"))
        #expect(md.contains("| 申报级别 | 人数 |\n|---|---|\n| 工程师 | 197 |"))
        #expect(md.contains("| 推荐费（元） |") && md.contains("| 15,760 |"))
        #expect(md.contains("- 资历截至：2024-12-31"))
        #expect(md.contains("```\n[7] explain QZ2024-0001\n```"))
    }
}
