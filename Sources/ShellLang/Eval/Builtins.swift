import Foundation
import RosterData

/// The built-in functions. Every example is checked by a test and listed in docs/language.md
/// (examples are evaluated with as-of date 2024-12-31).
enum Builtins {
    typealias Impl = (CallArguments, inout EvaluationContext) throws -> Value

    static func p(_ name: String, _ aliases: [String] = [], optional: Bool = false, predicate: Bool = false,
                  variadic: Bool = false) -> Parameter {
        Parameter(name: name, aliases: aliases, optional: optional, isPredicate: predicate, variadic: variadic)
    }

    static func typeError(_ a: CallArguments, _ p: Int, expected: String, _ v: Value) -> Diagnostic {
        let param = a.site.function.parameters[p].name
        return a.error("类型错误：参数 `\(param)` 应为 \(expected)，实际为 \(v.typeName)", at: param)
    }

    static func date(_ a: CallArguments, _ param: Int) throws -> Day? {
        guard let v = a.value(parameter: param) else { return nil }
        switch v {
        case .null: return nil
        case .date(let d): return d
        default: throw typeError(a, param, expected: "date", v)
        }
    }

    static func string(_ a: CallArguments, _ param: Int) throws -> String? {
        guard let v = a.value(parameter: param) else { return nil }
        switch v {
        case .null: return nil
        case .string(let s): return s
        default: throw typeError(a, param, expected: "string", v)
        }
    }

    static func list(_ a: CallArguments, _ param: Int) throws -> [Value]? {
        guard let v = a.value(parameter: param) else { return nil }
        switch v {
        case .null: return nil
        case .list(let l): return l
        default: throw typeError(a, param, expected: "list", v)
        }
    }

    /// The end date of `years`/`days`: the `to` argument, or the as-of date.
    static func endDate(_ a: CallArguments, _ ctx: EvaluationContext) throws -> Day?? {
        if (a.value(parameter: 1) != nil) { return .some(try date(a, 1)) }
        return .some(try ctx.requireAsOf())
    }

    /// `years`' end: the given `to`, else the qualification date (资历截至), else the as-of date.
    static func qualificationEnd(_ a: CallArguments, _ ctx: EvaluationContext) throws -> Day?? {
        if a.value(parameter: 1) == nil, let q = ctx.environment.qualificationDate { return .some(q) }
        return try endDate(a, ctx)
    }

    /// 满N年: the largest N with from + N years <= to (29 Feb + 1 year = 28 Feb); 0 when to < from.
    /// Same result as `Day.span(to:).years`, computed from the components once.
    static func fullYears(_ from: Day, _ to: Day) -> Int {
        guard to > from else { return 0 }
        let a = from.components, b = to.components
        var n = b.year - a.year
        // The anniversary in year b: a.month/a.day, with 29 Feb on 28 Feb in a non-leap year.
        let anniversaryDay = min(a.day, Day.daysIn(month: a.month, year: b.year))
        if (b.month, b.day) < (a.month, anniversaryDay) { n -= 1 }
        return max(0, n)
    }

    static func stringPair(_ name: String, _ aliases: [String], summary: String, example: String, output: String,
                           _ op: @escaping (String, String) -> Bool) -> FunctionDefinition {
        FunctionDefinition(name: name, aliases: aliases, parameters: [p("text", ["文本"]), p("part", ["部分"])],
                           summary: summary, example: example, exampleOutput: output) { a, _ in
            guard let s = try string(a, 0), let t = try string(a, 1) else { return .null }
            return .bool(op(s, t))
        }
    }

    final class RegexCache {
        var pattern: String
        var regex: NSRegularExpression
        init(pattern: String, regex: NSRegularExpression) { self.pattern = pattern; self.regex = regex }
    }

