import Testing
@testable import ShellCore
import TestSupport

/// `stats … by … --chart` (issue 13, item 8): a group with no known value is not drawn as 0
/// but named under the chart; an unknown key is labelled （未知）; dates have no mean to draw.
@Suite struct StatsChartCommandTests {
    @Test func groupsWithoutKnownValuesAreNamedNotDrawn() {
        let (out, ok) = run("stats self_score by agency --chart", in: loaded())
        #expect(ok, "\(out)")
        #expect(out == """
        江山市水利局  ████████████████████████████████████████ 78
        衢江区水利局  █████████████████████████████████████ 72.5
        未画（无已知值）：柯城区水利局（1 人）、衢州市水利局（2 人）

        """)
    }

    @Test func unknownKeyIsLabelled() {
        let (out, ok) = run("stats self_score by submitted_on --chart", in: loaded())
        #expect(ok, "\(out)")
        #expect(out == """
        2024-07-15  █████████████████████████████████████ 72.5
        （未知）    ████████████████████████████████████████ 78

        """)
    }

    @Test func noGroupDrawableGivesOnlyTheNote() {
        let (out, ok) = run("filter is_null(self_score)\nstats self_score by level --chart", in: loaded())
        #expect(ok, "\(out)")
        #expect(out == "筛选后 3 / 5 人\n未画（无已知值）：工程师（2 人）、助理工程师（1 人）\n")
    }

    @Test func datesShowTheTable() {
        let (out, ok) = run("stats title_since by level --chart", in: loaded())
        #expect(ok, "\(out)")
        #expect(out.hasSuffix("助理工程师     1     0              2021-07-15  2021-07-15\n日期没有平均值，未画图\n"), "\(out)")
    }
}
