import Foundation
import RosterData
import ShellLang
import Yams

/// One problem in a rule pack: where (the YAML path, and line:column when the YAML library
/// gives it) and what, in Chinese.
public struct PackProblem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path; self.line = line; self.column = column; self.message = message
    }

    /// `12:5: fees.by_level.工程师.review: 须为非负整数，实为 “abc”`.
    public var description: String {
        let loc = line.map { l in column.map { "\(l):\($0): " } ?? "\(l): " } ?? ""
        return loc + (path.isEmpty ? "" : path + ": ") + message
    }
}

/// `rules check FILE`: validates a pack and reports every problem, not only the first as
/// loading does. The pack's shape (every key, required or optional, and its type) is walked
/// in full; then the cross-references (levels, titles, rules, routes, honour lists), the
/// rule registry against the pack's rules, dates and the table rows. A pack with none of
/// these problems is then loaded, so anything only the loader checks is reported too:
/// `check` finds no problem exactly when `rules pack FILE` accepts the pack.
public enum PackCheck {
    /// The problems of a pack's text, in file order (structure first, then cross-references).
    public static func problems(yaml: String) -> [PackProblem] {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml, .basic, .default, .utf8) } catch {
            return [PackProblem(path: "", message: "YAML 语法错误：\(error)")]
        }
        guard let root else { return [PackProblem(path: "", message: "规则包为空")] }
        var c = Checker()
        c.pack(root)
        if !c.problems.isEmpty {
            // In file order; problems without a place (none today) last.
            return c.problems.enumerated().sorted { a, b in
                let x = (a.element.line ?? .max, a.element.column ?? .max, a.offset), y = (b.element.line ?? .max, b.element.column ?? .max, b.offset)
                return x < y
            }.map(\.element)
        }
        do { _ = try RulePack(yaml: yaml) } catch let e as RulePackError {
            return [PackProblem(path: e.path, line: e.line, column: e.column, message: e.message)]
        } catch {
            return [PackProblem(path: "", message: "\(error)")]
        }
        return []
    }

    /// The problems of a pack file (one problem if it cannot be read).
    public static func problems(path: String) -> [PackProblem] {
        guard let data = FileManager.default.contents(atPath: path) else {
            return [PackProblem(path: "", message: "无法读取文件")]
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return [PackProblem(path: "", message: "文件不是有效的 UTF-8 文本")]
        }
        return problems(yaml: text)
    }

    /// The closest candidates to a misspelt word (edit distance at most a third of its length, at least 1).
    static func didYouMean(_ word: String, among candidates: [String]) -> String? {
        let w = Array(word)
        let scored = candidates.map { ($0, ShellLang.editDistance(w, Array($0))) }.filter { $0.1 <= max(1, w.count / 3) }
        return scored.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }?.0
    }
}

/// Walks a pack node by node, recording every problem and carrying on.
private struct Checker {
    var problems: [PackProblem] = []

    /// A node and its YAML path.
    struct At {
        let node: Node
        let path: String
        func sub(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
        func item(_ i: Int) -> String { path + "[\(i)]" }
    }

    mutating func problem(_ at: At, _ message: String) { problem(at.node, at.path, message) }
    mutating func problem(_ node: Node?, _ path: String, _ message: String) {
        problems.append(PackProblem(path: path, line: node?.mark?.line, column: node?.mark?.column, message: message))
    }

    // MARK: shapes

    static func shown(_ n: Node) -> String {
        switch n {
        case .scalar(let s): return " “\(s.string)”"
        case .mapping: return "映射"
        case .sequence: return "列表"
        case .alias: return "别名"
        }
    }

    static func isNull(_ n: Node) -> Bool {
        if case .scalar(let s) = n { return s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string) }
        return false
    }

