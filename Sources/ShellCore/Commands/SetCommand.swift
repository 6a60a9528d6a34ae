import RosterData
import ShellLang

/// `set [as-of DATE | format F | mask on|off | max-rows N | timer on|off | color on|off]`.
struct SetCommand: ShellCommand {
    static let name = "set"
    static let group = CommandGroup.session
    static let summary = "查看或修改设置（截至日期、输出格式、打码、最大行数、计时、颜色）"
    static let usage = "set [as-of DATE | format table|csv|json|jsonl | mask on|off | max-rows N | timer on|off | color on|off]"
    static let details = """
    as-of      状态日期（截至日期）：时限状态（deadline-status）、days()、「今天」用它；脚本应显式设置，输出才可重现。资历（years()、held()、explain 的年限）计算到规则包的资历截至日，不随 as-of 改变。
    format     输出格式：table（对齐表格）、csv、json（每条命令一个 JSON 文档）、jsonl（同上，每条命令一行）。
    mask       身份证号、联系电话是否打码（默认 on）。
    max-rows   表格最多显示的行数（默认 20；0 为不限）。
    timer      每条命令后显示耗时。
    color      颜色（默认仅在终端且未设 NO_COLOR 时开启）。
    """
    static var examples: [String] { ["set as-of \(builtinExampleDate)", "set format csv", "set"] }

    static func run(_ input: CommandInput, _ session: Session) throws {
        let w = input.words
        if w.isEmpty {
            let s = session.settings
            let t = ResultTable(columns: ["设置", "值", "说明"], keys: ["setting", "value", "note"], rows: [
                [.string("as-of"), s.asOf.map { .date($0) } ?? .string(session.interactive ? "\(session.today())（今天，未设置）" : "（今天，未设置）"), .string("状态日期：时限、deadline-status")],
                [.string("资历截至"), session.qualificationDate.map { .date($0) } ?? .string("（无规则包）"),
                 .string("规则包：years、held、explain 计算资历到此日")],
                [.string("format"), .string(s.format.rawValue), .string("输出格式")],
                [.string("mask"), .string(s.mask ? "on" : "off"), .string("身份证号、联系电话打码")],
                [.string("max-rows"), .int(s.maxRows), .string("表格最多显示的行数（0 不限）")],
                [.string("timer"), .string(s.timer ? "on" : "off"), .string("显示耗时")],
                [.string("color"), .string(s.color ? "on" : "off"), .string("颜色")],
            ])
            session.emit(t)
            return
        }
        guard w.count == 2 else {
            throw Diagnostic.failure("set 需要一个设置名和一个值", range: input.argumentsRange, help: "用法：\(usage)")
        }
        let key = w[0].text, value = w[1].text, vr = input.sourceRange(w[1].range)
        func onOff() throws -> Bool {
            switch value.lowercased() {
            case "on", "true", "1", "开": return true
            case "off", "false", "0", "关": return false
            default: throw Diagnostic.failure("应为 on 或 off，得到 `\(value)`", range: vr)
            }
        }
        switch key {
        case "as-of", "asof", "as_of", "截至日期":
            guard let d = Day.parse(value) else {
                throw Diagnostic.failure("无法识别的日期 `\(value)`", range: vr, help: "日期写作 YYYY-MM-DD，例如 \(session.exampleDate)")
            }
            session.settings.asOf = d
            session.settings.asOfExplicit = true
            session.info("截至日期 = \(d)")
        case "format":
            guard let f = OutputFormat(rawValue: value.lowercased()) else {
                throw Diagnostic.failure("未知输出格式 `\(value)`", range: vr, help: "可用：" + OutputFormat.allCases.map(\.rawValue).joined(separator: " "))
            }
            session.settings.format = f
        case "mask": session.settings.mask = try onOff()
        case "max-rows", "maxrows":
            guard let n = Int(value), n >= 0 else { throw Diagnostic.failure("max-rows 应为非负整数，得到 `\(value)`", range: vr) }
            session.settings.maxRows = n
        case "timer": session.settings.timer = try onOff()
        case "color", "colour": session.settings.color = try onOff()
        default:
            let names = ["as-of", "format", "mask", "max-rows", "timer", "color"]
            let g = suggestions(for: key, among: names)
            throw Diagnostic.failure("未知设置 `\(key)`", range: input.sourceRange(w[0].range),
                                     help: g.isEmpty ? "可用：" + names.joined(separator: " ") : "您是否要找 `\(g[0])`？")
        }
    }
}
