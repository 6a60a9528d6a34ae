import RosterData

// R3 自评分（推荐）申报 — 二(二)

struct R3_1: BuildableRule, EvaluatedRule {
    static let ruleID = "R3.1"
    static let schema: [(String, RulePack.ParamType)] = [("self_score_min", .intByLevel), ("long_term_water_work_levels", .levels)]
    struct Params: Decodable, Sendable {
        var selfScoreMin: [String: Int]
        var longTermWaterWorkLevels: [String]
        enum CodingKeys: String, CodingKey { case selfScoreMin = "self_score_min", longTermWaterWorkLevels = "long_term_water_work_levels" }
    }
    let info: RuleInfo
    let p: Params
    /// By pack level index: the minimum self-score, and whether long-term water work is the condition.
    let minByLevel: [Int?]
    let longTermByLevel: [Bool]
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) {
        self.info = info; self.p = params
        minByLevel = pack.levels.map { params.selfScoreMin[$0.name] }
        longTermByLevel = pack.levels.map { params.longTermWaterWorkLevels.contains($0.name) }
    }

    func evaluate(_ c: Ctx) -> RuleResult {
        let level = c.lv
        if let min = minByLevel[c.levelIndex!] {
            guard let s = c.v(F.selfScore)?.numberValue else {
                return c.result(info, .unknown, "", read: [F.selfScore], missing: ["self_score"])
            }
            let ok = s >= Double(min)
            return c.result(info, Outcome(ok), "自评分 \(Fmt.number(s))，需 ≥\(min)" + (ok ? "" : " — 差 \(Fmt.number(Double(min) - s)) 分"),
                            read: [F.selfScore])
        }
        if longTermByLevel[c.levelIndex!] {
            guard let b = c.bool(F.longTermWaterWork) else {
                return c.result(info, .unknown, "", read: [F.longTermWaterWork], missing: ["long_term_water_work"])
            }
            return c.result(info, Outcome(b), b ? "长期从事水利工程专业" : "未长期从事水利工程专业，不能按此方式申报\(level)",
                            read: [F.longTermWaterWork])
        }
        return c.result(info, .fail, "\(level) 无\(c.pack.owningRoute(of: info.id) ?? "")方式")
    }
}

/// An expert's identity: `id` when given, else the trimmed name; nil for neither (a blank name is no name).
func expertKey(_ item: Value) -> String? {
    guard case .object(let r) = item else { return nil }
    if let id = r["id"]?.stringValue.map(trimmedBlanks), !id.isEmpty { return "id:" + id }
    if let n = r["name"]?.stringValue.map(trimmedBlanks), !n.isEmpty { return "name:" + n }
    return nil
}

/// R3.2's experts: the recommenders grouped by identity (`expertKey`). An entry without
/// either (no id, no name) is its own group.
struct ExpertGroup {
    var key: String?
    /// Positions in `recommenders` (0-based).
    var entries: [Int]
    /// Whether this expert counts: some entry has a non-blank name and a listed title.
    var outcome: Outcome
    /// Name (trimmed) and title of the entry shown: the first that counts, else the first.
    var name: String?
    var title: String?
}

