import Testing
import TestSupport

/// Type errors before data (issue 13, item 7): an operator applied to types it never accepts
/// is an error when the expression is compiled — the same message, range and help whether the
/// view has 0 rows or 5 — while expressions that are fine on some values still run.
@Suite struct StaticTypeTests {
    static let empty = "set as-of 2024-12-31\nload Tests/Fixtures/mini.json\nfilter name == \"没有这个人\"\n"
    static let full = "set as-of 2024-12-31\nload Tests/Fixtures/mini.json\n"

    @Test(arguments: [
        ("filter self_score + \"a\" > 1", "<test>:4:8: error: 类型错误：`+` 不能用于 number 与 string"),
        ("select years(title_since) + \"年\" as y", "<test>:4:8: error: 类型错误：`+` 不能用于 number 与 string"),
        ("filter graduated_on > \"2020-01-01\"", "<test>:4:8: error: 类型错误：`>` 不能用于 date 与 string\nfilter graduated_on > \"2020-01-01\"\n       ^~~~~~~~~~~~~~~~~~~~~~~~~~~\nhelp: 日期字面量不加引号，例如 2001-01-01"),
        ("filter not self_score", "<test>:4:8: error: 类型错误：`not` 需要 bool，实际为 number"),
        ("filter -name == 1", "<test>:4:8: error: 类型错误：`-` 不能用于 string"),
        ("filter in_post and len(name)", "<test>:4:8: error: 类型错误：`and` 需要 bool，右边为 number"),
        ("select upper(name) * 2 as x", "<test>:4:8: error: 类型错误：`*` 不能用于 string 与 number"),
    ])
    func reportedOnAnEmptyViewAsOnAFullOne(command: String, message: String) {
        let onEmpty = run(Self.empty + command)
        let onFull = run(Self.full + command)
        #expect(!onEmpty.ok && !onFull.ok)
        let line = message.split(separator: "\n").first.map(String.init) ?? message
        #expect(onEmpty.output.contains(message), "\(onEmpty.output)")
        // The full view's script is one line shorter: the same error, one line up.
        #expect(onFull.output.contains(line.replacingOccurrences(of: "<test>:4:", with: "<test>:3:")), "\(onFull.output)")
    }

    @Test(arguments: [
        "filter self_score + 1 > 60",
        "filter graduated_on > 2020-01-01 and in_post",
        "select name + \"（\" + level + \"）\" as 称呼",
        "filter years(title_since) >= 5 or is_null(title_since)",
        "filter title_since - graduated_on > 0",
        "count by coalesce(self_score, 0) > 60",
    ])
    func wellTypedExpressionsStillRun(command: String) {
        let r = run(Self.full + command)
        #expect(r.ok, "\(r.output)")
    }
}
