import Foundation
import RosterData

/// Evaluates a rule pack on applicants: full explanations (`evaluate`), cached verdicts
/// (`verdict`), fees, stage deadlines, publicity and the roster order.
// Safe to share: `pack` and `calendar` are immutable; the mutable caches are read and written
// only while holding `lock` (parallel `check` calls into it from both cores). Moving the caches
// into a `Mutex` makes this compiler-checked (issue 11's typed session state).
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

    /// The pack's rules in evaluation groups (built once).
    let plan: RulePlan

    /// The pack's level and route names, for lookups of roster values; and by route index,
    /// whether the name is already canonical (no blanks to trim, not an alias).
    let levelNames: TextSet
    let routeNames: TextSet
    private let routeIsCanonical: [Bool]

    public init(pack: RulePack) {
        self.pack = pack
        self.calendar = WorkingCalendar(pack: pack)
        self.plan = RulePlan(pack: pack)
        levelNames = TextSet(pack.levelNames)
        routeNames = TextSet(pack.routeNames)
        routeIsCanonical = pack.routeNames.map { trimmedBlanks($0) == $0 && pack.routeAliases[$0] == nil }
    }

    /// `pack.levels.firstIndex { $0.name == name }`.
    @inline(__always) func levelIndex(_ name: String) -> Int? {
        for i in levelNames.items.indices where sameText(name, levelNames.items[i], bPlain: levelNames.plain[i]) { return i }
        return nil
    }

    /// `pack.routes.firstIndex { $0.name == name }`.
    @inline(__always) func routeIndex(_ name: String) -> Int? {
        for i in routeNames.items.indices where sameText(name, routeNames.items[i], bPlain: routeNames.plain[i]) { return i }
        return nil
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
        for row in 0..<dataset.count {
            guard case .list(let items) = dataset.value(row: row, slot: slot) else { continue }
            var seen = Set<String>()
            for item in items {
                if let k = expertKey(item), seen.insert(k).inserted { idx[k, default: []].append(row) }
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
        return evaluate(dataset.applicants[row], row: row, dataset: dataset, index: index, options: options, mode: .explain)
    }

    /// Every rule's outcome without building messages (messages are empty; `missing` is kept):
    /// what `check --summary` needs, several times faster than `evaluate`.
    public func outcomes(dataset: Dataset, row: Int, options: RuleOptions) -> Evaluation {
        let index = expertIndex(dataset)
        return evaluate(dataset.applicants[row], row: row, dataset: dataset, index: index, options: options, mode: .outcomes)
    }

    /// One applicant on its own (R3.3 then sees no other applicant).
    public func evaluate(_ applicant: Applicant, options: RuleOptions = RuleOptions()) -> Evaluation {
        var idx: [String: [Int]] = [:]
        if case .list(let items) = applicant.fields[F.recommenders] {
            for item in items { if let k = expertKey(item) { idx[k] = [0] } }
        }
        return evaluate(applicant, row: 0, dataset: nil, index: idx, options: options, mode: .explain)
    }

    /// The verdict only, cached per (dataset identity and version, row, level, route, cut-off).
    public func verdict(dataset: Dataset, row: Int, options: RuleOptions) -> Verdict {
        lock.lock()
        let c = cache(for: dataset)
        if let v = c.table(options, rows: dataset.count)[row] { lock.unlock(); return v }
        let cachedIndex = c.expertIndex
        lock.unlock()
        let index = cachedIndex ?? expertIndex(dataset)
        let v = verdictOnly(dataset.applicants[row], row: row, index: index, options: options)
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
            let v = verdictOnly(applicants[r], row: r, index: index, options: options)
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
        // The common case: a route written exactly as the pack writes it.
        for i in routeNames.items.indices where routeIsCanonical[i] && sameBytes(r, routeNames.items[i]) { return r }
        let t = trimmedBlanks(r)
        return pack.routeAliases[t] ?? t
    }

    // MARK: materials and process on their own

    private func context(_ a: Applicant) -> Ctx {
        Ctx(pack: pack, a: a, C: pack.cutoff, Y: pack.year, explain: true, detail: true)
    }

    /// M1–M4 for one applicant.
    public func materials(_ applicant: Applicant) -> [RuleResult] {
        let c = context(applicant)
        return plan.materials.map { $0.evaluate(c) }
    }

    /// P4: publicity of at least the pack's working days, both ends counted, ending by unit review.
    public func publicity(_ applicant: Applicant) -> RuleResult { plan.publicity.evaluate(context(applicant)) }

    /// P5: fee paid.
    public func feePaid(_ applicant: Applicant) -> RuleResult { plan.feePaid.evaluate(context(applicant)) }

    /// Fees by the applicant's level; nil when the level is unknown or not in the pack.
    public func fee(for applicant: Applicant) -> (recommendation: Int, review: Int)? {
        guard let l = applicant.fields[F.level].stringValue, let f = pack.fees[l] else { return nil }
        return (f.recommendation, f.review)
    }

    public func fee(level: String) -> (recommendation: Int, review: Int)? {
        pack.fees[level].map { ($0.recommendation, $0.review) }
    }

    func stageRule(_ id: String) -> StageRule? {
        guard pack.rule(id) != nil else { return nil }
        return pack.value(id) as? StageRule
    }

    /// P1–P3 for an as-of date: on time / late when the date is present; overdue / pending otherwise.
    public func stageStatus(_ stage: String, applicant: Applicant, asOf: Day) -> StageStatus {
        guard let st = stageRule(stage) else { return .unknownStage }
        // Reading (the rules spec, "Process"): a date is *present* as of A only when it is on or
        // before A — a record dated after the as-of date had not happened yet on that date, so
        // `deadline-status` as of a day before a stage opens counts nobody on time (issue 13).
        if let d = applicant.fields[st.slot].dateValue, d <= asOf {
            return d <= st.through && (st.from.map { d >= $0 } ?? true) ? .onTime : .late
        }
        return asOf > st.through ? .overdue : .pending(daysLeft: asOf.days(to: st.through))
    }

    /// P1–P3 as a rule result: on time = pass, late or overdue = fail, pending = unknown.
    public func stageResult(_ stage: String, applicant: Applicant, asOf: Day) -> RuleResult? {
        guard let st = stageRule(stage) else { return nil }
        let info = st.info, field = st.field, slot = st.slot, deadline = st.through
        let status = stageStatus(stage, applicant: applicant, asOf: asOf)
        let window = (st.from.map { "\($0) 至 " } ?? "截至 ") + deadline.description
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
        rosterOrderKey(route: a.fields[F.route], specialty: a.fields[F.specialty], id: a.id)
    }

    func rosterOrderKey(route routeValue: Value, specialty: Value, id: String) -> RosterKey {
        let route = routeValue.stringValue.map(canonicalRoute)
        let ri = route.flatMap { r in pack.routes.firstIndex { $0.name == r } } ?? pack.routes.count
        var spec = ""
        var hasSpec = 0
        if let route, pack.rosterSpecialtyRoutes.contains(route) {
            if let s = specialty.stringValue, !s.isEmpty { spec = pinyinKey(s) } else { hasSpec = 1 }
        }
        return RosterKey(route: ri, noSpecialty: hasSpec, specialty: spec, id: id)
    }

    public func rosterSorted(dataset: Dataset, rows: [Int]) -> [Int] {
        TextCollation.prime(rows.lazy.compactMap { dataset.value(row: $0, slot: F.specialty).stringValue })
        // Three columns, no applicant built per row.
        let keys = rows.map {
            (rosterOrderKey(route: dataset.value(row: $0, slot: F.route), specialty: dataset.value(row: $0, slot: F.specialty),
                            id: dataset.applicants.id($0)), $0)
        }
        return keys.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }.map(\.1)
    }

    /// Pinyin sort key: the shared text collation (`TextCollation`), character by character.
    public func pinyinKey(_ s: String) -> String {
        lock.lock()
        if let k = pinyinKeys[s] { lock.unlock(); return k }
        lock.unlock()
        let k = RuleEngine.makePinyinKey(s)
        lock.lock(); pinyinKeys[s] = k; lock.unlock()
        return k
    }

    static func makePinyinKey(_ s: String) -> String { TextCollation.sortKey(s) }
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
