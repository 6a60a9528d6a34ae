import Foundation
import RosterData
import Testing
@testable import ShellCore
import ShellLang
import TestSupport

/// `load` and `export` with Excel workbooks and GB18030 CSV (issue #5).
@Suite struct OfficeFileCommandTests {
    @Test func xlsxExportLoadsBackTheSameRecords() throws {
        let dir = makeTempDirectory()
        let s = loaded()
        let (out, ok) = run("export xlsx \(dir)/花名册.xlsx", in: s)
        #expect(ok && out == "已写入 5 行到 \(dir)/花名册.xlsx\n")
        let grid = try XLSXReader.read(path: dir + "/花名册.xlsx")
        #expect(grid.sheetName == "花名册" && grid.rows[0].first == .text("申报编号"))   // Chinese labels by default
        run("load \(dir)/花名册.xlsx as back\nexport json \(dir)/back.json\nuse mini\nexport json \(dir)/orig.json", in: s)
        let a = try String(contentsOfFile: dir + "/back.json", encoding: .utf8)
        let b = try String(contentsOfFile: dir + "/orig.json", encoding: .utf8)
        #expect(records(a) == records(b), "a workbook has no year or notice; the records are the same")
        let (_, en) = run("export xlsx \(dir)/keys.xlsx --labels en", in: s)
        #expect(en)
        #expect(try XLSXReader.read(path: dir + "/keys.xlsx").rows[0].first == .text("id"))
    }

    @Test func xlsxTableExport() throws {
        let dir = makeTempDirectory()
        let (_, ok) = run("export xlsx \(dir)/t.xlsx name, unit, graduated_on", in: loaded())
        #expect(ok)
        let grid = try XLSXReader.read(path: dir + "/t.xlsx")
        #expect(grid.rows.count == 6 && grid.rows[0] == [.text("姓名"), .text("工作单位"), .text("毕业时间")])
        if case .date = grid[1, 2] {} else { Issue.record("graduated_on is not a date cell") }
    }

    @Test func loadSheetOption() throws {
        let dir = makeTempDirectory()
        let bytes = try XLSXWriter.data(sheetName: "工程师", columns: [XLSXColumn(header: "申报编号"), XLSXColumn(header: "姓名")],
                                        rows: [[.text("A1"), .text("张伟")]])
        FileManager.default.createFile(atPath: dir + "/w.xlsx", contents: Data(bytes))
        let s = loaded()
        let (out, ok) = run("load \(dir)/w.xlsx --sheet 工程师", in: s)
        #expect(ok && out.contains("已载入 1 名申报人"))
        let (bad, ok2) = run("load \(dir)/w.xlsx --sheet 助理", in: s, name: "t.zcs")
        #expect(!ok2 && bad.contains("没有名为“助理”的工作表") && bad.contains("“工程师”"))
        let (csvSheet, ok3) = run("load \(mini) --sheet x", in: s)
        #expect(!ok3 && csvSheet.contains("--sheet 只用于 XLSX"))
    }

    @Test func gb18030CSVExport() throws {
        let dir = makeTempDirectory()
        let s = loaded()
        let (_, ok) = run("export csv \(dir)/gb.csv --encoding gb18030 --labels zh", in: s)
        #expect(ok)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/gb.csv")))
        #expect(String(validating: bytes, as: UTF8.self) == nil)
        #expect(bytes.starts(with: [0xC9, 0xEA, 0xB1, 0xA8]))   // 申报
        run("load \(dir)/gb.csv as back\nexport json \(dir)/back.json\nuse mini\nexport json \(dir)/orig.json", in: s)
        let back = try String(contentsOfFile: dir + "/back.json", encoding: .utf8)
        let orig = try String(contentsOfFile: dir + "/orig.json", encoding: .utf8)
        #expect(records(back) == records(orig))
        let (both, ok2) = run("export csv \(dir)/x.csv --encoding gb18030 --bom", in: s)
        #expect(!ok2 && both.contains("--bom"))
        let (xlsx, ok3) = run("export xlsx \(dir)/x.xlsx --encoding gb18030", in: s)
        #expect(!ok3 && xlsx.contains("只用于 CSV"))
    }
}
