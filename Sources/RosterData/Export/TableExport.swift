import Foundation

/// Exports a computed table (`export csv FILE name, unit`, or after `select`): the same
/// safe write as full records, with CSV per RFC 4180, JSON as an array of objects with
/// the column headers as keys (stable order), JSON Lines, or an Excel workbook (one sheet 导出:
/// header frozen, widths fitted, date columns as date cells, personal columns as text).
extension RosterExporter {
    @discardableResult
    public static func writeTable(columns: [String], rows: [[Value]], personal: [Bool], format: RosterFileFormat,
                                  to path: String, options: ExportOptions,
                                  shouldCancel: () -> Bool = { false }) throws(RosterError) -> Int {
        func cell(_ v: Value, _ c: Int) -> Value {
            if options.mask, c < personal.count, personal[c], case .string(let s) = v { return .string(maskPersonal(s)) }
            return v
        }
        if format == .xlsx {
            var bytes = try tableWorkbook(columns: columns, rows: rows, personal: personal, cell: cell, file: path, shouldCancel: shouldCancel)
            return try SafeFile.write(path: path, force: options.force) { (sink: (inout [UInt8]) throws(RosterError) -> Void) throws(RosterError) -> Int in
                try sink(&bytes)
                return rows.count
            }
        }
        return try SafeFile.write(path: path, force: options.force) { (rawSink: (inout [UInt8]) throws(RosterError) -> Void) throws(RosterError) -> Int in
            var out: [UInt8] = []
            let gb = format == .csv && options.encoding == .gb18030 ? GB18030Encoder(file: path) : nil
            func sink(_ chunk: inout [UInt8]) throws(RosterError) {
                guard let gb else { return try rawSink(&chunk) }
                var converted = try gb.convert(chunk)
                chunk.removeAll(keepingCapacity: true)
                try rawSink(&converted)
            }
            switch format {
            case .csv:
                if options.bom && gb == nil { out += [0xEF, 0xBB, 0xBF] }
                out += columns.map(csvQuoted).joined(separator: ",").utf8
                out.append(0x0A)
                for (n, row) in rows.enumerated() {
                    if n % 1000 == 999, shouldCancel() { throw RosterError(file: path, message: "已中断，未写入文件") }
                    out += columns.indices.map { c in csvQuoted(plainCellText(cell(c < row.count ? row[c] : .null, c))) }
                        .joined(separator: ",").utf8
                    out.append(0x0A)
                    if out.count > 1 << 16 { try sink(&out) }
                }
            case .json, .jsonl:
                if format == .json { out += Array("[".utf8) }
                for (n, row) in rows.enumerated() {
                    if n % 1000 == 999, shouldCancel() { throw RosterError(file: path, message: "已中断，未写入文件") }
                    if format == .json { out += Array((n == 0 ? "\n  " : ",\n  ").utf8) }
                    var rec = Record()
                    for c in columns.indices { rec.keys.append(columns[c]); rec.values.append(cell(c < row.count ? row[c] : .null, c)) }
                    JSONWriter.appendValue(.object(rec), to: &out)
                    if format == .jsonl { out.append(0x0A) }
                    if out.count > 1 << 16 { try sink(&out) }
                }
                if format == .json { out += Array((rows.isEmpty ? "]\n" : "\n]\n").utf8) }
            case .xlsx: break
            }
            try sink(&out)
            return rows.count
        }
    }

    /// A table as a one-sheet workbook: a column whose known values are all dates is a date column,
    /// a personal column (身份证号, 联系电话) a text column.
    static func tableWorkbook(columns: [String], rows: [[Value]], personal: [Bool], cell: (Value, Int) -> Value,
                              file: String, shouldCancel: () -> Bool) throws(RosterError) -> [UInt8] {
        var isDate = [Bool](repeating: true, count: columns.count)
        var sawValue = [Bool](repeating: false, count: columns.count)
        var cells: [[SpreadsheetCell]] = []
        cells.reserveCapacity(rows.count)
        for (n, row) in rows.enumerated() {
            if n % 1000 == 999, shouldCancel() { throw RosterError(file: file, message: "已中断，未写入文件") }
            var out: [SpreadsheetCell] = []
            out.reserveCapacity(columns.count)
            for c in columns.indices {
                let v = cell(c < row.count ? row[c] : .null, c)
                switch v {
                case .null: break
                case .date: sawValue[c] = true
                default: sawValue[c] = true; isDate[c] = false
                }
                out.append(spreadsheetCell(v))
            }
            cells.append(out)
        }
        let sheetColumns = columns.indices.map { c in
            XLSXColumn(header: columns[c], isDate: isDate[c] && sawValue[c], isText: c < personal.count && personal[c])
        }
        return try xlsxBytes(sheetName: "导出", columns: sheetColumns, rows: cells, file: file)
    }

    static func csvQuoted(_ s: String) -> String {
        if s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// A value as one CSV cell: dates ISO, bools `true`/`false`, lists joined with `;`,
    /// objects as JSON. Shared by record and table exports.
    static func plainCellText(_ v: Value) -> String {
        switch v {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? d.description : ""
        case .string(let s): return s
        case .date(let d): return d.description
        case .list(let items):
            return items.map { item -> String in
                if case .string(let s) = item { return s }
                return plainCellText(item)
            }.joined(separator: ";")
        case .object:
            var out: [UInt8] = []
            JSONWriter.appendValue(v, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }
}
