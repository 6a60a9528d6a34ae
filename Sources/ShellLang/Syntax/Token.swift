import RosterData

/// One token of the language.
public struct Token: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// A name: field, function, variable, keyword (`and`, `by`, `desc` …) — letters of any
        /// script, digits and `_`, not starting with a digit.
        case identifier(String)
        case integer(Int)
        case decimal(Double)
        /// A string literal's value (escapes resolved).
        case string(String)
        /// A date literal `YYYY-MM-DD`.
        case date(Day)
        /// `( ) [ ] , : . + - * / % == != < <= > >= = ! && ||`
        case punctuation(String)
    }

    public var kind: Kind
    /// The token's source text, exactly as written.
    public var text: String
    public var range: SourceRange

    public init(kind: Kind, text: String, range: SourceRange) {
        self.kind = kind; self.text = text; self.range = range
    }

    public var identifier: String? { if case .identifier(let s) = kind { return s } else { return nil } }
    public var punctuation: String? { if case .punctuation(let s) = kind { return s } else { return nil } }

    public func isPunctuation(_ p: String) -> Bool { punctuation == p }
    public func isIdentifier(_ w: String) -> Bool { identifier == w }

    public var description: String { text }
}
