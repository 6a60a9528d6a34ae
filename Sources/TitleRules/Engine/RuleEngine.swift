import Foundation
import RosterData

/// Evaluates a rule pack on applicants: full explanations (`evaluate`), cached verdicts
/// (`verdict`), fees, stage deadlines, publicity and the roster order.
public final class RuleEngine: @unchecked Sendable {
    public let pack: RulePack
    public let calendar: WorkingCalendar

    private let lock = NSLock()
    /// Per dataset (by identity): the version the entries belong to, the expert index, verdicts.
    private var caches: [ObjectIdentifier: DatasetCache] = [:]
    private var pinyinKeys: [String: String] = [:]

    private final class DatasetCache {
        weak var dataset: Dataset?
        let version: Int
        var expertIndex: [String: [Int]]?
        /// Verdicts per options, indexed by row.
        var verdicts: [RuleOptions: VerdictTable] = [:]
        /// The options last asked for (a roster is judged row after row under one options).
        var lastOptions: RuleOptions?
        var lastTable: VerdictTable?
        init(dataset: Dataset) { self.dataset = dataset; self.version = dataset.version }

        func table(_ options: RuleOptions, rows: Int) -> VerdictTable {
            if let t = lastTable, lastOptions == options { return t }
            let t = verdicts[options] ?? VerdictTable(rows: rows)
            verdicts[options] = t
            lastOptions = options; lastTable = t
            return t
        }
    }

    /// Verdict codes by row: 0 = not yet judged.
    private final class VerdictTable {
        var codes: [UInt8]
        init(rows: Int) { codes = [UInt8](repeating: 0, count: rows) }

        subscript(row: Int) -> Verdict? {
            get { row < codes.count ? Verdict(code: codes[row]) : nil }
            set {
                if row >= codes.count { codes += [UInt8](repeating: 0, count: row + 1 - codes.count) }
                codes[row] = newValue?.code ?? 0
            }
        }
    }

    /// The pack's parameters, typed, for the verdict path.
    let compiled: CompiledPack

    public init(pack: RulePack) {
        self.pack = pack
        self.calendar = WorkingCalendar(pack: pack)
        self.compiled = CompiledPack(pack: pack)
    }

    // MARK: caches

    private func cache(for dataset: Dataset) -> DatasetCache {
        let key = ObjectIdentifier(dataset)
        if let c = caches[key], c.dataset === dataset, c.version == dataset.version { return c }
        // Drop caches of datasets that are gone, then start afresh for this one.
        caches = caches.filter { $0.value.dataset != nil && $0.key != key }
        let c = DatasetCache(dataset: dataset)
        caches[key] = c
        return c
    }

    /// Expert key (`id:…` or `name:…`) → rows whose `recommenders` name that expert; built once
    /// per dataset version, over the whole dataset.
    func expertIndex(_ dataset: Dataset) -> [String: [Int]] {
        lock.lock()
        let c = cache(for: dataset)
        if let idx = c.expertIndex { lock.unlock(); return idx }
        lock.unlock()
        var idx: [String: [Int]] = [:]
        let slot = F.recommenders
        for (row, a) in dataset.applicants.enumerated() {
            guard case .list(let items) = a.fields[slot] else { continue }
            var seen = Set<String>()
            for item in items {
                if let k = Ctx.expertKey(item), seen.insert(k).inserted { idx[k, default: []].append(row) }
            }
        }
        lock.lock()
        let c2 = cache(for: dataset)
        c2.expertIndex = idx
        lock.unlock()
        return idx
    }

    /// Drops every cached verdict and index (datasets also invalidate by bumping `version`).
    public func clearCaches() {
        lock.lock(); caches.removeAll(); lock.unlock()
    }

    // MARK: evaluation

    /// Every rule, with messages, for one row of a dataset. R3.3 looks across the whole dataset.
    public func evaluate(dataset: Dataset, row: Int, options: RuleOptions) -> Evaluation {
        let index = expertIndex(dataset)
        return evaluate(dataset.applicants[row], row: row, dataset: dataset, index: index, options: options, explain: true)
    }

