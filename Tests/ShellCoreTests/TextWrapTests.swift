import RosterData
import Testing
@testable import ShellCore
import TestSupport

/// TextWrap: exact lines at given widths.
@Suite struct TextWrapTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var width: Int
        var indent: String = ""
        var lines: [String]
        var testDescription: String { "\(width): \(text.prefix(20))" }
    }

    static let cases: [Case] = [
        // A term of at most 6 ideographs moves whole: never 事业|单位.
        Case(text: "单位性质 事业单位，属于 事业单位、企业", width: 16,
             lines: ["单位性质", "事业单位，属于", "事业单位、企业"]),
        Case(text: "R1.1 单位性质 事业单位", width: 20, lines: ["R1.1 单位性质", "事业单位"]),
        // A date, an id and a number are never split.
        Case(text: "公示 2024-07-13 至 2024-03-15 共 5 个工作日", width: 20,
             lines: ["公示 2024-07-13 至", "2024-03-15 共 5", "个工作日"]),
        Case(text: "申报人 QZ2024-0017 宽高比 0.8118", width: 18,
             lines: ["申报人 QZ2024-0017", "宽高比 0.8118"]),
        // No line starts with closing punctuation, none ends with an opening one.
        Case(text: "须为优秀、良好、合格、称职之一", width: 10,
             lines: ["须为优秀、", "良好、", "合格、", "称职之一"]),
        Case(text: "学历本科（等级 3）达到此行要求", width: 12,
             lines: ["学历本科", "（等级 3）", "达到此行要求"]),
        Case(text: "继续教育学时每年均达标。下一句", width: 24,
             lines: ["继续教育学时每年均达标。", "下一句"]),
        // A long run of ideographs breaks between characters.
        Case(text: "满足申报级别任一行即可学历高于该行要求也满足该行", width: 20,
             lines: ["满足申报级别任一行即", "可学历高于该行要求也", "满足该行"]),
        // Hanging indent.
        Case(text: "工程师 各行均不满足：E1 任助理工程师 3年又6天，需满 4 年", width: 30, indent: "  R2.3  ",
             lines: ["  R2.3  工程师 各行均不满足：", "        E1 任助理工程师 3年又", "        6天，需满 4 年"]),
        // A code span is one piece, spaces included.
        Case(text: "输入 `set max-rows 0` 后重新运行", width: 16,
             lines: ["输入", "`set max-rows 0`", "后重新运行"]),
        // A piece wider than the line is cut by characters, nothing lost.
        Case(text: "abcdefghijkl", width: 5, lines: ["abcde", "fghij", "kl"]),
        // Paragraphs and empty lines are kept; trailing spaces dropped.
        Case(text: "一\n\n二  ", width: 10, lines: ["一", "", "二"]),
        // Fits: unchanged.
        Case(text: "  P5  缴费  ✔ 通过  已缴费", width: 80, lines: ["  P5  缴费  ✔ 通过  已缴费"]),
    ]

    @Test(arguments: cases) func wraps(_ c: Case) {
        let got = TextWrap.wrap(c.text, width: c.width, indent: c.indent)
        #expect(got == c.lines)
        for l in got { #expect(displayWidth(l) <= c.width) }
    }

    /// The issue's examples at 80 columns.
    @Test func issueExamplesAt80() {
        let r8 = "  QZ2024-0001  朱婷    R8     不符合  2020–2023 年（近 4 年）须为 优秀、良好、合格、称职 之一，2022 年为 基本合格"
        let got = TextWrap.wrap(r8, width: 80, hangingIndent: String(repeating: " ", count: 38))
        #expect(got == ["  QZ2024-0001  朱婷    R8     不符合  2020–2023 年（近 4 年）须为 优秀、良好、",
                        "                                      合格、称职 之一，2022 年为 基本合格"])
    }

    @Test func colourEscapesTakeNoColumns() {
        let red = "\u{1B}[31m✘ 不通过\u{1B}[0m"
        let got = TextWrap.wrap(red + " 学历 本科 未达此行要求", width: 20)
        #expect(got.map(TextWrap.stripANSI) == ["✘ 不通过 学历 本科", "未达此行要求"])
    }

    @Test func proseWidthIs80WithoutTerminal() {
        let (s, out) = makeSession()
        #expect(s.proseWidth == 80)
        out.terminalWidth = 120
        #expect(s.proseWidth == 120)
    }
}
