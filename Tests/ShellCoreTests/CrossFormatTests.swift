import Foundation
import RosterData
import Testing
import TestSupport
import TitleRules

/// Issue 9, item 6 ("Load what is not yours"): rosters written by a second, independent
/// generator (`scripts/gen-office-roster.py`, Python, from roster-format.md alone) as office
/// exports write them — `""` in empty cells of every column, blank-only text, Chinese-label keys,
/// every date form, duplicated experts, BOM, CRLF, GB18030, a hand-written workbook — load in
/// every format, and JSON, JSONL, CSV, GB18030 CSV and xlsx give the same records and verdicts.
@Suite(.serialized, .enabled(if: OfficeRosterGenerator.python3 != nil,
                             "python3 is not on PATH: scripts/gen-office-roster.py cannot run, so the cross-format check is skipped"))
struct CrossFormatTests {
    static let seeds = [1, 2, 3]
    static let count = 300

    /// Every format's file loads; the records and every rule result agree with the JSON form's.
    @Test(arguments: seeds) func sameRecordsAndVerdictsInEveryFormat(seed: Int) throws {
        let gen = try OfficeRosterGenerator.generate(seed: seed, count: Self.count)
        var loaded: [(name: String, dataset: Dataset)] = []
        for (name, file) in OfficeRosterGenerator.formats {
            do {
                let r = try RosterLoader.load(path: gen.path(file), name: name, options: LoadOptions())
                #expect(r.warnings.isEmpty, "\(file): \(r.warnings.map(\.description))")
                #expect(r.dataset.count == Self.count, "\(file): \(r.dataset.count) 条记录")
                loaded.append((name, r.dataset))
            } catch {
                Issue.record("seed \(seed) \(file) 未能载入：\(error.description)")
            }
        }
        #expect(loaded.count == OfficeRosterGenerator.formats.count, "seed \(seed): 只有 \(loaded.map(\.name)) 载入")
        // The formats that loaded are still compared with each other (with the first of them).
        guard loaded.count >= 2 else { return }
        let reference = loaded[0]
        let referenceIsJSON = reference.name.hasPrefix("json")
        let engine = RuleEngine(pack: try RulePack.builtin())
        let refVerdicts = verdictSignatures(reference.dataset, engine)
        // The JSON records with every text `""` read as not known: what CSV and xlsx, whose empty
        // cell cannot say `""`, give. A difference that this explains is the one known, reported
        // spec question (roster-format.md: "Text fields keep `""` as written"); every other
        // difference fails the test.
        let blankless = Dataset(name: "json-empty-text-unknown", applicants: reference.dataset.applicants.map(emptyTextAsNotKnown))
        let blanklessVerdicts = verdictSignatures(blankless, engine)
        var emptyTextClass: [String] = []
        for (name, ds) in loaded.dropFirst() {
            let tabular = referenceIsJSON && !name.hasPrefix("json")
            var mismatches: [String] = []
            for (row, (a, b)) in zip(reference.dataset.applicants, ds.applicants).enumerated() {
                guard a.id == b.id else { mismatches.append("#\(row + 1): id \(a.id) ≠ \(b.id)"); continue }
                // CSV and xlsx hold one continuing-education record per year; the JSON forms of these
                // applicants add a failing second record for a year (R7 must still agree).
                let skip: Set<String> = tabular && gen.ceMultiIDs.contains(a.id) ? ["continuing_education"] : []
                let strict = recordDifferences(a, b, skipping: skip, emptyTextIsNotKnown: false)
                let loose = recordDifferences(a, b, skipping: skip, emptyTextIsNotKnown: tabular)
                mismatches += loose.map { "\(a.id) \($0)" }
                if loose.isEmpty && !strict.isEmpty { emptyTextClass += strict.map { "\(name) \(a.id) \($0)" } }
            }
            let sig = verdictSignatures(ds, engine)
            for (row, (x, y)) in zip(refVerdicts, sig).enumerated() where x != y {
                let id = ds.applicants[row].id
                let diff = zip(x.split(separator: "\n"), y.split(separator: "\n")).filter { $0 != $1 }
                    .map { "\(reference.name)「\($0)」 \(name)「\($1)」" }.joined(separator: "; ")
                if tabular && blanklessVerdicts[row] == y {
                    emptyTextClass.append("\(name) \(id) 规则结果不同：\(diff)")
                } else {
                    mismatches.append("\(id) 规则结果不同：\(diff)")
                }
            }
            #expect(mismatches.isEmpty,
                    "seed \(seed) \(name) 与 \(reference.name) 不同（\(mismatches.count) 处）：\n\(mismatches.prefix(40).joined(separator: "\n"))")
        }
        if !emptyTextClass.isEmpty {
            withKnownIssue("JSON \"\" in a text field vs the empty CSV/xlsx cell (not known): spec question reported to the lead", isIntermittent: true) {
                let rules = emptyTextClass.filter { $0.contains("规则结果不同") }
                let examples = (Array(rules.prefix(10)) + Array(emptyTextClass.prefix(10))).joined(separator: "\n")
                Issue.record("seed \(seed): \(emptyTextClass.count) 处仅因文本字段 \"\" 与空单元格不同（其中规则结果 \(rules.count) 处）：\n\(examples)")
            }
        }
    }

    /// The generator is deterministic: the same seed gives the same bytes.
    @Test func generatorIsDeterministic() throws {
        let a = try OfficeRosterGenerator.generate(seed: 7, count: 40)
        let b = try OfficeRosterGenerator.generate(seed: 7, count: 40)
        let c = try OfficeRosterGenerator.generate(seed: 8, count: 40)
        for (_, file) in OfficeRosterGenerator.formats {
            let x = try Data(contentsOf: URL(fileURLWithPath: a.path(file)))
            #expect(x == (try Data(contentsOf: URL(fileURLWithPath: b.path(file)))), "\(file)")
            #expect(x != (try Data(contentsOf: URL(fileURLWithPath: c.path(file)))), "\(file)")
        }
    }

    /// The files really contain what office exports do (so the check above is not vacuous).
    @Test func filesHoldOfficeExportQuirks() throws {
        let gen = try OfficeRosterGenerator.generate(seed: 1, count: Self.count)
        let json = try String(contentsOfFile: gen.path("roster.json"), encoding: .utf8)
        for needle in ["\"\"", "\"  \"", "\"\u{3000}\"", "\"单位暂停申报\"", "\"在职在岗\"", "/7/", "年", "自评分(推荐)申报",
                       "\"route\": \"正常\"", "技师班", ".0,"] {
            #expect(json.contains(needle), "roster.json 中没有 \(needle)")
        }
        let csv = try Data(contentsOf: URL(fileURLWithPath: gen.path("roster-utf8.csv")))
        #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(csv.range(of: Data("\r\n".utf8)) != nil)
        let gb = try [UInt8](Data(contentsOf: URL(fileURLWithPath: gen.path("roster-gb18030.csv"))))
        #expect(String(validating: gb, as: UTF8.self) == nil)   // really GB18030, not UTF-8
        let grid = try XLSXReader.read(path: gen.path("roster.xlsx"))
        #expect(grid.sheetName == "花名册")
        #expect(grid.mergedRanges.count == 1)   // the title row
        var kinds: [String: Int] = [:]
        for row in grid.rows.dropFirst(2) {
            for cell in row {
                switch cell {
                case .empty: kinds["empty", default: 0] += 1
                case .text(let t): kinds[t.isEmpty ? "empty text" : t.allSatisfy({ $0 == " " || $0 == "\u{3000}" || $0 == "\t" }) ? "blank text" : "text", default: 0] += 1
                case .number: kinds["number", default: 0] += 1
                case .bool: kinds["bool", default: 0] += 1
                case .date: kinds["date", default: 0] += 1
                }
            }
        }
        for k in ["empty", "blank text", "text", "number", "bool", "date"] {   // (the reader makes an empty string cell .empty)
            #expect(kinds[k, default: 0] > 50, "roster.xlsx 中 \(k) 单元格只有 \(kinds[k, default: 0]) 个")
        }
        let sheet = try String(contentsOfFile: gen.path("roster.jsonl"), encoding: .utf8)
        #expect(sheet.contains("\"id\": \"\"") && sheet.contains("\"name\": \" "), "recommenders with an empty id and a padded name")
        #expect(!gen.ceMultiIDs.isEmpty)
    }

    // MARK: comparing

    /// Field-by-field differences of two loaded applicants, after `canonical`.
    func recordDifferences(_ a: Applicant, _ b: Applicant, skipping: Set<String>, emptyTextIsNotKnown: Bool) -> [String] {
        var out: [String] = []
        for (slot, spec) in FieldCatalog.defaultPack.fields.enumerated() where !skipping.contains(spec.key) {
            let x = canonical(a.fields[slot], emptyTextIsNotKnown), y = canonical(b.fields[slot], emptyTextIsNotKnown)
            if x != y { out.append("\(spec.key): \(show(a.fields[slot])) ≠ \(show(b.fields[slot]))") }
        }
        let x = canonical(.object(a.extras), emptyTextIsNotKnown), y = canonical(.object(b.extras), emptyTextIsNotKnown)
        if x != y { out.append("extras: \(show(.object(a.extras))) ≠ \(show(.object(b.extras)))") }
        return out
    }

    /// What two formats may legitimately write differently for the same meaning:
    /// - a number is a number (`24`, `24.0` and Excel's double are one value: docs/files.md);
    /// - a not-known sub-field or extra is left out of its object (absent and null are one meaning);
    /// - with `emptyTextIsNotKnown`, a text `""` is not known (the empty cell of CSV and xlsx).
    /// Everything else — types, dates, enums, list lengths and order, booleans, text — must be equal.
    func canonical(_ v: Value, _ emptyTextIsNotKnown: Bool) -> Value {
        switch v {
        case .int(let i): return .double(Double(i))
        case .string("") where emptyTextIsNotKnown: return .null
        case .list(let items): return .list(items.map { canonical($0, emptyTextIsNotKnown) })
        case .object(let r):
            var out = Record()
            for (k, x) in r.pairs {
                let c = canonical(x, emptyTextIsNotKnown)
                if !c.isNull { out.keys.append(k); out.values.append(c) }
            }
            return .object(out)
        default: return v
        }
    }

    /// The applicant with every text `""` (fields, list items, extras) made not known.
    func emptyTextAsNotKnown(_ a: Applicant) -> Applicant {
        func strip(_ v: Value) -> Value {
            switch v {
            case .string(""): return .null
            case .list(let items): return .list(items.map(strip))
            case .object(let r):
                var out = Record()
                for (k, x) in r.pairs { let c = strip(x); if !c.isNull { out.keys.append(k); out.values.append(c) } }
                return .object(out)
            default: return v
            }
        }
        var b = a
        b.fields = a.fields.map(strip)
        if case .object(let r) = strip(.object(a.extras)) { b.extras = r }
        return b
    }

    func show(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return "\"" + s + "\""
        case .date(let d): return d.description
        case .list(let l): return "[" + l.map(show).joined(separator: ", ") + "]"
        case .object(let r): return "{" + r.pairs.map { "\($0): \(show($1))" }.joined(separator: ", ") + "}"
        }
    }

    /// One text per applicant: for its own level and route and for each level, the verdict (full
    /// evaluation and the cached fast path, which `verdict()` uses), every rule's outcome,
    /// `failed_rules`, `ce_years`; materials, publicity, fee paid, the fee, and P1–P3 on two dates.
    func verdictSignatures(_ ds: Dataset, _ engine: RuleEngine) -> [String] {
        let options = [RuleOptions()] + ["工程师", "助理工程师", "技术员"].map { RuleOptions(level: $0) }
        let asOf = [Day(2024, 8, 10)!, Day(2024, 12, 31)!]
        return ds.applicants.indices.map { row in
            var lines: [String] = []
            for o in options {
                let e = engine.evaluate(dataset: ds, row: row, options: o)
                let fast = engine.verdict(dataset: ds, row: row, options: o)
                lines.append("\(o.level ?? "本人") \(e.level)/\(e.route): \(e.verdict.rawValue) fast=\(fast.rawValue) "
                             + "failed=\(e.rules.filter { $0.outcome == .fail }.map(\.id)) ce_years=\(e.ceYears.map(String.init) ?? "null") "
                             + "possible=\(e.possibleCEYears) "
                             + e.rules.map { "\($0.id)=\($0.outcome.rawValue)" }.joined(separator: ","))
            }
            let a = ds.applicants[row]
            lines.append("materials " + engine.materials(a).map { "\($0.id)=\($0.outcome.rawValue)" }.joined(separator: ","))
            lines.append("P4=\(engine.publicity(a).outcome.rawValue) P5=\(engine.feePaid(a).outcome.rawValue) "
                         + "fee=\(engine.fee(for: a).map { "\($0.recommendation)+\($0.review)" } ?? "null")")
            for d in asOf {
                lines.append("\(d): " + ["P1", "P2", "P3"].map { "\($0)=\(engine.stageStatus($0, applicant: a, asOf: d).label)" }.joined(separator: " "))
            }
            return lines.joined(separator: "\n")
        }
    }
}
