import Foundation
import Testing
@testable import RosterData

/// Broken inputs give a `RosterError` that names the file and says what is wrong, never a crash.
@Suite struct XLSXCorruptInputTests {
    typealias F = XLSXFixture

    static let good: [UInt8] = try! XLSXWriter.data(
        sheetName: "名单", columns: [XLSXColumn(header: "姓名"), XLSXColumn(header: "毕业时间", isDate: true)],
        rows: (0..<50).map { [.text("张伟\($0)"), .date(Day(2012, 7, 1)!)] })

    static func sheet(_ xml: String) -> [UInt8] {
        F.zip([
            ("_rels/.rels", "<Relationships xmlns=\"\(F.pkg)\"><Relationship Id=\"r\" Type=\"\(F.rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
            ("xl/workbook.xml", "<workbook xmlns=\"\(F.main)\" xmlns:r=\"\(F.rel)\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"\(F.pkg)\"><Relationship Id=\"rId1\" Type=\"\(F.rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"),
            ("xl/worksheets/sheet1.xml", xml),
        ])
    }

    @Test(arguments: [
        ("empty", [UInt8](), "文件为空"),
        ("text", Array("姓名,身份证号\n张伟,330802199001011234\n".utf8), "不是 zip"),
        ("xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0], ".xls"),
        ("pk only", [0x50, 0x4B, 0x03, 0x04], "zip 结构损坏"),
        ("no workbook", F.zip([("readme.txt", "hello")]), "没有工作簿部件 xl/workbook.xml"),
        ("docx", F.zip([("word/document.xml", "<w:document/>")]), "Word 文档"),
        ("half", Array(good.prefix(good.count / 2)), "zip 结构损坏"),
        ("missing last byte", Array(good.dropLast()), "zip 结构损坏"),
    ])
    func unreadableFiles(_ label: String, _ bytes: [UInt8], _ message: String) throws {
        let error = try #require(F.error(bytes), "\(label)")
        #expect(error.file == "测试.xlsx")
        #expect(error.message.contains(message), "\(label): \(error.message)")
    }

    @Test(arguments: [
        ("<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData>", "没有结束"),
        ("<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</c></row></sheetData></worksheet>", "不匹配"),
        ("<worksheet><sheetData><row r=1><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>", "引号"),
        ("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a &nbsp; b</t></is></c></row></sheetData></worksheet>", "实体"),
        ("<worksheet/><worksheet/>", "多个根元素"),
        ("<worksheet></worksheet>trailing", "根元素之后"),
        ("<!DOCTYPE x [<!ENTITY a \"b\">]><worksheet/>", "DOCTYPE"),
        ("", "内容为空"),
        ("<worksheet><sheetData><row r=\"1\"><c r=\"A1\"", "截断"),
        ("<worksheet>\n<sheetData>\n</row>", "第 3 行"),
    ])
    func malformedSheetXML(_ xml: String, _ message: String) throws {
        let error = try #require(F.error(Self.sheet(xml)))
        #expect(error.message.contains("xl/worksheets/sheet1.xml 不是有效的 XML"), "\(error.message)")
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test(arguments: [
        ("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>3</v></c></row>", "单元格 A1：共享字符串编号无效"),
        ("<row r=\"2\"><c r=\"1A\"><v>1</v></c></row>", "单元格引用无效"),
        ("<row r=\"0\"/>", "行号无效"),
        ("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", "单元格引用无效"),
        ("<row r=\"1\"><c r=\"B1\"><v>abc</v></c></row>", "单元格 B1：数值无效"),
        ("<row r=\"1\"><c r=\"C1\" t=\"b\"><v>2</v></c></row>", "单元格 C1：逻辑值无效"),
        ("<row r=\"1\"><c r=\"D1\" t=\"x\"><v>2</v></c></row>", "未知的单元格类型"),
        ("<row r=\"1\"><c r=\"A1\" t=\"d\"><v>soon</v></c></row>", "日期值无效"),
    ])
    func badCells(_ data: String, _ message: String) throws {
        let error = try #require(F.error(F.workbook([F.Sheet("人员", data)], sharedStrings: ["a"])))
        #expect(error.message.contains("工作表 人员"))
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test func missingSheetPartAndBrokenSharedStrings() throws {
        let noPart = F.zip([
            ("xl/workbook.xml", "<workbook xmlns=\"\(F.main)\" xmlns:r=\"\(F.rel)\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"\(F.pkg)\"><Relationship Id=\"rId1\" Type=\"\(F.rel)/worksheet\" Target=\"worksheets/sheet9.xml\"/></Relationships>"),
        ])
        #expect(try #require(F.error(noPart)).message.contains("xl/worksheets/sheet9.xml 不存在"))
        let noRel = F.zip([
            ("xl/workbook.xml", "<workbook xmlns=\"\(F.main)\" xmlns:r=\"\(F.rel)\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
        ])
        #expect(try #require(F.error(noRel, sheet: "S")).message.contains("没有对应的部件"))
        let noSheets = F.zip([("xl/workbook.xml", "<workbook xmlns=\"\(F.main)\"><sheets/></workbook>")])
        #expect(try #require(F.error(noSheets)).message.contains("没有任何工作表"))
        let badShared = F.workbook([F.Sheet("S", "")], sharedStrings: ["<t>a</si>"])
        #expect(try #require(F.error(badShared)).message.contains("xl/strings/shared.xml 不是有效的 XML"))
    }

    /// Every truncation and a spread of corrupted bytes: an error or a grid, never a crash.
    @Test func truncationsAndBitFlipsNeverCrash() {
        let good = Self.good
        var step = max(1, good.count / 300)
        var failures = 0
        for n in stride(from: 0, to: good.count, by: step) {
            if F.error(Array(good.prefix(n))) != nil { failures += 1 }
        }
        #expect(failures == (good.count + step - 1) / step)
        var rng = XLSXTestRandom(seed: 42)
        step = 0
        for _ in 0..<400 {
            var bytes = good
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(bytes.count))
                bytes[at] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            }
            do { _ = try F.read(bytes) } catch { step += 1 }
        }
        #expect(step > 0)
    }

    /// A valid zip whose sheet XML is cut off inside.
    @Test func truncatedSheetInsideAValidZip() throws {
        let parts = F.unzip(Self.good)
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        let utf8 = Array(sheet.utf8)
        for cut in [utf8.count - 1, utf8.count - 20, utf8.count / 2, 200] {
            var copy = parts.map { ($0.key, Array($0.value.utf8)) }
            copy = copy.map { $0.0 == "xl/worksheets/sheet1.xml" ? ($0.0, Array(utf8.prefix(cut))) : $0 }
            let error = try #require(F.error(F.zipBytes(copy)), "cut \(cut)")
            #expect(error.message.contains("xl/worksheets/sheet1.xml"), "\(error.message)")
        }
    }
}

/// A small deterministic generator for the corruption test.
private struct XLSXTestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
