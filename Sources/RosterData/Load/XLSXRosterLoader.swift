/// Excel rosters: one worksheet read by `XLSXReader` (the first visible one, or `LoadOptions.sheet`),
/// its cells turned into text by the kind of field each column holds, then built into applicants
/// exactly as CSV rows are (`CSVRosterLoader.load(grid:)`: same headers, flattening, booleans, enums).
///
/// The header is the first row that has any cell, after title rows. Cell to text, by the column's field:
/// - text cells as they are (a 身份证号 or a code with leading zeros stays as typed);
/// - date cells (serials in date-formatted cells) as `YYYY-MM-DD`, in date fields and in text fields alike;
/// - numbers as Excel shows them (`78`, `3.5`); a number in a date field is an error (the cell is not
///   formatted as a date, so `45474` could be anything);
/// - a number of 16 or more digits in a text field (a 身份证号 that Excel turned into a number) is an
///   error: Excel keeps only 15 significant digits, so `330802199001011234` is stored as
///   `330802199001011000` and the last digits are gone — loading it would put a wrong ID in the roster;
/// - logical cells as `true` / `false`.
///
/// Title rows above the header (one cell merged across columns) are skipped. Merged cells in the header
/// or the data are an error naming the range (only the top-left cell of a merge has a value; the others
/// would silently read as not known). Every error names the file, sheet and cell: `roster.xlsx: 工作表 Sheet1 单元格 C5：…`.
enum XLSXRosterLoader {
    static func load(_ bytes: [UInt8], file: String, options: LoadOptions) throws(RosterError) -> JSONRosterLoader.Output {
        let grid = try XLSXReader.read(bytes: bytes, fileName: file, sheet: options.sheet)
        return try load(grid: grid, file: file, catalog: options.catalog, lenient: options.lenient)
    }

    static func load(grid: SpreadsheetGrid, file: String, catalog: FieldCatalog, lenient: Bool) throws(RosterError) -> JSONRosterLoader.Output {
        let sheet = grid.sheetName
        func cellPlace(_ r: Int, _ c: Int) -> String { "工作表 \(sheet) 单元格 \(SpreadsheetGrid.reference(row: r, column: c))" }

        let merges = grid.mergedRanges.compactMap { r in parseRange(r).map { (r, $0) } }
        // The header: the first row with data, after title rows (one cell merged across columns,
        // as the 花名册 of the notice starts: “2024年度水利工程专业……申报人员花名册”).
        var headerRow = -1
        for (r, cells) in grid.rows.enumerated() {
            let filled = cells.indices.filter { !cells[$0].isEmpty }
            if filled.isEmpty { continue }
            let isTitle = filled.count == 1 && merges.contains { _, m in
                m.0 == r && m.1 == filled[0] && m.3 > m.1
            }
            if isTitle && grid.rows[(r + 1)...].contains(where: { $0.contains { !$0.isEmpty } }) { continue }
            headerRow = r
            break
        }
        guard headerRow >= 0 else {
            throw RosterError(file: file, message: "工作表没有数据（没有表头行）", place: "工作表 \(sheet)")
        }
        // Merged cells.
        for (range, (r1, c1, r2, c2)) in merges {
            if r2 < headerRow { continue }   // a title row above the header
            let at = "工作表 \(sheet) 单元格 \(range)"
            if r1 <= headerRow {
                throw RosterError(file: file, message: "表头（第 \(headerRow + 1) 行）有合并单元格 \(range)：每列须有自己的表头，"
                                  + "请在 Excel 中取消合并并为每列填写表头（多行表头请合并为一行，如 继续教育_2023_公需）", place: at)
            }
            if r1 == r2 && c1 == c2 { continue }
            throw RosterError(file: file, message: "数据区有合并单元格 \(range)：合并后只有左上角单元格有值，其余单元格会被当作空（未知）；"
                              + "请在 Excel 中取消合并并在每个单元格填写取值", place: at)
        }

        let header = grid.rows[headerRow]
        let width = header.count
        var headerText: [String] = []
        var kinds: [FieldKind?] = []
        var keys: [String?] = []
        var idColumn: Int? = nil
        for (c, cell) in header.enumerated() {
            let h = cell.text ?? ""
            if h.utf8.contains(0) {
                throw RosterError(file: file, value: h, message: "表头单元格中有 NUL 字符（U+0000，空字符，工作簿中写作 _x0000_）：请删去该字符",
                                  place: cellPlace(headerRow, c))
            }
            headerText.append(h)
            var kind: FieldKind? = nil, key: String? = nil
            if !trimBlanks(h).isEmpty, case .success(let col) = CSVColumn.parse(h) {
                (kind, key) = columnKind(col)
                if case .field(FieldCatalog.Slot.id) = col, idColumn == nil { idColumn = headerText.count - 1 }
            }
            kinds.append(kind); keys.append(key)
        }

        var rows: [CSVRosterLoader.Row] = [CSVRosterLoader.Row(cells: headerText, line: headerRow + 1)]
        rows.reserveCapacity(grid.rows.count - headerRow)
        var record = 0
        for r in (headerRow + 1)..<grid.rows.count {
            if r & 1023 == 0 { try LoadCancellation.check(file) }
            let cells = grid.rows[r]
            guard cells.contains(where: { !$0.isEmpty }) else { continue }
            record += 1
            let recordID = idColumn.flatMap { $0 < cells.count ? cells[$0].text : nil }.map(trimBlanks)
            var texts: [String] = []
            texts.reserveCapacity(width)
            for (c, cell) in cells.enumerated() {
                if c >= width {
                    if cell.isEmpty { continue }
                    throw RosterError(file: file, record: record, recordID: recordID, value: cell.text,
                                      message: "表头为空的列中有数据（第 \(headerRow + 1) 行此列没有表头）", place: cellPlace(r, c))
                }
                do throws(TypingProblem) {
                    texts.append(try text(of: cell, kind: kinds[c]))
                } catch {
                    throw RosterError(file: file, record: record, recordID: recordID, field: keys[c] ?? headerText[c],
                                      value: error.value, message: error.message, place: cellPlace(r, c))
                }
            }
            while texts.count < width { texts.append("") }
            rows.append(CSVRosterLoader.Row(cells: texts, line: r + 1))
        }
        return try CSVRosterLoader.load(grid: rows, file: file, sheet: sheet, catalog: catalog, lenient: lenient)
    }

