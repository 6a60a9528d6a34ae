import Testing
import RosterData
@testable import ShellLang

@Suite struct ParserTests {
    /// Precedence and associativity, shown fully parenthesised.
    @Test(arguments: [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("8 / 4 / 2", "((8 / 4) / 2)"),
        ("7 % 3 * 2", "((7 % 3) * 2)"),
        ("-a * b", "((-a) * b)"),
        ("- -a", "(-(-a))"),
        ("-photo.width", "(-photo.width)"),
        ("a + b == c", "((a + b) == c)"),
        ("a < b and c >= d", "((a < b) and (c >= d))"),
        ("a or b and c", "(a or (b and c))"),
        ("a || b && c", "(a or (b and c))"),
        ("not a == b", "(not (a == b))"),
        ("!a and b", "((not a) and b)"),
        ("not not a", "(not (not a))"),
        ("a and not b or c", "((a and (not b)) or c)"),
        ("x in [1, 2]", "(x in [1, 2])"),
        ("x not in [\"a\"] or y", "((x not in [\"a\"]) or y)"),
        ("a.b.c", "a.b.c"),
        ("assessments[0].result", "assessments[0].result"),
        ("xs[i + 1]", "xs[(i + 1)]"),
        ("f(x, level: \"工程师\")", "f(x, level: \"工程师\")"),
        ("f()", "f()"),
        ("(1 + 2) * 3", "((1 + 2) * 3)"),
        ("[]", "[]"),
        ("[1, 2,]", "[1, 2]"),
        ("2024-12-31 - 30", "(2024-12-31 - 30)"),
        ("true and false or null", "((true and false) or null)"),
        ("学历 == \"本科\"", "(学历 == \"本科\")"),
        ("证件照.宽 > 300", "(证件照.宽 > 300)"),
    ])
    func precedence(_ input: String, _ expected: String) throws {
        #expect(try T.parse(input).description == expected)
    }

    @Test func nodeRangesCoverTheirSource() throws {
        let e = try T.parse("  years(graduated_on) >= 3")
        #expect(e.range.start.column == 3)
        #expect(e.range.end.column == 27)
        guard case .binary(_, let l, let r) = e.kind else { Issue.record("not binary"); return }
        #expect(l.range.start.offset == 2 && l.range.end.offset == 21)
        #expect(r.range.start.offset == 25)
    }

