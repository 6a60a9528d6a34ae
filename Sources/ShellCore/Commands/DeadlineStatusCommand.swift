import RosterData
import ShellLang
import TitleRules

/// `deadline-status [as-of DATE] [--list]` — the stage table (P1–P3: window, open/closed/
/// upcoming, days left, counts on time / late / overdue / pending), publicity (P4) and
/// fee (P5) counts, for the view; `--list` names who needs action, most urgent first.
struct DeadlineStatusCommand: ShellCommand {
    static let name = "deadline-status"
    static let aliases = ["deadlines", "时间节点"]
    static let group = CommandGroup.process
    static let summary = "各阶段时限状态（六、时间安排）、公示（P4）和缴费（P5）统计；--list 列出需处理者"
    static let usage = "deadline-status [as-of DATE] [--list]"
    static let details = """
    对每一阶段和截至日期 A：有日期且在时限内为「按时」，有日期但超出时限为「超出时限」，无日期且 A 已过截止日为「已逾期」，\
    否则为「待办」（剩余天数）。不写 as-of 时用 `set as-of` 的日期。
    """
    static let examples = ["deadline-status as-of 2024-08-10", "deadline-status as-of 2024-08-10 --list"]
    static let flags = [FlagSpec("--list", "列出需处理的申报人（最紧急者在前）")]

    static func run(_ input: CommandInput, _ session: Session) throws {
        let state = try session.requireCurrent(input.sourceRange(input.nameRange))
        var asOf: Day
        let w = input.words
        if w.isEmpty {
            asOf = session.effectiveAsOf()
        } else {
            guard (w[0].text == "as-of" || w[0].text == "截至"), w.count == 2 else {
                throw Diagnostic.failure("用法：\(usage)", range: input.argumentsRange)
            }
            guard let d = Day.parse(w[1].text) else {
                throw Diagnostic.failure("无法识别的日期 `\(w[1].text)`", range: input.sourceRange(w[1].range), help: "日期写作 YYYY-MM-DD")
            }
            asOf = d
        }
        let rs = try session.rules()
        let engine = rs.engine
        let stages = rs.pack.stages
        struct Counts { var onTime = 0, late = 0, overdue = 0, pending = 0 }
        var counts = Array(repeating: Counts(), count: stages.count)
        struct Action { var row: Int32; var stage: String; var status: StageStatus; var urgency: Int }
        var actions: [Action] = []
        var publicity = (pass: 0, fail: 0, unknown: 0)
        var fee = (paid: 0, unpaid: 0, unknown: 0)
        let feeSlot = FieldCatalog.types.slot(of: "fee_paid")!
        for (n, r) in state.view.enumerated() {
            if n & 4095 == 0, session.cancelRequested { throw Diagnostic.failure("已中断（Ctrl-C）") }
            let a = state.dataset.applicants[Int(r)]
            for (i, s) in stages.enumerated() {
                let st = engine.stageStatus(s.id, applicant: a, asOf: asOf)
                switch st {
                case .onTime: counts[i].onTime += 1
                case .late: counts[i].late += 1; actions.append(Action(row: r, stage: s.id, status: st, urgency: 1_000_000))
                case .overdue: counts[i].overdue += 1; actions.append(Action(row: r, stage: s.id, status: st, urgency: -1))
                case .pending(let d): counts[i].pending += 1; actions.append(Action(row: r, stage: s.id, status: st, urgency: d))
                case .unknownStage: break
                }
            }
            switch engine.publicity(a).outcome {
            case .pass: publicity.pass += 1
            case .fail: publicity.fail += 1
            case .unknown: publicity.unknown += 1
            }
            switch a.fields[feeSlot] {
            case .bool(true): fee.paid += 1
            case .bool(false): fee.unpaid += 1
            default: fee.unknown += 1
            }
        }
        if input.has("--list") {
            actions.sort { $0.urgency != $1.urgency ? $0.urgency < $1.urgency : ($0.stage != $1.stage ? $0.stage < $1.stage : $0.row < $1.row) }
            var t = ResultTable(columns: ["申报编号", "姓名", "阶段", "状态", "工作单位"], keys: ["id", "name", "stage", "status", "unit"])
            t.wrapCells = true
            let shown = session.screenRows(actions, &t)
            t.omittedHint = Session.rerunHint(Self.name, input)
            for x in shown {
                let a = state.dataset.applicants[Int(x.row)]
                let stageTitle = stages.first { $0.id == x.stage }.map { "\($0.id) \($0.title)" } ?? x.stage
                t.rows.append([.string(a.id), .string(a.name), .string(stageTitle), .string(x.status.label), a["unit"]])
            }
            t.colourise = { c, v in
                guard c == 3, case .string(let s) = v else { return nil }
                return s.hasPrefix("已逾期") ? .red : (s.hasPrefix("超出") ? .yellow : nil)
            }
            session.info("截至 \(asOf)，需处理 \(actions.count) 项：")
            session.emit(t)
            return
        }
        var t = ResultTable(columns: ["阶段", "时限", "状态", "剩余天数", "按时", "超出时限", "已逾期", "待办"],
                            keys: ["stage", "window", "state", "days_left", "on_time", "late", "overdue", "pending"])
        t.wrapCells = true
        for (i, s) in stages.enumerated() {
            let from: Day? = { if case .date(let d)? = s.param("from") { return d }; return nil }()
            let through: Day? = { if case .date(let d)? = s.param("through") { return d }; return nil }()
            let window = (from.map { "\($0) 至 " } ?? "截止 ") + (through.map(\.description) ?? "?")
            var phase = "进行中"
            var left: Value = .null
            if let through, asOf > through { phase = "已截止" }
            else if let from, asOf < from { phase = "未开始"; left = .int(asOf.days(to: through ?? from)) }
            else if let through { left = .int(asOf.days(to: through)) }
            t.rows.append([.string("\(s.id) \(s.title)"), .string(window), .string(phase), left,
                           .int(counts[i].onTime), .int(counts[i].late), .int(counts[i].overdue), .int(counts[i].pending)])
        }
        var p = ResultTable(columns: ["检查", "符合", "不符合", "待核实"], keys: ["check", "pass", "fail", "unknown"])
        p.wrapCells = true
        // Every registered rule is in a loaded pack (RulePack refuses a pack without one).
        let p4 = rs.pack.rule("P4")?.title ?? "", p5 = rs.pack.rule("P5")?.title ?? ""
        p.rows.append([.string("P4 \(p4)"), .int(publicity.pass), .int(publicity.fail), .int(publicity.unknown)])
        p.rows.append([.string("P5 \(p5)"), .int(fee.paid), .int(fee.unpaid), .int(fee.unknown)])
        if session.settings.format.isJSON {
            session.emitJSON(.object(Record([("as_of", .date(asOf)), ("applicants", .int(state.view.count)),
                                             ("stages", session.jsonValue(t)), ("checks", session.jsonValue(p))])))
            return
        }
        session.info("截至 \(asOf)，\(state.view.count) 人：")
        session.emit(t)
        if session.settings.format == .table { session.print("") }
        session.emit(p)
    }
}
