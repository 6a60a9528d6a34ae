import Foundation
import Testing
@testable import ShellCore
import TestSupport

/// Names (issue 13, item 9): a `select` alias is usable later in the same `select`; an alias
/// spelled like a function's Chinese alias (`天数`) is a column; an unquoted option value of
/// `explain` hints at the quotes.
@Suite struct SelectNamesCommandTests {
    @Test func aliasUsableLaterInTheSameSelect() {
        let s = loaded()
        let (out, ok) = run("select years(title_since) as y, y + 1 as z, z * 2", in: s)
        #expect(ok, "\(out)")
        #expect(out == """
        y  z  z * 2
        ─  ─  ─────
        5  6     12
        3  4      8
        5  6     12
        2  3      6
        5  6     12

        """)
        // The names stay for later commands.
        #expect(run("filter z >= 6\ncount", in: s).output.hasSuffix("   3\n"))
    }

    @Test func aliasUsedBeforeItIsMadeIsStillUnknown() {
        let (out, ok) = run("select y + 1 as z, years(title_since) as y", in: loaded())
        #expect(!ok)
        #expect(out.contains("error: 未知字段 `y`"), "\(out)")
    }

    @Test func aliasSpelledLikeAFunctionsChineseName() {
        let s = loaded()
        let (out, ok) = run("select name, days(title_since) as 天数, 天数 + 1 as 次日, 天数(title_since, 2024-01-01) as 到年初", in: s)
        #expect(ok, "\(out)")
        #expect(out == """
        姓名  天数  次日  到年初
        ────  ────  ────  ──────
        张伟  1838  1839    1473
        李娜  1265  1266     900
        王芳  1838  1839    1473
        赵强   731   732     366
        陈静  1838  1839    1473

        """)
        let (after, ok2) = run("filter 天数 > 1000\nsort by 天数\nselect name, 天数", in: s)
        #expect(ok2, "\(after)")
        #expect(after.hasSuffix("""
        姓名  天数
        ────  ────
        李娜  1265
        张伟  1838
        王芳  1838
        陈静  1838

        """))
    }

    @Test(arguments: [
        ("explain QZ2024-0001 level:助理工程师", "error: `助理工程师` 不是字段或变量：选项 level 的值要加引号", "help: 写作 level:\"助理工程师\""),
        ("explain QZ2024-0001 级别:助理工程师", "error: `助理工程师` 不是字段或变量：选项 级别 的值要加引号", "help: 写作 级别:\"助理工程师\""),
        ("explain QZ2024-0001 route:任意", "error: `任意` 不是字段或变量：选项 route 的值要加引号", "help: 写作 route:\"任意\""),
    ])
    func explainHintsAtQuotes(_ command: String, _ message: String, _ help: String) {
        let (out, ok) = run(command, in: loaded())
        #expect(!ok)
        #expect(out.contains(message) && out.contains(help), "\(out)")
    }

    /// A field as the value is still read from the applicant; other unknown names keep the plain error.
    @Test func explainOtherOptionsKeepTheirErrors() {
        let s = loaded()
        let (out, ok) = run("explain QZ2024-0002 level:level", in: s)
        #expect(ok, "\(out)")
        #expect(out.contains("申报 助理工程师"))
        let (bad, ok2) = run("explain QZ2024-0001 as_of:foo", in: s)
        #expect(!ok2 && bad.contains("error: 未知字段 `foo`") && !bad.contains("加引号"))
    }

    /// `export … EXPR as NAME` names the column as select does; the names last for that export only.
    @Test func exportAsNamesColumns() throws {
        let dir = makeTempDirectory()
        let s = loaded()
        let (out, ok) = run("export csv \(dir)/a.csv name, years(title_since) as 任职年数, 任职年数 + 1 as 明年, id_number as 证号 --mask", in: s)
        #expect(ok, "\(out)")
        #expect(try String(contentsOfFile: dir + "/a.csv", encoding: .utf8) == """
        name,任职年数,明年,证号
        张伟,5,6,330802********1234
        李娜,3,4,330802********1235
        王芳,5,6,330802********123X
        赵强,2,3,330802********1234
        陈静,5,6,330802********1234

        """)
        let (later, ok2) = run("filter 任职年数 > 1", in: s)
        #expect(!ok2 && later.contains("error: 未知字段 `任职年数`"), "\(later)")
        let (clash, ok3) = run("export csv \(dir)/b.csv name as degree", in: s)
        #expect(!ok3 && clash.contains("error: 列名 `degree` 与花名册字段重名"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/b.csv"))
    }

    /// After select, an export's own aliases sit beside the select's derived columns, which stay.
    @Test func exportAsKeepsSelectColumns() throws {
        let dir = makeTempDirectory()
        let s = loaded()
        run("select name, years(title_since) as 年限", in: s)
        let (out, ok) = run("export csv \(dir)/c.csv name, 年限 * 12 as 月数\nfilter 年限 >= 5\ncount", in: s)
        #expect(ok, "\(out)")
        #expect(try String(contentsOfFile: dir + "/c.csv", encoding: .utf8) == "name,月数\n张伟,60\n李娜,36\n王芳,60\n赵强,24\n陈静,60\n")
        #expect(out.hasSuffix("   3\n"))
    }
}
