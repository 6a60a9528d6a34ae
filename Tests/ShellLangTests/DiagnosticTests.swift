import Testing
import RosterData
@testable import ShellLang

@Suite struct DiagnosticTests {
    /// Name, type and runtime errors: message, help, and the caret under the exact span.
    @Test(arguments: [
        ("""
         degre == "本科"
         ^~~~~
         """, "未知字段 `degre`", "您是否要找 `degree`（学历）?"),
        ("""
         学力 == "本科"
         ^~~~
         """, "未知字段 `学力`", "您是否要找 `学历`（degree）?"),
        ("""
         Level == "工程师"
         ^~~~~
         """, "未知字段 `Level`", "您是否要找 `level`（申报级别）?"),
        ("""
         yeras(graduated_on) > 3
         ^~~~~
         """, "未知函数 `yeras`", "您是否要找 函数 `years`（年数、满年数）?"),
        ("""
         年树(毕业时间) > 3
         ^~~~
         """, "未知函数 `年树`", "您是否要找 函数 `年数`（years）?"),
        ("""
         photo.widht > 300
               ^~~~~
         """, "`photo`（证件照） 没有字段 `widht`", "您是否要找 `width`（宽）?"),
        ("""
         any(assessments, reslt == "优秀")
                          ^~~~~
         """, "未知字段 `reslt`", "您是否要找 `result`（结果）?"),
        ("""
         years > 3
         ^~~~~
         """, "`years` 是函数，调用时需要括号：`years(…)`", nil),
        ("""
         xyzzy
         ^~~~~
         """, "未知字段 `xyzzy`", nil),
        ("""
         it == 1
         ^~
         """, "未知字段 `it`", "`it` 只能用在 any/all/count/sum 等函数的条件里，指当前项"),
        ("""
         years(graduated_on, 2024-01-01, 3)
                                         ^
         """, "函数 `years` 最多接受 2 个参数", "用法：years(from, to?)"),
        ("""
         years()
         ^~~~~~~
         """, "函数 `years` 缺少参数 `from`", "用法：years(from, to?)"),
        ("""
         round(1.5, digit: 2)
                    ^~~~~
         """, "函数 `round` 没有参数 `digit`", "您是否要找 `digits`?"),
        ("""
         matches(name, "[a-")
                       ^~~~~
         """, "无效的正则表达式 `[a-`", "语法见 ICU 正则表达式；要匹配字面字符请用 `\\\\` 转义"),
        ("""
         性名 + 1
         ^~~~
         """, "未知字段 `性名`", "您是否要找 `姓名`（name）?"),
    ] as [(String, String, String?)])
    func compileErrors(_ source: String, _ message: String, _ help: String?) throws {
        let (input, marker) = T.splitMarker(source)
        guard let d = T.diagnostic(input) else { Issue.record("no error for \(input)"); return }
        #expect(d.message == message)
        #expect(d.help == help)
        let r = DiagnosticPrinter.render(d, source: SourceFile(name: "<test>", text: input), color: false)
        #expect(T.caretLine(r) == marker, "\(r)")
    }

    @Test(arguments: [
        ("""
         name < 3
         ^~~~~~~~
         """, "类型错误：`<` 不能用于 string 与 number"),
        ("""
         graduated_on < "2013-01-01" or true
         ^~~~~~~~~~~~~~~~~~~~~~~~~~~
         """, "类型错误：`<` 不能用于 date 与 string"),
        ("""
         1 + 10 / (2 - 2)
             ^~~~~~~~~~~~
         """, "除数为零"),
        ("""
         self_score % 0
         ^~~~~~~~~~~~~~
         """, "除数为零"),
        ("""
         9223372036854775807 + 1
         ^~~~~~~~~~~~~~~~~~~~~~~
         """, "整数溢出"),
        ("""
         name + 1
         ^~~~~~~~
         """, "类型错误：`+` 不能用于 string 与 number"),
        ("""
         not name
         ^~~~~~~~
         """, "类型错误：`not` 需要 bool，实际为 string"),
        ("""
         degree and true
         ^~~~~~~~~~~~~~~
         """, "类型错误：`and` 需要 bool，左边为 string"),
        ("""
         len(in_post)
             ^~~~~~~
         """, "类型错误：参数 `value` 应为 string 或 list，实际为 bool"),
        ("""
         all(assessments, year)
                          ^~~~
         """, "类型错误：条件的结果应为 bool，实际为 number"),
        ("""
         honors["x"]
                ^~~
         """, "类型错误：下标应为整数，实际为 string"),
        ("""
         x == 2 or 3 in 4
                   ^~~~~~
         """, "类型错误：`in` 的右边应为 list 或 string，实际为 number"),
        ("""
         matches(name, name + "[")
                       ^~~~~~~~~~
         """, "无效的正则表达式 `张伟[`"),
        ("""
         2024-01-01 + 99999999
         ^~~~~~~~~~~~~~~~~~~~~
         """, "日期超出范围"),
        ("""
         in_post.width
                 ^~~~~
         """, "类型错误：`in_post`（在职在岗） 是 bool，没有字段 `width`"),
    ])
    func typeAndRuntimeErrors(_ source: String, _ message: String) throws {
        let (input, marker) = T.splitMarker(source)
        let env = T.env()
        env.variables["x"] = .int(1)
        guard let d = T.diagnostic(input, env: env) else { Issue.record("no error for \(input)"); return }
        #expect(d.message == message)
        let r = DiagnosticPrinter.render(d, source: SourceFile(name: "<test>", text: input), color: false)
        #expect(T.caretLine(r) == marker, "\(r)")
    }

