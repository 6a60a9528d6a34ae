import Foundation

/// Reads one worksheet of an `.xlsx` workbook into a `SpreadsheetGrid`.
///
/// The sheet part is found through `xl/workbook.xml` and its relationships (never assumed to
/// be `sheet1.xml`), and streamed through `XMLScanner` (see there for why not `XMLParser`);
/// shared strings and styles are read first, in full (they are small next to the sheet).
///
/// Cells:
/// - shared strings (`t="s"`), inline strings (`t="inlineStr"`) and formula string results
///   (`t="str"`) → `.text`; rich-text runs are concatenated, phonetic runs (`<rPh>`) left out,
///   whitespace kept as written (with or without `xml:space="preserve"`), and the OOXML escape
///   `_xHHHH_` decoded. An empty string is `.empty`, as in CSV.
/// - numbers → `.number`, or `.date` when the cell's style is a date format: built-in formats
///   14–17 and 22, the zh-CN built-ins 27–31, 36, 50–54, 57, 58 (`yyyy"年"m"月"d"日"` and kin), and
///   custom formats with a year, day or month part. Time-only formats (18–21, 32–35, 45–47, 55, 56,
///   `h:mm`, `mm:ss`) stay numbers: a time of day is no date. A date time keeps only its day.
///   The 1900 system counts the fictional 1900-02-29 (serial 60), which reads as
///   `.text("1900-02-29")` so the record mapper reports it as the bad date it is; `date1904`
///   workbooks are honoured.
/// - booleans (`t="b"`) → `.bool`; ISO dates (`t="d"`) → `.date`.
/// - error values (`t="e"`: `#N/A`, `#REF!`, `#DIV/0!`…) are a `RosterError` naming the sheet and
///   cell: a roster with a broken formula must be fixed in Excel, and reading `#N/A` as a name or
///   a unit would let it slip into the 花名册 unnoticed.
/// - a formula without a cached value (never calculated) is `.empty`.
///
/// Placement follows the cell references (`r="C5"`); cells or rows without `r` follow the previous
/// one. Missing cells are `.empty`; see `SpreadsheetGrid` for the layout.
public enum XLSXReader {
    /// Reads one worksheet: the first visible worksheet, or the one named `sheet` (exact name,
    /// else the only case-insensitive match, as Excel names are case-insensitive).
    public static func read(path: String, sheet: String? = nil) throws(RosterError) -> SpreadsheetGrid {
        try read(XLSXPackage(path: path), sheet: sheet)
    }

    /// Reads workbook bytes; `fileName` names them in errors. The bytes are spilled to a private
    /// temporary file (removed at once) because ZIPFoundation's in-memory archives trap on corrupt
    /// zip offsets instead of throwing.
    public static func read(bytes: [UInt8], fileName: String, sheet: String? = nil) throws(RosterError) -> SpreadsheetGrid {
        try read(XLSXPackage(bytes: bytes, fileName: fileName), sheet: sheet)
    }

    /// The names of all sheets, in tab order (hidden ones included).
    public static func sheetNames(path: String) throws(RosterError) -> [String] {
        try Workbook(XLSXPackage(path: path)).sheets.map(\.name)
    }

    public static func sheetNames(bytes: [UInt8], fileName: String) throws(RosterError) -> [String] {
        try Workbook(XLSXPackage(bytes: bytes, fileName: fileName)).sheets.map(\.name)
    }

