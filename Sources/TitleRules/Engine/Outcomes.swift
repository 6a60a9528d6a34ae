import RosterData

// The counting path (`check --summary`): every rule's outcome per applicant, as `evaluate`
// decides it, written into a reused row of outcome slots — no `RuleResult` kept, no string
// retained, no `Evaluation` built per applicant. The rules run as in `.outcomes` mode (the same
// `evaluate` of each rule value; `Ctx.bare` only leaves the strings out of the result); the
// driver below follows `evaluate` / `evaluateRoute` step for step (a test compares the two over
// generated rosters).

/// One counting slot: the gate ("申报", slot 0) or a pack rule (slot 1 + its pack index).
public struct RuleSlot: Sendable {
    public let id: String
    public let title: String
    public let clause: String
    /// Materials: 需补正 / 提示.
    public let action: String?
    /// Pack (display) index; nil for the gate.
    public let packIndex: Int?
}

/// The expert index over a dataset (R3.3), fetched once per command instead of once per row.
public struct ExpertIndex: Sendable {
    let map: [String: [Int]]
}

/// One applicant's outcomes by slot (see `RuleEngine.outcomeSlots`); reused row after row.
public struct RuleOutcomeRow: Sendable {
    /// The outcome of each slot's result among `Evaluation.rules` (nil: no result).
    public internal(set) var eligibility: [Outcome?]
    /// The same among `Evaluation.materials` and `.process`.
    public internal(set) var checks: [Outcome?]
    // Scratch: one route's outcomes ("任意", route not given) and per-slot fail counts.
    var routeEligibility: [Outcome?]
    var routeChecks: [Outcome?]
    var fails: [Int]

    public init(engine: RuleEngine) {
        let n = engine.pack.rules.count + 1
        eligibility = Array(repeating: nil, count: n); checks = eligibility
        routeEligibility = eligibility; routeChecks = eligibility
        fails = Array(repeating: 0, count: n)
    }

    static func clear(_ xs: inout [Outcome?]) { for i in xs.indices { xs[i] = nil } }
}

extension RuleEngine {
    /// Slot 0: the gate ("申报"); slot 1 + i: `pack.rules[i]`.
    public var outcomeSlots: [RuleSlot] {
        [RuleSlot(id: Self.gateID, title: Self.gateTitle, clause: Self.gateClause, action: nil, packIndex: nil)]
            + pack.rules.enumerated().map { RuleSlot(id: $1.id, title: $1.title, clause: $1.clause, action: $1.action, packIndex: $0) }
    }

    /// The expert index for `outcomes(dataset:row:index:options:into:)`.
    public func expertIndex(for dataset: Dataset) -> ExpertIndex { ExpertIndex(map: expertIndex(dataset)) }

    /// Every rule's outcome for one row, as `outcomes(dataset:row:options:)` gives them, into
    /// `row` (overwritten); returns the verdict of the evaluation.
    @discardableResult
    public func outcomes(dataset: Dataset, row: Int, index: ExpertIndex, options: RuleOptions,
                         into o: inout RuleOutcomeRow) -> Verdict {
        let a = dataset.applicants[row]
        let level = options.level ?? a.fields[F.level].stringValue
        let route = (options.route ?? a.fields[F.route].stringValue).map(canonicalRoute)
        // One scratch for every route evaluated: what it caches depends on the applicant and the
        // level only (the level is the same for every route here), and `ceOutcomes` is the verdict path's.
        let scratch = Ctx.Scratch()
        func context() -> Ctx {
            var c = makeContext(a, row: row, dataset: dataset, index: index.map, options: options, mode: .outcomes, scratch: scratch)
            c.bare = true
            return c
        }
        RuleOutcomeRow.clear(&o.eligibility); RuleOutcomeRow.clear(&o.checks)
        if isAnyRoute(route), let level {
            // The first route with the best verdict.
            var best: Verdict?
            for r in pack.routes {
                RuleOutcomeRow.clear(&o.routeEligibility); RuleOutcomeRow.clear(&o.routeChecks)
                let v = outcomeRoute(context(), level: level, route: r.name, &o.routeEligibility, &o.routeChecks, checks: true)
                if best == nil || v.preference < best!.preference {
                    best = v
                    swap(&o.eligibility, &o.routeEligibility); swap(&o.checks, &o.routeChecks)
                }
            }
            return best!
        }
        var v = outcomeRoute(context(), level: level, route: route, &o.eligibility, &o.checks, checks: true)
        if route == nil, let level, pack.levels.contains(where: { $0.name == level }), v != .ineligible {
            // Route not known: R7 and R8 count as failing when they fail for every route; 不符合
            // when every route is.
            let slots = plan.commonWithRouteSlots + plan.commonWithCEYearsSlots
            for s in slots { o.fails[s] = 0 }
            var allIneligible = true
            for r in pack.routes {
                RuleOutcomeRow.clear(&o.routeEligibility)
                let rv = outcomeRoute(context(), level: level, route: r.name, &o.routeEligibility, &o.routeChecks, checks: false)
                if rv != .ineligible { allIneligible = false }
                for s in slots where o.routeEligibility[s] == .fail { o.fails[s] += 1 }
            }
            if !pack.routes.isEmpty { for s in slots where o.fails[s] == pack.routes.count { o.eligibility[s] = .fail } }
            if allIneligible { v = .ineligible }
        }
        return v
    }

    /// `evaluateRoute`'s rules, in its order and under its conditions, outcomes only; `checks`:
    /// also materials and process.
    private func outcomeRoute(_ c0: Ctx, level: String?, route: String?, _ e: inout [Outcome?], _ k: inout [Outcome?],
                              checks: Bool) -> Verdict {
        var c = c0
        var failed = false, unknown = false
        @inline(__always) func note(_ o: Outcome) {
            if o == .fail { failed = true } else if o == .unknown { unknown = true }
        }
        @inline(__always) func run(_ rules: [any EvaluatedRule], _ slots: [Int]) {
            for i in rules.indices {
                let o = rules[i].evaluate(c).outcome
                e[slots[i]] = o
                note(o)
            }
        }
        if let r = gate(&c, level: level, route: route) { e[0] = r.outcome; note(r.outcome) }
        run(plan.common, plan.commonSlots)
        if c.level != nil { run(plan.commonWithLevel, plan.commonWithLevelSlots) }
        if let ri = c.routeIndex {
            if c.level != nil { run(plan.routeRules[ri], plan.routeRuleSlots[ri]) }
            run(plan.commonWithRoute, plan.commonWithRouteSlots)
            if c.level != nil || level == nil { run(plan.commonWithCEYears, plan.commonWithCEYearsSlots) }
        }
        if checks {
            for i in plan.materials.indices { k[plan.materialSlots[i]] = plan.materials[i].evaluate(c).outcome }
            k[plan.publicitySlot] = plan.publicity.evaluate(c).outcome
            k[plan.feePaidSlot] = plan.feePaid.evaluate(c).outcome
        }
        return failed ? .ineligible : unknown ? .unknown : .eligible
    }
}
