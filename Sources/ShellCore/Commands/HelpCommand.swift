import Foundation
import RosterData
import ShellLang
import TitleRules

/// `help [COMMAND | fields | functions | rules]`.
struct HelpCommand: ShellCommand {
    static let name = "help"
    static let aliases = ["帮助", "?", ".help"]
    static let group = CommandGroup.session
    static let summary = "帮助：命令一览，或某个命令、字段、函数的说明"
    static let usage = "help [COMMAND | FIELD | FUNCTION | fields | functions | language]"
    static let details = "给出字段名（英文或中文）或函数名时显示该字段、函数的说明。"
    static let examples = ["help", "help filter", "help fields", "help degree"]
    static let recordable = false

    static func run(_ input: CommandInput, _ session: Session) throws {
        guard let topic = input.words.first?.text else { printOverview(session); return }
        switch topic {
        case "fields", "字段": printFields(session)
        case "functions", "函数": printFunctions(session)
        case "language", "语言", "expressions": printLanguage(session)
        default:
            guard let text = topicText(topic, session: session) else {
                let g = suggestions(for: topic, among: session.commands.allNames + session.environment.catalog.allNames
                                        + session.functions.all.flatMap { [$0.name] + $0.aliases } + ["fields", "functions", "language"])
                throw Diagnostic.failure("没有关于 `\(topic)` 的帮助", range: input.sourceRange(input.words[0].range),
                                         help: g.isEmpty ? "输入 `help` 查看全部命令" : "您是否要找 `\(g[0])`？")
            }
            session.print(text)
        }
    }

    /// What `help NAME` prints for a command, field or function name (English or Chinese); a
    /// name that is both (`count`) shows each. Nil: nothing has that name.
    public static func topicText(_ topic: String, session: Session, runExamples: Bool = true) -> String? {
        var parts: [String] = []
        if let c = session.commands.lookup(topic) { parts.append(helpText(for: c, session: session, runExamples: runExamples)) }
        if let f = session.environment.catalog.field(named: topic) { parts.append(fieldHelpText(f, width: session.proseWidth)) }
        if let f = session.functions.lookup(topic) { parts.append(functionHelpText(f, width: session.proseWidth)) }
        if parts.isEmpty, let pack = (try? session.rules().pack) ?? builtinPack, let r = pack.rule(topic.uppercased()) {
            // A rule id: what it is, and where its text and its use are.
            parts.append(TextWrap.wrap("规则 \(r.id) \(r.title)（\(r.clause)）。条款原文、解读和参数：rules \(r.id)；"
                                       + "一名申报人：explain ID；在表达式中：rule(\"\(r.id)\")、rule_status(\"\(r.id)\")。", width: session.proseWidth)
                            .joined(separator: "\n"))
        }
        return parts.isEmpty ? nil : parts.joined(separator: "\n\n")
    }

