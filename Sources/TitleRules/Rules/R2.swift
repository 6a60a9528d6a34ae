import RosterData

// R2 正常申报: the 二(一) education and seniority table — 二(一)

struct R2_1: BuildableRule, EvaluatedRule {
    static let ruleID = "R2.1"
    let info: RuleInfo
    init(info: RuleInfo, params: NoParams, pack: RuleBuildContext) { self.info = info }

    func evaluate(_ c: Ctx) -> RuleResult {
        let read = [F.majorRelated, F.majorConverted, F.certificates]
        let related = c.bool(F.majorRelated), converted = c.bool(F.majorConverted)
        if related == true { return c.result(info, .pass, "所学专业与从事专业一致或相近", read: read) }
        if converted == true { return c.result(info, .pass, "已通过脱产继续教育认定为本专业或相近专业", read: read) }
        let certs = c.list(F.certificates)
        if let certs, !certs.isEmpty {
            return c.result(info, .pass, "专业不一致，但持有注册类资格证书：\(Fmt.list(certs.map(Fmt.value)))", read: read)
        }
        if related == nil || converted == nil || certs == nil {
            return c.result(info, .unknown, "专业是否对口不明", read: read, missing: {
                var missing: [String] = []
                if related == nil { missing.append("major_related") }
                if converted == nil { missing.append("major_converted") }
                if certs == nil { missing.append("certificates") }
                return missing
            }())
        }
        return c.result(info, .fail, "所学专业与从事专业不一致或不相近，未认定转换，且无注册类资格证书 — 视为不具备规定学历", read: read)
    }
}

struct R2_2: BuildableRule, EvaluatedRule {
    static let ruleID = "R2.2"
    let info: RuleInfo
    var needs: RuleNeeds { [.level, .route] }
    init(info: RuleInfo, params: NoParams, pack: RuleBuildContext) { self.info = info }

    func evaluate(_ c: Ctx) -> RuleResult {
        let read = [F.title, F.titleInWater]
        let level = c.lv
        guard let t = c.string(F.title) else {
            // Fails only for a title in water: a title not in water passes whatever it is.
            if c.bool(F.titleInWater) == false { return c.result(info, .pass, "现职称不明，但非水利专业，申报 \(level) 不受晋升限制", read: read) }
            return c.result(info, .unknown, "", read: read, missing: ["title"])
        }
        let tr = c.pack.titleRankTable[t] ?? 0, lr = c.level!.rank
        if tr < lr { return c.result(info, .pass, "现职称 \(t)，申报 \(level) 为晋升", read: read) }
        switch c.bool(F.titleInWater) {
        case false?: return c.result(info, .pass, "现职称 \(t) 非水利专业，申报 \(level) 不受晋升限制", read: read)
        case nil: return c.result(info, .unknown, "现职称 \(t) 不低于申报级别 \(level)", read: read, missing: ["title_in_water"])
        default: return c.result(info, .fail, "现职称 \(t)（水利专业）不低于申报级别 \(level)，\(c.pack.owningRoute(of: info.id) ?? "")须为晋升高一级", read: read)
        }
    }
}

/// A table row, shared by reference (a row evaluation copies one pointer, not its texts).
final class RowRef: Sendable {
    let def: TableRow
    let degreeRank: Int, ceYears: Int, restsOnTitle: Bool
    init(_ def: TableRow) { self.def = def; degreeRank = def.degreeRank; ceYears = def.ceYears; restsOnTitle = def.restsOnTitle }
    var id: String { def.id }
    var clauseText: String { def.clauseText }
    var requirement: TableRow.Requirement { def.requirement }
}

/// How one row of the table fares for an applicant.
struct RowEval {
    var row: RowRef
    var degreeMet: Outcome
    var req: Outcome
    /// R2.4's part of a row resting on a title: the title is in water.
    var water: Outcome
    var missing: [String]
    var message: String
    var satisfied: Outcome { degreeMet.and(req).and(water) }
    var reqAndWater: Outcome { req.and(water) }
    var degreeAndReq: Outcome { degreeMet.and(req) }
}

