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

/// Closest candidates by edit distance, for "did you mean".
func suggestions(for word: String, among candidates: [String], limit: Int = 2) -> [String] {
    let w = Array(word.lowercased())
    let scored = candidates.map { c -> (String, Int) in (c, editDistance(w, Array(c.lowercased()))) }
    let maxDistance = max(1, min(3, w.count / 2))
    return scored.filter { $0.1 <= maxDistance }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        .prefix(limit).map(\.0)
}

func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}
