import Foundation

/// Drives a program through a pseudo-terminal, as a person at a keyboard would: type
/// keys, wait for text to appear. The program sees a real TTY (libedit, prompts, colour).
public final class PseudoTerminal {
    public let process = Process()
    private let master: Int32
    private let slave: Int32
    /// Everything the program wrote, ANSI escapes and all.
    public private(set) var raw: [UInt8] = []

    public init(_ executable: String, _ arguments: [String], columns: UInt16 = 100, rows: UInt16 = 30,
                environment: [String: String] = [:], directory: String? = nil) throws {
        var m: Int32 = 0, s: Int32 = 0
        var ws = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&m, &s, nil, nil, &ws) == 0 else { throw POSIXError(.ENOTTY) }
        master = m; slave = s
        let flags = fcntl(master, F_GETFL)
        _ = fcntl(master, F_SETFL, flags | O_NONBLOCK)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm-256color"
        env["LANG"] = "C.UTF-8"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master); close(slave)
    }

    /// Types text (use "\t" for Tab, "\u{03}" for Ctrl-C, "\u{04}" for Ctrl-D, "\r" for Enter).
    public func type(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { _ = write(master, $0.baseAddress, $0.count) }
        usleep(30_000)
    }

    /// Reads what is available for up to `seconds`, until `text` appears in the output
    /// (ANSI escapes removed). Returns whether it appeared.
    @discardableResult
    public func waitFor(_ text: String, seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            drain()
            if plainText.contains(text) { return true }
            usleep(20_000)
        }
        return plainText.contains(text)
    }

    public func drain() {
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(master, &buf, buf.count)
            if n <= 0 { break }
            raw.append(contentsOf: buf[0..<n])
        }
    }

    /// The output with ANSI escape sequences and carriage returns removed.
    public var plainText: String {
        var out: [UInt8] = []
        var i = 0
        while i < raw.count {
            if raw[i] == 0x1B {
                i += 1
                if i < raw.count, raw[i] == UInt8(ascii: "[") {
                    i += 1
                    while i < raw.count, !(0x40...0x7E).contains(raw[i]) { i += 1 }
                }
                i += 1
                continue
            }
            if raw[i] != 0x0D && raw[i] != 0x07 { out.append(raw[i]) }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Waits for the program to end; returns its status (nil on timeout).
    public func waitForExit(seconds: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { drain(); usleep(20_000) }
        drain()
        return process.isRunning ? nil : process.terminationStatus
    }
}
