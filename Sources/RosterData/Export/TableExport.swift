import Foundation

/// Exports a computed table (`export csv FILE name, unit`, or after `select`): the same
/// safe write as full records, with CSV per RFC 4180, JSON as an array of objects with
/// the column headers as keys (stable order), or JSON Lines.
extension RosterExporter {
    @discardableResult
    public static func writeTable(columns: [String], rows: [[Value]], personal: [Bool], format: RosterFileFormat,
                                  to path: String, options: ExportOptions,
                                  shouldCancel: () -> Bool = { false }) throws(RosterError) -> Int {
        guard format != .xlsx else { throw RosterError(file: path, message: "XLSX 导出请不带表达式（导出完整记录）") }
        return try SafeFile.write(path: path, force: options.force) { (sink: (inout [UInt8]) throws(RosterError) -> Void) throws(RosterError) -> Int in
            var out: [UInt8] = []
            func cell(_ v: Value, _ c: Int) -> Value {
                if options.mask, c < personal.count, personal[c], case .string(let s) = v { return .string(maskPersonal(s)) }
                return v
            }
            switch format {
            case .csv:
                if options.bom { out += [0xEF, 0xBB, 0xBF] }
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
