import RosterData

/// A cursor over the tokens of a command line, so commands can mix their own keywords with
/// expressions: `sort by x desc, y`, `select a + 1 as b`, `count by agency`.
///
///     var p = try Parser(source: SourceFile(name: "<repl:1>", text: "sort by x desc, y"))
///     p.consumeKeyword("sort"); p.consumeKeyword("by")
///     let x = try p.parseExpression()      // stops before `desc`
///     p.consumeKeyword("desc"); p.consume(",")
///     let y = try p.parseExpression()
///     try p.expectEnd()
public struct Parser {
    /// Nesting limit for brackets, prefix operators and the expression tree.
    /// 128: measured, a debug build needs 4–8 MB of stack for 255 nested calls or brackets
    /// (about five parser frames per level, each several KB), and a ThreadSanitizer build
    /// overflowed the 8 MB main stack there; at 128 every form fits in half the stack.
    public static let maxDepth = 128

    public let source: SourceFile
    public private(set) var tokens: [Token]
    /// Index of the next token in `tokens`.
    public private(set) var index: Int = 0
    /// Zero-width range just after the last token (where "unexpected end" points).
    public let endRange: SourceRange
    var nesting = 0

    /// Lexes `range` (UTF-8 offsets into `source.text`; nil = all of it).
    public init(source: SourceFile, range: Range<Int>? = nil) throws(Diagnostic) {
        self.source = source
        let toks = try Lexer.tokenize(source, range: range)
        self.tokens = toks
        if let last = toks.last {
            endRange = SourceRange(source: source.name, start: last.range.end, end: last.range.end)
        } else {
            let p = source.position(at: range?.lowerBound ?? 0)
            endRange = SourceRange(source: source.name, start: p, end: p)
        }
    }

    public var isAtEnd: Bool { index >= tokens.count }

    public func peek() -> Token? { index < tokens.count ? tokens[index] : nil }

    /// The token `k` places ahead (0 = `peek()`).
    public func peek(_ k: Int) -> Token? { index + k < tokens.count ? tokens[index + k] : nil }

    /// Takes the next token whatever it is.
    @discardableResult
    public mutating func next() -> Token? {
        guard index < tokens.count else { return nil }
        index += 1
        return tokens[index - 1]
    }

    /// Takes an identifier token equal to `word` (e.g. `by`, `desc`, `as`).
    public mutating func consumeKeyword(_ word: String) -> Bool {
        guard let t = peek(), t.identifier == word else { return false }
        index += 1
        return true
    }

    /// Takes a punctuation token equal to `punct` (`,`, `:`, `=` …).
    public mutating func consume(_ punct: String) -> Bool {
        guard let t = peek(), t.punctuation == punct else { return false }
        index += 1
        return true
    }

    /// Takes any identifier (a name after `as`, a column name).
    public mutating func consumeIdentifier() -> (name: String, range: SourceRange)? {
        guard let t = peek(), let s = t.identifier else { return nil }
        index += 1
        return (s, t.range)
    }

    /// Takes the raw source text from the next token up to the next blank, e.g. an applicant
    /// id `QZ2024-0017` that is not an expression.
    public mutating func consumeRawWord() -> (text: String, range: SourceRange)? {
        guard let t = peek() else { return nil }
        let bytes = source.utf8
        var e = t.range.start.offset
        var inString = false
        while e < bytes.count {
            let b = bytes[e]
            if b == 0x22 { inString.toggle() }
            if !inString, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { break }
            e += 1
        }
        while let n = peek(), n.range.start.offset < e { index += 1 }
        let lo = t.range.start.offset
        return (source.text(lo..<e), source.range(lo..<e))
    }

    /// The source text from the next token to the end of the parsed range.
    public var remainingText: String {
        guard let t = peek(), let last = tokens.last else { return "" }
        return source.text(t.range.start.offset..<last.range.end.offset)
    }

    /// Range of the next token, or the end.
    public var currentRange: SourceRange { peek()?.range ?? endRange }

    /// An error at the next token (or at the end).
    public func error(_ message: String, help: String? = nil) -> Diagnostic {
        Diagnostic.error(message, at: currentRange, help: help)
    }

    /// Fails with "意外的 …" unless every token has been consumed.
    public mutating func expectEnd() throws(Diagnostic) {
        guard let t = peek() else { return }
        var help: String? = nil
        if t.isPunctuation("=") { help = "比较请用 `==`" }
        else if t.isPunctuation(")") || t.isPunctuation("]") { help = "多了一个右括号？" }
        else if t.identifier != nil || t.punctuation == nil { help = "多个表达式之间用 `,` 分隔？" }
        throw Diagnostic.error("意外的 `\(t.text)`", at: t.range, help: help)
    }

