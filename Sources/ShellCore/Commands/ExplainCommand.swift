import Foundation
import RosterData
import ShellLang
import TitleRules

/// `explain ID|NAME [level:…] [route:…] [as_of:…]` — the full trace of one applicant:
/// every rule with its clause, the values it read, its result and message; the table
/// rows tried; materials and process checks; the verdict.
struct ExplainCommand: ShellCommand {
    static let name = "explain"
    static let aliases = ["解释"]
    static let group = CommandGroup.rules
    static let summary = "逐条解释一名申报人为何符合或不符合（可假设其他级别、方式、截止日）"
    static let usage = "explain ID|NAME [level:\"…\"] [route:\"…\"] [as_of:DATE]"
    static let details = """
    先给结论（符合 / 不符合 / 待核实），紧接着列出未通过和待核实的规则及差距；其后是其余通过的规则\
    （编号、条款、读取的数据和说明），二(一) 表格中尝试过的各行，继续教育年数，材料检查（需补正/提示）\
    和流程检查。在终端上，超过一屏时经分页程序显示。
    level、route、as_of 可假设任意级别、申报方式（route:"任意" 为任一方式）和截止日，与本人申报的无关。
    """
    static let examples = ["explain QZ2024-0001", "explain QZ2024-0001 level:\"助理工程师\"", "explain QZ2024-0001 route:\"任意\""]

    static func run(_ input: CommandInput, _ session: Session) throws {
        let state = try session.requireCurrent(input.sourceRange(input.nameRange))
        guard let who = input.words.first else {
            throw Diagnostic.failure("explain 需要申报编号或姓名", range: input.sourceRange(input.nameRange), help: "例如：explain QZ2024-0001")
        }
        let row = try findApplicant(who, input: input, state: state)
        var options = RuleOptions()
        if input.words.count > 1 {
            var parser = try input.parser(from: 1)
            let args = try parser.parseLabelledArguments()
            try parser.expectEnd()
            let pack = try session.rules().pack
            for (label, expr) in args {
                let c: CompiledExpression
                do {
                    c = try session.compile(expr, source: input.source.text(of: expr.range), in: state)
                } catch let error as Diagnostic {
                    // `level:助理工程师` reads a field named 助理工程师: the value wants quotes.
                    guard case .name(let n) = expr.kind, let label, ["level", "级别", "route", "方式", "申报方式"].contains(label) else { throw error }
                    throw Diagnostic.failure("`\(n)` 不是字段或变量：选项 \(label) 的值要加引号", range: expr.range,
                                             help: "写作 \(label):\"\(n)\"")
                }
                let v = try c.evaluate(row: row)
                switch label {
                case "level"?, "级别"?:
                    guard case .string(let l) = v, pack.level(l) != nil else {
                        throw Diagnostic.failure("未知申报级别", range: expr.range, help: "可用：" + pack.levelNames.joined(separator: " "))
                    }
                    options.level = l
                case "route"?, "方式"?, "申报方式"?:
                    guard case .string(let r) = v, let n = RuleFunctions.normalizeRoute(r, pack) else {
                        throw Diagnostic.failure("未知申报方式", range: expr.range, help: "可用：" + (pack.routeNames + ["任意"]).joined(separator: " "))
                    }
                    options.route = n
                case "as_of"?, "截至"?, "截至日期"?:
                    guard case .date(let d) = v else { throw Diagnostic.failure("as_of 应为日期，例如 as_of:\(pack.cutoff)", range: expr.range) }
                    options.cutoff = d
                default:
                    throw Diagnostic.failure("explain 的选项只有 level:、route:、as_of:", range: expr.range)
                }
            }
        }
        let rules = try session.rules()
        let e = rules.engine.evaluate(dataset: state.dataset, row: row, options: options)
        if session.settings.format != .table {
            session.emitJSON(ExplainRenderer.json(e, applicant: state.dataset.applicants[row], cutoff: options.cutoff ?? rules.pack.cutoff))
            return
        }
        let cutoff = options.cutoff ?? rules.pack.cutoff
        let a = state.dataset.applicants[row]
        // The report and notebook lay the trace out as tables (one line per rule): they get it unwrapped.
        session.printPaged(ExplainRenderer.render(e, applicant: a, cutoff: cutoff, pack: rules.pack, session: session),
                           collected: session.collector == nil ? nil
                               : ExplainRenderer.render(e, applicant: a, cutoff: cutoff, pack: rules.pack, session: session, width: ExplainRenderer.unwrapped))
    }

