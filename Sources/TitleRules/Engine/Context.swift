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
    /// Outcome only in the result, though the rules run as with `detail` (`check --summary`'s
    /// counting path: the driver knows which rule ran; no strings retained per result).
    var bare = false
    /// The level (a pack level) and route; nil when not known.
    var level: LevelInfo?
    var levelIndex: Int?
    /// The route, by its index in `pack.routes`.
    var routeIndex: Int?
    var route: RouteInfo? { routeIndex.map { pack.routes[$0] } }
    /// For R3.3: the row in its dataset, the dataset, and the expert index over it.
    let row: Int?
    let dataset: Dataset?
    let index: [String: [Int]]
    /// Shared by every route evaluated for this applicant (the table depends on the level only).
    let scratch: Scratch

    final class Scratch {
        var table: TableEval?
        /// R8's and R7's records, read once per applicant (route "任意" runs them for every route).
        var assessments: [(year: Int?, result: String?)]?
        var continuingEducation: [(year: Int?, pub: Double?, pro: Double?, oth: Double?)]?
        /// The verdict path's R7 outcomes by CE years (routes with the same years check the same years).
        var ceOutcomes: [(years: Int, outcome: Outcome)] = []
    }

    init(pack: RulePack, a: Applicant, C: Day, Y: Int, explain: Bool, detail: Bool, row: Int? = nil,
         dataset: Dataset? = nil, index: [String: [Int]] = [:], scratch: Scratch? = nil) {
        self.pack = pack; self.a = a; self.C = C; self.Y = Y; self.explain = explain; self.detail = detail
        self.row = row; self.dataset = dataset; self.index = index; self.scratch = scratch ?? Scratch()
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
        // The verdict path needs only the outcome (the driver knows which rule ran): nothing to retain.
        guard detail, !bare else { return RuleResult(id: "", title: "", clause: "", outcome: outcome, message: "") }
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

/// Whether a scalar is one of the blanks `trimmingCharacters(in: .whitespaces)` removes:
/// tab, the space separators (General Category Zs) and U+200B, as `CharacterSet.whitespaces`
/// has them (a test compares the two over every scalar). Written out: building the `CharacterSet` for
/// every route and expert name was a tenth of the verdict path.
@inline(__always) func isBlank(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if v < 0x80 { return v == 0x20 || v == 0x09 }
    return v == 0xA0 || v == 0x1680 || (0x2000...0x200B).contains(v) || v == 0x202F || v == 0x205F || v == 0x3000
}

/// `a == b` (canonical equivalence), without normalising in the common cases: the same bytes
/// are equal; different bytes are different when both strings are `plainText` (made only of
/// scalars that are their own NFC form and never combine, so the bytes are the NFC form).
@inline(__always) func sameText(_ a: String, _ b: String, bPlain: Bool) -> Bool {
    if sameBytes(a, b) { return true }
    if bPlain, isPlainText(a) { return false }
    return a == b
}

/// Whether two strings have the same UTF-8 bytes.
@inline(__always) func sameBytes(_ a: String, _ b: String) -> Bool {
    let n = a.utf8.count
    guard n == b.utf8.count else { return false }
    if n == 0 { return true }
    let fast = a.utf8.withContiguousStorageIfAvailable { pa in
        b.utf8.withContiguousStorageIfAvailable { pb in memcmp(pa.baseAddress!, pb.baseAddress!, n) == 0 }
    }
    if let f = fast, let same = f { return same }
    return a.utf8.elementsEqual(b.utf8)
}

/// Whether every scalar is one that NFC leaves alone and that no neighbour combines with:
/// below U+0300 (ASCII, Latin-1, Latin Extended), CJK symbols and punctuation (not the
/// combining tone marks U+302A–U+302F), CJK unified ideographs (basic block and extension A)
/// and the half- and full-width forms.
@inline(__always) func isPlainText(_ s: String) -> Bool {
    for u in s.unicodeScalars {
        let v = u.value
        if v < 0x300 || (0x3000...0x3029).contains(v) || (0x3030...0x303F).contains(v) || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v)
            || (0xFF00...0xFFEF).contains(v) { continue }
        return false
    }
    return true
}

/// A pack's list of names (unit kinds, results, titles …) for membership tests on roster values:
/// `contains` answers as `[String].contains` (canonical equivalence) without normalising.
struct TextSet: Sendable {
    let items: [String]
    let plain: [Bool]
    init(_ items: [String]) { self.items = items; plain = items.map(isPlainText) }
    @inline(__always) func contains(_ s: String) -> Bool {
        for i in items.indices where sameText(s, items[i], bPlain: plain[i]) { return true }
        return false
    }
}

/// A pack's name → number table (title, degree and skill ranks): `self[name]` answers as the
/// dictionary does (canonical equivalence), without hashing a normalised string per lookup.
struct TextTable: Sendable {
    let keys: TextSet
    let values: [Int]
    init(_ d: [String: Int]) {
        let pairs = d.sorted { $0.key < $1.key }
        keys = TextSet(pairs.map(\.key)); values = pairs.map(\.value)
    }
    @inline(__always) subscript(_ s: String) -> Int? {
        for i in keys.items.indices where sameText(s, keys.items[i], bPlain: keys.plain[i]) { return values[i] }
        return nil
    }
}

/// `s.trimmingCharacters(in: .whitespaces)`, without Foundation when nothing is to trim.
@inline(__always) func trimmedBlanks(_ s: String) -> String {
    let u = s.unicodeScalars
    guard let f = u.first, let l = u.last else { return s }
    if !isBlank(f) && !isBlank(l) { return s }
    return s.trimmingCharacters(in: .whitespaces)
}
