import Foundation
import RosterData
import Yams

/// What a rule decides: eligibility (符合/不符合/待核实), a material check (需补正/提示),
/// or a process step (deadlines, publicity, fee).
public enum RuleKind: String, Sendable, Hashable, CaseIterable {
    case eligibility, material, process

    public var label: String {
        switch self {
        case .eligibility: return "申报条件"
        case .material: return "材料"
        case .process: return "流程"
        }
    }
}

/// A parameter value of a rule, as the pack gives it.
public enum ParamValue: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case date(Day)
    case string(String)
    case strings([String])
    case ratio(Ratio)
    /// Level name → number (`self_score_min: {工程师: 70}`).
    case intByLevel([(String, Int)])
    /// R4: level → (minimum skill grade, years, honour list ids).
    case skillByLevel([(String, SkillRequirement)])

    public static func == (a: ParamValue, b: ParamValue) -> Bool { a.description == b.description }
    public func hash(into h: inout Hasher) { h.combine(description) }

    public var description: String {
        switch self {
        case .int(let i): return String(i)
        case .date(let d): return d.description
        case .string(let s): return s
        case .strings(let l): return "[" + l.joined(separator: ", ") + "]"
        case .ratio(let r): return r.description
        case .intByLevel(let m): return "{" + m.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
        case .skillByLevel(let m):
            return "{" + m.map { "\($0.0): \($0.1.minSkill) 满\($0.1.years)年 或荣誉 \($0.1.honorLists.joined(separator: "/"))" }
                .joined(separator: "; ") + "}"
        }
    }
}

public struct SkillRequirement: Sendable, Hashable {
    public var minSkill: String
    public var years: Int
    public var honorLists: [String]
}

/// One rule as the pack describes it: what `help rules` and `explain` show.
public struct RuleInfo: Sendable {
    public var id: String
    public var title: String
    /// The notice clause, e.g. `二(一)`.
    public var clause: String
    /// Quoted text of the notice; several quotes joined by "……".
    public var clauseText: String
    public var quotes: [String]
    /// The reading chosen where the notice is open to more than one.
    public var reading: String?
    public var kind: RuleKind
    /// Materials: `需补正` or `提示`.
    public var action: String?
    /// Parameter name → value, in pack order.
    public var params: [(String, ParamValue)]

    /// `unit_kinds=[事业单位, 企业]; …`
    public var parameters: String {
        params.map { "\($0.0)=\($0.1)" }.joined(separator: "; ")
    }

    public func param(_ key: String) -> ParamValue? { params.first { $0.0 == key }?.1 }
    func int(_ key: String) -> Int { if case .int(let i)? = param(key) { return i }; return 0 }
    func date(_ key: String) -> Day? { if case .date(let d)? = param(key) { return d }; return nil }
    func strings(_ key: String) -> [String] { if case .strings(let l)? = param(key) { return l }; return [] }
    func string(_ key: String) -> String { if case .string(let s)? = param(key) { return s }; return "" }
    func ratio(_ key: String) -> Ratio? { if case .ratio(let r)? = param(key) { return r }; return nil }
    func intByLevel(_ key: String) -> [String: Int] {
        if case .intByLevel(let m)? = param(key) { return Dictionary(m, uniquingKeysWith: { a, _ in a }) }
        return [:]
    }
}

/// A level the pack evaluates (`工程师`, `助理工程师`, `技术员`).
public struct LevelInfo: Sendable, Hashable {
    public var name: String
    public var rank: Int
    /// 中级 / 初级 / 员级.
    public var grade: String
}

/// How a route decides its continuing-education years.
public enum CEYearsSource: Sendable, Hashable {
    /// From the 二(一) table rows (R2.3 reading).
    case table
    /// Fixed years by level.
    case byLevel([String: Int])
}

/// An application route (申报方式), in roster order.
public struct RouteInfo: Sendable {
    public var name: String
    /// The route's own eligibility rules (the common rules apply too).
    public var rules: [String]
    public var ceYears: CEYearsSource
    /// Overrides R8's `years` (高技能人才申报: 3).
    public var assessmentYears: Int?
}