    /// An applicant by id, else by exact name (an ambiguous name lists the ids).
    static func findApplicant(_ w: RawWord, input: CommandInput, state: DatasetState) throws -> Int {
        if let r = state.dataset.idIndex[w.text] { return r }
        let ds = state.dataset, nameSlot = FieldCatalog.Slot.name
        // The name column alone: no applicant is built per row.
        let matches = (0..<ds.count).filter { ds.value(row: $0, slot: nameSlot).stringValue == w.text }
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            throw Diagnostic.failure("有 \(matches.count) 名申报人叫 \(w.text)", range: input.sourceRange(w.range),
                                     help: "请用申报编号：" + matches.prefix(8).map { ds.applicants.id($0) }.joined(separator: " "))
        }
        let g = suggestions(for: w.text, among: Array(state.dataset.idIndex.keys))
        throw Diagnostic.failure("找不到申报人 `\(w.text)`", range: input.sourceRange(w.range),
                                 help: g.isEmpty ? "用申报编号（如 QZ2024-0001）或姓名" : "您是否要找 `\(g[0])`？")
    }
}

/// The trace as text: aligned by display width, 符合 green / 不符合 red / 待核实 yellow on a terminal.
enum ExplainRenderer {
    /// The result, padded to 9 columns before it is coloured (escapes have no width).
    static func mark(_ o: Outcome, _ s: Session) -> String {
        switch o {
        case .pass: return s.paint(pad("✔ 通过", toWidth: 9), .green)
        case .fail: return s.paint(pad("✘ 不通过", toWidth: 9), .red)
        case .unknown: return s.paint(pad("? 待核实", toWidth: 9), .yellow)
        }
    }

    static func verdictText(_ v: Verdict, _ s: Session) -> String {
        switch v {
        case .eligible: return s.paint(v.rawValue, .green)
        case .ineligible: return s.paint(v.rawValue, .red)
        case .unknown: return s.paint(v.rawValue, .yellow)
        }
    }

    /// The answer first: the heading, 结论, and right under it the rules that did not pass
    /// (with their shortfall); then the rules that passed, the table rows tried, materials and
    /// process. Every line is wrapped to the session's width with a hanging indent.
    /// A width no line reaches: one line per rule (for the report's trace tables).
    static let unwrapped = 1_000_000

    static func render(_ e: Evaluation, applicant a: Applicant, cutoff: Day, pack: RulePack, session s: Session, width: Int? = nil) -> String {
        let width = width ?? s.proseWidth
        var out: [String] = []
        let applied = [a["level"].stringValue, a["route"].stringValue].compactMap { $0 }.joined(separator: " · ")
        out += TextWrap.wrap(s.paint("\(a.id) \(a.name)", .bold) + "  申报 \(e.level) · \(e.route)（资历截至 \(cutoff)）"
                             + (applied.isEmpty || applied == "\(e.level) · \(e.route)" ? "" : "；本人申报 \(applied)"), width: width)
        let open = e.rules.filter { $0.outcome != .pass }
        let passed = e.rules.filter { $0.outcome == .pass }
        let failed = open.filter { $0.outcome == .fail }.count, unknown = open.count - failed
        let counts = [failed > 0 ? "\(failed) 条不通过" : nil, unknown > 0 ? "\(unknown) 条待核实" : nil].compactMap { $0 }
        out += TextWrap.wrap("结论：" + verdictText(e.verdict, s) + (counts.isEmpty ? "" : "（" + counts.joined(separator: "、") + "）"), width: width)
        if !e.routeVerdicts.isEmpty {
            out += TextWrap.hanging("各申报方式：", e.routeVerdicts.map { "\($0.0) \(verdictText($0.1, s))" }.joined(separator: "；"), width: width)
        }
        let layout = Layout(e.rules + e.materials + e.process, width: width)
        // The table rule's line points to the table instead of listing every row.
        let tableNote = e.tableRows.isEmpty ? "" : "（各行见下方「\(pack.tableCaption)」）"
        let pointsToTable = Set(e.rules.filter { r in e.tableRows.contains { r.message.contains("最接近 \($0.rowID)") } }.map(\.id))
        out += lines(open, layout, session: s, note: { pointsToTable.contains($0.id) ? tableNote : "" })
        out.append("")
        out.append(s.paint(open.isEmpty ? "申报条件（全部 \(passed.count) 条通过）" : "其余申报条件（\(passed.count) 条通过）", .bold))
        out += lines(passed, layout, session: s)
        if !e.tableRows.isEmpty {
            out.append("")
            out.append(s.paint("\(pack.tableCaption)（\(e.level)）", .bold))
            let w = e.tableRows.map { displayWidth($0.rowID) }.max() ?? 2
            for r in e.tableRows {
                out += TextWrap.hanging("  " + pad(r.rowID, toWidth: w) + "  " + mark(r.satisfied, s) + "  ",
                                        r.message + "（继续教育 \(r.ceYears) 年）", width: width)
            }
        }
        if let ce = e.ceYears {
            // Per the R2.3 reading: the satisfied row with the fewest CE years gives them.
            let from = e.tableRows.filter { $0.satisfied == .pass && $0.ceYears == ce }.map(\.rowID)
            out += TextWrap.hanging("继续教育年数：", "\(ce)" + (from.isEmpty ? "" : "（取自已满足的 \(from.joined(separator: "、")) 行：继续教育年数最少者）"), width: width)
        } else if e.possibleCEYears.count > 1 {
            out += TextWrap.hanging("继续教育年数：", "未定（可能为 " + e.possibleCEYears.map(String.init).joined(separator: " 或 ") + "）", width: width)
        }
        if !e.materials.isEmpty {
            out.append("")
            out.append(s.paint("材料（需补正 / 提示，不影响结论）", .bold))
            out += lines(e.materials, layout, session: s)
        }
        if !e.process.isEmpty {
            out.append("")
            out.append(s.paint("流程", .bold))
            out += lines(e.process, layout, session: s)
        }
        return out.joined(separator: "\n")
    }

