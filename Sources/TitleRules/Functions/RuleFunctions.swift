import Foundation
import RosterData
import ShellLang

/// The language functions of the rule pack: `eligible`, `verdict`, `rule`, `rule_status`,
/// `failed_rules`, `ce_years`, `fee`, `working_days`, `held`. The shell registers them in its
/// function registry (`definitions(engine:)`); they reach the rules only through the engine
/// they are given, so `count by verdict()` over 100k applicants evaluates each applicant once
/// (the engine caches verdicts). ShellLang knows nothing of rules: these are ordinary
/// `FunctionDefinition`s.
public enum RuleFunctions {
    static let optionParameters = [
        Parameter(name: "level", aliases: ["级别", "申报级别"], optional: true),
        Parameter(name: "route", aliases: ["方式", "申报方式"], optional: true),
        Parameter(name: "as_of", aliases: ["截至", "截至日期", "cutoff"], optional: true),
    ]

    /// What a call site worked out once, at compile time: its what-if options when every one
    /// given is a literal (the common `verdict()`, `eligible(route:"任意")`), checked against
    /// the engine then in force. Rows then skip reading and checking the arguments.
    final class PreparedCall {
        let engine: RuleEngine
        let options: RuleOptions?
        init(engine: RuleEngine, options: RuleOptions?) { self.engine = engine; self.options = options }
    }