/// The table for the applied level, and the CE years still possible (R2.3 reading).
struct TableEval {
    var rows: [RowEval]
    var degreeRank: Int?
    var possibleCE: [Int]
    /// Every field whose absence leaves a row open, sorted.
    var missing: [String] { Array(Set(rows.flatMap(\.missing))).sorted() }
}

extension Ctx {
    /// The table for the level (computed once per applicant and level).
    func table() -> TableEval {
        if let t = scratch.table { return t }
        let t = evalTable(levelIndex: levelIndex!)
        scratch.table = t
        return t
    }

    func evalTable(levelIndex: Int) -> TableEval {
        let degree = string(F.degree)
        let rank = degree.flatMap { pack.degreeRankTable[$0] }
        var rows: [RowEval] = []
        let defs = pack.rowsByLevel[levelIndex]
        rows.reserveCapacity(defs.count)
        for row in defs { rows.append(evalRow(row, rank: rank, degreeName: degree)) }
        return TableEval(rows: rows, degreeRank: rank, possibleCE: possibleCEYears(rows, rank: rank))
    }

    func evalRow(_ row: RowRef, rank: Int?, degreeName: String?) -> RowEval {
        var missing: [String] = []
        let degreeMet: Outcome
        if let r = rank { degreeMet = Outcome(r >= row.degreeRank) } else { degreeMet = .unknown; missing.append("degree") }
        var req: Outcome, msg = ""
        var water: Outcome = .pass
        switch row.requirement {
        case .probation(let n):
            (req, msg) = heldSinceLater(n, what: "见习期", missing: &missing)
        case .workHeld(let n):
            (req, msg) = heldSinceLater(n, what: "从事专业工作", missing: &missing)
        case .titleHeld(let title, let n):
            let t = string(F.title), since = date(F.titleSince)
            if let t, t != title {
                req = .fail; if explain { msg = "现职称 \(t)，此行须任\(title)" }
            } else if t == nil, bool(F.titleInWater) == false {
                // Whatever the title: not this row's title, or this title not in water (R2.4).
                req = .fail; if explain { msg = "现职称不明，且非水利专业，不能依托其任职年限（R2.4）" }
            } else if let since {
                let ok = held(n, since: since)
                if t == nil, ok { req = .unknown; missing.append("title") } else { req = Outcome(ok) }
                if explain {
                    msg = t == nil ? "现职称不明；若为\(title)，" + heldMessage("任职", since: since, years: n)
                        : heldMessage("任\(title)", since: since, years: n)
                }
            } else {
                req = .unknown; missing.append("title_since"); if t == nil { missing.append("title") }
                if explain { msg = "任\(title)时间不明" }
            }
            if req == .unknown, bool(F.titleInWater) == false {
                // Held or not, this row cannot carry: held, the title is not in water (R2.4).
                req = .fail; if explain { msg += "；现职称非水利专业，不能依托其任职年限（R2.4）" }
            }
            if req != .fail {
                switch bool(F.titleInWater) {
                case false?: water = .fail; if explain { msg += "；现职称非水利专业，须先转评（R2.4）" }
                case nil: water = .unknown; missing.append("title_in_water")
                default: break
                }
            }
        case .inWork:
            if let w = date(F.workStarted) {
                req = Outcome(w <= C)
                if explain { msg = w <= C ? "从事专业工作（\(w) 起）" : "从事专业工作起于 \(w)，晚于截止日 \(C)" }
            } else { req = .unknown; missing.append("work_started"); if explain { msg = "从事专业工作时间不明" } }
        }
        if explain {
            let deg = rank.map { r in "学历 \(degreeName ?? "")（等级 \(r)）" + (r >= row.degreeRank ? "达到" : "未达") + "此行要求（≥\(row.degreeRank)）" }
                ?? "学历不明"
            msg = deg + "；" + msg
        }
        return RowEval(row: row, degreeMet: degreeMet, req: req, water: water, missing: missing, message: msg)
    }

