import Foundation
import Testing
import TestSupport

/// Issue 9, item 6, end to end: `zcsh -c 'load F; count by verdict() …'` prints the same tables for
/// every format `scripts/gen-office-roster.py` writes (the records are the same in all of them).
@Suite(.serialized, .enabled(if: OfficeRosterGenerator.python3 != nil,
                             "python3 is not on PATH: scripts/gen-office-roster.py cannot run, so the cross-format check is skipped"))
struct CrossFormatBinaryTests {
    static let script = """
        count by verdict()
        count by verdict(level:"工程师"), verdict(level:"助理工程师"), verdict(level:"技术员")
        count by ce_years()
        count by route, level
        fee-total
        deadline-status as-of 2024-08-10
        """

    @Test(arguments: [11, 12]) func sameTablesForEveryFormat(seed: Int) throws {
        let gen = try OfficeRosterGenerator.generate(seed: seed, count: 250)
        var reference: (String, String)? = nil
        for (name, file) in OfficeRosterGenerator.formats {
            let commands = "load \(gen.path(file)) as roster\n" + Self.script
            let (out, status) = try runZcsh(["--as-of", "2024-12-31", "-c", commands])
            #expect(status == 0, "\(file): zcsh 退出状态 \(status)：\(out.prefix(600))")
            guard status == 0 else { continue }
            // Everything after the load line (which names the file and its digest).
            let tables = out.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.contains("已载入") }.joined(separator: "\n")
            #expect(tables.contains("符合") && tables.contains("人数"), "\(file): \(tables.prefix(300))")
            if let (refName, ref) = reference {
                #expect(tables == ref, "seed \(seed): \(file) 的表与 \(refName) 不同：\n\(file):\n\(tables)\n\(refName):\n\(ref)")
            } else {
                reference = (file, tables)
            }
        }
        #expect(reference != nil, "seed \(seed): 没有一种格式能载入")
    }
}
