import Foundation
import TestSupport

/// The built `zcsh` at a pseudo-terminal that is its controlling terminal (its own
/// session), so Ctrl-C typed while a command runs raises SIGINT as in a real terminal,
/// and Ctrl-C at the prompt reaches libedit as a key.
final class Terminal {
    let pid: pid_t
    private let master: Int32
    private(set) var raw: [UInt8] = []
    private(set) var exitStatus: Int32?
    let stateHome: String

    init(_ arguments: [String] = ["--load", examplePath("roster-2024.json")], columns: UInt16 = 100, rows: UInt16 = 30,
         environment: [String: String] = [:], directory: String? = nil, stateHome: String? = nil) throws {
        var m: Int32 = 0, s: Int32 = 0
        var ws = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&m, &s, nil, nil, &ws) == 0 else { throw POSIXError(.ENOTTY) }
        master = m
        guard let name = ttyname(s) else { close(m); close(s); throw POSIXError(.ENOTTY) }
        let slaveName = String(cString: name)
        close(s)
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        self.stateHome = stateHome ?? makeTempDirectory()

        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        env["PAGER"] = nil
        env["TERM"] = "xterm-256color"
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = nil
        env["XDG_STATE_HOME"] = self.stateHome
        for (k, v) in environment { env[k] = v.isEmpty ? nil : v }

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // A new session, default SIGINT and nothing blocked: the test runner's signal
        // state must not leak into the shell.
        posix_spawnattr_setflags(&attr, Int16(0x80 /* POSIX_SPAWN_SETSID (glibc) */ | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGINT, SIGPIPE, SIGQUIT, SIGTSTP] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let directory { _ = spawnAddChdir(&actions, directory) }
        posix_spawn_file_actions_addclose(&actions, master)
        // Opened after setsid: becomes the controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slaveName, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        let argv = [zcshBinary] + arguments
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var p: pid_t = 0
        let rc = posix_spawn(&p, zcshBinary, &actions, &attr, &cArgs, &cEnv)
        guard rc == 0 else { close(master); throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        pid = p
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var st: Int32 = 0
            waitpid(pid, &st, 0)
        }
        close(master)
    }

    /// Types keys: "\t" Tab, "\r" Enter, "\u{03}" Ctrl-C, "\u{04}" Ctrl-D, "\u{7F}" Backspace.
    func type(_ text: String) {
        let bytes = Array(text.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
            if n > 0 { off += n } else { usleep(10_000) }
        }
        // Let the program read the keys as typed, not as one paste.
        usleep(60_000)
        drain()
    }

    func drain() {
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(master, &buf, buf.count)
            if n <= 0 { break }
            raw.append(contentsOf: buf[0..<n])
        }
    }

    /// A position in the output; `waitFor(_:after:)` looks only past it.
    var mark: Int { drain(); return raw.count }

    /// Output after `mark`, with ANSI escapes, carriage returns and bells removed.
    func text(after mark: Int = 0) -> String { Terminal.plain(Array(raw[min(mark, raw.count)...])) }

    /// Timeouts are multiplied by `ZCSH_TEST_TIMEOUT_SCALE` (scripts/sanitize sets 10: code under
    /// ThreadSanitizer runs 5-20× slower, and a 100k-applicant load then takes minutes).
    static let scale: Double = {
        let v = ProcessInfo.processInfo.environment["ZCSH_TEST_TIMEOUT_SCALE"].flatMap(Double.init) ?? 1
        return v > 0 ? v : 1
    }()

    /// Waits (reading, not sleeping blindly) until `text` appears after `mark`.
    @discardableResult
    func waitFor(_ text: String, after mark: Int = 0, seconds: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(seconds * Terminal.scale)
        repeat {
            drain()
            if self.text(after: mark).contains(text) { return true }
            usleep(20_000)
        } while Date() < deadline
        return false
    }

    /// Waits for the prompt to come back after `mark` (a `]> ` or `zcsh> ` at the end).
    @discardableResult
    func waitForPrompt(after mark: Int, seconds: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(seconds * Terminal.scale)
        repeat {
            drain()
            let t = text(after: mark)
            if t.hasSuffix("]> ") || t.hasSuffix("zcsh> ") { return true }
            usleep(20_000)
        } while Date() < deadline
        return false
    }

    /// Waits for the program to end; its exit status, or nil on timeout.
    func waitForExit(seconds: Double = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds * Terminal.scale)
        repeat {
            drain()
            var st: Int32 = 0
            if waitpid(pid, &st, WNOHANG) == pid {
                drain()
                exitStatus = (st & 0x7f) == 0 ? (st >> 8) & 0xff : 128 + (st & 0x7f)
                return exitStatus
            }
            usleep(20_000)
        } while Date() < deadline
        return nil
    }

    static func plain(_ raw: [UInt8]) -> String {
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
            if raw[i] != 0x0D && raw[i] != 0x07 && raw[i] != 0x01 { out.append(raw[i]) }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

@_silgen_name("posix_spawn_file_actions_addchdir_np")
func spawnAddChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>) -> Int32
