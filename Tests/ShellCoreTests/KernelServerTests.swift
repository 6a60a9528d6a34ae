import Foundation
import RosterData
import ShellLang
import Testing
@testable import ShellCore
import TestSupport

/// The lines a server sent, as JSON objects.
final class SentLines {
    var lines: [String] = []
    var objects: [[String: Any]] {
        lines.map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? ["unparsed": $0] }
    }
}

/// A server in memory, answering one request at a time.
struct ServerHarness {
    let server: KernelServer
    let sent = SentLines()
    init() {
        chdirToRoot()
        let box = sent
        server = KernelServer(runner: CellRunner()) { box.lines.append($0) }
    }

    /// Sends one request; returns its events (outputs) and its reply.
    @discardableResult
    func request(_ req: [String: Any]) -> (events: [[String: Any]], reply: [String: Any]) {
        let before = sent.lines.count
        let text = String(decoding: try! JSONSerialization.data(withJSONObject: req), as: UTF8.self)
        server.handle(text)
        let got = Array(sent.objects[before...])
        return (Array(got.dropLast()), got.last ?? [:])
    }

    @discardableResult
    func execute(_ code: String, count: Int? = nil) -> (events: [[String: Any]], reply: [String: Any]) {
        var r: [String: Any] = ["id": 1, "op": "execute", "code": code]
        if let count { r["count"] = count }
        return request(r)
    }

    func data(_ event: [String: Any], _ mime: String) -> String? { (event["data"] as? [String: Any])?[mime] as? String }
}