    /// Every rule's outcome without building messages (messages are empty): what
    /// `check --summary` needs, several times faster than `evaluate`.
    public func outcomes(dataset: Dataset, row: Int, options: RuleOptions) -> Evaluation {
        let index = expertIndex(dataset)
        let a = dataset.applicants[row]
        var e = evaluate(a, row: row, dataset: dataset, index: index, options: options, explain: false)
        // Material and process checks are cheap and do not depend on the options.
        e.materials = materials(a)
        e.process = [publicity(a), feePaid(a)]
        return e
    }

    /// One applicant on its own (R3.3 then sees no other applicant).
    public func evaluate(_ applicant: Applicant, options: RuleOptions = RuleOptions()) -> Evaluation {
        var idx: [String: [Int]] = [:]
        if case .list(let items) = applicant.fields[F.recommenders] {
            for item in items { if let k = Ctx.expertKey(item) { idx[k] = [0] } }
        }
        return evaluate(applicant, row: 0, dataset: nil, index: idx, options: options, explain: true)
    }

    /// The verdict only, cached per (dataset identity and version, row, level, route, cut-off).
    public func verdict(dataset: Dataset, row: Int, options: RuleOptions) -> Verdict {
        lock.lock()
        let c = cache(for: dataset)
        if let v = c.table(options, rows: dataset.count)[row] { lock.unlock(); return v }
        let cachedIndex = c.expertIndex
        lock.unlock()
        let index = cachedIndex ?? expertIndex(dataset)
        let v = fastVerdict(dataset.applicants[row], row: row, index: index, options: options)
        lock.lock()
        let c2 = cache(for: dataset)
        if c2 === c { c2.table(options, rows: dataset.count)[row] = v }
        lock.unlock()
        return v
    }

    /// Verdicts for many rows at once (one lock round per call, same cache).
    public func verdicts(dataset: Dataset, rows: [Int], options: RuleOptions) -> [Verdict] {
        let index = expertIndex(dataset)
        lock.lock()
        let c = cache(for: dataset)
        let t = c.table(options, rows: dataset.count)
        var out = [Verdict?](repeating: nil, count: rows.count)
        for (i, r) in rows.enumerated() { out[i] = t[r] }
        lock.unlock()
        var fresh: [(Int, Verdict)] = []
        let applicants = dataset.applicants
        for (i, r) in rows.enumerated() where out[i] == nil {
            let v = fastVerdict(applicants[r], row: r, index: index, options: options)
            out[i] = v
            fresh.append((r, v))
        }
        lock.lock()
        let c2 = cache(for: dataset)
        if c2 === c {
            let t2 = c2.table(options, rows: dataset.count)
            for (r, v) in fresh { t2[r] = v }
        }
        lock.unlock()
        return out.map { $0! }
    }

    func canonicalRoute(_ r: String) -> String {
        let t = trimmedBlanks(r)
        return FieldCatalog.routeAliases[t] ?? t
    }

    func evaluate(_ a: Applicant, row: Int?, dataset: Dataset?, index: [String: [Int]], options: RuleOptions,
                  explain: Bool) -> Evaluation {
        let ctx = Ctx(pack: pack, a: a, C: options.cutoff ?? pack.cutoff, Y: pack.year, explain: explain)
        let level = options.level ?? a.fields[F.level].stringValue
        let route = (options.route ?? a.fields[F.route].stringValue).map(canonicalRoute)
        if route == RuleOptions.anyRoute, let level {
            var best: Evaluation?
            var all: [(String, Verdict)] = []
            for r in pack.routes {
                let e = evaluateRoute(ctx, level: level, route: r.name, row: row, dataset: dataset, index: index)
                all.append((r.name, e.verdict))
                if best == nil || e.verdict.preference < best!.verdict.preference { best = e }
            }
            best!.routeVerdicts = all
            return best!
        }
        return evaluateRoute(ctx, level: level, route: route, row: row, dataset: dataset, index: index)
    }

