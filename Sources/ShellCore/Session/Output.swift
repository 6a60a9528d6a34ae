import Foundation

/// Where a session writes: results to `out`, diagnostics and warnings to `err`.
/// Tests and `report` capture both, in order, through `CapturingOutput`.
public protocol OutputSink: AnyObject {
    func write(_ text: String)
    func writeError(_ text: String)
    /// Whether output goes to a terminal (colour, paging).
    var isTerminal: Bool { get }
    /// Terminal width in columns, when known.
    var terminalWidth: Int? { get }
}

/// Standard output and standard error, line-buffered.
public final class StandardOutput: OutputSink {
    public let isTerminal: Bool
    public init() { isTerminal = isatty(STDOUT_FILENO) != 0 }

    public func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
    public func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
    public var terminalWidth: Int? {
        guard isTerminal else { return nil }
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        return nil
    }
}

/// Collects everything written, results and errors interleaved in order.
public final class CapturingOutput: OutputSink {
    public private(set) var text = ""
    public private(set) var chunks: [(isError: Bool, text: String)] = []
    public var isTerminal: Bool = false
    public var terminalWidth: Int? = nil
    public init() {}
    public func write(_ s: String) { text += s; chunks.append((false, s)) }
    public func writeError(_ s: String) { text += s; chunks.append((true, s)) }
    public func reset() { text = ""; chunks = [] }
}
