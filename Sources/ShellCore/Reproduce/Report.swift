import Foundation
import Ink
import RosterData
import ShellLang

/// What commands produced while a report runs: text, tables, charts, warnings, errors.
public final class ReportCollector {
    public enum Block {
        case text(String)
        case table(ResultTable)
        case chart(title: String, labels: [String], values: [Double])
        case warning(String)
        case error(String)
    }
    public var blocks: [Block] = []
    public init() {}
}

/// A notebook cell: the prose before a command (its `#` comments), the command, and
/// what it printed.
public struct ReportCell {
    public var prose: [String]
    public var command: String
    public var blocks: [ReportCollector.Block]
    public var succeeded: Bool
}

/// `zcsh report SCRIPT.zcs -o report.html|report.md`: runs the script and renders each
/// command with its output as a cell — tables as tables, charts as inline SVG, `explain`
/// as a trace — in one self-contained file that prints on A4.
public enum NotebookReport {
    public struct Document {
        public var title: String
        public var script: String
        public var cells: [ReportCell]
        public var rulePack: String
        public var asOf: String
        /// 资历截至: the date the rule pack counts 资历 to.
        public var qualificationDate: String = ""
        public var datasets: [(name: String, path: String, sha256: String, rows: Int)]
        public var succeeded: Bool
    }

