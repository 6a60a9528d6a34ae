/// A unified diff of two texts by lines, from the standard library's
/// `CollectionDifference` (Myers' algorithm), with `context` lines around each change.
///
///     unifiedDiff("a\nb\nc\n", "a\nB\nc\n", from: "tour.out", to: "actual")
///     // --- tour.out
///     // +++ actual
///     // @@ -1,3 +1,3 @@
///     //  a
///     // -b
///     // +B
///     //  c
public func unifiedDiff(_ old: String, _ new: String, from: String, to: String, context: Int = 3) -> String {
    let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let diff = b.difference(from: a)
    var removed = Set<Int>(), inserted = Set<Int>()
    for change in diff {
        switch change {
        case .remove(let o, _, _): removed.insert(o)
        case .insert(let o, _, _): inserted.insert(o)
        }
    }
    if removed.isEmpty && inserted.isEmpty { return "" }
    // Walk both sides in step, producing (kind, text, aIndex, bIndex).
    enum Kind { case same, del, add }
    var ops: [(Kind, String, Int, Int)] = []
    var i = 0, j = 0
    while i < a.count || j < b.count {
        if i < a.count, removed.contains(i) { ops.append((.del, a[i], i, j)); i += 1 }
        else if j < b.count, inserted.contains(j) { ops.append((.add, b[j], i, j)); j += 1 }
        else if i < a.count, j < b.count { ops.append((.same, a[i], i, j)); i += 1; j += 1 }
        else if i < a.count { ops.append((.del, a[i], i, j)); i += 1 }
        else { ops.append((.add, b[j], i, j)); j += 1 }
    }
    var out = "--- \(from)\n+++ \(to)\n"
    var k = 0
    while k < ops.count {
        guard let firstChange = ops[k...].firstIndex(where: { $0.0 != .same }) else { break }
        var start = max(k, firstChange - context)
        if start < k { start = k }
        var end = firstChange
        // Extend the hunk while changes are within 2*context of each other.
        var lastChange = firstChange
        var p = firstChange
        while p < ops.count {
            if ops[p].0 != .same { lastChange = p }
            if p - lastChange > 2 * context { break }
            p += 1
        }
        end = min(ops.count, lastChange + context + 1)
        let hunk = ops[start..<end]
        let aStart = hunk.first!.2, bStart = hunk.first!.3
        let aLen = hunk.filter { $0.0 != .add }.count, bLen = hunk.filter { $0.0 != .del }.count
        out += "@@ -\(aLen == 0 ? aStart : aStart + 1),\(aLen) +\(bLen == 0 ? bStart : bStart + 1),\(bLen) @@\n"
        for op in hunk {
            switch op.0 {
            case .same: out += " " + op.1 + "\n"
            case .del: out += "-" + op.1 + "\n"
            case .add: out += "+" + op.1 + "\n"
            }
        }
        k = end
    }
    return out
}