/// One row of the 二(一) education and seniority table.
public struct TableRow: Sendable, Hashable {
    public enum Requirement: Sendable, Hashable {
        /// 见习期满: held `years` since max(graduated_on, work_started).
        case probation(years: Int)
        /// 从事专业工作满: held `years` since max(graduated_on, work_started).
        case workHeld(years: Int)
        /// 任职满: `title` held `years` since title_since.
        case titleHeld(title: String, years: Int)
        /// 从事专业工作: work_started <= C.
        case inWork
    }
    public var id: String
    public var level: String
    public var degreeRank: Int
    public var requirement: Requirement
    public var ceYears: Int
    public var clause: String
    public var clauseText: String

    public var restsOnTitle: Bool { if case .titleHeld = requirement { return true } else { return false } }
}

public struct Fee: Sendable, Hashable {
    public var recommendation: Int
    public var review: Int
    public var total: Int { recommendation + review }
}

public struct HonorList: Sendable, Hashable {
    public var id: String
    public var names: [String]
    public var clause: String
    public var clauseText: String
    public var reading: String?
}

/// A rule pack: one notice year's rules, parameters, calendar and fees, loaded from YAML.
// Safe to share: every stored property is a `let` set in `init`, and nothing mutates a pack
// after it is made (the rule values and params it holds are immutable too). Left unchecked
// until every rule value it holds is declared Sendable (issue 11).
public final class RulePack: @unchecked Sendable {
    public let id: String
    public let title: String
    public let notice: String
    public let noticeTitle: String
    /// Y, the evaluation year.
    public let year: Int
    /// C, the cut-off for all seniority.
    public let cutoff: Day
    public let cutoffClause: String
    public let cutoffText: String
    /// Levels, highest first.
    public let levels: [LevelInfo]
    public let titleRanks: [String: Int]
    public let degreeRanks: [String: Int]
    public let skillRanks: [String: Int]
    /// The roster's enum values and their other spellings (`vocabulary:`), by field key.
    public let vocabulary: Vocabulary
    /// The field catalog with this pack's vocabulary: what a roster is loaded and checked against.
    public let catalog: FieldCatalog
    /// Other spellings of routes → the route (`正常` → `正常申报`).
    public var routeAliases: [String: String] { vocabulary["route"]?.aliases ?? [:] }
    public let honorLists: [String: HonorList]
    /// Field key → default for an absent value (`.null` = known "none").
    public let defaults: [String: Value]
    public let table: [TableRow]
    /// The table's clause and name (`二(一)`, `学历资历表`).
    public let tableClause: String
    public let tableName: String
    /// Routes in roster order.
    public let routes: [RouteInfo]
    public let commonRules: [String]
    /// Every rule, in pack (display) order.
    public var rules: [RuleInfo] { ruleList }
    public let fees: [String: Fee]
    public let feeClause: String
    public let feeText: String
    /// What the fee's two parts are called (`推荐费`, `评审费`).
    public let feePartNames: (recommendation: String, review: String)
    /// Calendar: the year it covers, days off and weekend working days.
    public let calendarYear: Int
    public let calendarSource: String
    public let daysOff: Set<Day>
    public let workingWeekends: Set<Day>
    public let rosterSpecialtyRoutes: [String]
    public let rosterClause: String
    public let rosterText: String
    public let rosterReading: String?
    /// P1–P3 in order.
    public var stages: [RuleInfo] { ruleList.filter { $0.param("field") != nil } }

    private let ruleList: [RuleInfo]
    private let ruleIndex: [String: Int]
    /// The rule values (typed parameters decoded once), by the index of `ruleList`.
    let ruleValues: [any PackRule]
    /// The 二(一) rows by level index (levels order).
    let rowsByLevel: [[RowRef]]
    /// Every degree rank, and 0 (an unknown degree may be any of them, or none), ascending.
    let possibleDegreeRanks: [Int]
    /// R2.3's fallback CE years (when no row's degree is met).
    let fallbackCEYears: Int
    let workingCalendar: WorkingCalendar
    /// By route index: fixed CE years by level index (`ce_years: {level: years}`; a level the
    /// route does not name: the fallback), nil for `ce_years: table`.
    let fixedCEYears: [[Int]?]
    /// By route index: the route's `assessment_years`.
    let assessmentYears: [Int?]
    /// Slot-indexed defaults: nil = no default (absent is unknown).
    let slotDefaults: [Value?]
    /// `titleRanks`, `degreeRanks`, `skillRanks` for lookups of roster values (no hashing of
    /// normalised text per applicant).
    let titleRankTable: TextTable
    let degreeRankTable: TextTable
    let skillRankTable: TextTable
    /// The rules R5.2 applies (`R5_2.r2Family`), resolved once.
    let r2FamilyRules: [any EvaluatedRule]

