import Foundation
import RosterData
import ShellLang

/// `record FILE` — writes every command that succeeds from now on to a `.zcs` script that
/// replays identically: the header pins the zcsh version, rule pack and as-of date, loads
/// the datasets already open (each with its SHA-256) and rebuilds their views; each
/// later `load` is written with its file's SHA-256. `record stop` ends it.
///
/// Choices (see docs/reproducibility.md):
/// - `run FILE` is recorded as the commands the script ran, not the `run` line, so the
///   recording does not depend on the script file staying the same.
/// - `load` is written with the path the file was found at, `as NAME`, and `--sha256`.
/// - `export` is written with `--force` so that a replay can write the file again.
/// - `set timer` and `set color` are display preferences and are not recorded.
/// - The file is rewritten whole, through a temporary file and a rename, after every
///   recorded command: it is always a complete script, even if zcsh is killed.
struct RecordCommand: ShellCommand {
    static let name = "record"
    static let aliases = ["录制"]
    static let group = CommandGroup.session
    static let summary = "把此后成功的命令录制为可重放的脚本（固定截至日期和数据摘要）；record stop 结束"
    static let usage = "record FILE [--force] | record stop"
    static let details = """
    脚本开头注明 zcsh 版本、规则包和资历截至日，写入所用的截至日期 `set as-of`（未设置时为今天，本会话此后也按此日），并载入已打开的数据集（附 SHA-256）、\
    重建它们当前的视图（filter、sort、select）。此后每条 load 附上文件的 SHA-256，重放时文件已变则报错\
    （两份摘要都列出；--no-verify 可继续）。出错的命令、help、history 不录；run FILE 录为脚本中的各条命令；\
    export 录为带 --force。每录一条，文件整体经临时文件改名写入，不会留下半个文件。
    """
    static let flags = [FlagSpec("--force", "覆盖已存在的文件")]
    static let recordable = false

    final class Recorder {
        let path: String
        let displayName: String
        private(set) var lines: [String] = []
        var failed = false
        init(path: String, displayName: String) { self.path = path; self.displayName = displayName }

        func append(_ line: String) { lines.append(line) }

        /// Writes the whole script through a temporary file and a rename.
        func flush() throws {
            let text = lines.joined(separator: "\n") + "\n"
            do { try AtomicFile.write(text, to: path) } catch {
                throw Diagnostic.failure("无法写入 \(displayName)：\(error.message)")
            }
        }
    }

    static func run(_ input: CommandInput, _ session: Session) throws {
        guard input.words.count == 1, let w = input.words.first else {
            throw Diagnostic.failure("用法：\(usage)", range: input.argumentsRange)
        }
        if w.text == "stop" {
            guard let r = session.recorder else {
                throw Diagnostic.failure("当前没有在录制", range: input.sourceRange(w.range))
            }
            session.recorder = nil
            try r.flush()
            session.info("录制结束：\(r.displayName)（\(r.lines.filter { !$0.isEmpty && !$0.hasPrefix("#") }.count) 条命令）")
            return
        }
        if session.recorder != nil {
            throw Diagnostic.failure("已经在录制", range: input.sourceRange(w.range), help: "先 `record stop`")
        }
        let path = session.resolvePath(w.text)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue { throw Diagnostic.failure("\(w.text) 是一个目录", range: input.sourceRange(w.range)) }
            if !input.has("--force") {
                throw Diagnostic.failure("文件 \(w.text) 已存在", range: input.sourceRange(w.range), help: "加 --force 覆盖")
            }
        }
        let recorder = Recorder(path: path, displayName: w.text)
        // The replay pins the as-of date; the session uses the same one from now on, so what
        // is recorded is what was seen (even past midnight).
        var pinned: Day? = nil
        if session.settings.asOf == nil { pinned = session.today(); session.settings.asOf = pinned }
        for line in header(session, fileName: w.text) { recorder.append(line) }
        do { try recorder.flush() } catch let d as Diagnostic {
            if pinned != nil { session.settings.asOf = nil }
            var d = d; d.range = input.sourceRange(w.range); throw d
        }
        session.recorder = recorder
        if let pinned {
            session.settings.asOfExplicit = true
            session.info("截至日期未设置：本会话与录制都按 \(pinned)（已 set as-of \(pinned)）")
        }
        // One observer per session, writing to whichever recording is open.
        guard !session.recordObserverInstalled else {
            session.info("开始录制到 \(w.text)（record stop 结束）")
            return
        }
        session.recordObserverInstalled = true
        session.commandObservers.append { [weak session] rec in
            guard let session, let r = session.recorder,
                  let line = recordedLine(rec, session) else { return }
            r.append(line)
            do { try r.flush() } catch let d as Diagnostic {
                if !r.failed { r.failed = true; session.warn(d.message + "（录制继续，稍后再试）") }
            } catch {}
        }
        session.info("开始录制到 \(w.text)（record stop 结束）")
    }

