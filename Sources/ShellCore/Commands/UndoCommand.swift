import RosterData
import ShellLang

/// `undo` — brings back the view before the last filter, sort, select or reset.
struct UndoCommand: ShellCommand {
    static let name = "undo"
    static let group = CommandGroup.query
    static let summary = "撤销上一步筛选、排序、选列或重置"
    static let usage = "undo"

    static func run(_ input: CommandInput, _ session: Session) throws {
        let state = try session.requireCurrent(input.sourceRange(input.nameRange))
        guard state.undo() else { throw Diagnostic.failure("没有可撤销的操作", range: input.sourceRange(input.nameRange)) }
        session.environment.derivedColumns = state.derived
        session.info("已撤销：\(state.view.count) / \(state.dataset.count) 人")
    }
}