    public func rule(_ id: String) -> RuleInfo? { ruleIndex[id].map { ruleList[$0] } }
    func info(_ id: String) -> RuleInfo { ruleList[ruleIndex[id]!] }
    /// The rule value of an id the pack has.
    func value(_ id: String) -> any PackRule { ruleValues[ruleIndex[id]!] }
    /// The evaluated rules of these ids, in this order (ids the pack has).
    func rules(_ ids: [String]) -> [any EvaluatedRule] { ids.compactMap { ruleIndex[$0].flatMap { ruleValues[$0] as? any EvaluatedRule } } }
    public func level(_ name: String) -> LevelInfo? { levels.first { $0.name == name } }
    public func route(_ name: String) -> RouteInfo? { routes.first { $0.name == name } }
    public var levelNames: [String] { levels.map(\.name) }
    public var routeNames: [String] { routes.map(\.name) }
    public func rows(for level: String) -> [TableRow] { table.filter { $0.level == level } }

    // MARK: loading

    private static let cacheLock = NSLock()
    // Safe: read and written only inside `cacheLock` (in `builtin()`).
    nonisolated(unsafe) private static var cached: RulePack?

    /// The 2024 pack shipped in the module's resources; loaded once.
    public static func builtin() throws -> RulePack {
        cacheLock.lock(); defer { cacheLock.unlock() }
        if let c = cached { return c }
        guard let url = builtinURL() else {
            throw RulePackError(file: "quzhou-water-2024.yaml", path: "", message: "内置规则包缺失")
        }
        let p = try load(path: url.path)
        cached = p
        return p
    }

    /// The built-in pack's `notice` (`衢州水利〔2024〕72号`) without parsing the pack: the tagline
    /// of `zcsh --help` needs it before `main` does anything, and a full parse of the pack
    /// (Yams compiles its resolver's regular expressions first) was two thirds of start-up.
    /// Reads the top-level `notice:` line when it holds a plain scalar; anything else (quoted,
    /// a comment, a block) falls back to the full parse. `PackTests` checks both agree.
    public static func builtinNotice() -> String? {
        guard let url = builtinURL(), let text = try? String(contentsOfFile: url.path, encoding: .utf8) else { return nil }
        if let plain = topLevelPlainScalar("notice", in: text) { return plain }
        return (try? builtin())?.notice
    }

    /// The value of `key: value` at column 0, when `value` is a plain scalar with no quote,
    /// comment, flow or block indicator; nil otherwise.
    static func topLevelPlainScalar(_ key: String, in text: String) -> String? {
        let prefix = key + ":"
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix(prefix) {
            let value = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let first = value.first, !"\"'#|>[{&*!%@`".contains(first), !value.contains(" #") else { return nil }
            return value
        }
        return nil
    }

    /// Where the built-in pack file is (in the module's resource bundle).
    public static func builtinURL() -> URL? {
        Bundle.module.url(forResource: "quzhou-water-2024", withExtension: "yaml", subdirectory: "Packs")
            ?? Bundle.module.url(forResource: "quzhou-water-2024", withExtension: "yaml")
    }

