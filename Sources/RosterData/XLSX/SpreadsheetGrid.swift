import Foundation

/// One cell of a worksheet, as the spreadsheet stores it.
///
/// The `.xlsx` layer only converts between workbooks and grids of these; mapping a grid
/// to applicants (headers, flattened list columns, 是/否, enums) is the record mapper's job,
/// which reads `cell.text` exactly as it reads a CSV cell.
public enum SpreadsheetCell: Hashable, Sendable {
    case empty
    case text(String)
    case number(Double)
    case bool(Bool)
    case date(Day)
}

/// One worksheet as a grid of cells.
///
/// `rows[i]` is worksheet row `i + 1` and `rows[i][j]` is column `j` (A = 0), so a cell's
/// Excel reference is always recoverable (`SpreadsheetGrid.reference(row:column:)`).
/// Rows are not padded to a rectangle: trailing empty cells of a row and trailing empty
/// rows of the sheet are dropped, and gaps read as `.empty`.
public struct SpreadsheetGrid: Sendable, Hashable {
    public var sheetName: String
    /// 0-based; `rows[0]` is the header (worksheet row 1).
    public var rows: [[SpreadsheetCell]]
    /// Merged areas as written in the sheet, e.g. `"A1:C1"`, in file order.
    public var mergedRanges: [String]

    public init(sheetName: String, rows: [[SpreadsheetCell]], mergedRanges: [String] = []) {
        self.sheetName = sheetName; self.rows = rows; self.mergedRanges = mergedRanges
    }

    /// The cell at 0-based `row`, `column`; `.empty` outside the stored cells.
    public subscript(row: Int, column: Int) -> SpreadsheetCell {
        guard row >= 0, row < rows.count, column >= 0, column < rows[row].count else { return .empty }
        return rows[row][column]
    }

    /// The Excel reference of a 0-based cell position: `(0, 0)` is `A1`, `(4, 2)` is `C5`.
    public static func reference(row: Int, column: Int) -> String {
        columnName(column) + String(row + 1)
    }

    /// Column letters of a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`.
    public static func columnName(_ column: Int) -> String {
        var n = column + 1
        var letters: [UInt8] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.append(UInt8(ascii: "A") + UInt8(r))
            n = (n - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }
}

public extension SpreadsheetCell {
    /// The text form of the cell, as a CSV cell would hold it: nil when empty, dates ISO
    /// `YYYY-MM-DD`, integral numbers without `.0` (`78`, not `78.0`), other numbers with
    /// at most 15 significant digits (Excel's precision, so `=0.1+0.2` reads `0.3`),
    /// booleans `true` / `false`.
    ///
    /// An integral number of 16 or more digits (a 身份证号 that Excel turned into a number)
    /// is written out in full with Excel's 15 significant digits (`330802199001011000`),
    /// never in exponent form: the digits Excel lost are not invented.
    var text: String? {
        switch self {
        case .empty: return nil
        case .text(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return d.description
        case .number(let d): return SpreadsheetCell.numberText(d)
        }
    }

    var isEmpty: Bool { if case .empty = self { return true } else { return false } }

    internal static func numberText(_ d: Double) -> String {
        guard d.isFinite else { return d.isNaN ? "NaN" : (d < 0 ? "-Infinity" : "Infinity") }
        if d == d.rounded() {
            if abs(d) < 1e15 { return String(Int64(d)) }
            if abs(d) < 1e21 {
                // 15 significant digits, then zeros: "%.14e" gives d.dddddddddddddde+XX.
                let e = String(format: "%.14e", abs(d))
                let parts = e.split(separator: "e")
                if parts.count == 2, let exp = Int(parts[1]) {
                    var digits = parts[0].replacingOccurrences(of: ".", with: "")
                    if digits.count <= exp + 1 {
                        digits += String(repeating: "0", count: exp + 1 - digits.count)
                        return (d < 0 ? "-" : "") + digits
                    }
                }
            }
        }
        // The shortest form that reads back exactly, when it has at most 15 significant digits
        // (the common case, and no Foundation formatting); else Excel's 15 digits.
        let shortest = "\(d)"
        var significant = 0, leading = true
        for c in shortest.utf8 {
            if c == UInt8(ascii: "e") { break }
            guard c >= 0x30 && c <= 0x39 else { continue }
            if leading && c == 0x30 { continue }
            leading = false; significant += 1
        }
        var s = significant <= 15 ? shortest : String(format: "%.15g", d)
        if s.contains("e") {
            // "1.5e-07" is fine; normalise "1e+25" to "1E+25" the way Excel shows it.
            s = s.replacingOccurrences(of: "e", with: "E")
        }
        return s
    }
}

/// Excel serial day numbers.
///
/// 1900 date system (the default): serial 1 is 1900-01-01, and serial 60 is the fictional
/// 1900-02-29 that Lotus 1-2-3 invented and Excel keeps, so from serial 61 (1900-03-01) on,
/// serial = days since 1899-12-30. The 1904 system (`<workbookPr date1904="1"/>`, old Mac
/// workbooks): serial 0 is 1904-01-01.
enum ExcelDate {
    static let epoch1900 = Day(1899, 12, 30)!.ordinal      // serials >= 61
    static let epoch1900Early = Day(1899, 12, 31)!.ordinal // serials 1...59
    static let epoch1904 = Day(1904, 1, 1)!.ordinal
    static let lastDay = Day(9999, 12, 31)!.ordinal

    /// The cell for a serial number in a date-formatted cell: `.date`, or `.text("1900-02-29")`
    /// for serial 60 (a day that never existed, so the record mapper reports it as a bad date),
    /// or nil when the serial is no day Excel can show (negative, 0 in the 1900 system, or past
    /// 9999-12-31): the caller keeps the number. A time of day is dropped (the day is kept).
    static func cell(serial: Double, date1904: Bool) -> SpreadsheetCell? {
        guard serial.isFinite, serial >= 0, serial < 3_000_000 else { return nil }
        // A datetime such as 45000.9999999999 is the next day's midnight after float error.
        let whole = Int((serial + 1e-9).rounded(.down))
        let ordinal: Int
        if date1904 {
            ordinal = Int(epoch1904) + whole
        } else {
            if whole == 0 { return nil }
            if whole == 60 { return .text("1900-02-29") }
            ordinal = whole < 60 ? Int(epoch1900Early) + whole : Int(epoch1900) + whole
        }
        guard ordinal <= Int(lastDay) else { return nil }
        return .date(Day(ordinal: Int32(ordinal)))
    }

    /// The 1900-system serial of a day, or nil before 1900-01-01 (Excel has no such dates).
    static func serial(of day: Day) -> Int? {
        let o = Int(day.ordinal)
        if o >= Int(epoch1900) + 61 { return o - Int(epoch1900) }
        if o >= Int(epoch1900Early) + 1 { return o - Int(epoch1900Early) }
        return nil
    }
}
