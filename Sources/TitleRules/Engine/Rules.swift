import Foundation
import RosterData

// Each rule reads only the pack's parameters (`RuleInfo.params`) and the applicant's fields.

extension Ctx {
    // MARK: R1 申报对象 — 一

    func r1_1() -> RuleResult {
        let info = pack.info("R1.1")
        let allowed = info.strings("unit_kinds")
        guard let k = string(F.unitKind) else {
            return result(info, .unknown, "", read: [F.unitKind], missing: ["unit_kind"])
        }
        let ok = allowed.contains(k)
        return result(info, Outcome(ok), "单位性质 \(k)，" + (ok ? "属于 " : "须为 ") + Fmt.list(allowed), read: [F.unitKind])
    }

    func r1_2() -> RuleResult {
        let info = pack.info("R1.2")
        guard let b = bool(F.inPost) else { return result(info, .unknown, "", read: [F.inPost], missing: ["in_post"]) }
        return result(info, Outcome(b), b ? "在职在岗" : "不在职在岗，须为在职在岗人员", read: [F.inPost])
    }

    func r1_3(level: String) -> RuleResult {
        let info = pack.info("R1.3")
        let levels = info.strings("levels"), tiers = info.strings("unit_tiers")
        guard levels.contains(level) else {
            return result(info, .pass, "申报\(level)，不限单位层级（本条只适用于 \(Fmt.list(levels))）")
        }
        guard let t = string(F.unitTier) else { return result(info, .unknown, "", read: [F.unitTier], missing: ["unit_tier"]) }
        let ok = tiers.contains(t)
        return result(info, Outcome(ok), "申报\(level)，单位层级 \(t)，" + (ok ? "符合" : "须为 \(Fmt.list(tiers))"), read: [F.unitTier])
    }

    // MARK: R2 正常申报 — 二(一)

    func r2_1() -> RuleResult {
        let info = pack.info("R2.1")
        let read = [F.majorRelated, F.majorConverted, F.certificates]
        let related = bool(F.majorRelated), converted = bool(F.majorConverted)
        let certs = v(F.certificates)?.listValue
        if related == true { return result(info, .pass, "所学专业与从事专业一致或相近", read: read) }
        if converted == true { return result(info, .pass, "已通过脱产继续教育认定为本专业或相近专业", read: read) }
        if let c = certs, !c.isEmpty {
            return result(info, .pass, "专业不一致，但持有注册类资格证书：\(Fmt.list(c.map(Fmt.value)))", read: read)
        }
        var missing: [String] = []
        if related == nil { missing.append("major_related") }
        if converted == nil { missing.append("major_converted") }
        if certs == nil { missing.append("certificates") }
        if !missing.isEmpty { return result(info, .unknown, "专业是否对口不明", read: read, missing: missing) }
        return result(info, .fail, "所学专业与从事专业不一致或不相近，未认定转换，且无注册类资格证书 — 视为不具备规定学历", read: read)
    }

    func r2_2(level: String) -> RuleResult {
        let info = pack.info("R2.2")
        let read = [F.title, F.titleInWater]
        guard let t = string(F.title) else { return result(info, .unknown, "", read: read, missing: ["title"]) }
        let tr = pack.titleRanks[t] ?? 0, lr = pack.level(level)?.rank ?? 0
        if tr < lr { return result(info, .pass, "现职称 \(t)，申报 \(level) 为晋升", read: read) }
        let water = bool(F.titleInWater)
        switch water {
        case false?: return result(info, .pass, "现职称 \(t) 非水利专业，申报 \(level) 不受晋升限制", read: read)
        case nil: return result(info, .unknown, "现职称 \(t) 不低于申报级别 \(level)", read: read, missing: ["title_in_water"])
        default: return result(info, .fail, "现职称 \(t)（水利专业）不低于申报级别 \(level)，正常申报须为晋升高一级", read: read)
        }
    }

    struct RowEval {
        var row: TableRow
        var degreeMet: Outcome
        var req: Outcome
        var water: Outcome
        var missing: [String]
        var message: String
        var satisfied: Outcome { degreeMet.and(req).and(water) }
        var reqAndWater: Outcome { req.and(water) }
    }

    struct TableEval {
        var rows: [RowEval]
        var degreeRank: Int?
        var possibleCE: [Int]
    }

    func degreeRank() -> (rank: Int?, name: String?) {
        guard let d = string(F.degree) else { return (nil, nil) }
        return (pack.degreeRanks[d], d)
    }

