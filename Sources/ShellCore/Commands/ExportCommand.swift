import Foundation
import RosterData
import ShellLang

/// `export csv|json|jsonl|xlsx FILE [EXPR, …]` — writes the view. Without expressions the
/// whole records go out (and load back the same); with them, or after `select`, a table.
struct ExportCommand: ShellCommand {
    static let name = "export"
    static let group = CommandGroup.export
    static let summary = "导出当前视图为 CSV、JSON、JSONL 或 XLSX 文件"
    static let usage = "export csv|json|jsonl|xlsx FILE [EXPR [as NAME], …] [--force] [--bom] [--mask] [--labels zh|en] [--encoding utf8|gb18030] [--roster-order] [--all]"
    static let details = """
    不指定表达式时导出完整记录（再次 load 得到相同的记录）；指定表达式或先 select 时导出这些列。
    `EXPR as NAME` 与 select 相同：NAME 为列名，后面的列可用；这些名字只在本次导出中有效。
    已存在的文件不覆盖，除非 --force。先写同目录下的临时文件 .NAME.zcsh-tmp-PID 再改名：目标文件要么是原来的，\
    要么是完整的新文件。写入失败（磁盘已满、超过文件大小限制、没有写入权限）时删去临时文件并报出路径；\
    只有进程被强行杀死（SIGKILL）时会留下这个临时文件，可以直接删除。
    导出保留身份证号、联系电话原文；--mask 打码。--roster-order 按花名册顺序（附件3）导出。
    xlsx：一个工作表（完整记录为“花名册”，表格为“导出”），表头默认中文（--labels en 用英文键名），\
    首行冻结，列宽按中文显示宽度调整，日期为 Excel 日期单元格，身份证号、联系电话等文本列存为文本；\
    列表字段按 CSV 的方式展开为多列（继续教育_2023_公需 …）。
    csv：UTF-8，表头默认英文键名（--labels zh 用中文）；--bom 写 UTF-8 BOM（新版 Excel 据此识别 UTF-8）；\
    --encoding gb18030 写 GB18030（旧版 Excel、WPS 直接打开不乱码；不能与 --bom 同用）。
    """
    static let examples = ["export csv out/engineers.csv", "export json out/view.json --force", "export csv out/names.csv name, unit",
                           "export xlsx out/花名册.xlsx --roster-order", "export csv out/旧版Excel.csv --encoding gb18030 --labels zh"]
    static let flags = [
        FlagSpec("--force", "覆盖已存在的文件"), FlagSpec("--bom", "写 UTF-8 BOM（Excel）"),
        FlagSpec("--mask", "身份证号、联系电话打码"), FlagSpec("--labels", value: true, "表头：zh（中文）或 en（英文键名）"),
        FlagSpec("--encoding", value: true, "CSV 编码：utf8（默认）或 gb18030"),
        FlagSpec("--roster-order", "按花名册顺序导出"), FlagSpec("--all", "导出整个数据集而非当前视图"),
    ]

