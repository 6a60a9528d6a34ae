import RosterData
import ShellLang

/// `show [N] [EXPR, …]` — the rows of the view as a table (or CSV/JSON).
struct ShowCommand: ShellCommand {
    static let name = "show"
    static let group = CommandGroup.query
    static let summary = "显示当前视图的行（可指定行数和列）"
    static let usage = "show [N] [EXPR, …] [--all]"
    static let details = """
    不指定列时显示 select 选定的列，否则显示默认列（申报编号、姓名、工作单位、申报级别、申报方式、学历、现职称）。
    行数超过 max-rows（默认 20）时省略其余行；--all 显示全部。身份证号、联系电话默认打码（set mask off 关闭）。
    """
    static let examples = ["show 3", "show 3 name, 学历, title_since"]
    static let flags = [FlagSpec("--all", "显示全部行")]

    static let defaultColumns = ["id", "name", "unit", "level", "route", "degree", "title"]

    static func run(_ input: CommandInput, _ session: Session) throws {
        let state = try session.requireCurrent(input.sourceRange(input.nameRange))
        var limit: Int? = nil
        var first = 0
        if let w = input.words.first, let n = Int(w.text) {
            guard n >= 0 else { throw Diagnostic.failure("行数不能为负", range: input.sourceRange(w.range)) }
            limit = n; first = 1
        }
        var columns: [ColumnSpec] = []
        if first < input.words.count {
            var parser = try input.parser(from: first)
            for (e, text) in try session.parseExpressionList(&parser, input: input) {
                columns.append(ColumnSpec(header: session.columnLabel(text), source: text, expr: e, key: text))
            }
            try parser.expectEnd()
        } else if let selected = state.columns {
            columns = selected
        } else {
            columns = try defaultColumns.map { key in
                let src = SourceFile(name: "<default>", text: key)
                var p = try Parser(source: src)
                return ColumnSpec(header: FieldCatalog.types.field(named: key)?.label ?? key, source: key, expr: try p.parseExpression())
            }
        }
        var rows = state.view
        var omitted = 0
        if let limit { rows = Array(rows.prefix(limit)) }
        else if !input.has("--all"), session.settings.maxRows > 0, rows.count > session.settings.maxRows, session.settings.format == .table {
            omitted = rows.count - session.settings.maxRows
            rows = Array(rows.prefix(session.settings.maxRows))
        }
        var table = try session.evaluateTable(columns, rows: rows, state: state)
        table.omitted = omitted
        session.emit(table)
    }
}

extension Session {
    /// Evaluates columns over the given rows into a result table, marking personal columns.
    func evaluateTable(_ columns: [ColumnSpec], rows: [Int32], state: DatasetState) throws -> ResultTable {
        let compiled = try columns.map { try compile($0.expr, source: $0.source, in: state) }
        var t = ResultTable(columns: columns.map(\.header), keys: columns.map(\.key), personal: columns.map { mentionsPersonal($0.source) })
        t.rows.reserveCapacity(rows.count)
        for (n, r) in rows.enumerated() {
            if n & 4095 == 0, cancelRequested { throw Diagnostic.failure("已中断（Ctrl-C）") }
            t.rows.append(try compiled.map { try $0.evaluate(row: Int(r)) })
        }
        return t
    }

    /// Whether an expression's text names a personal field (身份证号, 联系电话).
    func mentionsPersonal(_ text: String) -> Bool {
        FieldCatalog.types.fields.contains { $0.isPersonal && (text.contains($0.key) || text.contains($0.label)) }
            || (current?.personalDerived.contains { text.contains($0) } ?? false)
    }
}