    /// A mapping with these keys: reports unknown keys (with the closest known one), missing
    /// required keys and duplicates; returns the entries present.
    @discardableResult
    mutating func keys(_ at: At, required: [String], optional: [String] = []) -> [String: At] {
        guard case .mapping(let m) = at.node else { problem(at, "须为映射（key: value），实为\(Self.shown(at.node))"); return [:] }
        var out: [String: At] = [:]
        let allowed = required + optional
        let present = Set(m.compactMap { $0.key.string })
        var suggested = Set<String>()
        for (k, v) in m {
            guard let key = k.string else { problem(k, at.path, "键须为文字"); continue }
            let child = At(node: v, path: at.sub(key))
            if out[key] != nil { problem(k, child.path, "键重复"); continue }
            guard allowed.contains(key) else {
                let guess = PackCheck.didYouMean(key, among: allowed.filter { !present.contains($0) })
                if let guess { suggested.insert(guess) }
                let absent = allowed.filter { !present.contains($0) }
                problem(k, child.path, "未知的键" + (guess.map { "，您是否要写 “\($0)”？" }
                    ?? (absent.isEmpty ? "（可用：\(allowed.joined(separator: ", "))）" : "（尚未写出的键：\(absent.joined(separator: ", "))）")))
                continue
            }
            out[key] = child
        }
        // A missing key the misspelt one is taken for is that one problem, not two.
        for r in required where out[r] == nil && !suggested.contains(r) { problem(at, "缺少键 “\(r)”") }
        return out
    }

    /// A mapping with any keys (`title_ranks`, `fees.by_level`): its entries in file order.
    mutating func entries(_ at: At) -> [(String, At, Node)] {
        guard case .mapping(let m) = at.node else { problem(at, "须为映射（key: value），实为\(Self.shown(at.node))"); return [] }
        var out: [(String, At, Node)] = []
        var seen = Set<String>()
        for (k, v) in m {
            guard let key = k.string else { problem(k, at.path, "键须为文字"); continue }
            guard seen.insert(key).inserted else { problem(k, at.sub(key), "键重复"); continue }
            out.append((key, At(node: v, path: at.sub(key)), k))
        }
        return out
    }

    mutating func items(_ at: At) -> [At] {
        guard case .sequence(let s) = at.node else { problem(at, "须为列表，实为\(Self.shown(at.node))"); return [] }
        return s.enumerated().map { At(node: $0.element, path: at.item($0.offset)) }
    }

    @discardableResult
    mutating func string(_ at: At?) -> String? {
        guard let at else { return nil }
        guard case .scalar(let s) = at.node, !Self.isNull(at.node) else { problem(at, "须为文字，实为\(Self.shown(at.node))"); return nil }
        guard !s.string.trimmingCharacters(in: .whitespaces).isEmpty else { problem(at, "不能为空"); return nil }
        return s.string
    }

    @discardableResult
    mutating func int(_ at: At?, nonNegative: Bool = false) -> Int? {
        guard let at else { return nil }
        guard case .scalar(let s) = at.node, let i = Int(s.string), !nonNegative || i >= 0 else {
            problem(at, (nonNegative ? "须为非负整数" : "须为整数") + "，实为\(Self.shown(at.node))"); return nil
        }
        return i
    }

    @discardableResult
    mutating func date(_ at: At?) -> Day? {
        guard let at else { return nil }
        guard case .scalar(let s) = at.node else { problem(at, "须为日期 YYYY-MM-DD，实为\(Self.shown(at.node))"); return nil }
        let t = s.string.trimmingCharacters(in: .whitespaces)
        guard t.utf8.count == 10, let d = Day.parse(t), d.description == t else {
            problem(at, "须为有效日期 YYYY-MM-DD，实为\(Self.shown(at.node))"); return nil
        }
        return d
    }

    mutating func ratio(_ at: At?) {
        guard let at else { return }
        guard case .scalar(let s) = at.node, Ratio(s.string) != nil else { problem(at, "须为小数（如 \"0.65\"），实为\(Self.shown(at.node))"); return }
    }