    /// The R2.3 reading: CE years of the satisfied row with the fewest; when none is satisfied,
    /// of the degree-met row with the fewest; when none is met, the fallback. Returns every
    /// value still possible over the unknowns (degree rank — an unknown degree may be any ranked
    /// degree, or none — and the rows' requirements), ascending.
    ///
    /// Rows share their unknowns, so they are not independent: rows held since the same date
    /// (the title rows of one title since `title_since`; the probation and work rows since
    /// max(graduated_on, work_started)) are satisfied for every threshold up to the years held —
    /// if E1 (4 years) holds, E2 (2 years) holds. Each such basis contributes the possible
    /// "thresholds met" counts, and the combinations of those are enumerated.
    func possibleCEYears(_ rows: [RowEval], rank: Int?) -> [Int] {
        let fallback = pack.fallbackCEYears
        var out: [Int] = []
        func add(_ sat: (Int) -> Bool, _ r: Int) {
            var best = Int.max, met = Int.max
            for (i, row) in rows.enumerated() where r >= row.row.degreeRank {
                met = min(met, row.row.ceYears)
                if sat(i) { best = min(best, row.row.ceYears) }
            }
            let x = best != .max ? best : met != .max ? met : fallback
            if !out.contains(x) { out.append(x) }
        }
        let ranks = rank.map { [$0] } ?? pack.possibleDegreeRanks
        if !rows.contains(where: { $0.reqAndWater == .unknown }) {
            for r in ranks { add({ rows[$0].reqAndWater == .pass }, r) }
            return out.count > 1 ? out.sorted() : out
        }
        // Group the rows by basis; each group's states are the counts of its (sorted) thresholds met.
        var groups: [(rows: [Int], thresholds: [Int], states: [Int])] = []
        var keys: [String] = []
        for (i, row) in rows.enumerated() {
            let key: String, n: Int
            switch row.row.requirement {
            case .probation(let y), .workHeld(let y): key = "later"; n = y
            case .titleHeld(let t, let y): key = "title:" + t; n = y
            case .inWork: key = "inWork"; n = 0
            }
            if let g = keys.firstIndex(of: key) {
                groups[g].rows.append(i)
                if !groups[g].thresholds.contains(n) { groups[g].thresholds.append(n) }
            } else { keys.append(key); groups.append(([i], [n], [])) }
        }
        for g in groups.indices {
            groups[g].thresholds.sort()
            let th = groups[g].thresholds, m = th.count
            var states: [Int]
            switch keys[g] {
            case "later":
                let gd = date(F.graduatedOn), w = date(F.workStarted)
                func count(_ d: Day) -> Int { th.filter { held($0, since: d) }.count }
                if let gd, let w { states = [count(max(gd, w))] }
                else if let e = gd ?? w { states = Array(0...count(e)) }
                else { states = Array(0...m) }
            case "inWork":
                if let w = date(F.workStarted) { states = [w <= C ? 1 : 0] } else { states = [0, 1] }
            default:
                let title = String(keys[g].dropFirst("title:".count))
                let t = string(F.title), water = bool(F.titleInWater)
                let canMatch = (t == nil || t == title) && water != false
                let canMiss = t == nil || t != title || water != true
                states = canMiss ? [0] : []
                if canMatch {
                    if let since = date(F.titleSince) { states.append(th.filter { held($0, since: since) }.count) }
                    else { states += Array(0...m) }
                }
            }
            // Keep only the states that agree with every row already decided.
            groups[g].states = uniqInts(states).filter { k in
                groups[g].rows.allSatisfy { i in
                    let o = rows[i].reqAndWater
                    if o == .unknown { return true }
                    let n: Int
                    switch rows[i].row.requirement {
                    case .probation(let y), .workHeld(let y), .titleHeld(_, let y): n = y
                    case .inWork: n = 0
                    }
                    let sat = k > 0 && n <= th[k - 1]
                    return sat == (o == .pass)
                }
            }
        }
        // Each row's group and threshold index, for the enumeration.
        var groupOf = [Int](repeating: 0, count: rows.count), need = [Int](repeating: 0, count: rows.count)
        for (g, grp) in groups.enumerated() {
            for i in grp.rows {
                let n: Int
                switch rows[i].row.requirement {
                case .probation(let y), .workHeld(let y), .titleHeld(_, let y): n = y
                case .inWork: n = 0
                }
                groupOf[i] = g; need[i] = grp.thresholds.firstIndex(of: n)! + 1
            }
        }
        var choice = [Int](repeating: 0, count: groups.count)
        func walk(_ g: Int, _ r: Int) {
            if g == groups.count { add({ choice[groupOf[$0]] >= need[$0] }, r); return }
            for k in groups[g].states { choice[g] = k; walk(g + 1, r) }
        }
        if groups.contains(where: { $0.states.isEmpty }) {
            // Cannot happen when the rows agree with the data; fall back to the rows as independent.
            return possibleCEYearsIndependent(rows, ranks: ranks)
        }
        for r in ranks { walk(0, r) }
        return out.count > 1 ? out.sorted() : out
    }

