import Foundation
import Testing
@testable import RosterData
import TestSupport

/// Issue #5: every file the office has — CSV (UTF-8/GB18030), JSON, XLSX in and out.
@Suite struct OfficeFilesTests {
    static let roster = RosterGenerator.generate(count: 200, seed: 11)

    /// Every catalog field present in every record: gaps filled from the first applicant that has the field.
    static let full: [Applicant] = {
        var first: [Value] = Array(repeating: .null, count: FieldCatalog.defaultPack.count)
        for a in roster { for s in a.fields.indices where first[s].isNull && !a.fields[s].isNull { first[s] = a.fields[s] } }
        return roster.map { a in
            var b = a
            for s in b.fields.indices where b.fields[s].isNull { b[s] = first[s] }
            return b
        }
    }()

    /// Many fields missing; empty lists and missing lists side by side.
    static let sparse: [Applicant] = roster.prefix(80).enumerated().map { i, a in
        var b = Applicant()
        b[FieldCatalog.Slot.id] = a[FieldCatalog.Slot.id]
        b[FieldCatalog.Slot.name] = a[FieldCatalog.Slot.name]
        for slot in a.fields.indices where (slot * 7 + i) % 4 == 0 { b[slot] = a[slot] }
        if i % 4 == 0 { b[FieldCatalog.defaultPack.slot(of: "honors")!] = .list([]) }
        if i % 5 == 0 { b[FieldCatalog.defaultPack.slot(of: "performance")!] = .list([]) }
        return b
    }

    /// Excel keeps every number as a double, so an integral `.double` (`19.0` hours) comes back from a
    /// workbook as `.int(19)`; compare records with that one difference folded.
    static func folded(_ v: Value) -> Value {
        switch v {
        case .double(let d) where d == d.rounded() && abs(d) < 1e15: return .int(Int(d))
        case .list(let l): return .list(l.map(folded))
        case .object(let r): return .object(Record(zip(r.keys, r.values.map(folded)).map { ($0, $1) }))
        default: return v
        }
    }

    static func folded(_ a: [Applicant]) -> [Applicant] {
        a.map { Applicant(fields: $0.fields.map(folded), extras: Record(zip($0.extras.keys, $0.extras.values.map(folded)).map { ($0, $1) })) }
    }

    func reload(_ bytes: [UInt8], _ file: String, _ options: LoadOptions = LoadOptions()) throws -> [Applicant] {
        Array(try RosterLoader.load(bytes: bytes, fileName: file, name: "x", options: options).dataset.applicants)
    }

