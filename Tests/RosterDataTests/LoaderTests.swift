#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import RosterData
import TestSupport

@Suite struct JSONLoaderTests {
    @Test(arguments: ["2024-07-04", "2024/7/4", "2024/07/04", "2024.7.4", "2024年7月4日", " 2024-07-04 ", "2024-7-4"])
    func dateForms(_ text: String) throws {
        let r = try load(one(#""submitted_on": "\#(text)""#))
        #expect(value(r, "submitted_on") == .date(Day(2024, 7, 4)!))
    }

    @Test(arguments: ["2024-07", "2024.07", "2024/7", "2024年7月"])
    func monthPrecision(_ text: String) throws {
        let r = try load(one(#""graduated_on": "\#(text)""#))
        #expect(value(r, "graduated_on") == .date(Day(2024, 7, 1)!))
    }

    @Test(arguments: ["2024-13-01", "2023-02-29", "20240704", "2024-07-04x", "July 4", "2024年7月4"])
    func badDates(_ text: String) {
        let e = loadError(one(#""graduated_on": "\#(text)""#))
        #expect(e?.field == "graduated_on")
        #expect(e?.value == text)
        #expect(e?.record == 1 && e?.recordID == "A1")
        #expect(e?.message.contains("无法识别的日期") == true)
    }

    @Test func badDateFullText() {
        let e = loadError("{\"applicants\": [\n {\"id\": \"QZ2024-0003\", \"name\": \"李\",\n  \"title_since\": \"2024-13-01\"}]}")
        #expect(e?.description == "t.json:3:18: 记录 #1（QZ2024-0003） 字段 title_since（现职称取得时间）：无法识别的日期（应为 YYYY-MM-DD、YYYY/M/D、YYYY.M.D、YYYY年M月D日 或精确到月的 YYYY-MM 等）：\"2024-13-01\"")
    }

    @Test func typedFields() throws {
        let r = try load(one(#""学历": "本科", "self_score": 78, "in_post": true, "route": "自评分", "unit_tier": "县（市、区）", "level": "工程师", "continuing_education": [{"年度": 2023, "公需": 24, "professional": 66.5}], "photo": {"width": 295, "格式": "JPG"}, "certificates": ["一级建造师（水利水电工程）"], "fee_paid": null, "specialty": "", "agency": """#))
        #expect(value(r, "degree") == .string("本科"))
        #expect(value(r, "自评分") == .int(78))
        #expect(value(r, "in_post") == .bool(true))
        #expect(value(r, "route") == .string("自评分（推荐）申报"))
        #expect(value(r, "unit_tier") == .string("县（市、区）"))
        #expect(value(r, "continuing_education") == .list([.object(Record([("year", .int(2023)), ("public", .int(24)), ("professional", .double(66.5))]))]))
        #expect(value(r, "photo") == .object(Record([("format", .string("JPG")), ("width", .int(295))])))
        #expect(value(r, "certificates") == .list([.string("一级建造师（水利水电工程）")]))
        #expect(value(r, "fee_paid") == .null)
        #expect(value(r, "specialty") == .string(""))
        #expect(value(r, "agency") == .null)
    }

    @Test(arguments: ["正常", "自评分", "高技能", "机关调出", "转评", "自评分(推荐)申报", "高技能人才申报"])
    func routeSpellings(_ s: String) throws {
        let r = try load(one(#""route": "\#(s)""#))
        #expect(defaultPack.routeNames.contains(value(r, "route").stringValue ?? ""))
    }

    /// Only `route` has extra spellings: `县(市、区)` with ASCII parentheses is not `县（市、区）`.
    @Test func asciiParenthesesOnlyForRoute() throws {
        let e = loadError(one(#""unit_tier": "县(市、区)""#))
        #expect(e?.field == "unit_tier" && e?.value == "县(市、区)")
        #expect(e?.message.contains("市本级、县（市、区）") == true)
        var lenient = LoadOptions(); lenient.lenient = true
        let r = try RosterLoader.load(bytes: Array(one(#""unit_tier": "县(市、区)""#).utf8), fileName: "t.json", name: "t", options: lenient)
        #expect(r.warnings.count == 1)
        #expect(r.dataset.applicants[0]["unit_tier"] == .null)
    }

    @Test func enumErrorNamesAllowedValues() {
        let e = loadError(one(#""degree": "大学""#))
        #expect(e?.field == "degree" && e?.value == "大学")
        #expect(e?.message.contains("中专、大专、本科") == true)
        let e2 = loadError(one(#""assessments": [{"year": 2023, "result": "很好"}]"#))
        #expect(e2?.field == "assessments[1].result")
        #expect(e2?.message.contains("优秀") == true)
    }

    @Test func lenientWarnsOncePerFieldAndValue() throws {
        let text = #"[{"id": "A1", "name": "a", "degree": "大学"}, {"id": "A2", "name": "b", "degree": "大学"}, {"id": "A3", "name": "c", "degree": "高中", "assessments": [{"year": 2022, "result": "很好"}, {"year": 2023, "result": "很好"}]}]"#
        let r = try load(text, lenient: true)
        #expect(r.dataset.count == 3)
        #expect(value(r, "degree", at: 0) == .null && value(r, "degree", at: 1) == .null)
        #expect(r.warnings.count == 3)
        #expect(r.warnings[0].field == "degree" && r.warnings[0].value == "大学" && r.warnings[0].message.contains("共 2 处"))
        #expect(r.warnings[1].value == "高中")
        #expect(r.warnings[2].field == "assessments[1].result")
        #expect(value(r, "assessments", at: 2) == .list([.object(Record([("year", .int(2022))])), .object(Record([("year", .int(2023))]))]))
        #expect(loadError(text) != nil)
    }

    @Test(arguments: [
        (#""self_score": "78""#, "self_score", "类型错误：应为数字，实际为字符串（JSON 中的数字不加引号；“是”“78”这样的文字写法只用于 CSV 单元格）"),
        (#""in_post": "是""#, "in_post", "类型错误：应为布尔值 true/false，实际为字符串（JSON 中的布尔值写 true/false，不加引号；“是”“78”这样的文字写法只用于 CSV 单元格）"),
        (#""in_post": 1"#, "in_post", "类型错误：应为布尔值 true/false，实际为数字"),
        (#""phone": 13812345678"#, "phone", "类型错误：应为字符串，实际为数字"),
        (#""self_score": 101"#, "self_score", "自评分应在 0–100 之间"),
        (#""self_score": -1"#, "self_score", "自评分应在 0–100 之间"),
        (#""continuing_education": [{"year": 2023, "public": -2}]"#, "continuing_education[1].public", "不能为负数"),
        (#""photo": {"bytes": -5}"#, "photo.bytes", "不能为负数"),
        (#""previous_application_year": 2023.5"#, "previous_application_year", "应为整数"),
        (#""certificates": "一级建造师""#, "certificates", "类型错误：应为字符串列表，实际为字符串"),
        (#""certificates": [1]"#, "certificates[1]", "类型错误：应为字符串，实际为数字"),
        (#""continuing_education": [2023]"#, "continuing_education[1]", "类型错误：应为对象，实际为数字"),
        (#""photo": []"#, "photo", "类型错误：应为对象，实际为数组"),
        (#""graduated_on": 20240701"#, "graduated_on", "类型错误：应为日期字符串（YYYY-MM-DD），实际为数字"),
    ])
    func wrongTypesAndRanges(_ body: String, _ field: String, _ message: String) {
        let e = loadError(one(body))
        #expect(e?.field == field)
        #expect(e?.message == message)
        #expect(e?.recordID == "A1")
    }

    @Test func idKnownEvenWhenAfterTheBadField() {
        let e = loadError(#"[{"name": "张伟", "self_score": "78", "id": "QZ-9"}]"#)
        #expect(e?.recordID == "QZ-9" && e?.line == 1 && e?.column == 31)
    }

    @Test func duplicateKeys() {
        let e = loadError(#"[{"id": "A1", "name": "x", "degree": "本科", "学历": "大专"}]"#)
        #expect(e?.field == "degree" && e?.value == "学历")
        #expect(e?.message.contains("出现两次") == true)
        #expect(loadError(#"[{"id": "A1", "name": "x", "foo": 1, "foo": 2}]"#)?.message.contains("出现两次") == true)
        #expect(loadError(one(#""photo": {"width": 1, "宽": 2}"#))?.field == "photo.width")
    }

    @Test func requiredAndUniqueIDs() {
        let noID = loadError(#"[{"name": "x"}]"#)
        #expect(noID?.field == "id" && noID?.message.contains("缺少必填字段") == true)
        let noName = loadError(#"[{"id": "A1"}]"#)
        #expect(noName?.field == "name" && noName?.recordID == "A1")
        #expect(loadError(#"[{"id": "", "name": "x"}]"#)?.field == "id")
        let dup = loadError(#"[{"id": "A1", "name": "x"}, {"id": "A2", "name": "y"}, {"id": "A1", "name": "z"}]"#)
        #expect(dup?.message == "申报编号重复：记录 #1 与记录 #3 相同")
        #expect(dup?.record == 3)
    }

    @Test func extrasKeptInFileOrder() throws {
        let r = try load(one(#""zeta": "z", "备注": {"a": [1, 2.5]}, "flag": true"#))
        let a = r.dataset.applicants[0]
        #expect(a.extras.keys == ["zeta", "备注", "flag"])
        #expect(a["备注"] == .object(Record([("a", .list([.int(1), .double(2.5)]))])))
        #expect(r.dataset.extraKeys == ["zeta", "备注", "flag"])
    }

    @Test func topLevelShapes() throws {
        let r = try load(#"{"year": 2024, "notice": "衢州水利〔2024〕72号", "applicants": [{"id": "A", "name": "b"}]}"#)
        #expect(r.dataset.year == 2024 && r.dataset.notice == "衢州水利〔2024〕72号" && r.dataset.count == 1)
        #expect(try load("[]").dataset.count == 0)
        #expect(try load("\u{FEFF}[]").dataset.count == 0)
        #expect(loadError("")?.message.contains("文件为空") == true)
        #expect(loadError("  \n ")?.message.contains("文件为空") == true)
        #expect(loadError("\"applicants\"")?.message.contains("顶层应为对象") == true)
        #expect(loadError("42")?.message.contains("实际为数字") == true)
        #expect(loadError("id,name\nA,b")?.message.contains("不是 JSON 文件") == true)
        #expect(loadError(#"{"year": 2024}"#)?.message.contains("缺少 applicants") == true)
        #expect(loadError(#"{"applicants": {}}"#)?.message.contains("applicants 应为数组") == true)
        #expect(loadError(#"[1]"#)?.message.contains("应为 JSON 对象") == true)
        let gbk = loadError(bytes: Array(#"[{"id": "A1", "name": ""#.utf8) + [0xD6, 0xD0] + Array(#""}]"#.utf8))
        #expect(gbk?.message.contains("UTF-8") == true && gbk?.column == 24)
    }

    @Test func formatsByExtension() throws {
        #expect(RosterFileFormat.from(fileName: "a/b.JSONL") == .jsonl)
        #expect(RosterFileFormat.from(fileName: "x.ndjson") == .jsonl)
        #expect(RosterFileFormat.from(fileName: "x.tsv") == .csv)
        #expect(RosterFileFormat.from(fileName: "x") == nil)
        #expect(loadError("", file: "x.xlsx")?.message.contains("不是 Excel 工作簿") == true)   // xlsx is loaded now
        #expect(loadError("[]", file: "x.dat")?.message.contains("--format") == true)
    }

    @Test func loadFromPathHashesBytes() throws {
        let dir = tempDir()
        let path = dir + "/r.json"
        let text = one(#""degree": "本科""#)
        let bytes = Array(text.utf8)
        let fd = open(path, O_WRONLY | O_CREAT, 0o644)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        close(fd)
        let r = try RosterLoader.load(path: path, name: "r", options: LoadOptions())
        #expect(r.dataset.sha256 == sha256Hex(bytes))
        #expect(r.dataset.path == path)
        #expect(throws: RosterError.self) { try RosterLoader.load(path: dir + "/missing.json", name: "m", options: LoadOptions()) }
    }
}

@Suite struct JSONLinesTests {
    @Test func linesAndBlankLines() throws {
        let text = "{\"id\": \"A1\", \"name\": \"a\"}\n\n  \n{\"id\": \"A2\", \"name\": \"b\", \"level\": \"工程师\"}\r\n"
        let r = try load(text, file: "t.jsonl")
        #expect(r.dataset.count == 2)
        #expect(value(r, "level", at: 1) == .string("工程师"))
    }

    @Test func errorsNameTheLine() {
        let e = loadError("{\"id\": \"A1\", \"name\": \"a\"}\n{\"id\": \"A2\", \"name\": \"b\"} {}\n", file: "t.jsonl")
        #expect(e?.line == 2 && e?.record == 2)
        let e2 = loadError("{\"id\": \"A1\", \"name\": \"a\"}\n\n[1]\n", file: "t.ndjson")
        #expect(e2?.line == 3 && e2?.message.contains("每行应为一个申报人员对象") == true)
        let e3 = loadError("{\"id\": \"A1\", \"name\": \"a\"}\n{\"id\": \"A2\", \"name\": \"b\", \"fee_paid\": \"yes\"}\n", file: "t.jsonl")
        #expect(e3?.line == 2 && e3?.field == "fee_paid" && e3?.recordID == "A2")
        let e4 = loadError("{\"id\": \"A1\", \"name\": \"a\"\n}\n", file: "t.jsonl")
        #expect(e4?.line == 1)
    }
}

/// Arrays past `JSONRosterLoader.parallelThreshold` are parsed on two threads: results
/// and errors must be those of the sequential parse (lenient loads stay sequential).
@Suite struct ParallelLoadTests {
    static let bytes: [UInt8] = {
        var n = 2500
        while true {
            let b = RosterGenerator.jsonBytes(count: n, seed: 7)
            if b.count >= JSONRosterLoader.parallelThreshold + (1 << 20) { return b }
            n *= 2
        }
    }()

    func loadBytes(_ b: [UInt8], lenient: Bool = false) throws -> LoadResult {
        var o = LoadOptions()
        o.lenient = lenient
        return try RosterLoader.load(bytes: b, fileName: "big.json", name: "big", options: o)
    }

    /// The bytes with the last occurrence of `old` replaced by `new`.
    func replacingLast(_ old: String, with new: String) -> [UInt8] {
        let o = Array(old.utf8), b = ParallelLoadTests.bytes
        var i = b.count - o.count
        while i >= 0, !b[i..<(i + o.count)].elementsEqual(o) { i -= 1 }
        precondition(i >= 0)
        return Array(b[..<i]) + Array(new.utf8) + Array(b[(i + o.count)...])
    }

    @Test func sameAsSequential() throws {
        let b = ParallelLoadTests.bytes
        let parallel = try loadBytes(b)
        let sequential = try loadBytes(b, lenient: true)
        #expect(parallel.dataset.count == sequential.dataset.count)
        #expect(parallel.dataset.applicants == sequential.dataset.applicants)
        #expect(parallel.dataset.idIndex == sequential.dataset.idIndex)
    }

    @Test func errorInSecondHalfIsExact() throws {
        let count = try loadBytes(ParallelLoadTests.bytes).dataset.count
        let e = loadError(bytes: replacingLast("\"fee_paid\":", with: "\"fee_paid\":\"x\",\"x\":"), file: "big.json")
        #expect(e?.field == "fee_paid" && (e?.record ?? 0) > count / 2)
        let lenient = { () -> RosterError? in
            var o = LoadOptions(); o.lenient = true
            return loadError(bytes: replacingLast("\"fee_paid\":", with: "\"fee_paid\":\"x\",\"x\":"), file: "big.json", options: o)
        }()
        #expect(e == lenient)
        let syntax = loadError(bytes: replacingLast("}", with: "},"), file: "big.json")
        #expect(syntax?.message.contains("JSON 语法错误") == true && syntax?.line != nil)
    }

    @Test func duplicateIDAcrossHalves() throws {
        let ds = try loadBytes(ParallelLoadTests.bytes).dataset
        let first = ds.applicants[0].id, last = ds.applicants[ds.count - 1].id
        let e = loadError(bytes: replacingLast("\"id\":\"\(last)\"", with: "\"id\":\"\(first)\""), file: "big.json")
        #expect(e?.message == "申报编号重复：记录 #1 与记录 #\(ds.count) 相同")
        #expect(e?.record == ds.count)
    }
}