    /// Every row's open requirement taken as independent of the others (a superset of the joint values).
    private func possibleCEYearsIndependent(_ rows: [RowEval], ranks: [Int]) -> [Int] {
        let fallback = pack.fallbackCEYears
        var open: [Int] = []
        for i in rows.indices where rows[i].reqAndWater == .unknown { open.append(i) }
        var out: [Int] = []
        for r in ranks {
            for mask in 0..<(1 << open.count) {
                var sat = Int.max, met = Int.max
                for (i, row) in rows.enumerated() where r >= row.row.degreeRank {
                    met = min(met, row.row.ceYears)
                    let reqOK = open.firstIndex(of: i).map { mask & (1 << $0) != 0 } ?? (row.reqAndWater == .pass)
                    if reqOK { sat = min(sat, row.row.ceYears) }
                }
                let x = sat != .max ? sat : met != .max ? met : fallback
                if !out.contains(x) { out.append(x) }
            }
        }
        return out.sorted()
    }

    /// The CE years still possible for the route (and level, or every level when it is not known),
    /// and the fields that leave them open.
    func possibleCE() -> (years: [Int], missing: [String]) {
        guard let ri = routeIndex else { return ([], []) }
        if let li = levelIndex {
            if let fixed = pack.fixedCEYears[ri] { return ([fixed[li]], []) }
            let t = table()
            return (t.possibleCE, detail ? t.missing : [])
        }
        let rt = pack.routes[ri]
        // Level not known: every level of the pack (R2 reading: a route with fixed CE years
        // gives its number when every possible level agrees).
        var all: [Int] = []
        var missing = ["level"]
        for (i, l) in pack.levels.enumerated() {
            switch rt.ceYears {
            case .table:
                let t = evalTable(levelIndex: i)
                for x in t.possibleCE where !all.contains(x) { all.append(x) }
                if detail { missing += t.rows.flatMap(\.missing) }
            case .byLevel(let m):
                let x = m[l.name] ?? pack.fallbackCEYears
                if !all.contains(x) { all.append(x) }
            }
        }
        return (all.sorted(), uniq(missing))
    }
}

struct R2_3: BuildableRule, EvaluatedRule {
    static let ruleID = "R2.3"
    static let schema: [(String, RulePack.ParamType)] = [("fallback_ce_years", .int)]
    struct Params: Decodable, Sendable {
        /// CE years when no row's degree is met (the R2.3 reading).
        var fallbackCEYears: Int
        enum CodingKeys: String, CodingKey { case fallbackCEYears = "fallback_ce_years" }
    }
    let info: RuleInfo
    let p: Params
    var needs: RuleNeeds { [.level, .route] }
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) { self.info = info; self.p = params }

    func evaluate(_ c: Ctx) -> RuleResult {
        let read = [F.degree, F.graduatedOn, F.workStarted, F.title, F.titleSince, F.titleInWater]
        let level = c.lv
        let t = c.table()
        if t.rows.isEmpty { return c.result(info, .fail, "\(level) 无\(c.pack.owningRoute(of: info.id) ?? "")条件行", read: read) }
        var o: Outcome = .fail
        for r in t.rows {
            let x = r.degreeAndReq
            if x == .pass { o = .pass; break }
            if x == .unknown { o = .unknown }
        }
        return c.result(info, o, {
            if let r = t.rows.first(where: { $0.degreeAndReq == .pass }) {
                return "满足 \(r.row.id)（\(r.row.clauseText.replacingOccurrences(of: "\t", with: " "))）：\(r.message)"
            }
            // One row, the closest, not every row's trace (explain shows the table under it).
            guard let best = closest(t.rows, c) else { return "\(level) 各行均不满足" }
            if o == .fail { return "\(level) 各行均不满足；最接近 \(best.row.id)：\(best.message)" }
            let open = t.rows.filter { $0.degreeAndReq == .unknown && $0.row.id != best.row.id }.map(\.row.id)
            return "\(level) 各行未定；最接近 \(best.row.id)（\(best.degreeAndReq.label)）：\(best.message)"
                + (open.isEmpty ? "" : "；另有 \(open.joined(separator: "、")) 待核实")
        }(), read: read, missing: uniq(t.rows.filter { $0.degreeAndReq == .unknown }.flatMap(\.missing)))
    }
}

