import Foundation
import RosterData
import ShellLang
import TitleRules

/// `rules [ID]` — the rule list with clause, reading and parameters; `rules ID` with the
/// notice's own words; `rules pack FILE` switches to another year's pack; `rules check FILE`
/// validates a pack and lists every problem.
struct RulesCommand: ShellCommand {
    static let name = "rules"
    static let aliases = ["规则"]
    static let group = CommandGroup.rules
    static let summary = "规则一览；rules ID 显示条款原文、所取解读和参数；rules pack FILE 换规则包；rules check FILE 检查规则包"
    static let usage = "rules [ID | pack FILE | check FILE]"
    static let details = """
    规则包是数据文件（每年的通知一份），规则逻辑只读取其中的参数。标 ※ 的规则有「解读」：通知可作多种理解时所取的一种。
    rules check FILE 检查规则包而不换用：列出每一个问题（不只第一个），格式为 文件:行:列: YAML 路径: 说明（未知的键附最接近的写法），\
    末行为问题总数，有问题时命令失败；无问题时一行说明规则包无误。检查项：未知的键、缺少的键、类型、日期、表格 education_table 的各行、\
    规则包中的规则与引擎实现的规则（RuleRegistry）是否一一对应、级别/职称/规则/申报方式/荣誉表的引用。命令行：zcsh rules check FILE。
    """
    static let examples = ["rules", "rules R2.3", "rules P4"]

    static func run(_ input: CommandInput, _ session: Session) throws {
        let w = input.words
        if let first = w.first, first.text == "check" {
            guard w.count == 2 else { throw Diagnostic.failure("用法：rules check FILE", range: input.argumentsRange) }
            let r = PackCheckReport.check(path: LoadCommand.locate(w[1].text, session), shownAs: w[1].text)
            if r.ok { session.info(r.lines.joined(separator: "\n")); return }
            session.print(r.lines.dropLast().joined(separator: "\n"))
            throw Diagnostic.failure(r.lines.last!, range: input.sourceRange(w[1].range))
        }
        if let first = w.first, first.text == "pack" {
            guard w.count == 2 else { throw Diagnostic.failure("用法：rules pack FILE", range: input.argumentsRange) }
            let path = LoadCommand.locate(w[1].text, session)
            do {
                let pack = try RulePack.load(path: path)
                session.setRulePack(pack, path: path)
                session.info("规则包：\(pack.title)（\(pack.notice)，\(pack.rules.count) 条规则，截止日 \(pack.cutoff)）")
            } catch {
                throw Diagnostic.failure("\(error)", range: input.sourceRange(w[1].range))
            }
            return
        }
        let rs = try session.rules()
        let pack = rs.pack
        guard let first = w.first else {
            session.info("规则包 \(pack.id)：\(pack.title)（\(pack.notice)），评审年度 \(pack.year)，资历截止 \(pack.cutoff)" + (rs.path.map { "，文件 \($0)" } ?? "（内置）"))
            var t = ResultTable(columns: ["编号", "条款", "规则", "类别", "解读", "参数"], keys: ["id", "clause", "title", "kind", "reading", "parameters"])
            for r in pack.rules {
                t.rows.append([.string(r.id), .string(r.clause), .string(r.title), .string(r.action ?? r.kind.label),
                               .string(r.reading == nil ? "" : "※"), .string(r.parameters)])
            }
            let saved = session.settings.maxRows
            session.settings.maxRows = 0
            session.emit(t)
            session.settings.maxRows = saved
            return
        }
        guard w.count == 1 else { throw Diagnostic.failure("rules 只接受一个规则编号", range: input.argumentsRange) }
        let width = session.proseWidth
        if let r = pack.rule(first.text) {
            var lines = TextWrap.wrap(session.paint("\(r.id) \(r.title)", .bold) + "  —  \(pack.notice) \(r.clause)（\(r.action ?? r.kind.label)）", width: width)
            lines += ["", "通知原文："]
            for q in r.quotes { lines += TextWrap.wrap("「" + noticeText(q) + "」", width: width, indent: "  ", hangingIndent: "   ") }
            if let reading = r.readingText { lines += [""] + TextWrap.hanging("※ 解读：", reading, width: width) }
            if !r.params.isEmpty {
                lines += ["", "参数："]
                for (k, v) in r.params { lines += TextWrap.hanging("  \(k) = ", v.description, width: width) }
            }
            if r.id.hasPrefix("R2") {
                let rows = pack.table
                if !rows.isEmpty {
                    lines += ["", "\(pack.tableCaption)（通知原文各行及所取条件）："]
                    let wl = rows.map { displayWidth($0.level) }.max() ?? 2
                    for row in rows { lines += tableRowLines(row, pack: pack, levelWidth: wl, width: width) }
                }
            }
            session.print(lines.joined(separator: "\n"))
            return
        }
        if let row = pack.table.first(where: { $0.id == first.text }) {
            let lines = TextWrap.wrap(session.paint("\(row.id) \(pack.tableName)的一行", .bold) + "  —  \(pack.notice) \(row.clause)", width: width)
                + tableRowLines(row, pack: pack, levelWidth: displayWidth(row.level), width: width)
            session.print(lines.joined(separator: "\n"))
            return
        }
        let g = suggestions(for: first.text, among: pack.rules.map(\.id) + pack.table.map(\.id))
        throw Diagnostic.failure("没有规则 `\(first.text)`", range: input.sourceRange(first.range),
                                 help: g.isEmpty ? "输入 `rules` 查看全部规则" : "您是否要找 `\(g[0])`？")
    }

    /// A quote as the notice's table writes it: cells (tab-separated) two spaces apart.
    static func noticeText(_ q: String) -> String {
        q.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "  ")
    }

    /// A table row: its id and level, the notice's own row quoted, and the condition taken
    /// from it — the degrees its rank means, the requirement, the CE years — wrapped under
    /// the quote.
    static func tableRowLines(_ row: TableRow, pack: RulePack, levelWidth: Int, width: Int) -> [String] {
        let label = "  \(row.id)  \(pad(row.level, toWidth: levelWidth))  "
        let hang = String(repeating: " ", count: displayWidth(label))
        return TextWrap.wrap("「\(pack.noticeRow(row))」", width: width, indent: label, hangingIndent: hang + " ")
            + TextWrap.wrap("→ \(pack.degreeRankDescription(row.degreeRank))；\(describe(row.requirement))；继续教育 \(row.ceYears) 年",
                            width: width, indent: hang, hangingIndent: hang + "  ")
    }

    static func describe(_ r: TableRow.Requirement) -> String {
        switch r {
        case .probation(let y): return "见习 \(y) 年期满"
        case .workHeld(let y): return "从事专业工作满 \(y) 年"
        case .titleHeld(let t, let y): return "任\(t)满 \(y) 年"
        case .inWork: return "从事专业工作"
        }
    }
}
