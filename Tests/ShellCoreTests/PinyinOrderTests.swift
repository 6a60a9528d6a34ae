import Testing
@testable import ShellCore
import TestSupport

/// Every command that orders text for people uses the one collation (`TextCollation`):
/// 江山 jiāng < 柯城 kē < 衢江 qú jiāng < 衢州 qú zhōu; 陈 < 李 < 王 < 张 < 赵.
@Suite struct PinyinOrderCommandTests {
    @Test func distinctInPinyinOrder() {
        let (out, ok) = run("distinct agency", in: loaded())
        #expect(ok)
        #expect(out == """
        受理机构      人数
        ────────────  ────
        江山市水利局     1
        柯城区水利局     1
        衢江区水利局     1
        衢州市水利局     2

        """)
    }

    @Test func feeTotalByInPinyinOrder() {
        let (out, ok) = run("fee-total by agency", in: loaded())
        #expect(ok)
        #expect(out == """
        受理机构      人数  推荐费  评审费  合计  已缴  未缴  待核实
        ────────────  ────  ──────  ──────  ────  ────  ────  ──────
        江山市水利局     1      80     180   260   260     0       0
        柯城区水利局     1       0     100   100   100     0       0
        衢江区水利局     1      80     180   260   260     0       0
        衢州市水利局     2     160     360   520   260   260       0
        合计             5     320     820  1140   880   260       0

        """)
    }

    @Test func sortByNameInPinyinOrder() {
        let s = loaded()
        run("sort by name", in: s)
        #expect(s.current!.view.map { s.current!.dataset.applicants[Int($0)].name }
                == ["陈静", "李娜", "王芳", "张伟", "赵强"])
        run("sort by name desc", in: s)
        #expect(s.current!.view.map { s.current!.dataset.applicants[Int($0)].id }
                == ["QZ2024-0004", "QZ2024-0001", "QZ2024-0003", "QZ2024-0002", "QZ2024-0005"])
    }

    /// Ties in `count by` (one key) are broken by value in the same order.
    @Test func countByTiesInPinyinOrder() {
        let (out, ok) = run("count by agency", in: loaded())
        #expect(ok)
        #expect(out == """
        受理机构      人数
        ────────────  ────
        衢州市水利局     2
        江山市水利局     1
        柯城区水利局     1
        衢江区水利局     1
        合计 5 人，4 组

        """)
    }
}