    func evalRow(_ row: TableRow, rank: Int?, degreeName: String?) -> RowEval {
        var missing: [String] = []
        let degreeMet: Outcome
        if let r = rank { degreeMet = Outcome(r >= row.degreeRank) } else { degreeMet = .unknown; missing.append("degree") }
        var req: Outcome, msg: String
        var water: Outcome = .pass
        switch row.requirement {
        case .probation(let n):
            let (o, m, miss) = heldSinceLater(n, what: "见习期"); req = o; msg = m; missing += miss
        case .workHeld(let n):
            let (o, m, miss) = heldSinceLater(n, what: "从事专业工作"); req = o; msg = m; missing += miss
        case .titleHeld(let title, let n):
            let t = string(F.title), since = date(F.titleSince)
            if let t, t != title {
                req = .fail; msg = explain ? "现职称 \(t)，此行须任\(title)" : ""
            } else if let since {
                let ok = held(n, since: since)
                if t == nil, ok { req = .unknown; missing.append("title") } else { req = Outcome(ok) }
                msg = explain ? heldMessage("任\(t ?? title)", since: since, years: n) : ""
            } else {
                req = .unknown; missing.append("title_since"); if t == nil { missing.append("title") }
                msg = explain ? "任\(title)时间不明" : ""
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
                msg = explain ? (w <= C ? "从事专业工作（\(w) 起）" : "从事专业工作起于 \(w)，晚于截止日 \(C)") : ""
            } else { req = .unknown; missing.append("work_started"); msg = explain ? "从事专业工作时间不明" : "" }
        }
        if explain {
            let deg = rank.map { r in "学历 \(degreeName ?? "")（等级 \(r)）" + (r >= row.degreeRank ? "达到" : "未达") + "此行要求（≥\(row.degreeRank)）" }
                ?? "学历不明"
            msg = deg + "；" + msg
        }
        return RowEval(row: row, degreeMet: degreeMet, req: req, water: water, missing: missing, message: msg)
    }

    func evalTable(level: String) -> TableEval {
        let (rank, name) = degreeRank()
        let rows = pack.rows(for: level).map { evalRow($0, rank: rank, degreeName: name) }
        return TableEval(rows: rows, degreeRank: rank, possibleCE: possibleCEYears(rows, rank: rank))
    }

    /// The R2.3 reading: CE years of the satisfied row with the fewest; when none is satisfied,
    /// of the degree-met row with the fewest; when none is met, the fallback. Returns every
    /// value still possible over the unknowns (degree rank, and each row's requirement).
    func possibleCEYears(_ rows: [RowEval], rank: Int?) -> [Int] {
        let fallback = pack.info("R2.3").int("fallback_ce_years")
        // An unknown degree may be any ranked degree, or none of them (rank 0: no row's degree met).
        let ranks: [Int] = rank.map { [$0] } ?? Array(Set(pack.degreeRanks.values).union([0])).sorted()
        let open = rows.indices.filter { rows[$0].reqAndWater == .unknown }
        var out = Set<Int>()
        for r in ranks {
            for mask in 0..<(1 << open.count) {
                var sat = Int.max, met = Int.max
                for (i, row) in rows.enumerated() {
                    let degreeOK = r >= row.row.degreeRank
                    if degreeOK { met = min(met, row.row.ceYears) }
                    let reqOK: Bool
                    if let j = open.firstIndex(of: i) { reqOK = mask & (1 << j) != 0 } else { reqOK = row.reqAndWater == .pass }
                    if degreeOK, reqOK { sat = min(sat, row.row.ceYears) }
                }
                out.insert(sat != .max ? sat : met != .max ? met : fallback)
            }
        }
        return out.sorted()
    }

    func r2_3(level: String, _ t: TableEval) -> RuleResult {
        let info = pack.info("R2.3")
        let read = [F.degree, F.graduatedOn, F.workStarted, F.title, F.titleSince, F.titleInWater]
        if t.rows.isEmpty { return result(info, .fail, "\(level) 无正常申报条件行", read: read) }
        let reqs = t.rows.map { $0.degreeMet.and($0.req) }
        let o = Outcome.any(reqs)
        let missing = o == .unknown ? uniq(t.rows.filter { $0.degreeMet.and($0.req) == .unknown }.flatMap(\.missing)) : []
        return result(info, o, {
            if let i = reqs.firstIndex(of: .pass) {
                return "满足 \(t.rows[i].row.id)（\(t.rows[i].row.clauseText.replacingOccurrences(of: "\t", with: " "))）：\(t.rows[i].message)"
            }
            let lines = t.rows.map { "\($0.row.id) \($0.degreeMet.and($0.req).label)：\($0.message)" }
            return (o == .fail ? "\(level) 各行均不满足：" : "\(level) 各行未定：") + lines.joined(separator: "；")
        }(), read: read, missing: missing)
    }

