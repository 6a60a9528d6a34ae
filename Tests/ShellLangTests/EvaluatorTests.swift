import Testing
import RosterData
@testable import ShellLang
import TestSupport

@Suite struct EvaluatorTests {
    static let T3: [Value] = [.bool(true), .bool(false), .null]

    static func lit(_ v: Value) -> String { v.isNull ? "null" : formatValue(v) }

    /// The full three-valued truth table (Kleene logic).
    @Test(arguments: [
        // a, b, a and b, a or b
        (Value.bool(true), Value.bool(true), Value.bool(true), Value.bool(true)),
        (.bool(true), .bool(false), .bool(false), .bool(true)),
        (.bool(true), .null, .null, .bool(true)),
        (.bool(false), .bool(true), .bool(false), .bool(true)),
        (.bool(false), .bool(false), .bool(false), .bool(false)),
        (.bool(false), .null, .bool(false), .null),
        (.null, .bool(true), .null, .bool(true)),
        (.null, .bool(false), .bool(false), .null),
        (.null, .null, .null, .null),
    ] as [(Value, Value, Value, Value)])
    func truthTable(_ a: Value, _ b: Value, _ and: Value, _ or: Value) throws {
        let (x, y) = (Self.lit(a), Self.lit(b))
        #expect(try T.eval("\(x) and \(y)", row: nil) == and)
        #expect(try T.eval("\(x) && \(y)", row: nil) == and)
        #expect(try T.eval("\(x) or \(y)", row: nil) == or)
        #expect(try T.eval("\(x) || \(y)", row: nil) == or)
    }

    @Test(arguments: [("true", Value.bool(false)), ("false", .bool(true)), ("null", .null)])
    func notTable(_ a: String, _ expected: Value) throws {
        #expect(try T.eval("not \(a)", row: nil) == expected)
        #expect(try T.eval("!\(a)", row: nil) == expected)
    }

    @Test func shortCircuitSkipsTheRightSide() throws {
        #expect(try T.eval("false and 1 / 0 == 1", row: nil) == .bool(false))
        #expect(try T.eval("true or 1 / 0 == 1", row: nil) == .bool(true))
    }

    /// Comparisons, arithmetic and dates; unknowns propagate.
    @Test(arguments: [
        ("1 + 2 * 3", Value.int(7)),
        ("7 / 2", .double(3.5)),
        ("8 / 2", .int(4)),
        ("7 % 3", .int(1)),
        ("-7 % 3", .int(-1)),
        ("1 + 2.5", .double(3.5)),
        ("2.5 * 2", .double(5)),
        ("7.5 % 2", .double(1.5)),
        ("-(3)", .int(-3)),
        ("\"衢州\" + \"水利\"", .string("衢州水利")),
        ("[1] + [2]", .list([.int(1), .int(2)])),
        ("1 == 1.0", .bool(true)),
        ("1 != 2", .bool(true)),
        ("\"a\" == 1", .bool(false)),
        ("\"a\" != 1", .bool(true)),
        ("2024-01-01 == \"2024-01-01\"", .bool(false)),
        ("\"abc\" < \"abd\"", .bool(true)),
        ("2 <= 2.0", .bool(true)),
        ("3 > 2", .bool(true)),
        ("3 >= 4", .bool(false)),
        ("null == null", .null),
        ("1 == null", .null),
        ("null != 1", .null),
        ("null < 1", .null),
        ("null + 1", .null),
        ("-null", .null),
        ("2024-03-01 - 2024-01-01", .int(60)),
        ("2024-12-31 + 1", .date(Day(2025, 1, 1)!)),
        ("30 + 2024-01-31", .date(Day(2024, 3, 1)!)),
        ("2024-03-01 - 1", .date(Day(2024, 2, 29)!)),
        ("2024-01-01 < 2024-01-02", .bool(true)),
        ("2 in [1, 2]", .bool(true)),
        ("3 in [1, 2]", .bool(false)),
        ("3 not in [1, 2]", .bool(true)),
        ("3 in [1, null]", .null),
        ("1 in [1, null]", .bool(true)),
        ("null in [1]", .null),
        ("null in []", .bool(false)),
        ("\"b\" in [\"a\", \"b\"]", .bool(true)),
        ("\"c\" not in [\"a\", \"b\"]", .bool(true)),
        ("\"水利\" in \"衢州市水利局\"", .bool(true)),
        ("[1, 2][1]", .int(2)),
        ("[1, 2][5]", .null),
        ("[1, 2][-1]", .null),
        ("\"张伟\"[1]", .string("伟")),
    ])
    func operators(_ text: String, _ expected: Value) throws {
        #expect(try T.eval(text, row: nil) == expected)
    }