    @Test func fullRosterHasEveryField() {
        for a in Self.full { #expect(!a.fields.contains { $0.isNull }) }
    }

    /// JSON → CSV/XLSX → load → JSON gives the same records (and the same JSON bytes).
    @Test(arguments: [("csv", HeaderLabels.keys), ("csv", .chinese), ("xlsx", .keys), ("xlsx", .chinese)])
    func roundTrip(_ format: String, _ labels: HeaderLabels) throws {
        for applicants in [Self.full, Self.sparse, Self.roster] {
            let json = try RosterExporter.jsonData(applicants)
            let fromJSON = try reload(json, "r.json")
            var o = ExportOptions()
            o.labels = labels
            let bytes = try RosterExporter.data(fromJSON, extraKeys: [], format: RosterFileFormat(rawValue: format)!, options: o)
            let back = try reload(bytes, "r." + format)
            if format == "csv" {
                #expect(back == applicants)
                #expect(try RosterExporter.jsonData(back) == json)
            } else {
                #expect(Self.folded(back) == Self.folded(applicants))
                #expect(try RosterExporter.jsonData(Self.folded(back)) == RosterExporter.jsonData(Self.folded(applicants)))
            }
        }
    }

    @Test func gb18030CSVRoundTrip() throws {
        var o = ExportOptions()
        o.encoding = .gb18030
        o.labels = .chinese
        o.bom = true   // ignored for GB18030
        let bytes = try RosterExporter.csvData(Self.full, options: o)
        #expect(!bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(validating: bytes, as: UTF8.self) == nil)   // really GB18030
        #expect(bytes.starts(with: [0xC9, 0xEA, 0xB1, 0xA8]))      // 申报 in GB18030
        #expect(try reload(bytes, "r.csv") == Self.full)
        var forced = LoadOptions()
        forced.encoding = .gb18030
        #expect(try reload(bytes, "r.csv", forced) == Self.full)
    }

    @Test func gb18030EncoderNamesTheLine() {
        let enc = GB18030Encoder(file: "out.csv")
        #expect((try? enc.convert(Array("a,b\n张伟,1\n".utf8))) != nil)
        do {
            _ = try enc.convert(Array("x\n".utf8) + [0xFF] + Array("\n".utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 4)   // 2 lines before this chunk, then one more
            #expect(error.message.contains("无法用 GB18030 编码"))
        }
    }

    @Test func xlsxExportLayout() throws {
        var o = ExportOptions()
        o.labels = .chinese
        let bytes = try RosterExporter.data(Self.full, extraKeys: [], format: .xlsx, options: o)
        let grid = try XLSXReader.read(bytes: bytes, fileName: "花名册.xlsx")
        #expect(grid.sheetName == "花名册")
        let header = grid.rows[0].map { $0.text ?? "" }
        #expect(header.prefix(3) == ["申报编号", "姓名", "身份证号"])
        #expect(header.contains("继续教育_数量") && header.contains { $0.hasPrefix("继续教育_20") && $0.hasSuffix("_公需") })
        let idNumber = header.firstIndex(of: "身份证号")!, graduated = header.firstIndex(of: "毕业时间")!
        let inPost = header.firstIndex(of: "在职在岗")!
        #expect(grid[1, idNumber] == .text(Self.full[0].fields[FieldCatalog.defaultPack.slot(of: "id_number")!].stringValue!))
        if case .date = grid[1, graduated] {} else { Issue.record("毕业时间 is not a date cell: \(grid[1, graduated])") }
        if case .bool = grid[1, inPost] {} else { Issue.record("在职在岗 is not a logical cell") }
        let sheet = XLSXFixture.unzip(bytes)["xl/worksheets/sheet1.xml"] ?? ""
        #expect(sheet.contains("state=\"frozen\""))
        #expect(sheet.contains("<cols>"))
    }

    @Test func tableExportToXLSX() throws {
        let dir = tempDir()
        let path = dir + "/t.xlsx"
        let rows: [[Value]] = [[.string("张伟"), .string("330802199001011234"), .date(Day(2012, 7, 1)!), .int(3)],
                               [.string("李娜"), .null, .date(Day(2013, 7, 1)!), .double(2.5)]]
        var o = ExportOptions()
        o.mask = true
        let n = try RosterExporter.writeTable(columns: ["name", "身份证号", "毕业时间", "n"], rows: rows,
                                              personal: [false, true, false, false], format: .xlsx, to: path, options: o)
        #expect(n == 2)
        let grid = try XLSXReader.read(path: path)
        #expect(grid.rows[0] == [.text("name"), .text("身份证号"), .text("毕业时间"), .text("n")])
        #expect(grid.rows[1] == [.text("张伟"), .text("330802********1234"), .date(Day(2012, 7, 1)!), .number(3)])
        #expect(grid.rows[2] == [.text("李娜"), .empty, .date(Day(2013, 7, 1)!), .number(2.5)])
        // Not over an existing file without force.
        #expect(throws: RosterError.self) {
            try RosterExporter.writeTable(columns: ["a"], rows: [], personal: [false], format: .xlsx, to: path, options: ExportOptions())
        }
    }

    @Test func tableExportGB18030() throws {
        let dir = tempDir()
        var o = ExportOptions()
        o.encoding = .gb18030
        try RosterExporter.writeTable(columns: ["姓名"], rows: [[.string("张伟")]], personal: [false], format: .csv, to: dir + "/t.csv", options: o)
        #expect(readBytes(dir + "/t.csv") == [0xD0, 0xD5, 0xC3, 0xFB, 0x0A, 0xD5, 0xC5, 0xCE, 0xB0, 0x0A])
    }

    // MARK: XLSX cells to records

    func grid(_ rows: [[SpreadsheetCell]], merged: [String] = []) -> SpreadsheetGrid {
        SpreadsheetGrid(sheetName: "Sheet1", rows: rows, mergedRanges: merged)
    }

    func loadGrid(_ g: SpreadsheetGrid) throws(RosterError) -> [Applicant] {
        Array(try XLSXRosterLoader.load(grid: g, file: "roster.xlsx", catalog: .defaultPack, lenient: false).applicants)
    }

    func gridError(_ g: SpreadsheetGrid, sourceLocation: SourceLocation = #_sourceLocation) -> RosterError? {
        do { _ = try loadGrid(g); Issue.record("expected an error", sourceLocation: sourceLocation); return nil } catch { return error }
    }

    @Test func cellMapping() throws {
        let d = Day(2012, 7, 1)!
        let g = grid([
            [.text("申报编号"), .text("name"), .text("身份证号"), .text("毕业时间"), .text("在职在岗"), .text("自评分"),
             .text("工作单位"), .text("继续教育_2023_公需"), .text("联系电话"), .text("备注")],
            [.text("A1"), .text("张伟"), .number(330802199001011), .date(d), .bool(true), .number(78),
             .date(Day(2020, 1, 2)!), .number(24), .number(13812345678), .number(1.5)],
            [],   // an empty row is skipped
            [.number(1002), .text("李娜"), .text("33080219900101123X"), .text("2013/7/1"), .text("否"), .number(80.5),
             .empty, .empty, .empty, .bool(false)],
        ])
        let a = try loadGrid(g)
        #expect(a.count == 2)
        #expect(a[0]["id_number"] == .string("330802199001011"))
        #expect(a[0]["graduated_on"] == .date(d))
        #expect(a[0]["in_post"] == .bool(true))
        #expect(a[0]["self_score"] == .int(78))
        #expect(a[0]["unit"] == .string("2020-01-02"))           // a date cell in a text field → ISO text
        #expect(a[0]["phone"] == .string("13812345678"))
        #expect(a[0].extras["备注"] == .string("1.5"))
        #expect(a[1]["id"] == .string("1002"))
        #expect(a[1]["graduated_on"] == .date(Day(2013, 7, 1)!))
        #expect(a[1]["in_post"] == .bool(false))
        #expect(a[1]["self_score"] == .double(80.5))
        #expect(a[1]["unit"] == .null)
    }

    @Test func lostIDDigitsAreAnErrorNamingTheCell() {
        let g = grid([[.text("id"), .text("name"), .text("身份证号")],
                      [.text("A1"), .text("张伟"), .text("330802199001011234")],
                      [.text("A2"), .text("李娜"), .number(330802199001011234)]])
        let e = gridError(g)
        #expect(e?.place == "工作表 Sheet1 单元格 C3")
        #expect(e?.description.hasPrefix("roster.xlsx: 工作表 Sheet1 单元格 C3：记录 #2（A2） 字段 id_number（身份证号）：Excel 把这个号码存成了数字") == true)
        #expect(e?.value == "330802199001011000")
    }

    @Test func typingErrorsNameSheetAndCell() {
        let bad = gridError(grid([[.text("id"), .text("name"), .text("fee_paid")], [.text("A1"), .text("x"), .text("maybe")]]))
        #expect(bad?.description == "roster.xlsx: 工作表 Sheet1 单元格 C2：记录 #1（A1） 字段 fee_paid（已缴费）：应为布尔值（true/false、是/否、1/0、Y/N）：\"maybe\"")
        let number = gridError(grid([[.text("id"), .text("name"), .text("毕业时间")], [.text("A1"), .text("x"), .number(45474)]]))
        #expect(number?.place == "工作表 Sheet1 单元格 C2" && number?.message.contains("不是日期") == true)
        let dup = gridError(grid([[.text("id"), .text("name"), .text("unit")], [.text("A1"), .text("x")], [.text("A1"), .text("y")]]))
        #expect(dup?.place == "工作表 Sheet1 单元格 A3" && dup?.message.contains("申报编号重复") == true)
        let noName = gridError(grid([[.text("id"), .text("name"), .text("unit")], [.text("A1"), .empty, .text("u")]]))
        #expect(noName?.place == "工作表 Sheet1 单元格 B2")
        let beyond = gridError(grid([[.text("id"), .text("name")], [.text("A1"), .text("x"), .empty, .text("多出")]]))
        #expect(beyond?.place == "工作表 Sheet1 单元格 D2" && beyond?.message.contains("没有表头") == true)
        let header = gridError(grid([[.text("id"), .text("name"), .text("name")], [.text("A1"), .text("x"), .text("y")]]))
        #expect(header?.place == "工作表 Sheet1 单元格 C1" && header?.message.contains("列重复") == true)
        #expect(gridError(grid([]))?.message.contains("没有表头") == true)
    }

    @Test func mergedCells() throws {
        let rows: [[SpreadsheetCell]] = [[.text("2024 年花名册")], [.text("id"), .text("name")], [.text("A1"), .text("x")]]
        // A merged title row above the header is fine; the header is the first row with data.
        let titled = try loadGrid(grid(rows, merged: ["A1:B1"]))
        #expect(titled.count == 1)
        let e = gridError(grid(Array(rows.dropFirst()), merged: ["A1:B1"]))
        #expect(e?.description.hasPrefix("roster.xlsx: 工作表 Sheet1 单元格 A1:B1：表头（第 1 行）有合并单元格 A1:B1") == true)
        let data = gridError(grid(Array(rows.dropFirst()) + [[.text("A2")]], merged: ["B2:B3"]))
        #expect(data?.message.contains("数据区有合并单元格 B2:B3") == true)
    }

    @Test func workbookBytesAndSheetOption() throws {
        let header = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>申报编号</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>姓名</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>毕业时间</t></is></c></row>"
        let styles = "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/></numFmts><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/></cellXfs>"
        let bytes = XLSXFixture.workbook([
            .init("说明", "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>2</v></c></row><row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c></row>", path: "xl/worksheets/sheet1.xml"),
            .init("工程师", header + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"s\"><v>1</v></c><c r=\"C2\" s=\"1\"><v>41091</v></c></row>",
                  path: "xl/worksheets/sheet2.xml"),
        ], sharedStrings: ["A1", "张伟", "本表说明"], styles: styles)
        var o = LoadOptions()
        o.sheet = "工程师"
        let a = try reload(bytes, "r.xlsx", o)
        #expect(a.count == 1 && a[0]["graduated_on"] == .date(Day(2012, 7, 1)!) && a[0]["name"] == .string("张伟"))
        // The first sheet has no id column.
        let first = loadError(bytes: bytes, file: "r.xlsx")
        #expect(first?.message.contains("缺少必填列 id") == true)
        o.sheet = "没有"
        #expect(loadError(bytes: bytes, file: "r.xlsx", options: o)?.message.contains("没有名为“没有”的工作表") == true)
    }

    // MARK: robustness

    @Test func truncatedAndCorruptWorkbooks() throws {
        let bytes = try RosterExporter.data(Array(Self.roster.prefix(30)), extraKeys: [], format: .xlsx)
        #expect(Self.folded(try reload(bytes, "r.xlsx")) == Self.folded(Array(Self.roster.prefix(30))))
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40)) {
            #expect(loadError(bytes: Array(bytes.prefix(cut)), file: "r.xlsx") != nil, "cut at \(cut)")
        }
        var rng = SplitMix64(seed: 5)
        for _ in 0..<40 {
            var b = bytes
            for _ in 0..<8 { b[rng.below(b.count)] = UInt8(rng.below(256)) }
            // Either a clear error or a load; never a crash.
            do { _ = try RosterLoader.load(bytes: b, fileName: "r.xlsx", name: "x", options: LoadOptions()) } catch { #expect(!error.description.isEmpty) }
        }
        #expect(loadError(bytes: Array("id,name\nA1,x\n".utf8), file: "r.xlsx")?.message.contains("不是 zip") == true)
    }

