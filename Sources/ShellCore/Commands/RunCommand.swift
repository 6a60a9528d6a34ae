import Foundation
import RosterData
import ShellLang

/// `run FILE` — runs a `.zcs` script in this session, as if its commands were typed.
struct RunCommand: ShellCommand {
    static let name = "run"
    static let aliases = ["source", ".read"]
    static let group = CommandGroup.session
    static let summary = "在当前会话中运行脚本文件（.zcs）"
    static let usage = "run FILE [--keep-going] [--echo]"
    static let flags = [FlagSpec("--keep-going", "出错后继续"), FlagSpec("--echo", "先打印每条命令")]

    static func run(_ input: CommandInput, _ session: Session) throws {
        guard input.words.count == 1, let file = input.words.first else {
            throw Diagnostic.failure("run 需要一个脚本文件名", range: input.argumentsRange)
        }
        let path = LoadCommand.locate(file.text, session)
        let source: SourceFile
        do { source = try ScriptRunner.readScript(path: path, displayName: file.text) }
        catch let d as Diagnostic { var d = d; d.range = input.sourceRange(file.range); throw d }
        let depth = session.runDepth
        guard depth < 16 else { throw Diagnostic.failure("run 嵌套过深（脚本是否在运行自己？）", range: input.sourceRange(file.range)) }
        session.runDepth = depth + 1
        defer { session.runDepth = depth }
        let ok = ScriptRunner(session: session, keepGoing: input.has("--keep-going"), echo: input.has("--echo")).run(source)
        if !ok { throw Diagnostic.failure("脚本 \(file.text) 出错而停止", range: input.sourceRange(file.range)) }
    }
}
