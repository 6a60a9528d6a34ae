import Foundation
import Testing
@testable import ShellCore
import TestSupport
import TitleRules

/// `rules check FILE` in the shell: every problem with file:line:column and YAML path, then the
/// count as the command's error; a sound pack is one line, and the session's pack is unchanged.
@Suite struct RulesCheckCommandTests {
    static let builtin = try! String(contentsOf: RulePack.builtinURL()!, encoding: .utf8)

    @Test func soundPackIsOneLine() throws {
        let dir = makeTempDirectory()
        try Self.builtin.write(toFile: dir + "/p.yaml", atomically: true, encoding: .utf8)
        let (out, ok) = run("rules check \(dir)/p.yaml")
        #expect(ok, "\(out)")
        #expect(out == "\(dir)/p.yaml：规则包 quzhou-water-2024 无误（衢州水利〔2024〕72号，34 条规则，9 行学历资历表，5 种申报方式，截止日 2024-12-31）\n")
    }

    @Test func brokenPackListsEveryProblemAndFails() throws {
        let dir = makeTempDirectory()
        let text = Self.builtin.replacingOccurrences(of: "review: 180}", with: "review: abc}")
            .replacingOccurrences(of: "\nnotice_title:", with: "\nnotce_title:")
        try text.write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let feeLine = lines.firstIndex { $0.contains("review: abc") }! + 1
        let keyLine = lines.firstIndex { $0.hasPrefix("notce_title:") }! + 1
        let s = loaded()
        let before = try s.rules().pack.id
        let (out, ok) = run("rules check \(dir)/bad.yaml\ncount", in: s, name: "c.zcs")
        #expect(!ok)
        #expect(out.contains("""
        \(dir)/bad.yaml:\(keyLine):1: notce_title: 未知的键，您是否要写 “notice_title”？
        \(dir)/bad.yaml:\(feeLine):39: fees.by_level.工程师.review: 须为非负整数，实为 “abc”
        """), "\(out)")
        #expect(out.contains("c.zcs:1:13: error: \(dir)/bad.yaml：共 2 个问题"), "\(out)")
        #expect(!out.contains("人数"), "the script stops at the failed check")
        #expect(try s.rules().pack.id == before)
    }

    @Test func usage() {
        let (out, ok) = run("rules check")
        #expect(!ok && out.contains("用法：rules check FILE"))
    }
}
