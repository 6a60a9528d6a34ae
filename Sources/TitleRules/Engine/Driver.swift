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
    /// Common rules that need the route (R7, R8; R7 also runs with the level not known).
    let commonWithRoute: [any EvaluatedRule]
    /// By route index: the route's own rules.
    let routeRules: [[any EvaluatedRule]]
    let materials: [any EvaluatedRule]
    let publicity: any EvaluatedRule
    let feePaid: any EvaluatedRule
    /// Rule id → pack index (results are shown in pack order).
    let order: [String: Int]

    init(pack: RulePack) {
        let common = pack.rules(pack.commonRules)
        var order: [String: Int] = [:]
        for (i, r) in pack.rules.enumerated() { order[r.id] = i }
        func sorted(_ rs: [any EvaluatedRule]) -> [any EvaluatedRule] { rs.sorted { order[$0.id]! < order[$1.id]! } }
        self.common = sorted(common.filter { $0.needs.isEmpty })
        commonWithLevel = sorted(common.filter { $0.needs == .level })
        commonWithRoute = sorted(common.filter { $0.needs.contains(.route) })
        let commonIDs = Set(pack.commonRules)
        routeRules = pack.routes.map { r in sorted(pack.rules(r.rules.filter { !commonIDs.contains($0) })) }
        materials = pack.rules.filter { $0.kind == .material }.compactMap { pack.value($0.id) as? any EvaluatedRule }
        let process = pack.rules.filter { $0.kind == .process }.compactMap { pack.value($0.id) as? any EvaluatedRule }
        publicity = process.first { $0.id == "P4" } ?? process[0]
        feePaid = process.first { $0.id == "P5" } ?? process[0]
        self.order = order
    }
}

/// Collects results (explain, outcomes) or only the combined outcome (verdict, stopping at a fail).
struct Tally {
    let keep: Bool
    var results: [RuleResult] = []
    var unknown = false
    var failed = false

    /// Adds a rule's result; true when the verdict path may stop (a fail).
    @inline(__always) mutating func add(_ r: RuleResult) -> Bool {
        if keep { results.append(r) }
        switch r.outcome {
        case .fail: failed = true; return !keep
        case .unknown: unknown = true
        case .pass: break
        }
        return false
    }

    /// Runs rules in order; true when the verdict path may stop.
    @inline(__always) mutating func run(_ rules: [any EvaluatedRule], _ c: Ctx) -> Bool {
        for r in rules where add(r.evaluate(c)) { return true }
        return false
    }

    var verdict: Verdict { failed ? .ineligible : unknown ? .unknown : .eligible }
}

extension RuleEngine {
    func makeContext(_ a: Applicant, row: Int?, dataset: Dataset?, index: [String: [Int]], options: RuleOptions,
                     mode: EvaluationMode) -> Ctx {
        Ctx(pack: pack, a: a, C: options.cutoff ?? pack.cutoff, Y: pack.year, explain: mode == .explain, detail: mode != .verdict,
            row: row, dataset: dataset, index: index)
    }