    /// Runs the script in a fresh session and collects its cells.
    public static func run(script: String) throws -> Document {
        let out = CapturingOutput()
        let session = Session(output: out, interactive: false)
        let collector = ReportCollector()
        session.collector = collector
        let source = try ScriptRunner.readScript(path: script, displayName: script)
        let dir = (script as NSString).deletingLastPathComponent
        session.baseDirectory = dir.isEmpty ? nil : dir
        let pieces = CommandSplitter.split(source.text)
        let u = Array(source.text.utf8)
        var cells: [ReportCell] = []
        var ok = true
        var title = (script as NSString).lastPathComponent
        for (i, piece) in pieces.enumerated() {
            var prose = piece.leadingComments
            if i == 0, let first = prose.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                title = first.trimmingCharacters(in: CharacterSet(charactersIn: "# ").union(.whitespaces))
                if let idx = prose.firstIndex(of: first) { prose.remove(at: idx) }
            }
            collector.blocks = []
            let success = session.execute(source, range: piece.range)
            cells.append(ReportCell(prose: prose, command: String(decoding: u[piece.range], as: UTF8.self),
                                    blocks: collector.blocks, succeeded: success))
            if !success { ok = false; break }
            if session.quitRequested { break }
        }
        let pack = (try? session.rules().pack).map { "\($0.id) · \($0.notice)" } ?? ""
        let datasets = session.datasetOrder.compactMap { n -> (String, String, String, Int)? in
            guard let d = session.datasets[n]?.dataset else { return nil }
            return (n, d.path ?? "", d.sha256 ?? "", d.count)
        }
        var doc = Document(title: title, script: script, cells: cells, rulePack: pack,
                           asOf: session.settings.asOf.map(\.description) ?? "未设置（运行当天）",
                           datasets: datasets, succeeded: ok)
        doc.qualificationDate = session.qualificationDate.map(\.description) ?? ""
        return doc
    }

    // MARK: HTML

    public static func html(_ doc: Document, mask: Bool = true) -> String {
        var h = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="zcsh \(ZcshVersion.string)">
        <title>\(esc(doc.title))</title>
        <style>\(css)</style></head><body>
        <header><h1>\(esc(doc.title))</h1>
        <dl class="meta">
        <dt>脚本</dt><dd><code>\(esc(doc.script))</code></dd>
        <dt>规则包</dt><dd>\(esc(doc.rulePack))</dd>
        <dt>截至日期</dt><dd>\(esc(doc.asOf))（状态日期：时限、缴费等按此日）</dd>
        \(doc.qualificationDate.isEmpty ? "" : "<dt>资历截至</dt><dd>\(esc(doc.qualificationDate))（规则包：任职年限、资历按此日计算）</dd>\n")

        """
        for d in doc.datasets {
            h += "<dt>数据</dt><dd><code>\(esc(d.path))</code>（\(d.rows) 人）<br><small>SHA-256 <code>\(esc(d.sha256))</code></small></dd>\n"
        }
        h += "<dt>重现</dt><dd><code>zcsh report \(esc(doc.script)) -o …</code>（zcsh \(ZcshVersion.string)）</dd></dl></header>\n<main>\n"
        for (n, cell) in doc.cells.enumerated() {
            let prose = proseHTML(cell.prose)
            if !prose.isEmpty { h += "<section class=\"prose\">\n" + prose + "</section>\n" }
            h += "<section class=\"cell\(cell.succeeded ? "" : " failed")\" data-cell=\"\(n + 1)\">\n"
            h += "<pre class=\"command\"><span class=\"prompt\">[\(n + 1)]</span> \(esc(cell.command))</pre>\n"
            let isExplain = ["explain", "解释"].contains(cell.command.split(whereSeparator: { $0 == " " || $0 == "\n" }).first.map(String.init) ?? "")
            for b in cell.blocks {
                if isExplain, case .text(let t) = b { h += traceHTML(t); continue }
                h += block(b, mask: mask)
            }
            h += "</section>\n"
        }
        if !doc.succeeded { h += "<p class=\"stopped\">脚本出错，报告在此停止。</p>\n" }
        h += "</main>\n<footer>由 zcsh \(ZcshVersion.string) 生成</footer>\n</body></html>\n"
        return h
    }

    static func block(_ b: ReportCollector.Block, mask: Bool) -> String {
        switch b {
        case .text(let t):
            if t.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "" }
            return "<pre class=\"output\">" + colourTrace(esc(t)) + "</pre>\n"
        case .warning(let t): return "<p class=\"warning\">⚠ " + esc(t) + "</p>\n"
        case .error(let t): return "<pre class=\"error\">" + esc(t) + "</pre>\n"
        case .chart(let title, let labels, let values): return svgChart(title: title, labels: labels, values: values)
        case .table(let t): return htmlTable(t, mask: mask)
        }
    }

    static func htmlTable(_ t: ResultTable, mask: Bool) -> String {
        let numeric: [Bool] = t.columns.indices.map { c in
            let vs = t.rows.compactMap { c < $0.count ? $0[c] : nil }.filter { !$0.isNull }
            return !vs.isEmpty && vs.allSatisfy { $0.numberValue != nil }
        }
        var h = "<table data-rows=\"\(t.rows.count)\"><thead><tr>"
        for (c, col) in t.columns.enumerated() {
            h += "<th\(numeric[c] ? " class=\"num\"" : "")>\(esc(col))\(t.money.contains(c) ? "（元）" : "")</th>"
        }
        h += "</tr></thead><tbody>\n"
        for row in t.rows {
            h += "<tr>"
            for c in t.columns.indices {
                let v = c < row.count ? row[c] : .null
                var s = displayText(v)
                if mask, t.personal[c] { s = displayText(maskedValue(v)) }
                if t.money.contains(c), let n = v.intValue { s = groupedThousands(n) }
                var cls: [String] = []
                if numeric[c] { cls.append("num") }
                if s == "符合" || s == "按时" { cls.append("pass") }
                if s == "不符合" || s.hasPrefix("已逾期") { cls.append("fail") }
                if s == "待核实" { cls.append("unknown") }
                h += "<td\(cls.isEmpty ? "" : " class=\"\(cls.joined(separator: " "))\"")>\(esc(s))</td>"
            }
            h += "</tr>\n"
        }
        h += "</tbody></table>\n"
        if t.omitted > 0 { h += "<p class=\"note\">… 另有 \(t.omitted) 行</p>\n" }
        if let f = t.footer { h += "<p class=\"note\">\(esc(f))</p>\n" }
        return h
    }

    /// Horizontal bars with their labels, as inline SVG: bars scaled to the largest value
    /// (negative values drawn as empty bars), long labels shortened, numbers as on screen
    /// with at most two decimals.
    public static func svgChart(title: String, labels: [String], values: [Double]) -> String {
        let (svg, bars) = svgBars(title: title, labels: labels, values: values, standalone: false)
        return "<figure class=\"chart\" data-bars=\"\(bars)\">" + svg + "<figcaption>\(esc(title))</figcaption></figure>\n"
    }

    /// The same chart as a standalone SVG document (`image/svg+xml` in a notebook): its own
    /// namespace, styles and title, since no page stylesheet reaches it.
    public static func svgDocument(title: String, labels: [String], values: [Double]) -> String {
        svgBars(title: title, labels: labels, values: values, standalone: true).svg
    }

    static func svgBars(title: String, labels: [String], values: [Double], standalone: Bool) -> (svg: String, bars: Int) {
        let barH = 20, gap = 6, barMax = 380, maxLabel = 36
        let shown = labels.map { displayWidth($0) > maxLabel ? truncate(toWidth: maxLabel, $0) : $0 }
        // 11px text: about 6px per display column (a Chinese character is two).
        let labelW = 12 + 6 * max(4, shown.map(displayWidth).max() ?? 4)
        let top = standalone ? 22 : 0
        let height = max(1, shown.count) * (barH + gap) + 4 + top
        let maxV = values.filter(\.isFinite).max() ?? 0
        let ns = standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : ""
        var s = "<svg\(ns) width=\"\(labelW + barMax + 70)\" height=\"\(height)\" viewBox=\"0 0 \(labelW + barMax + 70) \(height)\" role=\"img\" aria-label=\"\(esc(title))\">\n"
        if standalone {
            s += "<style>rect{fill:#2f6fbf}text{font-size:11px;fill:#1d2733;font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\",\"Microsoft YaHei\",sans-serif}text.v{fill:#5b6775}text.t{font-size:12px;font-weight:600}</style>\n"
            s += "<title>\(esc(title))</title><text x=\"4\" y=\"15\" class=\"t\">\(esc(title))</text>\n"
        }
        for (i, (label, v)) in zip(shown, values).enumerated() {
            let y = top + 2 + i * (barH + gap)
            let w = maxV > 0 && v.isFinite && v > 0 ? Int((v / maxV * Double(barMax)).rounded()) : 0
            s += "<text x=\"\(labelW - 8)\" y=\"\(y + barH - 6)\" text-anchor=\"end\">\(esc(label))</text>"
            s += "<rect x=\"\(labelW)\" y=\"\(y)\" width=\"\(max(w, 1))\" height=\"\(barH)\" rx=\"2\"></rect>"
            s += "<text x=\"\(labelW + max(w, 1) + 6)\" y=\"\(y + barH - 6)\" class=\"v\">\(esc(chartNumber(v)))</text>\n"
        }
        s += "</svg>"
        return (s, shown.count)
    }

    /// `15760` → `15,760`.
    static func groupedThousands(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func chartNumber(_ v: Double) -> String { formatDouble(v, maxDecimals: 2) }

    /// An `explain` trace: heading lines as headings, the indented rule lines (columns
    /// separated by two or more spaces) as tables, with their verdicts coloured.
    static func traceHTML(_ text: String) -> String {
        var h = "<div class=\"trace\">\n"
        var rows: [[String]] = []
        func flush() {
            guard !rows.isEmpty else { return }
            let cols = rows.map(\.count).max() ?? 0
            h += "<table class=\"trace\" data-rows=\"\(rows.count)\"><tbody>\n"
            for r in rows {
                h += "<tr>"
                for (c, cell) in r.enumerated() {
                    // The last cell takes the remaining columns.
                    let span = c == r.count - 1 && r.count < cols ? " colspan=\"\(cols - r.count + 1)\"" : ""
                    var cls = ""
                    if cell.hasPrefix("✔") { cls = " class=\"st pass\"" }
                    else if cell.hasPrefix("✘") { cls = " class=\"st fail\"" }
                    else if cell.hasPrefix("?") { cls = " class=\"st unknown\"" }
                    else if c == 0 { cls = " class=\"id\"" }
                    h += "<td\(cls)\(span)>\(esc(cell))</td>"
                }
                h += "</tr>\n"
            }
            h += "</tbody></table>\n"
            rows = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("  ") {
                let cells = line.trimmingCharacters(in: .whitespaces)
                    .components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                rows.append(cells)
                continue
            }
            flush()
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            if t.hasPrefix("结论：") { h += "<p class=\"verdict\">" + colourTrace(esc(t)) + "</p>\n" }
            else if h.hasSuffix("<div class=\"trace\">\n") { h += "<p class=\"who\">\(esc(t))</p>\n" }
            else { h += "<h4>\(esc(t))</h4>\n" }
        }
        flush()
        return h + "</div>\n"
    }

    /// `#` comment lines as Markdown (Ink). Lines of Chinese text wrapped in the script are
    /// joined without the space Markdown would put between them; raw HTML and images are
    /// shown as text, so the report has no markup or network access from its comments.
    static func proseHTML(_ lines: [String]) -> String {
        var joined: [String] = []
        for line in lines {
            let t = line.trimmingCharacters(in: .whitespaces)
            if let last = joined.last, !last.isEmpty, !t.isEmpty, !startsBlock(t), !startsBlock(last) || isListItem(last),
               let a = last.unicodeScalars.last, let b = t.unicodeScalars.first, isWide(a) || isWide(b) {
                joined[joined.count - 1] = last + t
            } else {
                joined.append(line)
            }
        }
        let md = joined.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if md.isEmpty { return "" }
        let parser = MarkdownParser(modifiers: [
            Modifier(target: .html) { esc(String($0.markdown)) },
            Modifier(target: .images) { esc(String($0.markdown)) },
        ])
        return parser.html(from: md) + "\n"
    }

    static func startsBlock(_ t: String) -> Bool {
        t.hasPrefix("#") || t.hasPrefix(">") || t.hasPrefix("|") || t.hasPrefix("```") || isListItem(t)
    }

    static func isListItem(_ t: String) -> Bool {
        if t.hasPrefix("- ") || t.hasPrefix("* ") || t.hasPrefix("+ ") { return true }
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        return !digits.isEmpty && t.dropFirst(digits.count).hasPrefix(". ")
    }

    static func isWide(_ u: Unicode.Scalar) -> Bool {
        (0x2E80...0x9FFF).contains(u.value) || (0xF900...0xFAFF).contains(u.value) || (0xFF00...0xFFEF).contains(u.value)
            || (0x3000...0x303F).contains(u.value)
    }

    /// 通过 / 不通过 / 待核实 in an explain trace, coloured.
    static func colourTrace(_ escaped: String) -> String {
        escaped.replacingOccurrences(of: "✔ 通过", with: "<span class=\"pass\">✔ 通过</span>")
            .replacingOccurrences(of: "✘ 不通过", with: "<span class=\"fail\">✘ 不通过</span>")
            .replacingOccurrences(of: "? 待核实", with: "<span class=\"unknown\">? 待核实</span>")
            .replacingOccurrences(of: "结论：符合", with: "结论：<span class=\"pass\">符合</span>")
            .replacingOccurrences(of: "结论：不符合", with: "结论：<span class=\"fail\">不符合</span>")
            .replacingOccurrences(of: "结论：待核实", with: "结论：<span class=\"unknown\">待核实</span>")
    }

    static func esc(_ s: String) -> String {
        var o = ""
        o.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            default: o.unicodeScalars.append(ch)
            }
        }
        return o
    }

    static let css = """
    :root { --fg:#1d2733; --muted:#5b6775; --line:#d6dde5; --soft:#f3f6f9; --accent:#2f6fbf; --pass:#1a7f37; --fail:#cf222e; --unknown:#9a6700; }
    * { box-sizing: border-box; }
    html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    body { font-family: "Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","WenQuanYi Micro Hei","PingFang SC","Microsoft YaHei",sans-serif;
           color: var(--fg); max-width: 186mm; margin: 10mm auto; padding: 0 6mm; line-height: 1.6; font-size: 10.5pt; }
    h1 { font-size: 17pt; margin: 0 0 3mm; line-height: 1.3; }
    header { border-bottom: 2px solid var(--fg); margin-bottom: 4mm; }
    dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; color: var(--muted); font-size: 8.5pt; margin: 0 0 3mm; }
    dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; overflow-wrap: anywhere; }
    code, pre { font-family: "Noto Sans Mono CJK SC","Sarasa Mono SC","DejaVu Sans Mono",monospace; }
    .prose { margin: 5mm 0 1.5mm; break-after: avoid; }
    .prose p { margin: 0 0 1.5mm; }
    .prose h1, .prose h2, .prose h3 { margin: 7mm 0 2mm; font-size: 13pt; break-after: avoid; }
    .prose h4, .prose h5, .prose h6 { margin: 4mm 0 1mm; font-size: 11pt; break-after: avoid; }
    .prose code { background: var(--soft); padding: 0 1mm; font-size: 9pt; }
    .cell { border-left: 3px solid var(--line); padding: 0.5mm 0 0.5mm 4mm; margin: 2mm 0 4mm; }
    .cell.failed { border-left-color: var(--fail); }
    pre.command { background: var(--soft); padding: 1.2mm 3mm; margin: 0 0 2mm; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 9pt; break-inside: avoid; break-after: avoid; }
    .prompt { color: var(--accent); user-select: none; }
    pre.output { margin: 0 0 2mm; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 9pt; }
    pre.error { color: var(--fail); background: #fff5f5; padding: 1.5mm 3mm; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 9pt; }
    .warning { color: var(--unknown); font-size: 9pt; margin: 0 0 1.5mm; }
    table { border-collapse: collapse; margin: 1mm 0 1.5mm; font-size: 9pt; }
    tr { break-inside: avoid; }
    thead { display: table-header-group; }
    th, td { border-bottom: 1px solid var(--line); padding: 0.6mm 2.5mm; text-align: left; vertical-align: top; }
    th { background: var(--soft); font-weight: 600; border-bottom-color: #aab4bf; } .num { text-align: right; font-variant-numeric: tabular-nums; }
    .pass { color: var(--pass); } .fail { color: var(--fail); font-weight: 600; } .unknown { color: var(--unknown); }
    .note { color: var(--muted); font-size: 8.5pt; margin: 0 0 1mm; }
    figure.chart { margin: 1mm 0 2mm; break-inside: avoid; } figure.chart svg { max-width: 100%; height: auto; }
    figure.chart rect { fill: var(--accent); } figure.chart text { font-size: 11px; fill: var(--fg); font-family: inherit; }
    figure.chart text.v { fill: var(--muted); } figcaption { color: var(--muted); font-size: 8.5pt; }
    .trace .who { font-weight: 600; margin: 0; } .trace .verdict { margin: 0 0 2mm; font-weight: 600; }
    .trace h4 { font-size: 9.5pt; margin: 2.5mm 0 0.5mm; color: var(--muted); break-after: avoid; }
    table.trace { width: 100%; font-size: 8.5pt; }
    table.trace td { padding: 0.4mm 1.5mm; } table.trace td.id { white-space: nowrap; font-family: "Noto Sans Mono CJK SC","DejaVu Sans Mono",monospace; }
    table.trace td.st, table.trace td:nth-child(-n+3):not(:last-child) { white-space: nowrap; }
    table.trace td:last-child { overflow-wrap: anywhere; }
    .stopped { color: var(--fail); font-weight: 600; }
    footer { color: var(--muted); font-size: 8pt; margin-top: 8mm; border-top: 1px solid var(--line); padding-top: 2mm; }
    @page { size: A4; margin: 14mm 12mm 16mm; }
    @media print { body { margin: 0 auto; max-width: none; padding: 0; } }
    """

    // MARK: Markdown

    public static func markdown(_ doc: Document, mask: Bool = true) -> String {
        var m = "# \(doc.title)\n\n"
        m += "- 脚本：`\(doc.script)`\n- 规则包：\(doc.rulePack)\n- 截至日期：\(doc.asOf)\n"
        if !doc.qualificationDate.isEmpty { m += "- 资历截至：\(doc.qualificationDate)（规则包：任职年限、资历按此日计算）\n" }
        for d in doc.datasets { m += "- 数据：`\(d.path)`（\(d.rows) 人），SHA-256 `\(d.sha256)`\n" }
        m += "\n"
        for (n, cell) in doc.cells.enumerated() {
            let prose = cell.prose.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !prose.isEmpty { m += prose + "\n\n" }
            m += "```\n[\(n + 1)] \(cell.command)\n```\n\n"
            for b in cell.blocks {
                switch b {
                case .text(let t): m += "```\n\(t)\n```\n\n"
                case .warning(let t): m += "> ⚠ \(t)\n\n"
                case .error(let t): m += "```\n\(t)```\n\n"
                case .chart(let title, let labels, let values):
                    m += "| \(title) | |\n|---|---:|\n"
                    for (l, v) in zip(labels, values) { m += "| \(mdCell(l)) | \(chartNumber(v)) |\n" }
                    m += "\n"
                case .table(let t):
                    m += "| " + t.columns.enumerated().map { mdCell($1 + (t.money.contains($0) ? "（元）" : "")) }.joined(separator: " | ") + " |\n"
                    m += "|" + t.columns.map { _ in "---" }.joined(separator: "|") + "|\n"
                    for row in t.rows {
                        m += "| " + t.columns.indices.map { c -> String in
                            let v = c < row.count ? row[c] : .null
                            var s = displayText(v)
                            if mask, t.personal[c] { s = displayText(maskedValue(v)) }
                            if t.money.contains(c), let n = v.intValue { s = groupedThousands(n) }
                            return mdCell(s)
                        }.joined(separator: " | ") + " |\n"
                    }
                    if t.omitted > 0 { m += "\n… 另有 \(t.omitted) 行\n" }
                    m += "\n"
                }
            }
        }
        return m
    }

    static func mdCell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
