import Foundation
import Testing
import TestSupport

/// `zcsh --serve` as a process: requests on its stdin, replies on its stdout, SIGINT.
final class ServeProcess {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    private var buffer = Data()

    init(directory: String = packageRoot) throws {
        process.executableURL = URL(fileURLWithPath: zcshBinary)
        process.arguments = ["--serve"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func send(_ obj: [String: Any]) {
        var d = try! JSONSerialization.data(withJSONObject: obj)
        d.append(0x0A)
        input.fileHandleForWriting.write(d)
    }

    /// The next line, or nil at end of output.
    func readLine() -> [String: Any]? {
        while true {
            if let nl = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<nl]
                buffer = Data(buffer[(nl + 1)...])
                return (try? JSONSerialization.jsonObject(with: line)) as? [String: Any] ?? ["unparsed": String(decoding: line, as: UTF8.self)]
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }

    /// Reads up to the reply of the request with `id`.
    func reply(_ id: Int) -> (events: [[String: Any]], reply: [String: Any]?) {
        var events: [[String: Any]] = []
        while let m = readLine() {
            if m["event"] as? String == "reply", m["id"] as? Int == id { return (events, m) }
            events.append(m)
        }
        return (events, nil)
    }

    func interrupt() { kill(process.processIdentifier, SIGINT) }

    func close() -> Int32 {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

@Suite(.serialized) struct ServeTests {
    @Test("SIGINT stops a long command in a cell; the session and its data stay")
    func interruptKeepsTheSession() throws {
        let dir = makeTempDirectory()
        let gen = try runZcsh(["generate", "--count", "30000", "-o", dir + "/big.json"])
        #expect(gen.status == 0)
        let s = try ServeProcess(directory: dir)
        s.send(["id": 1, "op": "execute", "code": "set as-of 2024-12-31\nload big.json"])
        #expect(s.reply(1).reply?["status"] as? String == "ok")
        // Idle Ctrl-C does not end the server.
        s.interrupt()
        usleep(100_000)
        s.send(["id": 2, "op": "execute", "code": "export csv out.csv id, name, verdict(), eligible(level:\"工程师\"), eligible(level:\"助理工程师\")\ncount"])
        usleep(700_000)
        s.interrupt()
        let (events, reply) = s.reply(2)
        let r = try #require(reply, "the server answered after SIGINT")
        #expect(r["status"] as? String == "error")
        let e = r["error"] as? [String: Any] ?? [:]
        #expect(e["interrupted"] as? Bool == true, "\(e)")
        #expect((e["message"] as? String)?.contains("已中断") == true, "\(e)")
        #expect(events.isEmpty, "count after the interrupted export did not run")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(left == ["big.json"], "no half-written export: \(left)")
        s.send(["id": 3, "op": "execute", "code": "count"])
        let after = s.reply(3)
        #expect(after.reply?["status"] as? String == "ok")
        #expect(((after.events.first?["data"] as? [String: Any])?["text/plain"] as? String)?.contains("30000") == true)
        s.send(["id": 4, "op": "shutdown"])
        #expect(s.reply(4).reply?["status"] as? String == "ok")
        #expect(s.close() == 0)
    }

    @Test("End of input ends the server with status 0; quit ends it after its reply")
    func endOfInputAndQuit() throws {
        let s = try ServeProcess()
        #expect(s.close() == 0)
        let q = try ServeProcess()
        q.send(["id": 1, "op": "execute", "code": "quit"])
        #expect(q.reply(1).reply?["quit"] as? Bool == true)
        #expect(q.close() == 0)
    }

    @Test("notebook export writes a script that --check accepts")
    func exportedNotebookPassesCheck() throws {
        let dir = makeTempDirectory()
        let nb = packageRoot + "/examples/notebooks/tour.ipynb"
        // Beside the notebook's data: the exported script loads ../roster-2024.json.
        try FileManager.default.createDirectory(atPath: dir + "/nb", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: packageRoot + "/examples/roster-2024.json", toPath: dir + "/roster-2024.json")
        let script = dir + "/nb/tour.zcs"
        let exp = try runZcsh(["notebook", "export", nb, "-o", script])
        #expect(exp.status == 0, "\(exp.output)")
        let again = try runZcsh(["notebook", "export", nb, "-o", script])
        #expect(again.status != 0 && again.output.contains("已存在"), "never overwrites without --force")
        let upd = try runZcsh(["--check", "--update", script])
        #expect(upd.status == 0, "\(upd.output)")
        let check = try runZcsh(["--check", script])
        #expect(check.status == 0 && check.output.contains("ok "), "\(check.output)")
        let out = try String(contentsOfFile: dir + "/nb/tour.out", encoding: .utf8)
        #expect(out.contains("已载入 240 名申报人"))
        #expect(out.contains("1:13: error: 未知字段 `levle`"), "the notebook's error cell is the script's last command")
    }

    @Test("report -o X.ipynb writes a notebook; jupyter install --prefix writes the kernelspec")
    func reportToNotebookAndInstall() throws {
        let dir = makeTempDirectory()
        try "set as-of 2024-12-31\nload \(packageRoot)/examples/roster-2024.json\n# 计数\ncount by level\n".write(toFile: dir + "/s.zcs", atomically: true, encoding: .utf8)
        let r = try runZcsh(["report", dir + "/s.zcs", "-o", dir + "/s.ipynb"])
        #expect(r.status == 0, "\(r.output)")
        let nb = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/s.ipynb"))) as? [String: Any]
        #expect((nb?["cells"] as? [Any])?.count == 3)
        let i = try runZcsh(["jupyter", "install", "--prefix", dir + "/venv", "--python", "/usr/bin/python3"])
        #expect(i.status == 0, "\(i.output)")
        let spec = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/venv/share/jupyter/kernels/zcsh/kernel.json"))) as? [String: Any]
        let env = spec?["env"] as? [String: String]
        #expect(env?["ZCSH_BINARY"].map { FileManager.default.isExecutableFile(atPath: $0) } == true, "\(env ?? [:])")
        #expect(env?["PYTHONPATH"] == packageRoot + "/jupyter")
        let both = try runZcsh(["jupyter", "install", "--user", "--prefix", dir])
        #expect(both.status != 0)
    }
}