    static func read(_ package: XLSXPackage, sheet wanted: String?) throws(RosterError) -> SpreadsheetGrid {
        let workbook = try Workbook(package)
        let file = package.file
        let sheet: Workbook.Sheet
        if let wanted {
            let names = workbook.sheets.map { "“\($0.name)”" }.joined(separator: "、")
            let folded = workbook.sheets.filter { $0.name.lowercased() == wanted.lowercased() }
            guard let found = workbook.sheets.first(where: { $0.name == wanted }) ?? (folded.count == 1 ? folded[0] : nil) else {
                throw RosterError(file: file, message: "工作簿中没有名为“\(RosterError.quote(wanted))”的工作表；现有工作表：\(names)")
            }
            sheet = found
        } else {
            let worksheets = workbook.sheets.filter { $0.kind == "worksheet" }
            guard let first = worksheets.first(where: { $0.visible }) ?? worksheets.first else {
                throw RosterError(file: file, message: "工作簿中没有数据工作表")
            }
            sheet = first
        }
        guard let part = sheet.part else {
            throw RosterError(file: file, message: "工作表“\(sheet.name)”在 xl/_rels/workbook.xml.rels 中没有对应的部件，文件已损坏")
        }
        guard sheet.kind == "worksheet" else {
            throw RosterError(file: file, message: "“\(sheet.name)”是图表或宏工作表，不是数据工作表")
        }
        guard package.contains(part) else {
            throw RosterError(file: file, message: "工作表“\(sheet.name)”的部件 \(part) 不存在，文件已损坏")
        }
        let shared = try workbook.sharedStringsPart.map { p throws(RosterError) in
            try package.scan(p, SharedStringsHandler()).strings
        } ?? []
        let dateStyles = try workbook.stylesPart.map { p throws(RosterError) in
            try package.scan(p, StylesHandler()).dateStyles
        } ?? []
        let handler = SheetHandler(file: file, sheetName: sheet.name, shared: shared, dateStyles: dateStyles,
                                   date1904: workbook.date1904)
        let done = try package.scan(part, handler)
        return SpreadsheetGrid(sheetName: sheet.name, rows: done.rows, mergedRanges: done.merged)
    }
}

/// `xl/workbook.xml` (found through `_rels/.rels`) and its relationships.
struct Workbook {
    struct Sheet {
        var name: String
        var visible: Bool
        var part: String?
        /// `worksheet`, `chartsheet`, `dialogsheet`, `xlMacrosheet`, or "" when unknown.
        var kind: Substring
    }
    var sheets: [Sheet] = []
    var date1904 = false
    var sharedStringsPart: String?
    var stylesPart: String?

    init(_ package: XLSXPackage) throws(RosterError) {
        let root = try package.relationships(of: "")
        var part = root.first { $0.kind == "officeDocument" && !$0.external }?.target ?? "xl/workbook.xml"
        if !package.contains(part), package.contains("xl/workbook.xml") { part = "xl/workbook.xml" }
        guard package.contains(part) else {
            if let kind = package.foreignKind {
                throw RosterError(file: package.file, message: "这是\(kind)，不是 Excel 工作簿（.xlsx）")
            }
            throw RosterError(file: package.file, message: "zip 中没有工作簿部件 \(part)，不是 Excel 工作簿（.xlsx）")
        }
        let handler = try package.scan(part, WorkbookHandler())
        let rels = try package.relationships(of: part)
        date1904 = handler.date1904
        sharedStringsPart = rels.first { $0.kind == "sharedStrings" }?.target
        stylesPart = rels.first { $0.kind == "styles" }?.target
        if sharedStringsPart == nil, package.contains("xl/sharedStrings.xml") { sharedStringsPart = "xl/sharedStrings.xml" }
        if stylesPart == nil, package.contains("xl/styles.xml") { stylesPart = "xl/styles.xml" }
        if let p = sharedStringsPart, !package.contains(p) { sharedStringsPart = nil }
        if let p = stylesPart, !package.contains(p) { stylesPart = nil }
        sheets = handler.sheets.map { s in
            let rel = rels.first { $0.id == s.relID && !$0.external }
            return Sheet(name: s.name, visible: s.visible, part: rel?.target, kind: rel?.kind ?? "")
        }
        if sheets.isEmpty { throw RosterError(file: package.file, message: "工作簿中没有任何工作表") }
    }
}

struct WorkbookHandler: XMLHandler {
    var sheets: [(name: String, relID: String, visible: Bool)] = []
    var date1904 = false

