import RosterData
import ShellLang

/// `datasets` — the loaded datasets, their size, view and source.
struct DatasetsCommand: ShellCommand {
    static let name = "datasets"
    static let group = CommandGroup.data
    static let summary = "列出已载入的数据集"
    static let usage = "datasets"
    static let examples = ["datasets"]

    static func run(_ input: CommandInput, _ session: Session) throws {
        if let w = input.words.first {
            throw Diagnostic.failure("datasets 不带参数", range: input.sourceRange(w.range))
        }
        var t = ResultTable(columns: ["", "数据集", "人数", "视图", "文件", "sha256"],
                            keys: ["current", "name", "rows", "view", "path", "sha256"])
        for name in session.datasetOrder {
            guard let s = session.datasets[name] else { continue }
            t.rows.append([.string(name == session.currentName ? "*" : ""), .string(name), .int(s.dataset.count),
                           .int(s.view.count), .string(s.dataset.path ?? ""), .string(String((s.dataset.sha256 ?? "").prefix(12)))])
        }
        if t.rows.isEmpty { session.info("尚未载入数据集"); return }
        session.emit(t)
    }
}
