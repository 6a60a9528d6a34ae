import Foundation
import RosterData

// The verdict-only path. `evaluate` (Rules.swift) is the reference: every function here
// decides exactly the outcome its counterpart there decides, without messages, field lists,
// `RuleInfo` copies or per-rule dictionaries. The pack's parameters are compiled once per
// engine into typed values and level- or route-indexed arrays. Because 不符合 wins over
// 待核实, the first failing rule decides; only 符合 and 待核实 need every rule.
// `TitleRulesTests.fastVerdictMatchesEvaluate` checks the two paths agree.

/// A route's rules as flags, with its CE and assessment years resolved.
struct CompiledRoute {
    var r2_1 = false, r2_2 = false, r2_3 = false, r2_4 = false
    var r3_1 = false, r3_2 = false, r3_3 = false, r4 = false
    var r5_1 = false, r5_2 = false, r6_1 = false, r6_2 = false
    /// CE years from the table (nil) or fixed, by level index.
    var ceTable = true
    var ceByLevel: [Int] = []
    /// R8's years for this route.
    var assessmentYears = 0
    /// Whether the route needs the table (R2.3, R2.4, R5.2 or table CE years).
    var needsTable: Bool { r2_3 || r2_4 || r5_2 || ceTable }
}

/// A table row as the verdict path reads it.
struct CompiledRow {
    enum Req { case sinceLater(Int), titleHeld(String, Int), inWork }
    var degreeRank: Int
    var req: Req
    var ceYears: Int
    var restsOnTitle: Bool
}

/// R4's requirement for one level.
struct CompiledSkill {
    var allowed: [String]
    var minRank: Int
    var years: Int
}

/// The pack's parameters, typed, for the verdict path.
final class CompiledPack: @unchecked Sendable {
    let year: Int
    let cutoff: Day
    let slotDefaults: [Value?]
    let levelNames: [String]
    let levelRanks: [Int]
    let titleRanks: [String: Int]
    let degreeRanks: [String: Int]
    let skillRanks: [String: Int]
    /// Every distinct degree rank and 0, ascending (an unknown degree may be any of them, or none).
    let allDegreeRanks: [Int]
    let routeNames: [String]
    let routes: [CompiledRoute]
    /// Route "任意": for each pack route in order, the route `pack.route(name)` finds (nil for a
    /// route named "任意").
    let anyRouteTargets: [Int?]

    // Common rules.
    let c1_1, c1_2, c1_3, c7, c8, c9, c10, c11, c12, c13_1, c13_2, c14_1, c14_2: Bool

    let r1_1Kinds: [String]
    let r1_3Applies: [Bool]
    let r1_3Tiers: [String]
    let rowsByLevel: [[CompiledRow]]
    let fallbackCE: Int
    let r3_1Min: [Int?]
    let r3_1LongTerm: [Bool]
    let r3_2Need: Int
    let r3_2Titles: [String]
    let r3_3Max: Int
    let r4ByLevel: [CompiledSkill?]
    let r5Lo: Int, r5Hi: Int
    let r6_2Years: Int
    let r7Pub: Double, r7Pro: Double, r7Tot: Double
    let r8Good: [String]
    let r9NeedsProof: [String]
    let r10Before: Day?
    let r11Origins: [String]
    let r12Kinds: [String]
    let r13_1Min: Int
    let r14_2Ban: Int

