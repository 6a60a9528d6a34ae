import Foundation
import RosterData
import Testing
@testable import ShellCore
import TestSupport

@Suite struct RenderingTests {
    func render(_ t: ResultTable, width: Int? = nil, color: Bool = false) -> [String] {
        let (s, out) = makeSession()
        out.terminalWidth = width
        s.settings.color = color
        return TableRenderer.render(t, session: s).components(separatedBy: "\n")
    }

    @Test func mixedWidthsAlign() {
        var t = ResultTable(columns: ["名字", "note", "n"])
        t.rows = [[.string("张伟"), .string("ok 🎉"), .int(7)],
                  [.string("Ann"), .string("水利局"), .int(1234)],
                  [.string("欧阳娜娜"), .string("x"), .null]]
        let lines = render(t)
        // Every line has its columns at the same display offsets.
        #expect(lines[0] == "名字      note       n")
        #expect(lines[2] == "张伟      ok 🎉      7")
        #expect(lines[3] == "Ann       水利局  1234")
        #expect(lines[4] == "欧阳娜娜  x")
        for l in lines.prefix(4) { #expect(displayWidth(l) <= 22) }
    }

    @Test func numbersRightTextLeftDatesISO() {
        var t = ResultTable(columns: ["日期", "分"])
        t.rows = [[.date(Day(2024, 3, 5)!), .double(3.5)], [.date(Day(2020, 12, 31)!), .int(10)]]
        let lines = render(t)
        #expect(lines[2] == "2024-03-05  3.5")
        #expect(lines[3] == "2020-12-31   10")
    }

    @Test func narrowTerminalShrinksAndCutsByDisplayWidth() {
        var t = ResultTable(columns: ["工作单位", "姓名"])
        t.rows = [[.string("衢州市水利局钱塘江流域管理中心"), .string("张伟")],
                  [.string("Quzhou Water Resources Bureau of Kaihua"), .string("李娜")]]
        let lines = render(t, width: 20)
        for l in lines { #expect(displayWidth(l) <= 20, "\(l)") }
        print(lines.joined(separator: "\n"))
        #expect(lines[2].hasPrefix("衢州市水利局") && lines[2].contains("…"))
        #expect(lines[3].contains("…") && lines[3].hasSuffix("李娜"))
        // Names stay whole.
        #expect(lines[2].hasSuffix("张伟"))
    }

    @Test func omittedRowsAreCounted() {
        var t = ResultTable(columns: ["a"])
        t.rows = [[.int(1)]]
        t.omitted = 41
        #expect(render(t).last?.contains("另有 41 行") == true)
    }

    @Test func verdictsColouredOnlyWithColour() {
        var t = ResultTable(columns: ["结论", "人数"])
        t.rows = [[.string("符合"), .int(3)], [.string("不符合"), .int(2)], [.string("待核实"), .int(1)]]
        let coloured = render(t, color: true).joined(separator: "\n")
        #expect(coloured.contains("\u{1B}[32m符合"))
        #expect(coloured.contains("\u{1B}[31m不符合"))
        #expect(coloured.contains("\u{1B}[33m待核实"))
        #expect(!render(t).joined().contains("\u{1B}"))
    }

    @Test func chartLabelsAlignWithChinese() {
        let (out, ok) = run("set as-of 2024-12-31\nload examples/roster-2024.json\ncount by agency --chart")
        #expect(ok)
        let bars = out.split(separator: "\n").filter { $0.contains("█") }
        #expect(bars.count == 7)
        let offsets = bars.map { l in displayWidth(l[..<l.firstIndex(of: "█")!]) }
        #expect(Set(offsets).count == 1, "\(bars)")
    }
}
