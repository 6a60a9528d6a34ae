import Foundation
import RosterData
import ShellLang

/// `record FILE` — writes every command that succeeds from now on to a `.zcs` script that
/// replays identically: the header pins the zcsh version, rule pack and as-of date, and
/// each `load` its file's SHA-256. `record stop` ends it.
struct RecordCommand: ShellCommand {
    static let name = "record"
    static let aliases = ["录制"]
    static let group = CommandGroup.session
    static let summary = "把此后成功的命令录制为可重放的脚本（固定截至日期和数据摘要）；record stop 结束"
    static let usage = "record FILE [--force] | record stop"
    static let details = """
    脚本开头注明 zcsh 版本和规则包，并写入 `set as-of` 当时的日期；每条 load 附上文件的 SHA-256，
    重放时文件已变则报错（两份摘要都列出；--no-verify 可继续）。出错的命令、help、history 不录。
    """
    static let flags = [FlagSpec("--force", "覆盖已存在的文件")]
    static let recordable = false

    final class Recorder {
        let path: String
        let handle: FileHandle
        init(path: String, handle: FileHandle) { self.path = path; self.handle = handle }
        func append(_ line: String) {
            handle.write(Data((line + "\n").utf8))
        }
    }

    static func run(_ input: CommandInput, _ session: Session) throws {
        guard input.words.count == 1, let w = input.words.first else {
            throw Diagnostic.failure("用法：\(usage)", range: input.argumentsRange)
        }
        if w.text == "stop" {
            guard let r = session.attachments["recorder"] as? Recorder else {
                throw Diagnostic.failure("当前没有在录制", range: input.sourceRange(w.range))
            }
            try? r.handle.close()
            session.attachments["recorder"] = nil
            session.commandObservers.removeAll()
            session.info("录制结束：\(r.path)")
            return
        }
        if session.attachments["recorder"] != nil {
            throw Diagnostic.failure("已经在录制", range: input.sourceRange(w.range), help: "先 `record stop`")
        }
        let path = session.resolvePath(w.text)
        if FileManager.default.fileExists(atPath: path), !input.has("--force") {
            throw Diagnostic.failure("文件 \(w.text) 已存在", range: input.sourceRange(w.range), help: "加 --force 覆盖")
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw Diagnostic.failure("无法创建 \(w.text)：\(String(cString: strerror(errno)))", range: input.sourceRange(w.range))
        }
        let recorder = Recorder(path: path, handle: handle)
        let pack = (try? session.rules().pack).map { "\($0.id)（\($0.notice)）" } ?? "无"
        recorder.append("# zcsh \(ZcshVersion.string) 录制的会话；规则包 \(pack)")
        recorder.append("# 重放：zcsh \(w.text)")
        recorder.append("set as-of \(session.settings.asOf ?? session.today())")
        for name in session.datasetOrder {
            guard let ds = session.datasets[name]?.dataset, let p = ds.path else { continue }
            recorder.append("load \(quote(p)) as \(name)" + (ds.sha256.map { " --sha256 \($0)" } ?? ""))
        }
        if let cur = session.currentName, session.datasetOrder.count > 1 { recorder.append("use \(cur)") }
        session.attachments["recorder"] = recorder
        session.commandObservers.append { [weak session] rec in
            guard let session, let r = session.attachments["recorder"] as? Recorder else { return }
            var text = rec.text
            if rec.name == "load", !text.contains("--sha256"), let sha = session.current?.dataset.sha256 {
                text += " --sha256 \(sha)"
            }
            r.append(text)
        }
        session.info("开始录制到 \(w.text)（record stop 结束）")
    }

    static func quote(_ p: String) -> String {
        p.contains(" ") || p.contains("\"") ? "\"" + p.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : p
    }
}
