/// Values to spreadsheet cells for `export xlsx`, and the workbook bytes.
extension ExportPlan {
    /// `.date` → date cell, numbers → number cells (an integer Excel cannot hold exactly → text),
    /// booleans → logical cells, lists and objects → their CSV text, not known → empty.
    func spreadsheetCell(_ v: Value) -> SpreadsheetCell {
        RosterExporter.spreadsheetCell(v)
    }
}

extension RosterExporter {
    static func spreadsheetCell(_ v: Value) -> SpreadsheetCell {
        switch v {
        case .null: return .empty
        case .bool(let b): return .bool(b)
        case .int(let i): return abs(i) < 1_000_000_000_000_000 ? .number(Double(i)) : .text(String(i))
        case .double(let d): return d.isFinite ? .number(d) : .empty
        case .string(let s): return s.isEmpty ? .empty : .text(s)
        case .date(let d): return .date(d)
        case .list, .object: return .text(plainCellText(v))
        }
    }
}

/// The bytes of a one-sheet workbook; errors name `file`.
func xlsxBytes(sheetName: String, columns: [XLSXColumn], rows: [[SpreadsheetCell]], file: String) throws(RosterError) -> [UInt8] {
    do {
        return try XLSXWriter.data(sheetName: sheetName, columns: columns, rows: rows)
    } catch let e as RosterError {
        var e = e
        e.file = file
        throw e
    } catch {
        throw RosterError(file: file, message: "无法生成 Excel 工作簿：\(error)")
    }
}