    public static func load(path: String) throws -> RulePack {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw RulePackError(file: path, path: "", message: "无法读取：\(error.localizedDescription)")
        }
        return try RulePack(yaml: text, file: (path as NSString).lastPathComponent)
    }

    /// The rule ids the engine implements (`RuleRegistry`), in the spec's order.
    public static var ruleIDs: [String] { RuleRegistry.ids }

    enum ParamType { case int, date, optionalDate, strings, levels, ratio, field, intByLevel, skillByLevel }

    public convenience init(yaml: String, file: String = "<pack>") throws {
        let root: Node?
        // `.basic`: no implicit tags. PackNode reads every scalar by its text and style (an int
        // is `Int(text)`, null is a plain `~`/`null`/empty), so YAML 1.1's tag regexes, compiled
        // and run on every scalar, were a third of start-up for nothing; `.utf8` skips Yams'
        // environment lookup of a default encoding.
        do { root = try Yams.compose(yaml: yaml, .basic, .default, .utf8) } catch {
            throw RulePackError(file: file, path: "", message: "YAML 语法错误：\(error)")
        }
        guard let root else { throw RulePackError(file: file, path: "", message: "规则包为空") }
        try self.init(root: PackNode(node: root, path: "", file: file))
    }

    private init(root: PackNode) throws {
        let top = try root.keys(required: ["id", "title", "notice", "notice_title", "year", "cutoff", "levels",
                                           "title_ranks", "degree_ranks", "skill_ranks", "vocabulary", "honor_lists", "defaults",
                                           "education_table", "education_table_caption", "routes", "common_rules", "rules", "fees",
                                           "calendar", "roster"])
        id = try top["id"]!.string()
        title = try top["title"]!.string()
        notice = try top["notice"]!.string()
        noticeTitle = try top["notice_title"]!.string()
        year = try top["year"]!.int()
        let cut = try top["cutoff"]!.keys(required: ["date", "clause", "text"])
        cutoff = try cut["date"]!.date()
        cutoffClause = try cut["clause"]!.string()
        cutoffText = try cut["text"]!.quotes().joined(separator: "……")
        guard cutoff.year == year else { throw cut["date"]!.error("截止日期 \(cutoff) 不在评审年度 \(year)") }

        var levels: [LevelInfo] = []
        for n in try top["levels"]!.items() {
            let k = try n.keys(required: ["name", "rank", "grade"])
            levels.append(LevelInfo(name: try k["name"]!.string(), rank: try k["rank"]!.int(), grade: try k["grade"]!.string()))
        }
        guard !levels.isEmpty else { throw top["levels"]!.error("至少需要一个级别") }
        self.levels = levels
        let levelNames = Set(levels.map(\.name))

        /// The map, and its keys in the order written (a vocabulary list, `from:`).
        var orderedKeys: [String: [String]] = [:]
        func intMap(_ n: PackNode, _ name: String) throws -> [String: Int] {
            var m: [String: Int] = [:]
            for (k, v) in try n.entries() { m[k] = try v.int(); orderedKeys[name, default: []].append(k) }
            return m
        }
        titleRanks = try intMap(top["title_ranks"]!, "title_ranks")
        for l in levels where titleRanks[l.name] == nil { throw top["title_ranks"]!.error("缺少级别 “\(l.name)” 的等级") }
        let dr = try top["degree_ranks"]!.keys(required: ["clause", "text", "ranks"])
        _ = try dr["clause"]!.string(); _ = try dr["text"]!.quotes()
        degreeRanks = try intMap(dr["ranks"]!, "degree_ranks")
        let sr = try top["skill_ranks"]!.keys(required: ["clause", "text", "ranks"])
        _ = try sr["clause"]!.string(); _ = try sr["text"]!.quotes()
        skillRanks = try intMap(sr["ranks"]!, "skill_ranks")

        var honors: [String: HonorList] = [:]
        for (hid, n) in try top["honor_lists"]!.entries() {
            let k = try n.keys(required: ["clause", "text", "names"], optional: ["reading"])
            honors[hid] = HonorList(id: hid, names: try k["names"]!.strings(), clause: try k["clause"]!.string(),
                                    clauseText: try k["text"]!.quotes().joined(separator: "……"),
                                    reading: try k["reading"].map { try $0.string() })
        }
        honorLists = honors

        var defaults: [String: Value] = [:]
        var slotDefaults = [Value?](repeating: nil, count: FieldCatalog.types.count)
        for (key, n) in try top["defaults"]!.entries() {
            guard let f = FieldCatalog.types.field(named: key), f.key == key else {
                throw n.error("“\(key)” 不是花名册字段的英文键")
            }
            let v = try n.value()
            defaults[key] = v
            slotDefaults[f.slot] = v
        }
        self.defaults = defaults
        self.slotDefaults = slotDefaults

        var rows: [TableRow] = []
        var rowIDs = Set<String>()
        for n in try top["education_table"]!.items() {
            let k = try n.keys(required: ["id", "level", "degree_rank", "requirement", "ce_years", "clause", "text"])
            let rid = try k["id"]!.string()
            guard rowIDs.insert(rid).inserted else { throw k["id"]!.error("行 id 重复：\(rid)") }
            let level = try k["level"]!.string()
            guard levelNames.contains(level) else { throw k["level"]!.error("未知级别 “\(level)”") }
            let rq = k["requirement"]!
            let kind = try (try rq.entries().first { $0.0 == "kind" }?.1 ?? rq).string()
            let req: TableRow.Requirement
            switch kind {
            case "probation":
                let r = try rq.keys(required: ["kind", "years"]); req = .probation(years: try r["years"]!.nonNegativeInt())
            case "work_held":
                let r = try rq.keys(required: ["kind", "years"]); req = .workHeld(years: try r["years"]!.nonNegativeInt())
            case "title_held":
                let r = try rq.keys(required: ["kind", "title", "years"])
                let t = try r["title"]!.string()
                guard titleRanks[t] != nil else { throw r["title"]!.error("未知职称 “\(t)”") }
                req = .titleHeld(title: t, years: try r["years"]!.nonNegativeInt())
            case "in_work":
                try rq.keys(required: ["kind"]); req = .inWork
            default:
                throw rq.error("未知的资历要求 kind “\(kind)”（可用：probation, work_held, title_held, in_work）")
            }
            rows.append(TableRow(id: rid, level: level, degreeRank: try k["degree_rank"]!.int(), requirement: req,
                                 ceYears: try k["ce_years"]!.nonNegativeInt(), clause: try k["clause"]!.string(),
                                 clauseText: try k["text"]!.quotes().joined(separator: "……")))
        }
        table = rows
        let cap = try top["education_table_caption"]!.keys(required: ["clause", "name"])
        tableClause = try cap["clause"]!.string()
        tableName = try cap["name"]!.string()

        // Rules.
        var list: [RuleInfo] = []
        var index: [String: Int] = [:]
        var paramNodes: [PackNode] = []
        for n in try top["rules"]!.items() {
            let k = try n.keys(required: ["id", "title", "kind", "clause", "text", "params"], optional: ["reading", "action"])
            let rid = try k["id"]!.string()
            guard let schema = RuleRegistry.byID[rid]?.schema else {
                throw k["id"]!.error("未知的规则 id “\(rid)”（引擎实现的规则：\(RulePack.ruleIDs.joined(separator: " "))）")
            }
            guard index[rid] == nil else { throw k["id"]!.error("规则 id 重复：\(rid)") }
            let kindText = try k["kind"]!.string()
            guard let kind = RuleKind(rawValue: kindText) else {
                throw k["kind"]!.error("未知的 kind “\(kindText)”（可用：eligibility, material, process）")
            }
            let expectedKind: RuleKind = rid.hasPrefix("M") ? .material : rid.hasPrefix("P") ? .process : .eligibility
            guard kind == expectedKind else { throw k["kind"]!.error("规则 \(rid) 的 kind 应为 \(expectedKind.rawValue)") }
            let action = try k["action"].map { try $0.string() }
            if kind == .material, action == nil { throw n.error("材料规则须有 action（需补正 或 提示）") }
            let quotes = try k["text"]!.quotes()
            let pk = k["params"]!
            let pn = try pk.keys(required: schema.filter { $0.1 != .optionalDate }.map(\.0),
                                 optional: schema.filter { $0.1 == .optionalDate }.map(\.0))
            var params: [(String, ParamValue)] = []
            for (name, type) in schema {
                guard let v = pn[name] else { continue }
                switch type {
                case .int: params.append((name, .int(try v.nonNegativeInt())))
                case .date, .optionalDate: params.append((name, .date(try v.date())))
                case .strings: params.append((name, .strings(try v.strings())))
                case .levels:
                    let l = try v.strings()
                    for (i, s) in l.enumerated() where !levelNames.contains(s) {
                        throw PackNode(node: try v.items()[i].node, path: v.path + "[\(i)]", file: v.file).error("未知级别 “\(s)”")
                    }
                    params.append((name, .strings(l)))
                case .ratio: params.append((name, .ratio(try v.ratio())))
                case .field:
                    let f = try v.string()
                    guard FieldCatalog.types.field(named: f)?.key == f else { throw v.error("“\(f)” 不是花名册字段的英文键") }
                    params.append((name, .string(f)))
                case .intByLevel:
                    var m: [(String, Int)] = []
                    for (lv, x) in try v.entries() {
                        guard levelNames.contains(lv) else { throw x.error("未知级别 “\(lv)”") }
                        m.append((lv, try x.nonNegativeInt()))
                    }
                    params.append((name, .intByLevel(m)))
                case .skillByLevel:
                    var m: [(String, SkillRequirement)] = []
                    for (lv, x) in try v.entries() {
                        guard levelNames.contains(lv) else { throw x.error("未知级别 “\(lv)”") }
                        let s = try x.keys(required: ["min_skill", "years", "honor_lists"])
                        let skill = try s["min_skill"]!.string()
                        guard skillRanks[skill] != nil else { throw s["min_skill"]!.error("未知技能等级 “\(skill)”") }
                        let hl = try s["honor_lists"]!.strings()
                        for h in hl where honors[h] == nil { throw s["honor_lists"]!.error("未知荣誉表 “\(h)”") }
                        m.append((lv, SkillRequirement(minSkill: skill, years: try s["years"]!.nonNegativeInt(), honorLists: hl)))
                    }
                    params.append((name, .skillByLevel(m)))
                }
            }
            if case .date(let from)? = params.first(where: { $0.0 == "from" })?.1,
               case .date(let through)? = params.first(where: { $0.0 == "through" })?.1, from > through {
                throw pk.error("from \(from) 晚于 through \(through)")
            }
            let reading = try k["reading"].map { try $0.string() }
            if let reading, let name = RuleInfo.placeholders(reading).first(where: { n in !schema.contains { $0.0 == n } }) {
                throw k["reading"]!.error("解读中的 {\(name)} 不是本规则的参数")
            }
            index[rid] = list.count
            paramNodes.append(pk)
            list.append(RuleInfo(id: rid, title: try k["title"]!.string(), clause: try k["clause"]!.string(),
                                 clauseText: quotes.joined(separator: "……"), quotes: quotes,
                                 reading: reading, kind: kind, action: action, params: params))
        }
        for rid in RulePack.ruleIDs where index[rid] == nil {
            throw top["rules"]!.error("缺少规则 \(rid)")
        }
        ruleList = list
        ruleIndex = index

        var routes: [RouteInfo] = []
        for n in try top["routes"]!.items() {
            let k = try n.keys(required: ["name", "rules", "ce_years"], optional: ["assessment_years"])
            let name = try k["name"]!.string()
            let rr = try k["rules"]!.strings()
            for r in rr where index[r] == nil { throw k["rules"]!.error("未知规则 “\(r)”") }
            let ceNode = k["ce_years"]!
            let ce: CEYearsSource
            if ceNode.isMapping {
                var m: [String: Int] = [:]
                for (lv, x) in try ceNode.entries() {
                    guard levelNames.contains(lv) else { throw x.error("未知级别 “\(lv)”") }
                    m[lv] = try x.nonNegativeInt()
                }
                ce = .byLevel(m)
            } else {
                let s = try ceNode.string()
                guard s == "table" else { throw ceNode.error("ce_years 应为 table 或 {级别: 年数}") }
                ce = .table
            }
            routes.append(RouteInfo(name: name, rules: rr, ceYears: ce,
                                    assessmentYears: try k["assessment_years"].map { try $0.nonNegativeInt() }))
        }
        self.routes = routes
        commonRules = try top["common_rules"]!.strings()
        for r in commonRules where index[r] == nil { throw top["common_rules"]!.error("未知规则 “\(r)”") }

        let fk = try top["fees"]!.keys(required: ["clause", "text", "parts", "by_level"])
        feeClause = try fk["clause"]!.string()
        feeText = try fk["text"]!.quotes().joined(separator: "……")
        let parts = try fk["parts"]!.keys(required: ["recommendation", "review"])
        feePartNames = (try parts["recommendation"]!.string(), try parts["review"]!.string())
        var fees: [String: Fee] = [:]
        for (lv, x) in try fk["by_level"]!.entries() {
            guard levelNames.contains(lv) else { throw x.error("未知级别 “\(lv)”") }
            let f = try x.keys(required: ["recommendation", "review"])
            fees[lv] = Fee(recommendation: try f["recommendation"]!.nonNegativeInt(), review: try f["review"]!.nonNegativeInt())
        }
        self.fees = fees

        let ck = try top["calendar"]!.keys(required: ["source", "year", "days_off", "working_weekends"])
        calendarSource = try ck["source"]!.string()
        calendarYear = try ck["year"]!.int()
        var off = Set<Day>()
        for n in try ck["days_off"]!.items() {
            if n.isSequence {
                let pair = try n.items()
                guard pair.count == 2 else { throw n.error("区间应为 [开始, 结束]") }
                let a = try pair[0].date(), b = try pair[1].date()
                guard a <= b else { throw n.error("区间开始 \(a) 晚于结束 \(b)") }
                var d = a
                while d <= b { off.insert(d); d = d.adding(days: 1) }
            } else {
                off.insert(try n.date())
            }
        }
        var ww = Set<Day>()
        for n in try ck["working_weekends"]!.items() {
            let d = try n.date()
            guard d.weekday >= 6 else { throw n.error("\(d) 不是周末") }
            ww.insert(d)
        }
        for d in off.union(ww) where d.year != calendarYear {
            throw ck["year"]!.error("日期 \(d) 不在日历年度 \(calendarYear)")
        }
        guard off.isDisjoint(with: ww) else { throw ck["working_weekends"]!.error("同一天既是休息日又是调休上班日") }
        daysOff = off
        workingWeekends = ww

        let rk = try top["roster"]!.keys(required: ["clause", "text", "specialty_routes"], optional: ["reading"])
        rosterClause = try rk["clause"]!.string()
        rosterText = try rk["text"]!.quotes().joined(separator: "……")
        rosterReading = try rk["reading"].map { try $0.string() }
        rosterSpecialtyRoutes = try rk["specialty_routes"]!.strings()
        let routeNames = Set(routes.map(\.name))
        for r in rosterSpecialtyRoutes where !routeNames.contains(r) { throw rk["specialty_routes"]!.error("未知申报方式 “\(r)”") }

        orderedKeys["levels"] = levels.sorted { $0.rank < $1.rank }.map(\.name)
        orderedKeys["routes"] = routes.map(\.name)
        let vocabulary = try RulePack.vocabulary(top["vocabulary"]!, lists: orderedKeys)
        self.vocabulary = vocabulary
        catalog = FieldCatalog(vocabulary: vocabulary)
        for (key, v) in defaults {
            guard case .string(let s) = v, let values = catalog.enumeration(key)?.values, !values.contains(s) else { continue }
            throw top["defaults"]!.error("\(key) 的默认值 “\(s)” 不在 vocabulary.\(key) 中（可用：\(values.joined(separator: " "))）")
        }

        // The rule values: each rule's parameters decoded into its typed `Params`, once.
        let build = RuleBuildContext(levels: levels, skillRanks: skillRanks, honorLists: honors)
        var values: [any PackRule] = []
        for (i, info) in list.enumerated() {
            let node = paramNodes[i]
            do {
                values.append(try RuleRegistry.byID[info.id]!.build(info, node.node, build))
            } catch let e as DecodingError {
                throw node.error(RulePack.describe(e))
            } catch let e as RulePackError {
                throw e
            } catch {
                throw node.error("\(error)")
            }
        }
        ruleValues = values
        r2FamilyRules = R5_2.r2Family.compactMap { index[$0].flatMap { values[$0] as? any EvaluatedRule } }
        titleRankTable = TextTable(titleRanks)
        degreeRankTable = TextTable(degreeRanks)
        skillRankTable = TextTable(skillRanks)
        rowsByLevel = levels.map { l in rows.filter { $0.level == l.name }.map(RowRef.init) }
        possibleDegreeRanks = Array(Set(degreeRanks.values).union([0])).sorted()
        fallbackCEYears = (values[index["R2.3"]!] as? R2_3)?.p.fallbackCEYears ?? 0
        workingCalendar = WorkingCalendar(year: calendarYear, daysOff: off, workingWeekends: ww)
        let fallback = fallbackCEYears
        fixedCEYears = routes.map { r in
            if case .byLevel(let m) = r.ceYears { return levels.map { m[$0.name] ?? fallback } }
            return nil
        }
        assessmentYears = routes.map(\.assessmentYears)
    }

    /// The lists `vocabulary.FIELD: {from: …}` may name.
    static let vocabularySources = ["levels", "title_ranks", "degree_ranks", "skill_ranks", "routes"]

    /// `vocabulary:`: per enum field key, a list of values, or `{values: […] | from: LIST, aliases: {spelling: value}}`.
    static func vocabulary(_ node: PackNode, lists: [String: [String]]) throws -> Vocabulary {
        var words: [String: Vocabulary.Words] = [:]
        for (key, n) in try node.entries() {
            guard FieldCatalog.enumKeys.contains(key) else {
                throw n.error("“\(key)” 不是花名册的枚举字段（可用：\(FieldCatalog.enumKeys.joined(separator: ", "))）")
            }
            var values: [String]
            var aliases: [String: String] = [:]
            var valuesNode = n
            if n.isMapping {
                let k = try n.keys(required: [], optional: ["values", "from", "aliases"])
                switch (k["values"], k["from"]) {
                case (let v?, nil):
                    values = try v.strings(); valuesNode = v
                case (nil, let f?):
                    let name = try f.string()
                    guard let l = lists[name], vocabularySources.contains(name) else {
                        throw f.error("from 应为 \(vocabularySources.joined(separator: "、")) 之一，实为 “\(name)”")
                    }
                    values = l
                default:
                    throw n.error("须有 values 或 from 之一")
                }
                if let a = k["aliases"] {
                    for (spelling, target) in try a.entries() {
                        let t = try target.string()
                        guard values.contains(t) else { throw target.error("别名 “\(spelling)” 指向的 “\(t)” 不在取值中") }
                        guard !values.contains(spelling) else { throw target.error("“\(spelling)” 已是取值，不能再作别名") }
                        aliases[spelling] = t
                    }
                }
            } else {
                values = try n.strings()
            }
            guard !values.isEmpty else { throw valuesNode.error("至少需要一个取值") }
            var seen = Set<String>()
            for v in values where !seen.insert(v).inserted { throw valuesNode.error("取值重复：“\(v)”") }
            words[key] = Vocabulary.Words(values: values, aliases: aliases)
        }
        let vocabulary = Vocabulary(words)
        if let first = vocabulary.missing.first {
            throw node.error("缺少枚举字段 “\(first)” 的取值（vocabulary 须列出：\(FieldCatalog.enumKeys.joined(separator: ", "))）")
        }
        return vocabulary
    }

    /// A decoding problem in one line, with the key path inside `params`.
    static func describe(_ e: DecodingError) -> String {
        func path(_ p: [CodingKey]) -> String { p.map(\.stringValue).joined(separator: ".") }
        switch e {
        case .keyNotFound(let k, let c): return "缺少参数 \((c.codingPath + [k]).map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(let t, let c): return "参数 \(path(c.codingPath)) 类型应为 \(t)"
        case .valueNotFound(let t, let c): return "参数 \(path(c.codingPath)) 缺少值（应为 \(t)）"
        case .dataCorrupted(let c): return (c.codingPath.isEmpty ? "" : "参数 \(path(c.codingPath))：") + c.debugDescription
        @unknown default: return "\(e)"
        }
    }
}
