import Foundation
import Testing
import RosterData
import TitleRules
@testable import ShellCore
import TestSupport

/// Loading checks values against the vocabulary of the pack in force: `rules pack FILE`
/// before `load` changes what loads.
@Suite(.serialized) struct VocabularyPackTests {
    static let variant = packageRoot + "/Tests/Fixtures/packs/vocabulary-variant.yaml"

    /// A one-applicant roster with this agency and route, in a fresh folder.
    func roster(agency: String, route: String = "正常申报") -> String {
        let dir = makeTempDirectory()
        let path = dir + "/r.json"
        let text = "{\"applicants\": [\n{\"id\": \"V1\", \"name\": \"张伟\", \"agency\": \"\(agency)\", \"route\": \"\(route)\"}]}\n"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test func variantPackFixtureIsThere() throws {
        #expect(FileManager.default.fileExists(atPath: Self.variant), "missing \(Self.variant)")
        let p = try RulePack.load(path: Self.variant)
        #expect(p.catalog.enumeration("agency")?.values.last == "衢州智造新城水利局")
        #expect(p.routeAliases["常规"] == "正常申报")
        #expect(p.rules.count == (try RulePack.builtin()).rules.count)
    }

    @Test(arguments: [
        // (agency, route, loads with the built-in pack, loads with the variant)
        ("衢州智造新城水利局", "正常申报", false, true),
        ("开化县水利局", "正常申报", true, false),
        ("衢州市水利局", "常规", false, true),
        ("衢州市水利局", "正常", true, true),
    ])
    func packBeforeLoadDecidesWhatLoads(_ agency: String, _ route: String, _ builtin: Bool, _ variant: Bool) throws {
        let path = roster(agency: agency, route: route)
        let plain = run("load \(path)\ncount")
        #expect(plain.ok == builtin, "\(plain.output)")
        let switched = run("rules pack \(Self.variant)\nload \(path)\ncount")
        #expect(switched.ok == variant, "\(switched.output)")
        if variant {
            #expect(switched.output.hasSuffix("1\n"), "\(switched.output)")
            let (s, _) = makeSession()
            _ = run("rules pack \(Self.variant)\nload \(path)", in: s)
            // Stored as the canonical spelling of the pack in force.
            #expect(s.current?.dataset.applicants[0]["route"] == .string("正常申报"))
            #expect(s.current?.dataset.applicants[0]["agency"] == .string(agency))
        }
    }

    /// The refusal names the record, the field and the allowed values of the pack in force.
    @Test func refusalListsThePackInForce() throws {
        let path = roster(agency: "开化县水利局")
        let r = run("rules pack \(Self.variant)\nload \(path)")
        #expect(!r.ok)
        #expect(r.output.contains("r.json:2:"), "\(r.output)")
        #expect(r.output.contains("记录 #1（V1） 字段 agency（受理机构）：不在允许的取值中（允许：衢州市水利局、柯城区水利局、衢江区水利局、龙游县林业水利局、江山市水利局、常山县林业水利局、衢州智造新城水利局）：\"开化县水利局\""),
                "\(r.output)")
        let b = run("load \(roster(agency: "衢州智造新城水利局"))")
        #expect(b.output.contains("不在允许的取值中（允许：衢州市水利局、柯城区水利局、衢江区水利局、龙游县林业水利局、江山市水利局、常山县林业水利局、开化县水利局）：\"衢州智造新城水利局\""),
                "\(b.output)")
    }

    /// Help, completion and comparison warnings follow the pack in force.
    @Test func helpAndCompletionFollowThePack() throws {
        let (s, _) = makeSession()
        #expect(run("help agency", in: s).output.contains("开化县水利局"))
        _ = run("rules pack \(Self.variant)", in: s)
        let h = run("help agency", in: s).output
        #expect(h.contains("衢州智造新城水利局") && !h.contains("开化县水利局"), "\(h)")
        #expect(ShellCompleter(session: s).valueCandidates(before: "agency == ").contains("衢州智造新城水利局"))
        #expect(ShellCompleter(session: s).valueCandidates(before: "eligible(route:").contains("正常申报"))
        #expect(try s.catalog().enumeration("agency")?.values.last == "衢州智造新城水利局")
    }
}
