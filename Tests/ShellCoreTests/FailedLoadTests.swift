import Foundation
import RosterData
import Testing
@testable import ShellCore
import TestSupport

/// A refused file changes nothing in the session: every bad file of the loader corpus
/// (`Tests/Corpus/bad/`), loaded over an existing dataset of the same name, leaves the datasets,
/// their views and the current dataset as they were.
@Suite struct FailedLoadTests {
    static let badFiles: [String] = {
        guard let text = try? String(contentsOfFile: packageRoot + "/Tests/Corpus/manifest.tsv", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let cols = line.split(separator: "\t")
            return cols.count >= 2 && cols[1] == "error" ? String(cols[0]) : nil
        }
    }()

    @Test func corpusIsThere() {
        #expect(Self.badFiles.count >= 80, "Tests/Corpus/manifest.tsv missing or short: run scripts/make-corpus.py")
    }

    @Test(arguments: badFiles)
    func refusedFileLeavesSessionUntouched(_ file: String) {
        let s = loaded()
        run("filter degree == \"本科\"", in: s)
        let before = s.datasets["mini"]
        let view = before?.view
        let order = s.datasetOrder
        let (out, ok) = run("load \(packageRoot)/\(file) as mini", in: s)
        #expect(!ok, "\(file) loaded: \(out.prefix(200))")
        #expect(s.datasets["mini"] === before, "the dataset was replaced")
        #expect(s.datasets["mini"]?.view == view, "the view changed")
        #expect(s.datasetOrder == order && s.currentName == "mini")
        #expect(s.datasets.count == 1)
    }
}
