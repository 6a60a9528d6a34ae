/// A position in a source text.
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    /// UTF-8 byte offset into the whole source text.
    public var offset: Int
    /// Line number (the source file's `firstLine` for its first line).
    public var line: Int
    /// 1-based column, counted in Characters.
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset; self.line = line; self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A span of source text: `start` inclusive, `end` exclusive.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    /// The source's name, e.g. `<repl:3>` or `tour.zcs`.
    public var source: String
    public var start: SourcePosition
    public var end: SourcePosition

    public init(source: String, start: SourcePosition, end: SourcePosition) {
        self.source = source; self.start = start; self.end = end
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(source: source,
                    start: other.start.offset < start.offset ? other.start : start,
                    end: other.end.offset > end.offset ? other.end : end)
    }

    /// UTF-8 offsets.
    public var offsets: Range<Int> { start.offset..<max(start.offset, end.offset) }

    public var description: String { "\(source):\(start)-\(end)" }
}

/// A named source text (a REPL entry, a script file).
public final class SourceFile: Sendable {
    public let name: String
    public let text: String
    /// Line number of the text's first line.
    public let firstLine: Int
    /// UTF-8 offset of every line's start.
    let lineStarts: [Int]
    let utf8: [UInt8]

    public init(name: String, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        let bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
        self.lineStarts = starts
        self.utf8 = bytes
    }

    /// The text of a line (numbered from `firstLine`), without its line break.
    public func lineText(_ line: Int) -> String? {
        let i = line - firstLine
        guard i >= 0, i < lineStarts.count else { return nil }
        let start = lineStarts[i]
        var end = i + 1 < lineStarts.count ? lineStarts[i + 1] - 1 : utf8.count
        if end > start, utf8[end - 1] == 0x0D { end -= 1 }
        return String(decoding: utf8[start..<max(start, end)], as: UTF8.self)
    }

    /// Line index (0-based) containing a UTF-8 offset.
    func lineIndex(of offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// A position for a UTF-8 offset (columns counted in Characters).
    public func position(at offset: Int) -> SourcePosition {
        let o = min(max(0, offset), utf8.count)
        let li = lineIndex(of: o)
        let start = lineStarts[li]
        let column = String(decoding: utf8[start..<o], as: UTF8.self).count + 1
        return SourcePosition(offset: o, line: li + firstLine, column: column)
    }

    public func range(_ offsets: Range<Int>) -> SourceRange {
        SourceRange(source: name, start: position(at: offsets.lowerBound), end: position(at: offsets.upperBound))
    }

    /// The source text of a range of UTF-8 offsets.
    public func text(_ offsets: Range<Int>) -> String {
        let lo = min(max(0, offsets.lowerBound), utf8.count), hi = min(max(lo, offsets.upperBound), utf8.count)
        return String(decoding: utf8[lo..<hi], as: UTF8.self)
    }
}