    init(pack: RulePack) {
        year = pack.year
        cutoff = pack.cutoff
        slotDefaults = pack.slotDefaults
        levelNames = pack.levels.map(\.name)
        levelRanks = pack.levels.map(\.rank)
        titleRanks = pack.titleRanks
        degreeRanks = pack.degreeRanks
        skillRanks = pack.skillRanks
        allDegreeRanks = Array(Set(pack.degreeRanks.values).union([0])).sorted()
        let levelNames = self.levelNames

        let common = Set(pack.commonRules)
        c1_1 = common.contains("R1.1"); c1_2 = common.contains("R1.2"); c1_3 = common.contains("R1.3")
        c7 = common.contains("R7"); c8 = common.contains("R8"); c9 = common.contains("R9"); c10 = common.contains("R10")
        c11 = common.contains("R11"); c12 = common.contains("R12"); c13_1 = common.contains("R13.1")
        c13_2 = common.contains("R13.2"); c14_1 = common.contains("R14.1"); c14_2 = common.contains("R14.2")

        fallbackCE = pack.info("R2.3").int("fallback_ce_years")
        let r8Years = pack.info("R8").int("years")
        var routes: [CompiledRoute] = []
        for r in pack.routes {
            var c = CompiledRoute()
            let ids = Set(r.rules)
            c.r2_1 = ids.contains("R2.1"); c.r2_2 = ids.contains("R2.2"); c.r2_3 = ids.contains("R2.3"); c.r2_4 = ids.contains("R2.4")
            c.r3_1 = ids.contains("R3.1"); c.r3_2 = ids.contains("R3.2"); c.r3_3 = ids.contains("R3.3"); c.r4 = ids.contains("R4")
            c.r5_1 = ids.contains("R5.1"); c.r5_2 = ids.contains("R5.2"); c.r6_1 = ids.contains("R6.1"); c.r6_2 = ids.contains("R6.2")
            switch r.ceYears {
            case .table: c.ceTable = true
            case .byLevel(let m):
                c.ceTable = false
                c.ceByLevel = levelNames.map { m[$0] ?? pack.info("R2.3").int("fallback_ce_years") }
            }
            c.assessmentYears = r.assessmentYears ?? r8Years
            routes.append(c)
        }
        self.routes = routes
        routeNames = pack.routes.map(\.name)
        let routeNames = self.routeNames
        anyRouteTargets = pack.routes.map { r in
            r.name == RuleOptions.anyRoute ? nil : routeNames.firstIndex(of: r.name)
        }

        r1_1Kinds = pack.info("R1.1").strings("unit_kinds")
        let r13Levels = pack.info("R1.3").strings("levels")
        r1_3Applies = levelNames.map { r13Levels.contains($0) }
        r1_3Tiers = pack.info("R1.3").strings("unit_tiers")
        rowsByLevel = levelNames.map { name in
            pack.rows(for: name).map { row in
                let req: CompiledRow.Req
                switch row.requirement {
                case .probation(let n), .workHeld(let n): req = .sinceLater(n)
                case .titleHeld(let t, let n): req = .titleHeld(t, n)
                case .inWork: req = .inWork
                }
                return CompiledRow(degreeRank: row.degreeRank, req: req, ceYears: row.ceYears, restsOnTitle: row.restsOnTitle)
            }
        }
        let r31 = pack.info("R3.1")
        let minByLevel = r31.intByLevel("self_score_min")
        r3_1Min = levelNames.map { minByLevel[$0] }
        let longTerm = r31.strings("long_term_water_work_levels")
        r3_1LongTerm = levelNames.map { longTerm.contains($0) }
        r3_2Need = pack.info("R3.2").int("min_recommenders")
        r3_2Titles = pack.info("R3.2").strings("titles")
        r3_3Max = pack.info("R3.3").int("max_per_expert")
        if case .skillByLevel(let m)? = pack.info("R4").param("by_level") {
            r4ByLevel = levelNames.map { name in
                guard let req = m.first(where: { $0.0 == name })?.1 else { return nil }
                return CompiledSkill(allowed: req.honorLists.flatMap { pack.honorLists[$0]?.names ?? [] },
                                     minRank: pack.skillRanks[req.minSkill] ?? 0, years: req.years)
            }
        } else {
            r4ByLevel = levelNames.map { _ in nil }
        }
        r5Lo = pack.info("R5.1").int("min_years"); r5Hi = pack.info("R5.1").int("max_years")
        r6_2Years = pack.info("R6.2").int("min_years")
        let r7 = pack.info("R7")
        r7Pub = Double(r7.int("public_min")); r7Pro = Double(r7.int("professional_min")); r7Tot = Double(r7.int("total_min"))
        r8Good = pack.info("R8").strings("good_results")
        r9NeedsProof = pack.info("R9").strings("needs_proof")
        r10Before = pack.info("R10").date("before")
        r11Origins = pack.info("R11").strings("origins")
        r12Kinds = pack.info("R12").strings("unit_kinds")
        r13_1Min = pack.info("R13.1").int("min_items")
        r14_2Ban = pack.info("R14.2").int("ban_years")
    }

