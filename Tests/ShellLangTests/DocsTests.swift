import Testing
import Foundation
import RosterData
@testable import ShellLang

/// docs/language.md is checked: its built-in examples, example table and truth table are real.
@Suite struct DocsTests {
    static let doc: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/language.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// Table rows between `<!-- name -->` and `<!-- end -->`, cells trimmed, header rows dropped.
    static func table(_ name: String) -> [[String]] {
        guard let start = doc.range(of: "<!-- \(name) -->"),
              let end = doc.range(of: "<!-- end -->", range: start.upperBound..<doc.endIndex) else { return [] }
        return doc[start.upperBound..<end.lowerBound].split(separator: "\n").dropFirst(2).map { line in
            line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    static func unquote(_ s: String) -> String {
        s.hasPrefix("`") && s.hasSuffix("`") ? String(s.dropFirst().dropLast()) : s
    }

    @Test func everyBuiltinIsDocumentedWithItsExample() {
        #expect(!Self.doc.isEmpty)
        for f in FunctionRegistry.withBuiltins().all {
            #expect(Self.doc.contains("`\(f.signature)`"), "\(f.name) missing from docs")
            if !f.example.isEmpty {
                #expect(Self.doc.contains("`\(f.example)` → `\(f.exampleOutput)`"), "\(f.name) example missing")
            }
        }
    }

    @Test func exampleTableEvaluates() throws {
        let rows = Self.table("examples")
        #expect(rows.count >= 20)
        for row in rows {
            let v = try T.eval(Self.unquote(row[0]), row: nil)
            let shown = v.isNull ? "null" : formatValue(v)
            #expect(shown == Self.unquote(row[1]), "\(row[0])")
        }
    }

    @Test func truthTableEvaluates() throws {
        let rows = Self.table("truth-table")
        #expect(rows.count == 9)
        for row in rows {
            let and = try T.eval("\(row[0]) and \(row[1])", row: nil)
            let or = try T.eval("\(row[0]) or \(row[1])", row: nil)
            #expect((and.isNull ? "null" : formatValue(and)) == row[2], "\(row)")
            #expect((or.isNull ? "null" : formatValue(or)) == row[3], "\(row)")
        }
    }

    @Test func documentedDiagnosticIsReal() throws {
        // The sample in "Diagnostics".
        let src = SourceFile(name: "tour.zcs", text: "let x = 1\n\nfilter 学历 == \"本科\" and degre == 1")
        var p = try Parser(source: src, range: 18..<src.utf8.count)
        let e = try p.parseExpression()
        do {
            _ = try T.env().compile(e, dataset: nil)
        } catch {
            let r = DiagnosticPrinter.render(error, source: src, color: false)
            #expect(Self.doc.contains(r.trimmingCharacters(in: .newlines)))
        }
    }
}
