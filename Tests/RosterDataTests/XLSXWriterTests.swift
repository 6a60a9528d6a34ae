import Foundation
import Testing
@testable import RosterData

@Suite struct XLSXWriterTests {
    typealias F = XLSXFixture

    static let columns = [
        XLSXColumn(header: "姓名"), XLSXColumn(header: "身份证号", isText: true), XLSXColumn(header: "毕业时间", isDate: true),
        XLSXColumn(header: "自评分"), XLSXColumn(header: "在职在岗"), XLSXColumn(header: "备注"), XLSXColumn(header: "编号", isText: true),
    ]
    static let rows: [[SpreadsheetCell]] = [
        [.text("张伟"), .text("330802199001011234"), .date(Day(2024, 2, 29)!), .number(78.5), .bool(true), .text("衢州市乌溪江引水工程管理中心"), .text("007")],
        [.text("李娜"), .text("33080219851212123X"), .date(Day(1900, 3, 1)!), .number(90), .bool(false), .empty, .text("0001")],
        [.text("王 芳 "), .empty, .empty, .empty, .empty, .text("A & B <c> \"q\" 'a'\n第二行\t制表"), .number(12)],
        [.text("赵_x0041_六\u{1}"), .text("110101200001010011"), .date(Day(1900, 1, 1)!), .number(-0.25), .empty, .text("\r回车 😀"), .empty],
        [.text("钱七"), .text("1e5"), .text("2023-07-01"), .number(1e20), .bool(true), .text("  "), .date(Day(2024, 7, 4)!)],
        [.text("孙八"), .empty, .date(Day(1899, 12, 31)!), .number(123456789012345), .empty, .empty, .bool(true)],
    ]

    /// What reading the written workbook must give back.
    static var expected: [[SpreadsheetCell]] {
        var out: [[SpreadsheetCell]] = [columns.map { .text($0.header) }]
        for row in rows {
            var r = row
            // Text columns hold the text form; a date column turns date text into dates;
            // days before 1900 are text; trailing empty cells are not stored.
            r[6] = r[6].text.map(SpreadsheetCell.text) ?? .empty
            if case .text(let s) = r[2], let d = Day.parse(s) { r[2] = .date(d) }
            if r[2] == .date(Day(1899, 12, 31)!) { r[2] = .text("1899-12-31") }
            while r.last == .empty { r.removeLast() }
            out.append(r)
        }
        return out
    }

    @Test func roundTrip() throws {
        let bytes = try XLSXWriter.data(sheetName: "花名册", columns: Self.columns, rows: Self.rows)
        let grid = try F.read(bytes)
        #expect(grid.sheetName == "花名册")
        #expect(grid.mergedRanges.isEmpty)
        #expect(grid.rows.count == Self.expected.count)
        for (i, row) in Self.expected.enumerated() where i < grid.rows.count {
            #expect(grid.rows[i] == row, "row \(i + 1)")
        }
    }

