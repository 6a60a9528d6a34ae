import ShellLang
import RosterData

/// `quit` / `exit` — ends the session (Ctrl-D on an empty line does too).
struct QuitCommand: ShellCommand {
    static let name = "quit"
    static let aliases = ["exit", ".quit", "退出"]
    static let group = CommandGroup.session
    static let summary = "退出 zcsh（空行按 Ctrl-D 亦可）"
    static let usage = "quit"
    static let recordable = false

    static func run(_ input: CommandInput, _ session: Session) throws {
        session.quitRequested = true
    }
}
