import Testing
@testable import RosterData
import TestSupport

func load(_ text: String, file: String = "t.json", lenient: Bool = false) throws -> LoadResult {
    var o = LoadOptions()
    o.lenient = lenient
    return try RosterLoader.load(bytes: Array(text.utf8), fileName: file, name: "t", options: o)
}

/// The error a load throws (fails the test when it does not throw).
func loadError(_ text: String, file: String = "t.json", sourceLocation: SourceLocation = #_sourceLocation) -> RosterError? {
    loadError(bytes: Array(text.utf8), file: file, sourceLocation: sourceLocation)
}

func loadError(bytes: [UInt8], file: String = "t.json", options: LoadOptions = LoadOptions(), sourceLocation: SourceLocation = #_sourceLocation) -> RosterError? {
    do {
        _ = try RosterLoader.load(bytes: bytes, fileName: file, name: "t", options: options)
        Issue.record("expected a load error", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// One applicant wrapped in a roster, with id and name.
func one(_ body: String) -> String {
    #"{"applicants": [{"id": "A1", "name": "张伟"\#(body.isEmpty ? "" : ", " + body)}]}"#
}

func value(_ result: LoadResult, _ field: String, at i: Int = 0) -> Value {
    result.dataset.applicants[i][field]
}

func tempDir() -> String {
    let path = "/tmp/rosterdata-tests-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    mkdir(path, 0o755)
    return path
}

func readBytes(_ path: String) -> [UInt8]? { try? RosterLoader.readFile(path) }

func listDir(_ path: String) -> [String] {
    guard let d = opendir(path) else { return [] }
    defer { closedir(d) }
    var names: [String] = []
    while let e = readdir(d) {
        let name = withUnsafeBytes(of: e.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}

#if canImport(Glibc)
import Glibc
#endif
