import ShellLang
import RosterData

/// `history [N]` — the last N whole entries typed at the prompt.
struct HistoryCommand: ShellCommand {
    static let name = "history"
    static let group = CommandGroup.session
    static let summary = "显示输入历史（最近 N 条）"
    static let usage = "history [N]"
    static let recordable = false

    static func run(_ input: CommandInput, _ session: Session) throws {
        let all = session.historyProvider?() ?? []
        var n = all.count
        if let w = input.words.first {
            guard let k = Int(w.text), k >= 0 else { throw Diagnostic.failure("N 应为非负整数", range: input.sourceRange(w.range)) }
            n = min(k, all.count)
        }
        let start = all.count - n
        for (i, e) in all[start...].enumerated() {
            let lines = e.split(separator: "\n", omittingEmptySubsequences: false)
            session.print(pad(String(start + i + 1), toWidth: 5, right: true) + "  " + lines.joined(separator: "\n       "))
        }
    }
}
