import RosterData
import ShellLang

/// A whitespace-separated word of a command line, with its UTF-8 range in the source.
public struct RawWord {
    public var text: String
    public var range: Range<Int>
    /// Written in quotes (`"my file.json"`): never a flag.
    public var quoted: Bool
}

/// What a flag is: its name (`--force`) and whether a value follows (`--sheet NAME`).
public struct FlagSpec: Sendable {
    public var name: String
    public var takesValue: Bool
    public var help: String
    public init(_ name: String, value: Bool = false, _ help: String) {
        self.name = name; self.takesValue = value; self.help = help
    }
}

/// One command as typed: the source it came from and where its words are. Commands
/// take raw words (paths, ids) and hand the rest to the language's parser, so every
/// error can point at the exact span.
public struct CommandInput {
    public let source: SourceFile
    /// The command's UTF-8 range in `source`, name included.
    public let range: Range<Int>
    public let name: String
    public let nameRange: Range<Int>
    /// Words after the name, flags and their values removed.
    public private(set) var words: [RawWord] = []
    /// Flags given, with their values.
    public private(set) var flags: [String: String] = [:]
    public private(set) var flagRanges: [String: Range<Int>] = [:]

    public init(source: SourceFile, range: Range<Int>, name: String, nameRange: Range<Int>) {
        self.source = source; self.range = range; self.name = name; self.nameRange = nameRange
    }

    /// Splits the arguments into words and pulls out the flags the command knows.
    /// An unknown `--flag` is an error with "did you mean".
    public mutating func scan(flags specs: [FlagSpec]) throws {
        let all = CommandInput.splitWords(source.text, nameRange.upperBound..<range.upperBound)
        var i = 0
        while i < all.count {
            let w = all[i]
            if !w.quoted, w.text.hasPrefix("--"), w.text.count > 2 {
                let (flagName, inlineValue) = splitFlag(w.text)
                guard let spec = specs.first(where: { $0.name == flagName }) else {
                    let guesses = suggestions(for: flagName, among: specs.map(\.name))
                    throw Diagnostic.failure("\(name) 没有选项 \(flagName)", range: sourceRange(w.range),
                                             help: guesses.isEmpty ? "可用选项：" + (specs.isEmpty ? "无" : specs.map(\.name).joined(separator: " "))
                                                : "您是否要找 \(guesses.joined(separator: " 或 "))？")
                }
                if spec.takesValue {
                    if let v = inlineValue { flags[flagName] = v }
                    else {
                        guard i + 1 < all.count else {
                            throw Diagnostic.failure("选项 \(flagName) 需要一个值", range: sourceRange(w.range))
                        }
                        i += 1
                        flags[flagName] = all[i].text
                    }
                } else {
                    flags[flagName] = ""
                }
                flagRanges[flagName] = w.range
            } else {
                words.append(w)
            }
            i += 1
        }
    }

    private func splitFlag(_ t: String) -> (String, String?) {
        if let eq = t.firstIndex(of: "=") { return (String(t[..<eq]), String(t[t.index(after: eq)...])) }
        return (t, nil)
    }

    public func has(_ flag: String) -> Bool { flags[flag] != nil }

    /// A parser over the words from index `from` to the end.
    public func parser(from index: Int = 0) throws -> Parser {
        guard index < words.count else { return try Parser(source: source, range: argsEnd..<argsEnd) }
        let start = words[index].range.lowerBound
        let end = words[words.count - 1].range.upperBound
        return try Parser(source: source, range: start..<end)
    }

    /// The text of the words from `index` on, as typed.
    public func text(from index: Int = 0) -> String {
        guard index < words.count else { return "" }
        return slice(words[index].range.lowerBound..<words[words.count - 1].range.upperBound)
    }

    var argsEnd: Int { words.last?.range.upperBound ?? nameRange.upperBound }

    public func slice(_ r: Range<Int>) -> String {
        let u = Array(source.text.utf8)
        return String(decoding: u[r], as: UTF8.self)
    }

    /// The source range of UTF-8 offsets `r`, for a caret.
    public func sourceRange(_ r: Range<Int>) -> SourceRange { source.sourceRange(r) }

    /// The range of the whole argument text (or the name when there is none).
    public var argumentsRange: SourceRange {
        if let f = words.first, let l = words.last { return sourceRange(f.range.lowerBound..<l.range.upperBound) }
        return sourceRange(nameRange)
    }

    /// Splits on blanks outside quotes and brackets.
    static func splitWords(_ text: String, _ r: Range<Int>) -> [RawWord] {
        let u = Array(text.utf8)
        var out: [RawWord] = []
        var i = r.lowerBound
        while i < r.upperBound {
            while i < r.upperBound, u[i] == 0x20 || u[i] == 0x09 || u[i] == 0x0A || u[i] == 0x0D { i += 1 }
            if i >= r.upperBound { break }
            let start = i
            var depth = 0
            var quoted = false
            var inString = false
            var buf: [UInt8] = []
            let startsQuoted = u[i] == UInt8(ascii: "\"") || u[i] == UInt8(ascii: "'")
            var quoteChar: UInt8 = 0
            while i < r.upperBound {
                let c = u[i]
                if inString {
                    if c == UInt8(ascii: "\\"), i + 1 < r.upperBound { buf.append(c); buf.append(u[i + 1]); i += 2; continue }
                    if c == quoteChar { inString = false }
                    buf.append(c); i += 1; continue
                }
                if (c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D) && depth == 0 { break }
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { inString = true; quoteChar = c; quoted = true }
                else if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") { depth += 1 }
                else if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") { depth = max(0, depth - 1) }
                buf.append(c); i += 1
            }
            var word = String(decoding: buf, as: UTF8.self)
            // A word that is one quoted string is its contents (a path with spaces).
            if startsQuoted, word.count >= 2, word.last == word.first {
                let inner = word.dropFirst().dropLast()
                if !inner.contains(where: { $0 == "\"" || $0 == "'" }) || true {
                    word = unescape(String(inner))
                }
            }
            out.append(RawWord(text: word, range: start..<i, quoted: quoted))
        }
        return out
    }

    static func unescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out = ""
        var it = s.makeIterator()
        while let c = it.next() {
            if c == "\\", let n = it.next() {
                switch n {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(n)
                }
            } else { out.append(c) }
        }
        return out
    }
}

extension SourceFile {
    /// The range of UTF-8 offsets `r`, with line and column (in characters) of each end.
    public func sourceRange(_ r: Range<Int>) -> SourceRange {
        range(r)
    }
}