    mutating func start(_ name: XMLBytes, _ attributes: XMLAttributes) throws(RosterError) {
        if name.equals("workbookPr") {
            let v = attributes.string("date1904")?.lowercased()
            date1904 = v == "1" || v == "true"
        } else if name.equals("sheet") {
            let state = attributes.string("state") ?? "visible"
            sheets.append((attributes.string("name") ?? "", attributes.string("id") ?? "", state == "visible"))
        }
    }
    mutating func end(_ name: XMLBytes) throws(RosterError) {}
    mutating func text(_ text: XMLBytes, isCDATA: Bool) throws(RosterError) {}
}

/// Decodes the OOXML string escape `_xHHHH_` (UTF-16 code units, so pairs form one scalar).
func decodeXString(_ bytes: [UInt8]) -> String {
    guard bytes.contains(UInt8(ascii: "_")) else { return String(decoding: bytes, as: UTF8.self) }
    func hex(_ b: UInt8) -> UInt16? {
        switch b {
        case 0x30...0x39: return UInt16(b - 0x30)
        case 0x41...0x46: return UInt16(b - 0x41 + 10)
        case 0x61...0x66: return UInt16(b - 0x61 + 10)
        default: return nil
        }
    }
    func unit(at k: Int) -> UInt16? {
        guard k + 6 < bytes.count, bytes[k] == UInt8(ascii: "_"), bytes[k + 1] == UInt8(ascii: "x"),
              bytes[k + 6] == UInt8(ascii: "_"),
              let a = hex(bytes[k + 2]), let b = hex(bytes[k + 3]), let c = hex(bytes[k + 4]), let d = hex(bytes[k + 5])
        else { return nil }
        return a << 12 | b << 8 | c << 4 | d
    }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var k = 0
    while k < bytes.count {
        guard let u = unit(at: k) else { out.append(bytes[k]); k += 1; continue }
        var scalar = Unicode.Scalar(u)
        var len = 7
        if UTF16.isLeadSurrogate(u), let low = unit(at: k + 7), UTF16.isTrailSurrogate(low) {
            scalar = Unicode.Scalar(UInt32(u - 0xD800) << 10 + UInt32(low - 0xDC00) + 0x10000)
            len = 14
        }
        out.append(contentsOf: String(Character(scalar ?? "\u{FFFD}")).utf8)
        k += len
    }
    return String(decoding: out, as: UTF8.self)
}

struct SharedStringsHandler: XMLHandler {
    var strings: [String] = []
    private var inItem = false, inText = false, phonetic = 0
    private var bytes: [UInt8] = []

    mutating func start(_ name: XMLBytes, _ attributes: XMLAttributes) throws(RosterError) {
        if name.equals("si") { inItem = true; bytes.removeAll(keepingCapacity: true) }
        else if name.equals("rPh") { phonetic += 1 }
        else if name.equals("t") { inText = inItem && phonetic == 0 }
        else if name.equals("sst"), let n = attributes.raw("uniqueCount")?.intValue { strings.reserveCapacity(min(n, 1 << 20)) }
    }
    mutating func end(_ name: XMLBytes) throws(RosterError) {
        if name.equals("t") { inText = false }
        else if name.equals("rPh") { phonetic -= 1 }
        else if name.equals("si") { strings.append(decodeXString(bytes)); inItem = false }
    }
    mutating func text(_ text: XMLBytes, isCDATA: Bool) throws(RosterError) {
        guard inText else { return }
        if isCDATA { bytes.append(contentsOf: text.buffer) } else { text.appendDecoded(to: &bytes) }
    }
}

/// `xl/styles.xml`: which cell formats (`cellXfs` index, the cell's `s`) show dates.
struct StylesHandler: XMLHandler {
    private var formats: [Int: String] = [:]
    private var xfFormats: [Int] = []
    private var inCellXfs = false

    var dateStyles: [Bool] {
        xfFormats.map { id in formats[id].map(StylesHandler.isDateFormat(code:)) ?? StylesHandler.builtInDates.contains(id) }
    }

