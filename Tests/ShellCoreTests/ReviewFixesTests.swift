import Foundation
import Testing
@testable import ShellCore
import RosterData
import TestSupport

/// Found by the second fresh-eyes review (rosters and inputs the project did not make).
@Suite struct ReviewFixesTests {
    private func write(_ text: String, _ name: String) throws -> String {
        let path = makeTempDirectory() + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a load error that echoes a 身份证号 or 联系电话 masks it", arguments: [
        (#"[{"id":"A1","name":"x","id_number":330802199001011234}]"#, "330802199001011234", "330802********1234"),
        (#"[{"id":"A1","name":"x","phone":13905701234}]"#, "13905701234", "139****1234"),
    ])
    func personalValuesInLoadErrorsAreMasked(_ json: String, _ raw: String, _ masked: String) throws {
        let path = try write(json, "p.json")
        let (out, ok) = run("load \(path)")
        #expect(!ok)
        #expect(!out.contains(raw), "\(out)")
        #expect(out.contains("\"\(masked)\""), "\(out)")
    }

    @Test("short personal values are masked the same on screen and in exports", arguments: [
        ("1", "*"), ("12", "**"), ("1234", "****"), ("123456", "******"), ("1234567", "1**4567"),
        ("13905701234", "139****1234"), ("330802199001011234", "330802********1234"),
    ])
    func maskingOfShortValues(_ raw: String, _ masked: String) {
        #expect(maskPersonal(raw) == masked)
        #expect(maskedValue(.string(raw)) == .string(masked))
    }

    @Test("control characters in data never reach the terminal raw", arguments: [
        ("x\u{1B}[2J\u{1B}[31mEVIL", "x␛[2J␛[31mEVIL"), ("a\rb", "a␍b"), ("a\tb", "a␉b"),
        ("a\nb", "a⏎b"), ("a\u{7F}b", "a␡b"), ("a\u{85}b", "a\u{FFFD}b"), ("普通文本", "普通文本"),
    ])
    func terminalSafeText(_ raw: String, _ shown: String) {
        #expect(terminalSafe(raw) == shown)
    }

    @Test func tablesShowControlCharactersAsPictures() throws {
        let path = try write("[{\"id\":\"A1\",\"name\":\"x\\u001b[31mRED\\r\"}]", "c.json")
        let (out, ok) = run("load \(path)\nshow name")
        #expect(ok)
        #expect(!out.contains("\u{1B}") && !out.contains("\r"))
        #expect(out.contains("x␛[31mRED␍"))
    }

    @Test("CSV and xlsx exports refuse what would not load back the same", arguments: ["csv", "xlsx"])
    func exportsRefuseWhatCannotRoundTrip(_ format: String) throws {
        let sep = try write(#"[{"id":"A1","name":"x","certificates":["一级建造师；水利","注册;土木"]}]"#, "s.json")
        let dir = makeTempDirectory()
        var (out, ok) = run("load \(sep)\nexport \(format) \(dir)/s.\(format)")
        #expect(!ok)
        #expect(out.contains("字段 certificates（注册证书）：无法展开为 CSV 列：一项中含有分隔符 ; 或 ；（一级建造师；水利）"), "\(out)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/s.\(format)"))

        let yearOnly = try write(#"[{"id":"A1","name":"x","continuing_education":[{"year":2024}]}]"#, "y.json")
        (out, ok) = run("load \(yearOnly)\nexport \(format) \(dir)/y.\(format)")
        #expect(!ok)
        #expect(out.contains("年度 2024 一项只有年度、没有学时"), "\(out)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/y.\(format)"))
    }

    @Test func blankOnlyItemsInCSVMakeNoItem() throws {
        let path = try write("""
        id,name,level,route,self_score,recommender_1_name,recommender_1_title,recommender_2_name,recommender_2_title,performance_1_title,performance_1_new,photo_format,photo_bytes
        A1,x,工程师,自评分,80,"  ","  ","  ","  ","  ","  ","  ","  "
        A2,z,工程师,自评分,80,"  ",高级工程师,,,,,,

        """, "b.csv")
        let (out, ok) = run("load \(path)\nshow id, rule_status(\"R3.2\"), rule_status(\"R13.1\"), rule_status(\"M4\"), recommenders, performance, photo")
        #expect(ok, "\(out)")
        #expect(out.contains("A1        待核实            待核实             通过\n"), "\(out)")
        #expect(out.contains("A2        不通过            待核实             通过            {name:   , title: 高级工程师}"), "\(out)")
    }

    @Test func jsonExportKeepsYearAndNotice() throws {
        let src = try write(#"{"year":2024,"notice":"衢州水利〔2024〕72号","applicants":[{"id":"A1","name":"x"}]}"#, "n.json")
        let dir = makeTempDirectory()
        let (out, ok) = run("load \(src)\nexport json \(dir)/o.json\nload \(dir)/o.json as back")
        #expect(ok, "\(out)")
        let text = try String(contentsOfFile: dir + "/o.json", encoding: .utf8)
        #expect(text.hasPrefix(#"{"year": 2024, "notice": "衢州水利〔2024〕72号", "applicants": ["#), "\(text.prefix(80))")
        #expect(out.contains("o.json（年度 2024"), "\(out)")
    }
}

/// A JSON export's records, without the wrapper's `year` and `notice` (which CSV and xlsx
/// files do not carry).
func records(_ json: String) -> Substring {
    guard let r = json.range(of: "\"applicants\"") else { return json[...] }
    return json[r.lowerBound...]
}
