import Testing
import RosterData
@testable import ShellLang

@Suite struct ValueFormattingTests {
    @Test(arguments: [
        (Value.null, ""),
        (.bool(true), "true"),
        (.int(-42), "-42"),
        (.double(3), "3"),
        (.double(2.5), "2.5"),
        (.double(1.0 / 3), "0.333333"),
        (.double(-0.0000004), "0"),
        (.double(-1.25), "-1.25"),
        (.double(0.1 + 0.2), "0.3"),
        (.double(1e20), "1e+20"),
        (.double(123456789.125), "123456789.125"),
        (.string("衢州"), "衢州"),
        (.date(Day(2024, 7, 4)!), "2024-07-04"),
        (.list([.string("浙江工匠"), .string("优秀党员")]), "浙江工匠; 优秀党员"),
        (.list([]), ""),
        (.object(Record([("year", .int(2023)), ("result", .string("合格"))])), "{year: 2023, result: 合格}"),
        (.list([.object(Record([("a", .null)])), .list([.int(1)])]), "{a: null}; [1]"),
    ] as [(Value, String)])
    func screen(_ v: Value, _ expected: String) {
        #expect(formatValue(v) == expected)
    }

    @Test(arguments: [
        (Value.null, "null"),
        (.bool(false), "false"),
        (.int(7), "7"),
        (.double(78.5), "78.5"),
        (.double(78), "78"),
        (.double(.infinity), "null"),
        (.string("a\"b\\c\n\u{1}中"), #""a\"b\\c\n\u0001中""#),
        (.date(Day(2024, 12, 31)!), "\"2024-12-31\""),
        (.list([.int(1), .string("x")]), "[1,\"x\"]"),
        (.object(Record([("z", .int(1)), ("a", .list([]))])), "{\"z\":1,\"a\":[]}"),
    ] as [(Value, String)])
    func json(_ v: Value, _ expected: String) {
        #expect(jsonLiteral(v) == expected)
    }

    @Test func sortOrderPutsNullLast() {
        let vs: [Value] = [.null, .string("b"), .int(3), .double(1.5), .date(Day(2024, 1, 1)!), .string("a")]
        let sorted = vs.sorted { compareForSort($0, $1) < 0 }
        #expect(sorted == [.double(1.5), .int(3), .string("a"), .string("b"), .date(Day(2024, 1, 1)!), .null])
    }

    @Test func sourceFileLines() {
        let f = SourceFile(name: "s", text: "a\r\nb\n\nc", firstLine: 10)
        #expect(f.lineText(10) == "a")
        #expect(f.lineText(11) == "b")
        #expect(f.lineText(12) == "")
        #expect(f.lineText(13) == "c")
        #expect(f.lineText(14) == nil)
        #expect(f.lineText(9) == nil)
        #expect(f.position(at: 4) == SourcePosition(offset: 4, line: 11, column: 2))
    }
}
