import Testing
import RosterData
@testable import ShellLang

@Suite struct LexerTests {
    static func kinds(_ s: String) throws(Diagnostic) -> [Token.Kind] {
        try Lexer.tokenize(SourceFile(name: "t", text: s)).map(\.kind)
    }

    @Test(arguments: [
        ("degree", [Token.Kind.identifier("degree")]),
        ("学历", [.identifier("学历")]),
        ("_x1 证件照", [.identifier("_x1"), .identifier("证件照")]),
        ("42", [.integer(42)]),
        ("007", [.integer(7)]),
        ("2.5", [.decimal(2.5)]),
        ("1e3", [.decimal(1000)]),
        ("\"本科\"", [.string("本科")]),
        (#""a\"b\\c\nd\te\u{4E2D}""#, [.string("a\"b\\c\nd\te中")]),
        ("2024-12-31", [.date(Day(2024, 12, 31)!)]),
        ("2024 - 12", [.integer(2024), .punctuation("-"), .integer(12)]),
        ("a.b[0]", [.identifier("a"), .punctuation("."), .identifier("b"), .punctuation("["), .integer(0), .punctuation("]")]),
        ("== != <= >= < > = ! && ||", ["==", "!=", "<=", ">=", "<", ">", "=", "!", "&&", "||"].map { Token.Kind.punctuation($0) }),
        ("( ) , : + - * / %", ["(", ")", ",", ":", "+", "-", "*", "/", "%"].map { Token.Kind.punctuation($0) }),
        ("x # comment\ny", [.identifier("x"), .identifier("y")]),
        ("QZ2024-0017", [.identifier("QZ2024"), .punctuation("-"), .integer(17)]),
        ("a\u{3000}b", [.identifier("a"), .identifier("b")]),
        ("", []),
    ] as [(String, [Token.Kind])])
    func tokenKinds(_ input: String, _ expected: [Token.Kind]) throws {
        #expect(try Self.kinds(input) == expected)
    }

    @Test func rangesAreUTF8OffsetsAndCharacterColumns() throws {
        let toks = try Lexer.tokenize(SourceFile(name: "r.zcs", text: "学历 == \"本科\"\n  x"))
        #expect(toks.map(\.text) == ["学历", "==", "\"本科\"", "x"])
        #expect(toks[0].range.start == SourcePosition(offset: 0, line: 1, column: 1))
        #expect(toks[0].range.end == SourcePosition(offset: 6, line: 1, column: 3))
        #expect(toks[1].range.start == SourcePosition(offset: 7, line: 1, column: 4))
        #expect(toks[2].range.start.column == 7)
        #expect(toks[2].range.end.offset == 18)
        #expect(toks[3].range.start == SourcePosition(offset: 21, line: 2, column: 3))
        #expect(toks[3].range.source == "r.zcs")
    }

    @Test func lexesOnlyTheGivenRangeWithAbsolutePositions() throws {
        let src = SourceFile(name: "t", text: "sort by 学历 desc", firstLine: 5)
        let toks = try Lexer.tokenize(src, range: 8..<14)
        #expect(toks.map(\.text) == ["学历"])
        #expect(toks[0].range.start == SourcePosition(offset: 8, line: 5, column: 9))
    }

    @Test func incompleteStringIsFlagged() {
        #expect(throws: Diagnostic.self) { try Self.kinds("\"abc") }
        do { _ = try Self.kinds("\"abc") } catch { #expect(error.isIncompleteInput) }
    }

    @Test func multilineStringKeepsNewline() throws {
        #expect(try Self.kinds("\"a\nb\"") == [.string("a\nb")])
    }
}
