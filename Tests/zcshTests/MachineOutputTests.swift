import Foundation
import ShellLang
import TestSupport
import Testing

/// Output for programs (issue 13, item 10): with `--format csv|json|jsonl` stdout holds only
/// data — status lines such as 已载入… go to stderr — `jsonl` gives one line per command, CSV
/// tables of several commands are separated by an empty line, and decimals print as the
/// shortest text of the value rounded to 15 significant digits.
@Suite struct MachineOutputTests {
    static let script = "load Tests/Fixtures/mini.json; count; count by level; stats self_score"

    @Test(arguments: ["csv", "json", "jsonl"])
    func statusLinesGoToStderr(format: String) throws {
        let r = try runZcshSeparately(["--format", format, "--as-of", "2024-12-31", "-c", Self.script])
        #expect(r.status == 0)
        #expect(!r.stdout.contains("已载入"))
        #expect(r.stderr.contains("已载入 5 名申报人"))
    }

    @Test func jsonlIsOneDocumentPerCommandPerLine() throws {
        let r = try runZcshSeparately(["--format", "jsonl", "--as-of", "2024-12-31", "-c", Self.script])
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 4 && lines[3] == "", "three commands, three lines: \(lines)")
        #expect(lines[0] == #"[{"count":5}]"#)
        #expect(lines[1] == #"[{"level":"工程师","count":4},{"level":"助理工程师","count":1}]"#)
        for line in lines.dropLast() {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "not JSON: \(line)")
        }
    }

    @Test func csvTablesOfSeveralCommandsAreSeparated() throws {
        let r = try runZcshSeparately(["--format", "csv", "--as-of", "2024-12-31", "-c",
                                       "load Tests/Fixtures/mini.json; count; count by level"])
        #expect(r.stdout == "count\n5\n\nlevel,count\n工程师,4\n助理工程师,1\n")
    }

    @Test(arguments: [
        (498.29999999999995, "498.3"), (0.1 + 0.2, "0.3"), (51220.0, "51220"), (-2.5, "-2.5"),
        (71.19, "71.19"), (1e20, "1e+20"), (1.0 / 3.0, "0.333333333333333"), (.nan, "null"),
    ])
    func decimalsAreShortestOfTheRoundedValue(value: Double, text: String) {
        #expect(jsonNumber(value) == text)
        #expect(jsonLiteral(.double(value)) == text)
    }
}
