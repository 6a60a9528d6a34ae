import Foundation
import TitleRules

/// What `rules check FILE` (in the shell) and `zcsh rules check FILE` print: every problem
/// as `FILE:LINE:COLUMN: PATH: message`, then a count; or one line saying the pack is sound.
public enum PackCheckReport {
    public struct Result {
        public var lines: [String]
        public var problemCount: Int
        public var ok: Bool { problemCount == 0 }
    }

    /// `shownAs`: the file name as the user wrote it.
    public static func check(path: String, shownAs name: String? = nil) -> Result {
        let name = name ?? path
        let problems = PackCheck.problems(path: path)
        if problems.isEmpty, let pack = try? RulePack.load(path: path) {
            return Result(lines: ["\(name)：规则包 \(pack.id) 无误（\(pack.notice)，\(pack.rules.count) 条规则，"
                                  + "\(pack.table.count) 行\(pack.tableName)，\(pack.routes.count) 种申报方式，截止日 \(pack.cutoff)）"],
                          problemCount: 0)
        }
        let shown = problems.isEmpty ? [PackProblem(path: "", message: "无法载入")] : problems
        return Result(lines: shown.map { $0.line == nil ? "\(name): \($0)" : "\(name):\($0)" } + ["\(name)：共 \(shown.count) 个问题"], problemCount: shown.count)
    }
}