    mutating func start(_ name: XMLBytes, _ attributes: XMLAttributes) throws(RosterError) {
        if name.equals("numFmt"), let id = attributes.raw("numFmtId")?.intValue {
            formats[id] = attributes.string("formatCode") ?? ""
        } else if name.equals("cellXfs") {
            inCellXfs = true
        } else if inCellXfs, name.equals("xf") {
            xfFormats.append(attributes.raw("numFmtId")?.intValue ?? 0)
        }
    }
    mutating func end(_ name: XMLBytes) throws(RosterError) {
        if name.equals("cellXfs") { inCellXfs = false }
    }
    mutating func text(_ text: XMLBytes, isCDATA: Bool) throws(RosterError) {}

    /// Built-in number formats that show a day: 14–17, 22 (all locales) and the zh-CN (and
    /// ja/ko) locale formats 27–31, 36, 50–54, 57, 58 such as `yyyy"年"m"月"d"日"`.
    static let builtInDates: Set<Int> = [14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58]

    /// Whether a format code (its first section) shows a date: it has a year or day part, a
    /// month part without hours or seconds (`mm` next to `h` or `s` is minutes), or is the system
    /// long date `[$-F800]`. Quoted text, `\`-escaped characters, `_x`/`*x` fill and colour or
    /// locale brackets are not looked at.
    static func isDateFormat(code: String) -> Bool {
        var date = false, month = false, time = false
        var it = code.unicodeScalars.makeIterator()
        while let c = it.next() {
            switch c {
            case "\"":
                while let q = it.next(), q != "\"" {}
            case "\\", "_", "*":
                _ = it.next()
            case "[":
                var inside = ""
                while let q = it.next(), q != "]" { inside.unicodeScalars.append(q) }
                let up = inside.uppercased()
                if up.hasPrefix("$-"), up.hasSuffix("F800") { date = true }
                if ["H", "HH", "M", "MM", "S", "SS"].contains(up) { time = true }
            case ";":
                return date || (month && !time)
            case "y", "Y", "d", "D":
                date = true
            case "m", "M":
                month = true
            case "h", "H", "s", "S":
                time = true
            default:
                break
            }
        }
        return date || (month && !time)
    }
}

/// A worksheet part, streamed into rows.
struct SheetHandler: XMLHandler {
    let file: String
    let sheetName: String
    let shared: [String]
    let dateStyles: [Bool]
    let date1904: Bool

    var rows: [[SpreadsheetCell]] = []
    var merged: [String] = []

    private enum Kind { case number, shared, inline, formulaString, bool, error, isoDate }

    private var inSheetData = false
    private var rowNumber = 0          // 1-based, of the open or last <row>
    private var nextColumn = 0         // 0-based, for a <c> without r
    private var inCell = false
    private var cellRow = 0, cellColumn = 0, style = 0
    private var kind = Kind.number
    private var inValue = false, inInline = false, inText = false, phonetic = 0, sawInline = false
    private var value: [UInt8] = []
    private var inline: [UInt8] = []

    init(file: String, sheetName: String, shared: [String], dateStyles: [Bool], date1904: Bool) {
        self.file = file; self.sheetName = sheetName; self.shared = shared
        self.dateStyles = dateStyles; self.date1904 = date1904
    }

    static let maxRows = 1_048_576
    static let maxColumns = 16_384

    private func fault(_ message: String, row: Int? = nil, column: Int? = nil, value: String? = nil) -> RosterError {
        var place = "工作表 \(sheetName)"
        if let row, let column { place += " 单元格 \(SpreadsheetGrid.reference(row: row - 1, column: column))" }
        else if let row { place += " 第 \(row) 行" }
        return RosterError(file: file, value: value, message: "\(place)：\(message)")
    }

