#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import RosterData
import TestSupport

@Suite struct CSVLoaderTests {
    func csv(_ text: String, options: LoadOptions = LoadOptions()) throws -> LoadResult {
        try RosterLoader.load(bytes: Array(text.utf8), fileName: "t.csv", name: "t", options: options)
    }

    @Test func quotingAndSeparators() throws {
        for sep in [",", ";", "\t"] {
            let text = ["id", "name", "unit", "self_statement"].joined(separator: sep) + "\n"
                + ["A1", "张伟", "\"甲\(sep)乙\"", "\"他说\"\"好\"\"\r\n第二行\""].joined(separator: sep) + "\r\n"
            let r = try csv(text)
            #expect(value(r, "unit") == .string("甲\(sep)乙"))
            #expect(value(r, "self_statement") == .string("他说\"好\"\r\n第二行"))
        }
    }

    @Test func bomLabelsAndMixedHeaders() throws {
        let text = "\u{FEFF}申报编号,name,学历,in_post,ce_2023_public,继续教育_2023_专业,assessment_2022,年度考核_2023,推荐专家_1_姓名,recommender_1_title,photo_width,证件照_格式\nA1,张伟,本科,是,24,66,合格,优秀,周建平,高级工程师,295,JPG\n"
        let r = try csv(text)
        #expect(value(r, "id") == .string("A1"))
        #expect(value(r, "degree") == .string("本科"))
        #expect(value(r, "in_post") == .bool(true))
        #expect(value(r, "continuing_education") == .list([.object(Record([("year", .int(2023)), ("public", .int(24)), ("professional", .int(66))]))]))
        #expect(value(r, "assessments") == .list([.object(Record([("year", .int(2022)), ("result", .string("合格"))])),
                                                  .object(Record([("year", .int(2023)), ("result", .string("优秀"))]))]))
        #expect(value(r, "recommenders") == .list([.object(Record([("name", .string("周建平")), ("title", .string("高级工程师"))]))]))
        #expect(value(r, "photo") == .object(Record([("format", .string("JPG")), ("width", .int(295))])))
    }

    @Test(arguments: [("true", true), ("FALSE", false), ("是", true), ("否", false), ("1", true), ("0", false), ("y", true), ("N", false)])
    func booleans(_ cell: String, _ expected: Bool) throws {
        #expect(value(try csv("id,name,fee_paid\nA1,x,\(cell)\n"), "fee_paid") == .bool(expected))
    }

    @Test func textStaysTextAndEmptyIsNotKnown() throws {
        let r = try csv("id,name,id_number,phone,self_score,previous_application_year,fee_paid,unit,certificates\nA1,x,033080219900101123X,013812345678,78.5,2023,,,证书甲；证书乙; 证书丙\n")
        #expect(value(r, "id_number") == .string("033080219900101123X"))
        #expect(value(r, "phone") == .string("013812345678"))
        #expect(value(r, "self_score") == .double(78.5))
        #expect(value(r, "previous_application_year") == .int(2023))
        #expect(value(r, "fee_paid") == .null)
        #expect(value(r, "unit") == .null)
        #expect(value(r, "certificates") == .list([.string("证书甲"), .string("证书乙"), .string("证书丙")]))
    }

    @Test func countColumns() throws {
        let r = try csv("id,name,certificates_count,certificates,荣誉_数量,honors,assessments_count,assessment_2023\nA1,x,0,,,,1,合格\nA2,y,,,,,,\n")
        #expect(value(r, "certificates", at: 0) == .list([]))
        #expect(value(r, "honors", at: 0) == .null)
        #expect(value(r, "certificates", at: 1) == .null)
        let e = try? csv("id,name,assessments_count,assessment_2023\nA1,x,2,合格\n")
        #expect(e == nil)
        let err = loadError("id,name,assessments_count,assessment_2023\nA1,x,2,合格\n", file: "t.csv")
        #expect(err?.message == "数量列与明细不符：数量为 2，明细列中有 1 项")
        #expect(err?.line == 2 && err?.column == 3)
    }

    @Test func errors() {
        let ragged = loadError("id,name,unit\nA1,x\n", file: "t.csv")
        #expect(ragged?.line == 2 && ragged?.message.contains("列数不符") == true)
        let repeated = loadError("id,name,学历,degree\nA1,x,本科,本科\n", file: "t.csv")
        #expect(repeated?.line == 1 && repeated?.column == 4 && repeated?.message.contains("列重复") == true)
        let badBool = loadError("id,name,fee_paid\nA1,x,maybe\n", file: "t.csv")
        #expect(badBool?.description == "t.csv:2:3: 记录 #1（A1） 字段 fee_paid（已缴费）：应为布尔值（true/false、是/否、1/0、Y/N）：\"maybe\"")
        let unclosed = loadError("id,name\nA1,\"x\n", file: "t.csv")
        #expect(unclosed?.line == 2 && unclosed?.message.contains("引号没有闭合") == true)
        #expect(loadError("id,name,unit\nA1,x,a\nA1,y,b\n", file: "t.csv")?.message == "申报编号重复：记录 #1 与记录 #2 相同")
        #expect(loadError("name\nx\n", file: "t.csv")?.message.contains("缺少必填列 id") == true)
        #expect(loadError("id,name,continuing_education\nA1,x,1\n", file: "t.csv")?.message.contains("展开") == true)
        #expect(loadError("id,name,degree\nA1,x,大学\n", file: "t.csv")?.field == "degree")
        #expect(loadError("id,name,ce_2023_public\nA1,x,-3\n", file: "t.csv")?.field == "continuing_education[2023].public")
        #expect(loadError("", file: "t.csv")?.message.contains("文件为空") == true)
    }

    @Test func lenientCSV() throws {
        var o = LoadOptions()
        o.lenient = true
        let r = try csv("id,name,degree\nA1,x,大学\nA2,y,大学\n", options: o)
        #expect(r.warnings.count == 1 && value(r, "degree") == .null)
    }

    @Test func gb18030() throws {
        // "id,name\nA1,张伟\n" in GB18030: 张 = D5 C5, 伟 = CE B0.
        let bytes: [UInt8] = Array("id,name,unit\nA1,".utf8) + [0xD5, 0xC5, 0xCE, 0xB0] + Array(",x\n".utf8)
        let r = try RosterLoader.load(bytes: bytes, fileName: "t.csv", name: "t", options: LoadOptions())
        #expect(value(r, "name") == .string("张伟"))
        var forced = LoadOptions()
        forced.encoding = .utf8
        #expect(loadError(bytes: bytes, file: "t.csv", options: forced)?.message.contains("UTF-8") == true)
        forced.encoding = .gb18030
        #expect(value(try RosterLoader.load(bytes: bytes, fileName: "t.csv", name: "t", options: forced), "name") == .string("张伟"))
    }

    @Test func separatorOption() throws {
        var o = LoadOptions()
        o.separator = UInt8(ascii: ";")
        let r = try csv("id;name\nA1;张,伟\n", options: o)
        #expect(value(r, "name") == .string("张,伟"))
    }
}
