import Foundation
import RosterData
import ShellLang

/// `count [where EXPR] [by EXPR, …] [--chart]` — how many rows of the view; by groups.
struct CountCommand: ShellCommand {
    static let name = "count"
    static let group = CommandGroup.query
    static let summary = "计数：当前视图人数，或按表达式分组计数"
    static let usage = "count [where EXPR] [by EXPR, …] [--chart]   |   count [where EXPR] by A by B"
    static let details = """
    `count where EXPR` 只数条件为真的行；`count by EXPR` 按值分组，人数多者在前，同数按值排序；
    `count by A, B` 按 A、B 的组合分组，每组一行，按 A、B 的值排序。
    `count by A by B`（或 `count by A, B --crosstab`）为交叉表：A 的值为行，B 的值为列，\
    格中为人数，另有「合计」行与列；--format csv/json 时每行一个对象，键为 A、B 的各个值与 total（无合计行）。
    值按拼音排序（ASCII 在前）；值未知（null）的行归入「（未知）」组，排在最后。--chart 在终端画横向条形图。
    """
    static let examples = ["count", "count by level", "count where degree == \"本科\" by agency", "count by agency --chart",
                           "count by agency by level"]
    static let flags = [FlagSpec("--chart", "画条形图"), FlagSpec("--crosstab", "两个分组表达式画成交叉表")]

    static func run(_ input: CommandInput, _ session: Session) throws {
        let state = try session.requireCurrent(input.sourceRange(input.nameRange))
        var parser = try input.parser()
        var condition: CompiledExpression? = nil
        var conditionText: String? = nil
        if parser.consumeKeyword("where") {
            let e = try parser.parseExpression()
            conditionText = input.source.text(of: e.range)
            condition = try session.compile(e, source: input.source.text(of: e.range), in: state)
            try session.requireCondition(condition!, e, state)
        }
        var groups: [(Expr, String)] = []
        var crosstab = input.has("--crosstab")
        if parser.consumeKeyword("by") {
            groups = try session.parseExpressionList(&parser, input: input)
            // `count by A by B`: the second `by` asks for the cross table.
            while parser.consumeKeyword("by") {
                crosstab = true
                groups += try session.parseExpressionList(&parser, input: input)
            }
        }
        try parser.expectEnd()
        if crosstab {
            guard groups.count == 2 else {
                throw Diagnostic.failure("交叉表需要恰好两个分组表达式（现有 \(groups.count) 个）", range: input.argumentsRange,
                                         help: "例如：count by agency by level，或 count by agency, level --crosstab")
            }
            if input.has("--chart") { throw Diagnostic.failure("交叉表不能与 --chart 同用", range: input.argumentsRange) }
        }
        var rows = state.view
        if let condition {
            rows = try rows.filter { r in
                if session.cancelRequested { throw Diagnostic.failure("已中断（Ctrl-C）") }
                if case .bool(true) = try condition.evaluate(row: Int(r)) { return true } else { return false }
            }
        }
        if groups.isEmpty {
            session.emit(ResultTable(columns: ["人数"], keys: ["count"], rows: [[.int(rows.count)]]))
            return
        }
        let compiled = try groups.map { try session.compile($0.0, source: $0.1, in: state) }
        let (counts, firstSeen) = try groupCounts(rows, compiled, dataset: state.dataset, session)
        primeCollation(firstSeen.flatMap { $0 })
        if crosstab { return emitCrosstab(groups, counts: counts, keys: firstSeen, total: rows.count, session) }
        // One key: biggest groups first. Several keys: a cross table, ordered by the keys.
        let byKeys = groups.count > 1
        let ordered = firstSeen.sorted { a, b in
            let ca = counts[a]!, cb = counts[b]!
            if !byKeys, ca != cb { return ca > cb }
            for (x, y) in zip(a, b) { let c = compareValues(x, y); if c != 0 { return c < 0 } }
            return ca > cb
        }
        var table = ResultTable(columns: groups.map { session.columnLabel($0.1) } + ["人数"], keys: groups.map(\.1) + ["count"],
                                personal: groups.map { session.mentionsPersonal($0.1) } + [false])
        table.rows = ordered.map { key in key.map { $0.isNull ? Value.string("（未知）") : $0 } + [.int(counts[key]!)] }
        if input.has("--chart"), session.settings.format == .table {
            session.emitChart(title: session.chartCaption("人数", groups: groups.map(\.1), condition: conditionText), labels: table.rows.map { $0.dropLast().map(displayText).joined(separator: " / ") },
                                          values: ordered.map { Double(counts[$0]!) })
        } else {
            table.footer = session.settings.format == .table ? "合计 \(rows.count) 人，\(ordered.count) 组" : nil
            session.emit(table)
        }
    }