    func levelIndex(_ name: String) -> Int? { levelNames.firstIndex(of: name) }
}

/// Whether a string is only the blanks `trimmingCharacters(in: .whitespaces)` removes.
@inline(__always) func isBlank(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 { return scalar.value == 0x20 || scalar.value == 0x09 }
    return CharacterSet.whitespaces.contains(scalar)
}

/// `s.trimmingCharacters(in: .whitespaces)`, without Foundation when nothing is to trim.
@inline(__always) func trimmedBlanks(_ s: String) -> String {
    let u = s.unicodeScalars
    guard let f = u.first, let l = u.last else { return s }
    if !isBlank(f) && !isBlank(l) { return s }
    return s.trimmingCharacters(in: .whitespaces)
}

/// Whether `s.trimmingCharacters(in: .whitespaces)` would be empty.
@inline(__always) func trimsToEmpty(_ s: String) -> Bool {
    for c in s.unicodeScalars where !isBlank(c) { return false }
    return true
}

/// What a route name decides before any rule.
enum RouteChoice: Equatable {
    /// No route, or "任意" where a single route is needed.
    case missing
    /// A name the pack does not have.
    case invalid
    case route(Int)
}

/// One applicant on the verdict path.
struct FastCtx {
    let p: CompiledPack
    let fields: [Value]
    let C: Day
    let Y: Int
    let row: Int?
    let index: [String: [Int]]

    @inline(__always) func v(_ slot: Int) -> Value? {
        let x = fields[slot]
        if case .null = x { return p.slotDefaults[slot] }
        return x
    }
    @inline(__always) func bool(_ slot: Int) -> Bool? { if case .bool(let b)? = v(slot) { return b }; return nil }
    @inline(__always) func string(_ slot: Int) -> String? { if case .string(let s)? = v(slot) { return s }; return nil }
    @inline(__always) func date(_ slot: Int) -> Day? { if case .date(let d)? = v(slot) { return d }; return nil }
    @inline(__always) func list(_ slot: Int) -> [Value]? { if case .list(let l)? = v(slot) { return l }; return nil }

    @inline(__always) func held(_ years: Int, since d: Day) -> Bool { d.adding(years: years) <= C }

    /// Ctx.heldSinceLater's outcome.
    func heldSinceLater(_ years: Int) -> Outcome {
        let g = date(F.graduatedOn), w = date(F.workStarted)
        if let g, let w { return Outcome(held(years, since: max(g, w))) }
        if let g, !held(years, since: g) { return .fail }
        if let w, !held(years, since: w) { return .fail }
        return .unknown
    }

    // MARK: common rules

    func r1_1() -> Outcome {
        guard let k = string(F.unitKind) else { return .unknown }
        return Outcome(p.r1_1Kinds.contains(k))
    }

    func r1_2() -> Outcome { bool(F.inPost).map(Outcome.init) ?? .unknown }

    func r1_3(_ lv: Int) -> Outcome {
        guard p.r1_3Applies[lv] else { return .pass }
        guard let t = string(F.unitTier) else { return .unknown }
        return Outcome(p.r1_3Tiers.contains(t))
    }

    func r9() -> Outcome {
        guard let s = string(F.socialInsurance) else { return .unknown }
        guard p.r9NeedsProof.contains(s) else { return .pass }
        return bool(F.socialInsuranceProof).map(Outcome.init) ?? .unknown
    }

    func r10() -> Outcome {
        guard let g = date(F.graduatedOn) else { return .unknown }
        if g >= p.r10Before! { return .pass }
        return bool(F.diplomaUploaded).map(Outcome.init) ?? .unknown
    }

    func r11() -> Outcome {
        let t = string(F.title), origin = string(F.titleOrigin), rec = bool(F.titleRecognized)
        if let t, p.titleRanks[t] == 0 { return .pass }
        if let origin, !p.r11Origins.contains(origin) { return .pass }
        if rec == true { return .pass }
        if t == nil || origin == nil || rec == nil { return .unknown }
        return .fail
    }

