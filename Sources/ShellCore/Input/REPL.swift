import Foundation
import RosterData
import ShellLang

/// The interactive loop: prompt, read (with continuation lines while the entry is
/// incomplete), add the whole entry to history, run it. Ctrl-C abandons the entry and
/// keeps the shell; Ctrl-D on an empty line quits.
public final class REPL {
    public let session: Session
    public let reader: LineReader
    private var entryNumber = 0

    public init(session: Session, reader: LineReader) {
        self.session = session
        self.reader = reader
        session.historyProvider = { [weak reader] in reader?.history ?? [] }
    }

    /// `zcsh[roster-2024: 61/240]> `
    public var prompt: String {
        guard let c = session.current else { return session.paint("zcsh", .green) + "> " }
        let count = c.view.count == c.dataset.count ? "\(c.dataset.count)" : "\(c.view.count)/\(c.dataset.count)"
        return session.paint("zcsh", .green) + "[" + session.paint(c.dataset.name, .cyan) + ": \(count)]> "
    }

    public static let continuationPrompt = "   ...> "

    public func run() {
        while !session.quitRequested {
            var entry = ""
            var first = true
            var abandoned = false
            while true {
                let input = reader.read(prompt: first ? prompt : session.paint(REPL.continuationPrompt, .dim))
                switch input {
                case .endOfFile:
                    if entry.isEmpty { reader.close(); return }
                    abandoned = true   // Ctrl-D inside an open entry drops it
                case .interrupted:
                    abandoned = true
                case .line(let l):
                    entry += first ? l : "\n" + l
                }
                if abandoned { break }
                first = false
                if CommandSplitter.isComplete(entry) { break }
            }
            if abandoned { continue }
            guard !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
            reader.addHistory(entry)
            entryNumber += 1
            let source = SourceFile(name: "<repl:\(entryNumber)>", text: entry)
            for piece in CommandSplitter.split(entry) {
                if !session.execute(source, range: piece.range) { break }
                if session.quitRequested { break }
            }
        }
        reader.close()
    }
}
