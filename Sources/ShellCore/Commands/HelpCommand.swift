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
            if let c = session.commands.lookup(topic) { printHelp(for: c, session: session); return }
            if let f = session.environment.catalog.field(named: topic) { session.print(fieldHelpText(f)); return }
            if let f = session.functions.lookup(topic) { session.print(functionHelpText(f)); return }
            let g = suggestions(for: topic, among: session.commands.allNames + ["fields", "functions", "language"])
            throw Diagnostic.failure("没有关于 `\(topic)` 的帮助", range: input.sourceRange(input.words[0].range),
                                     help: g.isEmpty ? "输入 `help` 查看全部命令" : "您是否要找 `\(g[0])`？")
        }
    }

    static func printOverview(_ session: Session) {
        var lines = ["zcsh — 职称评审数据 shell。命令（help 命令名 查看详情）：", ""]
        for group in CommandGroup.allCases {
            let cs = session.commands.commands.filter { $0.group == group }
            guard !cs.isEmpty else { continue }
            lines.append(session.paint(group.rawValue, .bold))
            let w = cs.map { displayWidth($0.name) }.max() ?? 0
            for c in cs { lines.append("  " + pad(c.name, toWidth: w) + "  " + c.summary) }
            lines.append("")
        }
        lines.append("另见：help fields（字段）、help functions（函数）、help language（表达式语言）、rules（规则）。")
        session.print(lines.joined(separator: "\n"))
    }

    static func printHelp(for c: ShellCommand.Type, session: Session) {
        session.print(helpText(for: c, session: session))
    }

    /// What `help COMMAND` prints; `runExamples: false` lists the examples without their
    /// output (the notebook's quick Shift-Tab help).
    public static func helpText(for c: ShellCommand.Type, session: Session, runExamples: Bool = true) -> String {
        var lines = [session.paint(c.name, .bold) + " — " + c.summary, "", "用法：" + c.usage]
        if !c.aliases.isEmpty { lines.append("别名：" + c.aliases.joined(separator: " ")) }
        let details = c.details(for: (try? session.rules().pack) ?? builtinPack)
        if !details.isEmpty { lines += ["", details] }
        if !c.flags.isEmpty {
            lines += ["", "选项："]
            let w = c.flags.map { displayWidth($0.name) + ($0.takesValue ? 6 : 0) }.max() ?? 0
            for f in c.flags { lines.append("  " + pad(f.name + (f.takesValue ? " VALUE" : ""), toWidth: w) + "  " + f.help) }
        }
        if !c.examples.isEmpty {
            lines += ["", session.paint("示例", .bold) + "（在示例花名册 examples/roster-2024.json 上实际运行，截至 \(HelpExamples.asOf.map(\.description) ?? "规则包截止日")）："]
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
            lines += ["", "另见：rules（规则一览）、rules ID（一条规则）、explain ID（逐条解释一名申报人）、help functions（eligible、verdict 等规则函数）。"]
        }
        return lines.joined(separator: "\n")
    }

    /// `help degree`: a field's key, label, type, values and note (the row of `help fields`).
    public static func fieldHelpText(_ f: FieldSpec) -> String {
        var lines = ["字段 \(f.key)（\(f.label)）— \(f.kind.displayName)，\(f.group)"]
        if let values = f.kind.enumValues { lines.append("取值：" + values.joined(separator: " ")) }
        if let subs = f.kind.subFields { lines.append("子字段：" + subs.map { "\($0.key)（\($0.label)）" }.joined(separator: " ")) }
        if !f.note.isEmpty { lines.append("说明：" + f.note) }
        if f.isPersonal { lines.append("个人信息：屏幕上遮盖显示（set mask off 显示）") }
        lines.append("未知（null）的值在条件中为未知（待核实），filter 不保留。另见 help fields。")
        return lines.joined(separator: "\n")
    }

    /// `help eligible`: a function's signature, aliases, summary and example (the row of `help functions`).
    public static func functionHelpText(_ f: FunctionDefinition) -> String {
        var lines = ["函数 " + f.signature + " — " + f.summary]
        if !f.aliases.isEmpty { lines.append("别名：" + f.aliases.joined(separator: " ")) }
        let labelled = f.parameters.filter { !$0.aliases.isEmpty }
        if !labelled.isEmpty {
            lines.append("参数：" + labelled.map { "\($0.name):（\($0.aliases.joined(separator: " "))）" }.joined(separator: " "))
        }
        if !f.example.isEmpty { lines.append("示例：" + f.example + (f.exampleOutput.isEmpty ? "" : " → " + f.exampleOutput)) }
        lines.append("另见 help functions。")
        return lines.joined(separator: "\n")
    }

    static func printFields(_ session: Session) {
        var t = ResultTable(columns: ["字段", "中文", "类型", "取值 / 说明"], keys: ["key", "label", "type", "values"])
        for f in session.environment.catalog.fields {
            var note = f.kind.enumValues?.joined(separator: " ") ?? f.note
            if let subs = f.kind.subFields { note = subs.map { "\($0.key)（\($0.label)）" }.joined(separator: " ") }
            t.rows.append([.string(f.key), .string(f.label), .string(f.kind.displayName), .string(note)])
        }
        let saved = session.settings.maxRows
        session.settings.maxRows = 0
        session.emit(t)
        session.settings.maxRows = saved
    }

    static func printFunctions(_ session: Session) {
        var t = ResultTable(columns: ["函数", "别名", "说明", "示例"], keys: ["name", "aliases", "summary", "example"])
        for f in session.functions.all.sorted(by: { $0.name < $1.name }) {
            let params = f.parameters.map { $0.optional ? "[\($0.name)]" : $0.name }.joined(separator: ", ")
            t.rows.append([.string("\(f.name)(\(params))"), .string(f.aliases.joined(separator: " ")), .string(f.summary), .string(f.example)])
        }
        session.emit(t)
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