    /// Options of a command: `level:"工程师" route:"正常申报"`, blank or comma separated; an
    /// argument without `label:` is positional.
    public mutating func parseLabelledArguments() throws(Diagnostic) -> [(label: String?, value: Expr)] {
        var out: [(label: String?, value: Expr)] = []
        while !isAtEnd {
            var label: String? = nil
            if let t = peek(), let name = t.identifier, peek(1)?.isPunctuation(":") == true {
                label = name
                index += 2
            }
            let v = try parseExpression()
            out.append((label, v))
            _ = consume(",")
        }
        return out
    }

    // MARK: - Expressions

    /// Parses one expression and stops before a token that cannot continue it
    /// (`,`, `as`, `by`, `desc`, another name …).
    public mutating func parseExpression() throws(Diagnostic) -> Expr {
        try enter()
        defer { nesting -= 1 }
        return try parseBinary(minPrecedence: 1)
    }

    mutating func enter() throws(Diagnostic) {
        nesting += 1
        if nesting > Parser.maxDepth {
            throw Diagnostic.error("嵌套过深（超过 \(Parser.maxDepth) 层）", at: currentRange,
                                   help: "请拆分表达式，或用 `let` 保存中间结果")
        }
    }

    func make(_ kind: ExprKind, _ range: SourceRange, _ children: Expr...) throws(Diagnostic) -> Expr {
        var d = 0
        for c in children where c.depth > d { d = c.depth }
        if d + 1 > Parser.maxDepth {
            throw Diagnostic.error("表达式过深（超过 \(Parser.maxDepth) 层）", at: range,
                                   help: "请拆分表达式，或用 `let` 保存中间结果")
        }
        return Expr(kind, range: range, depth: d + 1)
    }

    /// The binary operator at the cursor, and how many tokens it spans.
    func peekBinaryOperator() -> (BinaryOperator, Int)? {
        guard let t = peek() else { return nil }
        switch t.kind {
        case .identifier(let w):
            switch w {
            case "or": return (.or, 1)
            case "and": return (.and, 1)
            case "in": return (.in, 1)
            case "not": return peek(1)?.isIdentifier("in") == true ? (.notIn, 2) : nil
            default: return nil
            }
        case .punctuation(let p):
            switch p {
            case "||": return (.or, 1)
            case "&&": return (.and, 1)
            case "==": return (.equal, 1)
            case "!=": return (.notEqual, 1)
            case "<": return (.less, 1)
            case "<=": return (.lessEqual, 1)
            case ">": return (.greater, 1)
            case ">=": return (.greaterEqual, 1)
            case "+": return (.add, 1)
            case "-": return (.subtract, 1)
            case "*": return (.multiply, 1)
            case "/": return (.divide, 1)
            case "%": return (.remainder, 1)
            default: return nil
            }
        default: return nil
        }
    }

    mutating func parseBinary(minPrecedence: Int) throws(Diagnostic) -> Expr {
        var left = try parsePrefix(minPrecedence: minPrecedence)
        while let (op, width) = peekBinaryOperator(), op.precedence >= minPrecedence {
            index += width
            let right = try parseBinary(minPrecedence: op.precedence + 1)
            left = try make(.binary(op, left, right), left.range.union(right.range), left, right)
        }
        return left
    }

    mutating func parsePrefix(minPrecedence: Int) throws(Diagnostic) -> Expr {
        guard let t = peek() else { return try parsePostfix() }
        if t.isIdentifier("not") || t.isPunctuation("!") {
            index += 1
            try enter()
            defer { nesting -= 1 }
            let operand = try parseBinary(minPrecedence: max(3, minPrecedence))
            return try make(.unary(.not, operand), t.range.union(operand.range), operand)
        }
        if t.isPunctuation("-") {
            index += 1
            try enter()
            defer { nesting -= 1 }
            let operand = try parsePrefixMinus()
            return try make(.unary(.negate, operand), t.range.union(operand.range), operand)
        }
        return try parsePostfix()
    }

    mutating func parsePrefixMinus() throws(Diagnostic) -> Expr {
        if let t = peek(), t.isPunctuation("-") {
            index += 1
            try enter()
            defer { nesting -= 1 }
            let operand = try parsePrefixMinus()
            return try make(.unary(.negate, operand), t.range.union(operand.range), operand)
        }
        return try parsePostfix()
    }

    mutating func parsePostfix() throws(Diagnostic) -> Expr {
        var e = try parsePrimary()
        while let t = peek() {
            if t.isPunctuation(".") {
                index += 1
                guard let name = peek(), let n = name.identifier else {
                    throw expected("`.` 后需要字段名", after: t)
                }
                index += 1
                e = try make(.member(e, name: n, nameRange: name.range), e.range.union(name.range), e)
            } else if t.isPunctuation("[") {
                index += 1
                try enter()
                let i = try parseBinary(minPrecedence: 1)
                nesting -= 1
                let close = try expectClose("]", open: t)
                e = try make(.index(e, i), e.range.union(close), e, i)
            } else {
                break
            }
        }
        return e
    }

