import RosterData

/// How results are printed: aligned tables for people, CSV or JSON for programs.
/// `json` prints each command's result as one JSON document (an array of row objects, a row
/// per line); `jsonl` prints the same document on one line, so each line of the output is
/// one command's result. With every format but `table`, status lines go to stderr.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, json, jsonl

    /// `json` or `jsonl`.
    public var isJSON: Bool { self == .json || self == .jsonl }
}

/// What `set` changes. Scripts start from the same defaults on every machine.
public struct Settings: Sendable {
    /// The as-of date for `years()`, deadlines and the like.
    public var asOf: Day?
    /// Whether `asOf` was set explicitly (`set as-of`, `--as-of`), not taken from the clock.
    public var asOfExplicit = false
    public var format: OutputFormat = .table
    /// Mask 身份证号 and 联系电话 on screen.
    public var mask = true
    /// Rows shown before `… N more rows`; 0 shows everything.
    public var maxRows = 20
    /// Print the wall time of each command.
    public var timer = false
    /// ANSI colour (only on a terminal, and never with NO_COLOR).
    public var color = false
    public init() {}
}