    @Test func cursorSortByDescCommaList() throws {
        var p = try Parser(source: SourceFile(name: "<repl:1>", text: "sort by x desc, y + 1 asc"))
        do { let ok = p.consumeKeyword("sort"); #expect(ok) }
        do { let ok = p.consumeKeyword("by"); #expect(ok) }
        do { let e = try p.parseExpression(); #expect(e.description == "x") }
        do { let ok = p.consumeKeyword("desc"); #expect(ok) }
        do { let ok = p.consume(","); #expect(ok) }
        do { let e = try p.parseExpression(); #expect(e.description == "(y + 1)") }
        do { let ok = p.consumeKeyword("desc"); #expect(!ok) }
        do { let ok = p.consumeKeyword("asc"); #expect(ok) }
        #expect(p.isAtEnd)
        try p.expectEnd()
    }

    @Test func cursorSelectAs() throws {
        var p = try Parser(source: SourceFile(name: "<repl:1>", text: "select a + 1 as b, c"))
        _ = p.consumeKeyword("select")
        do { let e = try p.parseExpression(); #expect(e.description == "(a + 1)") }
        do { let ok = p.consumeKeyword("as"); #expect(ok) }
        do { let n = p.consumeIdentifier(); #expect(n?.name == "b") }
        do { let ok = p.consume(","); #expect(ok) }
        do { let e = try p.parseExpression(); #expect(e.description == "c") }
        #expect(p.peek() == nil)
    }

    @Test func cursorShowCountAndStats() throws {
        var p = try Parser(source: SourceFile(name: "<repl:1>", text: "show 5 name, unit"))
        _ = p.consumeKeyword("show")
        do { let e = try p.parseExpression(); #expect(e.description == "5") }
        do { let e = try p.parseExpression(); #expect(e.description == "name") }
        do { let ok = p.consume(","); #expect(ok) }
        do { let e = try p.parseExpression(); #expect(e.description == "unit") }
        var q = try Parser(source: SourceFile(name: "<repl:2>", text: "stats self_score by level"))
        _ = q.consumeKeyword("stats")
        do { let e = try q.parseExpression(); #expect(e.description == "self_score") }
        do { let ok = q.consumeKeyword("by"); #expect(ok) }
        do { let e = try q.parseExpression(); #expect(e.description == "level") }
        try q.expectEnd()
    }

    @Test func cursorRawIdAndLabelledArguments() throws {
        var p = try Parser(source: SourceFile(name: "<repl:1>", text: "explain QZ2024-0017 level:\"工程师\" route: \"正常申报\", 3"))
        do { let ok = p.consumeKeyword("explain"); #expect(ok) }
        let id = p.consumeRawWord()
        #expect(id?.text == "QZ2024-0017")
        #expect(id?.range.start.column == 9)
        let args = try p.parseLabelledArguments()
        #expect(args.map(\.label) == ["level", "route", nil])
        #expect(args.map(\.value.description) == ["\"工程师\"", "\"正常申报\"", "3"])
        #expect(p.isAtEnd)
    }

    @Test func parsesOnlyTheGivenRange() throws {
        let src = SourceFile(name: "s.zcs", text: "filter 学历 == \"本科\" # tail", firstLine: 3)
        var p = try Parser(source: src, range: 7..<src.utf8.count)
        let e = try p.parseExpression()
        #expect(e.description == "(学历 == \"本科\")")
        #expect(e.range.start == SourcePosition(offset: 7, line: 3, column: 8))
    }

    @Test(arguments: [
        ("x +", true), ("(a", true), ("f(a,", true), ("[1, 2", true), ("\"abc", true), ("a and", true),
        ("x not", true), ("level:", true), ("a ==", true), ("sort by x,", true),
        ("x + 1", false), ("f(a)", false), ("", false), ("a)", false), ("@", false), ("\"a\"", false),
        ("sort by x desc", false),
    ])
    func incompleteInput(_ text: String, _ expected: Bool) {
        #expect(Parser.isIncomplete(text) == expected)
    }

    /// Every syntax error, with the caret written under the input as it is rendered.
    @Test(arguments: [
        ("""
         (1 + 2
               ^
         """, "输入不完整：缺少 `)`", true),
        ("""
         1 +
            ^
         """, "输入不完整：需要表达式", true),
        ("""
         f(1 2)
             ^
         """, "意外的 `2`：需要 `)`", false),
        ("""
         a b
           ^
         """, "意外的 `b`", false),
        ("""
         学历 = "本科"
              ^
         """, "意外的 `=`", false),
        ("""
         ) + 1
         ^
         """, "意外的 `)`：此处需要表达式", false),
        ("""
         a and or b
               ^~
         """, "意外的 `or`：此处需要表达式", false),
        ("""
         photo.
               ^
         """, "输入不完整：`.` 后需要字段名", true),
        ("""
         photo.1
               ^
         """, "意外的 `1`：`.` 后需要字段名", false),
        ("""
         xs[1
             ^
         """, "输入不完整：缺少 `]`", true),
        ("""
         [1, 2)
              ^
         """, "意外的 `)`：需要 `]`", false),
        ("""
         名称 == "张伟" @
                        ^
         """, "无法识别的字符 `@`（U+0040）", false),
        ("""
         x == "abc
              ^~~~
         """, "字符串未结束", true),
        ("""
         "\\q"
          ^~
         """, "无效的转义 `\\q`", false),
        ("""
         "\\u{110000}"
          ^~~~~~~~~~
         """, "无效的 Unicode 转义 `\\u{110000}`", false),
        ("""
         d < 2024-02-30
             ^~~~~~~~~~
         """, "无效的日期 `2024-02-30`：2024 年 2 月只有 29 天", false),
        ("""
         d < 2024-13-01
             ^~~~~~~~~~
         """, "无效的日期 `2024-13-01`：没有 13 月", false),
        ("""
         d < 2024-7-4
             ^~~~~~~~
         """, "无效的日期 `2024-7-4`", false),
        ("""
         n > 99999999999999999999
             ^~~~~~~~~~~~~~~~~~~~
         """, "整数过大 `99999999999999999999`", false),
        ("""
         3abc
         ^~~~
         """, "无效的数字 `3abc`", false),
        ("""
         学历 == “本科”
                 ^
         """, "无法识别的字符 `“`（U+201C）", false),
    ])
    func syntaxErrors(_ source: String, _ message: String, _ incomplete: Bool) throws {
        let (input, marker) = T.splitMarker(source)
        guard let d = T.diagnostic(input) else { Issue.record("no error for \(input)"); return }
        #expect(d.message == message)
        #expect(d.isIncompleteInput == incomplete)
        let rendered = DiagnosticPrinter.render(d, source: SourceFile(name: "<test>", text: input), color: false)
        #expect(T.caretLine(rendered) == marker, "\(rendered)")
    }

    @Test func unexpectedEqualsSuggestsDoubleEquals() {
        let d = T.diagnostic("学历 = \"本科\"")
        #expect(d?.help == "比较请用 `==`")
    }
}