struct R3_2: BuildableRule, EvaluatedRule {
    static let ruleID = "R3.2"
    static let schema: [(String, RulePack.ParamType)] = [("min_recommenders", .int), ("titles", .strings)]
    struct Params: Decodable, Sendable {
        var minRecommenders: Int
        var titles: [String]
        enum CodingKeys: String, CodingKey { case minRecommenders = "min_recommenders", titles }
    }
    let info: RuleInfo
    let p: Params
    let titleSet: TextSet
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) { self.info = info; self.p = params; titleSet = TextSet(params.titles) }

    static func groups(_ list: [Value], titles: TextSet) -> [ExpertGroup] {
        var groups: [ExpertGroup] = []
        groups.reserveCapacity(list.count)
        for (i, item) in list.enumerated() {
            var name: String?, title: String?
            if case .object(let r) = item { name = r["name"]?.stringValue.map(trimmedBlanks); title = r["title"]?.stringValue }
            // A blank name is no name (does not count); an absent name or title is not known.
            let nameOK: Outcome = name.map { Outcome(!$0.isEmpty) } ?? .unknown
            let titleOK: Outcome = title.map { Outcome(titles.contains($0)) } ?? .unknown
            let o = nameOK.and(titleOK)
            let key = expertKey(item)
            if let key, let g = groups.firstIndex(where: { $0.key == key }) {
                groups[g].entries.append(i)
                if o == .pass, groups[g].outcome != .pass { groups[g].name = name; groups[g].title = title }
                groups[g].outcome = groups[g].outcome.or(o)
            } else {
                groups.append(ExpertGroup(key: key, entries: [i], outcome: o, name: name, title: title))
            }
        }
        return groups
    }

    func evaluate(_ c: Ctx) -> RuleResult {
        let need = p.minRecommenders, titles = p.titles
        guard let list = c.list(F.recommenders) else {
            return c.result(info, .unknown, "", read: [F.recommenders], missing: ["recommenders"])
        }
        let groups = R3_2.groups(list, titles: titleSet)
        var good = 0, open = 0
        for g in groups { if g.outcome == .pass { good += 1 } else if g.outcome == .unknown { open += 1 } }
        let o: Outcome = good >= need ? .pass : good + open >= need ? .unknown : .fail
        return c.result(info, o, {
            func shown(_ g: ExpertGroup) -> String {
                "\(g.name.flatMap { $0.isEmpty ? nil : $0 } ?? "（无姓名）")（\(g.title ?? "职称不明")）"
            }
            let good = groups.filter { $0.outcome == .pass }.map(shown)
            let bad = groups.filter { $0.outcome == .fail }.map(shown)
            var m = "符合条件的实名推荐专家 \(good.count) 名" + (good.isEmpty ? "" : "：\(Fmt.list(good))") + "，需 ≥\(need) 名（职称 \(Fmt.list(titles))）"
            if !bad.isEmpty { m += "；不计：\(Fmt.list(bad))" }
            if open > 0 { m += "；\(open) 名推荐人姓名或职称不明" }
            let same = groups.filter { $0.entries.count > 1 }.map { g -> String in
                let who = g.key.map { $0.hasPrefix("id:") ? (g.name.flatMap { $0.isEmpty ? nil : $0 + " " } ?? "") + "编号 " + $0.dropFirst(3) : String($0.dropFirst(5)) } ?? ""
                return "\(who)（第 \(g.entries.map { String($0 + 1) }.joined(separator: "、")) 项）"
            }
            if !same.isEmpty { m += "；同一专家列出多次，只计一名：\(Fmt.list(same))" }
            return m
        }(), read: [F.recommenders], missing: ["recommenders[].name", "recommenders[].title"])
    }
}

struct R3_3: BuildableRule, EvaluatedRule {
    static let ruleID = "R3.3"
    static let schema: [(String, RulePack.ParamType)] = [("max_per_expert", .int)]
    struct Params: Decodable, Sendable {
        var maxPerExpert: Int
        enum CodingKeys: String, CodingKey { case maxPerExpert = "max_per_expert" }
    }
    let info: RuleInfo
    let p: Params
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) { self.info = info; self.p = params }

    func evaluate(_ c: Ctx) -> RuleResult {
        let maxPer = p.maxPerExpert
        guard let list = c.list(F.recommenders) else {
            return c.result(info, .unknown, "", read: [F.recommenders], missing: ["recommenders"])
        }
        var shared: [(String, [Int], Int)] = []
        var seen: [String] = []
        for item in list {
            guard let key = expertKey(item), !seen.contains(key) else { continue }
            seen.append(key)
            // Rows are ascending (built in dataset order): count the others without a scan.
            let rows = c.index[key] ?? []
            let hasSelf = c.row.map { r in binarySearch(rows, r) } ?? false
            let othersCount = rows.count - (hasSelf ? 1 : 0)
            if othersCount > 0, othersCount + 1 > maxPer {
                if !c.explain { return c.result(info, .unknown, "") }
                shared.append((key, Array(rows.lazy.filter { $0 != c.row }.prefix(11)), othersCount))
            }
        }
        if shared.isEmpty {
            return c.result(info, .pass, "推荐专家未在本数据集中为其他申报人推荐（每位专家每年限 \(maxPer) 位）", read: [F.recommenders])
        }
        return c.result(info, .unknown, {
            shared.map { key, others, total in
                let who = key.hasPrefix("id:") ? "编号 " + key.dropFirst(3) : String(key.dropFirst(5))
                let names = others.prefix(10).map { r -> String in
                    guard let ds = c.dataset, r < ds.count else { return "#\(r)" }
                    let a = ds.applicants[r]
                    return "\(a.id) \(a.name)"
                }
                return "专家 \(who) 同时推荐了 \(Fmt.list(names))" + (total > 10 ? " 等 \(total) 人" : "")
            }.joined(separator: "；") + "（每位专家每年限举荐 \(maxPer) 位，需核实）"
        }(), read: [F.recommenders], missing: [])
    }
}