    func r12() -> Outcome {
        let kind = string(F.unitKind)
        if let kind, !p.r12Kinds.contains(kind) { return .pass }
        let vac = bool(F.postVacancy), sus = bool(F.unitSuspended)
        let o = (vac.map(Outcome.init) ?? .unknown).and(sus.map { Outcome(!$0) } ?? .unknown)
        if kind == nil, o != .pass { return .unknown }
        return o
    }

    func r13_1() -> Outcome {
        guard let l = list(F.performance) else { return .unknown }
        return Outcome(l.count >= p.r13_1Min)
    }

    func r13_2() -> Outcome {
        guard let prev = v(F.previousApplicationYear) else { return .unknown }
        guard prev.intValue != nil else { return .pass }
        guard let l = list(F.performance) else { return .unknown }
        var sawNil = false
        for item in l {
            let flag: Bool?
            if case .object(let r) = item { flag = r["new"]?.boolValue } else { flag = nil }
            if flag == true { return .pass }
            if flag == nil { sawNil = true }
        }
        return sawNil ? .unknown : .fail
    }

    func r14_1() -> Outcome { bool(F.underDiscipline).map { Outcome(!$0) } ?? .unknown }

    func r14_2() -> Outcome {
        guard let fv = v(F.fraudYear) else { return .unknown }
        guard let f = fv.intValue else { return .pass }
        return Outcome(!(f + 1 <= Y && Y <= f + p.r14_2Ban))
    }

    /// R1.1, R1.2, R1.3 (with a level), R9–R14.2 — stopping at the first fail.
    func common(_ lv: Int?) -> Outcome {
        var unknown = false
        @inline(__always) func add(_ o: Outcome) -> Bool {
            if o == .fail { return true }
            if o == .unknown { unknown = true }
            return false
        }
        if p.c1_1, add(r1_1()) { return .fail }
        if p.c1_2, add(r1_2()) { return .fail }
        if p.c1_3, let lv, add(r1_3(lv)) { return .fail }
        if p.c14_1, add(r14_1()) { return .fail }
        if p.c14_2, add(r14_2()) { return .fail }
        if p.c9, add(r9()) { return .fail }
        if p.c10, add(r10()) { return .fail }
        if p.c11, add(r11()) { return .fail }
        if p.c12, add(r12()) { return .fail }
        if p.c13_1, add(r13_1()) { return .fail }
        if p.c13_2, add(r13_2()) { return .fail }
        return unknown ? .unknown : .pass
    }

    // MARK: R2 and the table

    func r2_1() -> Outcome {
        let related = bool(F.majorRelated), converted = bool(F.majorConverted)
        if related == true || converted == true { return .pass }
        let certs = list(F.certificates)
        if let c = certs, !c.isEmpty { return .pass }
        if related == nil || converted == nil || certs == nil { return .unknown }
        return .fail
    }

    func r2_2(_ lv: Int) -> Outcome {
        guard let t = string(F.title) else { return .unknown }
        if (p.titleRanks[t] ?? 0) < p.levelRanks[lv] { return .pass }
        switch bool(F.titleInWater) {
        case false?: return .pass
        case nil: return .unknown
        default: return .fail
        }
    }

    /// Each row of the level: degree met, requirement, and water (R2.4's part of a row).
    struct Table {
        var degreeMet: [Outcome]
        var req: [Outcome]
        var water: [Outcome]
        var rank: Int?
    }

    func table(_ lv: Int) -> Table {
        let rows = p.rowsByLevel[lv]
        let rank = string(F.degree).flatMap { p.degreeRanks[$0] }
        var t = Table(degreeMet: [], req: [], water: [], rank: rank)
        t.degreeMet.reserveCapacity(rows.count); t.req.reserveCapacity(rows.count); t.water.reserveCapacity(rows.count)
        for row in rows {
            t.degreeMet.append(rank.map { Outcome($0 >= row.degreeRank) } ?? .unknown)
            var req: Outcome, water: Outcome = .pass
            switch row.req {
            case .sinceLater(let n): req = heldSinceLater(n)
            case .titleHeld(let title, let n):
                let tt = string(F.title)
                if let tt, tt != title {
                    req = .fail
                } else if let since = date(F.titleSince) {
                    let ok = held(n, since: since)
                    req = tt == nil && ok ? .unknown : Outcome(ok)
                } else {
                    req = .unknown
                }
                if req != .fail {
                    switch bool(F.titleInWater) {
                    case false?: water = .fail
                    case nil: water = .unknown
                    default: break
                    }
                }
            case .inWork:
                req = date(F.workStarted).map { Outcome($0 <= C) } ?? .unknown
            }
            t.req.append(req)
            t.water.append(water)
        }
        return t
    }

