import Foundation
import RosterData
import ShellLang

/// Jupyter notebooks (nbformat 4.5) to and from scripts: `zcsh report SCRIPT -o X.ipynb`
/// runs the script through the kernel's `CellRunner` and writes every cell with the
/// outputs Jupyter would show; `zcsh notebook export X.ipynb -o Y.zcs` writes the code
/// cells back as a script (Markdown cells as `#` comments) that `zcsh --check` runs.
public enum Notebook {
    public static let kernelName = "zcsh"
    public static let displayName = "zcsh (职称评审)"

    public static var metadata: [String: Any] {
        ["kernelspec": ["name": kernelName, "display_name": displayName, "language": "zcsh"],
         "language_info": ["name": "zcsh", "mimetype": "text/x-zcsh", "file_extension": ".zcs", "version": ZcshVersion.string]]
    }

    public struct Written {
        public var json: String
        public var codeCells: Int
        public var succeeded: Bool
    }

    /// Runs a script's commands as notebook cells: the `#` comment lines before a command
    /// become a Markdown cell, and the commands up to the next comment one code cell. A
    /// failing cell keeps its error (tagged `raises-exception`, so re-running the notebook
    /// headless goes on); the cells after it are written without outputs, as the script stopped there.
    public static func fromScript(_ source: SourceFile, baseDirectory: String?) -> Written {
        let runner = CellRunner(baseDirectory: baseDirectory)
        let u = Array(source.text.utf8)
        var groups: [(prose: [String], range: Range<Int>)] = []
        for piece in CommandSplitter.split(source.text) {
            let prose = piece.leadingComments
            if prose.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) || groups.isEmpty {
                groups.append((prose, piece.range))
            } else {
                groups[groups.count - 1].range = groups[groups.count - 1].range.lowerBound..<piece.range.upperBound
            }
        }
        var cells: [[String: Any]] = []
        var count = 0
        var stopped = false
        for (g, group) in groups.enumerated() {
            var prose = group.prose
            while let f = prose.first, f.trimmingCharacters(in: .whitespaces).isEmpty { prose.removeFirst() }
            while let l = prose.last, l.trimmingCharacters(in: .whitespaces).isEmpty { prose.removeLast() }
            if !prose.isEmpty {
                if g == 0 { prose[0] = "# " + prose[0].trimmingCharacters(in: CharacterSet(charactersIn: "# ")) }
                cells.append(["cell_type": "markdown", "id": "md-\(cells.count + 1)", "metadata": [String: Any](),
                              "source": lines(prose.joined(separator: "\n"))])
            }
            let code = String(decoding: u[group.range], as: UTF8.self)
            var cell: [String: Any] = ["cell_type": "code", "id": "code-\(count + 1)", "metadata": [String: Any](),
                                       "source": lines(code), "outputs": [Any](), "execution_count": NSNull()]
            if !stopped {
                count += 1
                var outputs: [[String: Any]] = []
                let error = runner.run(code, name: "cell[\(count)]") { outputs += nbOutputs($0) }
                if let e = error {
                    outputs.append(errorOutput(e))
                    cell["metadata"] = ["tags": ["raises-exception"]]
                    stopped = true
                }
                cell["execution_count"] = count
                cell["outputs"] = outputs
            }
            cells.append(cell)
        }
        let nb: [String: Any] = ["cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5]
        return Written(json: encode(nb), codeCells: groups.count, succeeded: !stopped)
    }

    /// A command's outputs as nbformat outputs: its warnings as a stderr stream, then its data.
    public static func nbOutputs(_ o: CellOutput) -> [[String: Any]] {
        var r: [[String: Any]] = []
        if !o.stderr.isEmpty { r.append(["output_type": "stream", "name": "stderr", "text": lines(o.stderr)]) }
        if !o.data.isEmpty {
            var data: [String: Any] = [:]
            for (k, v) in o.data { data[k] = lines(v) }
            r.append(["output_type": "display_data", "data": data, "metadata": [String: Any]()])
        }
        return r
    }

    /// An error output as the kernel sends it: the message, and the rendered diagnostic
    /// (source line and caret) as the traceback.
    public static func errorOutput(_ e: CellError) -> [String: Any] {
        ["output_type": "error", "ename": e.interrupted ? "KeyboardInterrupt" : "zcsh error",
         "evalue": e.message, "traceback": e.text.trimmingCharacters(in: .newlines).components(separatedBy: "\n")]
    }

    /// nbformat's multi-line strings: a list of lines, each but the last keeping its `\n`.
    static func lines(_ s: String) -> [String] {
        var out: [String] = []
        var cur = ""
        for ch in s {
            cur.append(ch)
            if ch == "\n" { out.append(cur); cur = "" }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    /// nbformat's own layout: keys sorted, one-space indent.
    static func encode(_ nb: [String: Any]) -> String {
        guard let d = try? JSONSerialization.data(withJSONObject: nb, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]) else { return "{}" }
        // Foundation indents by two spaces; nbformat by one.
        let text = String(decoding: d, as: UTF8.self)
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let spaces = line.prefix { $0 == " " }.count
            out += String(repeating: " ", count: spaces / 2) + line.dropFirst(spaces) + "\n"
        }
        return out
    }

    // MARK: export

    /// A notebook's cells as a script: code cells as they are, Markdown cells as `#`
    /// comments, raw cells left out. Bad input names the file and the cell.
    public static func script(fromNotebookAt path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic.failure("笔记本 \(path) 不存在或无法读取")
        }
        let obj: Any
        do { obj = try JSONSerialization.jsonObject(with: data) } catch {
            throw Diagnostic.failure("\(path)：不是有效的 JSON 笔记本（\(oneLine("\(error.localizedDescription)"))）")
        }
        guard let nb = obj as? [String: Any], let cells = nb["cells"] as? [Any] else {
            throw Diagnostic.failure("\(path)：不是 nbformat 4 笔记本（没有 cells 列表）")
        }
        if let meta = nb["metadata"] as? [String: Any], let ks = meta["kernelspec"] as? [String: Any],
           let lang = ks["language"] as? String, lang != "zcsh" {
            throw Diagnostic.failure("\(path)：这是 \(lang) 笔记本，不是 zcsh 笔记本（kernelspec.language）")
        }
        var parts: [String] = []
        for (i, c) in cells.enumerated() {
            guard let cell = c as? [String: Any], let type = cell["cell_type"] as? String else {
                throw Diagnostic.failure("\(path)：第 \(i + 1) 个单元格不是对象或没有 cell_type")
            }
            let text: String
            if let s = cell["source"] as? String { text = s }
            else if let l = cell["source"] as? [Any], l.allSatisfy({ $0 is String }) { text = (l as! [String]).joined() }
            else { throw Diagnostic.failure("\(path)：第 \(i + 1) 个单元格的 source 不是文本") }
            switch type {
            case "code":
                let t = text.trimmingCharacters(in: .newlines)
                if !t.isEmpty { parts.append(t) }
            case "markdown":
                let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !t.isEmpty {
                    parts.append(t.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "#" : "# " + $0 }.joined(separator: "\n"))
                }
            default: continue
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    static func oneLine(_ s: String) -> String {
        String(s.split(whereSeparator: \.isNewline).joined(separator: " ").prefix(160))
    }

    /// Writes through a temporary file and a rename: never a half-written file.
    public static func writeAtomically(_ text: String, to path: String) throws {
        do { try AtomicFile.write(text, to: path) } catch {
            throw Diagnostic.failure("无法写入 \(path)：\(error.message)")
        }
    }
}
