/// A calendar day in the proleptic Gregorian calendar, stored as days since 1970-01-01.
///
/// Dates are typed once, at load; comparing or subtracting two days is integer work.
///
///     Day(2024, 2, 29)!.adding(years: 1)   // 2025-02-28
///     Day.parse("2024年7月4日")            // 2024-07-04
///     Day.parse("2024/7")                  // 2024-07-01 (month precision: the first day)
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var ordinal: Int32

    public init(ordinal: Int32) { self.ordinal = ordinal }

    /// A validated day, or nil when month or day is out of range.
    public init?(_ year: Int, _ month: Int, _ day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year),
              (1...9999).contains(year) else { return nil }
        self.ordinal = Int32(Day.daysFromCivil(year, month, day))
    }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// (year, month, day).
    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(ordinal) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        let w = (Int(ordinal) + 3) % 7   // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }

    public func adding(days n: Int) -> Day {
        let lo = Int(Day(1, 1, 1)!.ordinal), hi = Int(Day(9999, 12, 31)!.ordinal)
        return Day(ordinal: Int32(max(lo, min(hi, Int(ordinal) + max(-4_000_000, min(4_000_000, n))))))
    }

    /// Calendar months later; a day past the month's end lands on its last day
    /// (2024-01-31 + 1 month = 2024-02-29).
    /// Results before year 1 or after 9999 are clamped to 0001-01-01 / 9999-12-31, so date
    /// arithmetic on extreme data (`held(d, 8000)`, a date in 9999) never traps.
    public func adding(months n: Int) -> Day {
        let (y, m, d) = components
        let clamped = max(-200_000, min(200_000, n))
        let total = y * 12 + (m - 1) + clamped
        if total < 12 { return Day(1, 1, 1)! }
        if total >= 10_000 * 12 { return Day(9999, 12, 31)! }
        let ny = total / 12, nm = total % 12 + 1
        return Day(ny, nm, min(d, Day.daysIn(month: nm, year: ny)))!
    }

    /// Calendar years later; 29 February lands on 28 February in a non-leap year.
    public func adding(years n: Int) -> Day { adding(months: max(-200_000, min(200_000, n)) * 12) }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(to other: Day) -> Int { Int(other.ordinal - ordinal) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        return String(y).leftPadded(4) + "-" + String(m).leftPadded(2) + "-" + String(d).leftPadded(2)
    }

    /// Whole years and remaining months and days from `self` to `to` (to >= self),
    /// counted as the notice does: 满N年 means self + N years <= to.
    public func span(to end: Day) -> (years: Int, months: Int, days: Int) {
        guard end >= self else { return (0, 0, 0) }
        var months = (end.year - year) * 12 + (end.month - month)
        if adding(months: months) > end { months -= 1 }
        let anchor = adding(months: months)
        return (months / 12, months % 12, anchor.days(to: end))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension Day {
    /// Parses every date form of the roster format: `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D`,
    /// `YYYY年M月D日`, and month precision `YYYY-MM`, `YYYY/MM`, `YYYY.MM`, `YYYY年M月`
    /// (the first day of the month). Surrounding blanks are ignored. Returns nil otherwise.
    public static func parse<S: StringProtocol>(_ text: S) -> Day? {
        var bytes = Array(text.utf8)
        // Trim ASCII blanks and the ideographic space (E3 80 80).
        while let f = bytes.first, f == 0x20 || f == 0x09 { bytes.removeFirst() }
        while let l = bytes.last, l == 0x20 || l == 0x09 || l == 0x0A || l == 0x0D { bytes.removeLast() }
        return parse(utf8: bytes[...])
    }

    public static func parse(utf8 b: ArraySlice<UInt8>) -> Day? {
        var i = b.startIndex
        func number(maxDigits: Int) -> Int? {
            var v = 0, n = 0
            while i < b.endIndex, n < maxDigits, b[i] >= 0x30, b[i] <= 0x39 {
                v = v * 10 + Int(b[i] - 0x30); n += 1; i += 1
            }
            return n == 0 ? nil : v
        }
        func take(_ seq: [UInt8]) -> Bool {
            guard b.endIndex - i >= seq.count, b[i..<(i + seq.count)].elementsEqual(seq) else { return false }
            i += seq.count
            return true
        }
        let nian: [UInt8] = Array("年".utf8), yue: [UInt8] = Array("月".utf8), ri: [UInt8] = Array("日".utf8)
        let start = i
        guard let y = number(maxDigits: 4), i - start == 4 else { return nil }
        if take(nian) {
            guard let m = number(maxDigits: 2), take(yue) else { return nil }
            if i == b.endIndex { return Day(y, m, 1) }
            guard let d = number(maxDigits: 2), take(ri), i == b.endIndex else { return nil }
            return Day(y, m, d)
        }
        guard i < b.endIndex else { return nil }
        let sep = b[i]
        guard sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/") || sep == UInt8(ascii: ".") else { return nil }
        i += 1
        guard let m = number(maxDigits: 2) else { return nil }
        if i == b.endIndex { return Day(y, m, 1) }
        guard b[i] == sep else { return nil }
        i += 1
        guard let d = number(maxDigits: 2), i == b.endIndex else { return nil }
        return Day(y, m, d)
    }
}