    /// Field access: keys, 中文 labels, members, indexes, extras, lists.
    @Test(arguments: [
        ("degree", 0, Value.string("本科")),
        ("学历 == \"本科\"", 0, .bool(true)),
        ("degree == \"本科\" and level == \"工程师\"", 0, .bool(true)),
        ("level == \"工程师\" and degree == \"本科\"", 1, .bool(false)),
        ("self_score > 60", 1, .null),
        ("self_score > 60 or degree == \"大专\"", 1, .bool(true)),
        ("photo.width", 0, .int(295)),
        ("证件照.宽", 0, .int(295)),
        ("photo.width", 1, .null),
        ("assessments[0].result", 0, .string("优秀")),
        ("年度考核[1].结果", 0, .string("合格")),
        ("assessments[9].result", 0, .null),
        ("assessments.year", 0, .list([.int(2022), .int(2023)])),
        ("honors[0]", 0, .string("浙江工匠")),
        ("\"浙江工匠\" in honors", 0, .bool(true)),
        ("\"浙江工匠\" in honors", 1, .bool(false)),
        ("备注", 0, .string("已电话核实")),
        ("batch + 1", 0, .int(3)),
        ("batch", 1, .null),
        ("graduated_on < 2013-01-01", 0, .bool(true)),
        ("title_since + 365", 0, .date(Day(2020, 12, 30)!)),
        ("years(graduated_on)", 0, .int(12)),
        ("years(title_since)", 0, .int(5)),
        ("years(title_since, 2024-12-30)", 0, .int(4)),
        ("years(graduated_on)", 1, .null),
    ] as [(String, Int, Value)])
    func fields(_ text: String, _ row: Int, _ expected: Value) throws {
        #expect(try T.eval(text, row: row) == expected)
    }

    /// List functions with item scope: item fields shadow row fields, `it` names the item.
    @Test(arguments: [
        ("all(assessments, result in [\"优秀\", \"合格\"])", 0, Value.bool(true)),
        ("all(assessments, result in [\"优秀\", \"合格\"])", 1, .null),
        ("all(assessments, result == \"优秀\")", 1, .bool(false)),
        ("any(assessments, result == \"优秀\")", 1, .null),
        ("any(assessments, result == \"合格\")", 1, .bool(true)),
        ("any(年度考核, 结果 == \"优秀\" and 年度 == 2022)", 0, .bool(true)),
        ("sum(continuing_education, public + professional)", 0, .double(180.5)),
        ("sum(继续教育, 公需)", 0, .double(54.5)),
        ("count(performance, new)", 0, .int(2)),
        ("count(performance, new and collective)", 0, .int(1)),
        ("count(performance, title == \"灌区改造\")", 0, .int(1)),
        ("any(honors, it == \"浙江工匠\")", 0, .bool(true)),
        ("any(honors, it == \"浙江工匠\")", 1, .bool(false)),
        ("all(honors, len(it) > 10)", 1, .bool(true)),
        ("count(performance, len(name) == 2)", 0, .int(3)),
        ("any(recommenders, name == \"李明\")", 0, .bool(true)),
        ("any(assessments, any([2022], it == year))", 0, .bool(true)),
        ("count(assessments, all(performance, it.new or collective))", 0, .int(2)),
        ("sum([], it)", 0, .int(0)),
        ("any([], it)", 0, .bool(false)),
        ("all([], it)", 0, .bool(true)),
        ("any([false, null])", 0, .null),
        ("all([true, null])", 0, .null),
        ("sum([1, null])", 0, .null),
        ("count(performance, new)", 1, .null),
    ] as [(String, Int, Value)])
    func listFunctions(_ text: String, _ row: Int, _ expected: Value) throws {
        #expect(try T.eval(text, row: row) == expected)
    }

    @Test func countWithoutPredicateOfBoolList() throws {
        // Without a predicate the items themselves must be bools.
        #expect(try T.eval("count([true, false, null, true])", row: nil) == .int(2))
        #expect(T.diagnostic("count(performance)")?.message == "类型错误：count 不带条件时，列表项应为 bool，实际为 object")
    }

    /// Every built-in's example gives its documented output (as-of 2024-12-31).
    @Test(arguments: FunctionRegistry.withBuiltins().all.filter { !$0.example.isEmpty }.map(\.name))
    func builtinExamples(_ name: String) throws {
        let f = try #require(FunctionRegistry.withBuiltins().lookup(name))
        let v = try T.eval(f.example, row: nil)
        #expect(formatValue(v) == f.exampleOutput, "\(f.example)")
    }