    @discardableResult
    mutating func strings(_ at: At?) -> [(String, At)] {
        guard let at else { return [] }
        return items(at).compactMap { i in string(i).map { ($0, i) } }
    }

    /// A quote: one string or a non-empty list of strings.
    mutating func quotes(_ at: At?) {
        guard let at else { return }
        if case .sequence(let s) = at.node {
            if s.isEmpty { problem(at, "引文不能为空") }
            strings(at)
        } else {
            string(at)
        }
    }

    mutating func intMap(_ at: At?) -> [String: Int] {
        guard let at else { return [:] }
        var m: [String: Int] = [:]
        for (k, v, _) in entries(at) { if let i = int(v) { m[k] = i } }
        return m
    }

    // MARK: the pack

    /// What the cross-reference checks need, gathered on the way.
    var levels: [String] = []
    var titles: Set<String> = []
    var skills: Set<String> = []
    var honorLists: Set<String> = []
    var degreeRanks: Set<Int> = []
    var ruleIDs: [String: At] = [:]
    var ruleRefs: [(String, At)] = []
    var levelRefs: [(String, At)] = []
    var routeNames: Set<String> = []
    var unknownRules: [(String, At)] = []

    mutating func pack(_ root: Node) {
        let top = keys(At(node: root, path: ""), required: [
            "id", "title", "notice", "notice_title", "year", "cutoff", "levels", "title_ranks", "degree_ranks",
            "skill_ranks", "vocabulary", "honor_lists", "defaults", "education_table", "education_table_caption", "routes",
            "common_rules", "rules", "fees", "calendar", "roster",
        ])
        guard !top.isEmpty else { return }
        string(top["id"]); string(top["title"]); string(top["notice"]); string(top["notice_title"])
        let year = int(top["year"])
        if let c = top["cutoff"] {
            let k = keys(c, required: ["date", "clause", "text"])
            string(k["clause"]); quotes(k["text"])
            if let d = date(k["date"]), let year, d.year != year { problem(k["date"]!, "截止日期 \(d) 不在评审年度 \(year)") }
        }
        if let l = top["levels"] {
            let list = items(l)
            if list.isEmpty, case .sequence = l.node { problem(l, "至少需要一个级别") }
            for i in list {
                let k = keys(i, required: ["name", "rank", "grade"])
                if let n = string(k["name"]) { levels.append(n) }
                int(k["rank"]); string(k["grade"])
            }
        }
        if let t = top["title_ranks"] {
            let m = intMap(t)
            titles = Set(m.keys)
            for l in levels where m[l] == nil { problem(t, "缺少级别 “\(l)” 的等级") }
        }
        for (key, into) in [("degree_ranks", 0), ("skill_ranks", 1)] {
            guard let n = top[key] else { continue }
            let k = keys(n, required: ["clause", "text", "ranks"])
            string(k["clause"]); quotes(k["text"])
            let m = intMap(k["ranks"])
            if into == 0 { degreeRanks = Set(m.values) } else { skills = Set(m.keys) }
        }
        if let v = top["vocabulary"] { vocabulary(v) }
        if let h = top["honor_lists"] {
            for (name, n, _) in entries(h) {
                honorLists.insert(name)
                let k = keys(n, required: ["clause", "text", "names"], optional: ["reading"])
                string(k["clause"]); quotes(k["text"]); strings(k["names"]); string(k["reading"])
            }
        }
        if let d = top["defaults"] {
            for (_, v, _) in entries(d) where Self.isMappingNode(v.node) { problem(v, "默认值须为 null、true/false、数字、文字或列表，实为映射") }
        }
        if let t = top["education_table"] { table(t) }
        if let c = top["education_table_caption"] {
            let k = keys(c, required: ["clause", "name"])
            string(k["clause"]); string(k["name"])
        }
        if let r = top["rules"] { rules(r) }
        if let r = top["routes"] { routes(r) }
        if let c = top["common_rules"] { for (r, at) in strings(c) { ruleRefs.append((r, at)) } }
        if let f = top["fees"] {
            let k = keys(f, required: ["clause", "text", "parts", "by_level"])
            string(k["clause"]); quotes(k["text"])
            if let p = k["parts"] { let pk = keys(p, required: ["recommendation", "review"]); string(pk["recommendation"]); string(pk["review"]) }
            if let b = k["by_level"] {
                for (lv, n, key) in entries(b) {
                    levelRefs.append((lv, At(node: key, path: n.path)))
                    let fk = keys(n, required: ["recommendation", "review"])
                    int(fk["recommendation"], nonNegative: true); int(fk["review"], nonNegative: true)
                }
            }
        }
        if let c = top["calendar"] { calendar(c) }
        if let r = top["roster"] {
            let k = keys(r, required: ["clause", "text", "specialty_routes"], optional: ["reading"])
            string(k["clause"]); quotes(k["text"]); string(k["reading"])
            for (name, at) in strings(k["specialty_routes"]) where !routeNames.isEmpty && !routeNames.contains(name) {
                problem(at, "未知申报方式 “\(name)”" + hint(name, Array(routeNames)))
            }
        }
        crossReferences(rulesNode: top["rules"])
    }