@Suite struct KernelServerTests {
    @Test func aMultiLineCellRunsEachCommandAndTheSessionPersists() {
        let h = ServerHarness()
        let (events, reply) = h.execute("set as-of 2024-12-31\nload examples/roster-2024.json\nfilter level == \"工程师\" and\n  degree == \"本科\"\ncount")
        #expect(reply["status"] as? String == "ok")
        #expect(reply["event"] as? String == "reply" && reply["op"] as? String == "execute")
        #expect(events.map { $0["command"] as? String ?? "" } == ["set as-of 2024-12-31", "load examples/roster-2024.json",
                                                                 "filter level == \"工程师\" and\n  degree == \"本科\"", "count"])
        #expect(events.map { $0["line"] as? Int ?? 0 } == [1, 2, 3, 5])
        #expect(h.data(events[1], "text/plain")?.contains("已载入 240 名申报人") == true)
        let state = reply["state"] as? [String: Any] ?? [:]
        #expect(state["as_of"] as? String == "2024-12-31")
        let filtered = state["rows"] as? Int ?? -1
        #expect(filtered > 0 && filtered < 240)
        let ds = (state["datasets"] as? [[String: Any]])?.first
        #expect((ds?["sha256"] as? String)?.count == 64)
        // A later cell sees the same view.
        let (e2, r2) = h.execute("count")
        #expect(r2["status"] as? String == "ok")
        #expect(h.data(e2[0], "text/plain")?.contains("\(filtered)") == true)
    }

    @Test func tablesGetTheReportsHTMLAndChartsAnSVGDocument() throws {
        let h = ServerHarness()
        h.execute("set as-of 2024-12-31\nload examples/roster-2024.json")
        let (events, _) = h.execute("count by level\ncount by agency --chart\nexplain QZ2024-0017\nfilter level == \"工程师\"")
        try #require(events.count == 4)
        let table = h.data(events[0], "text/html") ?? ""
        #expect(table.contains("<table data-rows=\""), "\(table.prefix(200))")
        #expect(table.contains("<th>申报级别</th>") || table.contains("<th>level</th>"))
        #expect(h.data(events[0], "image/svg+xml") == nil)
        let svg = h.data(events[1], "image/svg+xml") ?? ""
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("<rect") && svg.hasSuffix("</svg>"))
        #expect(h.data(events[1], "text/plain")?.contains("█") == true)
        #expect(h.data(events[2], "text/html")?.contains("<div class=\"trace\">") == true)
        // Plain status lines have no HTML.
        #expect(h.data(events[3], "text/html") == nil)
    }

    @Test func anErrorStopsTheCellWithLineColumnAndCaret() {
        let h = ServerHarness()
        let (events, reply) = h.execute("load examples/roster-2024.json\nfilter levle == \"工程师\"\ncount", count: 7)
        #expect(reply["status"] as? String == "error")
        let e = reply["error"] as? [String: Any] ?? [:]
        #expect(e["line"] as? Int == 2 && e["column"] as? Int == 8)
        #expect(e["source"] as? String == "cell[7]")
        #expect(e["message"] as? String == "未知字段 `levle`")
        #expect((e["text"] as? String)?.hasPrefix("cell[7]:2:8: error: 未知字段 `levle`\nfilter levle == \"工程师\"\n       ^~~~~") == true)
        #expect(e["interrupted"] as? Bool == false)
        #expect(events.count == 1, "count after the error did not run")
    }

    @Test func warningsGoOnStandardError() {
        let h = ServerHarness()
        // years() counts to the pack's 资历截至; today() reads the clock, so it warns without an as-of.
        let (events, _) = h.execute("load examples/roster-2024.json\ncount where today() - title_since > 365")
        #expect((events.last?["stderr"] as? String)?.contains("未设置截至日期") == true)
    }

    @Test func personalDataIsMaskedAsOnScreenUnlessMaskIsOff() {
        let h = ServerHarness()
        h.execute("load examples/roster-2024.json")
        let masked = h.execute("show 1 id_number").events[0]
        #expect(h.data(masked, "text/html")?.contains("********") == true)
        #expect(h.data(masked, "text/plain")?.contains("********") == true)
        h.execute("set mask off")
        let open = h.execute("show 1 id_number").events[0]
        #expect(h.data(open, "text/html")?.contains("********") == false)
    }

    /// The cursor's line with the cursor (`|`), and the session's state for it.
    @Test(arguments: [
        "cou|", "filter deg|", "count by lev|", "filter 学|", "filter elig|", "filter eligible(|",
        "filter degree == \"本|", "set |", "help fi|", "load examples/ro|", "explain QZ2024-001|",
        "count\nfilter level == \"工程师\" and\n  deg|", "filter 学历 == \"本科\" and ti|", "count by agency --c|",
        "filter deg| == 1",
    ])
    func completionIsTheREPLsTab(_ marked: String) throws {
        let h = ServerHarness()
        h.execute("set as-of 2024-12-31\nload examples/roster-2024.json")
        let bar = try #require(marked.firstIndex(of: "|"))
        let code = marked.replacingOccurrences(of: "|", with: "")
        let cursor = marked[..<bar].unicodeScalars.count
        let reply = h.request(["id": 2, "op": "complete", "code": code, "cursor": cursor]).reply
        // What Tab at the prompt computes for the same line.
        let lineStart = marked[..<bar].lastIndex(of: "\n").map { marked.index(after: $0) } ?? marked.startIndex
        let lineEnd = marked[bar...].firstIndex(of: "\n") ?? marked.endIndex
        let line = String(marked[lineStart..<lineEnd]).replacingOccurrences(of: "|", with: "")
        let repl = ShellCompleter(session: h.server.runner.session).complete(line: line, cursor: marked[lineStart..<bar].utf8.count)
        let expected = repl.candidates.count == 1 ? [repl.candidates[0] + repl.suffix] : repl.candidates
        #expect(reply["matches"] as? [String] == expected)
        #expect(!expected.isEmpty, "a case that completes nothing proves little")
        let startInLine = String(decoding: Array(line.utf8)[..<repl.start], as: UTF8.self).unicodeScalars.count
        #expect(reply["cursor_start"] as? Int == marked[..<lineStart].unicodeScalars.count + startInLine)
        #expect(reply["cursor_end"] as? Int == cursor)
    }

    @Test func completionCountsCodePointsNotBytes() {
        let h = ServerHarness()
        h.execute("load examples/roster-2024.json")
        let code = "filter 学历 == \"本科\" and 申报级"
        let r = h.request(["id": 3, "op": "complete", "code": code, "cursor": code.unicodeScalars.count]).reply
        #expect(r["matches"] as? [String] == ["申报级别 "])
        #expect(r["cursor_start"] as? Int == code.unicodeScalars.count - 3)
    }

    @Test(arguments: [
        ("cou|nt by level", "count — 计数"),
        ("count| by level", "用法：count"),
        ("filter deg|ree == \"本科\"", "字段 degree（学历）"),
        ("filter 学历| == \"本科\"", "字段 degree（学历）"),
        ("filter eligible(|", "函数 eligible("),
        ("filter elig|ible(level:\"工程师\")", "函数 eligible("),
        ("count\ndeadline-sta|tus", "deadline-status — "),
        ("filter level == \"工程师\"; sh|ow 3", "show — "),
    ])
    func inspectShowsTheHelpOfTheWordUnderTheCursor(_ marked: String, _ expected: String) throws {
        let h = ServerHarness()
        let bar = try #require(marked.firstIndex(of: "|"))
        let r = h.request(["id": 4, "op": "inspect", "code": marked.replacingOccurrences(of: "|", with: ""),
                           "cursor": marked[..<bar].unicodeScalars.count, "detail": 0]).reply
        #expect(r["found"] as? Bool == true)
        let text = (r["data"] as? [String: Any])?["text/plain"] as? String ?? ""
        #expect(text.hasPrefix(expected) || text.contains(expected), "\(text.prefix(120))")
    }

    @Test func inspectOfACommandIsWhatHelpPrints() {
        let h = ServerHarness()
        let quick = h.request(["id": 5, "op": "inspect", "code": "filter", "cursor": 3, "detail": 0]).reply
        let full = h.request(["id": 6, "op": "inspect", "code": "filter", "cursor": 3, "detail": 1]).reply
        let helpOut = run("help filter").output
        #expect(((full["data"] as? [String: Any])?["text/plain"] as? String).map { $0 + "\n" } == helpOut)
        let q = (quick["data"] as? [String: Any])?["text/plain"] as? String ?? ""
        #expect(q.contains("  zcsh> filter") && q.count < helpOut.count, "detail 0 lists the examples without running them")
        let none = h.request(["id": 7, "op": "inspect", "code": "filter xyzzy", "cursor": 9]).reply
        #expect(none["found"] as? Bool == false)
    }

    @Test func badRequestsGetAnErrorReplyAndTheServerGoesOn() {
        let h = ServerHarness()
        for bad in ["not json", "[1, 2]", "{\"id\": 1, \"op\": \"fly\"}", "{\"id\": 2, \"op\": \"execute\"}",
                    "{\"id\": 3, \"op\": \"complete\", \"code\": \"x\"}"] {
            let before = h.sent.lines.count
            #expect(h.server.handle(bad))
            let r = h.sent.objects[before...].last ?? [:]
            #expect(r["status"] as? String == "error", "\(bad)")
            #expect(((r["error"] as? [String: Any])?["message"] as? String)?.isEmpty == false)
            #expect(h.sent.lines[before...].allSatisfy { !$0.contains("\n") }, "one line per reply")
        }
        #expect(h.execute("set as-of 2024-12-31").reply["status"] as? String == "ok")
        #expect(!h.server.handle("{\"id\": 9, \"op\": \"shutdown\"}"))
        #expect(h.sent.objects.last?["op"] as? String == "shutdown")
    }

    @Test(arguments: [("count by level", "complete"), ("filter level == \"工程师\" and", "incomplete"),
                      ("filter degree in [\"本科\",", "incomplete"), ("filter name == \"张", "incomplete"), ("", "complete")])
    func isCompleteIsTheREPLsContinuationRule(_ code: String, _ status: String) {
        let r = ServerHarness().request(["id": 1, "op": "is_complete", "code": code]).reply
        #expect(r["status"] as? String == status)
        #expect(r["status"] as? String == (CommandSplitter.isComplete(code) ? "complete" : "incomplete"))
    }

    @Test func csvFormatShowsTheTextNotATable() {
        let h = ServerHarness()
        h.execute("load examples/roster-2024.json\nset format csv")
        let e = h.execute("count by level").events[0]
        #expect(h.data(e, "text/plain")?.hasPrefix("level,count\n") == true)
        #expect(h.data(e, "text/html") == nil)
    }

    @Test func infoNamesTheLanguage() {
        let r = ServerHarness().request(["id": "a", "op": "info"]).reply
        #expect(r["id"] as? String == "a")
        #expect((r["language"] as? [String: Any])?["name"] as? String == "zcsh")
        #expect(r["protocol"] as? Int == KernelServer.protocolVersion)
    }

    @Test func helpNowExplainsFieldsAndFunctionsToo() {
        #expect(run("help degree").output.hasPrefix("字段 degree（学历）"))
        #expect(run("help 身份证号").output.contains("屏幕上遮盖显示"))
        #expect(run("help eligible").output.hasPrefix("函数 eligible("))
    }
}

