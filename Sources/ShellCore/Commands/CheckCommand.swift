import Synchronization
import Foundation
import RosterData
import ShellLang
import TitleRules

/// `check [--summary]` — one row per problem in the view: 不符合, 待核实, 需补正, 提示.
struct CheckCommand: ShellCommand {
    static let name = "check"
    static let aliases = ["检查"]
    static let group = CommandGroup.rules
    static let summary = "逐人检查当前视图：不符合、待核实、需补正、提示；--summary 按规则汇总"
    static let usage = "check [--summary] [--kind 不符合|待核实|需补正|提示]"
    static let details = """
    按每人本人申报的级别和方式评估。--summary 统计各规则使多少人不符合（及待核实），人数多者在前：\
    哪条规则淘汰的人最多。与 `count by verdict()` 配合使用。
    """
    static let examples = ["check --summary", "check --kind 待核实"]
    static let flags = [FlagSpec("--summary", "按规则汇总人数"), FlagSpec("--kind", value: true, "只列出某一类问题")]

    struct Problem { var row: Int32; var rule: RuleResult; var kind: String }

    /// Problem kind of a result that did not pass: 不符合 / 待核实 for the eligibility rules; 待核实
    /// or the action (需补正, 提示) for materials and process.
    static func kind(_ res: RuleResult, eligibility: Bool) -> String {
        eligibility ? (res.outcome == .fail ? "不符合" : "待核实") : (res.outcome == .unknown ? "待核实" : (res.action ?? "需补正"))
    }

    /// Per slot (`RuleEngine.outcomeSlots`) and outcome: the column an applicant counts in
    /// (0 不符合, 1 待核实, 2 需补正/提示), or nil when the kind is filtered out or it passed.
    /// Index: slot × 4 + (0 eligibility fail, 1 eligibility unknown, 2 check fail, 3 check unknown).
    static func columns(_ slots: [RuleSlot], kindFilter: String?) -> (columns: [Int8], kinds: [String?]) {
        var cols = [Int8](repeating: -1, count: slots.count * 4)
        var kinds = [String?](repeating: nil, count: slots.count * 4)
        for (s, slot) in slots.enumerated() {
            let ks = ["不符合", "待核实", slot.action ?? "需补正", "待核实"]
            for (j, k) in ks.enumerated() {
                if let kindFilter, k != kindFilter { continue }
                cols[s * 4 + j] = k == "不符合" ? 0 : k == "待核实" ? 1 : 2
                kinds[s * 4 + j] = k
            }
        }
        return (cols, kinds)
    }