    static func isMappingNode(_ n: Node) -> Bool { if case .mapping = n { return true } else { return false } }

    func hint(_ word: String, _ among: [String]) -> String {
        PackCheck.didYouMean(word, among: among).map { "，您是否要写 “\($0)”？" } ?? ""
    }

    mutating func vocabulary(_ v: At) {
        for (_, n, _) in entries(v) {
            if Self.isMappingNode(n.node) {
                let k = keys(n, required: [], optional: ["values", "from", "aliases"])
                if k["values"] == nil, k["from"] == nil { problem(n, "须有 values 或 from 之一") }
                if k["values"] != nil, k["from"] != nil { problem(n, "values 与 from 只能有一个") }
                strings(k["values"]); string(k["from"])
                if let a = k["aliases"] { for (_, t, _) in entries(a) { string(t) } }
            } else {
                strings(n)
            }
        }
    }

    mutating func table(_ t: At) {
        var ids = Set<String>()
        for row in items(t) {
            let k = keys(row, required: ["id", "level", "degree_rank", "requirement", "ce_years", "clause", "text"])
            if let id = string(k["id"]), !ids.insert(id).inserted { problem(k["id"]!, "行 id 重复：\(id)") }
            if let lv = string(k["level"]) { levelRefs.append((lv, k["level"]!)) }
            if let d = int(k["degree_rank"]), !degreeRanks.isEmpty, !degreeRanks.contains(d) {
                problem(k["degree_rank"]!, "学历等级 \(d) 不在 degree_ranks 中（有：\(degreeRanks.sorted().map(String.init).joined(separator: ", "))）")
            }
            int(k["ce_years"], nonNegative: true); string(k["clause"]); quotes(k["text"])
            guard let rq = k["requirement"] else { continue }
            guard Self.isMappingNode(rq.node) else { problem(rq, "须为映射 {kind: …}，实为\(Self.shown(rq.node))"); continue }
            let kinds = ["probation", "work_held", "title_held", "in_work"]
            var kind: String? = nil
            if case .mapping(let m) = rq.node, let kn = m.first(where: { $0.key.string == "kind" })?.value {
                kind = string(At(node: kn, path: rq.sub("kind")))
            }
            switch kind {
            case "probation"?, "work_held"?:
                let r = keys(rq, required: ["kind", "years"]); int(r["years"], nonNegative: true)
            case "title_held"?:
                let r = keys(rq, required: ["kind", "title", "years"]); int(r["years"], nonNegative: true)
                if let title = string(r["title"]), !titles.isEmpty, !titles.contains(title) {
                    problem(r["title"]!, "未知职称 “\(title)”（title_ranks 中没有）" + hint(title, Array(titles)))
                }
            case "in_work"?:
                keys(rq, required: ["kind"])
            case let other?:
                problem(At(node: rq.node, path: rq.sub("kind")), "未知的资历要求 “\(other)”（可用：\(kinds.joined(separator: ", "))）" + hint(other, kinds))
            case nil:
                keys(rq, required: ["kind"], optional: ["years", "title"])
            }
        }
    }

