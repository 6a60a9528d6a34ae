import Foundation
import Testing
@testable import ShellCore
import TestSupport

/// Found by a fresh-eyes review: each of these once crashed, leaked or gave a silent answer.
@Suite struct RegressionTests {
    @Test func datesNearYear9999NeverTrap() throws {
        let dir = makeTempDirectory()
        try """
        {"year":2024,"applicants":[{"id":"A1","name":"x","level":"技术员","route":"正常申报","degree":"本科","graduated_on":"9999-07-01"},
         {"id":"A2","name":"y","level":"工程师","title":"助理工程师","title_since":"9998-01-01"}]}
        """.write(toFile: dir + "/far.json", atomically: true, encoding: .utf8)
        let (out, ok) = run("load \(dir)/far.json\ncount by verdict()\ncheck --summary\nexplain A1\ncount where eligible()\nshow held(2020-01-01, 8000), held(2020-01-01, -3000)")
        #expect(ok, "\(out)")
        #expect(out.hasSuffix("false                   true\nfalse                   true\n"))
    }

    @Test func derivedAndNestedPersonalDataIsMasked() {
        let s = loaded()
        let (out, ok) = run("select id_number as x\nshow 1 x, [id_number, phone], id_number[0]\ncount by [phone]", in: s)
        #expect(ok)
        #expect(!out.contains("330802199001011234") && !out.contains("13812345678"))
        #expect(out.contains("330802********1234；138****5678"))
        #expect(out.contains("*\n"), "one character of an id is masked entirely")
    }

    @Test func stageRulesFollowTheAsOfDate() {
        let s = loaded()
        let (out, ok) = run("set as-of 2024-08-10\ncount by rule(\"P1\")", in: s)
        #expect(ok)
        #expect(out.contains("true           4\nfalse          1\n"))
    }

    @Test func feesOfUnknownLevelAreNotCountedAsZero() throws {
        let dir = makeTempDirectory()
        try "{\"applicants\":[{\"id\":\"A1\",\"name\":\"x\",\"fee_paid\":true},{\"id\":\"A2\",\"name\":\"y\",\"level\":\"工程师\",\"fee_paid\":true}]}"
            .write(toFile: dir + "/n.json", atomically: true, encoding: .utf8)
        let (out, _) = run("load \(dir)/n.json\nfee-total")
        #expect(out.contains("（未知）     1\n"))
        #expect(out.hasSuffix("其中 1 人申报级别未知（待核实），未计入费用\n"))
    }

    @Test(arguments: ["filter 1", "filter \"abc\"", "count where 5"])
    func nonBooleanConditionsAreTypeErrors(_ command: String) {
        let (out, ok) = run(command, in: loaded())
        #expect(!ok && out.contains("条件的结果应为 bool"))
    }

    @Test func recordQuotesDatasetNamesWithSpaces() throws {
        let dir = makeTempDirectory()
        try FileManager.default.copyItem(atPath: packageRoot + "/Tests/Fixtures/mini.json", toPath: dir + "/a b.json")
        let s = makeSession().0
        run("load \"\(dir)/a b.json\"\nrecord \(dir)/r.zcs\ncount\nrecord stop", in: s)
        let script = try String(contentsOfFile: dir + "/r.zcs", encoding: .utf8)
        #expect(script.contains("as \"a b\" --sha256"))
        let (out, ok) = run(script)
        #expect(ok && out.hasSuffix("   5\n"))
    }

    @Test func exportRefusesDevicesAndPipesAndWritesThroughSymlinks() throws {
        let dir = makeTempDirectory()
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        let (out, ok) = run("export csv \(dir)/fifo --force", in: loaded())
        #expect(!ok && out.contains("不是普通文件"))
        FileManager.default.createFile(atPath: dir + "/real.csv", contents: nil)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.csv", withDestinationPath: dir + "/real.csv")
        #expect(run("export csv \(dir)/link.csv --force", in: loaded()).ok)
        let attrs = try FileManager.default.attributesOfItem(atPath: dir + "/link.csv")
        #expect(attrs[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect(try String(contentsOfFile: dir + "/real.csv", encoding: .utf8).hasPrefix("id,name,"))
    }
}
