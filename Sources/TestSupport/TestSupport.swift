import Foundation
import RosterData
import ShellCore
import ShellLang

/// The package's root folder (where Package.swift is), found from this file's path.
public let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
    }
    return FileManager.default.currentDirectoryPath
}()

/// `examples/roster-2024.json` and friends.
public func examplePath(_ name: String) -> String { packageRoot + "/examples/" + name }

/// The built `zcsh` executable next to the test bundle.
public var zcshBinary: String {
    let bundle = Bundle.main.bundleURL
    for dir in [bundle.deletingLastPathComponent(), bundle] {
        let p = dir.appendingPathComponent("zcsh").path
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return packageRoot + "/.build/debug/zcsh"
}

/// A session writing into memory, with a fixed clock, as scripts see it.
public func makeSession(interactive: Bool = false, today: Day = Day(2024, 10, 8)!) -> (Session, CapturingOutput) {
    let out = CapturingOutput()
    let s = Session(output: out, interactive: interactive)
    s.today = { today }
    return (s, out)
}

/// Runs command text in a fresh (or the given) session; returns everything printed.
@discardableResult
public func run(_ text: String, in session: Session? = nil, name: String = "<test>") -> (output: String, ok: Bool) {
    let (s, out) = session.map { ($0, $0.output as! CapturingOutput) } ?? makeSession()
    chdirToRoot()
    let mark = out.text.count
    let ok = ScriptRunner(session: s).run(SourceFile(name: name, text: text))
    return (String(out.text.dropFirst(mark)), ok)
}

/// Runs an example script as `zcsh --echo FILE` does, from the package root.
public func runTranscript(_ path: String) -> (output: String, ok: Bool) {
    chdirToRoot()
    let (s, out) = makeSession()
    let rel = path.hasPrefix(packageRoot + "/") ? String(path.dropFirst(packageRoot.count + 1)) : path
    guard let source = try? ScriptRunner.readScript(path: path, displayName: rel) else { return ("cannot read \(path)", false) }
    let ok = ScriptRunner(session: s, echo: true).run(source)
    return (out.text, ok)
}

public func chdirToRoot() {
    if FileManager.default.currentDirectoryPath != packageRoot {
        let moved = FileManager.default.changeCurrentDirectoryPath(packageRoot)
        precondition(moved, "cannot change to the package root \(packageRoot)")
    }
}

/// Runs the zcsh binary; returns stdout+stderr (merged, in order) and the exit status.
/// The zcsh binary as a process, run from the package root, without colour.
func zcshProcess(_ args: [String], environment: [String: String] = [:]) -> Process {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: zcshBinary)
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (k, v) in environment { env[k] = v }
    p.environment = env
    return p
}

public func runZcsh(_ args: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> (output: String, status: Int32) {
    let p = zcshProcess(args, environment: environment)
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    let inPipe = Pipe()
    p.standardInput = inPipe
    try p.run()
    if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? inPipe.fileHandleForWriting.close()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (String(decoding: data, as: UTF8.self), p.terminationStatus)
}

/// Runs the zcsh binary with stdout and stderr kept apart (stderr through a temp file, so a
/// large output on either cannot block the other).
public func runZcshSeparately(_ args: [String]) throws -> (stdout: String, stderr: String, status: Int32) {
    let p = zcshProcess(args)
    let errPath = NSTemporaryDirectory() + "zcsh-stderr-" + UUID().uuidString
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)  // FileHandle below throws if it is missing
    defer { try? FileManager.default.removeItem(atPath: errPath) }
    let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = errHandle
    p.standardInput = FileHandle.nullDevice
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    try? errHandle.close()
    let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    return (String(decoding: data, as: UTF8.self), err, p.terminationStatus)
}

/// A fresh temporary folder.
public func makeTempDirectory() -> String {
    let dir = NSTemporaryDirectory() + "zcsh-test-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}