    /// What makes a replay start where the session is now.
    static func header(_ session: Session, fileName: String) -> [String] {
        var lines: [String] = []
        let pack = (try? session.rules().pack).map { "\($0.id)（\($0.notice)）" } ?? "无"
        lines.append("# zcsh \(ZcshVersion.string) 录制的会话；规则包 \(pack)")
        lines.append("# 重放：zcsh \(fileName)    核对：zcsh --check \(fileName)（先用 --update 生成预期输出）")
        // The as-of date this session uses from now on (`record` pins today's when none was set).
        lines.append("set as-of \(session.settings.asOf ?? session.today())")
        if let q = session.qualificationDate { lines.append("# 资历截至 \(q)（规则包；years、held、explain 计算资历到此日）") }
        // A rule pack loaded from a file is pinned too; the built-in one needs no line.
        if let rs = session.rulesState, let path = rs.path {
            lines.append("rules pack \(quote(path))")
        }
        let s = session.settings, d = Settings()
        if s.format != d.format { lines.append("set format \(s.format.rawValue)") }
        if s.mask != d.mask { lines.append("set mask \(s.mask ? "on" : "off")") }
        if s.maxRows != d.maxRows { lines.append("set max-rows \(s.maxRows)") }
        for name in session.environment.variables.keys.sorted() {
            guard let v = session.environment.variables[name], let lit = literal(v) else { continue }
            lines.append("let \(name) = \(lit)")
        }
        for name in session.datasetOrder {
            guard let state = session.datasets[name] else { continue }
            let ds = state.dataset
            guard let p = ds.path else {
                lines.append("# 数据集 \(name) 不是从文件载入的，无法重放")
                continue
            }
            lines.append("load \(quote(p)) as \(quote(name))" + (ds.sha256.map { " --sha256 \($0)" } ?? ""))
            if !state.steps.isEmpty {
                lines.append("# 录制开始时 \(name) 的视图")
                lines.append(contentsOf: state.steps)
            }
        }
        if let cur = session.currentName, session.datasetOrder.last != cur { lines.append("use \(quote(cur))") }
        lines.append("")
        return lines
    }

    /// The line a successful command is recorded as; nil when it is not recorded.
    static func recordedLine(_ rec: CommandRecord, _ session: Session) -> String? {
        switch rec.name {
        case "run":
            return nil   // its commands were recorded one by one as they ran
        case "set":
            let word = rec.text.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.map(String.init)
            if word == "timer" || word == "color" || word == "colour" { return nil }
            return rec.text
        case "export":
            return rec.text.range(of: #"(^|\s)--force(\s|$)"#, options: .regularExpression) == nil ? rec.text + " --force" : rec.text
        case "load":
            return loadLine(rec.text, session) ?? rec.text
        default:
            return rec.text
        }
    }

    /// `load PATH as NAME [flags] --sha256 HEX`, from the dataset the load produced.
    static func loadLine(_ text: String, _ session: Session) -> String? {
        guard let ds = session.current?.dataset, let path = ds.path else { return nil }
        let source = SourceFile(name: "<record>", text: text)
        let bytes = Array(text.utf8)
        var j = 0
        while j < bytes.count, bytes[j] != 0x20, bytes[j] != 0x09 { j += 1 }
        var input = CommandInput(source: source, range: 0..<bytes.count, name: "load", nameRange: 0..<j)
        guard (try? input.scan(flags: LoadCommand.flags)) != nil else { return nil }
        var line = "load \(quote(path)) as \(quote(ds.name))"
        for spec in LoadCommand.flags where spec.name != "--sha256" && spec.name != "--no-verify" {
            guard let v = input.flags[spec.name] else { continue }
            line += spec.takesValue ? " \(spec.name) \(quote(v))" : " \(spec.name)"
        }
        if let sha = ds.sha256 { line += " --sha256 \(sha)" }
        return line
    }

    /// A value as an expression that evaluates to it; nil for values without one.
    static func literal(_ v: Value) -> String? {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? "\(d)" : nil
        case .string: return jsonLiteral(v)
        case .date(let d): return d.description
        case .list(let items):
            let parts = items.map(literal)
            if parts.contains(where: { $0 == nil }) { return nil }
            return "[" + parts.map { $0! }.joined(separator: ", ") + "]"
        case .object: return nil
        }
    }

    static func quote(_ p: String) -> String {
        p.isEmpty || p.contains(where: { $0 == " " || $0 == "\"" || $0 == "\t" || $0 == "#" || $0 == ";" || $0 == "\\" })
            ? "\"" + p.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            : p
    }
}
