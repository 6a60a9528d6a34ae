import Foundation
import Testing
import TestSupport
@testable import RosterData

/// The loader corpus (`Tests/Corpus/`, written by `scripts/make-corpus.py`): one defect per bad
/// file, and office-style files that must load. `manifest.tsv` gives each file's outcome, options
/// and the words its message must contain (file, line or cell, record id, field key and 中文 label,
/// value). Every refusal must be one line of at most 300 characters.
@Suite struct CorpusTests {
    struct Entry: CustomTestStringConvertible, Sendable {
        var file: String
        var outcome: String
        var lenient: Bool
        var words: [String]
        var testDescription: String { file }
    }

    static let manifestPath = packageRoot + "/Tests/Corpus/manifest.tsv"

    static let entries: [Entry] = {
        guard let text = try? String(contentsOfFile: manifestPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            if line.hasPrefix("#") || line.isEmpty { return nil }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cols.count >= 3 else { return Entry(file: String(line), outcome: "?", lenient: false, words: []) }
            return Entry(file: cols[0], outcome: cols[1], lenient: cols[2] == "lenient", words: Array(cols.dropFirst(3)))
        }
    }()

    /// Fails loudly when the corpus is missing or shrank: the parameterised test below would
    /// otherwise run zero cases and pass.
    @Test func corpusIsPresent() throws {
        #expect(FileManager.default.fileExists(atPath: Self.manifestPath), "missing \(Self.manifestPath): run scripts/make-corpus.py")
        #expect(Self.filesPage.contains("corpus-messages:start"), "docs/files.md is missing or lacks the corpus section")
        #expect(Self.entries.count >= 80, "corpus has \(Self.entries.count) entries, expected at least 80")
        let refused = Self.entries.filter { $0.outcome == "error" }
        #expect(refused.count >= 80)
        // Every format is represented, refused and loaded.
        for ext in [".json", ".jsonl", ".csv", ".xlsx"] {
            #expect(refused.contains { $0.file.hasSuffix(ext) }, "no refused \(ext) file")
            #expect(Self.entries.contains { $0.outcome == "load" && $0.file.hasSuffix(ext) }, "no loaded \(ext) file")
        }
        // Every file on disk is in the manifest, and the other way round.
        for sub in ["good", "bad"] {
            let dir = packageRoot + "/Tests/Corpus/" + sub
            let names = try FileManager.default.contentsOfDirectory(atPath: dir)
            for n in names { #expect(Self.entries.contains { $0.file == "Tests/Corpus/\(sub)/\(n)" }, "\(sub)/\(n) is not in manifest.tsv") }
        }
    }

    /// docs/files.md, which lists the message of every refusal.
    static let filesPage: String = (try? String(contentsOfFile: packageRoot + "/docs/files.md", encoding: .utf8)) ?? ""

    static func isAllBlank(_ file: String) -> Bool {
        ["empty-strings", "blank-strings", "empty-cells", "blank-cells"].contains { file.contains($0) }
    }

    @Test(arguments: entries)
    func corpusFile(_ e: Entry) throws {
        let path = packageRoot + "/" + e.file
        let data = try #require(FileManager.default.contents(atPath: path), "missing corpus file \(path)")
        var options = LoadOptions()
        options.lenient = e.lenient
        let outcome = Result { () throws(RosterError) -> LoadResult in
            try RosterLoader.load(bytes: [UInt8](data), fileName: e.file, name: "corpus", options: options)
        }
        switch (e.outcome, outcome) {
        case ("error", .failure(let err)):
            let message = err.description
            #expect(!message.contains("\n") && !message.contains("\r"), "not one line: \(message)")
            #expect(message.count <= 300, "\(message.count) characters: \(message.prefix(400))")
            #expect(message.hasPrefix(e.file), "does not start with the file name: \(message)")
            for w in e.words { #expect(message.contains(w), "missing “\(w)” in: \(message)") }
            #expect(Self.filesPage.contains(message), "docs/files.md does not show this message (run scripts/corpus-messages.py): \(message)")
        case ("load", .success(let r)):
            #expect(r.dataset.count >= 1)
            let warnings = r.warnings.map(\.description)
            if e.words.count > 1 {
                let all = warnings.joined(separator: "\n")
                for w in e.words { #expect(all.contains(w), "missing “\(w)” in warnings: \(all)") }
                for w in warnings { #expect(Self.filesPage.contains(w), "docs/files.md does not show this warning: \(w)") }
                for w in warnings {
                    #expect(!w.contains("\n") && w.count <= 300, "warning not one short line: \(w)")
                }
            } else {
                #expect(warnings.isEmpty, "unexpected warnings: \(warnings)")
            }
            if Self.isAllBlank(e.file) {
                // Every non-text field of every record is not known.
                // Every non-text field and sub-field of every record is not known (text sub-fields,
                // such as a recommender's blank name, are kept as written).
                for a in r.dataset.applicants {
                    for f in FieldCatalog.defaultPack.fields where f.kind != .string {
                        guard let subs = f.kind.subFields else {
                            #expect(a[f.key] == .null, "\(a.id) \(f.key) = \(a[f.key])")
                            continue
                        }
                        let items: [Value] = a[f.key].listValue ?? (a[f.key].isNull ? [] : [a[f.key]])
                        for item in items {
                            for s in subs where s.kind != .string {
                                #expect(item.objectValue?[s.key] == nil, "\(a.id) \(f.key).\(s.key) = \(item)")
                            }
                        }
                    }
                }
            }
        case ("error", .success):
            Issue.record("\(e.file) loaded, but the manifest says it must be refused")
        case ("load", .failure(let err)):
            Issue.record("\(e.file) must load, but: \(err.description.prefix(400))")
        default:
            Issue.record("bad manifest line for \(e.file): outcome \(e.outcome)")
        }
    }

    /// A count N > 0 with an all-empty item: the item exists with nothing known.
    @Test(arguments: ["Tests/Corpus/good/csv-count-with-empty-item.csv", "Tests/Corpus/good/xlsx-count-with-empty-item.xlsx"])
    func countWithEmptyItem(_ file: String) throws {
        let data = try #require(FileManager.default.contents(atPath: packageRoot + "/" + file))
        let r = try RosterLoader.load(bytes: [UInt8](data), fileName: file, name: "c", options: LoadOptions())
        let items = r.dataset.applicants[0]["recommenders"].listValue ?? []
        #expect(items.count == 2)
        #expect(items.first?.objectValue?["name"] == .string("王强"))
        #expect(items.last == .object(Record()))
    }

    /// The issue's example: a 10 MB bad date gives a one-line message of reasonable length.
    @Test func tenMegabyteBadDate() {
        let big = "2024-" + String(repeating: "9", count: 10 << 20)
        let e = loadError(one(#""title_since": "\#(big)""#))
        let text = e?.description ?? ""
        #expect(text.count < 300)
        #expect(text.contains("…（共 \(big.count) 个字符）"))
        #expect(e?.value == big, "the error keeps the whole value; only its rendering is cut")
    }

    /// Quoted values are cut and kept on one line in every message, warnings included.
    @Test(arguments: [String(repeating: "甲", count: 61), "a\nb", "x\ty\r\n", "\u{0}"])
    func quotedValuesAreOneShortLine(_ v: String) {
        let q = RosterError.quote(v)
        #expect(!q.contains("\n") && !q.contains("\r") && !q.contains("\t") && !q.unicodeScalars.contains("\u{0}"))
        #expect(q.count <= RosterError.quoteLimit + 20)
        let e = RosterError(file: "f.csv", line: 2, recordID: v, field: v, value: v, message: "m")
        #expect(!e.description.contains("\n") && e.description.count < 300)
    }
}
