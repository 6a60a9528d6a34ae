import Synchronization
/// File formats of a roster.
public enum RosterFileFormat: String, Sendable, CaseIterable {
    case json, jsonl, csv, xlsx

    /// The format a file name's extension implies: `.json`, `.jsonl`/`.ndjson`, `.csv`/`.tsv`, `.xlsx`.
    public static func from(fileName: String) -> RosterFileFormat? {
        guard let dot = fileName.lastIndex(of: "."), !fileName[dot...].contains("/") else { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "json": return .json
        case "jsonl", "ndjson": return .jsonl
        case "csv", "tsv", "txt": return .csv
        case "xlsx": return .xlsx
        default: return nil
        }
    }
}

/// Text encoding of a CSV file. JSON and JSON Lines are always UTF-8.
public enum TextEncodingChoice: String, Sendable {
    case utf8
    case gb18030
}

/// Ctrl-C while a command runs: the shell's SIGINT handler raises this flag; loaders ask
/// every 1024 records and stop with "已中断" (nothing is loaded, nothing already loaded
/// changes), and long commands poll it through `Session.cancelRequested`.
///
/// A lock-free atomic, so the signal handler may store to it and any thread may read it.
public enum LoadCancellation {
    public static let flag = Atomic<Int>(0)

    public static func isRequested() -> Bool { flag.load(ordering: .relaxed) != 0 }
    public static func raise() { flag.store(1, ordering: .relaxed) }
    public static func clear() { flag.store(0, ordering: .relaxed) }

    /// The error of a load stopped by Ctrl-C.
    static func interrupted(_ file: String) -> RosterError {
        RosterError(file: file, message: "已中断（Ctrl-C），未载入")
    }

    /// Throws `interrupted` when Ctrl-C was pressed.
    @inline(__always)
    static func check(_ file: String) throws(RosterError) {
        if isRequested() { throw interrupted(file) }
    }
}

/// Options of `load`.
public struct LoadOptions: Sendable {
    /// The fields and the vocabulary values are checked against: the catalog of the rule
    /// pack in force (`RulePack.catalog`).
    public var catalog: FieldCatalog
    /// An enum value outside its list makes the field not known and adds one warning per
    /// (field, value) instead of failing the load.
    public var lenient = false
    /// nil: by the file name's extension.
    public var format: RosterFileFormat? = nil
    /// CSV only. nil: UTF-8 when the bytes are valid UTF-8, else GB18030.
    public var encoding: TextEncodingChoice? = nil
    /// CSV only. nil: sniffed from the header line (`,` `;` or tab).
    public var separator: UInt8? = nil
    /// XLSX only. nil: the first visible worksheet; else the sheet of this name (exact, or the
    /// only case-insensitive match).
    public var sheet: String? = nil
    /// CSV only: files of at least this many bytes are read on two threads
    /// (`CSVRosterLoader.parallelThreshold`). Tests and the `csv` fuzz target set it to 0 to
    /// check that the split read gives exactly what the sequential read gives.
    package var parallelAbove: Int = CSVRosterLoader.parallelThreshold
    public init(catalog: FieldCatalog) { self.catalog = catalog }
}

/// A loaded dataset and the warnings of a lenient load.
public struct LoadResult: Sendable {
    public var dataset: Dataset
    public var warnings: [RosterError]
    public init(dataset: Dataset, warnings: [RosterError]) {
        self.dataset = dataset; self.warnings = warnings
    }
}