    /// Full rendered text, in a few representative cases.
    @Test func fullTextOfUnknownField() {
        let src = SourceFile(name: "tour.zcs", text: "let x = 1\n\nfilter 学历 == \"本科\" and degre == 1", firstLine: 1)
        var p = try! Parser(source: src, range: 18..<src.utf8.count)
        let e = try! p.parseExpression()
        do {
            _ = try T.env().compile(e, dataset: T.dataset)
            Issue.record("expected an error")
        } catch {
            #expect(DiagnosticPrinter.render(error, source: src, color: false) == """
                tour.zcs:3:23: error: 未知字段 `degre`
                filter 学历 == "本科" and degre == 1
                                          ^~~~~
                help: 您是否要找 `degree`（学历）?

                """)
        }
    }

    @Test func fullTextOfIncompleteInputWithNote() {
        let r = T.rendered("any(honors, (it == \"a\")")
        #expect(r == """
            <test>:1:24: error: 输入不完整：缺少 `)`
            any(honors, (it == "a")
                                   ^
            note: `(` 在第 1 行第 4 列打开

            """)
    }

    @Test func fullTextOfTypeErrorWithHelp() {
        let r = T.rendered("毕业时间 >= \"2001-01-01\"")
        #expect(r == """
            <test>:1:1: error: 类型错误：`>=` 不能用于 date 与 string
            毕业时间 >= "2001-01-01"
            ^~~~~~~~~~~~~~~~~~~~~~~~
            help: 日期字面量不加引号，例如 2001-01-01

            """)
    }

    @Test func colourOnlyWhenAsked() {
        let d = Diagnostic.error("未知字段 `x`", at: SourceFile(name: "a", text: "x").range(0..<1), help: "h")
        let plain = DiagnosticPrinter.render(d, source: SourceFile(name: "a", text: "x"), color: false)
        let coloured = DiagnosticPrinter.render(d, source: SourceFile(name: "a", text: "x"), color: true)
        #expect(!plain.contains("\u{1B}["))
        #expect(coloured.contains("\u{1B}[1;31merror:"))
        #expect(coloured.contains("\u{1B}[0m"))
    }

    @Test func renderWithoutSourceOrRange() {
        #expect(DiagnosticPrinter.render(Diagnostic(.warning, "注意", notes: ["n1"]), source: nil, color: false)
                == "warning: 注意\nnote: n1\n")
    }

    @Test func caretsCountWideCharactersAndTabs() {
        let text = "\t名称 == \"衢州\" + 1"
        let src = SourceFile(name: "w", text: text)
        // The string literal "衢州" spans UTF-8 offsets 11..<19.
        let d = Diagnostic.error("m", at: src.range(11..<19))
        let r = DiagnosticPrinter.render(d, source: src, color: false)
        #expect(r.split(separator: "\n").map(String.init) == [
            "w:1:8: error: m", " 名称 == \"衢州\" + 1", "         ^~~~~~"])
    }

    /// Comparing an enum field with a value it never has is a warning, not an error.
    @Test(arguments: [
        ("level == \"工程\"", "`level`（申报级别） 没有取值 `工程`，这个比较永远不成立", "您是否要找 `工程师`?"),
        ("route == \"正常\"", "`route`（申报方式） 没有取值 `正常`，这个比较永远不成立", "数据中存的是 `正常申报`；您是否要找 `正常申报`?"),
        ("degree in [\"本科\", \"硕土\"]", "`degree`（学历） 没有取值 `硕土`，这个比较永远不成立", "您是否要找 `硕士`?"),
        ("any(assessments, result == \"优\")", "`result`（结果） 没有取值 `优`，这个比较永远不成立", "您是否要找 `优秀`?"),
    ])
    func enumWarnings(_ text: String, _ message: String, _ help: String) throws {
        let c = try T.env().compile(T.parse(text), dataset: T.dataset)
        #expect(c.warnings.count == 1)
        #expect(c.warnings.first?.severity == .warning)
        #expect(c.warnings.first?.message == message)
        #expect(c.warnings.first?.help == help)
    }

    @Test func noWarningForValidEnumValues() throws {
        let c = try T.env().compile(T.parse("level == \"工程师\" and degree in [\"本科\", \"硕士\"]"), dataset: T.dataset)
        #expect(c.warnings.isEmpty)
    }

    @Test func suggestionForVariablesAndExtras() {
        let env = T.env()
        env.variables["threshold"] = .int(1)
        #expect(T.diagnostic("treshold", env: env)?.help == "您是否要找 变量 `threshold`?")
        #expect(T.diagnostic("bach")?.help == "您是否要找 `batch`?")
    }
}

@Suite struct DiagnosticValueTests {
    @Test func labelledInitAndDescription() {
        let src = SourceFile(name: "<repl:3>", text: "x y")
        let d = Diagnostic(severity: .warning, message: "m", range: src.range(2..<3), help: "h")
        #expect(d == Diagnostic(.warning, "m", range: src.range(2..<3), help: "h"))
        #expect(d.description == "<repl:3>:1:3: warning: m")
        #expect(!d.isIncompleteInput)
    }
}
