import RosterData
@testable import ShellLang
import TestSupport

enum T {
    static let asOf = Day(2024, 12, 31)!

    static func applicant(_ fields: [String: Value], extras: [(String, Value)] = []) -> Applicant {
        var a = Applicant()
        for (k, v) in fields {
            guard let slot = FieldCatalog.defaultPack.slot(of: k) else { fatalError("no field \(k)") }
            a[slot] = v
        }
        a.extras = Record(extras)
        return a
    }

    static func obj(_ pairs: KeyValuePairs<String, Value>) -> Value { .object(Record(pairs.map { ($0.key, $0.value) })) }

    /// A small dataset: row 0 is complete, row 1 has unknowns.
    static let dataset: Dataset = {
        let a0 = applicant([
            "id": .string("QZ2024-0017"), "name": .string("张伟"), "degree": .string("本科"),
            "level": .string("工程师"), "route": .string("正常申报"), "agency": .string("衢州市水利局"),
            "graduated_on": .date(Day(2012, 6, 30)!), "title_since": .date(Day(2019, 12, 31)!),
            "self_score": .double(78.5), "in_post": .bool(true),
            "honors": .list([.string("浙江工匠"), .string("优秀党员")]),
            "certificates": .list([.string("一级建造师（水利水电工程）")]),
            "assessments": .list([
                obj(["year": .int(2022), "result": .string("优秀")]),
                obj(["year": .int(2023), "result": .string("合格")]),
            ]),
            "continuing_education": .list([
                obj(["year": .int(2023), "public": .int(24), "professional": .int(66), "other": .int(0)]),
                obj(["year": .int(2024), "public": .double(30.5), "professional": .int(60), "other": .int(2)]),
            ]),
            "performance": .list([
                obj(["title": .string("水库除险加固"), "new": .bool(true), "collective": .bool(false)]),
                obj(["title": .string("灌区改造"), "new": .bool(false), "collective": .bool(true)]),
                obj(["title": .string("堤防设计"), "new": .bool(true), "collective": .bool(true)]),
            ]),
            "photo": obj(["format": .string("JPG"), "bytes": .int(154000), "width": .int(295), "height": .int(413)]),
            "recommenders": .list([obj(["name": .string("李明"), "title": .string("高级工程师")])]),
        ], extras: [("备注", .string("已电话核实")), ("batch", .int(2))])
        let a1 = applicant([
            "id": .string("QZ2024-0018"), "name": .string("李娜"), "degree": .string("大专"),
            "level": .string("助理工程师"),
            "assessments": .list([
                obj(["year": .int(2022), "result": .string("合格")]),
                obj(["year": .int(2023), "result": .null]),
            ]),
            "honors": .list([]),
        ])
        return Dataset(name: "fixture", applicants: [a0, a1])
    }()

    static func env(asOf: Day? = T.asOf) -> Environment {
        let e = Environment(functions: .withBuiltins(), catalog: .defaultPack)
        e.asOf = asOf
        return e
    }

    static func parse(_ text: String) throws -> Expr {
        var p = try Parser(source: SourceFile(name: "<test>", text: text))
        let e = try p.parseExpression()
        try p.expectEnd()
        return e
    }

    /// Parses, compiles and evaluates `text` against row `row` of the fixture (or no row).
    static func eval(_ text: String, row: Int? = 0, env: Environment = T.env()) throws -> Value {
        let e = try parse(text)
        let c = try env.compile(e, dataset: dataset)
        if let r = row { return try c.evaluate(row: r) }
        return try c.evaluateConstant()
    }

    /// The diagnostic of any stage (lex, parse, compile, evaluate), nil when there is none.
    static func diagnostic(_ text: String, row: Int? = 0, env: Environment = T.env()) -> Diagnostic? {
        do { _ = try eval(text, row: row, env: env); return nil } catch let d as Diagnostic { return d } catch {
            return Diagnostic(.error, "non-diagnostic error \(error)")
        }
    }

    /// The rendered diagnostic (no colour) for `text`.
    static func rendered(_ text: String, row: Int? = 0, env: Environment = T.env()) -> String? {
        guard let d = diagnostic(text, row: row, env: env) else { return nil }
        return DiagnosticPrinter.render(d, source: SourceFile(name: "<test>", text: text), color: false)
    }

    /// Splits a case written as an input line and a caret marker line under it.
    static func splitMarker(_ s: String) -> (input: String, marker: String) {
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return (lines[0], lines.count > 1 ? lines[1] : "")
    }

    /// The caret line of a rendered diagnostic (trailing blanks dropped).
    static func caretLine(_ rendered: String) -> String? {
        rendered.split(separator: "\n").map(String.init).first { $0.contains("^") && $0.allSatisfy { " ^~".contains($0) } }
    }
}