    static func compileRegex(_ pattern: String, range: SourceRange) throws -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: pattern, options: [])
        } catch {
            throw Diagnostic.error("无效的正则表达式 `\(pattern)`", at: range,
                                   help: "语法见 ICU 正则表达式；要匹配字面字符请用 `\\\\` 转义")
        }
    }

    /// How many progress reports ICU may make during one match before it is given up. ICU reports
    /// once per start position tried and once per fixed number of matching steps (about ten
    /// thousand), so this bounds the work of a backtracking pattern (`(a+)+$`) to linear in the
    /// text's length (about 30 ms on a 40-character field), while ordinary patterns, on long texts
    /// too, never come near it.
    static func regexStepBudget(textLength: Int) -> Int { 64 + 2 * textLength }

    /// Whether `regex` matches somewhere in `s`; an error (not a silent false) when the match
    /// needs more steps than `regexStepBudget` allows.
    static func firstMatch(_ regex: NSRegularExpression, in s: String, _ a: CallArguments) throws -> Bool {
        var found = false, gaveUp = false, reports = 0
        let length = (s as NSString).length
        let budget = regexStepBudget(textLength: length)
        regex.enumerateMatches(in: s, options: [.reportProgress], range: NSRange(location: 0, length: length)) { m, _, stop in
            if m != nil { found = true; stop.pointee = true; return }
            reports += 1
            if reports > budget { gaveUp = true; stop.pointee = true }
        }
        if gaveUp && !found {
            throw a.error("正则表达式回溯过多，已放弃匹配", at: "pattern",
                          help: "避免嵌套的重复（如 (a+)+），或用 ^…$ 和具体字符类缩小匹配范围")
        }
        return found
    }

    /// `min`/`max`: over the arguments, or over one list argument. Null if any value is null.
    static func extreme(_ a: CallArguments, wantMax: Bool) throws -> Value {
        var vals = a.values("values")
        if vals.count == 1, case .list(let l) = vals[0] { vals = l }
        guard var best = vals.first else { return .null }
        for v in vals {
            if v.isNull { return .null }
            let c: Value
            do { c = try Ops.order(.less, v, best, a.callRange) } catch {
                throw a.error("类型错误：\(wantMax ? "max" : "min") 的值应同为 number、string 或 date，实际有 \(v.typeName) 与 \(best.typeName)")
            }
            if case .bool(let less) = c, less != wantMax, !Ops.equal(v, best) { best = v }
        }
        return best
    }

    /// Walks the items' predicate results (without a predicate: the items, which must be
    /// bools) until `body` returns false. Nil when the list is null.
    static func eachResult(_ a: CallArguments, _ fname: String, _ body: (Bool?) -> Bool) throws -> Bool {
        guard let items = try list(a, 0) else { return false }
        let pred = a.item(parameter: 1)
        for item in items {
            let r: Bool?
            if let pr = pred {
                r = try pr.test(item)
            } else {
                switch item {
                case .bool(let b): r = b
                case .null: r = nil
                default:
                    throw a.error("类型错误：\(fname) 不带条件时，列表项应为 bool，实际为 \(item.typeName)", at: "list",
                                  help: "给出条件，例如 \(fname)(列表, it == \"…\")")
                }
            }
            if !body(r) { break }
        }
        return true
    }

    /// Built fresh for each registry (a computed list, so no shared global state), each with
    /// the type of its results where that is always the same.
    static var all: [FunctionDefinition] {
        let types: [String: StaticType] = [
            "years": .number, "days": .number, "year": .number, "month": .number, "date": .date, "today": .date,
            "len": .number, "lower": .string, "upper": .string, "contains": .bool, "matches": .bool,
            "is_null": .bool, "round": .number, "abs": .number, "count": .number, "any": .bool, "all": .bool,
            "sum": .number,
        ]
        return definitions.map { f in
            var f = f
            f.resultType = types[f.name]
            return f
        }
    }

    static var definitions: [FunctionDefinition] { [
        FunctionDefinition(
            name: "years", aliases: ["年数", "满年数"], parameters: [p("from", ["从"]), p("to", ["到"], optional: true)],
            summary: "从 `from` 到 `to` 的满年数（满 N 年）；`to` 默认为规则包的资历截至日（与规则、explain 的算法相同），无规则包时为截至日期（as-of）；`to` 早于 `from` 时为 0。",
            example: "years(2020-07-01)", exampleOutput: "4") { a, ctx in
            guard let from = try date(a, 0), let to = try qualificationEnd(a, ctx) ?? nil else { return .null }
            return .int(fullYears(from, to))
        },
        FunctionDefinition(
            name: "days", aliases: ["天数"], parameters: [p("from", ["从"]), p("to", ["到"], optional: true)],
            summary: "从 `from` 到 `to` 的天数（`to` 默认为截至日期 as-of）；`to` 较早时为负数。",
            example: "days(2024-01-01, 2024-03-01)", exampleOutput: "60") { a, ctx in
            guard let from = try date(a, 0), let to = try endDate(a, ctx) ?? nil else { return .null }
            return .int(from.days(to: to))
        },
        FunctionDefinition(
            name: "year", aliases: ["年份"], parameters: [p("date", ["日期"])],
            summary: "日期的年份。", example: "year(2024-07-04)", exampleOutput: "2024") { a, _ in
            guard let d = try date(a, 0) else { return .null }
            return .int(d.year)
        },
        FunctionDefinition(
            name: "month", aliases: ["月份"], parameters: [p("date", ["日期"])],
            summary: "日期的月份（1–12）。", example: "month(2024-07-04)", exampleOutput: "7") { a, _ in
            guard let d = try date(a, 0) else { return .null }
            return .int(d.month)
        },
        FunctionDefinition(
            name: "date", aliases: ["日期"], parameters: [p("text", ["文本"])],
            summary: "把花名册中各种写法的日期（`2024/7/4`、`2024年7月4日`、`2024-07`）读成日期；不是日期时为 null。",
            example: "date(\"2024年7月4日\")", exampleOutput: "2024-07-04") { a, _ in
            guard let v = a.value(parameter: 0) else { return .null }
            switch v {
            case .date: return v
            case .string(let s): return Day.parse(s).map(Value.date) ?? .null
            case .null: return .null
            default: throw typeError(a, 0, expected: "string", v)
            }
        },
        FunctionDefinition(
            name: "today", aliases: ["今天"], parameters: [],
            summary: "系统时钟的今天（本地时区）。脚本应使用截至日期（set as-of），结果才可重现。",
            example: "", exampleOutput: "") { _, _ in
            let now = Date()
            let secs = now.timeIntervalSince1970 + Double(TimeZone.current.secondsFromGMT(for: now))
            return .date(Day(ordinal: Int32((secs / 86400).rounded(.down))))
        },
        FunctionDefinition(
            name: "len", aliases: ["长度"], parameters: [p("value", ["值"])],
            summary: "文本的字数，或列表的项数。",
            example: "len(\"衢州市水利局\")", exampleOutput: "6") { a, _ in
            let v = a.value(parameter: 0) ?? .null
            switch v {
            case .null: return .null
            case .string(let s): return .int(s.count)
            case .list(let l): return .int(l.count)
            default: throw typeError(a, 0, expected: "string 或 list", v)
            }
        },
        FunctionDefinition(
            name: "lower", aliases: ["小写"], parameters: [p("text", ["文本"])],
            summary: "把文本中的英文字母改为小写。", example: "lower(\"JPG\")", exampleOutput: "jpg") { a, _ in
            try string(a, 0).map { .string($0.lowercased()) } ?? .null
        },
        FunctionDefinition(
            name: "upper", aliases: ["大写"], parameters: [p("text", ["文本"])],
            summary: "把文本中的英文字母改为大写。", example: "upper(\"jpg\")", exampleOutput: "JPG") { a, _ in
            try string(a, 0).map { .string($0.uppercased()) } ?? .null
        },
        FunctionDefinition(
            name: "contains", aliases: ["包含"], parameters: [p("haystack", ["范围"]), p("needle", ["目标"])],
            summary: "文本是否含有某段文字，或列表是否含有某项。",
            example: "contains(\"一级建造师（水利水电工程）\", \"建造师\")", exampleOutput: "true") { a, _ in
            let h = a.value(parameter: 0) ?? .null, n = a.value(parameter: 1) ?? .null
            switch (h, n) {
            case (.null, _), (_, .null): return .null
            case (.string(let s), .string(let t)): return .bool(t.isEmpty || s.contains(t))
            case (.list, _): return try Ops.member(n, h, a.callRange)
            case (.string, _): throw typeError(a, 1, expected: "string", n)
            default: throw typeError(a, 0, expected: "string 或 list", h)
            }
        },
        stringPair("starts_with", ["开头是"], summary: "文本是否以某段文字开头。",
                   example: "starts_with(\"QZ2024-0017\", \"QZ\")", output: "true") { $0.hasPrefix($1) },
        stringPair("ends_with", ["结尾是"], summary: "文本是否以某段文字结尾。",
                   example: "ends_with(\"水利局\", \"局\")", output: "true") { $0.hasSuffix($1) },
        FunctionDefinition(
            name: "matches", aliases: ["匹配"], parameters: [p("text", ["文本"]), p("pattern", ["模式"])],
            summary: "文本中是否有与正则表达式相符的部分（ICU 语法；要整段相符用 ^…$）。",
            example: "matches(\"QZ2024-0017\", \"^QZ[0-9]{4}-[0-9]{4}$\")", exampleOutput: "true",
            prepare: { c in
                guard case .string(let pat)? = c.literal("pattern") else { return nil }
                return RegexCache(pattern: pat, regex: try compileRegex(pat, range: c.range(of: "pattern")!))
            }) { a, _ in
            guard let s = try string(a, 0), let pat = try string(a, 1) else { return .null }
            let regex: NSRegularExpression
            if let cache = a.state as? RegexCache, cache.pattern == pat {
                regex = cache.regex
            } else {
                regex = try compileRegex(pat, range: a.range(of: "pattern"))
            }
            return .bool(try firstMatch(regex, in: s, a))
        },
        FunctionDefinition(
            name: "is_null", aliases: ["为空", "未知"], parameters: [p("value", ["值"])],
            summary: "值未知（null）时为 true，否则为 false；结果本身从不未知。",
            example: "is_null(null)", exampleOutput: "true") { a, _ in
            .bool((a.value(parameter: 0) ?? .null).isNull)
        },
        FunctionDefinition(
            name: "coalesce", aliases: ["首个非空"], parameters: [p("values", ["值"], variadic: true)],
            summary: "第一个不为 null 的参数。",
            example: "coalesce(null, \"待核实\")", exampleOutput: "待核实") { a, _ in
            a.values("values").first { !$0.isNull } ?? .null
        },
        FunctionDefinition(
            name: "round", aliases: ["四舍五入"], parameters: [p("value", ["值"]), p("digits", ["位数"], optional: true)],
            summary: "四舍五入到 `digits` 位小数（默认 0 位，得整数）。",
            example: "round(2.345, 2)", exampleOutput: "2.35") { a, _ in
            let v = a.value(parameter: 0) ?? .null
            let digits: Int
            switch a.value(parameter: 1) {
            case nil: digits = 0
            case .null?: return .null
            case let d?:
                guard let n = d.intValue, (0...12).contains(n) else {
                    throw a.error("参数 `digits` 应为 0 到 12 的整数", at: "digits")
                }
                digits = n
            }
            switch v {
            case .null: return .null
            case .int: return v
            case .double(let x):
                if digits == 0 {
                    let r = x.rounded(.toNearestOrAwayFromZero)
                    guard abs(r) < 9.2e18 else { return .double(r) }
                    return .int(Int(r))
                }
                var scale = 1.0
                for _ in 0..<digits { scale *= 10 }
                // Round the decimal text, so 2.345 (stored as 2.34499…) still gives 2.35.
                let scaled = (x * scale * 1e6).rounded() / 1e6
                return .double(scaled.rounded(.toNearestOrAwayFromZero) / scale)
            default: throw typeError(a, 0, expected: "number", v)
            }
        },
        FunctionDefinition(
            name: "abs", aliases: ["绝对值"], parameters: [p("value", ["值"])],
            summary: "绝对值。", example: "abs(-3.5)", exampleOutput: "3.5") { a, _ in
            let v = a.value(parameter: 0) ?? .null
            switch v {
            case .null: return .null
            case .int(let i):
                guard i != Int.min else { throw a.error("整数溢出：abs 的结果超出 64 位整数范围", at: "value") }
                return .int(abs(i))
            case .double(let d): return .double(abs(d))
            default: throw typeError(a, 0, expected: "number", v)
            }
        },
        FunctionDefinition(
            name: "min", aliases: ["最小"], parameters: [p("values", ["值"], variadic: true)],
            summary: "各参数（或一个列表各项）中最小者；有 null 或列表为空时为 null。",
            example: "min(3, 1.5, 2)", exampleOutput: "1.5") { a, _ in try extreme(a, wantMax: false) },
        FunctionDefinition(
            name: "max", aliases: ["最大"], parameters: [p("values", ["值"], variadic: true)],
            summary: "各参数（或一个列表各项）中最大者；有 null 或列表为空时为 null。",
            example: "max([2023-06-30, 2024-01-15])", exampleOutput: "2024-01-15") { a, _ in try extreme(a, wantMax: true) },
        FunctionDefinition(
            name: "count", aliases: ["计数"], parameters: [p("list", ["列表"]), p("predicate", ["条件"], optional: true, predicate: true)],
            summary: "列表中条件为真的项数（不给条件时数为 true 的项）；未知的项不计。",
            example: "count([60, 75, 90], it >= 70)", exampleOutput: "2") { a, _ in
            var n = 0
            guard try eachResult(a, "count", { if $0 == true { n += 1 }; return true }) else { return .null }
            return .int(n)
        },
        FunctionDefinition(
            name: "any", aliases: ["任一"], parameters: [p("list", ["列表"]), p("predicate", ["条件"], optional: true, predicate: true)],
            summary: "任一项条件为真则为 true；否则有一项未知则为未知；否则为 false。",
            example: "any([\"浙江工匠\", \"优秀党员\"], it == \"浙江工匠\")", exampleOutput: "true") { a, _ in
            var found = false, unknown = false
            guard try eachResult(a, "any", { r in
                if r == true { found = true; return false }
                if r == nil { unknown = true }
                return true
            }) else { return .null }
            return found ? .bool(true) : (unknown ? .null : .bool(false))
        },
        FunctionDefinition(
            name: "all", aliases: ["全部"], parameters: [p("list", ["列表"]), p("predicate", ["条件"], optional: true, predicate: true)],
            summary: "任一项条件为假则为 false；否则有一项未知则为未知；否则为 true。",
            example: "all([\"优秀\", \"合格\"], it in [\"优秀\", \"合格\"])", exampleOutput: "true") { a, _ in
            var failed = false, unknown = false
            guard try eachResult(a, "all", { r in
                if r == false { failed = true; return false }
                if r == nil { unknown = true }
                return true
            }) else { return .null }
            return failed ? .bool(false) : (unknown ? .null : .bool(true))
        },
        FunctionDefinition(
            name: "sum", aliases: ["求和"], parameters: [p("list", ["列表"]), p("expr", ["表达式"], optional: true, predicate: true)],
            summary: "列表各项（或各项上表达式的值）之和；有一项为 null 则为 null；空列表为 0。",
            example: "sum([1, 2.5, 3], it * 2)", exampleOutput: "13") { a, _ in
            guard let items = try list(a, 0) else { return .null }
            let expr = a.item(parameter: 1)
            var total: Value = .int(0)
            for item in items {
                let v = try expr?(item) ?? item
                if v.isNull { return .null }
                guard v.numberValue != nil else {
                    throw a.error("类型错误：sum 的每一项应为 number，实际为 \(v.typeName)", at: expr == nil ? "list" : "expr")
                }
                total = try Ops.arithmetic(.add, total, v, a.range(of: expr == nil ? "list" : "expr"))
            }
            return total
        },
    ] }
}
