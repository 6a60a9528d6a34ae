import RosterData
import ShellLang

/// `select EXPR [as NAME], …` — chooses the view's columns; `as NAME` makes a derived
/// column that later commands can use by name (`filter 工龄 >= 10`).
struct SelectCommand: ShellCommand {
    static let name = "select"
    static let group = CommandGroup.query
    static let summary = "选定列（可用 as 起名，生成后续命令可用的派生列）"
    static let usage = "select EXPR [as NAME], …"
    static let examples = ["select name, years(title_since) as 任职年数", "show 3"]

    static func run(_ input: CommandInput, _ session: Session) throws {
        let state = try session.requireCurrent(input.sourceRange(input.nameRange))
        var parser = try input.parser()
        guard !parser.isAtEnd else { throw Diagnostic.failure("select 需要至少一个表达式", range: input.sourceRange(input.nameRange)) }
        var specs: [ColumnSpec] = []
        var derived = state.derived
        repeat {
            let e = try parser.parseExpression()
            let text = input.source.text(of: e.range)
            var header = text
            var newName: String? = nil
            if parser.consumeKeyword("as") {
                guard let (n, nameRange) = parser.consumeIdentifier() else {
                    throw Diagnostic.failure("as 后应为列名", range: parser.currentRange)
                }
                if FieldCatalog.standard.slot(of: n) != nil {
                    throw Diagnostic.failure("列名 `\(n)` 与花名册字段重名", range: nameRange, help: "换一个名字，例如 `\(n)_2`")
                }
                header = n; newName = n
            }
            if let newName {
                session.environment.derivedColumns = derived
                let c = try session.compile(e, source: text, in: state)
                var column = [Value](repeating: .null, count: state.dataset.count)
                for r in state.view { column[Int(r)] = try c.evaluate(row: Int(r)) }
                derived[newName] = column
                if session.mentionsPersonal(text) { state.personalDerived.insert(newName) }
                session.environment.derivedColumns = derived
                let src = SourceFile(name: "<select>", text: newName)
                var p = try Parser(source: src)
                specs.append(ColumnSpec(header: header, source: newName, expr: try p.parseExpression()))
            } else {
                specs.append(ColumnSpec(header: header, source: text, expr: e))
            }
        } while parser.consume(",")
        try parser.expectEnd()
        state.pushUndo()
        state.derived = derived
        state.columns = specs
        state.steps.append("select " + input.text())
        session.environment.derivedColumns = derived
        let shown = session.settings.maxRows > 0 ? Array(state.view.prefix(session.settings.maxRows)) : state.view
        var table = try session.evaluateTable(specs, rows: shown, state: state)
        table.omitted = state.view.count - shown.count
        session.emit(table)
    }
}
