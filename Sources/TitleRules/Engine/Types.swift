import RosterData

/// A rule's result on one applicant.
public enum Outcome: String, Sendable, Hashable {
    case pass, fail, unknown

    /// Kleene conjunction: fail wins, then unknown.
    public static func all<S: Sequence>(_ xs: S) -> Outcome where S.Element == Outcome {
        var sawUnknown = false
        for x in xs { if x == .fail { return .fail }; if x == .unknown { sawUnknown = true } }
        return sawUnknown ? .unknown : .pass
    }

    /// Kleene disjunction: pass wins, then unknown.
    public static func any<S: Sequence>(_ xs: S) -> Outcome where S.Element == Outcome {
        var sawUnknown = false
        for x in xs { if x == .pass { return .pass }; if x == .unknown { sawUnknown = true } }
        return sawUnknown ? .unknown : .fail
    }

    public func and(_ o: Outcome) -> Outcome { Outcome.all([self, o]) }
    public func or(_ o: Outcome) -> Outcome { Outcome.any([self, o]) }
    public var negated: Outcome { self == .pass ? .fail : self == .fail ? .pass : .unknown }

    init(_ b: Bool) { self = b ? .pass : .fail }

    /// 符合 / 不符合 / 待核实.
    public var label: String {
        switch self {
        case .pass: return "符合"
        case .fail: return "不符合"
        case .unknown: return "待核实"
        }
    }
}

public enum Verdict: String, Sendable, Hashable {
    case eligible = "符合", ineligible = "不符合", unknown = "待核实"

    /// Best first: 符合, 待核实, 不符合 (for route "任意").
    var preference: Int { self == .eligible ? 0 : self == .unknown ? 1 : 2 }
}

/// What-if options: any level, any route (or "任意"), any cut-off.
public struct RuleOptions: Hashable, Sendable {
    public var level: String?
    /// `"任意"`: eligible if some route gives 符合.
    public var route: String?
    public var cutoff: Day?
    public init(level: String? = nil, route: String? = nil, cutoff: Day? = nil) {
        self.level = level; self.route = route; self.cutoff = cutoff
    }

    /// The route name meaning "any route".
    public static let anyRoute = "任意"
}

public struct RuleResult: Sendable {
    public var id: String
    public var title: String
    public var clause: String
    public var outcome: Outcome
    /// Chinese, with the actual values and the shortfall (empty on the fast verdict path).
    public var message: String
    public var fieldsRead: [(String, Value)]
    /// Field keys whose absence made the result unknown.
    public var missing: [String]
    public var kind: RuleKind
    /// Materials: 需补正 / 提示 (when the check does not pass).
    public var action: String?

    public init(id: String, title: String, clause: String, outcome: Outcome, message: String,
                fieldsRead: [(String, Value)] = [], missing: [String] = [], kind: RuleKind = .eligibility,
                action: String? = nil) {
        self.id = id; self.title = title; self.clause = clause; self.outcome = outcome; self.message = message
        self.fieldsRead = fieldsRead; self.missing = missing; self.kind = kind; self.action = action
    }
}

/// How one row of the 二(一) table fared.
public struct TableRowTrace: Sendable {
    public var rowID: String
    public var satisfied: Outcome
    public var message: String
    /// The row's CE years.
    public var ceYears: Int
    /// Whether the applicant's degree reaches the row (unknown when degree is not known).
    public var degreeMet: Outcome
}

public struct Evaluation: Sendable {
    public var level: String
    /// The route evaluated (for "任意", the route chosen: the first in roster order with the best verdict).
    public var route: String
    public var verdict: Verdict
    public var rules: [RuleResult]
    public var tableRows: [TableRowTrace]
    /// The CE years R7 used; nil when missing data leaves several possible.
    public var ceYears: Int?
    /// Every CE-years value still possible (one value when decided).
    public var possibleCEYears: [Int]
    /// M1–M4.
    public var materials: [RuleResult]
    /// P4, P5.
    public var process: [RuleResult]
    /// For "任意": each route's verdict, in roster order.
    public var routeVerdicts: [(String, Verdict)]

    public func result(_ id: String) -> RuleResult? {
        rules.first { $0.id == id } ?? materials.first { $0.id == id } ?? process.first { $0.id == id }
    }
}

/// P1–P3 for an as-of date.
public enum StageStatus: Hashable, Sendable {
    /// The date is present and inside the window.
    case onTime
    /// The date is present and outside the window.
    case late
    /// No date, and the as-of date is past the deadline.
    case overdue
    /// No date yet; `daysLeft` days to the deadline (0 on the deadline itself).
    case pending(daysLeft: Int)
    /// The stage id is not in the pack.
    case unknownStage

    public var label: String {
        switch self {
        case .onTime: return "按时"
        case .late: return "超出时限"
        case .overdue: return "已逾期"
        case .pending(let n): return "待办（剩 \(n) 天）"
        case .unknownStage: return "未知阶段"
        }
    }
}

extension Verdict {
    /// 1, 2, 3 for the verdict cache (0 = none).
    var code: UInt8 { self == .eligible ? 1 : self == .ineligible ? 2 : 3 }
    init?(code: UInt8) {
        switch code {
        case 1: self = .eligible
        case 2: self = .ineligible
        case 3: self = .unknown
        default: return nil
        }
    }
}

/// What `rule_status(id)` says of one rule: its outcome, or that it does not apply.
public enum RuleStatus: String, Sendable, Hashable, CaseIterable {
    case pass = "通过", fail = "不通过", unknown = "待核实", notApplicable = "不适用"

    public init(_ o: Outcome) {
        switch o {
        case .pass: self = .pass
        case .fail: self = .fail
        case .unknown: self = .unknown
        }
    }
}

extension RuleEngine {
    /// One rule's status in an evaluation. A rule with a result gives its outcome. A rule without
    /// one: 待核实 when a missing level or route leaves open whether it applies (a common rule, or
    /// a route rule of the route given — of some route when the route is missing); else 不适用.
    /// P1–P3 are not here (they depend on the as-of date: `stageStatus`).
    public func ruleStatus(_ id: String, in e: Evaluation) -> RuleStatus {
        if let r = e.result(id) { return RuleStatus(r.outcome) }
        guard let info = pack.rule(id), info.kind == .eligibility, e.result("申报")?.outcome == .unknown else { return .notApplicable }
        if pack.commonRules.contains(id) { return .unknown }
        let routes = pack.route(e.route).map { [$0] } ?? pack.routes
        return routes.contains { $0.rules.contains(id) } ? .unknown : .notApplicable
    }
}
