import Foundation
import RosterData
import ShellLang
import Testing
@testable import ShellCore
import TestSupport

/// `count by` over fields stored as codes (`CountCommand.codedGroupCounts`) gives exactly what
/// evaluating the keys row by row gives: the same groups, counts, first-seen order and the
/// spelling of each value — over filtered and sorted views, with unknown values, and with
/// canonically equal spellings (NFC, NFD) that must share a group.
@Suite struct CountCodedTests {
    static func session(_ ds: Dataset) -> Session {
        let (s, _) = makeSession()
        s.add(ds)
        s.use(ds.name)
        return s
    }

    static func generated(_ n: Int, seed: UInt64) -> Dataset {
        var roster = RosterGenerator.generate(count: n, seed: seed)
        let level = FieldCatalog.types.slot(of: "level")!, agency = FieldCatalog.types.slot(of: "agency")!
        // Spellings the loader would not make: NFC and NFD of one word in two rows each, and
        // values only late rows have.
        roster[3][level] = .string("Caf\u{E9}"); roster[9][level] = .string("Cafe\u{301}")
        roster[n - 2][level] = .string("Cafe\u{301}"); roster[n - 1][agency] = .null
        roster[n - 1][FieldCatalog.types.slot(of: "self_score")!] = .double(-0.0)
        return Dataset(name: "g\(seed)", applicants: roster)
    }

    static let keys: [[String]] = [
        ["level"], ["agency", "level"], ["degree", "title", "unit_tier"], ["in_post"], ["title_since"],
        ["self_score"], ["level", "self_score"], ["申报级别", "受理机构"],
    ]

    @Test(arguments: keys)
    func codesGiveTheRowByRowGroups(_ names: [String]) throws {
        let ds = Self.generated(1500, seed: 5)
        let s = Self.session(ds)
        let state = try s.requireCurrent()
        let compiled = try names.map { n -> CompiledExpression in
            var p = try Parser(source: SourceFile(name: "t", text: n))
            let e = try p.parseExpression()
            return try s.compile(e, source: n, in: state)
        }
        #expect(compiled.allSatisfy { $0.fieldSlot != nil })
        var rng = SplitMix(seed: 9)
        let views: [[Int32]] = [
            Array(0..<Int32(ds.count)),
            Array((0..<Int32(ds.count)).reversed()),
            (0..<Int32(ds.count)).filter { _ in rng.next() % 3 == 0 },
            [],
        ]
        for rows in views {
            let fast = try #require(try CountCommand.codedGroupCounts(rows, compiled, dataset: ds, s))
            let slow = try CountCommand.groupCounts(rows, compiled, dataset: ds, s, codes: false)
            #expect(fast.counts == slow.counts, "\(names) over \(rows.count) rows")
            #expect(fast.firstSeen.count == slow.firstSeen.count)
            // Same order and the same spelling (byte for byte) of every value.
            for (a, b) in zip(fast.firstSeen, slow.firstSeen) {
                #expect(a.map(Self.exact) == b.map(Self.exact), "\(names)")
            }
        }
    }

    static func exact(_ v: Value) -> String {
        if case .string(let s) = v { return "s:" + s.utf8.map { String($0, radix: 16) }.joined(separator: ".") }
        if case .double(let d) = v { return "d:\(d.bitPattern)" }
        return "\(v)"
    }

    /// Keys that are not plain coded fields take the row-by-row path.
    @Test(arguments: ["name", "level + \"\"", "years(title_since)", "continuing_education"])
    func otherKeysAreNotCounted(_ text: String) throws {
        let ds = Self.generated(50, seed: 2)
        let s = Self.session(ds)
        var p = try Parser(source: SourceFile(name: "t", text: text))
        let e = try p.parseExpression()
        let c = try s.compile(e, source: text, in: try s.requireCurrent())
        #expect(try CountCommand.codedGroupCounts(Array(0..<50), [c], dataset: ds, s) == nil)
    }
}
