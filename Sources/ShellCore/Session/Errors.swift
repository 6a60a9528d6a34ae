import RosterData
import ShellLang

extension Diagnostic {
    /// An error of a command, with where it happened and what to do.
    static func failure(_ message: String, range: SourceRange? = nil, help: String? = nil,
                        notes: [String] = []) -> Diagnostic {
        Diagnostic(.error, message, range: range, notes: notes, help: help)
    }

    /// A load or export error: its text already names file, record, field and value.
    static func roster(_ e: RosterError, range: SourceRange? = nil) -> Diagnostic {
        Diagnostic(.error, e.description)
    }
}