    /// The kind and key of what a column holds; nil kind for unknown fields (kept as text).
    static func columnKind(_ col: CSVColumn) -> (FieldKind?, String?) {
        let catalog = FieldCatalog.types   // the kind decides how a cell becomes text; values are checked later
        switch col {
        case .field(let s): return (catalog.fields[s].kind, catalog.fields[s].key)
        case .count(let s): return (.int, catalog.fields[s].key)
        case .ce(_, let k): return (CSVColumn.ceSubs[k].kind, "continuing_education")
        case .assessment: return (CSVColumn.assessmentSubs[1].kind, "assessments")
        case .recommender(_, let k): return (CSVColumn.recommenderSubs[k].kind, "recommenders")
        case .performance(_, let k): return (CSVColumn.performanceSubs[k].kind, "performance")
        case .photo(let k): return (CSVColumn.photoSubs[k].kind, "photo")
        case .extra: return (nil, nil)
        }
    }

    /// A cell as the text a CSV cell would hold for a field of `kind` (nil: an unknown field).
    static func text(of cell: SpreadsheetCell, kind: FieldKind?) throws(TypingProblem) -> String {
        switch cell {
        case .empty: return ""
        case .text(let s):
            if s.utf8.contains(0) {
                throw TypingProblem(message: "单元格中有 NUL 字符（U+0000，空字符，工作簿中写作 _x0000_）：请删去该字符", value: s)
            }
            return s
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return d.description
        case .number(let x):
            let shown = SpreadsheetCell.numberText(x)
            switch kind {
            case .date?:
                throw TypingProblem(message: "单元格是数字而不是日期（未设置日期格式）：请把单元格设为日期格式，或写成 2024-07-01 这样的文本", value: shown)
            case .int?, .number?, .bool?:
                return shown
            default:
                // Text-like fields (string, enum, list of string, unknown fields).
                if x == x.rounded(), abs(x) >= 1e15 {
                    throw TypingProblem(message: "Excel 把这个号码存成了数字，只保留 15 位有效数字，末几位已丢失"
                                        + "（身份证号等长号码请把该列设为文本格式后重新输入，或在号码前加英文单引号 '）", value: shown)
                }
                return shown
            }
        }
    }

    /// `A1:C3` → 0-based (row1, column1, row2, column2); a single `B2` is a 1×1 range.
    static func parseRange(_ s: String) -> (Int, Int, Int, Int)? {
        func ref(_ t: Substring) -> (Int, Int)? {
            let bytes = Array(t.utf8)
            guard !bytes.isEmpty else { return nil }
            return bytes.withUnsafeBufferPointer { p in
                SheetHandler.parseReference(XMLBytes(start: p.baseAddress!, count: p.count)).map { ($0.0 - 1, $0.1) }
            }
        }
        let parts = s.split(separator: ":")
        guard parts.count == 1 || parts.count == 2, let a = ref(parts[0]) else { return nil }
        guard parts.count == 2, let b = ref(parts[1]) else { return (a.0, a.1, a.0, a.1) }
        return (min(a.0, b.0), min(a.1, b.1), max(a.0, b.0), max(a.1, b.1))
    }
}
