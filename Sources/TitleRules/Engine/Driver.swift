import RosterData

// One driver runs the rule values (Sources/TitleRules/Rules) for every purpose:
// - `.explain`: every rule, with messages and the fields read (explain, rule(), …);
// - `.outcomes`: every rule's outcome and missing fields, no messages (check --summary);
// - `.verdict`: outcomes only, stopping at the first failing rule (不符合 wins over 待核实).
// There is no second implementation of any rule.

enum EvaluationMode {
    case explain, outcomes, verdict
}

/// The pack's rules grouped for the driver, each group in pack (display) order. Built once per engine.
struct RulePlan {
    /// Common eligibility rules that need neither level nor route.
    let common: [any EvaluatedRule]
    /// Common rules that need the level (R1.3).
    let commonWithLevel: [any EvaluatedRule]
    /// Common rules that need the route (R8), and the route and CE years (R7: the level, or none given).
    let commonWithRoute: [any EvaluatedRule]
    let commonWithCEYears: [any EvaluatedRule]
    /// By route index: the route's own rules.
    let routeRules: [[any EvaluatedRule]]
    let materials: [any EvaluatedRule]
    let publicity: any EvaluatedRule
    let feePaid: any EvaluatedRule
    /// Rule id → pack index (results are shown in pack order).
    let order: [String: Int]
    /// The groups' rules by counting slot (`RuleOutcomeRow`: 0 = 申报, 1 + pack index), in
    /// the groups' order.
    let commonSlots: [Int], commonWithLevelSlots: [Int], commonWithRouteSlots: [Int], commonWithCEYearsSlots: [Int]
    let routeRuleSlots: [[Int]]
    let materialSlots: [Int]
    let publicitySlot: Int, feePaidSlot: Int

    init(pack: RulePack) {
        let common = pack.rules(pack.commonRules)
        var order: [String: Int] = [:]
        for (i, r) in pack.rules.enumerated() { order[r.id] = i }
        func sorted(_ rs: [any EvaluatedRule]) -> [any EvaluatedRule] { rs.sorted { order[$0.id]! < order[$1.id]! } }
        self.common = sorted(common.filter { $0.needs.isEmpty })
        commonWithLevel = sorted(common.filter { $0.needs == .level })
        commonWithRoute = sorted(common.filter { $0.needs.contains(.route) && !$0.needs.contains(.ceYears) })
        commonWithCEYears = sorted(common.filter { $0.needs.contains(.ceYears) })
        let commonIDs = Set(pack.commonRules)
        routeRules = pack.routes.map { r in sorted(pack.rules(r.rules.filter { !commonIDs.contains($0) })) }
        materials = pack.rules.filter { $0.kind == .material }.compactMap { pack.value($0.id) as? any EvaluatedRule }
        let process = pack.rules.filter { $0.kind == .process }.compactMap { pack.value($0.id) as? any EvaluatedRule }
        publicity = process.first { $0.id == "P4" } ?? process[0]
        feePaid = process.first { $0.id == "P5" } ?? process[0]
        self.order = order
        func slots(_ rs: [any EvaluatedRule]) -> [Int] { rs.map { 1 + order[$0.id]! } }
        commonSlots = slots(self.common); commonWithLevelSlots = slots(commonWithLevel)
        commonWithRouteSlots = slots(commonWithRoute); commonWithCEYearsSlots = slots(commonWithCEYears)
        routeRuleSlots = routeRules.map(slots)
        materialSlots = slots(materials)
        publicitySlot = 1 + order[publicity.id]!; feePaidSlot = 1 + order[feePaid.id]!
    }
}

/// Collects results (explain, outcomes) or only the combined outcome (verdict, stopping at a fail).
struct Tally {
    let keep: Bool
    var results: [RuleResult] = []
    var unknown = false
    var failed = false
    /// For tests: every rule the verdict path ran, with its outcome (nil: not recorded).
    var trace: [(String, Outcome)]? = nil

    /// Adds a rule's result; true when the verdict path may stop (a fail). `id`: the rule's
    /// (the verdict path's results carry none), read only when tracing.
    @inline(__always) mutating func add(_ r: RuleResult, id: @autoclosure () -> String) -> Bool {
        if keep { results.append(r) }
        if trace != nil { trace!.append((id(), r.outcome)) }
        switch r.outcome {
        case .fail: failed = true; return !keep
        case .unknown: unknown = true
        case .pass: break
        }
        return false
    }

    /// Runs rules in order; true when the verdict path may stop.
    @inline(__always) mutating func run(_ rules: [any EvaluatedRule], _ c: Ctx) -> Bool {
        for r in rules where add(r.evaluate(c), id: r.id) { return true }
        return false
    }

    var verdict: Verdict { failed ? .ineligible : unknown ? .unknown : .eligible }
}

extension RuleEngine {
    /// `route == RuleOptions.anyRoute`, without normalising the route per applicant.
    @inline(__always) func isAnyRoute(_ route: String?) -> Bool {
        guard let route else { return false }
        return sameText(route, RuleOptions.anyRoute, bPlain: true)
    }

