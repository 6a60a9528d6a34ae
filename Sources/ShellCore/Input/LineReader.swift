import Foundation

/// What reading a line gave.
public enum LineInput: Equatable {
    case line(String)
    /// Ctrl-D on an empty line, or the end of input.
    case endOfFile
    /// Ctrl-C: abandon the entry being typed.
    case interrupted
}

/// Line input behind a protocol: libedit at a terminal, plain stdin otherwise, and
/// scripted input in tests.
public protocol LineReader: AnyObject {
    func read(prompt: String) -> LineInput
    /// Adds a whole (possibly multi-line) entry to the history.
    func addHistory(_ entry: String)
    var history: [String] { get }
    /// Saves history; called once at the end.
    func close()
}

/// Reads standard input without line editing (a terminal without libedit support).
public final class PlainLineReader: LineReader {
    public private(set) var history: [String] = []
    let showPrompt: Bool
    public init(showPrompt: Bool) { self.showPrompt = showPrompt }

    public func read(prompt: String) -> LineInput {
        if showPrompt { FileHandle.standardOutput.write(Data(prompt.utf8)) }
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfFile }
        return .line(line)
    }
    public func addHistory(_ entry: String) {
        if history.last != entry { history.append(entry) }
    }
    public func close() {}
}

/// Returns scripted lines, for tests of the REPL loop.
public final class ScriptedLineReader: LineReader {
    var inputs: [LineInput]
    public private(set) var history: [String] = []
    public private(set) var prompts: [String] = []
    public init(_ inputs: [LineInput]) { self.inputs = inputs }
    public func read(prompt: String) -> LineInput {
        prompts.append(prompt)
        return inputs.isEmpty ? .endOfFile : inputs.removeFirst()
    }
    public func addHistory(_ entry: String) { if history.last != entry { history.append(entry) } }
    public func close() {}
}
