import Foundation
import RosterData
import ShellLang

/// One command's result in a notebook cell: the command, where it starts in the cell, and
/// what it showed, by MIME type (`text/plain` always; `text/html` for tables, charts and
/// `explain` traces; `image/svg+xml` for a chart), plus its warnings.
public struct CellOutput {
    public var command: String
    public var line: Int
    public var data: [String: String]
    /// Warnings and other lines the command wrote to standard error, in order.
    public var stderr: String
}

/// A cell that stopped: the diagnostic's message and place, and its rendering with the
/// source line and caret (`cell[3]:2:8: error: 未知字段 …`).
public struct CellError: Error {
    public var message: String
    public var source: String?
    public var line: Int?
    public var column: Int?
    public var text: String
    /// Stopped by Ctrl-C (SIGINT), not by bad input.
    public var interrupted: Bool
}

/// Runs notebook cells in one persistent session — datasets, views, variables and the
/// as-of date carry over from cell to cell — and turns what each command printed into
/// MIME data with the report's renderers. `zcsh --serve` and `zcsh report … -o X.ipynb`
/// both run cells through it, so a notebook written from a script and the same notebook
/// run in Jupyter show the same outputs.
public final class CellRunner {
    public let session: Session
    let sink: CapturingOutput
    let collector = ReportCollector()

    /// `baseDirectory`: where relative paths are also looked for (the notebook's folder).
    public init(baseDirectory: String? = nil) {
        sink = CapturingOutput()
        session = Session(output: sink, interactive: false)
        session.settings.color = false
        session.collector = collector
        session.baseDirectory = baseDirectory
    }

    /// Runs `code` command by command, calling `onOutput` after each; stops at the first
    /// error (as a script does) and returns it, or nil when every command succeeded.
    @discardableResult
    public func run(_ code: String, name: String, onOutput: (CellOutput) -> Void) -> CellError? {
        let source = SourceFile(name: name, text: code)
        let bytes = Array(code.utf8)
        session.cancelRequested = false
        for piece in CommandSplitter.split(code) {
            // Ctrl-C between two commands of a cell stops the cell too.
            if InterruptFlag.isRaised {
                let pos = source.sourceRange(piece.range)
                return CellError(message: "已中断（Ctrl-C）", source: name, line: pos.start.line, column: pos.start.column,
                                 text: "\(name):\(pos.start.line):\(pos.start.column): error: 已中断（Ctrl-C），其后的命令未运行\n", interrupted: true)
            }
            sink.reset()
            collector.blocks = []
            session.lastDiagnostic = nil
            let ok = session.execute(source, range: piece.range)
            let command = String(decoding: bytes[piece.range], as: UTF8.self)
            let line = source.sourceRange(piece.range).start.line
            var diagnosticText: String? = nil
            if !ok, let d = session.lastDiagnostic { diagnosticText = DiagnosticPrinter.render(d, source: source, color: false) }
            var out = CellOutput(command: command, line: line, data: [:], stderr: "")
            out.stderr = sink.chunks.filter { $0.isError && $0.text.trimmingCharacters(in: .newlines) != diagnosticText?.trimmingCharacters(in: .newlines) }
                .map(\.text).joined()
            let plain = sink.chunks.filter { !$0.isError }.map(\.text).joined()
            if !plain.isEmpty { out.data = mimeData(plain: plain, command: command) }
            if !out.data.isEmpty || !out.stderr.isEmpty { onOutput(out) }
            if !ok {
                let d = session.lastDiagnostic ?? Diagnostic.failure("命令失败")
                let interrupted = InterruptFlag.isRaised
                var text = diagnosticText ?? DiagnosticPrinter.render(d, source: source, color: false)
                if !text.hasSuffix("\n") { text += "\n" }
                return CellError(message: d.message, source: d.range?.source, line: d.range?.start.line,
                                 column: d.range?.start.column, text: text, interrupted: interrupted)
            }
            if session.quitRequested { break }
        }
        return nil
    }

    /// The plain text, and the report's HTML for tables, charts and `explain` traces;
    /// a chart also as a standalone SVG document.
    func mimeData(plain: String, command: String) -> [String: String] {
        var data = ["text/plain": plain]
        let name = command.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).first.map(String.init) ?? ""
        let isExplain = session.commands.lookup(name)?.name == "explain"
        let rich = collector.blocks.contains { b in
            switch b {
            case .table, .chart: return true
            case .text: return isExplain
            default: return false
            }
        }
        // `set format csv|json`: the text is the result; a table would hide it.
        guard rich, session.settings.format == .table else { return data }
        var html = ""
        for b in collector.blocks {
            switch b {
            case .text(let t) where isExplain: html += NotebookReport.traceHTML(t)
            case .warning, .error: continue   // shown on stderr / as the error
            default: html += NotebookReport.block(b, mask: session.settings.mask)
            }
        }
        data["text/html"] = "<div class=\"zcsh-out\">\n<style>\(CellRunner.css)</style>\n" + html + "</div>\n"
        for b in collector.blocks {
            if case .chart(let title, let labels, let values) = b {
                data["image/svg+xml"] = NotebookReport.svgDocument(title: title, labels: labels, values: values)
                break
            }
        }
        return data
    }

    /// What the session holds now: the current dataset and its view, the as-of date, and
    /// every loaded file with its digest (for reproducible notebooks).
    public func state() -> [String: Any] {
        var s: [String: Any] = [:]
        if let c = session.current {
            s["dataset"] = c.dataset.name
            s["rows"] = c.view.count
            s["total"] = c.dataset.count
        }
        if let d = session.settings.asOf { s["as_of"] = d.description }
        s["datasets"] = session.datasetOrder.compactMap { n -> [String: Any]? in
            guard let d = session.datasets[n]?.dataset else { return nil }
            return ["name": n, "path": d.path ?? "", "sha256": d.sha256 ?? "", "rows": d.count]
        }
        return s
    }

    /// The report's table, trace and chart styles, scoped to one output.
    /// Front ends style output tables their own way (JupyterLab right-aligns every cell),
    /// so alignment and wrapping are marked `!important`.
    static let css = """
    .zcsh-out table{border-collapse:collapse;margin:2px 0 6px;font-size:12px}
    .zcsh-out table th,.zcsh-out table td{border-bottom:1px solid #d6dde5;padding:2px 8px;text-align:left!important;vertical-align:top}
    .zcsh-out table th{background:#f3f6f9;font-weight:600}.zcsh-out table .num{text-align:right!important;font-variant-numeric:tabular-nums}
    .zcsh-out .pass{color:#1a7f37}.zcsh-out .fail{color:#cf222e;font-weight:600}.zcsh-out .unknown{color:#9a6700}
    .zcsh-out .note{color:#5b6775;font-size:11px;margin:0 0 4px}.zcsh-out pre.output{margin:0 0 4px}
    .zcsh-out figure.chart{margin:2px 0 6px}.zcsh-out figure.chart rect{fill:#2f6fbf}
    .zcsh-out figure.chart text{font-size:11px;fill:#1d2733}.zcsh-out figure.chart text.v{fill:#5b6775}
    .zcsh-out figcaption{color:#5b6775;font-size:11px}.zcsh-out .trace h4{font-size:12px;margin:6px 0 2px;color:#5b6775}
    .zcsh-out .trace .who,.zcsh-out .trace .verdict{font-weight:600;margin:0 0 4px}
    .zcsh-out table.trace td:nth-child(-n+4){white-space:nowrap!important}
    """
}
