import Testing
@testable import ShellCore
import TestSupport

/// The line under a cut table names a way to see everything that exists for that table
/// (issue 13, item 9): `show --all` for the view; rerunning with `max-rows 0` for check and
/// deadline-status --list, whose tables are not the view.
@Suite struct OverflowHintCommandTests {
    static func session() -> Session {
        let (s, _) = makeSession()
        run("set as-of 2024-08-10\nload examples/roster-2024.json\nset max-rows 3", in: s)
        return s
    }

    @Test(arguments: [
        ("check --kind 不符合", "… 另有 232 行（`set max-rows 0` 后重新运行 `check --kind 不符合` 显示全部）"),
        ("deadline-status --list", "… 另有 363 行（`set max-rows 0` 后重新运行 `deadline-status --list` 显示全部）"),
        ("show", "… 另有 237 行（`show --all` 或 `set max-rows 0` 显示全部）"),
    ])
    func hintNamesAWayThatExists(_ command: String, _ hint: String) {
        let (out, ok) = run(command, in: Self.session())
        #expect(ok, "\(out)")
        #expect(out.split(separator: "\n").contains { $0 == hint }, "\(out)")
    }

    /// What the hint says works: with max-rows 0 the same command prints every row.
    @Test func rerunningAsTheHintSaysShowsEverything() {
        let s = Self.session()
        let (out, _) = run("set max-rows 0\ncheck --kind 不符合", in: s)
        #expect(!out.contains("另有"))
        #expect(out.split(separator: "\n").count >= 235)
    }
}
