import Foundation
import Testing
@testable import ShellCore
import TestSupport

@Suite struct HelpExamplesTests {
    @Test("every command's examples run against the example roster", arguments: CommandRegistry.standard.commands.map { $0.name })
    func examplesSucceed(name: String) throws {
        let c = try #require(CommandRegistry.standard.lookup(name))
        for r in HelpExamples.run(c.examples) {
            #expect(r.ok, "\(name): `\(r.command)` failed:\n\(r.output)")
            #expect(!r.output.contains("error:"), "\(r.command): \(r.output)")
        }
    }

    @Test func helpShowsRealOutput() {
        let (out, ok) = run("help count")
        #expect(ok)
        #expect(out.contains("zcsh> count by level"))
        #expect(out.contains("合计 240 人，3 组"))
    }

    @Test func helpLeavesTheSessionAlone() {
        let s = exampleSession()
        run("filter level == \"技术员\"", in: s)
        run("help filter\nhelp load\nhelp export", in: s)
        #expect(s.current?.view.count == 7)
        #expect(s.datasetOrder == ["roster-2024"])
    }

    @Test func rulesHelpPointsAtExplain() {
        let (out, _) = run("help rules")
        #expect(out.contains("explain ID"))
    }

    @Test func didYouMeanInChinese() {
        let (out, ok) = run("cuont")
        #expect(!ok)
        #expect(out.contains("您是否要找 `count`"))
        let s = exampleSession()
        let (o2, _) = run("count by 学立", in: s)
        #expect(o2.contains("学历"), "\(o2)")
    }
}
