#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import RosterData

@Suite struct JSONParserTests {
    func parse(_ text: String) throws(JSONSyntaxError) -> Value {
        let bytes = Array(text.utf8)
        var result: Result<Value, JSONSyntaxError> = .failure(JSONSyntaxError(offset: 0, message: "empty"))
        bytes.withUnsafeBufferPointer { b in
            var r = JSONReader(b.baseAddress!, start: 0, end: b.count)
            r.skipWhitespace()
            do throws(JSONSyntaxError) {
                let v = try r.readValue()
                r.skipWhitespace()
                if !r.atEnd { throw r.unexpected("结尾") }
                result = .success(v)
            } catch { result = .failure(error) }
        }
        return try result.get()
    }

    @Test(arguments: [
        (#""a\"b\\c\/d""#, "a\"b\\c/d"),
        (#""\b\f\n\r\t""#, "\u{8}\u{C}\n\r\t"),
        (#""\u0041\u00e9\u4e2d""#, "Aé中"),
        (#""\ud83d\ude00""#, "😀"),
        (#""中文 直接""#, "中文 直接"),
        (#""""#, ""),
        (#""a long string with no escapes at all, longer than eight bytes""#, "a long string with no escapes at all, longer than eight bytes"),
    ])
    func strings(_ json: String, _ expected: String) throws {
        #expect(try parse(json) == .string(expected))
    }

    @Test(arguments: [
        ("0", Value.int(0)), ("-0", .int(0)), ("42", .int(42)), ("-17", .int(-17)),
        ("1.5", .double(1.5)), ("1e3", .double(1000)), ("2E-2", .double(0.02)), ("78.0", .double(78)),
        ("9223372036854775807", .int(Int.max)), ("92233720368547758070", .double(92233720368547758070)),
    ])
    func numbers(_ json: String, _ expected: Value) throws {
        #expect(try parse(json) == expected)
    }

    @Test(arguments: ["01", "-", "1.", ".5", "1e", "+1", "--1", "0x10", "1.e5", "NaN", "Infinity"])
    func badNumbers(_ json: String) {
        #expect(throws: JSONSyntaxError.self) { try parse(json) }
    }

    @Test(arguments: [
        #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\x""#, #""abc"#, "\"a\u{1}b\"", #""\u12g4""#,
        "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\":1,}", "{a:1}", "[", "tru", "nul", "truex", "{\"a\":1,\"a\":2}",
    ])
    func syntaxErrors(_ json: String) {
        #expect(throws: JSONSyntaxError.self) { try parse(json) }
    }

    @Test func nesting() throws {
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: Never.self) { try parse(ok) }
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect { try parse(deep) } throws: { ($0 as? JSONSyntaxError)?.message.contains("512") == true }
    }

    @Test func invalidUTF8InString() {
        var bytes = Array("\"ab".utf8)
        bytes += [0xFF, 0x22]
        let text = String(decoding: bytes, as: UTF8.self)
        _ = text
        bytes.withUnsafeBufferPointer { b in
            var r = JSONReader(b.baseAddress!, start: 0, end: b.count)
            #expect { try r.readValue() } throws: { ($0 as? JSONSyntaxError)?.offset == 3 }
        }
    }

    @Test func objectsKeepOrder() throws {
        let v = try parse(#"{"b": 1, "a": [true, false, null], "c": {"x": "y"}}"#)
        guard case .object(let r) = v else { Issue.record("not an object"); return }
        #expect(r.keys == ["b", "a", "c"])
        #expect(r["a"] == .list([.bool(true), .bool(false), .null]))
    }

    @Test func errorPositionsInFullText() {
        let e1 = loadError("{\"applicants\": [\n  {\"id\": \"A1\", \"name\": \"x\",}\n]}")
        #expect(e1?.description == "t.json:2:28: 记录 #1（A1）：JSON 语法错误：意外的字符 '}'，应为键（带引号的字符串）")
        let e2 = loadError("[{\"id\": \"A1\", \"name\": \"张伟\"} x]")
        #expect(e2?.description == "t.json:1:29: 记录 #2：JSON 语法错误：意外的字符 'x'，应为',' 或 ']'")
        let e3 = loadError("{\"applicants\": []} 42")
        #expect(e3?.description == "t.json:1:20: JSON 语法错误：意外的字符 '4'，应为文件结尾（JSON 值之后有多余内容）")
        let e4 = loadError("[{\"id\": \"A1\", \"name\": \"中文\\ud800\"}]")
        #expect(e4?.line == 1 && e4?.column == 26)
        #expect(e4?.message.contains("孤立的 UTF-16 高代理项") == true)
    }
}

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func fipsVectors(_ input: String, _ digest: String) {
        #expect(sha256Hex(Array(input.utf8)) == digest)
        #expect(sha256Hex(Array(input.utf8)[...].lazy.map { $0 }) == digest, "non-contiguous")
    }

    /// Fed in chunks of every size (as `readFile` does), the digest is the one-shot digest.
    @Test(arguments: [1, 3, 63, 64, 65, 4096])
    func incrementalMatchesOneShot(chunk: Int) {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var h = SHA256Hasher()
        var i = 0
        while i < bytes.count {
            let j = min(bytes.count, i + chunk)
            bytes.withUnsafeBufferPointer { h.update(UnsafeBufferPointer(rebasing: $0[i..<j])) }
            i = j
        }
        #expect(h.finalizeHex() == sha256Hex(bytes))
        let million = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(sha256Hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