    func r2_3(_ lv: Int, _ t: Table) -> Outcome {
        if t.req.isEmpty { return .fail }
        var unknown = false
        for i in t.req.indices {
            let o = t.degreeMet[i].and(t.req[i])
            if o == .pass { return .pass }
            if o == .unknown { unknown = true }
        }
        return unknown ? .unknown : .fail
    }

    func r2_4(_ lv: Int, _ t: Table) -> Outcome {
        let water = bool(F.titleInWater)
        if water == true { return .pass }
        let rows = p.rowsByLevel[lv]
        var nonTitle: [Outcome] = [], titleRows: [Outcome] = []
        for i in rows.indices {
            let o = t.degreeMet[i].and(t.req[i])
            if rows[i].restsOnTitle { titleRows.append(o) } else { nonTitle.append(o) }
        }
        let o = Outcome.any(nonTitle).or(Outcome.any(titleRows).negated)
        if water == nil { return o == .pass ? .pass : .unknown }
        return o
    }

    /// Ctx.possibleCEYears: every CE-years value still possible.
    func possibleCE(_ lv: Int, _ t: Table) -> [Int] {
        let rows = p.rowsByLevel[lv]
        var open: [Int] = []
        for i in rows.indices where t.req[i].and(t.water[i]) == .unknown { open.append(i) }
        var out: [Int] = []
        func scan(_ r: Int) {
            for mask in 0..<(1 << open.count) {
                var sat = Int.max, met = Int.max
                var j = 0
                for (i, row) in rows.enumerated() {
                    let degreeOK = r >= row.degreeRank
                    if degreeOK { met = min(met, row.ceYears) }
                    let reqOK: Bool
                    if j < open.count, open[j] == i { reqOK = mask & (1 << j) != 0; j += 1 }
                    else { reqOK = t.req[i].and(t.water[i]) == .pass }
                    if degreeOK, reqOK { sat = min(sat, row.ceYears) }
                }
                let x = sat != .max ? sat : met != .max ? met : p.fallbackCE
                if !out.contains(x) { out.append(x) }
            }
        }
        if let r = t.rank { scan(r) } else { for r in p.allDegreeRanks { scan(r) } }
        return out
    }

    // MARK: R3–R6

    func r3_1(_ lv: Int) -> Outcome {
        if let min = p.r3_1Min[lv] {
            guard let s = v(F.selfScore)?.numberValue else { return .unknown }
            return Outcome(s >= Double(min))
        }
        if p.r3_1LongTerm[lv] { return bool(F.longTermWaterWork).map(Outcome.init) ?? .unknown }
        return .fail
    }

    func r3_2() -> Outcome {
        guard let l = list(F.recommenders) else { return .unknown }
        return Ctx.r3_2Outcome(Ctx.expertGroups(l, titles: p.r3_2Titles), need: p.r3_2Need)
    }

    /// Pass or unknown: unknown when an expert also recommends more applicants than allowed.
    func r3_3() -> Outcome {
        guard let l = list(F.recommenders) else { return .unknown }
        var seen: [String] = []
        for item in l {
            guard let key = Ctx.expertKey(item), !seen.contains(key) else { continue }
            seen.append(key)
            let rows = index[key] ?? []
            let hasSelf = row.map { r in binarySearch(rows, r) } ?? false
            let others = rows.count - (hasSelf ? 1 : 0)
            if others > 0, others + 1 > p.r3_3Max { return .unknown }
        }
        return .pass
    }

    func r4(_ lv: Int) -> Outcome {
        guard let req = p.r4ByLevel[lv] else { return .fail }
        if let honors = list(F.honors) {
            for h in honors {
                if case .string(let s) = h, req.allowed.contains(trimmedBlanks(s)) { return .pass }
            }
        }
        guard let g = string(F.skillGrade) else { return .unknown }
        if (p.skillRanks[g] ?? 0) < req.minRank { return .fail }
        guard let since = date(F.skillSince) else { return .unknown }
        return Outcome(held(req.years, since: since))
    }

