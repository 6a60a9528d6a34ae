import Foundation
import Testing
import RosterData
import ShellLang
@testable import ShellCore
import TestSupport

/// docs/language.md, "Rule functions": every rule function is documented, its help example is a
/// row of the example table, and every row of that table is what the shell computes.
@Suite struct RuleFunctionDocsTests {
    static let doc: String = {
        let path = packageRoot + "/docs/language.md"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("missing \(path)")
            return ""
        }
        return text
    }()

    /// Rows of the `<!-- rule-examples -->` table: expression, applicant id, result.
    static let rows: [[String]] = {
        guard let start = doc.range(of: "<!-- rule-examples -->"),
              let end = doc.range(of: "<!-- end -->", range: start.upperBound..<doc.endIndex) else { return [] }
        return doc[start.upperBound..<end.lowerBound].split(separator: "\n").dropFirst(2).map { line in
            line.split(separator: "|").map { cell in
                let t = cell.trimmingCharacters(in: .whitespaces)
                return t.hasPrefix("`") && t.hasSuffix("`") ? String(t.dropFirst().dropLast()) : t
            }
        }
    }()

    static func ruleFunctions() -> [FunctionDefinition] {
        let (s, _) = makeSession()
        let builtins = Set(FunctionRegistry.withBuiltins().all.map(\.name))
        return s.functions.all.filter { !builtins.contains($0.name) }
    }

    /// The value of `expression` for one applicant of the example roster, as the table shows it.
    static func evaluate(_ expression: String, applicant id: String, in s: Session) throws -> String {
        let state = try #require(s.current)
        let row = try #require(state.dataset.applicants.firstIndex { $0.id == id }, "no applicant \(id)")
        let src = SourceFile(name: "<doc>", text: expression)
        var p = try Parser(source: src)
        let e = try p.parseExpression()
        let v = try s.compile(e, source: expression, in: state).evaluate(row: row)
        if v.isNull { return "null" }
        if case .list(let items) = v { return "[" + items.map(jsonLiteral).joined(separator: ", ") + "]" }
        return formatValue(v)
    }

    @Test func everyRuleFunctionIsDocumentedWithItsExample() {
        let fs = Self.ruleFunctions()
        #expect(fs.count >= 9)
        #expect(fs.contains { $0.name == "rule_status" && $0.aliases.contains("规则状态") })
        for f in fs {
            #expect(Self.doc.contains("`\(f.signature)`"), "\(f.signature) missing from docs/language.md")
            #expect(Self.rows.contains { $0.count == 3 && $0[0] == f.example && $0[2] == f.exampleOutput },
                    "\(f.name): help example `\(f.example)` → `\(f.exampleOutput)` is not a row of the example table")
        }
    }

    @Test func exampleTableEvaluates() throws {
        #expect(Self.rows.count >= 12)
        let s = exampleSession()
        for row in Self.rows {
            try #require(row.count == 3, "\(row)")
            #expect(try Self.evaluate(row[0], applicant: row[1], in: s) == row[2], "\(row[0]) for \(row[1])")
        }
        // Each of the four statuses is shown at least once.
        for st in ["通过", "不通过", "待核实", "不适用"] { #expect(Self.rows.contains { $0[0].contains("rule_status") || $0[0].contains("规则状态") ? $0[2] == st : false }, "\(st)") }
    }

    /// `rule_status` tells 待核实 from 不适用 where `rule` gives null for both.
    @Test func ruleStatusCountsWhoIsUnknown() {
        let s = exampleSession()
        let (out, ok) = run("count by rule(\"R7\"), rule_status(\"R7\")", in: s)
        #expect(ok, "\(out)")
        #expect(out.contains("待核实"), "\(out)")
        let (o2, ok2) = run("count where rule_status(\"R3.2\") == \"不适用\" and is_null(rule(\"R3.2\"))", in: s)
        #expect(ok2)
        #expect(o2.contains("233"), "\(o2)")
        // An unknown rule id is an error at compile time, with a suggestion.
        let (o3, ok3) = run("count by rule_status(\"R77\")", in: s)
        #expect(!ok3)
        #expect(o3.contains("未知规则 `R77`"), "\(o3)")
    }
}

/// Only `years(`/`today(` as names of their own read the clock (so `ce_years()` does not warn).
@Test(arguments: [("ce_years()", false), ("years(title_since)", true), ("继续教育年数()", false), ("年数(title_since)", true),
                  ("x + today()", true), ("my_today()", false), ("(years(x))", true)])
func clockWords(_ text: String, _ reads: Bool) {
    #expect(Session.readsTheClock(text) == reads)
}
