import RosterData
import ShellLang

/// `use NAME` — makes another loaded dataset the current one.
struct UseCommand: ShellCommand {
    static let name = "use"
    static let group = CommandGroup.data
    static let summary = "切换当前数据集"
    static let usage = "use NAME"

    static func run(_ input: CommandInput, _ session: Session) throws {
        guard input.words.count == 1, let w = input.words.first else {
            throw Diagnostic.failure("use 需要一个数据集名", range: input.argumentsRange, help: "已载入：" + session.datasetOrder.joined(separator: " "))
        }
        guard session.datasets[w.text] != nil else {
            let g = suggestions(for: w.text, among: session.datasetOrder)
            throw Diagnostic.failure("没有名为 `\(w.text)` 的数据集", range: input.sourceRange(w.range),
                                     help: g.isEmpty ? "已载入：" + (session.datasetOrder.isEmpty ? "无" : session.datasetOrder.joined(separator: " "))
                                        : "您是否要找 `\(g[0])`？")
        }
        session.use(w.text)
        let s = session.current!
        session.info("当前数据集 \(w.text)：\(s.view.count) / \(s.dataset.count) 人")
    }
}
