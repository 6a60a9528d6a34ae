import Testing
@testable import RosterData
import TestSupport

/// roster-format.md, "Not known": `""` and blank-only text in any non-text field (bool, number,
/// int, date, enum, list, object, and the sub-fields of list items and objects) load as not known,
/// in JSON, JSON Lines, CSV and xlsx alike; text fields keep what is written. Every case below is
/// generated from `FieldCatalog.defaultPack`, so a field added to the catalog is tested too.
@Suite struct BlankFieldTests {
    /// What office files put in an empty cell: nothing, ASCII blanks, the ideographic space U+3000
    /// (Chinese IME), NBSP (web pages, Word), the zero-width space, a stray BOM, and mixtures.
    static let blanks = ["", " ", "   ", "\t", "\u{3000}", "\u{00A0}", "\u{200B}", " \t\u{3000}\u{00A0}\u{FEFF} "]
    /// JSON can also carry line breaks in a string.
    static let jsonOnlyBlanks = ["\n", "\r\n \n"]

    /// One field or sub-field of the catalog, by its kind.
    struct Target: CustomTestStringConvertible, Sendable {
        var field: String
        var sub: String?
        var kind: FieldKind
        /// The CSV/xlsx column that holds it; nil when it has none (a list field as a whole, or
        /// the `year` of a year-keyed item, which is in the column name).
        var column: String?
        var testDescription: String { sub.map { "\(field).\($0)" } ?? field }
        var isText: Bool { kind == .string }
    }

    static func column(field: String, subIndex k: Int, sub: String) -> String? {
        switch field {
        case "continuing_education": return sub == "year" ? nil : CSVColumn.ce(year: 2023, sub: k).name(chinese: false)
        case "assessments": return sub == "year" ? nil : CSVColumn.assessment(year: 2023).name(chinese: false)
        case "recommenders": return CSVColumn.recommender(n: 1, sub: k).name(chinese: false)
        case "performance": return CSVColumn.performance(n: 1, sub: k).name(chinese: false)
        case "photo": return CSVColumn.photo(sub: k).name(chinese: false)
        default: return "?"   // a new list field: `catalogCovered` fails until it is mapped here
        }
    }

    static let targets: [Target] = FieldCatalog.defaultPack.fields.flatMap { f -> [Target] in
        if let subs = f.kind.subFields {
            return [Target(field: f.key, kind: f.kind, column: nil)]
                + subs.enumerated().map { k, s in Target(field: f.key, sub: s.key, kind: s.kind, column: column(field: f.key, subIndex: k, sub: s.key)) }
        }
        return [Target(field: f.key, kind: f.kind, column: f.key)]
    }
    static let nonText = targets.filter { !$0.isText && !($0.field == "id" || $0.field == "name") }
    static let text = targets.filter { $0.isText && $0.sub != nil || ($0.isText && $0.field != "id" && $0.field != "name") }

