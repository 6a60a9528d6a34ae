/// A load error that names where: file, line and column (or record index), the
/// record's `id` when known, the field and the bad value.
///
///     roster.json:14:22: 错误：记录 #3（QZ2024-0003）字段 title_since（现职称取得时间）：无法识别的日期 "2024-13-01"
///
/// A workbook has no lines: its errors name the sheet and cell in `place` instead
/// (`roster.xlsx: 工作表 Sheet1 单元格 C5：记录 #4（QZ2024-0004）字段 …`).
public struct RosterError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// 1-based record number in the file.
    public var record: Int?
    public var recordID: String?
    public var field: String?
    public var value: String?
    public var message: String
    /// Where in a file without lines: `工作表 Sheet1 单元格 C5` (printed after the file name).
    public var place: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, record: Int? = nil, recordID: String? = nil,
                field: String? = nil, value: String? = nil, message: String) {
        self.file = file; self.line = line; self.column = column; self.record = record
        self.recordID = recordID; self.field = field; self.value = value; self.message = message
    }

    /// An error in a file without lines (a workbook), at `place` (`工作表 Sheet1 单元格 C5`).
    public init(file: String, record: Int? = nil, recordID: String? = nil, field: String? = nil, value: String? = nil,
                message: String, place: String) {
        self.init(file: file, record: record, recordID: recordID, field: field, value: value, message: message)
        self.place = place
    }

    /// `file:line:col: ` prefix plus the where-clause and the message, in one line.
    public var description: String {
        var s = file
        if let line { s += ":\(line)"; if let column { s += ":\(column)" } }
        s += ": "
        if let place { s += place + "：" }
        var parts: [String] = []
        if let record { parts.append("记录 #\(record)" + (recordID.map { "（\(RosterError.quote($0))）" } ?? "")) }
        else if let recordID { parts.append("记录 \(RosterError.quote(recordID))") }
        var personal = false
        if let field {
            personal = FieldCatalog.types.field(named: field)?.isPersonal ?? false
            let label = FieldCatalog.types.field(named: field).map { $0.key == field ? "\(field)（\($0.label)）" : "\($0.label)（\($0.key)）" } ?? RosterError.quote(field)
            parts.append("字段 \(label)")
        }
        if !parts.isEmpty { s += parts.joined(separator: " ") + "：" }
        s += message
        // 身份证号 and 联系电话 are masked in messages as on screen.
        if let value { s += "：\"\(RosterError.quote(personal ? maskPersonal(value) : value))\"" }
        return s
    }

    /// Longest quoted value, in characters, before it is cut with `…（共 N 个字符）`.
    public static let quoteLimit = 60

    /// A value from the file as a message shows it: at most `quoteLimit` characters (then
    /// `…（共 N 个字符）`), and on one line — line breaks, tabs and other control characters
    /// written as `\n`, `\t`, `\u{0}`. Every loader message quotes file text through this,
    /// so a 10 MB bad value still gives a one-line message of reasonable length.
    public static func quote(_ text: String) -> String {
        var out = ""
        var n = 0
        var cut = false
        for ch in text {
            if n == quoteLimit { cut = true; break }
            n += 1
            let u = ch.unicodeScalars
            if u.count == 1, let c = u.first, c.value < 0x20 || c.value == 0x7F || c.value == 0x2028 || c.value == 0x2029 {
                switch c.value {
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                default: out += "\\u{" + String(c.value, radix: 16, uppercase: true) + "}"
                }
            } else if u.contains(where: { $0.value < 0x20 }) {
                out += "\\r\\n"   // the one multi-scalar character with a control in it: CR LF
            } else {
                out.append(ch)
            }
        }
        if cut { out += "…（共 \(text.count) 个字符）" }
        return out
    }
}