    func makeContext(_ a: Applicant, row: Int?, dataset: Dataset?, index: [String: [Int]], options: RuleOptions,
                     mode: EvaluationMode, scratch: Ctx.Scratch? = nil) -> Ctx {
        Ctx(pack: pack, a: a, C: options.cutoff ?? pack.cutoff, Y: pack.year, explain: mode == .explain, detail: mode != .verdict,
            row: row, dataset: dataset, index: index, scratch: scratch)
    }

    func evaluate(_ a: Applicant, row: Int?, dataset: Dataset?, index: [String: [Int]], options: RuleOptions,
                  mode: EvaluationMode) -> Evaluation {
        let level = options.level ?? a.fields[F.level].stringValue
        let route = (options.route ?? a.fields[F.route].stringValue).map(canonicalRoute)
        if isAnyRoute(route), let level {
            var best: Evaluation?
            var all: [(String, Verdict)] = []
            for r in pack.routes {
                let c = makeContext(a, row: row, dataset: dataset, index: index, options: options, mode: mode)
                let e = evaluateRoute(c, level: level, route: r.name, mode: mode)
                all.append((r.name, e.verdict))
                if best == nil || e.verdict.preference < best!.verdict.preference { best = e }
            }
            best!.routeVerdicts = all
            return best!
        }
        let c = makeContext(a, row: row, dataset: dataset, index: index, options: options, mode: mode)
        var e = evaluateRoute(c, level: level, route: route, mode: mode)
        if route == nil, let level, pack.levels.contains(where: { $0.name == level }), e.verdict != .ineligible {
            // Route not known: 不符合 when every route is (a route-independent rule fails, or each
            // route fails its own way); R7 and R8 are shown when they fail for every route (a pass
            // would change nothing: the route stays to be checked).
            var per: [Evaluation] = []
            for r in pack.routes {
                let rc = makeContext(a, row: row, dataset: dataset, index: index, options: options, mode: mode)
                per.append(evaluateRoute(rc, level: level, route: r.name, mode: mode))
            }
            for id in plan.commonWithRoute.map(\.id) + plan.commonWithCEYears.map(\.id) {
                let rs = per.compactMap { $0.result(id) }
                guard rs.count == per.count, let first = rs.first, rs.allSatisfy({ $0.outcome == .fail }) else { continue }
                e.rules.append(first)
            }
            e.rules = packOrdered(e.rules)
            if per.allSatisfy({ $0.verdict == .ineligible }) {
                e.verdict = .ineligible
                e.routeVerdicts = per.map { ($0.route, $0.verdict) }
            }
        }
        return e
    }

    /// One level and route: every rule (explain, outcomes) in pack order, with the table trace and CE years.
    private func evaluateRoute(_ c0: Ctx, level: String?, route: String?, mode: EvaluationMode) -> Evaluation {
        var c = c0
        var tally = Tally(keep: true)
        if let r = gate(&c, level: level, route: route) { _ = tally.add(r, id: r.id) }
        _ = tally.run(plan.common, c)
        if c.level != nil { _ = tally.run(plan.commonWithLevel, c) }
        var possibleCE: [Int] = []
        if let ri = c.routeIndex {
            if c.level != nil { _ = tally.run(plan.routeRules[ri], c) }
            _ = tally.run(plan.commonWithRoute, c)
            if c.level != nil || level == nil { _ = tally.run(plan.commonWithCEYears, c) }
            if c.level != nil || level == nil { possibleCE = c.possibleCE().years }
        }
        let results = packOrdered(tally.results)
        let tableRows = c.scratch.table.map { t in
            t.rows.map { TableRowTrace(rowID: $0.row.id, satisfied: $0.satisfied, message: $0.message,
                                       ceYears: $0.row.ceYears, degreeMet: $0.degreeMet) }
        } ?? []
        var materials: [RuleResult] = [], process: [RuleResult] = []
        if mode != .verdict {
            materials = plan.materials.map { $0.evaluate(c) }
            process = [plan.publicity.evaluate(c), plan.feePaid.evaluate(c)]
        }
        return Evaluation(level: c.level?.name ?? level ?? "", route: c.route?.name ?? route ?? "", verdict: tally.verdict,
                          rules: results, tableRows: tableRows, ceYears: possibleCE.count == 1 ? possibleCE[0] : nil,
                          possibleCEYears: possibleCE, materials: materials, process: process, routeVerdicts: [])
    }

    /// Results in pack order (`plan.order`; "申报" first): each id looked up once and the results
    /// moved once, not two dictionary lookups and a swap of whole results per comparison.
    private func packOrdered(_ rs: [RuleResult]) -> [RuleResult] {
        let keys = rs.map { plan.order[$0.id] ?? -1 }
        var inOrder = true
        for i in keys.indices.dropFirst() where keys[i - 1] > keys[i] { inOrder = false; break }
        if inOrder { return rs }
        return rs.indices.sorted { keys[$0] < keys[$1] }.map { rs[$0] }
    }

    /// The result `gate` gives (not a pack rule).
    static let gateID = "申报", gateTitle = "申报级别与申报方式", gateClause = "四(一)"