    func r2_4(_ t: TableEval) -> RuleResult {
        let info = pack.info("R2.4")
        let read = [F.title, F.titleInWater]
        let water = bool(F.titleInWater)
        if water == true { return result(info, .pass, "现职称为水利专业", read: read) }
        let nonTitle = Outcome.any(t.rows.filter { !$0.row.restsOnTitle }.map { $0.degreeMet.and($0.req) })
        let titleRows = Outcome.any(t.rows.filter { $0.row.restsOnTitle }.map { $0.degreeMet.and($0.req) })
        let o = nonTitle.or(titleRows.negated)
        if water == nil {
            return result(info, o == .pass ? .pass : .unknown, "现职称是否水利专业不明", read: read,
                          missing: ["title_in_water"])
        }
        return result(info, o, {
            switch o {
            case .pass: return nonTitle == .pass ? "现职称非水利专业，但满足不依托职称的行" : "现职称非水利专业；未依托现职称申报"
            case .fail: return "现职称非水利专业，不能依托其任职年限（\(t.rows.filter { $0.row.restsOnTitle }.map(\.row.id).joined(separator: "、"))），须先转评"
            case .unknown: return "现职称非水利专业，是否依托其任职年限未定"
            }
        }(), read: read, missing: Array(Set(t.rows.flatMap(\.missing))).sorted())
    }

    // MARK: R3 自评分（推荐）申报 — 二(二)

    func r3_1(level: String) -> RuleResult {
        let info = pack.info("R3.1")
        if let min = info.intByLevel("self_score_min")[level] {
            guard let s = v(F.selfScore)?.numberValue else {
                return result(info, .unknown, "", read: [F.selfScore], missing: ["self_score"])
            }
            let ok = s >= Double(min)
            return result(info, Outcome(ok), "自评分 \(Fmt.number(s))，需 ≥\(min)" + (ok ? "" : " — 差 \(Fmt.number(Double(min) - s)) 分"),
                          read: [F.selfScore])
        }
        if info.strings("long_term_water_work_levels").contains(level) {
            guard let b = bool(F.longTermWaterWork) else {
                return result(info, .unknown, "", read: [F.longTermWaterWork], missing: ["long_term_water_work"])
            }
            return result(info, Outcome(b), b ? "长期从事水利工程专业" : "未长期从事水利工程专业，不能按此方式申报\(level)",
                          read: [F.longTermWaterWork])
        }
        return result(info, .fail, "\(level) 无自评分（推荐）申报方式")
    }

