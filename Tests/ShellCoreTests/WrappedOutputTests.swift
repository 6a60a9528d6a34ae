import RosterData
import Testing
@testable import ShellCore
import TestSupport

/// Issue 13 items 1–3: `explain`, `rules ID`, `check` and `deadline-status` wrap (never cut) to
/// the width — the terminal's, else 80 — with a hanging indent; `explain` leads with the answer.
/// Exact lines at 80 and 120 columns, over the example roster (examples/roster-2024.json).
@Suite struct WrappedOutputTests {
    static let roster = "examples/roster-2024.json"

    /// A session with the example roster loaded, its output a terminal `width` columns wide.
    func session(width: Int) -> Session {
        let (s, out) = makeSession()
        let (msg, ok) = run("set as-of 2024-08-10\nload \(Self.roster)", in: s)
        #expect(ok, "\(Self.roster) must load: \(msg)")
        out.terminalWidth = width
        return s
    }

    func lines(_ command: String, width: Int) -> [String] {
        let (out, ok) = run(command, in: session(width: width))
        #expect(ok, "\(out)")
        return out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Whether `block` appears in `lines` as consecutive lines.
    func contains(_ lines: [String], _ block: [String]) -> Bool {
        guard !block.isEmpty, lines.count >= block.count else { return false }
        return (0...(lines.count - block.count)).contains { Array(lines[$0..<($0 + block.count)]) == block }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var command: String
        var width: Int
        var block: [String]
        var testDescription: String { "\(command) @\(width)" }
    }

    static let cases: [Case] = [
        // explain: 结论 first, the failing rule right under it, R2.3 naming the closest row.
        Case(command: "explain QZ2024-0017", width: 80, block: [
            "QZ2024-0017 梁明艳  申报 工程师 · 正常申报（资历截至 2024-12-31）",
            "结论：不符合（1 条不通过）",
            "  R2.3   学历资历                  ✘ 不通过",
            "         工程师 各行均不满足；最接近 E1：学历 本科（等级 3）达到此行要求（≥2）；",
            "         任助理工程师 3年又6天（2021-12-25 起，截至 2024-12-31），需满 4 年 — 差",
            "         11个月又25天（各行见下方「二(一) 学历资历表」）",
            "",
            "其余申报条件（16 条通过）",
            "  R1.1   单位性质                  ✔ 通过     单位性质 企业，属于 事业单位、企业",
        ]),
        Case(command: "explain QZ2024-0017", width: 120, block: [
            "结论：不符合（1 条不通过）",
            "  R2.3   二(一)              学历资历                  ✘ 不通过",
            "         工程师 各行均不满足；最接近 E1：学历 本科（等级 3）达到此行要求（≥2）；任助理工程师 3年又6天（2021-12-25 起，",
            "         截至 2024-12-31），需满 4 年 — 差 11个月又25天（各行见下方「二(一) 学历资历表」）",
        ]),
        // A message of two lines hangs beside its label; a date is never split.
        Case(command: "explain QZ2024-0017", width: 80, block: [
            "  R10    2001年前学历证明          ✔ 通过     毕业于 1996-07-01（早于",
            "                                              2001-01-01），已上传学历证明",
        ]),
        // R8's window shortened by the work start says so (not "2023–2023 年（近 4 年）").
        Case(command: "explain QZ2024-0006", width: 80, block: [
            "  R8     年度考核                  ✘ 不通过",
            "         2023 年（近 4 年为 2020–2023 年；2023 年参加工作，自该年起）须为 优秀、",
            "         良好、合格、称职：2023 年度考核 基本合格",
        ]),
        // rules R2.3: the reading in Chinese words, {fallback_ce_years} filled in.
        Case(command: "rules R2.3", width: 80, block: [
            "※ 解读：满足申报级别任一行即可；学历高于该行要求也满足该行。继续教育年限取已满足",
            "        的行中最少者；无行满足时取学历达到的行中最少者；都达不到时取 4 年；学历",
            "        不明时可能为任一学历，也可能都达不到；缺数据使可能的年限不唯一时，只有按",
            "        各可能年限结果都相同才判定继续教育学时（R7）",
        ]),
        // Each table row quotes the notice's own row and names the degrees of its rank.
        Case(command: "rules R2.3", width: 80, block: [
            "  E2  工程师      「研究生学历或硕士学位或取得第二学士学位  任助理工程师职务满二",
            "                   年」",
            "                  → 学历等级 ≥ 4（第二学士、硕士、研究生及以上）；任助理工程师满",
            "                    2 年；继续教育 2 年",
            "  E3  工程师      「博士学位  从事专业工作」",
            "                  → 学历等级 ≥ 5（博士）；从事专业工作；继续教育 1 年",
        ]),
        Case(command: "rules R2.3", width: 120, block: [
            "  A2  助理工程师  「大专毕业  任技术员职务满二年」",
            "                  → 学历等级 ≥ 2（大专、高级工班及以上）；任技术员满 2 年；继续教育 2 年",
        ]),
        Case(command: "rules P4", width: 80, block: [
            "※ 解读：公示开始至结束日期（两端都计）的工作日不少于 5 个，且公示结束不晚于单位",
            "        审核日期；开始晚于结束为不符合",
        ]),
        // check: the reason wraps inside its column instead of "须为 优秀、良好、合…".
        Case(command: "check", width: 80, block: [
            "QZ2024-0001  朱婷    R8     不符合  2020–2023 年（近 4 年）须为 优秀、良好、",
            "                                    合格、称职：2021 年度考核 基本合格",
            "QZ2024-0003  孙雪    M4     需补正  高 300 像素，须大于 300；宽高比 413/300 =",
            "                                    1.3767，须在 0.65–0.8 之间（含）",
        ]),
        Case(command: "check", width: 120, block: [
            "QZ2024-0001  朱婷    R8     不符合  2020–2023 年（近 4 年）须为 优秀、良好、合格、称职：2021 年度考核 基本合格",
        ]),
        // deadline-status: the P1 window wraps, its end date whole.
        Case(command: "deadline-status", width: 80, block: [
            "P1 个人网上申报  2024-07-04 至    已截止             222         8      10     0",
            "                 2024-08-03",
            "P2 单位审核报送  截止 2024-08-16  进行中         6   132         0       0   108",
        ]),
        Case(command: "deadline-status", width: 120, block: [
            "P1 个人网上申报  2024-07-04 至 2024-08-03  已截止             222         8      10     0",
        ]),
    ]

    @Test(arguments: cases) func exactLines(_ c: Case) {
        let got = lines(c.command, width: c.width)
        #expect(contains(got, c.block), "\(c.command) at \(c.width):\n\(got.joined(separator: "\n"))")
    }

    /// Nothing is cut and no line is wider than the terminal.
    @Test(arguments: ["explain QZ2024-0017", "explain QZ2024-0005", "rules R2.3", "rules R8", "rules E2", "check", "deadline-status"], [80, 120])
    func fitsAndNothingCut(_ command: String, _ width: Int) {
        let got = lines(command, width: width)
        for l in got { #expect(displayWidth(l) <= width, "\(command) @\(width): \(l)") }
        #expect(!got.contains { $0.contains("…") && !$0.hasPrefix("… 另有") }, "\(command) @\(width) cut a text")
    }

    /// Off a terminal prose is wrapped at 80 columns (scripts, pipes, `--check`), tables not narrowed.
    @Test func proseAt80WithoutTerminal() {
        let (s, _) = makeSession()
        run("set as-of 2024-08-10\nload \(Self.roster)", in: s)
        let out = run("explain QZ2024-0017", in: s).output
        #expect(out.contains("         工程师 各行均不满足；最接近 E1：学历 本科（等级 3）达到此行要求（≥2）；\n"))
        let check = run("check", in: s).output
        #expect(check.contains("QZ2024-0001  朱婷    R8     不符合  2020–2023 年（近 4 年）须为 优秀、良好、合格、称职：2021 年度考核 基本合格\n"))
    }

    /// The R2.3 line no longer lists every row: one row, the closest, in check too.
    @Test func r23NamesTheClosestRowOnly() {
        let out = lines("check", width: 200).joined(separator: "\n")
        #expect(out.contains("工程师 各行均不满足；最接近 E1：学历 中专（等级 1）未达此行要求（≥2）"))
        #expect(!out.contains("E2 不符合"))
    }
}
