import Testing
import RosterData
@testable import ShellLang
import TestSupport

@Suite struct EnvironmentTests {
    @Test func oneEnvironmentManyDatasets() throws {
        let env = T.env()
        let other = Dataset(name: "other", applicants: [T.applicant(["id": .string("X1"), "degree": .string("硕士")])])
        let e = try T.parse("degree")
        #expect(try env.compile(e, dataset: T.dataset).evaluate(row: 0) == .string("本科"))
        #expect(try env.compile(e, dataset: other).evaluate(row: 0) == .string("硕士"))
        #expect(try env.compile(e, dataset: T.dataset).evaluate(row: 1) == .string("大专"))
    }

    @Test func badLiteralRegexFailsAtCompileTime() throws {
        let e = try T.parse("matches(name, \"(\")")
        #expect(throws: Diagnostic.self) { try T.env().compile(e, dataset: nil) }
        // A computed pattern is only checked when evaluated.
        let c = try T.env().compile(T.parse("matches(name, name)"), dataset: T.dataset)
        #expect(try c.evaluate(row: 0) == .bool(true))
    }

    @Test(arguments: [
        ("years(from: 2020-01-01, from: 2021-01-01)", "参数 `from` 重复给出"),
        ("years(2020-01-01, 从: 2021-01-01)", "参数 `from` 重复给出"),
        ("round(1.5, 1, 2)", "函数 `round` 最多接受 2 个参数"),
        ("today(1)", "函数 `today` 最多接受 0 个参数"),
        ("degree(1)", "未知函数 `degree`"),
    ])
    func argumentBindingErrors(_ text: String, _ message: String) {
        #expect(T.diagnostic(text)?.message == message)
    }

    @Test func fieldUsedAsFunctionGetsHelp() {
        #expect(T.diagnostic("degree(1)")?.help == "`degree` 是字段，不是函数")
    }

    @Test func suggestionAPI() {
        let env = T.env()
        #expect(env.suggestion(for: "毕业时问") == "`毕业时间`（graduated_on）")
        #expect(env.suggestion(for: "qqqqqqqq") == nil)
    }

    @Test func registryLookupAndReplace() {
        let reg = FunctionRegistry.withBuiltins()
        #expect(reg.lookup("年数")?.name == "years")
        #expect(reg.lookup("长度")?.name == "len")
        let n = reg.all.count
        reg.register(FunctionDefinition(name: "len", parameters: [], summary: "replaced") { _, _ in .int(0) })
        #expect(reg.all.count == n)
        #expect(reg.lookup("len")?.summary == "replaced")
        #expect(reg.allNames.contains("求和"))
    }

    @Test func functionErrorsThatAreNotDiagnosticsGetTheCallRange() throws {
        struct Boom: Error {}
        let reg = FunctionRegistry()
        reg.register(FunctionDefinition(name: "boom", parameters: [], summary: "") { _, _ in throw Boom() })
        let env = Environment(functions: reg, catalog: .defaultPack)
        let c = try env.compile(T.parse("1 + boom()"), dataset: nil)
        do { _ = try c.evaluateConstant(); Issue.record("no error") } catch let d as Diagnostic {
            #expect(d.message.hasPrefix("boom："))
            #expect(d.range?.start.column == 5)
        }
    }

    @Test func multiLineCaret() {
        let text = "degree == \"本科\" and\n  self_score > \"60\""
        let r = T.rendered(text, row: 0)
        #expect(r == """
            <test>:2:3: error: 类型错误：`>` 不能用于 number 与 string
              self_score > "60"
              ^~~~~~~~~~~~~~~~~
            help: 数字不加引号

            """)
    }

    @Test func labelledArgumentsErrorsAndEnd() throws {
        var p = try Parser(source: SourceFile(name: "c", text: "level: )"))
        #expect(throws: Diagnostic.self) { try p.parseLabelledArguments() }
        var q = try Parser(source: SourceFile(name: "c", text: ""))
        #expect(try q.parseLabelledArguments().isEmpty)
        #expect(q.isAtEnd)
        #expect(throws: Diagnostic.self) { try q.parseExpression() }
    }
}

@Suite struct BulkTests {
    @Test func filterRowsAndValues() throws {
        let c = try T.env().compile(T.parse("self_score > 60 or degree == \"大专\""), dataset: T.dataset)
        #expect(try c.filterRows([1, 0]) == [1, 0])
        let d = try T.env().compile(T.parse("self_score > 60"), dataset: T.dataset)
        #expect(try d.filterRows([0, 1]) == [0])
        #expect(throws: Diagnostic.self) { try d.filterRows([5]) }
        #expect(try d.values([1, 0]) == [.null, .bool(true)])
    }
}