    static let unknownLabel = "（未知）"

    /// How many rows have each combination of the keys' values, and the combinations in the
    /// order first seen. Each key's values are numbered as they come (one hash of a `Value` per
    /// row and key), combinations by their numbers: no array and no hash of an array per row.
    /// Rows are evaluated one by one, keys in order, so the first error is the one it always was.
    static func groupCounts(_ rows: [Int32], _ compiled: [CompiledExpression], dataset: Dataset, _ session: Session,
                            codes: Bool = true) throws -> (counts: [[Value]: Int], firstSeen: [[Value]]) {
        if codes, let fast = try codedGroupCounts(rows, compiled, dataset: dataset, session) { return fast }
        let k = compiled.count
        var codeOf = [[Value: Int32]](repeating: [:], count: k)
        // Text by its bytes first: hashing a `String` normalises non-ASCII text on every hash.
        // A spelling gets the number its first occurrence got from `codeOf`, so canonically
        // equal spellings still share one group.
        var byBytes = [[UTF8Key: Int32]](repeating: [:], count: k)
        var values = [[Value]](repeating: [], count: k)
        // Level j numbers the combinations of keys 0...j+1 by (number at level j-1, key j+1's number).
        var pairCode = [[UInt64: Int32]](repeating: [:], count: max(0, k - 1))
        var groupKeys: [[Int32]] = []  // per group of all keys, each key's number
        var groupCount: [Int] = []
        var codes = [Int32](repeating: 0, count: k)
        for (n, r) in rows.enumerated() {
            if n & 4095 == 0, session.cancelRequested { throw Diagnostic.failure("已中断（Ctrl-C）") }
            var group: Int32 = 0, isNew = false
            for j in 0..<k {
                let v = try compiled[j].evaluate(row: Int(r))
                let c: Int32
                if case .string(let text) = v, let e = byBytes[j][UTF8Key(text)] {
                    c = e; if j == 0 { isNew = false }
                } else {
                    if let e = codeOf[j][v] { c = e; if j == 0 { isNew = false } } else {
                        c = Int32(values[j].count); codeOf[j][v] = c; values[j].append(v); if j == 0 { isNew = true }
                    }
                    if case .string(let text) = v { byBytes[j][UTF8Key(text)] = c }
                }
                codes[j] = c
                if j == 0 { group = c; continue }
                let pair = UInt64(UInt32(bitPattern: group)) << 32 | UInt64(UInt32(bitPattern: c))
                if let e = pairCode[j - 1][pair] { group = e; isNew = false } else {
                    group = Int32(pairCode[j - 1].count); pairCode[j - 1][pair] = group; isNew = true
                }
            }
            if isNew { groupKeys.append(codes); groupCount.append(0) }
            groupCount[Int(group)] += 1
        }
        var counts: [[Value]: Int] = [:]
        var firstSeen: [[Value]] = []
        firstSeen.reserveCapacity(groupKeys.count)
        for (g, key) in groupKeys.enumerated() {
            let vs = key.enumerated().map { values[$0.offset][Int($0.element)] }
            firstSeen.append(vs); counts[vs] = groupCount[g]
        }
        return (counts, firstSeen)
    }

