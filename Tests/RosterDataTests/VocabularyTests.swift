import Testing
@testable import RosterData
import TestSupport

/// RosterData knows no notice's words: a catalog built from any vocabulary checks values
/// against that vocabulary, in every format.
struct VocabularyTests {
    /// A vocabulary of made-up words, one list per enum field.
    static let madeUp: Vocabulary = {
        var w: [String: Vocabulary.Words] = [:]
        for k in FieldCatalog.enumKeys { w[k] = Vocabulary.Words(values: [k + "-甲", k + "-乙"]) }
        w["agency"] = Vocabulary.Words(values: ["甲局", "乙局"], aliases: ["甲": "甲局"])
        return Vocabulary(w)
    }()
    static let catalog = FieldCatalog(vocabulary: madeUp)

    func options() -> LoadOptions { LoadOptions(catalog: Self.catalog) }

    @Test func typesCatalogHasNoValues() {
        for k in FieldCatalog.enumKeys {
            let (field, sub) = k.contains(".") ? (String(k.split(separator: ".")[0]), String(k.split(separator: ".")[1])) : (k, "")
            let f = FieldCatalog.types.field(named: field)!
            let kind = sub.isEmpty ? f.kind : f.kind.subFields!.first { $0.key == sub }!.kind
            #expect(kind.enumValues == [], "\(k)")
        }
        #expect(FieldCatalog.enumKeys.contains("assessments.result") && FieldCatalog.enumKeys.contains("route"))
        #expect(Self.madeUp.missing.isEmpty)
        #expect(Vocabulary(["route": .init(values: ["x"])]).missing.count == FieldCatalog.enumKeys.count - 1)
    }

    @Test func catalogTakesTheVocabularyValuesAndAliases() {
        #expect(Self.catalog.field(named: "受理机构")?.kind.enumValues == ["甲局", "乙局"])
        #expect(Self.catalog.enumeration("agency")?.aliases == ["甲": "甲局"])
        #expect(Self.catalog.field(named: "assessments")?.kind.subFields?[1].kind.enumValues == ["assessments.result-甲", "assessments.result-乙"])
        // Same slots, keys and labels as the types.
        #expect(Self.catalog.fields.map(\.key) == FieldCatalog.types.fields.map(\.key))
        #expect(Self.catalog.slot(of: "学历") == FieldCatalog.types.slot(of: "degree"))
    }

    @Test(arguments: ["t.json", "t.jsonl", "t.csv"])
    func valuesOfTheVocabularyLoad(_ file: String) throws {
        let text: String
        switch file {
        case "t.json": text = #"{"applicants": [{"id": "A1", "name": "张伟", "agency": "甲", "assessments": [{"year": 2023, "result": "assessments.result-乙"}]}]}"#
        case "t.jsonl": text = #"{"id": "A1", "name": "张伟", "agency": "甲", "assessments": [{"year": 2023, "result": "assessments.result-乙"}]}"# + "\n"
        default: text = "id,name,agency,assessment_2023\nA1,张伟,甲,assessments.result-乙\n"
        }
        let r = try RosterLoader.load(bytes: Array(text.utf8), fileName: file, name: "t", options: options())
        let a = r.dataset.applicants[0]
        #expect(a["agency"] == .string("甲局"))
        #expect(a["assessments"].listValue?.first?.objectValue?["result"] == .string("assessments.result-乙"))
    }

    /// A value outside the vocabulary in force is refused naming record, id, field and the
    /// allowed values; a 2024 agency is such a value here.
    @Test(arguments: [("t.json", "2:"), ("t.csv", "2:")])
    func valueOutsideTheVocabularyIsRefused(_ file: String, _ line: String) throws {
        let text = file == "t.json"
            ? "{\"applicants\": [\n{\"id\": \"A1\", \"name\": \"张伟\", \"agency\": \"衢州市水利局\"}]}"
            : "id,name,agency\nA1,张伟,衢州市水利局\n"
        let e = try #require(loadError(bytes: Array(text.utf8), file: file, options: options()))
        #expect(e.record == 1 && e.recordID == "A1" && e.field == "agency" && e.value == "衢州市水利局")
        #expect(e.message == "不在允许的取值中（允许：甲局、乙局）")
        #expect(e.description.contains("\(file):\(line)"), "\(e)")
        #expect(e.description.contains("记录 #1（A1） 字段 agency（受理机构）：不在允许的取值中（允许：甲局、乙局）：\"衢州市水利局\""), "\(e)")
        // The same file loads against the built-in pack's vocabulary.
        #expect(try RosterLoader.load(bytes: Array(text.utf8), fileName: file, name: "t", options: LoadOptions()).dataset.count == 1)
    }

    @Test func lenientLoadMakesAnOutsideValueNotKnown() throws {
        var o = options()
        o.lenient = true
        let r = try RosterLoader.load(bytes: Array(one(#""agency": "丙局""#).utf8), fileName: "t.json", name: "t", options: o)
        #expect(r.dataset.applicants[0]["agency"] == .null)
        #expect(r.warnings.count == 1 && r.warnings[0].message.contains("允许：甲局、乙局"))
    }

    /// The generator draws by position from the vocabulary it is given.
    @Test func generatorUsesTheCatalogItIsGiven() {
        let apps = RosterGenerator.generate(count: 200, seed: 3, catalog: Self.catalog)
        let agencies = Set(apps.compactMap { $0["agency"].stringValue })
        #expect(agencies == ["甲局", "乙局"])
        for key in ["level", "route", "degree", "unit_kind", "social_insurance"] {
            let allowed = Set(Self.madeUp.values(key))
            #expect(apps.allSatisfy { ($0[key].stringValue).map(allowed.contains) ?? true }, "\(key)")
        }
        // In the built-in pack's vocabulary it is the roster of the examples.
        #expect(RosterGenerator.generate(count: 50, seed: 3) == RosterGenerator.generate(count: 50, seed: 3, catalog: .defaultPack))
    }
}
