import Foundation
import RosterData

/// One applicant under evaluation: pack, cut-off, defaults, the level and route applied for,
/// and whether to build messages (the verdict path skips every message and field list).
struct Ctx {
    let pack: RulePack
    let a: Applicant
    /// C (the pack's cut-off, or the what-if cut-off).
    let C: Day
    /// Y, the evaluation year.
    let Y: Int
    /// Build messages and field lists (explain, check).
    let explain: Bool
    /// Record which fields left a result unknown (everything but the verdict path).
    let detail: Bool
    /// The level (a pack level) and route; nil when not known.
    var level: LevelInfo?
    var levelIndex: Int?
    var route: RouteInfo?
    var routeIndex: Int?
    /// For R3.3: the row in its dataset, the dataset, and the expert index over it.
    let row: Int?
    let dataset: Dataset?
    let index: [String: [Int]]
    /// Shared by every route evaluated for this applicant (the table depends on the level only).
    let scratch: Scratch

    final class Scratch {
        var table: TableEval?
    }

    init(pack: RulePack, a: Applicant, C: Day, Y: Int, explain: Bool, detail: Bool, row: Int? = nil,
         dataset: Dataset? = nil, index: [String: [Int]] = [:]) {
        self.pack = pack; self.a = a; self.C = C; self.Y = Y; self.explain = explain; self.detail = detail
        self.row = row; self.dataset = dataset; self.index = index; self.scratch = Scratch()
    }

    /// The level's name (only evaluated by rules that need the level).
    var lv: String { level!.name }

    /// The value with the pack's default applied: nil = unknown; `.null` = known "none".
    @inline(__always) func v(_ slot: Int) -> Value? {
        let x = a.fields[slot]
        if case .null = x { return pack.slotDefaults[slot] }
        return x
    }

    @inline(__always) func bool(_ slot: Int) -> Bool? { if case .bool(let b)? = v(slot) { return b }; return nil }
    @inline(__always) func string(_ slot: Int) -> String? { if case .string(let s)? = v(slot) { return s }; return nil }
    @inline(__always) func date(_ slot: Int) -> Day? { if case .date(let d)? = v(slot) { return d }; return nil }
    @inline(__always) func list(_ slot: Int) -> [Value]? { if case .list(let l)? = v(slot) { return l }; return nil }

    func result(_ info: RuleInfo, _ outcome: Outcome, _ message: @autoclosure () -> String,
                read: @autoclosure () -> [Int] = [], missing: @autoclosure () -> [String] = []) -> RuleResult {
        var r = RuleResult(id: info.id, title: info.title, clause: info.clause, outcome: outcome, message: "",
                           kind: info.kind, action: info.action)
        if outcome == .unknown, detail { r.missing = missing() }
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
    @inline(__always) func held(_ years: Int, since d: Day) -> Bool { d.adding(years: years) <= C }

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
    func heldSinceLater(_ years: Int, what: String, missing: inout [String]) -> (Outcome, String) {
        let g = date(F.graduatedOn), w = date(F.workStarted)
        if let g, let w {
            let d = max(g, w)
            let ok = held(years, since: d)
            return (Outcome(ok), explain ? heldMessage(what, since: d, years: years) + "（毕业 \(g)，参加工作 \(w)，取较晚者）" : "")
        }
        if let g, !held(years, since: g) {
            return (.fail, explain ? heldMessage(what, since: g, years: years) + "（起算日不早于此）" : "")
        }
        if let w, !held(years, since: w) {
            return (.fail, explain ? heldMessage(what, since: w, years: years) + "（起算日不早于此）" : "")
        }
        if g == nil { missing.append("graduated_on") }
        if w == nil { missing.append("work_started") }
        return (.unknown, explain ? "\(what)：起算日为毕业与参加工作中较晚者，数据不全" : "")
    }
}

/// The strings in first-seen order, without repeats.
func uniq(_ xs: [String]) -> [String] {
    var seen = Set<String>()
    return xs.filter { seen.insert($0).inserted }
}

/// Whether a sorted array holds `x`.
func binarySearch(_ a: [Int], _ x: Int) -> Bool {
    var lo = 0, hi = a.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if a[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo < a.count && a[lo] == x
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
