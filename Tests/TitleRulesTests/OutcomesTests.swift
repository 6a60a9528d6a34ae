import RosterData
import Testing
@testable import TitleRules
import TestSupport

/// `outcomes` (no messages, for `check --summary`) must agree with `evaluate` on every
/// rule, material and process check.
@Suite struct OutcomesTests {
    @Test func outcomesAgreeWithEvaluate() throws {
        let engine = RuleEngine(pack: try RulePack.builtin())
        let ds = Dataset(name: "g", applicants: RosterGenerator.generate(count: 600, seed: 11))
        for options in [RuleOptions(), RuleOptions(level: "助理工程师"), RuleOptions(route: RuleOptions.anyRoute)] {
            for row in 0..<ds.count {
                let full = engine.evaluate(dataset: ds, row: row, options: options)
                let fast = engine.outcomes(dataset: ds, row: row, options: options)
                #expect(fast.verdict == full.verdict)
                #expect(fast.rules.map { "\($0.id)=\($0.outcome)" } == full.rules.map { "\($0.id)=\($0.outcome)" })
                #expect((fast.materials + fast.process).map { "\($0.id)=\($0.outcome)" }
                        == (full.materials + full.process).map { "\($0.id)=\($0.outcome)" })
            }
        }
    }
}