    private func evaluateRoute(_ ctx: Ctx, level: String?, route: String?, row: Int?, dataset: Dataset?,
                               index: [String: [Int]]) -> Evaluation {
        var results: [RuleResult] = []
        var tableRows: [TableRowTrace] = []
        var possibleCE: [Int] = []
        let levelInfo = level.flatMap { pack.level($0) }
        let routeInfo = route.flatMap { r in r == RuleOptions.anyRoute ? nil : pack.route(r) }

        // Level and route must be known (and be the pack's) before their rules can be decided.
        if level == nil || route == nil || route == RuleOptions.anyRoute {
            var missing: [String] = []
            if level == nil { missing.append("level") }
            if route == nil || route == RuleOptions.anyRoute { missing.append("route") }
            results.append(RuleResult(id: "申报", title: "申报级别与申报方式", clause: "四(一)", outcome: .unknown,
                                      message: ctx.explain ? "缺少 " + missing.map(F.label).joined(separator: "、") + "，相关条件无法判断" : "",
                                      missing: missing))
        } else if levelInfo == nil || routeInfo == nil {
            var notes: [String] = []
            if levelInfo == nil { notes.append("本评审无级别 “\(level!)”（可选：\(Fmt.list(pack.levelNames))）") }
            if routeInfo == nil { notes.append("本评审无申报方式 “\(route!)”（可选：\(Fmt.list(pack.routeNames))）") }
            results.append(RuleResult(id: "申报", title: "申报级别与申报方式", clause: "四(一)", outcome: .fail,
                                      message: notes.joined(separator: "；")))
        }
        let lv = levelInfo?.name, rt = routeInfo

        var table: Ctx.TableEval?
        func tableEval() -> Ctx.TableEval {
            if let t = table { return t }
            let t = ctx.evalTable(level: lv!)
            table = t
            return t
        }

        // Route rules first computed, then ordered by the pack's rule order.
        var byID: [String: RuleResult] = [:]
        for id in pack.commonRules {
            switch id {
            case "R1.1": byID[id] = ctx.r1_1()
            case "R1.2": byID[id] = ctx.r1_2()
            case "R1.3": if let lv { byID[id] = ctx.r1_3(level: lv) }
            case "R7", "R8": break   // after the route's rules (R7 needs the CE years)
            case "R9": byID[id] = ctx.r9()
            case "R10": byID[id] = ctx.r10()
            case "R11": byID[id] = ctx.r11()
            case "R12": byID[id] = ctx.r12()
            case "R13.1": byID[id] = ctx.r13_1()
            case "R13.2": byID[id] = ctx.r13_2()
            case "R14.1": byID[id] = ctx.r14_1()
            case "R14.2": byID[id] = ctx.r14_2()
            default: break
            }
        }
        var ceYears: Int?
        if let lv, let rt {
            for id in rt.rules {
                switch id {
                case "R2.1": byID[id] = ctx.r2_1()
                case "R2.2": byID[id] = ctx.r2_2(level: lv)
                case "R2.3": byID[id] = ctx.r2_3(level: lv, tableEval())
                case "R2.4": byID[id] = ctx.r2_4(tableEval())
                case "R3.1": byID[id] = ctx.r3_1(level: lv)
                case "R3.2": byID[id] = ctx.r3_2()
                case "R3.3": byID[id] = ctx.r3_3(row: row, dataset: dataset, index: index)
                case "R4": byID[id] = ctx.r4(level: lv)
                case "R5.1": byID[id] = ctx.r5_1()
                case "R6.1": byID[id] = ctx.r6_1(level: lv)
                case "R6.2": byID[id] = ctx.r6_2()
                default: break
                }
            }
            if rt.rules.contains("R5.2") {
                let r2 = ["R2.1", "R2.2", "R2.3", "R2.4"].map { id in byID[id] ?? {
                    switch id {
                    case "R2.1": return ctx.r2_1()
                    case "R2.2": return ctx.r2_2(level: lv)
                    case "R2.3": return ctx.r2_3(level: lv, tableEval())
                    default: return ctx.r2_4(tableEval())
                    }
                }() }
                byID["R5.2"] = ctx.r5_2(r2)
            }
            // CE years: from the table (R2.3 reading) or the route's years for the level.
            var tableMissing: [String] = []
            switch rt.ceYears {
            case .table:
                let t = tableEval()
                possibleCE = t.possibleCE
                tableMissing = Array(Set(t.rows.flatMap(\.missing))).sorted()
            case .byLevel(let m):
                possibleCE = [m[lv] ?? pack.info("R2.3").int("fallback_ce_years")]
            }
            if possibleCE.count == 1 { ceYears = possibleCE[0] }
            if pack.commonRules.contains("R7") { byID["R7"] = ctx.r7Result(possible: possibleCE, tableMissing: tableMissing) }
        }
        if level == nil, let rt {
            // Level not known: CE years over every level of the pack (R2 reading: a route with
            // fixed CE years gives its number when every possible level agrees).
            var all = Set<Int>()
            var tableMissing = ["level"]
            for l in pack.levels {
                switch rt.ceYears {
                case .table:
                    let t = ctx.evalTable(level: l.name)
                    all.formUnion(t.possibleCE)
                    tableMissing += t.rows.flatMap(\.missing)
                case .byLevel(let m):
                    all.insert(m[l.name] ?? pack.info("R2.3").int("fallback_ce_years"))
                }
            }
            possibleCE = all.sorted()
            if possibleCE.count == 1 { ceYears = possibleCE[0] }
            if pack.commonRules.contains("R7") { byID["R7"] = ctx.r7Result(possible: possibleCE, tableMissing: uniq(tableMissing)) }
        }
        if let rt, pack.commonRules.contains("R8") {
            byID["R8"] = ctx.r8(years: rt.assessmentYears ?? pack.info("R8").int("years"))
        }
        if let t = table {
            tableRows = t.rows.map { TableRowTrace(rowID: $0.row.id, satisfied: $0.satisfied, message: $0.message,
                                                   ceYears: $0.row.ceYears, degreeMet: $0.degreeMet) }
        }
        for info in pack.rules where info.kind == .eligibility {
            if let r = byID[info.id] { results.append(r) }
        }

        let outcomes = results.map(\.outcome)
        let verdict: Verdict = outcomes.contains(.fail) ? .ineligible : outcomes.contains(.unknown) ? .unknown : .eligible

        var materials: [RuleResult] = []
        var process: [RuleResult] = []
        if ctx.explain {
            materials = [ctx.m1(), ctx.m2(), ctx.m3(), ctx.m4()]
            process = [ctx.p4(calendar), ctx.p5()]
        }
        return Evaluation(level: lv ?? level ?? "", route: rt?.name ?? route ?? "", verdict: verdict, rules: results,
                          tableRows: tableRows, ceYears: ceYears, possibleCEYears: possibleCE,
                          materials: materials, process: process, routeVerdicts: [])
    }

