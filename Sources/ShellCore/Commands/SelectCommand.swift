import RosterData
import ShellLang

/// `select EXPR [as NAME], …` — chooses the view's columns; `as NAME` makes a derived
/// column that later commands can use by name (`filter 工龄 >= 10`).
struct SelectCommand: ShellCommand {
    static let name = "select"
    static let group = CommandGroup.query
    static let summary = "选定列（可用 as 起名，生成后续命令可用的派生列）"
    static let usage = "select EXPR [as NAME], …"
    static let details = "同一 select 中，后面的列可用前面起的名字（`select years(title_since) as y, y + 1 as z`）；名字不能与花名册字段重名，可与函数的中文名相同。"
    static let examples = ["select name, years(title_since) as 任职年数", "select years(title_since) as y, y + 1 as z", "show 3"]

    static func run(_ input: CommandInput, _ session: Session) throws {
        let state = try session.requireCurrent(input.sourceRange(input.nameRange))
        // Nothing changes until every column and the shown rows are computed: an error or
        // Ctrl-C leaves the view, its columns and derived columns as they were.
        let oldPersonal = state.personalDerived, oldDerived = state.derived
        var specs: [ColumnSpec] = []
        var derived = state.derived
        let table: ResultTable
        let shown = session.settings.maxRows > 0 ? Array(state.view.prefix(session.settings.maxRows)) : state.view
        do {
            var parser = try input.parser()
            guard !parser.isAtEnd else { throw Diagnostic.failure("select 需要至少一个表达式", range: input.sourceRange(input.nameRange)) }
            repeat {
                let e = try parser.parseExpression()
                let text = input.source.text(of: e.range)
                var header = text
                var newName: String? = nil
                if parser.consumeKeyword("as") {
                    guard let (n, nameRange) = parser.consumeIdentifier() else {
                        throw Diagnostic.failure("as 后应为列名", range: parser.currentRange)
                    }
                    if FieldCatalog.types.slot(of: n) != nil {
                        throw Diagnostic.failure("列名 `\(n)` 与花名册字段重名", range: nameRange, help: "换一个名字，例如 `\(n)_2`")
                    }
                    header = n; newName = n
                }
                // Names made earlier in this `select` are usable in later columns.
                state.derived = derived
                if let newName {
                    let c = try session.compile(e, source: text, in: state)
                    var column = [Value](repeating: .null, count: state.dataset.count)
                    for (n, r) in state.view.enumerated() {
                        if n & 4095 == 0, session.cancelRequested { throw Diagnostic.failure("已中断（Ctrl-C），视图未改变") }
                        column[Int(r)] = try c.evaluate(row: Int(r))
                    }
                    derived[newName] = column
                    if session.mentionsPersonal(text) { state.personalDerived.insert(newName) }
                    session.environment.derivedColumns = derived
                    let src = SourceFile(name: "<select>", text: newName)
                    var p = try Parser(source: src)
                    specs.append(ColumnSpec(header: header, source: newName, expr: try p.parseExpression()))
                } else {
                    specs.append(ColumnSpec(header: session.columnLabel(text), source: text, expr: e, key: text))
                }
            } while parser.consume(",")
            try parser.expectEnd()
            session.environment.derivedColumns = derived
            state.derived = derived   // the shown table reads the new columns by name
            table = try session.evaluateTable(specs, rows: shown, state: state)
        } catch {
            state.derived = oldDerived
            session.environment.derivedColumns = oldDerived
            state.personalDerived = oldPersonal
            throw error
        }
        state.derived = oldDerived
        state.pushUndo()
        state.derived = derived
        state.columns = specs
        state.steps.append("select " + input.text())
        session.environment.derivedColumns = derived
        var out = table
        out.omitted = state.view.count - shown.count
        session.emit(out)
    }
}
