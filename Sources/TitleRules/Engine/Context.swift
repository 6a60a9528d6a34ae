import RosterData

/// One applicant under evaluation: pack, cut-off, defaults, and whether to build messages
/// (the verdict path skips every message and field list).
struct Ctx {
    let pack: RulePack
    let a: Applicant
    /// C (the pack's cut-off, or the what-if cut-off).
    let C: Day
    /// Y, the evaluation year.
    let Y: Int
    let explain: Bool

    /// The value with the pack's default applied: nil = unknown; `.null` = known "none".
    @inline(__always) func v(_ slot: Int) -> Value? {
        let x = a.fields[slot]
        if case .null = x { return pack.slotDefaults[slot] }
        return x
    }

    func bool(_ slot: Int) -> Bool? { v(slot)?.boolValue }
    func string(_ slot: Int) -> String? { v(slot)?.stringValue }
    func date(_ slot: Int) -> Day? { v(slot)?.dateValue }

    func result(_ info: RuleInfo, _ outcome: Outcome, _ message: @autoclosure () -> String,
                read: @autoclosure () -> [Int] = [], missing: @autoclosure () -> [String] = []) -> RuleResult {
        var r = RuleResult(id: info.id, title: info.title, clause: info.clause, outcome: outcome, message: "",
                           kind: info.kind, action: info.action)
        if outcome == .unknown { r.missing = missing() }
        guard explain else { return r }
        var m = message()
        if outcome == .unknown, !r.missing.isEmpty {
            let miss = "缺少 " + r.missing.map(F.label).joined(separator: "、")
            m = m.isEmpty ? miss : miss + "；" + m
        }
        r.message = m
        r.fieldsRead = read().map { (F.key($0), a.fields[$0]) }
        return r
    }

    // MARK: seniority

    /// "held N years since D": `D + N years <= C`.
    func held(_ years: Int, since d: Day) -> Bool { d.adding(years: years) <= C }

    /// `任助理工程师 3年5个月又16天（D 起，截至 C），需满 4 年 — 差 6个月又15天`.
    func heldMessage(_ what: String, since d: Day, years: Int) -> String {
        let need = d.adding(years: years)
        if d > C {
            return "\(what) 自 \(d) 起，晚于截止日 \(C)，需满 \(years) 年 — 差 \(Fmt.span(C.span(to: need)))"
        }
        let have = Fmt.span(d.span(to: C))
        if need <= C { return "\(what) \(have)（\(d) 起，截至 \(C)），满 \(years) 年" }
        return "\(what) \(have)（\(d) 起，截至 \(C)），需满 \(years) 年 — 差 \(Fmt.span(C.span(to: need)))"
    }

    /// Held N years since max(graduated_on, work_started), with partial knowledge:
    /// a known date that alone is too late fails, since the max can only be later.
    func heldSinceLater(_ years: Int, what: String) -> (Outcome, String, [String]) {
        let g = date(F.graduatedOn), w = date(F.workStarted)
        let known = [g, w].compactMap { $0 }
        var missing: [String] = []
        if g == nil { missing.append("graduated_on") }
        if w == nil { missing.append("work_started") }
        if missing.isEmpty {
            let d = max(g!, w!)
            let ok = held(years, since: d)
            return (Outcome(ok), explain ? heldMessage(what, since: d, years: years) + "（毕业 \(g!)，参加工作 \(w!)，取较晚者）" : "", [])
        }
        if let late = known.first(where: { !held(years, since: $0) }) {
            return (.fail, explain ? heldMessage(what, since: late, years: years) + "（起算日不早于此）" : "", [])
        }
        return (.unknown, explain ? "\(what)：起算日为毕业与参加工作中较晚者，数据不全" : "", missing)
    }
}

/// Continuing-education and assessment records.
extension Ctx {
    static func number(_ r: Record, _ k: String) -> Double? { r[k]?.numberValue }
}