    // MARK: materials and process on their own

    /// M1–M4 for one applicant.
    public func materials(_ applicant: Applicant) -> [RuleResult] {
        let c = Ctx(pack: pack, a: applicant, C: pack.cutoff, Y: pack.year, explain: true)
        return [c.m1(), c.m2(), c.m3(), c.m4()]
    }

    /// P4: publicity of at least the pack's working days, both ends counted, ending by unit review.
    public func publicity(_ applicant: Applicant) -> RuleResult {
        Ctx(pack: pack, a: applicant, C: pack.cutoff, Y: pack.year, explain: true).p4(calendar)
    }

    /// P5: fee paid.
    public func feePaid(_ applicant: Applicant) -> RuleResult {
        Ctx(pack: pack, a: applicant, C: pack.cutoff, Y: pack.year, explain: true).p5()
    }

    /// Fees by the applicant's level; nil when the level is unknown or not in the pack.
    public func fee(for applicant: Applicant) -> (recommendation: Int, review: Int)? {
        guard let l = applicant.fields[F.level].stringValue, let f = pack.fees[l] else { return nil }
        return (f.recommendation, f.review)
    }

    public func fee(level: String) -> (recommendation: Int, review: Int)? {
        pack.fees[level].map { ($0.recommendation, $0.review) }
    }

    /// P1–P3 for an as-of date: on time / late when the date is present; overdue / pending otherwise.
    public func stageStatus(_ stage: String, applicant: Applicant, asOf: Day) -> StageStatus {
        guard let info = pack.rule(stage), info.kind == .process, case .string(let field)? = info.param("field"),
              let deadline = info.date("through"), let slot = FieldCatalog.standard.slot(of: field) else { return .unknownStage }
        let from = info.date("from")
        if let d = applicant.fields[slot].dateValue {
            return d <= deadline && (from.map { d >= $0 } ?? true) ? .onTime : .late
        }
        return asOf > deadline ? .overdue : .pending(daysLeft: asOf.days(to: deadline))
    }

