import RosterData
import ShellLang

/// `compareValues` order computed once per distinct value instead of once per comparison
/// (decorate-sort-undecorate): each value gets a rank (a small integer), and a sort then
/// compares integers. Ranks follow `compareValues` exactly — values comparing equal share a
/// rank, null ranks after every other value — so sorting by ranks, ties by position, gives
/// the order the comparator gives (SortKeyTests compares both).
enum ValueOrder {
    /// The rank of each value and the number of ranks before null's (null's rank is that
    /// number). Nil when a NaN is among the values: `compareValues` is no order then, and the
    /// caller sorts with the comparator as before.
    static func ranks(_ values: [Value]) -> (ranks: [UInt32], nullRank: UInt32)? {
        // Dates, and integers within a small span: the offset from the smallest (no hashing).
        var allDates = true, allInts = true, lo = Int.max, hi = Int.min
        for v in values {
            switch v {
            case .null: continue
            case .date(let d): allInts = false; lo = min(lo, Int(d.ordinal)); hi = max(hi, Int(d.ordinal))
            case .int(let i): allDates = false; lo = min(lo, i); hi = max(hi, i)
            default: allDates = false; allInts = false
            }
            if !allDates && !allInts { break }
        }
        if allDates || allInts {
            if lo > hi { return (Array(repeating: 0, count: values.count), 0) }  // all null
            let (span, overflow) = hi.subtractingReportingOverflow(lo)
            if !overflow, span < Int(UInt32.max) - 1 {
                let nullRank = UInt32(span + 1)
                let r = values.map { v -> UInt32 in
                    switch v {
                    case .date(let d): return UInt32(Int(d.ordinal) - lo)
                    case .int(let i): return UInt32(i - lo)
                    default: return nullRank
                    }
                }
                return (r, nullRank)
            }
        }
        // Anything else: the distinct values, sorted once with the comparator.
        var code: [Value: UInt32] = [:]
        var distinct: [Value] = []
        var codes = [UInt32](repeating: 0, count: values.count)
        for (i, v) in values.enumerated() {
            if let c = code[v] { codes[i] = c; continue }
            if containsNaN(v) { return nil }
            let c = UInt32(distinct.count)
            code[v] = c; distinct.append(v); codes[i] = c
        }
        primeCollation(distinct)
        let order = distinct.indices.sorted { compareValues(distinct[$0], distinct[$1]) < 0 }
        var rankOf = [UInt32](repeating: 0, count: distinct.count)
        var rank: UInt32 = 0, nullRank: UInt32 = 0
        for (n, d) in order.enumerated() {
            if n > 0, compareValues(distinct[order[n - 1]], distinct[d]) != 0 { rank += 1 }
            if distinct[d].isNull { continue }
            rankOf[d] = rank; nullRank = rank + 1
        }
        for (d, v) in distinct.enumerated() where v.isNull { rankOf[d] = nullRank }
        for i in codes.indices { codes[i] = rankOf[Int(codes[i])] }
        return (codes, nullRank)
    }

    static func containsNaN(_ v: Value) -> Bool {
        switch v {
        case .double(let d): return d.isNaN
        case .list(let l): return l.contains(where: containsNaN)
        default: return false
        }
    }

    /// Positions 0..<n of rows whose keys are `columns` (one value per row each), in the
    /// order of `sort by`: key by key (`descending` reverses all but null, which stays last),
    /// ties by position. Nil when a key holds a NaN.
    static func sortOrder(_ columns: [[Value]], descending: [Bool]) -> [Int]? {
        let n = columns.first?.count ?? 0
        var rankColumns: [[UInt32]] = [], radices: [UInt64] = []
        for (column, desc) in zip(columns, descending) {
            guard var (r, nullRank) = ranks(column) else { return nil }
            if desc, nullRank > 0 {
                for i in r.indices where r[i] < nullRank { r[i] = nullRank - 1 - r[i] }
            }
            rankColumns.append(r); radices.append(UInt64(nullRank) + 1)
        }
        var indexBits = 0
        while (1 << indexBits) < n { indexBits += 1 }
        var total: UInt64 = 1, fits = true
        for radix in radices {
            let (m, overflow) = total.multipliedReportingOverflow(by: radix)
            if overflow { fits = false; break }
            total = m
        }
        if fits, indexBits < 64, total - 1 <= UInt64.max >> UInt64(indexBits) {
            // Every key and the position in one integer: a plain integer sort.
            var packed = [UInt64](repeating: 0, count: n)
            for i in 0..<n {
                var k: UInt64 = 0
                for c in rankColumns.indices { k = k * radices[c] + UInt64(rankColumns[c][i]) }
                packed[i] = k << UInt64(indexBits) | UInt64(i)
            }
            packed.sort()
            let mask: UInt64 = indexBits == 0 ? 0 : (1 << UInt64(indexBits)) - 1
            return packed.map { Int($0 & mask) }
        }
        return Array(0..<n).sorted { a, b in
            for c in rankColumns where c[a] != c[b] { return c[a] < c[b] }
            return a < b
        }
    }
}

/// Computes the collation keys of every Han character among the values' texts in one ICU
/// call, before a sort compares them (see `TextCollation.prime`).
func primeCollation(_ values: [Value]) {
    var texts: [String] = []
    func add(_ v: Value) {
        switch v {
        case .string(let s): texts.append(s)
        case .list(let l): l.forEach(add)
        default: break
        }
    }
    values.forEach(add)
    if !texts.isEmpty { TextCollation.prime(texts) }
}
