import Foundation
import Testing
import FuzzTargets

/// Every input a fuzzing run found (minimised, under Tests/Fuzz/regressions/<target>/) runs
/// through the same `FuzzTarget.run` as libFuzzer did: it must return (no trap, no sanitizer
/// report, no hang) now that the finding is fixed. scripts/fuzz also seeds each run with them.
enum Regressions {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions").path

    /// (target, file name) for every committed regression input.
    static let cases: [(FuzzTarget, String)] = FuzzTarget.allCases.flatMap { t in
        let dir = root + "/" + t.rawValue
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { (t, $0) }
    }
}

@Suite struct FuzzRegressionTests {
    @Test func regressionFolderExistsForEveryTarget() {
        for t in FuzzTarget.allCases {
            var isDir: ObjCBool = false
            let dir = Regressions.root + "/" + t.rawValue
            #expect(FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) && isDir.boolValue,
                    "missing \(dir)")
        }
    }

    @Test(arguments: Regressions.cases.map { "\($0.0.rawValue)/\($0.1)" })
    func findingRunsCleanly(_ name: String) throws {
        let target = try #require(FuzzTarget(rawValue: String(name.prefix { $0 != "/" })))
        let data = try #require(FileManager.default.contents(atPath: Regressions.root + "/" + name),
                                "cannot read \(name)")
        target.run([UInt8](data))
    }

    @Test func evalRosterLoads() {
        #expect(FuzzTarget.evalRosterCount == 5)
    }

    /// The targets run on ordinary input without trapping.
    @Test(arguments: FuzzTarget.allCases)
    func targetRunsOnOrdinaryInput(_ target: FuzzTarget) {
        let inputs: [String] = [
            #"{"applicants": [{"id": "A1", "name": "张伟", "degree": "本科"}]}"#,
            "id,name,学历\nA1,张伟,本科\n",
            #"degree == "本科" and years(title_since) >= 5"#,
            "load examples/roster-2024.json\nfilter level ==\n  \"工程师\"; count",
            "",
        ]
        for s in inputs { target.run(Array(s.utf8)) }
    }
}
