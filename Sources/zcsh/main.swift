import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RosterData
import ShellCore
import ShellLang
import TitleRules

/// `zcsh` — the shell, a script runner, and the data generator. (Started by the last line
/// of this file: `@main` is not allowed once the target has a second file.)
struct Zcsh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zcsh",
        abstract: "zcsh — " + ZcshVersion.tagline,
        version: ZcshVersion.string,
        subcommands: [Shell.self, Generate.self, Report.self, Jupyter.self, NotebookCommand.self, RulesTool.self],
        defaultSubcommand: Shell.self
    )

    static func main() {
        // Past a file size limit (`ulimit -f`) a write must fail with EFBIG, which the export
        // reports naming the file, instead of SIGXFSZ killing the shell and its loaded data.
        signal(SIGXFSZ, SIG_IGN)
        main(nil)
    }
}

struct Shell: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "交互式 shell；给出脚本文件时运行脚本。标准输入不是终端时按脚本读入。")

    @ArgumentParser.Argument(help: "要运行的脚本（.zcs）；--check 时可给多个") var scripts: [String] = []
    var script: String? { scripts.first }
    @Flag(name: .long, help: "运行脚本并与 SCRIPT.out 比较；不同则显示差异并以 1 退出") var check = false
    @Flag(name: .long, help: "与 --check 同用：以实际输出重写 SCRIPT.out") var update = false
    @Option(name: .short, help: "运行命令（以 ; 分隔）后退出") var command: String?
    @Option(name: .long, help: "启动时载入的花名册文件（可重复）") var load: [String] = []
    @Flag(name: .long, help: "运行前打印每条命令（用于记录输出）") var echo = false
    @Flag(name: .long, help: "脚本出错后继续") var keepGoing = false
    @Option(name: .long, help: "输出格式：table csv json jsonl") var format: String?
    @Option(name: .customLong("as-of"), help: "截至日期 YYYY-MM-DD") var asOf: String?
    @Flag(name: .customLong("no-color"), help: "不使用颜色") var noColor = false
    @Flag(name: .long, help: "不使用 libedit（简单行输入）") var plain = false
    @Flag(name: .long, help: "机器协议：标准输入输出上的 JSON 行（Jupyter 内核用，见 docs/kernel.md）") var serve = false

    func validate() throws {
        if !check && scripts.count > 1 { throw ValidationError("只能运行一个脚本（--check 可给多个）") }
        if update && !check { throw ValidationError("--update 需与 --check 同用") }
        if check && scripts.isEmpty { throw ValidationError("--check 需要脚本文件") }
        if serve && (check || !scripts.isEmpty || command != nil) { throw ValidationError("--serve 不与脚本、-c 或 --check 同用") }
    }

    func run() throws {
        if serve { throw ExitCode(KernelServer.main()) }
        let out = StandardOutput()
        if check {
            throw ExitCode(TranscriptCheck.main(scripts: scripts, update: update, output: out))
        }
        let stdinIsTerminal = isatty(STDIN_FILENO) != 0
        let interactive = script == nil && command == nil && stdinIsTerminal
        let session = Session(output: out, interactive: interactive)
        session.settings.color = out.isTerminal && !noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        if let f = format {
            guard let fmt = OutputFormat(rawValue: f) else { throw ValidationError("未知输出格式 \(f)：可用 table csv json jsonl") }
            session.settings.format = fmt
        }
        if let a = asOf {
            guard let d = Day.parse(a) else { throw ValidationError("无法识别的日期 \(a)：请写作 YYYY-MM-DD") }
            session.settings.asOf = d
            session.settings.asOfExplicit = true
        }
        InterruptFlag.install()
        if interactive {
            out.write("zcsh \(ZcshVersion.string) — 职称评审数据 shell。输入 `help` 查看命令，Ctrl-D 退出。\n")
        }
        for file in load {
            let src = SourceFile(name: "<--load>", text: "load " + quoteIfNeeded(file))
            // At the prompt a bad file is reported and the shell still starts; a script stops.
            if !session.execute(src), !interactive { throw ExitCode(1) }
        }
        let runner = ScriptRunner(session: session, keepGoing: keepGoing, echo: echo)
        if let command {
            finish(runner.run(SourceFile(name: "<-c>", text: command)), keeping: session)
        }
        if let script {
            let source: SourceFile
            do { source = try ScriptRunner.readScript(path: script) } catch let d as Diagnostic {
                session.report(d, source: nil)
                throw ExitCode(1)
            }
            session.baseDirectory = (script as NSString).deletingLastPathComponent.isEmpty ? nil : (script as NSString).deletingLastPathComponent
            finish(runner.run(source), keeping: session)
        }
        if !stdinIsTerminal {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(data: data, encoding: .utf8) else {
                session.report(Diagnostic(.error, "标准输入不是有效的 UTF-8 文本"), source: nil)
                throw ExitCode(1)
            }
            finish(runner.run(SourceFile(name: "<stdin>", text: text)), keeping: session)
        }
        let reader: LineReader
        if !plain, ProcessInfo.processInfo.environment["TERM"] != "dumb",
           let le = LibEditLineReader(historyPath: historyPath()) {
            let completer = ShellCompleter(session: session)
            le.completer = completer
            reader = le
            REPL(session: session, reader: reader).run()
            _ = completer
        } else {
            reader = PlainLineReader(showPrompt: true)
            REPL(session: session, reader: reader).run()
        }
    }

    /// Ends a script run with its status without tearing the session down: freeing a loaded
    /// roster object by object (a million applicants) costs more than the script's last
    /// command, and the process is ending anyway. Output is unbuffered (`StandardOutput`),
    /// so nothing is lost; files a command writes are complete before it returns.
    func finish(_ ok: Bool, keeping session: Session) -> Never {
        withExtendedLifetime(session) { processExit(ok ? 0 : 1) }
    }

    func quoteIfNeeded(_ s: String) -> String {
        s.contains(" ") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" : s
    }

    /// `$XDG_STATE_HOME/zcsh/history`, else `~/.zcsh_history`.
    func historyPath() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let state = env["XDG_STATE_HOME"], !state.isEmpty { return state + "/zcsh/history" }
        if let home = env["HOME"], !home.isEmpty { return home + "/.zcsh_history" }
        return nil
    }
}

