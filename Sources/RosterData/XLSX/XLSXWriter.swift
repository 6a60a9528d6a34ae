import Foundation
import ZIPFoundation

/// A column of a written sheet.
public struct XLSXColumn: Sendable, Hashable {
    public var header: String
    /// Date column: `.date` cells and `.text` cells that are dates (`Day.parse`) are written as
    /// real date cells, and the whole column gets the `yyyy-mm-dd` format (also for rows typed in later).
    public var isDate: Bool
    /// Text column (身份证号, 联系电话, 申报编号): every cell is written as a string with the text
    /// format `@`, so Excel never turns `330802199001011234` into `3.30802E+17` or drops leading zeros.
    public var isText: Bool

    public init(header: String, isDate: Bool = false, isText: Bool = false) {
        self.header = header; self.isDate = isDate; self.isText = isText
    }
}

/// Writes a one-sheet `.xlsx` workbook that Excel, WPS, LibreOffice and openpyxl open without
/// repairs: header row bold and frozen (and repeated on every printed page), column widths
/// fitted to the display width of the contents (a CJK character counts two), dates as date cells
/// (serial numbers in the 1900 system, format `yyyy-mm-dd`), strings in the shared-string table,
/// booleans as logical cells.
///
/// `.text` cells are always strings, whatever they look like, so a 身份证号 or a code with leading
/// zeros stays text in any column; `isText` columns additionally write numbers, dates and booleans
/// as their text form and carry the `@` format. Days before 1900-01-01 (which Excel cannot hold) are
/// written as `YYYY-MM-DD` text. Control characters that XML cannot carry are written with the OOXML
/// escape `_xHHHH_` (which Excel and `XLSXReader` decode), and a literal `_xHHHH_` in the data is
/// protected as `_x005F_xHHHH_`. Rows longer than `columns` are written as they are (no header).
///
/// Errors (`RosterError`): an invalid sheet name (empty, over 31 characters, or one of `: \ / ? * [ ]`),
/// more rows or columns than Excel allows, a string over 32767 characters, a number that is NaN or
/// infinite — each naming the cell — and file system failures. `write` goes through a temporary file
/// in the destination folder that is renamed over `path` at the end, so a failed write leaves
/// no partial file and an existing file untouched.
public enum XLSXWriter {
    public static func write(sheetName: String, columns: [XLSXColumn], rows: [[SpreadsheetCell]],
                             to path: String) throws(RosterError) {
        let parts = try XLSXWriter.parts(sheetName: sheetName, columns: columns, rows: rows, file: path)
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RosterError(file: path, message: "目标文件夹不存在：\(dir.path)")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw RosterError(file: path, message: "目标是一个文件夹，不能写成 Excel 工作簿")
        }
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            let archive = try Archive(url: temp, accessMode: .create)
            try add(parts, to: archive)
            if let handle = FileHandle(forWritingAtPath: temp.path) {
                try? handle.synchronize(); try? handle.close()
            }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw RosterError(file: path, message: "无法写入 Excel 工作簿：\(error)")
        }
        if rename(temp.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw RosterError(file: path, message: "无法保存 Excel 工作簿：\(reason)")
        }
    }

    /// The workbook's bytes (same content as `write`). Throws `RosterError`.
    public static func data(sheetName: String, columns: [XLSXColumn], rows: [[SpreadsheetCell]]) throws -> [UInt8] {
        let parts = try XLSXWriter.parts(sheetName: sheetName, columns: columns, rows: rows, file: "\(sheetName).xlsx")
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            try add(parts, to: archive)
            guard let data = archive.data else { throw RosterError(file: "\(sheetName).xlsx", message: "无法生成 Excel 工作簿") }
            return [UInt8](data)
        } catch let e as RosterError {
            throw e
        } catch {
            throw RosterError(file: "\(sheetName).xlsx", message: "无法生成 Excel 工作簿：\(error)")
        }
    }

    /// Fixed entry times, so the same grid always gives the same bytes.
    private static let entryDate = Date(timeIntervalSince1970: 1_704_067_200)   // 2024-01-01

    private static func add(_ parts: [(String, [UInt8])], to archive: Archive) throws {
        for (name, bytes) in parts {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(bytes.count),
                                 modificationDate: entryDate, compressionMethod: .deflate) { position, size in
                let start = Int(position)
                return Data(bytes[start..<min(bytes.count, start + size)])
            }
        }
    }

    static let maxTextLength = 32_767

    /// The package parts, in the order they are zipped.
    static func parts(sheetName: String, columns: [XLSXColumn], rows: [[SpreadsheetCell]],
                      file: String) throws(RosterError) -> [(String, [UInt8])] {
        try checkSheetName(sheetName, file: file)
        let width = max(columns.count, rows.map(\.count).max() ?? 0)
        guard width <= SheetHandler.maxColumns else {
            throw RosterError(file: file, message: "列数 \(width) 超过 Excel 上限 \(SheetHandler.maxColumns)")
        }
        guard rows.count + 1 <= SheetHandler.maxRows else {
            throw RosterError(file: file, message: "行数 \(rows.count + 1) 超过 Excel 上限 \(SheetHandler.maxRows)")
        }
        var strings = SharedStrings()
        var widths = columns.map { Double(displayWidth($0.header)) * 1.1 }
        widths.append(contentsOf: repeatElement(0, count: width - widths.count))
        let columnNames = (0..<max(width, 1)).map { Array(SpreadsheetGrid.columnName($0).utf8) }

        var sheet = XMLOut()
        sheet.raw(xmlHeader)
        sheet.raw("<worksheet xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\">")
        let lastRef = SpreadsheetGrid.reference(row: rows.count, column: max(width, 1) - 1)
        sheet.raw("<dimension ref=\"\(width == 0 && rows.isEmpty ? "A1" : "A1:" + lastRef)\"/>")
        sheet.raw("<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">"
            + "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            + "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>")
        sheet.raw("<sheetFormatPr defaultRowHeight=\"15\"/>")
        let colsAt = sheet.bytes.count   // <cols> goes here once the widths are known

        sheet.raw("<sheetData>")
        func cellStart(_ ref: (Int, Int), style: Int, type: String?) {
            sheet.raw("<c r=\"")
            sheet.bytes.append(contentsOf: columnNames[ref.1])
            sheet.raw(String(ref.0 + 1))
            sheet.raw("\"")
            if style != 0 { sheet.raw(" s=\"\(style)\"") }
            if let type { sheet.raw(" t=\"\(type)\"") }
            sheet.raw("><v>")
        }
        func fault(_ message: String, _ row: Int, _ column: Int) -> RosterError {
            RosterError(file: file, message: "工作表 \(sheetName) 单元格 \(SpreadsheetGrid.reference(row: row, column: column))：\(message)")
        }
        func stringCell(_ s: String, _ row: Int, _ column: Int, style: Int) throws(RosterError) {
            guard s.utf16.count <= maxTextLength else {
                throw fault("文本长度 \(s.utf16.count) 超过 Excel 单元格上限 \(maxTextLength) 个字符", row, column)
            }
            cellStart((row, column), style: style, type: "s")
            sheet.raw(String(strings.index(of: s)))
            sheet.raw("</v></c>")
            widths[column] = max(widths[column], Double(displayWidth(s)))
        }

        // Header row.
        sheet.raw("<row r=\"1\">")
        for (j, column) in columns.enumerated() where !column.header.isEmpty {
            try stringCell(column.header, 0, j, style: Style.header)
        }
        sheet.raw("</row>")

        for (i, row) in rows.enumerated() {
            let r = i + 1
            guard row.contains(where: { !$0.isEmpty }) else { continue }
            sheet.raw("<row r=\"\(r + 1)\">")
            for (j, cell) in row.enumerated() {
                let column = j < columns.count ? columns[j] : XLSXColumn(header: "")
                if column.isText {
                    guard let s = cell.text else { continue }
                    if case .number(let d) = cell, !d.isFinite { throw fault("数值无效（\(d)）", r, j) }
                    try stringCell(s, r, j, style: Style.text)
                    continue
                }
                var cell = cell
                if column.isDate, case .text(let s) = cell, let day = Day.parse(s) { cell = .date(day) }
                switch cell {
                case .empty:
                    continue
                case .text(let s):
                    if s.isEmpty { continue }
                    try stringCell(s, r, j, style: 0)
                case .number(let d):
                    guard d.isFinite else { throw fault("数值无效（\(d)）", r, j) }
                    cellStart((r, j), style: 0, type: nil)
                    let literal = numberLiteral(d)
                    sheet.raw(literal)
                    sheet.raw("</v></c>")
                    widths[j] = max(widths[j], Double(min(literal.utf8.count, 16)))
                case .bool(let b):
                    cellStart((r, j), style: 0, type: "b")
                    sheet.raw(b ? "1" : "0")
                    sheet.raw("</v></c>")
                    widths[j] = max(widths[j], 5)
                case .date(let day):
                    guard let serial = ExcelDate.serial(of: day) else {
                        try stringCell(day.description, r, j, style: Style.text)
                        continue
                    }
                    cellStart((r, j), style: Style.date, type: nil)
                    sheet.raw(String(serial))
                    sheet.raw("</v></c>")
                    widths[j] = max(widths[j], 10)
                }
            }
            sheet.raw("</row>")
        }
        sheet.raw("</sheetData>")
        sheet.raw("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>")
        sheet.raw("</worksheet>")

        if width > 0 {
            var cols = XMLOut()
            cols.raw("<cols>")
            for j in 0..<width {
                let w = (min(max(widths[j], 4), 60) + 2.7).rounded(.up)
                let style = j < columns.count ? (columns[j].isText ? Style.text : columns[j].isDate ? Style.date : 0) : 0
                cols.raw("<col min=\"\(j + 1)\" max=\"\(j + 1)\" width=\"\(Int(w))\" customWidth=\"1\"")
                if style != 0 { cols.raw(" style=\"\(style)\"") }
                cols.raw("/>")
            }
            cols.raw("</cols>")
            sheet.bytes.insert(contentsOf: cols.bytes, at: colsAt)
        }

        var workbook = XMLOut()
        workbook.raw(xmlHeader)
        workbook.raw("<workbook xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\"><workbookPr/>")
        workbook.raw("<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets><sheet name=\"")
        workbook.attribute(sheetName)
        workbook.raw("\" sheetId=\"1\" r:id=\"rId1\"/></sheets>")
        workbook.raw("<definedNames><definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">")
        workbook.text("'" + sheetName.replacingOccurrences(of: "'", with: "''") + "'!$1:$1")
        workbook.raw("</definedName></definedNames></workbook>")

        var sst = XMLOut()
        sst.raw(xmlHeader)
        sst.raw("<sst xmlns=\"\(mainNS)\" count=\"\(strings.references)\" uniqueCount=\"\(strings.list.count)\">")
        for s in strings.list {
            let u = s.utf8
            let preserve = u.contains { $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
                || u.first == 0x20 || u.last == 0x20 || s.first?.isWhitespace == true || s.last?.isWhitespace == true
            sst.raw(preserve ? "<si><t xml:space=\"preserve\">" : "<si><t>")
            sst.cellText(s)
            sst.raw("</t></si>")
        }
        sst.raw("</sst>")

        return [
            ("[Content_Types].xml", Array(contentTypes.utf8)),
            ("_rels/.rels", Array(rootRels.utf8)),
            ("xl/workbook.xml", workbook.bytes),
            ("xl/_rels/workbook.xml.rels", Array(workbookRels.utf8)),
            ("xl/styles.xml", Array(styles.utf8)),
            ("xl/sharedStrings.xml", sst.bytes),
            ("xl/worksheets/sheet1.xml", sheet.bytes),
        ]
    }

    static func checkSheetName(_ name: String, file: String) throws(RosterError) {
        let bad = name.first { ":\\/?*[]".contains($0) }
        if name.isEmpty || name.utf16.count > 31 || bad != nil || name.hasPrefix("'") || name.hasSuffix("'")
            || name.lowercased() == "history" || name.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            throw RosterError(file: file, value: name, message:
                "工作表名称无效（须为 1–31 个字符，不能含 : \\ / ? * [ ]，不能以 ' 开头或结尾，不能是 History）")
        }
    }

    /// The `<v>` of a number: integers without `.0`, others in the shortest form that reads back exactly.
    static func numberLiteral(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    enum Style {
        static let header = 1, date = 2, text = 3
    }

    static let xmlHeader = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelNS = "http://schemas.openxmlformats.org/package/2006/relationships"

    static let contentTypes = xmlHeader
        + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
        + "</Types>"

    static let rootRels = xmlHeader
        + "<Relationships xmlns=\"\(packageRelNS)\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relNS)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>"

    static let workbookRels = xmlHeader
        + "<Relationships xmlns=\"\(packageRelNS)\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"\(relNS)/styles\" Target=\"styles.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"\(relNS)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        + "</Relationships>"

    /// cellXfs: 0 default, 1 bold header, 2 date `yyyy-mm-dd`, 3 text `@` (see `Style`).
    static let styles = xmlHeader
        + "<styleSheet xmlns=\"\(mainNS)\">"
        + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts>"
        + "<fonts count=\"2\">"
        + "<font><sz val=\"11\"/><name val=\"等线\"/><family val=\"2\"/><charset val=\"134\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"等线\"/><family val=\"2\"/><charset val=\"134\"/></font>"
        + "</fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"4\">"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "</cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>"
}

/// The shared-string table being built: each distinct string once, in first-use order.
struct SharedStrings {
    var list: [String] = []
    var indices: [String: Int] = [:]
    var references = 0

    mutating func index(of s: String) -> Int {
        references += 1
        if let i = indices[s] { return i }
        indices[s] = list.count
        list.append(s)
        return list.count - 1
    }
}

/// XML text being written, as UTF-8 bytes.
struct XMLOut {
    var bytes: [UInt8] = []

    mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    /// Element text: `& < >` escaped; characters XML cannot hold are dropped.
    mutating func text(_ s: String) { escape(s, quotes: false, xstring: false) }

    /// Attribute value (double-quoted).
    mutating func attribute(_ s: String) { escape(s, quotes: true, xstring: false) }

    /// A cell string (ST_Xstring): like `text`, but control characters become `_xHHHH_` and a
    /// literal `_xHHHH_` is protected as `_x005F_xHHHH_`; a carriage return is `&#13;`.
    mutating func cellText(_ s: String) { escape(s, quotes: false, xstring: true) }

    private mutating func escape(_ s: String, quotes: Bool, xstring: Bool) {
        let u = Array(s.utf8)
        var k = 0
        while k < u.count {
            let b = u[k]
            switch b {
            case UInt8(ascii: "&"): raw("&amp;")
            case UInt8(ascii: "<"): raw("&lt;")
            case UInt8(ascii: ">"): raw("&gt;")
            case UInt8(ascii: "\"") where quotes: raw("&quot;")
            case 0x0D: raw("&#13;")
            case 0x0A where quotes: raw("&#10;")
            case 0x09 where quotes: raw("&#9;")
            case 0x09, 0x0A: bytes.append(b)
            case 0x00..<0x20:
                if xstring { raw("_x00" + hex2(b) + "_") }
            case 0xEF where k + 2 < u.count && u[k + 1] == 0xBF && (u[k + 2] == 0xBE || u[k + 2] == 0xBF):
                // U+FFFE, U+FFFF: not XML characters.
                if xstring { raw(u[k + 2] == 0xBE ? "_xFFFE_" : "_xFFFF_") }
                k += 2
            case UInt8(ascii: "_") where xstring && isXEscape(u, k):
                raw("_x005F_")
            default:
                bytes.append(b)
            }
            k += 1
        }
    }

    private func hex2(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(b >> 4)], digits[Int(b & 15)]], as: UTF8.self)
    }

    private func isXEscape(_ u: [UInt8], _ k: Int) -> Bool {
        guard k + 6 < u.count, u[k + 1] == UInt8(ascii: "x"), u[k + 6] == UInt8(ascii: "_") else { return false }
        return u[(k + 2)...(k + 5)].allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x46) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