extension R2_3 {
    /// The row that came closest: a row still open before a failed one; then the degree met
    /// before not; then the requirement met before not; then the smallest shortfall in days.
    func closest(_ rows: [RowEval], _ c: Ctx) -> RowEval? {
        func rank(_ o: Outcome) -> Int { o == .pass ? 0 : o == .unknown ? 1 : 2 }
        func key(_ r: RowEval) -> (Int, Int, Int, Int) {
            (r.degreeAndReq == .unknown ? 0 : 1, rank(r.degreeMet), rank(r.reqAndWater), c.shortfallDays(r.row) ?? Int.max)
        }
        return rows.enumerated().min { a, b in
            let ka = key(a.element), kb = key(b.element)
            return ka != kb ? ka < kb : a.offset < b.offset
        }?.element
    }
}

extension Ctx {
    /// Days still missing until the row's requirement is held at C (nil: not a held requirement,
    /// or its start not known).
    func shortfallDays(_ row: RowRef) -> Int? {
        let since: Day?, years: Int
        switch row.requirement {
        case .probation(let n), .workHeld(let n):
            let g = date(F.graduatedOn), w = date(F.workStarted)
            since = g.flatMap { g in w.map { max(g, $0) } } ?? g ?? w; years = n
        case .titleHeld(_, let n): since = date(F.titleSince); years = n
        case .inWork: return nil
        }
        guard let since else { return nil }
        return max(0, C.days(to: since.adding(years: years)))
    }
}

struct R2_4: BuildableRule, EvaluatedRule {
    static let ruleID = "R2.4"
    let info: RuleInfo
    var needs: RuleNeeds { [.level, .route] }
    init(info: RuleInfo, params: NoParams, pack: RuleBuildContext) { self.info = info }

    func evaluate(_ c: Ctx) -> RuleResult {
        let read = [F.title, F.titleInWater]
        let water = c.bool(F.titleInWater)
        if water == true { return c.result(info, .pass, "现职称为水利专业", read: read) }
        let t = c.table()
        let nonTitle = Outcome.any(t.rows.lazy.filter { !$0.row.restsOnTitle }.map(\.degreeAndReq))
        let titleRows = Outcome.any(t.rows.lazy.filter { $0.row.restsOnTitle }.map(\.degreeAndReq))
        let o = nonTitle.or(titleRows.negated)
        if water == nil {
            return c.result(info, o == .pass ? .pass : .unknown, "现职称是否水利专业不明", read: read,
                            missing: ["title_in_water"])
        }
        return c.result(info, o, {
            switch o {
            case .pass: return nonTitle == .pass ? "现职称非水利专业，但满足不依托职称的行" : "现职称非水利专业；未依托现职称申报"
            case .fail: return "现职称非水利专业，不能依托其任职年限（\(t.rows.filter { $0.row.restsOnTitle }.map(\.row.id).joined(separator: "、"))），须先转评"
            case .unknown: return "现职称非水利专业，是否依托其任职年限未定"
            }
        }(), read: read, missing: t.missing)
    }
}

/// The integers in first-seen order, without repeats.
func uniqInts(_ xs: [Int]) -> [Int] {
    var out: [Int] = []
    for x in xs where !out.contains(x) { out.append(x) }
    return out
}