    /// An error for a missing piece; at the end of input it marks the input incomplete.
    func expected(_ message: String, after: Token? = nil) -> Diagnostic {
        if let t = peek() {
            return Diagnostic.error("意外的 `\(t.text)`：\(message)", at: t.range)
        }
        return Diagnostic(.error, "输入不完整：\(message)", range: endRange, isIncompleteInput: true)
    }

    mutating func expectClose(_ close: String, open: Token) throws(Diagnostic) -> SourceRange {
        if let t = peek(), t.isPunctuation(close) { index += 1; return t.range }
        let note = "`\(open.text)` 在第 \(open.range.start.line) 行第 \(open.range.start.column) 列打开"
        if let t = peek() {
            throw Diagnostic.error("意外的 `\(t.text)`：需要 `\(close)`", at: t.range, notes: [note])
        }
        throw Diagnostic(.error, "输入不完整：缺少 `\(close)`", range: endRange, notes: [note], isIncompleteInput: true)
    }

    static let reserved: Set<String> = ["and", "or", "not", "in"]

    mutating func parsePrimary() throws(Diagnostic) -> Expr {
        guard let t = peek() else { throw expected("需要表达式") }
        switch t.kind {
        case .integer(let v): index += 1; return Expr(.literal(.int(v)), range: t.range)
        case .decimal(let v): index += 1; return Expr(.literal(.double(v)), range: t.range)
        case .string(let s): index += 1; return Expr(.literal(.string(s)), range: t.range)
        case .date(let d): index += 1; return Expr(.literal(.date(d)), range: t.range)
        case .identifier(let w):
            switch w {
            case "true": index += 1; return Expr(.literal(.bool(true)), range: t.range)
            case "false": index += 1; return Expr(.literal(.bool(false)), range: t.range)
            case "null": index += 1; return Expr(.literal(.null), range: t.range)
            default: break
            }
            if Parser.reserved.contains(w) {
                throw Diagnostic.error("意外的 `\(w)`：此处需要表达式", at: t.range)
            }
            index += 1
            if let open = peek(), open.isPunctuation("(") {
                index += 1
                return try parseCall(name: w, nameToken: t, open: open)
            }
            return Expr(.name(w), range: t.range)
        case .punctuation(let p):
            if p == "(" {
                index += 1
                try enter()
                let inner = try parseBinary(minPrecedence: 1)
                nesting -= 1
                let close = try expectClose(")", open: t)
                var e = inner
                e.range = t.range.union(close)
                return e
            }
            if p == "[" {
                index += 1
                try enter()
                defer { nesting -= 1 }
                var items: [Expr] = []
                while true {
                    if let c = peek(), c.isPunctuation("]") { break }
                    items.append(try parseBinary(minPrecedence: 1))
                    if !consume(",") { break }
                }
                let close = try expectClose("]", open: t)
                var d = 0
                for it in items where it.depth > d { d = it.depth }
                return Expr(.list(items), range: t.range.union(close), depth: d + 1)
            }
            throw Diagnostic.error("意外的 `\(p)`：此处需要表达式", at: t.range)
        }
    }

    mutating func parseCall(name: String, nameToken: Token, open: Token) throws(Diagnostic) -> Expr {
        try enter()
        defer { nesting -= 1 }
        var args: [Argument] = []
        var d = 0
        while true {
            if let c = peek(), c.isPunctuation(")") { break }
            var label: String? = nil
            var labelRange: SourceRange? = nil
            if let l = peek(), let ln = l.identifier, peek(1)?.isPunctuation(":") == true {
                label = ln; labelRange = l.range
                index += 2
            }
            let v = try parseBinary(minPrecedence: 1)
            if v.depth > d { d = v.depth }
            args.append(Argument(label: label, labelRange: labelRange, value: v))
            if !consume(",") { break }
        }
        let close = try expectClose(")", open: open)
        return Expr(.call(name: name, nameRange: nameToken.range, arguments: args),
                    range: nameToken.range.union(close), depth: d + 1)
    }

    // MARK: - Continuation lines

    /// True when `text` cannot be complete yet: an open bracket, parenthesis or string, or a
    /// trailing binary operator or `,`. The REPL then reads a continuation line.
    public static func isIncomplete(_ text: String) -> Bool {
        let src = SourceFile(name: "<input>", text: text)
        var lx = Lexer(source: src)
        var depth = 0
        var last: Token? = nil
        while true {
            let t: Token?
            do { t = try lx.next() } catch { return error.isIncompleteInput }
            guard let tok = t else { break }
            if let p = tok.punctuation {
                if p == "(" || p == "[" { depth += 1 }
                if p == ")" || p == "]" { depth -= 1 }
            }
            last = tok
        }
        if depth > 0 { return true }
        guard let l = last else { return false }
        if let p = l.punctuation {
            return ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "!", ",", ".", ":", "="].contains(p)
        }
        if let w = l.identifier { return ["and", "or", "not", "in"].contains(w) }
        return false
    }
}