    /// `groupCounts` when every key is a field the dataset stores as codes (`count by agency,
    /// level`): each key's few distinct values are put in classes once (canonically equal
    /// spellings share one, as `Value`'s `==` says), and a row's group is an index into a dense
    /// table of class combinations: no value is built or hashed per row. The same counts and
    /// first-seen order as evaluating row by row (`CountCodedTests` compares both); nil when a
    /// key is not such a field or the combinations are too many for a table.
    static func codedGroupCounts(_ rows: [Int32], _ compiled: [CompiledExpression], dataset: Dataset, _ session: Session) throws
        -> (counts: [[Value]: Int], firstSeen: [[Value]])? {
        var keyCodes: [[UInt32]] = [], classOf: [[Int32]] = [], dictionaries: [[Value]] = [], radix: [Int] = []
        var cells = 1
        for c in compiled {
            guard let slot = c.fieldSlot, let (codes, dictionary) = dataset.applicants.codes(slot) else { return nil }
            var canonical: [Value: Int32] = [:]
            let classes = dictionary.map { v -> Int32 in
                if let e = canonical[v] { return e }
                let n = Int32(canonical.count); canonical[v] = n; return n
            }
            cells = cells.multipliedReportingOverflow(by: max(1, canonical.count)).partialValue
            guard cells <= 1 << 22, cells > 0 else { return nil }
            keyCodes.append(codes); classOf.append(classes); dictionaries.append(dictionary); radix.append(max(1, canonical.count))
        }
        let k = compiled.count
        var groupOfCell = [Int32](repeating: -1, count: cells)
        var groupCount: [Int] = [], groupCell: [Int] = []
        // Per key and class, the dictionary code of the first row that had it (its spelling).
        var firstCode = radix.map { [UInt32](repeating: UInt32.max, count: $0) }
        let n = dataset.count
        for (i, r) in rows.enumerated() {
            if i & 65535 == 0, session.cancelRequested { throw Diagnostic.failure("已中断（Ctrl-C）") }
            let row = Int(r)
            guard row >= 0, row < n else { return nil }
            var cell = 0
            for j in 0..<k {
                let code = keyCodes[j][row]
                let cls = Int(classOf[j][Int(code)])
                if firstCode[j][cls] == UInt32.max { firstCode[j][cls] = code }
                cell = cell * radix[j] + cls
            }
            let g = groupOfCell[cell]
            if g >= 0 { groupCount[Int(g)] += 1; continue }
            groupOfCell[cell] = Int32(groupCount.count)
            groupCount.append(1); groupCell.append(cell)
        }
        var counts: [[Value]: Int] = [:]
        var firstSeen: [[Value]] = []
        firstSeen.reserveCapacity(groupCell.count)
        for (g, cell) in groupCell.enumerated() {
            var rest = cell
            var key = [Value](repeating: .null, count: k)
            for j in stride(from: k - 1, through: 0, by: -1) {
                let cls = rest % radix[j]; rest /= radix[j]
                key[j] = dictionaries[j][Int(firstCode[j][cls])]
            }
            firstSeen.append(key); counts[key] = groupCount[g]
        }
        return (counts, firstSeen)
    }

    /// A's values as rows, B's as columns (both in value order, unknown last), 合计 row and
    /// column on screen; machine formats get one object per A value, keyed by B's values and `total`.
    static func emitCrosstab(_ groups: [(Expr, String)], counts: [[Value]: Int], keys: [[Value]], total: Int, _ session: Session) {
        func sortedUnique(_ vs: [Value]) -> [Value] {
            Array(Set(vs)).sorted { compareValues($0, $1) < 0 }
        }
        let rowValues = sortedUnique(keys.map { $0[0] }), colValues = sortedUnique(keys.map { $0[1] })
        func label(_ v: Value) -> Value { v.isNull ? .string(unknownLabel) : v }
        // B's values become headers: masked as cells of a personal column would be.
        let maskB = session.settings.mask && session.mentionsPersonal(groups[1].1)
        let colLabels = colValues.map { displayText(maskB && !$0.isNull ? maskedValue($0) : label($0)) }
        let screen = session.settings.format == .table
        var table = ResultTable(columns: ["\(session.columnLabel(groups[0].1)) \\ \(session.columnLabel(groups[1].1))"] + colLabels + ["合计"],
                                keys: [groups[0].1] + colLabels + ["total"],
                                personal: [session.mentionsPersonal(groups[0].1)] + colLabels.map { _ in false } + [false])
        var colTotals = Array(repeating: 0, count: colValues.count)
        for r in rowValues {
            var cells: [Value] = [label(r)], sum = 0
            for (c, cv) in colValues.enumerated() {
                let n = counts[[r, cv]] ?? 0
                cells.append(.int(n)); sum += n; colTotals[c] += n
            }
            table.rows.append(cells + [.int(sum)])
        }
        if screen { table.rows.append([.string("合计")] + colTotals.map { .int($0) } + [.int(total)]) }
        session.emit(table)
    }
}

/// A text hashed and compared by its UTF-8 bytes (no Unicode normalisation).
struct UTF8Key: Hashable {
    var text: String
    init(_ text: String) { self.text = text }
    func hash(into h: inout Hasher) {
        var t = text
        t.withUTF8 { h.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
    static func == (a: UTF8Key, b: UTF8Key) -> Bool {
        var x = a.text, y = b.text
        return x.withUTF8 { p in y.withUTF8 { q in p.count == q.count && (p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0) } }
    }
}
