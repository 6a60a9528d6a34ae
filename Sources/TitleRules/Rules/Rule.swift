import Foundation
import RosterData
import Yams

// A rule is one value: its pack entry (`info`: id, title, clause, notice text, reading), its
// parameters decoded once from the pack into a typed `Params` struct, and one `evaluate` that
// returns a `RuleResult` — the outcome, the fields it read and, when they were missing, which.
// The message is built in the same function, and only when the context explains (`Ctx.explain`);
// the verdict path runs the same `evaluate` without messages and stops at the first fail.
//
// A new rule: one file (or one struct in its family's file), one line in `RuleRegistry.entries`,
// and its entry in the pack.

/// What a rule needs known before it can be evaluated.
struct RuleNeeds: OptionSet, Sendable {
    let rawValue: Int
    /// The level applied for (R1.3, the route rules).
    static let level = RuleNeeds(rawValue: 1)
    /// The route (R7, R8, the route rules).
    static let route = RuleNeeds(rawValue: 2)
    /// The CE years: the level, or no level given at all (every level then; R7).
    static let ceYears = RuleNeeds(rawValue: 4)
}

/// A rule value built from the pack.
protocol PackRule: Sendable {
    var info: RuleInfo { get }
}

/// A rule the engine evaluates on one applicant (eligibility, material or process).
protocol EvaluatedRule: PackRule {
    var needs: RuleNeeds { get }
    func evaluate(_ c: Ctx) -> RuleResult
}

extension EvaluatedRule {
    var needs: RuleNeeds { [] }
    var id: String { info.id }
}

/// A rule without parameters (`params: {}`).
struct NoParams: Decodable, Sendable {}

/// A pack date (`YYYY-MM-DD`).
struct PackDate: Decodable, Sendable {
    let day: Day
    init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let d = Day.parse(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "“\(s)” 不是日期"))
        }
        day = d
    }
}

extension Ratio: Decodable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s: String
        if let t = try? c.decode(String.self) { s = t } else { s = String(try c.decode(Double.self)) }
        guard let r = Ratio(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "“\(s)” 不是小数"))
        }
        self = r
    }
}

/// What a rule may read of the rest of the pack while it is built.
struct RuleBuildContext {
    var levels: [LevelInfo]
    var skillRanks: [String: Int]
    var honorLists: [String: HonorList]
}

/// One registry line: a rule id, the parameters the pack must give (checked and shown by
/// `rules`), and how to build the rule value from its pack entry.
struct RuleEntry: Sendable {
    let id: String
    let schema: [(String, RulePack.ParamType)]
    let build: @Sendable (RuleInfo, Node, RuleBuildContext) throws -> any PackRule

    /// A rule type whose value is built from its decoded parameters.
    init<R: BuildableRule>(_ type: R.Type, id: String? = nil) {
        self.id = id ?? R.ruleID
        self.schema = R.schema
        self.build = { info, node, ctx in
            let p = try ParamsDecoder.decode(R.Params.self, from: node)
            return try R(info: info, params: p, pack: ctx)
        }
    }
}

/// A rule type the registry can build.
protocol BuildableRule: PackRule {
    associatedtype Params: Decodable
    /// The id (a type used for several ids, like P1–P3, is registered with each).
    static var ruleID: String { get }
    /// Every parameter key with its type, as the pack writes it.
    static var schema: [(String, RulePack.ParamType)] { get }
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) throws
}

extension BuildableRule {
    static var schema: [(String, RulePack.ParamType)] { [] }
}

/// Every rule the engine implements, in the spec's order. The pack must name exactly these.
enum RuleRegistry {
    static let entries: [RuleEntry] = [
        RuleEntry(R1_1.self), RuleEntry(R1_2.self), RuleEntry(R1_3.self),
        RuleEntry(R2_1.self), RuleEntry(R2_2.self), RuleEntry(R2_3.self), RuleEntry(R2_4.self),
        RuleEntry(R3_1.self), RuleEntry(R3_2.self), RuleEntry(R3_3.self),
        RuleEntry(R4.self),
        RuleEntry(R5_1.self), RuleEntry(R5_2.self),
        RuleEntry(R6_1.self), RuleEntry(R6_2.self),
        RuleEntry(R7.self),
        RuleEntry(R8.self),
        RuleEntry(R9.self), RuleEntry(R10.self), RuleEntry(R11.self), RuleEntry(R12.self),
        RuleEntry(R13_1.self), RuleEntry(R13_2.self),
        RuleEntry(R14_1.self), RuleEntry(R14_2.self),
        RuleEntry(M1.self), RuleEntry(M2.self), RuleEntry(M3.self), RuleEntry(M4.self),
        RuleEntry(StageRule.self, id: "P1"), RuleEntry(StageRule.self, id: "P2"), RuleEntry(StageRule.self, id: "P3"),
        RuleEntry(P4.self), RuleEntry(P5.self),
    ]

    static let byID: [String: RuleEntry] = Dictionary(uniqueKeysWithValues: entries.map { ($0.id, $0) })
    static var ids: [String] { entries.map(\.id) }
}