    /// A help paragraph wrapped to `width` at display time: a `KEY   text` line (two or more
    /// spaces after a first word) hangs under its text, a `标签：text` line (a label of at most
    /// ten columns) hangs by two, other lines do not hang; leading spaces are kept as the indent.
    static func wrapHelp(_ text: String, width: Int, indent: String = "") -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { raw -> [String] in
            let line = String(raw)
            let lead = String(line.prefix { $0 == " " })
            let body = String(line.dropFirst(lead.count))
            if body.isEmpty { return [""] }
            var hang = indent + lead
            if let r = body.range(of: "  "), !body[..<r.lowerBound].contains(" "), !body[..<r.lowerBound].isEmpty {
                let key = body[..<r.lowerBound]
                let spaces = body[r.lowerBound...].prefix { $0 == " " }
                hang += String(repeating: " ", count: displayWidth(String(key)) + spaces.count)
            } else if let c = body.firstIndex(of: "："), displayWidth(String(body[..<c])) <= 10 {
                hang += "  "
            }
            return TextWrap.wrap(body, width: width, indent: indent + lead, hangingIndent: hang)
        }
    }

    static func printOverview(_ session: Session) {
        let width = session.proseWidth
        var lines = ["zcsh — 职称评审数据 shell。命令（help 命令名 查看详情）：", ""]
        for group in CommandGroup.allCases {
            let cs = session.commands.commands.filter { $0.group == group }
            guard !cs.isEmpty else { continue }
            lines.append(session.paint(group.rawValue, .bold))
            let w = cs.map { displayWidth($0.name) }.max() ?? 0
            for c in cs { lines += TextWrap.hanging("  " + pad(c.name, toWidth: w) + "  ", c.summary, width: width) }
            lines.append("")
        }
        lines += TextWrap.wrap("另见：help fields（字段）、help functions（函数）、help language（表达式语言）、rules（规则）；"
                               + "help 字段名、help 函数名 显示一个字段或函数的说明。", width: width)
        session.print(lines.joined(separator: "\n"))
    }

    static func printHelp(for c: ShellCommand.Type, session: Session) {
        session.print(helpText(for: c, session: session))
    }

    /// What `help COMMAND` prints; `runExamples: false` lists the examples without their
    /// output (the notebook's quick Shift-Tab help).
    public static func helpText(for c: ShellCommand.Type, session: Session, runExamples: Bool = true) -> String {
        let width = session.proseWidth
        var lines = TextWrap.hanging(session.paint(c.name, .bold) + " — ", c.summary, width: width)
        // Alternative forms (`A   |   B`) one per line.
        for (n, form) in c.usage.components(separatedBy: "   |   ").enumerated() {
            lines += (n == 0 ? [""] : []) + TextWrap.hanging(n == 0 ? "用法：" : "  或：", form, width: width)
        }
        if !c.aliases.isEmpty { lines.append("别名：" + c.aliases.joined(separator: " ")) }
        let details = c.details(for: (try? session.rules().pack) ?? builtinPack)
        if !details.isEmpty { lines += [""] + wrapHelp(details, width: width) }
        if !c.flags.isEmpty {
            lines += ["", "选项："]
            let w = c.flags.map { displayWidth($0.name) + ($0.takesValue ? 6 : 0) }.max() ?? 0
            for f in c.flags { lines += TextWrap.hanging("  " + pad(f.name + (f.takesValue ? " VALUE" : ""), toWidth: w) + "  ", f.help, width: width) }
        }
        if !c.examples.isEmpty {
            lines += [""] + TextWrap.wrap(session.paint("示例", .bold) + "（在示例花名册 examples/roster-2024.json 上实际运行，截至 \(HelpExamples.asOf.map(\.description) ?? "规则包截止日")）：", width: width)
            if session.isHelpScratch || !runExamples {
                // Inside a scratch session: list the examples without running them again.
                for e in c.examples { lines.append("  zcsh> " + e) }
            } else {
                let width = session.output.terminalWidth.map { max(40, $0 - 4) }
                for r in HelpExamples.run(c.examples, width: width) {
                    lines.append("")
                    lines.append("  " + session.paint("zcsh> ", .dim) + r.command)
                    lines += HelpExamples.excerpt(r.output, maxLines: 14).map { "    " + $0 }
                }
            }
        }
        if c.group == .rules {
            lines += [""] + TextWrap.wrap("另见：rules（规则一览）、rules ID（一条规则）、explain ID（逐条解释一名申报人）、help functions（eligible、verdict 等规则函数）。", width: width)
        }
        return lines.joined(separator: "\n")
    }

    /// `help degree`: a field's key, label, type, values and note (the row of `help fields`),
    /// wrapped to `width`.
    public static func fieldHelpText(_ f: FieldSpec, width: Int = TextWrap.defaultWidth) -> String {
        var lines = TextWrap.wrap("字段 \(f.key)（\(f.label)）— \(kindName(f.kind))，\(f.group)", width: width)
        if let values = f.kind.enumValues {
            var v = fillWords(values, width: width, indent: "      ")
            if !v.isEmpty { v[0] = "取值：" + v[0].dropFirst(6) }
            lines += v
        }
        if let subs = f.kind.subFields {
            lines += TextWrap.hanging("子字段：", subs.map { "\($0.key)（\($0.label)，\(kindName($0.kind))）" }.joined(separator: " "), width: width)
        }
        if !f.note.isEmpty { lines += TextWrap.hanging("说明：", f.note, width: width) }
        if f.isPersonal { lines.append("个人信息：屏幕上遮盖显示（set mask off 显示）") }
        lines += TextWrap.wrap("未知（null）的值在条件中为未知（待核实），filter 不保留。另见 help fields。", width: width)
        return lines.joined(separator: "\n")
    }

    /// Values (`龙游县林业水利局`) one after another, separated by a space, never split inside
    /// one: a line is broken only between values.
    static func fillWords(_ words: [String], width: Int, indent: String) -> [String] {
        var lines: [String] = []
        var line = indent
        for w in words {
            if line != indent, displayWidth(line) + 1 + displayWidth(w) > width {
                lines.append(line); line = indent
            }
            line += (line == indent ? "" : " ") + w
        }
        if line != indent { lines.append(line) }
        return lines
    }

    /// A field type in Chinese, with the type name the language uses.
    static func kindName(_ k: FieldKind) -> String {
        switch k {
        case .string: return "文本 string"
        case .int: return "整数 int"
        case .number: return "数值 number"
        case .bool: return "是/否 bool"
        case .date: return "日期 date"
        case .enumeration: return "枚举 enum"
        case .stringList: return "文本列表 list<string>"
        case .objectList: return "记录列表 list<object>"
        case .object: return "记录 object"
        }
    }

    /// `help eligible`: a function's signature, aliases, summary and example (the row of
    /// `help functions`), wrapped to `width`.
    public static func functionHelpText(_ f: FunctionDefinition, width: Int = TextWrap.defaultWidth) -> String {
        var lines = ["函数 " + f.signature] + TextWrap.wrap(f.summary, width: width, indent: "  ")
        if !f.aliases.isEmpty { lines.append("别名：" + f.aliases.joined(separator: " ")) }
        let labelled = f.parameters.filter { !$0.aliases.isEmpty }
        if !labelled.isEmpty {
            lines += TextWrap.hanging("参数：", labelled.map { "\($0.name):（\($0.aliases.joined(separator: " "))）" }.joined(separator: " "), width: width)
        }
        if !f.example.isEmpty { lines += TextWrap.hanging("示例：", "`" + f.example + "`" + (f.exampleOutput.isEmpty ? "" : " → " + f.exampleOutput), width: width) }
        lines.append("另见 help functions。")
        return lines.joined(separator: "\n")
    }

    /// `help fields`: on screen one line per field (key, label, type) by the spec's sections,
    /// its values or note wrapped under the label; `--format csv/json` keep the table.
    static func printFields(_ session: Session) {
        let fields = session.environment.catalog.fields
        func note(_ f: FieldSpec) -> String {
            if let subs = f.kind.subFields { return subs.map { "\($0.key)（\($0.label)）" }.joined(separator: " ") }
            return f.kind.enumValues?.joined(separator: " ") ?? f.note
        }
        guard session.settings.format == .table else {
            var t = ResultTable(columns: ["字段", "中文", "类型", "取值 / 说明"], keys: ["key", "label", "type", "values"])
            for f in fields { t.rows.append([.string(f.key), .string(f.label), .string(f.kind.displayName), .string(note(f))]) }
            session.emit(t)
            return
        }
        let width = session.proseWidth
        let kw = fields.map { displayWidth($0.key) }.max() ?? 0, lw = fields.map { displayWidth($0.label) }.max() ?? 0
        let hang = String(repeating: " ", count: 2 + kw + 2)
        var lines = TextWrap.wrap("字段（英文键名或中文名都可用于表达式；help 字段名 查看一个字段）：", width: width)
        var group = ""
        for f in fields {
            if f.group != group { group = f.group; lines += ["", session.paint(group, .bold)] }
            lines.append("  " + pad(f.key, toWidth: kw) + "  " + pad(f.label, toWidth: lw) + "  " + f.kind.displayName)
            if let values = f.kind.enumValues { lines += fillWords(values, width: width, indent: hang) }
            else if let n = Optional(note(f)), !n.isEmpty { lines += TextWrap.wrap(n, width: width, indent: hang) }
        }
        session.page(lines.joined(separator: "\n") + "\n", rows: lines.count)
    }

    /// `help functions`: on screen one entry per function — signature and Chinese names, then
    /// the description and example wrapped under it — so it fits any width (80 columns);
    /// `--format csv/json` keep the table.
    static func printFunctions(_ session: Session) {
        let fs = session.functions.all.sorted(by: { $0.name < $1.name })
        guard session.settings.format == .table else {
            var t = ResultTable(columns: ["函数", "别名", "说明", "示例"], keys: ["name", "aliases", "summary", "example"])
            for f in fs { t.rows.append([.string(shortSignature(f)), .string(f.aliases.joined(separator: " ")), .string(f.summary), .string(f.example)]) }
            session.emit(t)
            return
        }
        let width = session.proseWidth
        var lines = TextWrap.wrap("函数（中文名同样可用；[参数] 可省略；help 函数名 查看一个函数）：", width: width)
        for f in fs {
            lines.append("")
            lines += TextWrap.hanging("", session.paint(shortSignature(f), .bold) + (f.aliases.isEmpty ? "" : "  " + f.aliases.joined(separator: " ")), width: width)
            lines += TextWrap.wrap(f.summary, width: width, indent: "    ")
            if !f.example.isEmpty {
                lines += TextWrap.wrap("例：`" + f.example + "`" + (f.exampleOutput.isEmpty ? "" : " → " + f.exampleOutput), width: width, indent: "    ", hangingIndent: "        ")
            }
        }
        session.page(lines.joined(separator: "\n") + "\n", rows: lines.count)
    }

    /// `years(from, [to])`.
    static func shortSignature(_ f: FunctionDefinition) -> String {
        "\(f.name)(" + f.parameters.map { $0.optional ? "[\($0.name)]" : $0.name }.joined(separator: ", ") + ")"
    }

    static func printLanguage(_ session: Session) {
        let date = ((try? session.rules().pack) ?? builtinPack)?.cutoff.description ?? "2000-01-01"
        session.print("""
        表达式语言（详见 docs/language.md）：
          字面量   42  3.5  "文本"  true false null  \(date)  [1, 2]
          字段     degree 或 学历；photo.width；assessments[0].result
          运算     or ||  and &&  not !  == != < <= > >= in, not in  + -  * / %
          三值逻辑 未知（null）参与比较得未知；未知 and false = false；未知 or true = true
          函数     years(title_since)  contains(unit, "水利")  any(assessments, result == "优秀")
        """)
    }
}