    /// Level and route must be known (and be the pack's) before their rules can be decided:
    /// sets the context's level and route, and gives the "申报" result when one is missing or unknown.
    func gate(_ c: inout Ctx, level: String?, route: String?) -> RuleResult? {
        if let level, let i = levelIndex(level) { c.level = pack.levels[i]; c.levelIndex = i }
        if let route, !isAnyRoute(route), let i = routeIndex(route) {
            c.routeIndex = i
        }
        if level == nil || route == nil || isAnyRoute(route) {
            var missing: [String] = []
            if level == nil { missing.append("level") }
            if route == nil || isAnyRoute(route) { missing.append("route") }
            let explain = c.explain
            return RuleResult(id: Self.gateID, title: Self.gateTitle, clause: Self.gateClause, outcome: .unknown,
                              message: explain ? "缺少 " + missing.map(F.label).joined(separator: "、") + "，相关条件无法判断" : "",
                              missing: c.detail ? missing : [])
        }
        if c.level == nil || c.routeIndex == nil {
            var notes: [String] = []
            if c.level == nil { notes.append("本评审无级别 “\(level!)”（可选：\(Fmt.list(pack.levelNames))）") }
            if c.routeIndex == nil { notes.append("本评审无申报方式 “\(route!)”（可选：\(Fmt.list(pack.routeNames))）") }
            return RuleResult(id: Self.gateID, title: Self.gateTitle, clause: Self.gateClause, outcome: .fail,
                              message: c.explain ? notes.joined(separator: "；") : "")
        }
        return nil
    }

    // MARK: the verdict path

    /// The verdict alone, as `evaluate(…).verdict` decides it: the same rule values, no messages,
    /// stopping at the first failing rule. For route "任意" the route-independent rules run once.
    func verdictOnly(_ a: Applicant, row: Int?, index: [String: [Int]], options: RuleOptions) -> Verdict {
        verdictOnly(a, row: row, index: index, options: options, trace: nil)
    }

    /// `trace`: for tests, receives (route evaluated or nil for the route-independent part of
    /// "任意", rule id, outcome) for every rule the early-stopping path ran.
    func verdictOnly(_ a: Applicant, row: Int?, index: [String: [Int]], options: RuleOptions,
                     trace: ((String?, String, Outcome) -> Void)?) -> Verdict {
        func flush(_ t: Tally, _ route: String?) { if let trace, let tr = t.trace { for (id, o) in tr { trace(route, id, o) } } }
        let level = options.level ?? a.fields[F.level].stringValue
        let route = (options.route ?? a.fields[F.route].stringValue).map(canonicalRoute)
        var c = makeContext(a, row: row, dataset: nil, index: index, options: options, mode: .verdict)
        if isAnyRoute(route), let level {
            var shared = Tally(keep: false, trace: trace == nil ? nil : [])
            if let i = levelIndex(level) { c.level = pack.levels[i]; c.levelIndex = i }
            else { return .ineligible }
            let sharedFail = shared.run(plan.common, c) || shared.run(plan.commonWithLevel, c)
            flush(shared, nil)
            if sharedFail { return .ineligible }
            shared.trace = trace == nil ? nil : []
            var best = Verdict.ineligible
            for (ri, r) in pack.routes.enumerated() {
                var t = shared
                c.routeIndex = ri
                let failed = t.run(plan.commonWithRoute, c) || t.run(plan.routeRules[ri], c) || t.run(plan.commonWithCEYears, c)
                flush(t, r.name)
                if failed { continue }
                let v = t.verdict
                if v == .eligible { return .eligible }
                if v.preference < best.preference { best = v }
            }
            return best
        }
        var t = Tally(keep: false, trace: trace == nil ? nil : [])
        let v = singleRoute(&c, &t, level: level, route: route)
        flush(t, nil)
        if route == nil, v != .ineligible, let li = c.levelIndex {
            // Route not known: 不符合 when every route is (as `evaluate` decides it).
            for (ri, r) in pack.routes.enumerated() {
                var rc = c
                rc.routeIndex = ri; rc.level = pack.levels[li]
                var rt = Tally(keep: false, trace: trace == nil ? nil : [])
                let failed = rt.run(plan.commonWithRoute, rc) || rt.run(plan.routeRules[ri], rc) || rt.run(plan.commonWithCEYears, rc)
                flush(rt, r.name)
                if !failed { return v }
            }
            return .ineligible
        }
        return v
    }

    private func singleRoute(_ c: inout Ctx, _ t: inout Tally, level: String?, route: String?) -> Verdict {
        if let r = gate(&c, level: level, route: route), t.add(r, id: r.id) { return .ineligible }
        if t.run(plan.common, c) { return .ineligible }
        if c.level != nil, t.run(plan.commonWithLevel, c) { return .ineligible }
        if let ri = c.routeIndex {
            if c.level != nil, t.run(plan.routeRules[ri], c) { return .ineligible }
            if t.run(plan.commonWithRoute, c) { return .ineligible }
            if c.level != nil || level == nil, t.run(plan.commonWithCEYears, c) { return .ineligible }
        }
        return t.verdict
    }
}
