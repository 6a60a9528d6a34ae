/// A unified diff of two texts by lines, from the standard library's
/// `CollectionDifference` (Myers' algorithm), with `context` lines around each change,
/// in the format of `diff -u` (which `patch` and `git apply` read): a range of one line
/// is written without its length, an empty range by the line before it, and a last line
/// without a newline is followed by `\ No newline at end of file`.
///
///     unifiedDiff("a\nb\nc\n", "a\nB\nc\n", from: "tour.out", to: "actual")
///     // --- tour.out
///     // +++ actual
///     // @@ -1,3 +1,3 @@
///     //  a
///     // -b
///     // +B
///     //  c
///
/// Equal texts give "".
public func unifiedDiff(_ old: String, _ new: String, from: String, to: String, context: Int = 3) -> String {
    if old == new { return "" }
    let (a, aEndsInNewline) = diffLines(old)
    let (b, bEndsInNewline) = diffLines(new)
    // A last line that differs only in its newline is a changed line.
    let aKeys = a.enumerated().map { $0.offset == a.count - 1 && !aEndsInNewline ? $0.element + "\u{0}" : $0.element }
    let bKeys = b.enumerated().map { $0.offset == b.count - 1 && !bEndsInNewline ? $0.element + "\u{0}" : $0.element }
    let diff = bKeys.difference(from: aKeys)
    var removed = Set<Int>(), inserted = Set<Int>()
    for change in diff {
        switch change {
        case .remove(let o, _, _): removed.insert(o)
        case .insert(let o, _, _): inserted.insert(o)
        }
    }
    if removed.isEmpty && inserted.isEmpty { return "" }
    // Walk both sides in step: (kind, aIndex, bIndex). Deletions before insertions.
    enum Kind { case same, del, add }
    var ops: [(kind: Kind, i: Int, j: Int)] = []
    var i = 0, j = 0
    while i < a.count || j < b.count {
        if i < a.count, removed.contains(i) { ops.append((.del, i, j)); i += 1 }
        else if j < b.count, inserted.contains(j) { ops.append((.add, i, j)); j += 1 }
        else { ops.append((.same, i, j)); i += 1; j += 1 }
    }
    var out = "--- \(from)\n+++ \(to)\n"
    func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start + 1)" : count == 0 ? "\(start),0" : "\(start + 1),\(count)"
    }
    var k = 0
    while let firstChange = ops[k...].firstIndex(where: { $0.kind != .same }) {
        let start = max(k, firstChange - context)
        // Extend the hunk while the next change is at most 2 × context lines away.
        var lastChange = firstChange
        var p = firstChange
        while p < ops.count, p - lastChange <= 2 * context {
            if ops[p].kind != .same { lastChange = p }
            p += 1
        }
        let end = min(ops.count, lastChange + context + 1)
        let hunk = ops[start..<end]
        let aLen = hunk.filter { $0.kind != .add }.count, bLen = hunk.filter { $0.kind != .del }.count
        out += "@@ -\(range(hunk.first!.i, aLen)) +\(range(hunk.first!.j, bLen)) @@\n"
        for op in hunk {
            switch op.kind {
            case .same:
                out += " " + a[op.i] + "\n"
                if op.i == a.count - 1, !aEndsInNewline { out += "\\ No newline at end of file\n" }
            case .del:
                out += "-" + a[op.i] + "\n"
                if op.i == a.count - 1, !aEndsInNewline { out += "\\ No newline at end of file\n" }
            case .add:
                out += "+" + b[op.j] + "\n"
                if op.j == b.count - 1, !bEndsInNewline { out += "\\ No newline at end of file\n" }
            }
        }
        k = end
        if k >= ops.count { break }
    }
    return out
}

/// The lines of a text, and whether its last line ends in a newline. "" has no lines.
private func diffLines(_ text: String) -> ([String], Bool) {
    if text.isEmpty { return ([], true) }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let endsInNewline = text.hasSuffix("\n")
    if endsInNewline { lines.removeLast() }
    return (lines, endsInNewline)
}
