import Testing
import RosterData
@testable import ShellLang

@Suite struct RobustnessTests {
    @Test(arguments: [
        String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
        String(repeating: "(", count: 10_000),
        String(repeating: "[", count: 10_000),
        String(repeating: "not ", count: 10_000) + "true",
        String(repeating: "-", count: 10_000) + "1",
        String(repeating: "f(", count: 10_000),
        "x" + String(repeating: "[0]", count: 10_000),
        "photo" + String(repeating: ".width", count: 10_000),
        Array(repeating: "1", count: 10_000).joined(separator: " + "),
        Array(repeating: "true", count: 10_000).joined(separator: " and "),
    ])
    func deepNestingIsAnErrorNotACrash(_ text: String) {
        let d = T.diagnostic(text)
        #expect(d?.message.contains("过深") == true, "\(String(describing: d?.message))")
    }

    @Test func nestingWithinTheLimitWorks() throws {
        let n = 120
        let text = String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)
        #expect(try T.eval(text, row: nil) == .int(1))
        #expect(try T.eval(Array(repeating: "1", count: 120).joined(separator: " + "), row: nil) == .int(120))
        #expect(try T.eval(String(repeating: "not ", count: 100) + "true", row: nil) == .bool(true))
    }

    @Test(arguments: [
        ("99999999999999999999999999999999", "整数过大 `99999999999999999999999999999999`"),
        ("1e999", "数字过大 `1e999`"),
        ("9223372036854775807", nil),
        ("-9223372036854775807 - 1", nil),
        ("- (-9223372036854775807 - 1)", "整数溢出"),
        ("9223372036854775807 * 2", "整数溢出"),
        ("(-9223372036854775807 - 1) / -1", "整数溢出"),
        ("(-9223372036854775807 - 1) % -1", nil),
    ] as [(String, String?)])
    func hugeNumbers(_ text: String, _ message: String?) {
        #expect(T.diagnostic(text, row: nil)?.message == message)
    }

    @Test(arguments: [
        ("a @ b", "无法识别的字符 `@`（U+0040）"),
        ("$x", "无法识别的字符 `$`（U+0024）"),
        ("x == \u{7}", "无法识别的控制字符 U+0007"),
        ("x\u{0}", "无法识别的控制字符 U+0000"),
        ("a & b", "无法识别的字符 `&`（U+0026）"),
        ("'abc'", "无法识别的字符 `'`（U+0027）"),
        ("名称 ＝＝ 1", "无法识别的字符 `＝`（U+FF1D）"),
        ("x == \u{1F600}", "无法识别的字符 `😀`（U+1F600）"),
        (String(decoding: [0x78, 0x20, 0xFF, 0xFE], as: UTF8.self), "无效的 UTF-8 字节"),
        (String(decoding: [0x22, 0xC3, 0x22], as: UTF8.self), nil),
    ] as [(String, String?)])
    func strayBytes(_ text: String, _ message: String?) {
        #expect(T.diagnostic(text, row: nil)?.message == message)
    }

    @Test func invalidUTF8CaretPointsAtTheBadByte() {
        let text = String(decoding: [0x61, 0x20, 0xFF], as: UTF8.self)
        let r = T.rendered(text)
        #expect(r?.hasPrefix("<test>:1:3: error: 无效的 UTF-8 字节") == true)
        #expect(r.flatMap(T.caretLine) == "  ^")
    }

    /// Random token soup and random bytes: every input is a value or a diagnostic.
    @Test func fuzzNeverCrashes() {
        var rng = SplitMix(seed: 42)
        let pieces = ["(", ")", "[", "]", ",", ".", "+", "-", "*", "/", "%", "==", "<", "not", "and", "or", "in",
                      "1", "0", "2.5", "\"s\"", "2024-02-29", "null", "true", "degree", "学历", "photo", "width",
                      "assessments", "any", "all", "count", "sum", "years", "it", "result", ":", "level", "\"",
                      "matches", "\"[\"", "9999999999", "honors", "@", " "]
        for _ in 0..<3000 {
            let n = Int(rng.next() % 12) + 1
            let text = (0..<n).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined(separator: " ")
            _ = T.diagnostic(text)
            _ = T.diagnostic(text, row: 1)
            _ = Parser.isIncomplete(text)
        }
        for _ in 0..<1000 {
            let bytes = (0..<Int(rng.next() % 16)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let text = String(decoding: bytes, as: UTF8.self)
            _ = T.diagnostic(text)
            _ = Parser.isIncomplete(text)
        }
    }

    @Test func longInputLexesInLinearTime() throws {
        let text = Array(repeating: "degree == \"本科\"", count: 20_000).joined(separator: " or ")
        let toks = try Lexer.tokenize(SourceFile(name: "long", text: text))
        #expect(toks.count == 20_000 * 4 - 1)
        #expect(toks.last?.range.end.column == text.count + 1)
    }

    @Test func rowOutOfRangeIsAnError() throws {
        let c = try T.env().compile(T.parse("degree"), dataset: T.dataset)
        #expect(throws: Diagnostic.self) { try c.evaluate(row: 2) }
        #expect(throws: Diagnostic.self) { try c.evaluate(row: -1) }
        let noData = try T.env().compile(T.parse("degree"), dataset: nil)
        #expect(throws: Diagnostic.self) { try noData.evaluate(row: 0) }
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

@Suite struct DepthLimitTests {
    /// Just under the limit, every nesting form parses, compiles and evaluates (no stack overflow
    /// on a test thread, in debug builds).
    @Test(arguments: [
        String(repeating: "[", count: 125) + "1" + String(repeating: "]", count: 125),
        String(repeating: "coalesce(", count: 125) + "1" + String(repeating: ")", count: 125),
        String(repeating: "-(", count: 60) + "x" + String(repeating: ")", count: 60),
        String(repeating: "len([", count: 60) + "1" + String(repeating: "])", count: 60),
        String(repeating: "any([true], ", count: 60) + "it" + String(repeating: ")", count: 60),
        Array(repeating: "x", count: 125).joined(separator: " * "),
    ])
    func nearTheLimit(_ text: String) throws {
        let env = T.env()
        env.variables["x"] = .int(1)
        _ = try T.eval(text, row: 0, env: env)
    }
}

/// Issue 10: integer overflow is an error with a caret under the operation, never a trap or a
/// wrapped value; growth by repeated `+` and backtracking regexes stop with an error.
@Suite struct BoundedEvaluationTests {
    @Test(arguments: [
        ("9223372036854775807 + 1", "^~~~~~~~~~~~~~~~~~~~~~~", "整数溢出"),
        ("1 + 9223372036854775807", "^~~~~~~~~~~~~~~~~~~~~~~", "整数溢出"),
        ("-9223372036854775807 - 2", "^~~~~~~~~~~~~~~~~~~~~~~~", "整数溢出"),
        ("9223372036854775807 * 2", "^~~~~~~~~~~~~~~~~~~~~~~", "整数溢出"),
        ("-3037000500 * 3037000500", "^~~~~~~~~~~~~~~~~~~~~~~~", "整数溢出"),
        ("-(-9223372036854775807 - 1)", "^~~~~~~~~~~~~~~~~~~~~~~~~~~", "整数溢出"),
        ("abs(-9223372036854775807 - 1)", "    ^~~~~~~~~~~~~~~~~~~~~~~~", "整数溢出"),
        ("sum([9223372036854775807, 1])", "    ^~~~~~~~~~~~~~~~~~~~~~~~", "整数溢出"),
        ("sum([1, 2, 9223372036854775807], it * 2)", "                                 ^~~~~~", "整数溢出"),
        ("(-9223372036854775807 - 1) / -1", "^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~", "整数溢出"),
    ] as [(String, String, String)])
    func overflowIsAnErrorWithACaret(_ text: String, _ caretStart: String, _ message: String) throws {
        let d = T.diagnostic(text, row: nil)
        #expect(d?.message.hasPrefix(message) == true, "\(text): \(String(describing: d?.message))")
        let caret = T.rendered(text, row: nil).flatMap(T.caretLine)
        #expect(caret == caretStart, "\(text): caret \(String(describing: caret))")
    }

    @Test(arguments: [
        ("9223372036854775807 - 1", Value.int(9223372036854775806)),
        ("-9223372036854775807 - 1", Value.int(Int.min)),
        ("abs(-9223372036854775807)", Value.int(Int.max)),
        ("sum([9223372036854775807, -1, 1])", Value.int(Int.max)),
    ])
    func nearTheEdgeIsExact(_ text: String, _ expected: Value) throws {
        #expect(try T.eval(text, row: nil) == expected)
    }

    /// `let s = s + s` doubling: stops at 16 MB (strings) or a million items (lists).
    @Test func repeatedDoublingStopsWithAnError() throws {
        let env = T.env()
        env.variables["s"] = .string("衢州水利")
        env.variables["l"] = .list([.int(1), .int(2)])
        var stringError: Diagnostic? = nil, listError: Diagnostic? = nil
        for _ in 0..<64 where stringError == nil {
            do { env.variables["s"] = try T.eval("s + s", row: nil, env: env) } catch let d as Diagnostic { stringError = d }
        }
        for _ in 0..<64 where listError == nil {
            do { env.variables["l"] = try T.eval("l + l", row: nil, env: env) } catch let d as Diagnostic { listError = d }
        }
        #expect(stringError?.message.hasPrefix("字符串过长") == true, "\(String(describing: stringError))")
        #expect(listError?.message.hasPrefix("列表过长") == true, "\(String(describing: listError))")
        #expect((env.variables["s"]?.stringValue?.utf8.count ?? 0) <= 16 << 20)
    }

    /// Catastrophic backtracking is given up with an error naming the pattern; ordinary
    /// patterns, long texts included, still match.
    static let regexCases: [(String, Bool?)] = {
        let a40 = String(repeating: "a", count: 40) + "!"
        let longX = String(repeating: "x", count: 200_000) + "QZ2024-0017"
        let abab = String(repeating: "ab", count: 50_000)
        return [
            ("matches(\"\(a40)\", \"^(a+)+$\")", nil),
            ("matches(\"\(a40)\", \"(a|aa)*b\")", nil),
            ("matches(\"\(longX)\", \"QZ[0-9]{4}-[0-9]{4}$\")", true),
            ("matches(\"\(abab)\", \"^(ab)*$\")", true),
            ("matches(\"QZ2024-0017\", \"^QZ[0-9]{4}-[0-9]{4}$\")", true),
            ("matches(\"衢州\", \"^[a-z]+$\")", false),
        ]
    }()

    @Test(arguments: BoundedEvaluationTests.regexCases)
    func regexBacktrackingIsBounded(_ text: String, _ expected: Bool?) throws {
        if let expected {
            #expect(try T.eval(text, row: nil) == .bool(expected))
        } else {
            let d = T.diagnostic(text, row: nil)
            #expect(d?.message == "正则表达式回溯过多，已放弃匹配", "\(String(describing: d?.message))")
        }
    }
}