    @Test func csvRaggedRowsAndBOMInTheMiddle() {
        let ragged = loadError("id,name,unit\nA1,x,u\nA2,y\n", file: "t.csv")
        #expect(ragged?.line == 3 && ragged?.message.contains("此行有 2 列，表头有 3 列") == true)
        let long = loadError("id,name\nA1,x,extra\n", file: "t.csv")
        #expect(long?.line == 2 && long?.message.contains("列数不符") == true)
        let concatenated = loadError("\u{FEFF}id,name\nA1,x\n\u{FEFF}id,name\nA2,y\n", file: "t.csv")
        #expect(concatenated?.line == 3 && concatenated?.column == 1 && concatenated?.message.contains("BOM") == true)
    }

    @Test func csvMixedEncodings() throws {
        let utf8 = Array("id,name,unit\nA1,张伟,衢州市水文站\n".utf8)
        let gb: [UInt8] = Array("A2,".utf8) + [0xD5, 0xC5, 0xCE, 0xB0] + Array(",x\n".utf8)
        let mixed = loadError(bytes: utf8 + gb, file: "t.csv")
        #expect(mixed?.line == 3 && mixed?.message.contains("编码混杂：第 2 行是 UTF-8，第 3 行不是") == true)
        var forced = LoadOptions()
        forced.encoding = .gb18030
        let wrong = loadError(bytes: utf8, file: "t.csv", options: forced)
        #expect(wrong?.line == 2 && wrong?.message.contains("文件是 UTF-8") == true)
        // A GB18030 file alone still loads.
        let onlyGB = Array("id,name,unit\n".utf8) + gb
        #expect(try reload(onlyGB, "t.csv")[0]["name"] == .string("张伟"))
    }
}