    @Test func roundTripThroughAFileIsAtomic() throws {
        let dir = F.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("花名册.xlsx").path
        try XLSXWriter.write(sheetName: "花名册", columns: Self.columns, rows: Self.rows, to: path)
        #expect(try XLSXReader.read(path: path).rows == Self.expected)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // A failing write leaves the old file and no temporary file behind.
        #expect(throws: RosterError.self) {
            try XLSXWriter.write(sheetName: "花名册", columns: Self.columns, rows: [[.text("a"), .empty, .empty, .number(.nan)]], to: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["花名册.xlsx"])
        // Overwriting works, and gives the same bytes for the same grid.
        try XLSXWriter.write(sheetName: "花名册", columns: Self.columns, rows: Self.rows, to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let nowhere = dir.appendingPathComponent("没有/x.xlsx").path
        #expect(throws: RosterError.self) { try XLSXWriter.write(sheetName: "S", columns: [], rows: [], to: nowhere) }
        #expect(!FileManager.default.fileExists(atPath: nowhere))
    }

    @Test func workbookStructure() throws {
        let bytes = try XLSXWriter.data(sheetName: "花名册", columns: Self.columns, rows: Self.rows)
        let parts = F.unzip(bytes)
        #expect(Set(parts.keys) == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                    "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(sheet.contains("<dimension ref=\"A1:G7\"/>"))
        // Header bold (style 1), 身份证号 a shared string with the text style, dates serials with the date style.
        #expect(sheet.contains("<c r=\"A1\" s=\"1\" t=\"s\">"))
        #expect(sheet.contains("<c r=\"B2\" s=\"3\" t=\"s\">"))
        #expect(sheet.contains("<c r=\"C2\" s=\"2\"><v>45351</v></c>"))
        #expect(sheet.contains("<c r=\"C3\" s=\"2\"><v>61</v></c>"))
        #expect(sheet.contains("<c r=\"D3\"><v>90</v></c>"))
        #expect(sheet.contains("<c r=\"E2\" t=\"b\"><v>1</v></c>"))
        #expect(!sheet.contains("<v>330802199001011234</v>"))
        // Widths follow display width: the long CJK unit column is wider than the 自评分 column.
        let widths = try Self.widths(sheet)
        #expect(widths.count == 7)
        #expect(widths[5] > widths[3])
        #expect(widths[1] >= 18)   // 18 digits
        #expect(sheet.contains("<col min=\"2\" max=\"2\" width=\"\(Int(widths[1]))\" customWidth=\"1\" style=\"3\"/>"))
        let styles = try #require(parts["xl/styles.xml"])
        #expect(styles.contains("<b/>"))
        #expect(styles.contains("formatCode=\"yyyy-mm-dd\""))
        #expect(styles.contains("numFmtId=\"49\""))
        let shared = try #require(parts["xl/sharedStrings.xml"])
        #expect(shared.contains("A &amp; B &lt;c&gt; \"q\" 'a'\n第二行\t制表"))
        #expect(shared.contains("赵_x005F_x0041_六_x0001_"))
        #expect(shared.contains("&#13;回车"))
        #expect(shared.contains("<t xml:space=\"preserve\">王 芳 </t>"))
        let workbook = try #require(parts["xl/workbook.xml"])
        #expect(workbook.contains("<sheet name=\"花名册\" sheetId=\"1\" r:id=\"rId1\"/>"))
        #expect(workbook.contains("'花名册'!$1:$1"))
    }

    static func widths(_ sheet: String) throws -> [Double] {
        let regex = try NSRegularExpression(pattern: "<col [^>]*width=\"([0-9.]+)\"")
        let ns = sheet as NSString
        return regex.matches(in: sheet, range: NSRange(location: 0, length: ns.length)).map {
            Double(ns.substring(with: $0.range(at: 1)))!
        }
    }

    @Test func emptySheetAndHeaderOnly() throws {
        #expect(try F.read(XLSXWriter.data(sheetName: "空", columns: [], rows: [])).rows == [])
        let grid = try F.read(XLSXWriter.data(sheetName: "S", columns: [XLSXColumn(header: "申报编号")], rows: [[], [.empty]]))
        #expect(grid.rows == [[.text("申报编号")]])
    }

    @Test func sharedStringsAreShared() throws {
        let rows = (0..<100).map { i -> [SpreadsheetCell] in [.text("衢州市水利局"), .number(Double(i))] }
        let parts = F.unzip(try XLSXWriter.data(sheetName: "S", columns: [XLSXColumn(header: "受理机构"), XLSXColumn(header: "n")], rows: rows))
        let shared = try #require(parts["xl/sharedStrings.xml"])
        #expect(shared.contains("count=\"102\" uniqueCount=\"3\""))
    }

    @Test(arguments: ["", "Sheet:1", "a/b", "[x]", "'q'", "12345678901234567890123456789012", "History"])
    func invalidSheetNames(_ name: String) {
        #expect(throws: RosterError.self) { try XLSXWriter.data(sheetName: name, columns: [], rows: []) }
    }

    @Test func writerLimitsNameTheCell() throws {
        let long = String(repeating: "字", count: 32_768)
        do {
            _ = try XLSXWriter.data(sheetName: "S", columns: [XLSXColumn(header: "a"), XLSXColumn(header: "b")], rows: [[.empty], [.empty, .text(long)]])
            Issue.record("expected an error")
        } catch let e as RosterError {
            #expect(e.message.contains("单元格 B3"))
        }
        #expect(throws: RosterError.self) {
            try XLSXWriter.data(sheetName: "S", columns: [XLSXColumn(header: "a")], rows: [[.number(.infinity)]])
        }
        // 31 CJK characters is a valid name.
        _ = try XLSXWriter.data(sheetName: String(repeating: "名", count: 31), columns: [], rows: [])
    }

    @Test func largeSheetRoundTrip() throws {
        let columns = [XLSXColumn(header: "申报编号", isText: true), XLSXColumn(header: "姓名"), XLSXColumn(header: "毕业时间", isDate: true),
                       XLSXColumn(header: "自评分"), XLSXColumn(header: "已缴费")]
        var rows: [[SpreadsheetCell]] = []
        for i in 0..<20_000 {
            let day = Day(ordinal: Int32(15_000 + i % 5_000))
            let score = Double(i % 100) + 0.5
            rows.append([.text("QZ2024-\(i)"), .text("申报人\(i % 997)"), .date(day), .number(score), .bool(i % 2 == 0)])
        }
        let bytes = try XLSXWriter.data(sheetName: "S", columns: columns, rows: rows)
        let grid = try F.read(bytes)
        #expect(grid.rows.count == 20_001)
        #expect(Array(grid.rows.dropFirst()) == rows)
    }
}
