import Foundation
import Testing
@testable import RosterData
import TestSupport

@Suite struct XLSXReaderTests {
    typealias F = XLSXFixture

    @Test func sharedStringsWithRichTextPhoneticRunsAndSpaces() throws {
        let bytes = F.workbook(
            [F.Sheet("名单", "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c></row>")],
            sharedStrings: [
                "姓名",
                "<r><rPr><b/></rPr><t>衢州市</t></r><r><t xml:space=\"preserve\"> 水利局 </t></r><rPh sb=\"0\" eb=\"1\"><t>ク</t></rPh>",
                "<t xml:space=\"preserve\">  前后空格  </t>",
                "<t>A &amp; B &lt;C&gt; &#x4E2D;&#25991; 第一行_x000D_&#10;第二行</t>",
                "<t><![CDATA[<原样>&]]></t>",
            ])
        let grid = try F.read(bytes)
        #expect(grid.sheetName == "名单")
        #expect(grid.rows == [[.text("姓名"), .text("衢州市 水利局 "), .text("  前后空格  "),
                               .text("A & B <C> 中文 第一行\r\n第二行"), .text("<原样>&")]])
    }

    @Test func inlineStringsFormulaStringsBooleansAndNumbers() throws {
        let bytes = F.workbook([F.Sheet("Sheet1", """
            <row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c><c r="B1" t="inlineStr"><is><r><t>自评</t></r><r><t>分</t></r></is></c></row>
            <row r="2"><c r="A2" t="str"><f>"QZ"&amp;"1"</f><v>QZ1</v></c><c r="B2"><v>78.5</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="b"><v>0</v></c><c r="E2" t="n"><v>-3</v></c><c r="F2"><v>1.5E-3</v></c><c r="G2"><f>A1</f></c><c r="H2" t="d"><v>2024-07-04T00:00:00</v></c></row>
            """)])
        let grid = try F.read(bytes)
        #expect(grid.rows[0] == [.text("编号"), .text("自评分")])
        #expect(grid.rows[1] == [.text("QZ1"), .number(78.5), .bool(true), .bool(false), .number(-3), .number(0.0015),
                                 .empty, .date(F.day("2024-07-04"))])
    }

    @Test func cellReferencesWithGapsAndMissingReferences() throws {
        let bytes = F.workbook([F.Sheet("S", """
            <row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="C1" t="inlineStr"><is><t>c</t></is></c></row>
            <row r="3"><c r="B3"><v>2</v></c></row>
            <row r="5" spans="1:5"><c r="C5"><v>5</v></c><c><v>6</v></c><c r="E5" s="0"/></row>
            <row><c><v>7</v></c></row>
            <row r="9"><c r="A9" s="1"/></row>
            """)])
        let grid = try F.read(bytes)
        #expect(grid.rows == [
            [.text("a"), .empty, .text("c")],
            [],
            [.empty, .number(2)],
            [],
            [.empty, .empty, .number(5), .number(6)],
            [.number(7)],
        ])
        #expect(grid[4, 2] == .number(5))
        #expect(grid[8, 0] == .empty)
        #expect(grid[100, 100] == .empty)
    }

    static let styles = """
        <numFmts count="4"><numFmt numFmtId="165" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>\
        <numFmt numFmtId="166" formatCode="[h]:mm:ss"/><numFmt numFmtId="167" formatCode="0.00_);[Red]\\(0.00\\)"/>\
        <numFmt numFmtId="168" formatCode="[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"/></numFmts>
        <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
        <cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="165"/><xf numFmtId="166"/>\
        <xf numFmtId="167"/><xf numFmtId="20"/><xf numFmtId="31"/><xf numFmtId="168"/></cellXfs>
        """

    @Test func dateStylesBuiltInCustomAndTimeOnly() throws {
        let bytes = F.workbook([F.Sheet("S", """
            <row r="1"><c r="A1"><v>45351</v></c><c r="B1" s="1"><v>45351</v></c><c r="C1" s="2"><v>45351</v></c>\
            <c r="D1" s="3"><v>1.5</v></c><c r="E1" s="4"><v>45351</v></c><c r="F1" s="5"><v>0.5</v></c>\
            <c r="G1" s="6"><v>61</v></c><c r="H1" s="7"><v>45351.75</v></c><c r="I1" s="1"><v>60</v></c>\
            <c r="J1" s="1"><v>-1</v></c><c r="K1" s="99"><v>7</v></c></row>
            """)], styles: Self.styles)
        let grid = try F.read(bytes)
        #expect(grid.rows[0] == [.number(45351), .date(F.day("2024-02-29")), .date(F.day("2024-02-29")), .number(1.5),
                                 .number(45351), .number(0.5), .date(F.day("1900-03-01")), .date(F.day("2024-02-29")),
                                 .text("1900-02-29"), .number(-1), .number(7)])
    }

    @Test func workbookIn1904System() throws {
        let bytes = F.workbook([F.Sheet("S", "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>43889</v></c><c r=\"B1\" s=\"1\"><v>0</v></c></row>")],
                               styles: Self.styles, workbookPr: "<workbookPr date1904=\"true\"/>")
        #expect(try F.read(bytes).rows[0] == [.date(F.day("2024-02-29")), .date(F.day("1904-01-01"))])
    }

    @Test(arguments: [
        (1.0, false, "1900-01-01"), (59.0, false, "1900-02-28"), (60.0, false, "!1900-02-29"), (61.0, false, "1900-03-01"),
        (45351.0, false, "2024-02-29"), (45000.0, false, "2023-03-15"), (45000.999999999, false, "2023-03-16"), (45000.5, false, "2023-03-15"),
        (0.0, false, "-"), (-2.0, false, "-"), (2958465.0, false, "9999-12-31"), (2958466.0, false, "-"),
        (0.0, true, "1904-01-01"), (43889.0, true, "2024-02-29"),
    ])
    func excelSerials(serial: Double, date1904: Bool, expected: String) {
        let cell = ExcelDate.cell(serial: serial, date1904: date1904)
        switch expected {
        case "-": #expect(cell == nil)
        case let s where s.hasPrefix("!"): #expect(cell == .text(String(s.dropFirst())))
        default: #expect(cell == .date(F.day(expected)))
        }
    }

    @Test(arguments: ["1900-01-01", "1900-02-28", "1900-03-01", "1970-01-01", "2024-02-29", "9999-12-31"])
    func serialRoundTrip(_ iso: String) throws {
        let day = F.day(iso)
        let serial = try #require(ExcelDate.serial(of: day))
        #expect(ExcelDate.cell(serial: Double(serial), date1904: false) == .date(day))
    }

    @Test func serialOfKnownDays() {
        #expect(ExcelDate.serial(of: F.day("1900-01-01")) == 1)
        #expect(ExcelDate.serial(of: F.day("1900-03-01")) == 61)
        #expect(ExcelDate.serial(of: F.day("2024-02-29")) == 45351)
        #expect(ExcelDate.serial(of: F.day("1899-12-31")) == nil)
    }

    @Test(arguments: [
        ("yyyy-mm-dd", true), ("yyyy\"年\"m\"月\"d\"日\"", true), ("m/d/yy h:mm", true), ("mmm-yy", true),
        ("[DBNum1][$-804]yyyy\"年\"m\"月\"", true), ("[$-F800]dddd, mmmm dd, yyyy", true), ("mm", true),
        ("h:mm", false), ("mm:ss", false), ("[h]:mm:ss", false), ("[mm]:ss", false), ("General", false), ("0.00", false),
        ("#,##0\"天\"", false), ("0.00E+00", false), ("@", false), ("\"day\"0", false), ("0.00_);[Red]\\(0.00\\)", false),
        ("0;\"yyyy\"", false),
    ])
    func dateFormatCodes(_ code: String, _ isDate: Bool) {
        #expect(StylesHandler.isDateFormat(code: code) == isDate)
    }

    @Test func secondSheetByNameAndSheetNames() throws {
        let bytes = F.workbook([
            F.Sheet("说明", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>填表说明</t></is></c></row>", path: "xl/worksheets/a.xml"),
            F.Sheet("申报人员", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>姓名</t></is></c></row>", path: "xl/data/roster.xml"),
        ])
        #expect(try F.read(bytes).rows == [[.text("填表说明")]])
        let named = try F.read(bytes, sheet: "申报人员")
        #expect(named.sheetName == "申报人员")
        #expect(named.rows == [[.text("姓名")]])
        #expect(try XLSXReader.sheetNames(bytes: bytes, fileName: "x.xlsx") == ["说明", "申报人员"])
    }

    @Test func caseInsensitiveSheetName() throws {
        let bytes = F.workbook([F.Sheet("Roster", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")])
        #expect(try F.read(bytes, sheet: "roster").sheetName == "Roster")
    }

    @Test func firstVisibleWorksheetIsTheDefault() throws {
        let bytes = F.workbook([
            F.Sheet("下拉选项", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", path: "xl/worksheets/sheet1.xml", state: "hidden"),
            F.Sheet("图表", "", path: "xl/chartsheets/sheet1.xml", kind: "chartsheet"),
            F.Sheet("名单", "<row r=\"1\"><c r=\"A1\"><v>2</v></c></row>", path: "xl/worksheets/sheet2.xml"),
        ])
        #expect(try F.read(bytes).sheetName == "名单")
        #expect(try F.read(bytes, sheet: "下拉选项").rows == [[.number(1)]])
        let error = try #require(F.error(bytes, sheet: "图表"))
        #expect(error.message.contains("不是数据工作表"))
    }

    @Test func missingSheetNameListsTheNames() throws {
        let bytes = F.workbook([F.Sheet("说明", "", path: "xl/worksheets/sheet1.xml"),
                                F.Sheet("申报人员", "", path: "xl/worksheets/sheet2.xml")])
        let error = try #require(F.error(bytes, sheet: "花名册"))
        #expect(error.file == "测试.xlsx")
        #expect(error.message.contains("没有名为“花名册”的工作表"))
        #expect(error.message.contains("“说明”、“申报人员”"))
    }

    @Test func mergedRangesAreReported() throws {
        let bytes = F.workbook([F.Sheet("S", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>基本信息</t></is></c></row>",
                                        tail: "<mergeCells count=\"2\"><mergeCell ref=\"A1:C1\"/><mergeCell ref=\"D1:D2\"/></mergeCells>")])
        let grid = try F.read(bytes)
        #expect(grid.mergedRanges == ["A1:C1", "D1:D2"])
        #expect(grid.rows == [[.text("基本信息")]])
    }

    @Test func prefixedElementsAndEmptyStrings() throws {
        // Some generators write the main namespace with a prefix.
        let sheet = "<x:worksheet xmlns:x=\"\(F.main)\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"B1\" t=\"s\"><x:v>1</x:v></x:c><x:c r=\"C1\" t=\"inlineStr\"><x:is><x:t></x:t></x:is></x:c><x:c r=\"D1\"><x:v>4</x:v></x:c></x:row></x:sheetData></x:worksheet>"
        let bytes = F.zip([
            ("_rels/.rels", "<Relationships xmlns=\"\(F.pkg)\"><Relationship Id=\"r\" Type=\"\(F.rel)/officeDocument\" Target=\"/xl/workbook.xml\"/></Relationships>"),
            ("xl/workbook.xml", "<x:workbook xmlns:x=\"\(F.main)\" xmlns:r=\"\(F.rel)\"><x:sheets><x:sheet name=\"P\" sheetId=\"1\" r:id=\"rId7\"/></x:sheets></x:workbook>"),
            ("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"\(F.pkg)\"><Relationship Id=\"rId7\" Type=\"\(F.rel)/worksheet\" Target=\"worksheets/../worksheets/p.xml\"/><Relationship Id=\"s\" Type=\"\(F.rel)/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"),
            ("xl/worksheets/p.xml", sheet),
            ("xl/sharedStrings.xml", "<x:sst xmlns:x=\"\(F.main)\"><x:si><x:t>甲</x:t></x:si><x:si><x:t/></x:si></x:sst>"),
        ])
        #expect(try F.read(bytes).rows == [[.text("甲"), .empty, .empty, .number(4)]])
    }

    @Test func errorCellsAreErrorsNamingTheCell() throws {
        let bytes = F.workbook([F.Sheet("花名册", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"B2\" t=\"e\"><f>VLOOKUP(A2,X!A:B,2,0)</f><v>#N/A</v></c></row>")])
        let error = try #require(F.error(bytes))
        #expect(error.message.contains("工作表 花名册 单元格 B2"))
        #expect(error.message.contains("#N/A"))
    }

    @Test func streamingInAnyChunkingGivesTheSameGrid() throws {
        let xml = Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- 注释 --><worksheet xmlns="\(F.main)"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>张&amp;伟</t></is></c>\
            <c r="B1" t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c><c r="C1" s='0'><v>12.25</v></c></row>
            <row r="2" ><c r="B2" t="b" ><v>1</v></c></row></sheetData><mergeCells><mergeCell ref="A1:A2"/></mergeCells></worksheet>
            """.utf8)
        func scan(chunk: Int) throws -> SheetHandler {
            var scanner = XMLScanner(handler: SheetHandler(file: "f", sheetName: "S", shared: [], dateStyles: [], date1904: false),
                                     file: "f", part: "p")
            var k = 0
            while k < xml.count {
                try scanner.feed(Data(xml[k..<min(xml.count, k + chunk)]))
                k += chunk
            }
            try scanner.finish()
            return scanner.handler
        }
        let whole = try scan(chunk: xml.count)
        #expect(whole.rows == [[.text("张&伟"), .text("a<b"), .number(12.25)], [.empty, .bool(true)]])
        #expect(whole.merged == ["A1:A2"])
        for chunk in [1, 2, 3, 7, 64] {
            let h = try scan(chunk: chunk)
            #expect(h.rows == whole.rows, "chunk \(chunk)")
            #expect(h.merged == whole.merged)
        }
    }

    @Test func readsFromAPath() throws {
        let dir = F.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("名单.xlsx").path
        try XLSXWriter.write(sheetName: "名单", columns: [XLSXColumn(header: "姓名")], rows: [[.text("张伟")]], to: path)
        #expect(try XLSXReader.sheetNames(path: path) == ["名单"])
        #expect(try XLSXReader.read(path: path).rows == [[.text("姓名")], [.text("张伟")]])
        let missing = dir.appendingPathComponent("没有.xlsx").path
        #expect(throws: RosterError(file: missing, message: "找不到文件")) { try XLSXReader.read(path: missing) }
        #expect(throws: RosterError.self) { try XLSXReader.read(path: dir.path) }
    }

    @Test(arguments: [
        (SpreadsheetCell.empty, nil as String?), (.text("007"), "007"), (.number(78), "78"), (.number(78.5), "78.5"),
        (.number(-5), "-5"), (.number(0.1 + 0.2), "0.3"), (.number(1e-7), "1E-07"),
        (.number(3.30802199001011e17), "330802199001011000"), (.number(123456789012345), "123456789012345"),
        (.bool(true), "true"), (.bool(false), "false"), (.date(Day(2024, 2, 29)!), "2024-02-29"),
    ])
    func cellText(_ cell: SpreadsheetCell, _ text: String?) {
        #expect(cell.text == text)
    }

    @Test func columnNamesAndReferences() {
        #expect(SpreadsheetGrid.columnName(0) == "A")
        #expect(SpreadsheetGrid.columnName(25) == "Z")
        #expect(SpreadsheetGrid.columnName(26) == "AA")
        #expect(SpreadsheetGrid.columnName(16383) == "XFD")
        #expect(SpreadsheetGrid.reference(row: 4, column: 2) == "C5")
    }

    /// A token that spans very many chunks (a 300 KB attribute value and a 300 KB inline string,
    /// fed one byte at a time) is scanned in linear time and gives what one chunk gives. Before
    /// the scanner waited for its buffer to double, each byte rescanned the start tag from its
    /// `<`, byte by byte: 4·10¹⁰ steps, a hang.
    @Test func tokenSpanningMillionsOfChunksScansLinearly() throws {
        let long = String(repeating: "水", count: 100_000)   // 300,000 UTF-8 bytes
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
            <row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>\
            <row r="2"><c r="A2" t="inlineStr" note="\(long)"><is><t>QZ-1</t></is></c><c r="B2" t="inlineStr"><is><t>\(long)</t></is></c></row>\
            </sheetData></worksheet>
            """
        let bytes = Array(xml.utf8)
        func outcome(_ chunk: Int) -> String {
            do { return "rows \(try ParserEntryPoints.scanWorksheetXML(bytes, chunk: chunk, catalog: .defaultPack))" } catch {
                return error.description
            }
        }
        let whole = outcome(0)
        #expect(whole == outcome(1))
        #expect(whole == outcome(7))
    }

    /// A part whose compressed data runs past the end of the file (sizes in the zip's directory
    /// that ZIPFoundation trusts, then reads at EOF without end) is refused by name, at once.
    @Test(arguments: [
        ("hang-data-past-eof.xlsx", "部件 _rels/.rels 的数据超出文件末尾（文件被截断或已损坏）"),
        ("hang-compressed-size-past-eof.xlsx", "部件 _rels/.rels 的数据超出文件末尾（文件被截断或已损坏）"),
    ])
    func partDataPastTheEndOfTheFileIsRefused(file: String, message: String) throws {
        let path = packageRoot + "/Tests/Fuzz/regressions/xlsx/" + file
        #expect(FileManager.default.fileExists(atPath: path), "missing \(path)")
        do {
            _ = try RosterLoader.load(path: path, name: "x", options: LoadOptions())
            Issue.record("loaded")
        } catch {
            #expect(error.description == "\(path): \(message)")
        }
    }
}
