import RosterData
import ShellLang

/// `reset` — back to the whole dataset (undoable).
struct ResetCommand: ShellCommand {
    static let name = "reset"
    static let group = CommandGroup.query
    static let summary = "回到整个数据集（撤销全部筛选、排序和选列）"
    static let usage = "reset"

    static func run(_ input: CommandInput, _ session: Session) throws {
        let state = try session.requireCurrent(input.sourceRange(input.nameRange))
        state.reset()
        session.environment.derivedColumns = [:]
        session.info("视图已重置：\(state.view.count) 人")
    }
}