    mutating func rules(_ r: At) {
        for item in items(r) {
            let k = keys(item, required: ["id", "title", "kind", "clause", "text", "params"], optional: ["reading", "action"])
            string(k["title"]); string(k["clause"]); quotes(k["text"])
            let reading = string(k["reading"])
            let id = string(k["id"])
            if let id {
                if ruleIDs[id] != nil { problem(k["id"]!, "规则 id 重复：\(id)") } else { ruleIDs[id] = k["id"]! }
            }
            let entry = id.flatMap { RuleRegistry.byID[$0] }
            if let id, entry == nil { unknownRules.append((id, k["id"]!)) }
            if let kt = string(k["kind"]) {
                if let kind = RuleKind(rawValue: kt) {
                    if let id, entry != nil {
                        let expected: RuleKind = id.hasPrefix("M") ? .material : id.hasPrefix("P") ? .process : .eligibility
                        if kind != expected { problem(k["kind"]!, "规则 \(id) 的 kind 应为 \(expected.rawValue)") }
                    }
                    if kind == .material, k["action"] == nil { problem(item, "材料规则须有 action（需补正 或 提示）") }
                } else {
                    let kinds = RuleKind.allCases.map(\.rawValue)
                    problem(k["kind"]!, "未知的 kind “\(kt)”（可用：\(kinds.joined(separator: ", "))）" + hint(kt, kinds))
                }
            }
            if let a = string(k["action"]), !["需补正", "提示"].contains(a) { problem(k["action"]!, "action 须为 需补正 或 提示，实为 “\(a)”") }
            guard let p = k["params"] else { continue }
            guard let entry else { _ = entries(p); continue }
            let schema = entry.schema
            // The reading's `{param}` placeholders name parameters of the rule.
            if let reading, let at = k["reading"] {
                let names = schema.map(\.0)
                for name in RuleInfo.placeholders(reading) where !names.contains(name) {
                    problem(at, "解读中的 {\(name)} 不是本规则的参数" + (names.isEmpty ? "（本规则无参数）" : "（可用：\(names.joined(separator: ", "))）") + hint(name, names))
                }
            }
            let pk = keys(p, required: schema.filter { $0.1 != .optionalDate }.map(\.0), optional: schema.filter { $0.1 == .optionalDate }.map(\.0))
            var from: Day? = nil, through: Day? = nil
            for (name, type) in schema {
                guard let v = pk[name] else { continue }
                switch type {
                case .int: int(v, nonNegative: true)
                case .date, .optionalDate:
                    let d = date(v)
                    if name == "from" { from = d } else if name == "through" { through = d }
                case .strings: strings(v)
                case .levels: for (l, at) in strings(v) { levelRefs.append((l, at)) }
                case .ratio: ratio(v)
                case .field: string(v)
                case .intByLevel:
                    for (lv, x, key) in entries(v) { levelRefs.append((lv, At(node: key, path: x.path))); int(x, nonNegative: true) }
                case .skillByLevel:
                    for (lv, x, key) in entries(v) {
                        levelRefs.append((lv, At(node: key, path: x.path)))
                        let s = keys(x, required: ["min_skill", "years", "honor_lists"])
                        int(s["years"], nonNegative: true)
                        if let skill = string(s["min_skill"]), !skills.isEmpty, !skills.contains(skill) {
                            problem(s["min_skill"]!, "未知技能等级 “\(skill)”（skill_ranks 中没有）" + hint(skill, Array(skills)))
                        }
                        for (h, at) in strings(s["honor_lists"]) where !honorLists.contains(h) {
                            problem(at, "未知荣誉表 “\(h)”" + hint(h, Array(honorLists)))
                        }
                    }
                }
            }
            if let from, let through, from > through { problem(p, "from \(from) 晚于 through \(through)") }
        }
    }