    /// The functions, reading the rules through `engine` (the pack in force when called:
    /// `rules pack FILE` changes it between commands).
    public static func definitions(engine: @escaping () throws -> RuleEngine) -> [FunctionDefinition] {
        // Help text of the built-in pack (the summary is read before any pack is chosen).
        let builtin = try? RulePack.builtin()
        /// The options when every option argument given is a valid literal; nil otherwise (or when
        /// one is a literal null: the call gives null).
        func literalOptions(_ args: CompileTimeArguments, _ pack: RulePack) -> RuleOptions? {
            var o = RuleOptions()
            if args.isGiven("level") {
                guard case .string(let l)? = args.literal("level"), pack.level(l) != nil else { return nil }
                o.level = l
            }
            if args.isGiven("route") {
                guard case .string(let r)? = args.literal("route"), let n = normalizeRoute(r, pack) else { return nil }
                o.route = n
            }
            if args.isGiven("as_of") {
                guard case .date(let d)? = args.literal("as_of") else { return nil }
                o.cutoff = d
            }
            return o
        }
        /// Checks literal `level:`/`route:` arguments once, at compile time, with did-you-mean.
        let prepare: (CompileTimeArguments) throws -> AnyObject? = { args in
            let e = try engine()
            let pack = e.pack
            if case .string(let l)? = args.literal("level"), pack.level(l) == nil {
                let g = suggestions(for: l, among: pack.levelNames)
                throw Diagnostic(.error, "未知申报级别 `\(l)`", range: args.range(of: "level"),
                                 help: g.isEmpty ? "可用：" + pack.levelNames.joined(separator: " ") : "您是否要找 `\(g[0])`？")
            }
            if case .string(let r)? = args.literal("route"), normalizeRoute(r, pack) == nil {
                throw Diagnostic(.error, "未知申报方式 `\(r)`", range: args.range(of: "route"),
                                 help: "可用：" + (pack.routeNames + ["任意"]).joined(separator: " "))
            }
            return PreparedCall(engine: e, options: literalOptions(args, pack))
        }
        func options(_ a: CallArguments, _ e: RuleEngine) throws -> RuleOptions? {
            if let s = a.state, case let p = unsafeDowncast(s, to: PreparedCall.self), p.engine === e, let o = p.options {
                return o
            }
            let pack = e.pack
            var o = RuleOptions()
            if let v = a.value("level") {
                guard case .string(let l) = v else { if v.isNull { return nil }; throw a.error("level 应为文本", at: "level") }
                guard pack.level(l) != nil else { throw a.error("未知申报级别 `\(l)`", at: "level", help: "可用：" + pack.levelNames.joined(separator: " ")) }
                o.level = l
            }
            if let v = a.value("route") {
                guard case .string(let r) = v else { if v.isNull { return nil }; throw a.error("route 应为文本", at: "route") }
                guard let n = normalizeRoute(r, pack) else { throw a.error("未知申报方式 `\(r)`", at: "route") }
                o.route = n
            }
            if let v = a.value("as_of") {
                guard case .date(let d) = v else { if v.isNull { return nil }; throw a.error("as_of 应为日期", at: "as_of") }
                o.cutoff = d
            }
            return o
        }
        func rowContext(_ c: EvaluationContext) throws -> (Dataset, Int) {
            guard let d = c.dataset, let r = c.row else {
                throw Diagnostic(.error, "规则函数需要一名申报人（在 filter、show、count 等命令中使用）", range: c.callRange)
            }
            return (d, r)
        }
        let verdictOf: (CallArguments, EvaluationContext) throws -> Verdict? = { a, c in
            let (d, r) = try rowContext(c)
            let e = try engine()
            guard let o = try options(a, e) else { return nil }
            return e.verdict(dataset: d, row: r, options: o)
        }
        let prepareRule: (CompileTimeArguments) throws -> AnyObject? = { args in
            let prepared = try prepare(args)
            let pack = try engine().pack
            if case .string(let id)? = args.literal("id"), pack.rule(id) == nil {
                let g = suggestions(for: id, among: pack.rules.map(\.id))
                throw Diagnostic(.error, "未知规则 `\(id)`", range: args.range(of: "id"),
                                 help: g.isEmpty ? "用 `rules` 查看全部规则" : "您是否要找 `\(g[0])`？")
            }
            return prepared
        }
        /// `rule` and `rule_status`: nil when an option argument is null.
        let status: (CallArguments, EvaluationContext) throws -> RuleStatus? = { a, c in
            let (d, r) = try rowContext(c)
            guard case .string(let id)? = a.value("id") else { throw a.error("需要规则编号，例如 rule(\"R7\")", at: "id") }
            let e = try engine()
            guard let o = try options(a, e) else { return nil }
            // P1–P3 depend on the as-of date: on time passes, late or overdue fails, pending is unknown.
            if e.pack.stages.contains(where: { $0.id == id }) {
                switch e.stageStatus(id, applicant: d.applicants[r], asOf: try o.cutoff ?? c.requireAsOf()) {
                case .onTime: return .pass
                case .late, .overdue: return .fail
                default: return .unknown
                }
            }
            if e.pack.rule(id) == nil { throw a.error("未知规则 `\(id)`", at: "id") }
            return e.ruleStatus(id, in: e.evaluate(dataset: d, row: r, options: o))
        }
        return [
            FunctionDefinition(
                name: "eligible", aliases: ["符合条件"], parameters: optionParameters,
                summary: "是否符合申报条件：符合为 true，不符合为 false，待核实为 null（默认本人申报的级别和方式，资历计算到规则包的资历截至日）",
                example: "eligible(level:\"工程师\")", exampleOutput: "true", prepare: prepare,
                implementation: { a, c in
                    switch try verdictOf(a, c) {
                    case .eligible?: return .bool(true)
                    case .ineligible?: return .bool(false)
                    default: return .null
                    }
                }),
            FunctionDefinition(
                name: "verdict", aliases: ["结论", "评审结论"], parameters: optionParameters,
                summary: "申报条件结论：符合 / 不符合 / 待核实",
                example: "verdict()", exampleOutput: "符合", prepare: prepare,
                implementation: { a, c in (try verdictOf(a, c)).map { .string($0.rawValue) } ?? .null }),
            FunctionDefinition(
                name: "rule", aliases: ["规则"],
                parameters: [Parameter(name: "id", aliases: ["编号"])] + optionParameters,
                summary: "一条规则的结果：通过 true，不通过 false，待核实或不适用 null（要区分二者用 rule_status）",
                example: "rule(\"R7\")", exampleOutput: "false",
                prepare: prepareRule,
                implementation: { a, c in
                    switch try status(a, c) {
                    case .pass?: return .bool(true)
                    case .fail?: return .bool(false)
                    default: return .null
                    }
                }),
            FunctionDefinition(
                name: "rule_status", aliases: ["规则状态"],
                parameters: [Parameter(name: "id", aliases: ["编号"])] + optionParameters,
                summary: "一条规则的状态：通过 / 不通过 / 待核实 / 不适用（本申报方式不检查此条）",
                example: "rule_status(\"R3.2\")", exampleOutput: "不适用",
                prepare: prepareRule,
                implementation: { a, c in (try status(a, c)).map { .string($0.rawValue) } ?? .null }),
            FunctionDefinition(
                name: "failed_rules", aliases: ["未通过规则"], parameters: optionParameters,
                summary: "不通过的申报条件规则编号列表",
                example: "failed_rules()", exampleOutput: "[\"R7\", \"R8\"]", prepare: prepare,
                implementation: { a, c in
                    let (d, r) = try rowContext(c)
                    let e = try engine()
                    guard let o = try options(a, e) else { return .null }
                    let ev = e.evaluate(dataset: d, row: r, options: o)
                    return .list(ev.rules.filter { $0.outcome == .fail }.map { .string($0.id) })
                }),
            FunctionDefinition(
                name: "ce_years", aliases: ["继续教育年数"], parameters: optionParameters,
                summary: "应提供继续教育学时证明的年数（R7 所用；缺资料而未定时为 null）",
                example: "ce_years()", exampleOutput: "4", prepare: prepare,
                implementation: { a, c in
                    let (d, r) = try rowContext(c)
                    let e = try engine()
                    guard let o = try options(a, e) else { return .null }
                    return e.evaluate(dataset: d, row: r, options: o).ceYears.map { .int($0) } ?? .null
                }),
            FunctionDefinition(
                name: "fee", aliases: ["费用", "评审费用"], parameters: [],
                summary: "应缴推荐评审费（元）：按申报级别" + (builtin.map { "，" + $0.feeBrief } ?? ""),
                example: "fee()", exampleOutput: builtin?.feeGroups.first.map { String($0.fee.total) } ?? "",
                implementation: { _, c in
                    let (d, r) = try rowContext(c)
                    guard let f = try engine().fee(for: d.applicants[r]) else { return .null }
                    return .int(f.recommendation + f.review)
                }),
            FunctionDefinition(
                name: "working_days", aliases: ["工作日数"],
                parameters: [Parameter(name: "from", aliases: ["起"]), Parameter(name: "through", aliases: ["止"])],
                summary: "两日之间（两端都计）的工作日数，按规则包的法定节假日安排",
                example: "working_days(2024-09-13, 2024-09-20)", exampleOutput: "5",
                implementation: { a, _ in
                    guard let x = a.value("from"), let y = a.value("through") else { throw a.error("working_days 需要两个日期") }
                    if x.isNull || y.isNull { return .null }
                    guard case .date(let from) = x else { throw a.error("应为日期，得到 \(x.typeName)", at: "from") }
                    guard case .date(let through) = y else { throw a.error("应为日期，得到 \(y.typeName)", at: "through") }
                    return .int(try engine().calendar.workingDays(from: from, through: through))
                }),
            FunctionDefinition(
                name: "held", aliases: ["满年"],
                parameters: [Parameter(name: "since", aliases: ["自"]), Parameter(name: "years", aliases: ["年"]),
                             Parameter(name: "as_of", aliases: ["截至", "截至日期"], optional: true)],
                summary: "自 since 起到资历截至日（规则包的；或给定的 as_of）是否已满 N 年：since + N 年 <= 资历截至",
                example: "held(title_since, 4)", exampleOutput: "true",
                implementation: { a, _ in
                    guard let s = a.value("since"), let y = a.value("years") else { throw a.error("held 需要日期和年数") }
                    if s.isNull || y.isNull { return .null }
                    guard case .date(let since) = s else { throw a.error("应为日期，得到 \(s.typeName)", at: "since") }
                    guard let n = y.intValue else { throw a.error("年数应为整数", at: "years") }
                    var cutoff = try engine().pack.cutoff
                    if let v = a.value("as_of") {
                        if v.isNull { return .null }
                        guard case .date(let d) = v else { throw a.error("as_of 应为日期", at: "as_of") }
                        cutoff = d
                    }
                    return .bool(since.adding(years: n) <= cutoff)
                }),
        ]
    }

    /// `正常`, `自评分(推荐)申报` … → the canonical route; `任意` stays.
    public static func normalizeRoute(_ r: String, _ pack: RulePack) -> String? {
        if r == RuleOptions.anyRoute || r == "any" { return RuleOptions.anyRoute }
        if pack.route(r) != nil { return r }
        if let a = pack.routeAliases[r], pack.route(a) != nil { return a }
        let fixed = r.replacingOccurrences(of: "(", with: "（").replacingOccurrences(of: ")", with: "）")
        return pack.route(fixed) != nil ? fixed : nil
    }
}