    mutating func start(_ name: XMLBytes, _ attributes: XMLAttributes) throws(RosterError) {
        if inCell {
            if name.equals("v") { if !inInline { inValue = true; value.removeAll(keepingCapacity: true) } }
            else if name.equals("is") { inInline = true; sawInline = true; inline.removeAll(keepingCapacity: true) }
            else if name.equals("rPh") { phonetic += 1 }
            else if name.equals("t") { inText = inInline && phonetic == 0 }
            return
        }
        if name.equals("c") {
            guard inSheetData else { return }
            try startCell(attributes)
        } else if name.equals("row") {
            guard inSheetData else { return }
            if let r = attributes.raw("r") {
                guard let n = r.intValue, n >= 1, n <= SheetHandler.maxRows else {
                    throw fault("行号无效", value: r.string)
                }
                rowNumber = n
            } else {
                rowNumber += 1
                guard rowNumber <= SheetHandler.maxRows else { throw fault("行数超过 Excel 上限") }
            }
            nextColumn = 0
        } else if name.equals("sheetData") {
            inSheetData = true
        } else if name.equals("mergeCell"), let ref = attributes.string("ref") {
            merged.append(ref)
        }
    }

    private mutating func startCell(_ attributes: XMLAttributes) throws(RosterError) {
        if rowNumber == 0 { rowNumber = 1 }
        if let r = attributes.raw("r") {
            guard let (row, column) = SheetHandler.parseReference(r) else {
                throw fault("单元格引用无效", row: rowNumber, value: r.string)
            }
            cellRow = row; cellColumn = column
        } else {
            cellRow = rowNumber; cellColumn = nextColumn
            guard cellColumn < SheetHandler.maxColumns else { throw fault("列数超过 Excel 上限", row: rowNumber) }
        }
        style = attributes.raw("s")?.intValue ?? 0
        if let t = attributes.raw("t") {
            if t.equals("n") { kind = .number }
            else if t.equals("s") { kind = .shared }
            else if t.equals("inlineStr") { kind = .inline }
            else if t.equals("str") { kind = .formulaString }
            else if t.equals("b") { kind = .bool }
            else if t.equals("e") { kind = .error }
            else if t.equals("d") { kind = .isoDate }
            else { throw fault("未知的单元格类型 t=\"\(t.string)\"", row: cellRow, column: cellColumn) }
        } else {
            kind = .number
        }
        inCell = true
        inValue = false; inInline = false; inText = false; phonetic = 0; sawInline = false
        value.removeAll(keepingCapacity: true)
    }

    mutating func end(_ name: XMLBytes) throws(RosterError) {
        guard inCell else {
            if name.equals("sheetData") { inSheetData = false }
            return
        }
        if name.equals("v") { inValue = false }
        else if name.equals("t") { inText = false }
        else if name.equals("rPh") { phonetic -= 1 }
        else if name.equals("is") { inInline = false }
        else if name.equals("c") {
            inCell = false
            nextColumn = cellColumn + 1
            let cell = try finishCell()
            if case .empty = cell { return }
            place(cell)
        }
    }

    mutating func text(_ text: XMLBytes, isCDATA: Bool) throws(RosterError) {
        if inValue {
            if isCDATA { value.append(contentsOf: text.buffer) } else { text.appendDecoded(to: &value) }
        } else if inText {
            if isCDATA { inline.append(contentsOf: text.buffer) } else { text.appendDecoded(to: &inline) }
        }
    }

    private mutating func place(_ cell: SpreadsheetCell) {
        let r = cellRow - 1
        if rows.count <= r { rows.append(contentsOf: repeatElement([], count: r + 1 - rows.count)) }
        let count = rows[r].count
        if cellColumn == count { rows[r].append(cell) }
        else if cellColumn > count {
            rows[r].append(contentsOf: repeatElement(.empty, count: cellColumn - count))
            rows[r].append(cell)
        } else {
            rows[r][cellColumn] = cell
        }
    }

