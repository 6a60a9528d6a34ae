import RosterData
import Testing
@testable import TitleRules
import TestSupport

/// The counting path (`outcomes(dataset:row:index:options:into:)`, for `check --summary`) gives,
/// slot by slot, the outcomes `evaluate` gives: rules, materials and process, and the verdict.
@Suite struct OutcomeRowTests {
    @Test(arguments: [UInt64(3), 11, 29])
    func outcomeRowAgreesWithEvaluate(seed: UInt64) throws {
        let engine = RuleEngine(pack: try RulePack.builtin())
        // Every branch of the driver: route missing, "任意", a route or level the pack does not have, level missing.
        var apps = RosterGenerator.generate(count: 500, seed: seed)
        for i in apps.indices {
            if i % 7 == 0 { apps[i].fields[F.route] = .null }
            if i % 11 == 0 { apps[i].fields[F.route] = .string(RuleOptions.anyRoute) }
            if i % 13 == 0 { apps[i].fields[F.route] = .string("无此方式") }
            if i % 17 == 0 { apps[i].fields[F.level] = .null }
            if i % 19 == 0 { apps[i].fields[F.level] = .string("无此级别") }
        }
        let ds = Dataset(name: "g", applicants: apps)
        let slots = engine.outcomeSlots
        let slotOf = Dictionary(uniqueKeysWithValues: slots.enumerated().map { ($1.id, $0) })
        let index = engine.expertIndex(for: ds)
        var row = RuleOutcomeRow(engine: engine)
        var routeMissing = 0
        for options in [RuleOptions(), RuleOptions(level: "助理工程师"), RuleOptions(route: RuleOptions.anyRoute)] {
            for r in 0..<ds.count {
                let full = engine.evaluate(dataset: ds, row: r, options: options)
                let v = engine.outcomes(dataset: ds, row: r, index: index, options: options, into: &row)
                #expect(v == full.verdict)
                var rules = [Outcome?](repeating: nil, count: slots.count), checks = rules
                for res in full.rules { rules[slotOf[res.id]!] = res.outcome }
                for res in full.materials + full.process { checks[slotOf[res.id]!] = res.outcome }
                #expect(row.eligibility == rules, "row \(r) \(options)")
                #expect(row.checks == checks, "row \(r) \(options)")
                if options.route == nil, ds.applicants[r].fields[F.route].stringValue == nil { routeMissing += 1 }
            }
        }
        #expect(routeMissing > 0, "the roster should have applicants without a route")
    }
}