    func evaluate(_ a: Applicant, row: Int?, dataset: Dataset?, index: [String: [Int]], options: RuleOptions,
                  mode: EvaluationMode) -> Evaluation {
        let level = options.level ?? a.fields[F.level].stringValue
        let route = (options.route ?? a.fields[F.route].stringValue).map(canonicalRoute)
        if route == RuleOptions.anyRoute, let level {
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
        return evaluateRoute(c, level: level, route: route, mode: mode)
    }

    /// One level and route: every rule (explain, outcomes) in pack order, with the table trace and CE years.
    private func evaluateRoute(_ c0: Ctx, level: String?, route: String?, mode: EvaluationMode) -> Evaluation {
        var c = c0
        var tally = Tally(keep: true)
        if let r = gate(&c, level: level, route: route) { _ = tally.add(r) }
        _ = tally.run(plan.common, c)
        if c.level != nil { _ = tally.run(plan.commonWithLevel, c) }
        var possibleCE: [Int] = []
        if let rt = c.route, let ri = pack.routes.firstIndex(where: { $0.name == rt.name }) {
            if c.level != nil { _ = tally.run(plan.routeRules[ri], c) }
            for r in plan.commonWithRoute {
                // R7 needs the CE years: the level, or none given at all (every level then).
                if r is R7, c.level == nil, level != nil { continue }
                _ = tally.add(r.evaluate(c))
            }
            if c.level != nil || level == nil { possibleCE = c.possibleCE().years }
        }
        var results = tally.results
        results.sort { (plan.order[$0.id] ?? -1) < (plan.order[$1.id] ?? -1) }
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

    /// Level and route must be known (and be the pack's) before their rules can be decided:
    /// sets the context's level and route, and gives the "申报" result when one is missing or unknown.
    private func gate(_ c: inout Ctx, level: String?, route: String?) -> RuleResult? {
        if let level, let i = pack.levels.firstIndex(where: { $0.name == level }) { c.level = pack.levels[i]; c.levelIndex = i }
        if let route, route != RuleOptions.anyRoute { c.route = pack.route(route) }
        if level == nil || route == nil || route == RuleOptions.anyRoute {
            var missing: [String] = []
            if level == nil { missing.append("level") }
            if route == nil || route == RuleOptions.anyRoute { missing.append("route") }
            let explain = c.explain
            return RuleResult(id: "申报", title: "申报级别与申报方式", clause: "四(一)", outcome: .unknown,
                              message: explain ? "缺少 " + missing.map(F.label).joined(separator: "、") + "，相关条件无法判断" : "",
                              missing: c.detail ? missing : [])
        }
        if c.level == nil || c.route == nil {
            var notes: [String] = []
            if c.level == nil { notes.append("本评审无级别 “\(level!)”（可选：\(Fmt.list(pack.levelNames))）") }
            if c.route == nil { notes.append("本评审无申报方式 “\(route!)”（可选：\(Fmt.list(pack.routeNames))）") }
            return RuleResult(id: "申报", title: "申报级别与申报方式", clause: "四(一)", outcome: .fail,
                              message: c.explain ? notes.joined(separator: "；") : "")
        }
        return nil
    }

    // MARK: the verdict path

    /// The verdict alone, as `evaluate(…).verdict` decides it: the same rule values, no messages,
    /// stopping at the first failing rule. For route "任意" the route-independent rules run once.
    func verdictOnly(_ a: Applicant, row: Int?, index: [String: [Int]], options: RuleOptions) -> Verdict {
        let level = options.level ?? a.fields[F.level].stringValue
        let route = (options.route ?? a.fields[F.route].stringValue).map(canonicalRoute)
        var c = makeContext(a, row: row, dataset: nil, index: index, options: options, mode: .verdict)
        if route == RuleOptions.anyRoute, let level {
            var shared = Tally(keep: false)
            if let i = pack.levels.firstIndex(where: { $0.name == level }) { c.level = pack.levels[i]; c.levelIndex = i }
            else { return .ineligible }
            if shared.run(plan.common, c) || shared.run(plan.commonWithLevel, c) { return .ineligible }
            var best = Verdict.ineligible
            for (ri, r) in pack.routes.enumerated() {
                var t = shared
                c.route = r
                if t.run(plan.routeRules[ri], c) || t.run(plan.commonWithRoute, c) { continue }
                let v = t.verdict
                if v == .eligible { return .eligible }
                if v.preference < best.preference { best = v }
            }
            return best
        }
        var t = Tally(keep: false)
        if let r = gate(&c, level: level, route: route), t.add(r) { return .ineligible }
        if t.run(plan.common, c) { return .ineligible }
        if c.level != nil, t.run(plan.commonWithLevel, c) { return .ineligible }
        if let rt = c.route, let ri = pack.routes.firstIndex(where: { $0.name == rt.name }) {
            if c.level != nil, t.run(plan.routeRules[ri], c) { return .ineligible }
            for r in plan.commonWithRoute {
                if r is R7, c.level == nil, level != nil { continue }
                if t.add(r.evaluate(c)) { return .ineligible }
            }
        }
        return t.verdict
    }
}
