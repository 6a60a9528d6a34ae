import Testing
@testable import ShellCore
import TestSupport

/// `explain NAME` finds applicants by the name column (no applicant is built per row): a unique
/// name explains, a shared one lists the ids.
@Suite struct ExplainByNameTests {
    @Test func aUniqueNameExplainsThatApplicant() {
        let (out, ok) = run("explain 梁明艳", in: exampleSession())
        #expect(ok, "\(out)")
        #expect(out.hasPrefix("QZ2024-0017 梁明艳  申报 工程师"), "\(out)")
    }

    @Test func aSharedNameListsTheIds() {
        let (out, ok) = run("explain 苏颖", in: exampleSession())
        #expect(!ok)
        #expect(out.contains("error: 有 2 名申报人叫 苏颖"), "\(out)")
        #expect(out.contains("help: 请用申报编号：QZ2024-0025 QZ2024-0130"), "\(out)")
    }
}
