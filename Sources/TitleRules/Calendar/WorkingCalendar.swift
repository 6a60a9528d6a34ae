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

    public init(pack: RulePack) {
        year = pack.calendarYear
        daysOff = pack.daysOff
        workingWeekends = pack.workingWeekends
    }

    init(year: Int, daysOff: Set<Day>, workingWeekends: Set<Day>) {
        self.year = year; self.daysOff = daysOff; self.workingWeekends = workingWeekends
    }

    public func isWorkingDay(_ d: Day) -> Bool {
        if daysOff.contains(d) { return false }
        if workingWeekends.contains(d) { return true }
        return d.weekday <= 5
    }

    /// Working days from `from` through `through`, both ends counted; 0 when `from > through`.
    public func workingDays(from: Day, through: Day) -> Int {
        guard from <= through else { return 0 }
        var n = 0
        var d = from
        while d <= through {
            if isWorkingDay(d) { n += 1 }
            d = d.adding(days: 1)
        }
        return n
    }
}