    /// P1–P3 as a rule result: on time = pass, late or overdue = fail, pending = unknown.
    public func stageResult(_ stage: String, applicant: Applicant, asOf: Day) -> RuleResult? {
        guard let info = pack.rule(stage), case .string(let field)? = info.param("field"), let deadline = info.date("through"),
              let slot = FieldCatalog.standard.slot(of: field) else { return nil }
        let status = stageStatus(stage, applicant: applicant, asOf: asOf)
        let window = (info.date("from").map { "\($0) 至 " } ?? "截至 ") + deadline.description
        let d = applicant.fields[slot].dateValue
        let o: Outcome, msg: String
        switch status {
        case .onTime: o = .pass; msg = "\(F.label(field)) \(d!)，在时限（\(window)）内"
        case .late: o = .fail; msg = "\(F.label(field)) \(d!)，超出时限（\(window)）"
        case .overdue: o = .fail; msg = "截至 \(asOf) 未完成，已过截止日 \(deadline)"
        case .pending(let n): o = .unknown; msg = "截至 \(asOf) 未完成，距截止日 \(deadline) 还有 \(n) 天"
        case .unknownStage: return nil
        }
        return RuleResult(id: info.id, title: info.title, clause: info.clause, outcome: o, message: msg,
                          fieldsRead: [(field, applicant.fields[slot])], missing: o == .unknown ? [field] : [],
                          kind: .process)
    }

    // MARK: roster order

    /// 花名册 order: the pack's route order, then (for the routes it names) specialty in pinyin
    /// order, then id. Unknown routes and specialties sort last.
    public func rosterOrderKey(_ a: Applicant) -> RosterKey {
        let route = a.fields[F.route].stringValue.map(canonicalRoute)
        let ri = route.flatMap { r in pack.routes.firstIndex { $0.name == r } } ?? pack.routes.count
        var spec = ""
        var hasSpec = 0
        if let route, pack.rosterSpecialtyRoutes.contains(route) {
            if let s = a.fields[F.specialty].stringValue, !s.isEmpty { spec = pinyinKey(s) } else { hasSpec = 1 }
        }
        return RosterKey(route: ri, noSpecialty: hasSpec, specialty: spec, id: a.id)
    }

    public func rosterSorted(dataset: Dataset, rows: [Int]) -> [Int] {
        let keys = rows.map { (rosterOrderKey(dataset.applicants[$0]), $0) }
        return keys.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }.map(\.1)
    }

    /// Pinyin sort key: toneless syllables, then toned, then the text itself.
    /// ICU's Han→Latin transform (swift-corelibs-foundation on Linux supports it); when it is
    /// unavailable the key falls back to the text's Unicode order.
    public func pinyinKey(_ s: String) -> String {
        lock.lock()
        if let k = pinyinKeys[s] { lock.unlock(); return k }
        lock.unlock()
        let k = RuleEngine.makePinyinKey(s)
        lock.lock(); pinyinKeys[s] = k; lock.unlock()
        return k
    }

    static func makePinyinKey(_ s: String) -> String {
        guard let latin = s.applyingTransform(.mandarinToLatin, reverse: false) else { return "\u{10FFFF}" + s }
        let toneless = latin.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        return toneless + "\u{1}" + latin.lowercased() + "\u{1}" + s
    }
}

/// A roster sort key (route index, specialty pinyin, id).
public struct RosterKey: Comparable, Hashable, Sendable {
    public var route: Int
    public var noSpecialty: Int
    public var specialty: String
    public var id: String

    public static func < (a: RosterKey, b: RosterKey) -> Bool {
        if a.route != b.route { return a.route < b.route }
        if a.noSpecialty != b.noSpecialty { return a.noSpecialty < b.noSpecialty }
        if a.specialty != b.specialty { return a.specialty.unicodeScalars.lexicographicallyPrecedes(b.specialty.unicodeScalars) }
        return a.id < b.id
    }
}