    static func run(_ input: CommandInput, _ session: Session) throws {
        let state = try session.requireCurrent(input.sourceRange(input.nameRange))
        let w = input.words
        guard w.count >= 2 else {
            throw Diagnostic.failure("export 需要格式和文件名", range: input.argumentsRange, help: "用法：\(usage)")
        }
        guard let format = RosterFileFormat(rawValue: w[0].text.lowercased()) else {
            throw Diagnostic.failure("未知导出格式 `\(w[0].text)`", range: input.sourceRange(w[0].range), help: "可用：csv json jsonl xlsx")
        }
        let path = session.resolvePath(w[1].text)
        var options = ExportOptions()
        options.force = input.has("--force")
        options.bom = input.has("--bom")
        options.mask = input.has("--mask")
        if format == .xlsx { options.labels = .chinese }
        if let l = input.flags["--labels"] {
            switch l.lowercased() {
            case "zh", "cn", "中文": options.labels = .chinese
            case "en", "keys": options.labels = .keys
            default: throw Diagnostic.failure("--labels 应为 zh 或 en", range: input.flagRanges["--labels"].map(input.sourceRange))
            }
        }
        if let e = input.flags["--encoding"] {
            switch e.lowercased().replacingOccurrences(of: "-", with: "") {
            case "utf8": options.encoding = .utf8
            case "gb18030", "gbk", "gb2312": options.encoding = .gb18030
            default: throw Diagnostic.failure("未知编码 `\(e)`", range: input.flagRanges["--encoding"].map(input.sourceRange), help: "可用：utf8 gb18030")
            }
            if format != .csv {
                throw Diagnostic.failure("--encoding 只用于 CSV 导出（\(format.rawValue) 总是 UTF-8）", range: input.flagRanges["--encoding"].map(input.sourceRange))
            }
            if options.encoding == .gb18030 && options.bom {
                throw Diagnostic.failure("--bom 是 UTF-8 的标记，不能与 --encoding gb18030 同用", range: input.flagRanges["--encoding"].map(input.sourceRange))
            }
        }
        var rows = input.has("--all") ? (0..<Int32(state.dataset.count)).map { $0 } : state.view
        if input.has("--roster-order") {
            guard let order = session.rosterOrder else { throw Diagnostic.failure("规则包未载入，无法按花名册排序") }
            rows = try order(state, rows)
        }
        var columns: [ColumnSpec]? = state.columns
        // `EXPR as NAME` as in select: NAME heads the column and later columns may use it;
        // the names last only for this export (the view's derived columns are put back).
        let oldDerived = state.derived
        defer { state.derived = oldDerived; session.environment.derivedColumns = oldDerived }
        if w.count > 2 {
            var parser = try input.parser(from: 2)
            columns = try exportColumns(&parser, input: input, rows: rows, state: state, session)
            try parser.expectEnd()
        }
        let written: Int
        do {
            if let columns {
                let table = try session.evaluateTable(columns, rows: rows, state: state)
                // --labels zh: the Chinese headers a person reads on screen; otherwise the expressions' text.
                written = try RosterExporter.writeTable(columns: options.labels == .chinese ? table.columns : table.keys, rows: table.rows,
                                                        personal: table.personal, format: format, to: path, options: options,
                                                        shouldCancel: { session.cancelRequested })
            } else {
                let applicants = rows.map { state.dataset.applicants[Int($0)] }
                // The file keeps the roster's year and notice, so it loads back the same.
                var o = options
                if o.year == nil { o.year = state.dataset.year }
                if o.notice == nil { o.notice = state.dataset.notice }
                written = try RosterExporter.write(applicants, extraKeys: state.dataset.extraKeys, format: format, to: path,
                                                   options: o, shouldCancel: { session.cancelRequested })
            }
        } catch let e as RosterError {
            throw Diagnostic.failure(e.description, range: input.sourceRange(w[1].range),
                                     help: e.message.contains("--force") ? nil : nil)
        }
        session.info("已写入 \(written) 行到 \(w[1].text)")
    }

    static func exportColumns(_ parser: inout Parser, input: CommandInput, rows: [Int32], state: DatasetState,
                              _ session: Session) throws -> [ColumnSpec] {
        var specs: [ColumnSpec] = []
        repeat {
            let e = try parser.parseExpression()
            let text = input.source.text(of: e.range)
            guard parser.consumeKeyword("as") else { specs.append(ColumnSpec(header: session.columnLabel(text), source: text, expr: e, key: text)); continue }
            guard let (n, nameRange) = parser.consumeIdentifier() else {
                throw Diagnostic.failure("as 后应为列名", range: parser.currentRange)
            }
            if FieldCatalog.types.slot(of: n) != nil {
                throw Diagnostic.failure("列名 `\(n)` 与花名册字段重名", range: nameRange, help: "换一个名字，例如 `\(n)_2`")
            }
            let c = try session.compile(e, source: text, in: state)
            var column = state.derived[n] ?? [Value](repeating: .null, count: state.dataset.count)
            for (i, r) in rows.enumerated() {
                if i & 4095 == 0, session.cancelRequested { throw Diagnostic.failure("已中断（Ctrl-C）") }
                column[Int(r)] = try c.evaluate(row: Int(r))
            }
            state.derived[n] = column
            var p = try Parser(source: SourceFile(name: "<export>", text: n))
            // The source keeps the expression's text: masking follows what the column reads.
            specs.append(ColumnSpec(header: n, source: text, expr: try p.parseExpression()))
        } while parser.consume(",")
        return specs
    }
}
