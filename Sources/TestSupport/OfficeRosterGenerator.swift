import Foundation

/// `scripts/gen-office-roster.py`: the second, independent roster generator (Python, written from
/// roster-format.md alone). Its files are what office systems and Excel/WPS exports contain.
public enum OfficeRosterGenerator {
    /// The files it writes, by format name; every one holds the same records.
    public static let formats: [(name: String, file: String)] = [
        ("json", "roster.json"), ("json-array", "roster-array.json"), ("jsonl", "roster.jsonl"),
        ("csv-utf8", "roster-utf8.csv"), ("csv-gb18030", "roster-gb18030.csv"), ("xlsx", "roster.xlsx"),
    ]

    public static var scriptPath: String { packageRoot + "/scripts/gen-office-roster.py" }

    /// `python3` on PATH, or nil.
    public static let python3: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let p = String(dir) + "/python3"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }()

    public struct Output: Sendable {
        /// The folder holding the files.
        public var directory: String
        /// Applicants whose JSON forms carry several continuing-education records for one year
        /// (a CSV row holds one per year, so there the list differs; the verdicts must not).
        public var ceMultiIDs: Set<String>
        public func path(_ file: String) -> String { directory + "/" + file }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs the generator into a fresh temporary folder. Throws (with the reason) when the script
    /// is missing, python3 is missing, or the script fails.
    public static func generate(seed: Int, count: Int) throws -> Output {
        guard FileManager.default.fileExists(atPath: scriptPath) else {
            throw Failure(description: "生成器不存在：\(scriptPath)")
        }
        guard let python3 else { throw Failure(description: "找不到 python3（PATH 中没有），无法运行 \(scriptPath)") }
        let dir = makeTempDirectory() + "/office-\(seed)"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python3)
        p.arguments = [scriptPath, "--seed", String(seed), "--count", String(count), "--out", dir]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failure(description: "gen-office-roster.py --seed \(seed) 失败（状态 \(p.terminationStatus)）：\(errText)")
        }
        let manifest = try Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json"))
        guard let m = try JSONSerialization.jsonObject(with: manifest) as? [String: Any],
              let ids = m["ce_multi_ids"] as? [String] else {
            throw Failure(description: "manifest.json 无法读取：\(dir)")
        }
        return Output(directory: dir, ceMultiIDs: Set(ids))
    }
}