    func r3_2() -> RuleResult {
        let info = pack.info("R3.2")
        let need = info.int("min_recommenders"), titles = info.strings("titles")
        guard let list = v(F.recommenders)?.listValue else {
            return result(info, .unknown, "", read: [F.recommenders], missing: ["recommenders"])
        }
        let groups = Ctx.expertGroups(list, titles: titles)
        let o = Ctx.r3_2Outcome(groups, need: need)
        return result(info, o, {
            func shown(_ g: ExpertGroup) -> String {
                "\(g.name.flatMap { $0.isEmpty ? nil : $0 } ?? "（无姓名）")（\(g.title ?? "职称不明")）"
            }
            let good = groups.filter { $0.outcome == .pass }.map(shown)
            let bad = groups.filter { $0.outcome == .fail }.map(shown)
            let open = groups.filter { $0.outcome == .unknown }.count
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

    /// R3.2's experts: the recommenders grouped by identity (`expertKey`: `id` when given, else the
    /// trimmed name). An entry without either (no id, no name) is its own group.
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

    static func expertGroups(_ list: [Value], titles: [String]) -> [ExpertGroup] {
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

    /// At least `need` distinct experts count: pass; could still reach it over the unknowns: unknown.
    static func r3_2Outcome(_ groups: [ExpertGroup], need: Int) -> Outcome {
        var good = 0, open = 0
        for g in groups { if g.outcome == .pass { good += 1 } else if g.outcome == .unknown { open += 1 } }
        return good >= need ? .pass : good + open >= need ? .unknown : .fail
    }

    /// An expert's identity: `id` when given, else the trimmed name.
    static func expertKey(_ item: Value) -> String? {
        guard let r = item.objectValue else { return nil }
        if let id = r["id"]?.stringValue.map(trimmedBlanks), !id.isEmpty { return "id:" + id }
        if let n = r["name"]?.stringValue.map(trimmedBlanks), !n.isEmpty { return "name:" + n }
        return nil
    }

    func r3_3(row: Int?, dataset: Dataset?, index: [String: [Int]]) -> RuleResult {
        let info = pack.info("R3.3")
        let maxPer = info.int("max_per_expert")
        guard let list = v(F.recommenders)?.listValue else {
            return result(info, .unknown, "", read: [F.recommenders], missing: ["recommenders"])
        }
        var shared: [(String, [Int], Int)] = []
        var seen = Set<String>()
        for item in list {
            guard let key = Ctx.expertKey(item), seen.insert(key).inserted else { continue }
            // Rows are ascending (built in dataset order): count the others without a scan.
            let rows = index[key] ?? []
            let hasSelf = row.map { r in binarySearch(rows, r) } ?? false
            let othersCount = rows.count - (hasSelf ? 1 : 0)
            if othersCount > 0, othersCount + 1 > maxPer {
                shared.append((key, explain ? Array(rows.lazy.filter { $0 != row }.prefix(11)) : [], othersCount))
            }
        }
        if shared.isEmpty {
            return result(info, .pass, "推荐专家未在本数据集中为其他申报人推荐（每位专家每年限 \(maxPer) 位）", read: [F.recommenders])
        }
        return result(info, .unknown, {
            shared.map { key, others, total in
                let who = key.hasPrefix("id:") ? "编号 " + key.dropFirst(3) : String(key.dropFirst(5))
                let names = others.prefix(10).map { r -> String in
                    guard let ds = dataset, r < ds.count else { return "#\(r)" }
                    let a = ds.applicants[r]
                    return "\(a.id) \(a.name)"
                }
                return "专家 \(who) 同时推荐了 \(Fmt.list(names))" + (total > 10 ? " 等 \(total) 人" : "")
            }.joined(separator: "；") + "（每位专家每年限举荐 \(maxPer) 位，需核实）"
        }(), read: [F.recommenders], missing: [])
    }

    // MARK: R4 高技能人才申报 — 二(三)

    func r4(level: String) -> RuleResult {
        let info = pack.info("R4")
        let read = [F.skillGrade, F.skillSince, F.honors]
        guard case .skillByLevel(let m)? = info.param("by_level"), let req = m.first(where: { $0.0 == level })?.1 else {
            return result(info, .fail, "\(level) 无高技能人才申报方式")
        }
        let allowed = req.honorLists.flatMap { pack.honorLists[$0]?.names ?? [] }
        let honors = (v(F.honors)?.listValue ?? []).compactMap { $0.stringValue?.trimmingCharacters(in: .whitespaces) }
        if let h = honors.first(where: { allowed.contains($0) }) {
            return result(info, .pass, "荣誉 \(h) 属于可申报\(level)的荣誉（\(req.honorLists.joined(separator: "、"))）", read: read)
        }
        let honorNote = honors.isEmpty ? "无所列荣誉" : "荣誉 \(Fmt.list(honors)) 不在所列荣誉中"
        let minRank = pack.skillRanks[req.minSkill] ?? 0
        guard let g = string(F.skillGrade) else {
            return result(info, .unknown, honorNote, read: read, missing: ["skill_grade"])
        }
        let rank = pack.skillRanks[g] ?? 0
        if rank < minRank {
            return result(info, .fail, "职业技能等级 \(g)，需 \(req.minSkill) 及以上；\(honorNote)", read: read)
        }
        guard let since = date(F.skillSince) else {
            return result(info, .unknown, "职业技能等级 \(g)；\(honorNote)", read: read, missing: ["skill_since"])
        }
        let ok = held(req.years, since: since)
        return result(info, Outcome(ok), heldMessage("取得\(g)", since: since, years: req.years) + (ok ? "" : "；\(honorNote)"), read: read)
    }

    // MARK: R5 机关调出人员申报 — 二(四)

    func r5_1() -> RuleResult {
        let info = pack.info("R5.1")
        let lo = info.int("min_years"), hi = info.int("max_years")
        guard let d = date(F.leftAgencyOn) else {
            return result(info, .unknown, "", read: [F.leftAgencyOn], missing: ["left_agency_on"])
        }
        let enough = held(lo, since: d)
        let within = C <= d.adding(years: hi)
        let o = Outcome(enough && within)
        return result(info, o, {
            if !enough { return heldMessage("调出机关", since: d, years: lo) }
            if !within { return "调出机关于 \(d)，截至 \(C) 已超过 \(hi) 年（须在 \(d.adding(years: hi)) 前）" }
            return heldMessage("调出机关", since: d, years: lo) + "，且在 \(hi) 年内"
        }(), read: [F.leftAgencyOn])
    }

    func r5_2(_ r2: [RuleResult]) -> RuleResult {
        let info = pack.info("R5.2")
        let o = Outcome.all(r2.map(\.outcome))
        let missing = o == .unknown ? uniq(r2.filter { $0.outcome == .unknown }.flatMap(\.missing)) : []
        return result(info, o, "按正常申报条件审核（机关工作年限计入 work_started）：" +
                      r2.map { "\($0.id) \($0.outcome.label)" }.joined(separator: "，"), missing: missing)
    }

    // MARK: R6 转评申报 — 二(五)

    func r6_1(level: String) -> RuleResult {
        let info = pack.info("R6.1")
        guard let t = string(F.title) else { return result(info, .unknown, "", read: [F.title], missing: ["title"]) }
        if pack.titleRanks[t] == 0 { return result(info, .fail, "无现职称，不能转评", read: [F.title]) }
        return result(info, Outcome(t == level), t == level ? "现职称 \(t)，转评同级" : "现职称 \(t)，转评只能申报相同级别（\(t)），不能申报 \(level)",
                      read: [F.title])
    }

    func r6_2() -> RuleResult {
        let info = pack.info("R6.2")
        let n = info.int("min_years")
        guard let d = date(F.currentPostSince) else {
            return result(info, .unknown, "", read: [F.currentPostSince], missing: ["current_post_since"])
        }
        return result(info, Outcome(held(n, since: d)), heldMessage("现岗位工作", since: d, years: n), read: [F.currentPostSince])
    }

    // MARK: R7 继续教育 — 三(三)

    func r7(years n: Int) -> (Outcome, String, [String]) {
        let info = pack.info("R7")
        let pubMin = Double(info.int("public_min")), proMin = Double(info.int("professional_min")), totMin = Double(info.int("total_min"))
        guard let list = v(F.continuingEducation)?.listValue else { return (.unknown, "", ["continuing_education"]) }
        let first = Y - n + 1
        var outcomes: [Outcome] = []
        var notes: [String] = []
        var missing: [String] = []
        let need = "需 ≥\(Fmt.number(totMin))（公需 ≥\(Fmt.number(pubMin))、专业 ≥\(Fmt.number(proMin))）"
        for year in stride(from: first, through: Y, by: 1) {
            let recs = list.compactMap { $0.objectValue }.filter { $0["year"]?.intValue == year }
            if recs.isEmpty {
                outcomes.append(.fail)
                if explain { notes.append("缺少 \(year) 年继续教育记录") }
                continue
            }
            var yearOutcomes: [Outcome] = []
            var yearNotes: [String] = []
            for r in recs {
                let pub = Ctx.number(r, "public"), pro = Ctx.number(r, "professional"), oth = Ctx.number(r, "other")
                let pubOK: Outcome = pub.map { Outcome($0 >= pubMin) } ?? .unknown
                let proOK: Outcome = pro.map { Outcome($0 >= proMin) } ?? .unknown
                let knownSum = (pub ?? 0) + (pro ?? 0) + (oth ?? 0)
                let totOK: Outcome = (pub != nil && pro != nil && oth != nil) ? Outcome(knownSum >= totMin)
                    : (knownSum >= totMin ? .pass : .unknown)
                let o = Outcome.all([pubOK, proOK, totOK])
                yearOutcomes.append(o)
                if o == .unknown {
                    if pub == nil { missing.append("continuing_education[].public") }
                    if pro == nil { missing.append("continuing_education[].professional") }
                    if oth == nil { missing.append("continuing_education[].other") }
                }
                if explain {
                    let s = { (x: Double?) in x.map(Fmt.number) ?? "?" }
                    var parts = "公需 \(s(pub)) / 专业 \(s(pro))"
                    if oth == nil || oth! != 0 { parts += " / 其他 \(s(oth))" }
                    let total = (pub != nil && pro != nil && oth != nil) ? Fmt.number(knownSum) : "≥" + Fmt.number(knownSum)
                    yearNotes.append("\(year) 年继续教育 \(total) 学时（\(parts)），\(need)")
                }
            }
            let yo = Outcome.any(yearOutcomes)
            outcomes.append(yo)
            if explain, yo != .pass { notes.append(contentsOf: yearNotes) }
        }
        let o = Outcome.all(outcomes)
        let msg = explain ? (o == .pass ? "\(first)–\(Y) 年（近 \(n) 年）继续教育每年均达标（\(need)）"
                             : "近 \(n) 年（\(first)–\(Y)）：" + notes.joined(separator: "；")) : ""
        return (o, msg, uniq(missing))
    }

    func r7Result(possible: [Int], tableMissing: [String]) -> RuleResult {
        let info = pack.info("R7")
        let read = [F.continuingEducation]
        if possible.count == 1 {
            let (o, m, miss) = r7(years: possible[0])
            return result(info, o, m, read: read, missing: miss)
        }
        let evals = possible.map { ($0, r7(years: $0)) }
        let outcomes = Set(evals.map { $0.1.0 })
        let ys = possible.map(String.init).joined(separator: "、")
        if outcomes.count == 1, let o = outcomes.first, o != .unknown {
            return result(info, o, "继续教育年限可能为 \(ys) 年，结果相同：" + evals.last!.1.1, read: read)
        }
        let missing = uniq(evals.flatMap { e -> [String] in e.1.2 } + tableMissing)
        return result(info, .unknown, "继续教育年限未定（可能为 \(ys) 年）：" +
                      evals.map { "按 \($0.0) 年\($0.1.0.label)" }.joined(separator: "，"), read: read, missing: missing)
    }

    // MARK: R8 年度考核 — 三(四)

    func r8(years n: Int) -> RuleResult {
        let info = pack.info("R8")
        let good = info.strings("good_results")
        let read = [F.assessments, F.workStarted]
        guard let list = v(F.assessments)?.listValue else {
            return result(info, .unknown, "", read: read, missing: ["assessments"])
        }
        let ws = date(F.workStarted)
        let lo = max(Y - n, ws?.year ?? (Y - n)), hi = Y - 1
        if lo > hi { return result(info, .pass, "参加工作于 \(ws!)，无需提供 \(Y) 年以前的年度考核", read: read) }
        var outcomes: [Outcome] = []
        var notes: [String] = []
        for year in lo...hi {
            let recs = list.compactMap { $0.objectValue }.filter { $0["year"]?.intValue == year }
            let results = recs.map { $0["result"]?.stringValue }
            let o: Outcome = results.contains { $0 != nil && good.contains($0!) } ? .pass : results.contains { $0 == nil } ? .unknown : .fail
            outcomes.append(o)
            if explain, o != .pass {
                notes.append(recs.isEmpty ? "缺少 \(year) 年度考核" : "\(year) 年度考核 \(results.map { $0 ?? "不明" }.joined(separator: "/"))")
            }
        }
        var o = Outcome.all(outcomes)
        var missing = o == .unknown ? ["assessments[].result"] : []
        if ws == nil, o == .fail { o = .unknown; missing.append("work_started") }
        let span = "\(lo)–\(hi) 年"
        return result(info, o, o == .pass ? "\(span)年度考核均为 \(Fmt.list(good)) 之一"
                      : "\(span)（近 \(n) 年）须为 \(Fmt.list(good))：" + notes.joined(separator: "；") + (ws == nil ? "（参加工作时间不明，考核起始年度未定）" : ""),
                      read: read, missing: missing)
    }

    // MARK: R9–R12 — 三

    func r9() -> RuleResult {
        let info = pack.info("R9")
        let read = [F.socialInsurance, F.socialInsuranceProof]
        guard let s = string(F.socialInsurance) else { return result(info, .unknown, "", read: read, missing: ["social_insurance"]) }
        guard info.strings("needs_proof").contains(s) else { return result(info, .pass, "社保缴纳地 \(s)，无需凭据", read: read) }
        guard let p = bool(F.socialInsuranceProof) else {
            return result(info, .unknown, "社保缴纳地 \(s)", read: read, missing: ["social_insurance_proof"])
        }
        return result(info, Outcome(p), p ? "社保缴纳地 \(s)，已上传凭据" : "社保缴纳地 \(s)，未上传省外社保凭据", read: read)
    }

    func r10() -> RuleResult {
        let info = pack.info("R10")
        let before = info.date("before")!
        let read = [F.graduatedOn, F.diplomaUploaded]
        guard let g = date(F.graduatedOn) else { return result(info, .unknown, "", read: read, missing: ["graduated_on"]) }
        if g >= before { return result(info, .pass, "毕业于 \(g)，学历可自动提取", read: read) }
        guard let u = bool(F.diplomaUploaded) else {
            return result(info, .unknown, "毕业于 \(g)", read: read, missing: ["diploma_uploaded"])
        }
        return result(info, Outcome(u), "毕业于 \(g)（早于 \(before)），" + (u ? "已上传学历证明" : "须上传学历学位证书等证明"), read: read)
    }

    func r11() -> RuleResult {
        let info = pack.info("R11")
        let origins = info.strings("origins")
        let read = [F.title, F.titleOrigin, F.titleRecognized]
        let t = string(F.title), origin = string(F.titleOrigin), rec = bool(F.titleRecognized)
        if let t, pack.titleRanks[t] == 0 { return result(info, .pass, "无现职称，无需认定", read: read) }
        if let origin, !origins.contains(origin) { return result(info, .pass, "职称取得地 \(origin)，无需认定", read: read) }
        if rec == true { return result(info, .pass, "职称取得地 \(origin ?? "不明")，已认定", read: read) }
        var missing: [String] = []
        if t == nil { missing.append("title") }
        if origin == nil { missing.append("title_origin") }
        if rec == nil { missing.append("title_recognized") }
        if !missing.isEmpty { return result(info, .unknown, "职称取得地 \(origin ?? "不明")", read: read, missing: missing) }
        return result(info, .fail, "现职称 \(t!) 取得于\(origin!)，未在申报管理平台办理职称认定", read: read)
    }

    func r12() -> RuleResult {
        let info = pack.info("R12")
        let read = [F.unitKind, F.postVacancy, F.unitSuspended]
        let kind = string(F.unitKind)
        if let kind, !info.strings("unit_kinds").contains(kind) { return result(info, .pass, "\(kind)，不适用评聘结合", read: read) }
        let vac = bool(F.postVacancy), sus = bool(F.unitSuspended)
        let o = Outcome.all([vac.map(Outcome.init) ?? .unknown, sus.map { Outcome(!$0) } ?? .unknown])
        if kind == nil, o != .pass {
            // Only a 事业单位 needs it: unknown unless it fails for every kind — it cannot.
            return result(info, .unknown, "", read: read, missing: ["unit_kind"] + (vac == nil ? ["post_vacancy"] : []))
        }
        var missing: [String] = []
        if vac == nil { missing.append("post_vacancy") }
        if sus == nil { missing.append("unit_suspended") }
        return result(info, o, {
            var parts: [String] = []
            parts.append(vac == true ? "有空缺岗位" : vac == false ? "无空缺岗位（须在核定岗位结构比例内）" : "岗位空缺不明")
            if sus == true { parts.append("单位暂停申报") }
            return "\(kind ?? "单位性质不明")：" + parts.joined(separator: "，")
        }(), read: read, missing: missing)
    }

    // MARK: R13 业绩, R14 纪律 — 五

    func r13_1() -> RuleResult {
        let info = pack.info("R13.1")
        let n = info.int("min_items")
        guard let list = v(F.performance)?.listValue else {
            return result(info, .unknown, "", read: [F.performance], missing: ["performance"])
        }
        return result(info, Outcome(list.count >= n), "代表性业绩 \(list.count) 项，需 ≥\(n) 项", read: [F.performance])
    }

    func r13_2() -> RuleResult {
        let info = pack.info("R13.2")
        let read = [F.previousApplicationYear, F.performance]
        guard let prev = v(F.previousApplicationYear) else {
            return result(info, .unknown, "", read: read, missing: ["previous_application_year"])
        }
        guard let py = prev.intValue else { return result(info, .pass, "首次申报", read: read) }
        guard let list = v(F.performance)?.listValue else {
            return result(info, .unknown, "再次申报（上次 \(py) 年）", read: read, missing: ["performance"])
        }
        let flags = list.map { $0.objectValue?["new"]?.boolValue }
        let o: Outcome = flags.contains(true) ? .pass : flags.contains(nil) ? .unknown : .fail
        return result(info, o, "再次申报（上次 \(py) 年），新增业绩 \(flags.filter { $0 == true }.count) 项" + (o == .fail ? "，不得凭借相同业绩重复申报" : ""),
                      read: read, missing: ["performance[].new"])
    }

    func r14_1() -> RuleResult {
        let info = pack.info("R14.1")
        guard let b = bool(F.underDiscipline) else {
            return result(info, .unknown, "", read: [F.underDiscipline], missing: ["under_discipline"])
        }
        return result(info, Outcome(!b), b ? "仍在处理、处罚、处分期内" : "不在处分期内", read: [F.underDiscipline])
    }

    func r14_2() -> RuleResult {
        let info = pack.info("R14.2")
        let ban = info.int("ban_years")
        guard let fv = v(F.fraudYear) else { return result(info, .unknown, "", read: [F.fraudYear], missing: ["fraud_year"]) }
        guard let f = fv.intValue else { return result(info, .pass, "无弄虚作假记录", read: [F.fraudYear]) }
        let banned = f + 1 <= Y && Y <= f + ban
        return result(info, Outcome(!banned), banned ? "\(f) 年弄虚作假，\(f + 1)–\(f + ban) 年不得申报（本年 \(Y)）"
                      : "\(f) 年弄虚作假，禁申期 \(f + 1)–\(f + ban) 年，本年 \(Y) 不在其内", read: [F.fraudYear])
    }

    // MARK: M1–M4 材料

    func m1() -> RuleResult {
        let info = pack.info("M1")
        let n = info.int("max_items")
        guard let list = v(F.performance)?.listValue else {
            return result(info, .unknown, "", read: [F.performance], missing: ["performance"])
        }
        return result(info, Outcome(list.count <= n), list.count <= n ? "业绩 \(list.count) 项，不超过 \(n) 项"
                      : "业绩 \(list.count) 项，超过 \(n) 项：只计前 \(n) 项，第 \(n + 1)–\(list.count) 项无效", read: [F.performance])
    }

    func m2() -> RuleResult {
        let info = pack.info("M2")
        guard let list = v(F.performance)?.listValue else {
            return result(info, .unknown, "", read: [F.performance], missing: ["performance"])
        }
        var fails: [String] = [], open: [String] = []
        for (i, item) in list.enumerated() {
            let r = item.objectValue ?? Record()
            let coll = r["collective"]?.boolValue, proof = r["contributor_proof"]?.boolValue
            let needs: Outcome = (coll.map(Outcome.init) ?? .unknown).and(proof.map { Outcome(!$0) } ?? .unknown)
            let name = "第 \(i + 1) 项" + (r["title"]?.stringValue.map { "《\($0)》" } ?? "")
            if needs == .pass { fails.append(name) } else if needs == .unknown { open.append(name) }
        }
        let o: Outcome = !fails.isEmpty ? .fail : !open.isEmpty ? .unknown : .pass
        return result(info, o, {
            if !fails.isEmpty { return "集体项目缺少本人系主要贡献者的证明：\(Fmt.list(fails))" }
            if !open.isEmpty { return "是否集体项目或有无贡献证明不明：\(Fmt.list(open))" }
            return "集体项目均有贡献证明（或无集体项目）"
        }(), read: [F.performance], missing: ["performance[].collective", "performance[].contributor_proof"])
    }

    func m3() -> RuleResult {
        let info = pack.info("M3")
        let n = info.int("max_chars")
        guard let s = string(F.selfStatement) else {
            return result(info, .unknown, "", read: [F.selfStatement], missing: ["self_statement"])
        }
        let count = s.unicodeScalars.count
        return result(info, Outcome(count <= n), "本人述职 \(count) 字，需 ≤\(n) 字" + (count > n ? " — 超出 \(count - n) 字" : ""),
                      read: [F.selfStatement])
    }

    func m4() -> RuleResult {
        let info = pack.info("M4")
        guard let pv = v(F.photo) else { return result(info, .unknown, "", read: [F.photo], missing: ["photo"]) }
        guard let p = pv.objectValue else { return result(info, .pass, "未重新上传证件照（使用身份证照片）", read: [F.photo]) }
        let formats = info.strings("formats")
        let bAbove = info.int("bytes_above"), bBelow = info.int("bytes_below")
        let wAbove = info.int("width_above"), hAbove = info.int("height_above")
        let rMin = info.ratio("ratio_min")!, rMax = info.ratio("ratio_max")!
        var checks: [Outcome] = [], notes: [String] = [], missing: [String] = []
        if let f = p["format"]?.stringValue {
            let ok = formats.contains { $0.uppercased() == f.trimmingCharacters(in: .whitespaces).uppercased() }
            checks.append(Outcome(ok)); if !ok { notes.append("格式 \(f)，须为 \(formats.joined(separator: " 或 "))") }
        } else { checks.append(.unknown); missing.append("photo.format") }
        if let b = p["bytes"]?.intValue {
            let ok = b > bAbove && b < bBelow
            checks.append(Outcome(ok)); if !ok { notes.append("文件 \(b) 字节，须大于 \(bAbove) 且小于 \(bBelow)") }
        } else { checks.append(.unknown); missing.append("photo.bytes") }
        let w = p["width"]?.intValue, h = p["height"]?.intValue
        if let w { let ok = w > wAbove; checks.append(Outcome(ok)); if !ok { notes.append("宽 \(w) 像素，须大于 \(wAbove)") } }
        else { checks.append(.unknown); missing.append("photo.width") }
        if let h { let ok = h > hAbove; checks.append(Outcome(ok)); if !ok { notes.append("高 \(h) 像素，须大于 \(hAbove)") } }
        else { checks.append(.unknown); missing.append("photo.height") }
        if let w, let h, h > 0 {
            let ok = rMin.isAtMost(w, over: h) && rMax.isAtLeast(w, over: h)
            checks.append(Outcome(ok))
            if !ok { notes.append("宽高比 \(w)/\(h) = \(String(format: "%.4f", Double(w) / Double(h)))，须在 \(rMin)–\(rMax) 之间（含）") }
        } else if w != nil, h != nil { checks.append(.fail); notes.append("高为 0") }
        let o = Outcome.all(checks)
        return result(info, o, o == .pass ? "证件照 \(p["format"].map(Fmt.value) ?? "") \(w ?? 0)×\(h ?? 0)，\(p["bytes"].map(Fmt.value) ?? "") 字节，符合要求"
                      : notes.joined(separator: "；"), read: [F.photo], missing: missing)
    }

    // MARK: P4, P5

    func p4(_ cal: WorkingCalendar) -> RuleResult {
        let info = pack.info("P4")
        let n = info.int("min_working_days")
        let read = [F.publicityStart, F.publicityEnd, F.unitReviewedOn]
        let s = date(F.publicityStart), e = date(F.publicityEnd), r = date(F.unitReviewedOn)
        var missing: [String] = []
        if s == nil { missing.append("publicity_start") }
        if e == nil { missing.append("publicity_end") }
        if r == nil { missing.append("unit_reviewed_on") }
        var checks: [Outcome] = []
        var notes: [String] = []
        if let s, let e {
            let days = cal.workingDays(from: s, through: e)
            checks.append(Outcome(s <= e && days >= n))
            notes.append(s > e ? "公示开始 \(s) 晚于结束 \(e)" : "公示 \(s) 至 \(e) 共 \(days) 个工作日，需 ≥\(n)" + (days < n ? " — 差 \(n - days) 个工作日" : ""))
        } else { checks.append(.unknown) }
        if let e, let r {
            checks.append(Outcome(e <= r))
            if e > r { notes.append("公示结束 \(e) 晚于单位审核 \(r)") }
        } else { checks.append(.unknown) }
        let o = Outcome.all(checks)
        if o == .pass, let r { notes.append("在单位审核（\(r)）前结束") }
        return result(info, o, notes.joined(separator: "；"), read: read, missing: missing)
    }

    func p5() -> RuleResult {
        let info = pack.info("P5")
        guard let b = bool(F.feePaid) else { return result(info, .unknown, "", read: [F.feePaid], missing: ["fee_paid"]) }
        return result(info, Outcome(b), b ? "已缴费" : "未缴费", read: [F.feePaid])
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
