import RosterData
import ShellLang

/// A loaded dataset with its view: the rows in view (indices into the dataset, in view
/// order), the columns `select` chose, derived column values, and the undo stack.
public final class DatasetState {
    public let dataset: Dataset
    public var view: [Int32]
    /// Columns chosen by `select` (nil: the default columns).
    public var columns: [ColumnSpec]?
    /// `select … as NAME` values, indexed by dataset row.
    public var derived: [String: [Value]] = [:]
    /// Derived columns computed from personal data (`select id_number as x`): masked like it.
    public var personalDerived: Set<String> = []
    /// A description of each step that made the view (`filter …`, `sort …`).
    public var steps: [String] = []
    var undoStack: [Snapshot] = []

    struct Snapshot {
        var view: [Int32]
        var columns: [ColumnSpec]?
        var derived: [String: [Value]]
        var steps: [String]
    }

    public init(dataset: Dataset) {
        self.dataset = dataset
        self.view = (0..<Int32(dataset.count)).map { $0 }
    }

    /// Saves the current view so `undo` can bring it back.
    public func pushUndo() {
        undoStack.append(Snapshot(view: view, columns: columns, derived: derived, steps: steps))
        if undoStack.count > 50 { undoStack.removeFirst() }
    }

    /// Restores the last saved view; false when there is none.
    public func undo() -> Bool {
        guard let s = undoStack.popLast() else { return false }
        view = s.view; columns = s.columns; derived = s.derived; steps = s.steps
        return true
    }

    public func reset() {
        pushUndo()
        view = (0..<Int32(dataset.count)).map { $0 }
        columns = nil
        derived = [:]
        steps = []
    }
}

/// A result column: its header and the expression that computes it.
public struct ColumnSpec {
    /// What a person reads above the column (Chinese: `Session.columnLabel`).
    public var header: String
    public var source: String
    public var expr: Expr
    /// The column's name in machine output (CSV header, JSON key, `--labels en`): the
    /// expression's text or its `as` name.
    public var key: String
    public init(header: String, source: String, expr: Expr, key: String? = nil) {
        self.header = header; self.source = source; self.expr = expr; self.key = key ?? header
    }
}
