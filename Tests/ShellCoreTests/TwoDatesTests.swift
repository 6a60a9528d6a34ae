import Testing
import TestSupport

/// Two dates, never confused (issue 13, item 6): 资历 is counted to the pack's 资历截至
/// (2024-12-31), whatever the as-of (status) date; `set` shows both.
@Suite struct TwoDatesTests {
    @Test(arguments: ["2024-06-01", "2024-12-31", "2026-12-02"])
    func yearsCountsToTheQualificationCutoff(asOf: String) {
        // 2015-12-20 → 2024-12-31: 9 full years, as explain says (9年又11天).
        let r = run("set as-of \(asOf)\nlet y = years(2015-12-20)")
        #expect(r.ok, "\(r.output)")
        #expect(r.output.hasSuffix("y = 9\n"), "\(r.output)")
    }

    @Test func explicitEndDateStillWins() {
        let r = run("set as-of 2024-12-31\nlet n = years(2015-12-20, 2024-06-01)")
        #expect(r.output.hasSuffix("n = 8\n"), "\(r.output)")
    }

    @Test func setShowsBothDates() {
        let r = run("set as-of 2024-06-01\nset")
        #expect(r.output.contains("as-of     2024-06-01"), "\(r.output)")
        #expect(r.output.contains("资历截至  2024-12-31"), "\(r.output)")
    }

    /// A stage that has not opened on the as-of date counts nobody as on time: a date recorded
    /// after the as-of date had not happened yet then (pending).
    @Test func deadlineStatusCountsOnlyWhatHadHappenedByTheAsOfDate() {
        let early = run("load examples/roster-2024.json\ndeadline-status as-of 2024-07-01")
        #expect(early.output.contains("P1 个人网上申报  2024-07-04 至 2024-08-03  未开始        33     0         0       0   240"), "\(early.output)")
        let late = run("load examples/roster-2024.json\ndeadline-status as-of 2024-12-31")
        #expect(late.output.contains("P1 个人网上申报  2024-07-04 至 2024-08-03  已截止             222        10       8     0"), "\(late.output)")
    }
}