    @Test func catalogCovered() {
        #expect(Self.targets.allSatisfy { $0.column != "?" }, "a list field without a CSV column mapping in this test")
        // Every kind is present, so the generated cases cover every typing path.
        for kind in ["bool", "int", "number", "date", "enum", "list<string>", "list<object>", "object"] {
            #expect(Self.nonText.contains { $0.kind.displayName == kind }, "no non-text field of kind \(kind)")
        }
        #expect(Self.nonText.count >= 40)
        #expect(Self.nonText.filter { $0.sub != nil }.count >= 9)
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    /// The applicant's JSON members with `blank` in the target.
    static func jsonMembers(_ t: Target, _ blank: String) -> String {
        let b = jsonString(blank)
        guard let sub = t.sub else { return "\"\(t.field)\": \(b)" }
        switch FieldCatalog.defaultPack.field(named: t.field)!.kind {
        case .objectList(let subs):
            let year = subs.first?.key == "year" && sub != "year" ? "\"year\": 2023, " : ""
            return "\"\(t.field)\": [{\(year)\"\(sub)\": \(b)}]"
        default:
            return "\"\(t.field)\": {\"\(sub)\": \(b)}"
        }
    }

    /// The loaded value of the target (the sub-field of the first item, or of the object).
    static func loaded(_ r: LoadResult, _ t: Target) -> Value? {
        let v = r.dataset.applicants[0][t.field]
        guard let sub = t.sub else { return v }
        switch v {
        case .list(let items): return items.first.flatMap { $0.objectValue?[sub] ?? .null }
        case .object(let rec): return rec[sub] ?? .null
        default: return nil
        }
    }

    static func csv(_ t: Target, _ cell: String) -> String {
        "id,name,\(t.column!)\r\nA1,张伟,\(cell)\r\n"
    }

    static func xlsx(_ t: Target, _ cell: String) throws -> [UInt8] {
        try XLSXWriter.data(sheetName: "花名册",
                            columns: ["id", "name", t.column!].map { XLSXColumn(header: $0, isText: true) },
                            rows: [[.text("A1"), .text("张伟"), cell.isEmpty ? .empty : .text(cell)]])
    }

    @Test(arguments: nonText)
    func blankIsNotKnownInJSON(_ t: Target) throws {
        for blank in Self.blanks + Self.jsonOnlyBlanks {
            let members = Self.jsonMembers(t, blank)
            if t.sub == "year" {
                // A year-keyed item without its year is an error naming record and list.
                let e = loadError(#"{"applicants": [{"id": "A1", "name": "张伟", "# + members + "}]}")
                #expect(e?.recordID == "A1" && e?.field == "\(t.field)[1]" && e?.message.contains("缺少年度 year") == true, "\(members)")
                continue
            }
            for (file, text) in [("t.json", #"{"applicants": [{"id": "A1", "name": "张伟", "# + members + "}]}"),
                                 ("t.jsonl", #"{"id": "A1", "name": "张伟", "# + members + "}\n")] {
                let r = try load(text, file: file)
                #expect(Self.loaded(r, t) == .null, "\(file) \(members)")
            }
        }
    }

    @Test(arguments: nonText.filter { $0.column != nil })
    func blankIsNotKnownInCSVAndXLSX(_ t: Target) throws {
        for blank in Self.blanks {
            let cell = blank.isEmpty ? "" : "\"\(blank)\""
            let r = try load(Self.csv(t, cell), file: "t.csv")
            #expect(Self.loaded(r, t) == nil || Self.loaded(r, t) == .null, "csv \(t.column!) \(blank.unicodeScalars.map { $0.value })")
            // GB18030 bytes of the same file (U+200B, U+FEFF, NBSP all exist in GB18030).
            var gbOptions = LoadOptions(); gbOptions.encoding = .gb18030
            let gbBytes = try GB18030Encoder(file: "t.csv").convert(Array(Self.csv(t, cell).utf8))
            let gb = try RosterLoader.load(bytes: gbBytes, fileName: "t.csv", name: "t", options: gbOptions)
            #expect(Self.loaded(gb, t) == nil || Self.loaded(gb, t) == .null, "gb18030 csv \(t.column!)")
            let x = try RosterLoader.load(bytes: try Self.xlsx(t, blank), fileName: "t.xlsx", name: "t", options: LoadOptions())
            #expect(Self.loaded(x, t) == nil || Self.loaded(x, t) == .null, "xlsx \(t.column!) \(blank.unicodeScalars.map { $0.value })")
        }
    }

    /// Text fields keep `""` and blank-only text as written (JSON); in CSV and xlsx blank-only text
    /// is kept, and an empty cell (which cannot say `""`) is not known. A list item or the photo
    /// built from columns whose cells are all blank is no item (padding makes nothing): there
    /// the field stays not known.
    @Test(arguments: text)
    func textKeepsWhatIsWritten(_ t: Target) throws {
        for blank in ["", "  ", "\u{3000}"] {
            let members = Self.jsonMembers(t, blank)
            let r = try load(#"{"applicants": [{"id": "A1", "name": "张伟", "# + members + "}]}")
            #expect(Self.loaded(r, t) == .string(blank), "\(members)")
            guard t.column != nil, !blank.isEmpty else { continue }
            let expected: Value? = t.sub == nil ? .string(blank) : nil
            let c = try load(Self.csv(t, "\"\(blank)\""), file: "t.csv")
            #expect(Self.loaded(c, t) == expected, "csv \(t.testDescription)")
            let x = try RosterLoader.load(bytes: try Self.xlsx(t, blank), fileName: "t.xlsx", name: "t", options: LoadOptions())
            #expect(Self.loaded(x, t) == expected, "xlsx \(t.testDescription)")
        }
    }
}
