import RosterData

/// The pack's working-day calendar: Monday–Friday, minus the days off, plus the weekend
/// days that are working days (调休上班).
///
/// Reading: outside the pack's calendar year no holidays are known, so every
/// Monday–Friday counts as a working day there.
public struct WorkingCalendar: Sendable {
    public let year: Int
    public let daysOff: Set<Day>
    public let workingWeekends: Set<Day>

    /// Ordinals of the weekdays that are days off, and of the weekend days that are working
    /// days, sorted: `workingDays` counts Monday–Friday arithmetically and corrects by these,
    /// so its cost does not depend on how far apart the two dates are.
    private let weekdaysOff: [Int32]
    private let weekendsWorked: [Int32]

    public init(pack: RulePack) {
        self.init(year: pack.calendarYear, daysOff: pack.daysOff, workingWeekends: pack.workingWeekends)
    }

    public init(year: Int, daysOff: Set<Day>, workingWeekends: Set<Day>) {
        self.year = year
        self.daysOff = daysOff
        self.workingWeekends = workingWeekends
        weekdaysOff = daysOff.filter { $0.weekday <= 5 }.map(\.ordinal).sorted()
        weekendsWorked = workingWeekends.filter { $0.weekday > 5 && !daysOff.contains($0) }.map(\.ordinal).sorted()
    }

    public func isWorkingDay(_ d: Day) -> Bool {
        if daysOff.contains(d) { return false }
        if workingWeekends.contains(d) { return true }
        return d.weekday <= 5
    }

    /// Working days from `from` through `through`, both ends counted; 0 when `from > through`.
    /// O(log n) in the calendar's special days, whatever the span (0001-01-01 … 9999-12-31 included).
    public func workingDays(from: Day, through: Day) -> Int {
        guard from <= through else { return 0 }
        let a = Int(from.ordinal), b = Int(through.ordinal)
        var n = WorkingCalendar.mondayToFridayBefore(b + 1) - WorkingCalendar.mondayToFridayBefore(a)
        n -= WorkingCalendar.count(weekdaysOff, in: from.ordinal...through.ordinal)
        n += WorkingCalendar.count(weekendsWorked, in: from.ordinal...through.ordinal)
        return n
    }

    /// Monday–Friday days with ordinal < `x`, counted from the Monday 1969-12-29 (ordinal −3);
    /// negative for `x` before it. Floor division keeps it exact on both sides.
    static func mondayToFridayBefore(_ x: Int) -> Int {
        let t = x + 3                     // days since Monday 1969-12-29
        let weeks = t >= 0 ? t / 7 : -((-t + 6) / 7)
        let rest = t - weeks * 7          // 0…6: Monday … Sunday
        return weeks * 5 + min(rest, 5)
    }

    /// How many of `sorted` lie in `range` (binary search).
    static func count(_ sorted: [Int32], in range: ClosedRange<Int32>) -> Int {
        func lowerBound(_ v: Int32) -> Int {
            var lo = 0, hi = sorted.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sorted[mid] < v { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        let lo = lowerBound(range.lowerBound)
        let hi = range.upperBound == Int32.max ? sorted.count : lowerBound(range.upperBound + 1)
        return hi - lo
    }
}