    func r5_1() -> Outcome {
        guard let d = date(F.leftAgencyOn) else { return .unknown }
        return Outcome(held(p.r5Lo, since: d) && C <= d.adding(years: p.r5Hi))
    }

    func r6_1(_ lv: Int) -> Outcome {
        guard let t = string(F.title) else { return .unknown }
        if p.titleRanks[t] == 0 { return .fail }
        return Outcome(t == p.levelNames[lv])
    }

    func r6_2() -> Outcome {
        guard let d = date(F.currentPostSince) else { return .unknown }
        return Outcome(held(p.r6_2Years, since: d))
    }

    // MARK: R7, R8

    func r7(_ n: Int) -> Outcome {
        guard let l = list(F.continuingEducation) else { return .unknown }
        let first = Y - n + 1
        guard first <= Y else { return .pass }
        var unknown = false
        for year in first...Y {
            var found = false, pass = false, open = false
            for item in l {
                guard case .object(let r) = item, r["year"]?.intValue == year else { continue }
                found = true
                let pub = r["public"]?.numberValue, pro = r["professional"]?.numberValue, oth = r["other"]?.numberValue
                let pubOK: Outcome = pub.map { Outcome($0 >= p.r7Pub) } ?? .unknown
                let proOK: Outcome = pro.map { Outcome($0 >= p.r7Pro) } ?? .unknown
                let knownSum = (pub ?? 0) + (pro ?? 0) + (oth ?? 0)
                let totOK: Outcome = (pub != nil && pro != nil && oth != nil) ? Outcome(knownSum >= p.r7Tot)
                    : (knownSum >= p.r7Tot ? .pass : .unknown)
                let o = pubOK.and(proOK).and(totOK)
                if o == .pass { pass = true; break }
                if o == .unknown { open = true }
            }
            if !found || (!pass && !open) { return .fail }
            if !pass { unknown = true }
        }
        return unknown ? .unknown : .pass
    }

    func r7(possible: [Int]) -> Outcome {
        if possible.count == 1 { return r7(possible[0]) }
        var first: Outcome?
        for n in possible {
            let o = r7(n)
            if o == .unknown { return .unknown }
            if let f = first, f != o { return .unknown }
            first = o
        }
        return first ?? .unknown
    }

    func r8(_ n: Int) -> Outcome {
        guard let l = list(F.assessments) else { return .unknown }
        let ws = date(F.workStarted)
        let lo = max(Y - n, ws?.year ?? (Y - n)), hi = Y - 1
        if lo > hi { return .pass }
        var unknown = false
        for year in lo...hi {
            var pass = false, open = false
            for item in l {
                guard case .object(let r) = item, r["year"]?.intValue == year else { continue }
                if let res = r["result"]?.stringValue {
                    if p.r8Good.contains(res) { pass = true; break }
                } else {
                    open = true
                }
            }
            if !pass && !open { return ws == nil ? .unknown : .fail }
            if !pass { unknown = true }
        }
        return unknown ? .unknown : .pass
    }

    // MARK: routes