    /// `check --summary`: the outcomes counted per rule on both cores, chunk by chunk, into
    /// chunk-local integer tallies (slot × 3 columns) merged at the end; no evaluation is kept.
    static func runSummary(_ input: CommandInput, _ session: Session, state: DatasetState, engine: RuleEngine) throws {
        let kindFilter = input.flags["--kind"]
        let view = state.view
        let dataset = state.dataset
        let slots = engine.outcomeSlots
        let (cols, kinds) = columns(slots, kindFilter: kindFilter)
        let index = engine.expertIndex(for: dataset)
        let chunk = 2048
        let chunks = (view.count + chunk - 1) / chunk
        let collected = Mutex<[Int]>([Int](repeating: 0, count: slots.count * 3))
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var local = [Int](repeating: 0, count: slots.count * 3)
            var row = RuleOutcomeRow(engine: engine)
            for i in (c * chunk)..<min(view.count, (c + 1) * chunk) {
                if LoadCancellation.isRequested() { break }
                engine.outcomes(dataset: dataset, row: Int(view[i]), index: index, options: RuleOptions(), into: &row)
                for s in slots.indices {
                    // An applicant counts once per rule and kind.
                    var e = -1
                    if let o = row.eligibility[s], o != .pass, cols[s * 4 + (o == .fail ? 0 : 1)] >= 0 {
                        e = s * 4 + (o == .fail ? 0 : 1)
                        local[s * 3 + Int(cols[e])] += 1
                    }
                    if let o = row.checks[s], o != .pass {
                        let j = s * 4 + (o == .fail ? 2 : 3)
                        if cols[j] >= 0, e < 0 || kinds[e] != kinds[j] { local[s * 3 + Int(cols[j])] += 1 }
                    }
                }
            }
            collected.withLock { total in for j in total.indices { total[j] += local[j] } }
        }
        if session.cancelRequested { throw Diagnostic.failure("已中断（Ctrl-C）") }
        let counts = collected.withLock { $0 }
        // Rules that counted anyone: most 不符合 first, then most 待核实 + 需补正/提示, then pack order.
        func order(_ s: Int) -> Int { slots[s].packIndex ?? 0 }
        func fails(_ s: Int) -> Int { counts[s * 3] }
        func others(_ s: Int) -> Int { counts[s * 3 + 1] + counts[s * 3 + 2] }
        let counted: [Int] = slots.indices.filter { fails($0) + others($0) > 0 }
        let shown = counted.sorted { (a: Int, b: Int) -> Bool in
            if fails(a) != fails(b) { return fails(a) > fails(b) }
            if others(a) != others(b) { return others(a) > others(b) }
            if order(a) != order(b) { return order(a) < order(b) }
            return a < b
        }
        var t = ResultTable(columns: ["规则", "条款", "名称", "不符合", "待核实", "需补正/提示"],
                            keys: ["rule", "clause", "title", "ineligible", "unknown", "material"])
        t.wrapCells = true
        for s in shown {
            t.rows.append([.string(slots[s].id), .string(slots[s].clause), .string(slots[s].title),
                           .int(counts[s * 3]), .int(counts[s * 3 + 1]), .int(counts[s * 3 + 2])])
        }
        t.footer = session.settings.format == .table ? "共检查 \(state.view.count) 人" : nil
        let saved = session.settings.maxRows
        session.settings.maxRows = 0
        session.emit(t)
        session.settings.maxRows = saved
    }

    static func run(_ input: CommandInput, _ session: Session) throws {
        let state = try session.requireCurrent(input.sourceRange(input.nameRange))
        if let w = input.words.first { throw Diagnostic.failure("check 不带参数", range: input.sourceRange(w.range), help: "用法：\(usage)") }
        let kinds = ["不符合", "待核实", "需补正", "提示"]
        if let k = input.flags["--kind"], !kinds.contains(k) {
            throw Diagnostic.failure("未知问题类别 `\(k)`", range: input.flagRanges["--kind"].map(input.sourceRange), help: "可用：" + kinds.joined(separator: " "))
        }
        let engine = try session.rules().engine
        if input.has("--summary") { return try runSummary(input, session, state: state, engine: engine) }
        // Outcomes first, on both cores; messages only for applicants with a problem, and only
        // when they are listed.
        let view = state.view
        let dataset = state.dataset
        let chunk = 2048
        let chunks = (view.count + chunk - 1) / chunk
        // Each chunk collects its own findings and hands them over once, under the lock.
        let collected = Mutex<[(Int, Evaluation)]>([])
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var local: [(Int, Evaluation)] = []
            for i in (c * chunk)..<min(view.count, (c + 1) * chunk) {
                if LoadCancellation.isRequested() { break }
                let e = engine.outcomes(dataset: dataset, row: Int(view[i]), options: RuleOptions())
                let clean = e.rules.allSatisfy { $0.outcome == .pass } && (e.materials + e.process).allSatisfy { $0.outcome == .pass }
                if !clean { local.append((i, engine.evaluate(dataset: dataset, row: Int(view[i]), options: RuleOptions()))) }
            }
            collected.withLock { $0.append(contentsOf: local) }
        }
        var found = [Evaluation?](repeating: nil, count: view.count)
        for (i, e) in collected.withLock({ $0 }) { found[i] = e }
        if session.cancelRequested { throw Diagnostic.failure("已中断（Ctrl-C）") }
        var problems: [Problem] = []
        for (n, r) in view.enumerated() {
            guard let e = found[n] else { continue }
            for res in e.rules where res.outcome != .pass {
                problems.append(Problem(row: r, rule: res, kind: kind(res, eligibility: true)))
            }
            for res in e.materials + e.process where res.outcome != .pass {
                problems.append(Problem(row: r, rule: res, kind: kind(res, eligibility: false)))
            }
        }
        if let k = input.flags["--kind"] { problems = problems.filter { $0.kind == k } }
        var t = ResultTable(columns: ["申报编号", "姓名", "规则", "类别", "说明"], keys: ["id", "name", "rule", "kind", "message"])
        t.wrapCells = true
        let shown = session.screenRows(problems, &t)
        t.omittedHint = Session.rerunHint(Self.name, input)
        for p in shown {
            let a = state.dataset.applicants[Int(p.row)]
            t.rows.append([.string(a.id), .string(a.name), .string(p.rule.id), .string(p.kind), .string(p.rule.message)])
        }
        t.colourise = { c, v in
            guard c == 3, case .string(let k) = v else { return nil }
            return k == "不符合" ? .red : (k == "待核实" ? .yellow : nil)
        }
        t.footer = session.settings.format == .table ? "\(problems.count) 个问题，涉及 \(Set(problems.map(\.row)).count) / \(state.view.count) 人" : nil
        session.emit(t)
    }
}
