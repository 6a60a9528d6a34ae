#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The roster the `eval` target evaluates over: Tests/Fixtures/mini.json (five applicants),
/// found from this source file's place in the repository, so a fuzz binary runs from any
/// folder of this checkout. Missing, it stops the fuzzer loudly rather than fuzz nothing.
func fixtureRosterBytes() -> [UInt8] {
    var root = #filePath
    for _ in 0..<3 { if let i = root.lastIndex(of: "/") { root = String(root[..<i]) } }
    let path = root + "/Tests/Fixtures/mini.json"
    guard let f = fopen(path, "rb") else { fatalError("fuzz fixture roster missing: \(path)") }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buf, 1, buf.count, f)
        if n <= 0 { break }
        bytes += buf[0..<n]
    }
    return bytes
}