/// Runs help examples against the example roster in a scratch session (a temporary
/// folder holding `examples/roster-2024.json` and `out/`), so `help CMD` shows their real
/// output and nothing the user has loaded or set is touched.
public enum HelpExamples {
    /// The date examples run as of: the built-in pack's cut-off.
    public static var asOf: Day? { builtinPack?.cutoff }

    public struct Result {
        public var command: String
        public var output: String
        public var ok: Bool
    }

    public static func run(_ examples: [String], width: Int? = nil) -> [Result] {
        let dir = NSTemporaryDirectory() + "zcsh-help-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fm = FileManager.default
        defer { try? fm.removeItem(atPath: dir) }
        do {
            try fm.createDirectory(atPath: dir + "/examples", withIntermediateDirectories: true)
            try fm.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
            let pack = try RulePack.builtin()
            try Data(RosterGenerator.jsonBytes(count: 240, seed: 2024, notice: pack.notice, catalog: pack.catalog)).write(to: URL(fileURLWithPath: dir + "/examples/roster-2024.json"))
            // The office's other files, for the `load` examples: an Excel 花名册 and a GB18030 CSV.
            let sample = RosterGenerator.generate(count: 12, seed: 2024, catalog: pack.catalog)
            var xlsx = ExportOptions(); xlsx.labels = .chinese
            try RosterExporter.write(sample, extraKeys: [], format: .xlsx, to: dir + "/examples/花名册.xlsx", options: xlsx)
            var gb = ExportOptions(); gb.encoding = .gb18030; gb.labels = .chinese
            try RosterExporter.write(sample, extraKeys: [], format: .csv, to: dir + "/examples/名单.csv", options: gb)
        } catch {
            return examples.map { Result(command: $0, output: "（无法准备示例：\(error)）", ok: false) }
        }
        let out = CapturingOutput()
        out.terminalWidth = width
        let scratch = Session(output: out, interactive: false)
        scratch.isHelpScratch = true
        scratch.baseDirectory = dir
        if let d = asOf {
            scratch.settings.asOf = d
            scratch.settings.asOfExplicit = true
        }
        scratch.settings.maxRows = 8
        // Relative paths in examples resolve inside the scratch folder (`baseDirectory`).
        let loadsItself = examples.contains { $0.hasPrefix("load ") || $0.hasPrefix("use ") }
        if !loadsItself { scratch.execute(SourceFile(name: "<help>", text: "load " + dir + "/examples/roster-2024.json")) }
        var results: [Result] = []
        for e in examples {
            out.reset()
            let source = SourceFile(name: "<example>", text: e)
            var ok = true
            for piece in CommandSplitter.split(e) where !scratch.execute(source, range: piece.range) { ok = false }
            var text = out.text
            while text.hasSuffix("\n") { text.removeLast() }
            results.append(Result(command: e, output: text.replacingOccurrences(of: dir + "/", with: ""), ok: ok))
        }
        return results
    }

    /// The first lines of an example's output, with a count of the rest.
    static func excerpt(_ text: String, maxLines: Int) -> [String] {
        guard !text.isEmpty else { return [] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.count <= maxLines { return lines }
        return Array(lines.prefix(maxLines)) + ["…（共 \(lines.count) 行）"]
    }
}

