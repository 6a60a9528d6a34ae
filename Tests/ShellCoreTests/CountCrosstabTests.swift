import Testing
@testable import ShellCore
import TestSupport

/// `count by A by B` and `count by A, B --crosstab`: A's values as rows, B's as columns,
/// both in pinyin order with unknown last; 合计 row and column on screen.
@Suite struct CountCrosstabCommandTests {
    static let agencyByLevel = """
    受理机构 \\ 申报级别  工程师  助理工程师  合计
    ───────────────────  ──────  ──────────  ────
    江山市水利局              1           0     1
    柯城区水利局              0           1     1
    衢江区水利局              1           0     1
    衢州市水利局              2           0     2
    合计                      4           1     5

    """

    /// A Chinese label (受理机构) names the same field and gives the same table.
    @Test(arguments: ["count by agency by level", "count by agency, level --crosstab", "count by 受理机构 by level"])
    func crossTableOnScreen(_ command: String) {
        let (out, ok) = run(command, in: loaded())
        #expect(ok, "\(out)")
        #expect(out == Self.agencyByLevel)
    }

    @Test func unknownValuesAreAGroupNamedAsCountByNamesThem() {
        let (out, ok) = run("count by level by submitted_on", in: loaded())
        #expect(ok, "\(out)")
        #expect(out == """
        申报级别 \\ 个人提交时间  2024-07-15  （未知）  合计
        ───────────────────────  ──────────  ────────  ────
        工程师                            3         1     4
        助理工程师                        1         0     1
        合计                              4         1     5

        """)
    }

    @Test func whereAppliesBeforeTheTable() {
        let (out, ok) = run("count where level == \"工程师\" by degree by agency", in: loaded())
        #expect(ok, "\(out)")
        #expect(out == """
        学历 \\ 受理机构  江山市水利局  衢江区水利局  衢州市水利局  合计
        ───────────────  ────────────  ────────────  ────────────  ────
        本科                        0             1             2     3
        硕士                        1             0             0     1
        合计                        1             1             2     4

        """)
    }

    @Test func machineFormatsKeyCellsByValueWithoutTotalRow() {
        let s = loaded()
        let csv = run("set format csv\ncount by agency by degree", in: s).output
        #expect(csv == """
        agency,本科,大专,硕士,total
        江山市水利局,0,0,1,1
        柯城区水利局,0,1,0,1
        衢江区水利局,1,0,0,1
        衢州市水利局,2,0,0,2

        """)
        let json = run("set format json\ncount by level by submitted_on", in: s).output
        #expect(json == """
        [
          {"level": "工程师", "2024-07-15": 3, "（未知）": 1, "total": 4},
          {"level": "助理工程师", "2024-07-15": 1, "（未知）": 0, "total": 1}
        ]

        """)
    }

    @Test(arguments: [
        ("count by level --crosstab", "error: 交叉表需要恰好两个分组表达式（现有 1 个）"),
        ("count by level by agency by degree", "error: 交叉表需要恰好两个分组表达式（现有 3 个）"),
        ("count by level by agency --chart", "error: 交叉表不能与 --chart 同用"),
    ])
    func refusesWhatItCannotDraw(_ command: String, _ message: String) {
        let (out, ok) = run(command, in: loaded())
        #expect(!ok)
        #expect(out.contains(message), "\(out)")
    }

    /// Several keys without asking for a cross table: one row per combination, as before.
    @Test func commaWithoutFlagStaysOneRowPerCombination() {
        let (out, ok) = run("count by agency, level", in: loaded())
        #expect(ok)
        #expect(out == """
        受理机构      申报级别    人数
        ────────────  ──────────  ────
        江山市水利局  工程师         1
        柯城区水利局  助理工程师     1
        衢江区水利局  工程师         1
        衢州市水利局  工程师         2
        合计 5 人，4 组

        """)
    }
}