    private func finishCell() throws(RosterError) -> SpreadsheetCell {
        switch kind {
        case .shared:
            if value.isEmpty { return .empty }
            guard let i = XMLBytes.int(value), i < shared.count else {
                throw fault("共享字符串编号无效", row: cellRow, column: cellColumn, value: String(decoding: value, as: UTF8.self))
            }
            return shared[i].isEmpty ? .empty : .text(shared[i])
        case .inline, .formulaString:
            let s = decodeXString(sawInline ? inline : value)
            return s.isEmpty ? .empty : .text(s)
        case .bool:
            if value == [0x31] { return .bool(true) }
            if value == [0x30] { return .bool(false) }
            let s = String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            switch s.lowercased() {
            case "": return .empty
            case "1", "true": return .bool(true)
            case "0", "false": return .bool(false)
            default: throw fault("逻辑值无效", row: cellRow, column: cellColumn, value: s)
            }
        case .error:
            let s = String(decoding: value, as: UTF8.self)
            throw fault("单元格是错误值 \(s)（公式出错），请在 Excel 中修正或改为普通值后再导入", row: cellRow, column: cellColumn)
        case .isoDate:
            let s = String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if s.isEmpty { return .empty }
            let day = s.split(separator: "T", maxSplits: 1).first.flatMap { Day.parse($0) }
            guard let day else { throw fault("日期值无效", row: cellRow, column: cellColumn, value: s) }
            return .date(day)
        case .number:
            if value.isEmpty { return .empty }
            guard let d = XMLBytes.double(value) else {
                let s = String(decoding: value, as: UTF8.self)
                if s.allSatisfy({ $0 == " " }) { return .empty }
                throw fault("数值无效", row: cellRow, column: cellColumn, value: s)
            }
            if style < dateStyles.count, dateStyles[style], let cell = ExcelDate.cell(serial: d, date1904: date1904) {
                return cell
            }
            return .number(d)
        }
    }

    /// `C5` → (row 5, column 2); nil unless 1–3 letters then digits, within Excel's limits.
    static func parseReference(_ r: XMLBytes) -> (Int, Int)? {
        var k = 0, column = 0, row = 0
        while k < r.count, k < 4 {
            var c = r.start[k]
            if c >= 0x61 && c <= 0x7A { c -= 0x20 }
            guard c >= 0x41 && c <= 0x5A else { break }
            column = column * 26 + Int(c - 0x40); k += 1
        }
        guard k > 0, k < r.count, column <= maxColumns else { return nil }
        while k < r.count {
            let c = r.start[k]
            guard c >= 0x30 && c <= 0x39, row <= maxRows else { return nil }
            row = row * 10 + Int(c - 0x30); k += 1
        }
        guard row >= 1, row <= maxRows else { return nil }
        return (row, column - 1)
    }
}

extension XMLBytes {
    static func int(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { p in XMLBytes(start: p.baseAddress!, count: p.count).intValue }
    }

    /// A decimal number as XML Schema writes it (`-12`, `3.5`, `1.2E-3`); surrounding blanks allowed.
    /// Plain integers are read directly, the rest with `strtod` (no Foundation string work per cell).
    static func double(_ bytes: [UInt8]) -> Double? {
        var digits = 0, v = 0, negative = false, simple = true
        for (k, c) in bytes.enumerated() {
            if c >= 0x30 && c <= 0x39 { v = v &* 10 &+ Int(c - 0x30); digits += 1 }
            else if k == 0 && c == UInt8(ascii: "-") { negative = true }
            else { simple = false; break }
        }
        if simple, digits > 0, digits <= 15 { return Double(negative ? -v : v) }
        var lo = 0, hi = bytes.count
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 || bytes[lo] == 0x0A { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 || bytes[hi - 1] == 0x0A { hi -= 1 }
        guard hi > lo, hi - lo < 64 else { return nil }
        var text = [CChar](repeating: 0, count: hi - lo + 1)
        for k in lo..<hi {
            let c = bytes[k]
            guard (c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2D || c == 0x2E || c == 0x45 || c == 0x65 else { return nil }
            text[k - lo] = CChar(bitPattern: c)
        }
        return text.withUnsafeBufferPointer { p -> Double? in
            var end: UnsafeMutablePointer<CChar>?
            let d = strtod(p.baseAddress!, &end)
            guard let end, end - UnsafeMutablePointer(mutating: p.baseAddress!) == hi - lo, d.isFinite else { return nil }
            return d
        }
    }
}