/// `zcsh rules check FILE…`: validate rule packs (docs/rule-packs.md).
struct RulesTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "规则包工具", subcommands: [RulesCheck.self])
}

struct RulesCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "检查规则包：列出每一个问题（文件:行:列: YAML 路径: 说明）；有问题时以 1 退出")
    @ArgumentParser.Argument(help: "规则包文件（YAML）") var files: [String]

    func run() throws {
        var failed = false
        for f in files {
            let r = PackCheckReport.check(path: f)
            print(r.lines.joined(separator: "\n"))
            failed = failed || !r.ok
        }
        if failed { throw ExitCode(1) }
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "生成确定性的合成花名册（用于示例、测试和基准）")
    @Option(help: "申报人数") var count: Int = 240
    @Option(help: "随机种子") var seed: UInt64 = 2024
    @Option(help: "格式：json jsonl csv") var format: String = "json"
    @Option(name: .shortAndLong, help: "输出文件（默认标准输出）") var output: String?

    func run() throws {
        guard (0...5_000_000).contains(count) else { throw ValidationError("--count 应在 0 到 5000000 之间（整份在内存中生成）") }
        guard let fmt = RosterFileFormat(rawValue: format), fmt != .xlsx else { throw ValidationError("未知格式 \(format)：可用 json jsonl csv") }
        let bytes: [UInt8]
        let pack = try RulePack.builtin()
        switch fmt {
        case .jsonl: bytes = RosterGenerator.jsonLinesBytes(count: count, seed: seed, catalog: pack.catalog)
        case .csv: bytes = RosterGenerator.csvBytes(count: count, seed: seed, catalog: pack.catalog)
        default: bytes = RosterGenerator.jsonBytes(count: count, seed: seed, notice: pack.notice, catalog: pack.catalog)
        }
        if let output {
            // Through a temporary file and a rename: never a half-written roster.
            do { try AtomicFile.write(bytes, to: output) } catch {
                throw failure(error.description)
            }
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "运行脚本并生成笔记本式报告（HTML、Markdown 或 Jupyter 笔记本 .ipynb，按 -o 的扩展名）")
    @ArgumentParser.Argument(help: "脚本（.zcs）") var script: String
    @Option(name: .shortAndLong, help: "输出文件：report.html、report.md 或 report.ipynb") var output: String
    @Flag(name: .long, help: "覆盖已存在的文件") var force = false

    func run() throws {
        guard output.hasSuffix(".html") || output.hasSuffix(".htm") || output.hasSuffix(".md") || output.hasSuffix(".ipynb") else {
            throw ValidationError("-o 的扩展名应为 .html、.md 或 .ipynb")
        }
        if FileManager.default.fileExists(atPath: output), !force {
            throw failure("文件 \(output) 已存在，未覆盖（要覆盖请加 --force）")
        }
        if output.hasSuffix(".ipynb") { return try writeNotebook() }
        let doc: NotebookReport.Document
        do { doc = try NotebookReport.run(script: script) } catch let d as Diagnostic {
            FileHandle.standardError.write(Data(DiagnosticPrinter.render(d, source: nil, color: false).utf8))
            throw ExitCode(1)
        }
        let text = output.hasSuffix(".md") ? NotebookReport.markdown(doc) : NotebookReport.html(doc)
        do { try AtomicFile.write(text, to: output) } catch {
            throw failure(error.description)
        }
        FileHandle.standardError.write(Data("已写入报告 \(output)：\(doc.cells.count) 个单元\n".utf8))
        if !doc.succeeded { throw ExitCode(1) }
    }
}

/// A failure while running (not a mistake in the arguments): one line on stderr, in Chinese,
/// naming what failed, and exit status 1 — without ArgumentParser's English `Error:` and usage.
///
///     $ zcsh report tour.zcs -o out.html      # out.html exists
///     zcsh: 文件 out.html 已存在，未覆盖（要覆盖请加 --force）
func failure(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("zcsh: \(message)\n".utf8))
    return ExitCode(1)
}

Zcsh.main()

/// `exit(3)` by a name ParsableCommand's static `exit(withError:)` does not hide.
func processExit(_ status: Int32) -> Never {
    #if canImport(Glibc)
    Glibc.exit(status)
    #else
    Darwin.exit(status)
    #endif
}
