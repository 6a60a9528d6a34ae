import Foundation
import Testing
@testable import ShellCore
import TestSupport

/// The rule pack as the shell uses it: functions in expressions, explain, check, deadlines, fees.
@Suite struct RuleCommandTests {
    @Test func eligibleIsThreeValued() {
        let s = loaded()
        // QZ2024-0003 lacks assessments: 待核实, so eligible() is null — neither kept nor dropped by `not`.
        let (out, ok) = run("count by verdict()\ncount where eligible()\ncount where not eligible()\ncount where is_null(eligible())", in: s)
        #expect(ok, "\(out)")
        #expect(out.contains("结论    人数\n──────  ────\n符合       3\n不符合     1\n待核实     1\n"))
        #expect(out.hasSuffix("人数\n────\n   3\n人数\n────\n   1\n人数\n────\n   1\n"))
    }

    @Test func ruleAndFailedRules() {
        let s = loaded()
        let (out, ok) = run("filter id == \"QZ2024-0003\"\nshow rule(\"R8\"), rule(\"R7\"), failed_rules(), verdict()", in: s)
        #expect(ok, "\(out)")
        #expect(out.hasSuffix("规则(\"R8\")  规则(\"R7\")  未通过规则  结论\n──────────  ──────────  ──────────  ──────\n            true                    待核实\n"))
    }

    @Test func labelsInChineseAndWhatIf() {
        let s = loaded()
        let a = run("count where 符合条件(级别:\"助理工程师\")", in: s).output
        let b = run("count where eligible(level:\"助理工程师\")", in: s).output
        #expect(a == b)
    }

    @Test func unknownLevelIsACompileErrorWithSuggestion() {
        let (out, ok) = run("filter eligible(level:\"工程\")", in: loaded(), name: "q.zcs")
        #expect(!ok)
        #expect(out.contains("q.zcs:1:23: error: 未知申报级别 `工程`"))
        #expect(out.contains("工程师"))
    }

    @Test func unknownRuleIdSuggests() {
        let (out, ok) = run("filter rule(\"R77\")", in: loaded())
        #expect(!ok && out.contains("未知规则 `R77`") && out.contains("`R7`"))
    }

    @Test func explainByIdOrNameAndWhatIf() {
        let s = loaded()
        let byId = run("explain QZ2024-0002", in: s).output
        let byName = run("explain 李娜", in: s).output
        #expect(byId == byName)
        #expect(byId.contains("结论：不符合"))
        #expect(byId.contains("R1.3"))
        let whatIf = run("explain QZ2024-0001 level:\"助理工程师\"", in: s).output
        // The heading wraps at 80 columns (no terminal): the applicant's own level on the next line.
        #expect(whatIf.contains("QZ2024-0001 张伟  申报 助理工程师 · 正常申报（资历截至 2024-12-31）；本人申报\n工程师 · 正常申报\n"))
        let (bad, ok) = run("explain QZ2024-9999", in: s)
        #expect(!ok && bad.contains("找不到申报人 `QZ2024-9999`"))
    }

    @Test func explainAsJSONIsOneDocument() throws {
        let s = loaded()
        let (out, ok) = run("set format json\nexplain QZ2024-0003", in: s)
        #expect(ok)
        let obj = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        #expect(obj?["verdict"] as? String == "待核实")
        #expect((obj?["rules"] as? [Any])?.isEmpty == false)
    }

    @Test func checkSummaryCountsApplicantsPerRule() {
        let (out, ok) = run("check --summary", in: loaded())
        #expect(ok)
        #expect(out.contains("R1.3  一      初级限市本级       1       0            0\nR8    三(四)  年度考核           0       1            0\n"))
        #expect(out.hasSuffix("共检查 5 人\n"))
    }

    @Test func deadlineStatusCountsStages() {
        let (out, ok) = run("deadline-status as-of 2024-08-10", in: loaded())
        #expect(ok)
        // QZ2024-0004 never submitted: overdue for P1 after 2024-08-03.
        #expect(out.contains("P1 个人网上申报  2024-07-04 至 2024-08-03  已截止               4         0       1     0"))
        let list = run("deadline-status as-of 2024-08-10 --list", in: loaded()).output
        #expect(list.contains("QZ2024-0004  赵强  P1 个人网上申报  已逾期"))
        #expect(!run("deadline-status as-of 2024-13-01", in: loaded()).ok)
    }

    @Test func feeTotalByLevel() {
        let (out, ok) = run("fee-total", in: loaded())
        #expect(ok)
        #expect(out.contains("工程师         4     320     720  1040   780   260       0"))
        #expect(out.contains("助理工程师     1       0     100   100   100     0       0"))
    }

    @Test func rosterOrderPutsRoutesInNoticeOrder() {
        let s = loaded()
        run("sort roster", in: s)
        let routes = s.current!.view.map { s.current!.dataset.applicants[Int($0)]["route"].stringValue ?? "" }
        #expect(routes.last == "自评分（推荐）申报")
    }

    @Test func rulesListAndDetail() {
        let s = loaded()
        let (detail, ok) = run("rules P4", in: s)
        // The quote wraps at 80 columns, continuation lines under its first character.
        #expect(ok && detail.contains("  「各推荐单位对申报人员基本情况和业绩材料在单位内部进行不少于 5 个工作日的公\n   示，"))
        let (bad, ok2) = run("rules R99", in: s)
        #expect(!ok2 && bad.contains("没有规则 `R99`"))
    }

    @Test func badRulePackFileIsAClearError() throws {
        let dir = makeTempDirectory()
        try "id: x\n".write(toFile: dir + "/p.yaml", atomically: true, encoding: .utf8)
        let s = loaded()
        let (out, ok) = run("rules pack \(dir)/p.yaml", in: s)
        #expect(!ok && out.contains("p.yaml"))
        #expect(run("rules", in: s).output.contains("quzhou-water-2024"), "the active pack is unchanged")
    }
}