    /// More built-in cases, including unknowns and aliases.
    @Test(arguments: [
        ("年数(2020-07-01)", Value.int(4)),
        ("years(2020-12-31)", .int(4)),
        ("years(2021-01-01)", .int(3)),
        ("years(2024-02-29, 2025-02-28)", .int(1)),
        ("years(2025-06-01)", .int(0)),
        ("years(null)", .null),
        ("years(from: 2000-01-01, to: 2010-01-01)", .int(10)),
        ("years(到: 2010-01-01, 从: 2000-01-01)", .int(10)),
        ("days(2024-12-01)", .int(30)),
        ("days(2024-03-01, 2024-01-01)", .int(-60)),
        ("year(null)", .null),
        ("len([1, 2, 3])", .int(3)),
        ("长度(\"ab\")", .int(2)),
        ("len(null)", .null),
        ("lower(null)", .null),
        ("contains([1, 2], 2)", .bool(true)),
        ("contains([1, 2], 3)", .bool(false)),
        ("contains(\"abc\", \"d\")", .bool(false)),
        ("contains(null, \"d\")", .null),
        ("starts_with(\"abc\", \"b\")", .bool(false)),
        ("ends_with(\"abc\", \"bc\")", .bool(true)),
        ("matches(\"工程师\", \"^工程\")", .bool(true)),
        ("matches(\"助理工程师\", \"^工程\")", .bool(false)),
        ("matches(\"a\" + \"b\", \"a\" + \"b\")", .bool(true)),
        ("is_null(1)", .bool(false)),
        ("coalesce(null, null)", .null),
        ("coalesce(1, 2)", .int(1)),
        ("round(2.5)", .int(3)),
        ("round(-2.5)", .int(-3)),
        ("round(7)", .int(7)),
        ("round(1.005, 2)", .double(1.01)),
        ("round(null)", .null),
        ("min([3, 1, 2])", .int(1)),
        ("max(1, 2.5)", .double(2.5)),
        ("max(\"a\", \"b\")", .string("b")),
        ("min(1, null)", .null),
        ("min([])", .null),
        ("abs(-4)", .int(4)),
        ("month(2024-07-04)", .int(7)),
        ("date(\"2024/7/4\")", .date(Day(2024, 7, 4)!)),
        ("date(\"x\")", .null),
        ("is_null(today())", .bool(false)),
    ])
    func builtins(_ text: String, _ expected: Value) throws {
        #expect(try T.eval(text, row: nil) == expected)
    }

    @Test func variablesAndDerivedColumns() throws {
        let env = T.env()
        env.variables["min_score"] = .int(60)
        env.derivedColumns["ce_total"] = [.int(90), .null]
        #expect(try T.eval("self_score >= min_score", row: 0, env: env) == .bool(true))
        #expect(try T.eval("ce_total + 1", row: 0, env: env) == .int(91))
        #expect(try T.eval("ce_total", row: 1, env: env) == .null)
        #expect(try T.eval("min_score * 2", row: nil, env: env) == .int(120))
    }

    @Test func compiledConstantAndUsesRow() throws {
        let env = T.env()
        let c = try env.compile(T.parse("[1, 2 + 3]"), dataset: nil)
        #expect(c.constantValue == .list([.int(1), .int(5)]))
        #expect(!c.usesRow)
        let d = try env.compile(T.parse("degree == \"本科\""), dataset: T.dataset)
        #expect(d.usesRow)
        #expect(try d.isTrue(row: 0))
        #expect(try !d.isTrue(row: 1))
        // A field without a row is an error at the field.
        #expect(throws: Diagnostic.self) { try d.evaluateConstant() }
    }

    /// A registered function sees labelled and positional arguments, Chinese labels,
    /// the row, the applicant and the as-of date.
    @Test func registeredFunctionSeesContext() throws {
        let reg = FunctionRegistry.withBuiltins()
        reg.register(FunctionDefinition(
            name: "eligible", aliases: ["符合"],
            parameters: [Parameter(name: "level", aliases: ["级别"], optional: true),
                         Parameter(name: "strict", optional: true)],
            summary: "test") { a, ctx in
            let level = a.value("级别")?.stringValue ?? ctx.applicant?["level"].stringValue ?? "?"
            let how = (0..<a.count).map { a.isPositional($0) ? "pos" : (a.label(at: $0) ?? "") }.joined(separator: ",")
            return .string("\(ctx.row ?? -1)|\(ctx.applicant?.name ?? "")|\(ctx.asOf?.description ?? "")|\(level)|\(how)")
        })
        let env = Environment(functions: reg, catalog: .defaultPack)
        env.asOf = T.asOf
        #expect(try T.eval("eligible(级别: \"工程师\")", row: 1, env: env) == .string("1|李娜|2024-12-31|工程师|级别"))
        #expect(try T.eval("符合(\"技术员\", strict: true)", row: 0, env: env) == .string("0|张伟|2024-12-31|技术员|pos,strict"))
        #expect(try T.eval("eligible()", row: 0, env: env) == .string("0|张伟|2024-12-31|工程师|"))
        #expect(reg.lookup("符合")?.name == "eligible")
    }

    @Test func asOfNotSetIsAnErrorAtTheCall() throws {
        let d = T.diagnostic("1 + years(graduated_on)", env: T.env(asOf: nil))
        #expect(d?.message == "未设置基准日期 (as-of date not set)")
        #expect(d?.range?.start.column == 5)
        #expect(d?.range?.end.column == 24)
    }
}
