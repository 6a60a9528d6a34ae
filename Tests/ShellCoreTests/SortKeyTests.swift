import Testing
@testable import ShellCore
import RosterData

/// `sort by` sorts precomputed ranks (`ValueOrder`); the order must be the one the
/// comparator (`compareValues`, desc reversing all but null, ties by position) gives.
@Suite struct SortKeyTests {
    static func d(_ s: String) -> Value { .date(Day.parse(s)!) }
    static let cases: [(String, [[Value]])] = [
        ("text with ties and nulls, CJK and ASCII",
         [[.string("衢州市水利局"), .null, .string("A组"), .string("江山市水利局"), .string("衢州市水利局"), .string("10"),
           .string("2"), .null, .string("安吉"), .string("a"), .string("安吉县"), .string("柯城区水利局"), .string("")]]),
        ("dates with ties and nulls",
         [[d("2020-01-01"), .null, d("1999-12-31"), d("2020-01-01"), d("2024-12-31"), .null, d("0001-01-01")]]),
        ("ints, a huge span",
         [[.int(3), .int(Int.min), .null, .int(Int.max), .int(3), .int(-7), .int(0)]]),
        ("ints and decimals equal as numbers",
         [[.int(1), .double(1.0), .double(0.5), .null, .int(-2), .double(1.5), .int(1)]]),
        ("mixed types",
         [[.string("b"), .int(2), .bool(true), .null, d("2020-05-05"), .bool(false), .string("a"), .double(2.0),
           .list([.int(1)]), .list([.int(1), .int(2)]), .list([]), .object(Record([("a", .int(1))]))]]),
        ("two keys: level then date, ties on both",
         [[.string("工程师"), .string("助理工程师"), .string("工程师"), .null, .string("工程师"), .string("高级工程师"), .null],
          [d("2020-01-01"), d("2019-01-01"), .null, d("2020-01-01"), d("2018-03-03"), .null, .null]]),
        ("three keys with bools and text",
         [[.bool(true), .bool(false), .bool(true), .bool(true), .null, .bool(false)],
          [.string("张伟"), .string("李娜"), .string("张伟"), .string("陈静"), .string("王芳"), .null],
          [.int(5), .int(4), .int(5), .null, .int(1), .int(1)]]),
        ("all null", [[.null, .null, .null]]),
        ("empty", [[]]),
    ]

    @Test(arguments: 0..<cases.count, [false, true])
    func ranksSortAsTheComparator(_ n: Int, _ desc: Bool) {
        let (label, columns) = Self.cases[n]
        let flags = columns.enumerated().map { desc != ($0.offset % 2 == 1) }
        let expected = SortCommand.sortByComparator(columns, flags)
        #expect(ValueOrder.sortOrder(columns, descending: flags) == expected, "\(label), desc \(flags)")
    }

    /// A NaN is no order: the comparator path is used.
    @Test func nanFallsBack() {
        #expect(ValueOrder.sortOrder([[.double(.nan), .int(1)]], descending: [false]) == nil)
    }

    /// Many rows: packing keys and position in one integer keeps the order.
    @Test func manyRows() {
        var rng = SystemRandomNumberGenerator()
        let words: [Value] = [.string("江山"), .string("柯城"), .string("衢江"), .string("B"), .null, .string("衢州")]
        let a = (0..<5000).map { _ in words.randomElement(using: &rng)! }
        let b = (0..<5000).map { _ in Bool.random(using: &rng) ? Value.null : .date(Day(ordinal: Int32.random(in: 700_000...700_040, using: &rng))) }
        for flags in [[false, false], [true, false], [false, true], [true, true]] {
            #expect(ValueOrder.sortOrder([a, b], descending: flags) == SortCommand.sortByComparator([a, b], flags))
        }
    }
}