    /// The outcome of one route's own rules, R7 and R8 (the common rules aside), for a known
    /// level and route; `sofar` is the common rules' outcome (pass or unknown).
    func routeOutcome(lv: Int, rt: Int, sofar: Outcome) -> Outcome {
        let r = p.routes[rt]
        var unknown = sofar == .unknown
        @inline(__always) func add(_ o: Outcome) -> Bool {
            if o == .fail { return true }
            if o == .unknown { unknown = true }
            return false
        }
        if p.c8, add(r8(r.assessmentYears)) { return .fail }
        if r.r6_1, add(r6_1(lv)) { return .fail }
        if r.r6_2, add(r6_2()) { return .fail }
        if r.r5_1, add(r5_1()) { return .fail }
        if r.r3_1, add(r3_1(lv)) { return .fail }
        if r.r3_2, add(r3_2()) { return .fail }
        if r.r4, add(r4(lv)) { return .fail }
        var r2: Outcome = .pass
        if r.r2_1 || r.r5_2 {
            let o = r2_1(); if r.r2_1, add(o) { return .fail }; r2 = r2.and(o)
        }
        if r.r2_2 || r.r5_2 {
            let o = r2_2(lv); if r.r2_2, add(o) { return .fail }; r2 = r2.and(o)
        }
        var t: Table?
        if r.needsTable {
            let tb = table(lv)
            t = tb
            if r.r2_3 || r.r5_2 {
                let o = r2_3(lv, tb); if r.r2_3, add(o) { return .fail }; r2 = r2.and(o)
            }
            if r.r2_4 || r.r5_2 {
                let o = r2_4(lv, tb); if r.r2_4, add(o) { return .fail }; r2 = r2.and(o)
            }
        }
        if r.r5_2, add(r2) { return .fail }
        if p.c7 {
            let possible = r.ceTable ? possibleCE(lv, t!) : [r.ceByLevel[lv]]
            if add(r7(possible: possible)) { return .fail }
        }
        // R3.3 is pass or unknown: it matters only while everything else passes.
        if r.r3_3, !unknown, add(r3_3()) { return .fail }
        return unknown ? .unknown : .pass
    }

    /// `evaluateRoute`'s verdict. `levelGiven`: a level name was given (nil level = missing).
    func routeVerdict(levelGiven: Bool, lv: Int?, route: RouteChoice, common: Outcome? = nil) -> Verdict {
        var sofar: Outcome = .pass
        if !levelGiven || route == .missing {
            sofar = .unknown
        } else if lv == nil || route == .invalid {
            return .ineligible
        }
        let c = common ?? self.common(lv)
        if c == .fail { return .ineligible }
        sofar = sofar.and(c)
        if case .route(let rt) = route {
            if let lv {
                let o = routeOutcome(lv: lv, rt: rt, sofar: sofar)
                return o == .fail ? .ineligible : o == .unknown ? .unknown : .eligible
            }
            if p.c8 {
                let o = r8(p.routes[rt].assessmentYears)
                if o == .fail { return .ineligible }
                sofar = sofar.and(o)
            }
            // Level not known (an unknown level name returned above): R7 over every CE-years
            // value a pack level could give.
            if p.c7 {
                let r = p.routes[rt]
                var possible: [Int] = []
                for l in p.levelNames.indices {
                    for x in r.ceTable ? possibleCE(l, table(l)) : [r.ceByLevel[l]] where !possible.contains(x) { possible.append(x) }
                }
                let o = r7(possible: possible.sorted())
                if o == .fail { return .ineligible }
                sofar = sofar.and(o)
            }
        }
        return sofar == .unknown ? .unknown : .eligible
    }
}

extension RuleEngine {
    /// The verdict alone, as `evaluate(…).verdict` decides it.
    func fastVerdict(_ a: Applicant, row: Int?, index: [String: [Int]], options: RuleOptions) -> Verdict {
        let p = compiled
        let ctx = FastCtx(p: p, fields: a.fields, C: options.cutoff ?? p.cutoff, Y: p.year, row: row, index: index)
        let level = options.level ?? a.fields[F.level].stringValue
        let routeName = options.route ?? a.fields[F.route].stringValue
        let route = routeName.map(canonicalRoute)
        let lv = level.flatMap(p.levelIndex)
        if route == RuleOptions.anyRoute, level != nil {
            // The common rules are the same for every route: a fail there decides them all.
            let common = ctx.common(lv)
            if common == .fail { return .ineligible }
            var best = Verdict.ineligible
            for target in p.anyRouteTargets {
                let v = ctx.routeVerdict(levelGiven: true, lv: lv, route: target.map { .route($0) } ?? .missing, common: common)
                if v == .eligible { return .eligible }
                if v.preference < best.preference { best = v }
            }
            return best
        }
        let choice: RouteChoice
        if let route, route != RuleOptions.anyRoute {
            choice = p.routeNames.firstIndex(of: route).map { .route($0) } ?? .invalid
        } else {
            choice = .missing
        }
        return ctx.routeVerdict(levelGiven: level != nil, lv: lv, route: choice)
    }
}