    /// The trace as one JSON document (`set format json`).
    static func json(_ e: Evaluation, applicant a: Applicant, cutoff: Day) -> Value {
        func result(_ r: RuleResult) -> Value {
            var o = Record([("id", .string(r.id)), ("clause", .string(r.clause)), ("title", .string(r.title)),
                            ("outcome", .string(r.outcome.rawValue)), ("message", .string(r.message))])
            if let act = r.action { o["action"] = .string(act) }
            if !r.missing.isEmpty { o["missing"] = .list(r.missing.map { .string($0) }) }
            return .object(o)
        }
        var o = Record([("id", .string(a.id)), ("name", .string(a.name)), ("level", .string(e.level)), ("route", .string(e.route)),
                        ("cutoff", .date(cutoff)), ("verdict", .string(e.verdict.rawValue))])
        o["rules"] = .list(e.rules.map(result))
        o["table_rows"] = .list(e.tableRows.map { .object(Record([("row", .string($0.rowID)), ("outcome", .string($0.satisfied.rawValue)),
                                                                   ("ce_years", .int($0.ceYears)), ("message", .string($0.message))])) })
        o["ce_years"] = e.ceYears.map { .int($0) } ?? .null
        o["materials"] = .list(e.materials.map(result))
        o["process"] = .list(e.process.map(result))
        if !e.routeVerdicts.isEmpty {
            o["route_verdicts"] = .object(Record(e.routeVerdicts.map { ($0.0, Value.string($0.1.rawValue)) }))
        }
        return .object(o)
    }

    /// Column widths shared by every section, and whether the clause column fits: it is left
    /// out when it would leave the message fewer than `minMessage` columns.
    struct Layout {
        static let minMessage = 36
        /// The room a long message needs to hang beside its label (else it goes under it).
        static let minHanging = 60
        var id: Int, clause: Int, title: Int, showClause: Bool, width: Int
        init(_ results: [RuleResult], width: Int) {
            id = results.map { displayWidth($0.id) }.max() ?? 2
            clause = results.map { displayWidth($0.clause) }.max() ?? 2
            title = results.map { displayWidth($0.title) }.max() ?? 2
            self.width = width
            showClause = width - (2 + id + 2 + clause + 2 + title + 2 + 9 + 2) >= Layout.minMessage
        }
        /// Where the message starts.
        var labelWidth: Int { 2 + id + 2 + (showClause ? clause + 2 : 0) + title + 2 + 9 + 2 }
    }

    /// One entry per result: `  R2.3  二(一)  学历资历  ✘ 不通过  message`, the message wrapped
    /// under itself when that takes at most two lines or the room is wide (`Layout.minHanging`);
    /// else the message goes under the label, indented to the title, across the width.
    static func lines(_ results: [RuleResult], _ l: Layout, session s: Session, note: (RuleResult) -> String = { _ in "" }) -> [String] {
        results.flatMap { r -> [String] in
            var m = r.message + note(r)
            if r.outcome != .pass, let act = r.action { m = "[\(act)] " + m }
            let label = "  " + pad(r.id, toWidth: l.id) + "  " + (l.showClause ? pad(r.clause, toWidth: l.clause) + "  " : "")
                + pad(r.title, toWidth: l.title) + "  " + mark(r.outcome, s) + "  "
            // One line when it fits; a long message hangs under itself when the room is wide
            // enough, else goes under the label, indented to the title, across the width.
            let room = l.width - l.labelWidth
            let hanging = TextWrap.hanging(label, m, width: l.width)
            if hanging.count <= 2 || room >= Layout.minHanging { return hanging }
            let indent = String(repeating: " ", count: 2 + l.id + 2)
            return [label.replacingOccurrences(of: " +$", with: "", options: .regularExpression)]
                + TextWrap.wrap(m, width: l.width, indent: indent)
        }
    }
}