    mutating func routes(_ r: At) {
        for item in items(r) {
            let k = keys(item, required: ["name", "rules", "ce_years"], optional: ["assessment_years"])
            if let n = string(k["name"]) {
                if routeNames.contains(n) { problem(k["name"]!, "申报方式重复：\(n)") }
                routeNames.insert(n)
            }
            for (rid, at) in strings(k["rules"]) { ruleRefs.append((rid, at)) }
            int(k["assessment_years"], nonNegative: true)
            guard let ce = k["ce_years"] else { continue }
            if Self.isMappingNode(ce.node) {
                for (lv, x, key) in entries(ce) { levelRefs.append((lv, At(node: key, path: x.path))); int(x, nonNegative: true) }
            } else if string(ce) != "table" {
                problem(ce, "ce_years 须为 table 或 {级别: 年数}，实为\(Self.shown(ce.node))")
            }
        }
    }

    mutating func calendar(_ c: At) {
        let k = keys(c, required: ["source", "year", "days_off", "working_weekends"])
        string(k["source"])
        let year = int(k["year"])
        var off = Set<Day>()
        func outside(_ d: Day) -> String? { year.flatMap { d.year != $0 ? "日期 \(d) 不在日历年度 \($0)" : nil } }
        if let list = k["days_off"] {
            for n in items(list) {
                if case .sequence(let pair) = n.node {
                    guard pair.count == 2 else { problem(n, "区间须为 [开始, 结束]，实有 \(pair.count) 项"); continue }
                    let a = date(At(node: pair[0], path: n.item(0))), b = date(At(node: pair[1], path: n.item(1)))
                    if let a, let b {
                        if a > b { problem(n, "区间开始 \(a) 晚于结束 \(b)"); continue }
                        for x in [a, b] { if let m = outside(x) { problem(n, m) } }
                        var d = a
                        while d <= b { off.insert(d); d = d.adding(days: 1) }
                    }
                } else if let d = date(n) {
                    if let m = outside(d) { problem(n, m) }; off.insert(d)
                }
            }
        }
        if let list = k["working_weekends"] {
            for n in items(list) {
                guard let d = date(n) else { continue }
                if let m = outside(d) { problem(n, m) }
                if d.weekday < 6 { problem(n, "\(d) 不是周末") }
                if off.contains(d) { problem(n, "\(d) 既是休息日又是调休上班日") }
            }
        }
    }

    mutating func crossReferences(rulesNode: At?) {
        for (l, at) in levelRefs where !levels.isEmpty && !levels.contains(l) {
            problem(at, "未知级别 “\(l)”" + hint(l, levels))
        }
        for (r, at) in ruleRefs where !ruleIDs.isEmpty && ruleIDs[r] == nil {
            problem(at, "未知规则 “\(r)”（规则包的 rules 中没有）" + hint(r, Array(ruleIDs.keys)))
        }
        // An unknown id is most likely a misspelling of one the pack lacks.
        let missing = RuleRegistry.ids.filter { ruleIDs[$0] == nil }
        for (id, at) in unknownRules {
            problem(at, "未知的规则 id “\(id)”（引擎未实现）" + hint(id, missing.isEmpty ? RuleRegistry.ids : missing))
        }
        if let rulesNode, Self.isSequence(rulesNode.node) {
            if !missing.isEmpty { problem(rulesNode, "缺少规则 \(missing.joined(separator: " "))（引擎实现的每条规则都须在规则包中）") }
        }
    }

    static func isSequence(_ n: Node) -> Bool { if case .sequence = n { return true } else { return false } }
}