@Suite struct NotebookTests {
    let tour = packageRoot + "/examples/notebooks/tour.ipynb"

    func cells(_ json: String) throws -> [[String: Any]] {
        let nb = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return try #require(nb["cells"] as? [[String: Any]])
    }

    func outputsOf(_ cells: [[String: Any]]) -> [String] {
        cells.map { c in
            let data = try? JSONSerialization.data(withJSONObject: c["outputs"] ?? [], options: [.sortedKeys])
            return data.map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }

    @Test func theExampleNotebookIsReproducedFromItsOwnCode() throws {
        chdirToRoot()
        let checkedIn = try String(contentsOfFile: tour, encoding: .utf8)
        let script = try Notebook.script(fromNotebookAt: tour)
        let again = Notebook.fromScript(SourceFile(name: "tour.zcs", text: script), baseDirectory: packageRoot + "/examples/notebooks")
        let a = try cells(checkedIn), b = try cells(again.json)
        #expect(a.filter { $0["cell_type"] as? String == "code" }.count == b.filter { $0["cell_type"] as? String == "code" }.count)
        #expect(outputsOf(a) == outputsOf(b), "re-running the notebook's code gives its checked-in outputs")
        #expect(again.json == checkedIn, "regenerate with: zcsh notebook export … and zcsh report … -o examples/notebooks/tour.ipynb")
    }

    @Test func theExampleNotebookHasTablesAChartAndAnErrorCell() throws {
        let all = try cells(try String(contentsOfFile: tour, encoding: .utf8))
        let outputs = all.flatMap { $0["outputs"] as? [[String: Any]] ?? [] }
        #expect(outputs.contains { (($0["data"] as? [String: Any])?["image/svg+xml"]) != nil })
        #expect(outputs.contains { ((($0["data"] as? [String: Any])?["text/html"] as? [String])?.joined() ?? "").contains("<table") })
        let err = try #require(outputs.first { $0["output_type"] as? String == "error" })
        #expect((err["traceback"] as? [String])?.contains { $0.hasSuffix("^~~~~") } == true)
        let meta = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: tour))) as? [String: Any])
        let ks = (meta["metadata"] as? [String: Any])?["kernelspec"] as? [String: Any]
        #expect(ks?["name"] as? String == "zcsh" && ks?["display_name"] as? String == "zcsh (职称评审)")
    }

    @Test func aScriptBecomesMarkdownAndCodeCells() throws {
        chdirToRoot()
        let text = "# 标题\n# 说明一行\nset as-of 2024-12-31\nload examples/roster-2024.json\n\n# 计数\ncount by level\ncount\n"
        let nb = Notebook.fromScript(SourceFile(name: "x.zcs", text: text), baseDirectory: nil)
        #expect(nb.succeeded && nb.codeCells == 2)
        let cs = try cells(nb.json)
        #expect(cs.map { $0["cell_type"] as? String ?? "" } == ["markdown", "code", "markdown", "code"])
        #expect((cs[0]["source"] as? [String])?.joined() == "# 标题\n说明一行")
        #expect((cs[3]["source"] as? [String])?.joined() == "count by level\ncount")
        #expect(cs[3]["execution_count"] as? Int == 2)
        #expect((cs[3]["outputs"] as? [Any])?.count == 2)
        #expect(Set(cs.compactMap { $0["id"] as? String }).count == 4, "nbformat 4.5 cell ids, unique")
    }

    @Test func exportWritesCodeCellsAndMarkdownAsComments() throws {
        let dir = makeTempDirectory()
        let path = dir + "/n.ipynb"
        let nb: [String: Any] = ["nbformat": 4, "nbformat_minor": 5, "metadata": ["kernelspec": ["language": "zcsh"]], "cells": [
            ["cell_type": "markdown", "source": ["# 标题\n", "\n", "正文"]],
            ["cell_type": "code", "source": "set as-of 2024-12-31\nload x.json\n"],
            ["cell_type": "raw", "source": "ignored"],
            ["cell_type": "code", "source": ["count by level"]],
        ]]
        try JSONSerialization.data(withJSONObject: nb).write(to: URL(fileURLWithPath: path))
        #expect(try Notebook.script(fromNotebookAt: path) == "# # 标题\n#\n# 正文\n\nset as-of 2024-12-31\nload x.json\n\ncount by level\n")
    }

    @Test(arguments: [
        ("not json at all", "不是有效的 JSON 笔记本"),
        ("{\"nbformat\": 4}", "没有 cells 列表"),
        ("{\"cells\": [1]}", "第 1 个单元格不是对象"),
        ("{\"cells\": [{\"cell_type\": \"code\", \"source\": 5}]}", "第 1 个单元格的 source 不是文本"),
        ("{\"metadata\": {\"kernelspec\": {\"language\": \"python\"}}, \"cells\": []}", "这是 python 笔记本"),
    ])
    func badNotebooksAreNamedWithTheCell(_ content: String, _ message: String) throws {
        let dir = makeTempDirectory()
        try content.write(toFile: dir + "/bad.ipynb", atomically: true, encoding: .utf8)
        do {
            _ = try Notebook.script(fromNotebookAt: dir + "/bad.ipynb")
            Issue.record("accepted a bad notebook")
        } catch let d as Diagnostic {
            #expect(d.message.contains(message), "\(d.message)")
            #expect(d.message.contains("bad.ipynb"))
            #expect(!d.message.contains("\n"))
        }
    }

    @Test func kernelspecNamesTheBinaryThePackageAndTheLanguage() throws {
        let prefix = makeTempDirectory()
        var o = KernelSpec.Options(binary: "/opt/zcsh/bin/zcsh", environment: [:])
        o.prefix = prefix
        o.python = "/usr/bin/python3"
        o.packageDirectory = packageRoot + "/jupyter"
        let r = try KernelSpec.install(o)
        #expect(r.directory == prefix + "/share/jupyter/kernels/zcsh")
        let spec = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: r.directory + "/kernel.json"))) as? [String: Any])
        #expect(spec["display_name"] as? String == "zcsh (职称评审)")
        #expect(spec["language"] as? String == "zcsh")
        #expect(spec["argv"] as? [String] == ["/usr/bin/python3", "-m", "zcsh_kernel", "-f", "{connection_file}"])
        #expect(spec["interrupt_mode"] as? String == "signal")
        let env = spec["env"] as? [String: String]
        #expect(env?["ZCSH_BINARY"] == "/opt/zcsh/bin/zcsh")
        #expect(env?["PYTHONPATH"] == packageRoot + "/jupyter")
        #expect(KernelSpec.kernelsDirectory(user: true, prefix: nil, environment: ["HOME": "/h"]).hasPrefix("/h/"))
        #expect(KernelSpec.kernelsDirectory(user: true, prefix: nil, environment: ["JUPYTER_DATA_DIR": "/d"]) == "/d/kernels")
        #expect(KernelSpec.findPackage(near: packageRoot + "/.build/debug/zcsh") == packageRoot + "/jupyter")
    }

    @Test func installWithoutThePackageSaysWhere() {
        var o = KernelSpec.Options(binary: "/nowhere/zcsh", environment: [:])
        o.prefix = makeTempDirectory()
        o.packageDirectory = makeTempDirectory()
        #expect(throws: Diagnostic.self) { try KernelSpec.install(o) }
    }
}
