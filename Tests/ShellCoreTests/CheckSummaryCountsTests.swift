import Foundation
import RosterData
import Testing
@testable import ShellCore
import TestSupport
import TitleRules

/// `check --summary` counts through the engine's counting path (`RuleOutcomeRow`, integer
/// tallies); it must give the table that counting `engine.evaluate`'s results gives, as the
/// command did before: per rule, the applicants it makes 不符合, 待核实 and 需补正/提示 (each
/// applicant once per rule and kind), most 不符合 first, then most of the others, then pack order.
@Suite struct CheckSummaryCountsTests {
    /// The summary's rows (id, 不符合, 待核实, 需补正/提示) from `evaluate`, as the command counted before.
    static func reference(_ ds: Dataset, engine: RuleEngine, kind filter: String?) -> [String] {
        var fail: [String: Int] = [:], unknown: [String: Int] = [:], other: [String: Int] = [:]
        var ids = Set<String>()
        for row in 0..<ds.count {
            let e = engine.evaluate(dataset: ds, row: row, options: RuleOptions())
            var seen = Set<String>()
            let problems = e.rules.filter { $0.outcome != .pass }.map { ($0.id, $0.outcome == .fail ? "不符合" : "待核实") }
                + (e.materials + e.process).filter { $0.outcome != .pass }.map { ($0.id, $0.outcome == .unknown ? "待核实" : ($0.action ?? "需补正")) }
            for (id, k) in problems {
                if let filter, k != filter { continue }
                guard seen.insert(id + "\u{0}" + k).inserted else { continue }
                ids.insert(id)
                switch k {
                case "不符合": fail[id, default: 0] += 1
                case "待核实": unknown[id, default: 0] += 1
                default: other[id, default: 0] += 1
                }
            }
        }
        let order = Dictionary(uniqueKeysWithValues: engine.pack.rules.enumerated().map { ($1.id, $0) })
        let sorted = ids.sorted { a, b in
            let fa = fail[a] ?? 0, fb = fail[b] ?? 0
            if fa != fb { return fa > fb }
            let ua = (unknown[a] ?? 0) + (other[a] ?? 0), ub = (unknown[b] ?? 0) + (other[b] ?? 0)
            if ua != ub { return ua > ub }
            // "申报" (no pack index) before the pack's first rule.
            return (order[a].map { $0 + 1 } ?? 0) < (order[b].map { $0 + 1 } ?? 0)
        }
        return sorted.map { "\($0),\(fail[$0] ?? 0),\(unknown[$0] ?? 0),\(other[$0] ?? 0)" }
    }

    @Test(arguments: [(UInt64(1), 700), (2, 500), (17, 900), (2024, 400)])
    func summaryEqualsCountingEvaluate(seed: UInt64, count: Int) throws {
        let dir = makeTempDirectory()
        let path = dir + "/g.json"
        try Data(RosterGenerator.jsonBytes(count: count, seed: seed)).write(to: URL(fileURLWithPath: path))
        let (s, _) = makeSession()
        let (loadOut, loaded) = run("set as-of 2024-12-31\nload \(path)", in: s)
        #expect(loaded, "\(loadOut)")
        let ds = try s.requireCurrent().dataset
        #expect(ds.count == count)
        let engine = try s.rules().engine
        for kind in [nil, "不符合", "待核实", "需补正", "提示"] as [String?] {
            let (out, ok) = run("set format csv\ncheck --summary" + (kind.map { " --kind \($0)" } ?? ""), in: s)
            #expect(ok, "\(out)")
            let rows = out.split(separator: "\n").dropFirst().map { line -> String in
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                return [f[0], f[f.count - 3], f[f.count - 2], f[f.count - 1]].joined(separator: ",")
            }
            let expected = Self.reference(ds, engine: engine, kind: kind)
            if kind == nil { #expect(expected.count > 20, "seed \(seed): too little to count") }
            #expect(rows == expected, "seed \(seed), kind \(kind ?? "all")")
        }
    }
}
