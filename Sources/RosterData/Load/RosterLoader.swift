#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loads roster files (JSON, JSON Lines, CSV, XLSX) into typed datasets. A failed load
/// throws one `RosterError` naming file, line:column, record, id, field and value,
/// and returns nothing.
public enum RosterLoader {
    /// Reads `path`, hashing its bytes into `dataset.sha256` as they are read, and parses it by
    /// `options.format` or else the file name's extension.
    public static func load(path: String, name: String, options: LoadOptions) throws(RosterError) -> LoadResult {
        let (bytes, digest) = try readFile(path)
        return try load(bytes: bytes, sha256: digest, fileName: path, name: name, path: path, options: options)
    }

    /// Parses bytes already in memory; `fileName` names the file in errors and picks the format.
    public static func load(bytes: [UInt8], fileName: String, name: String, path: String? = nil,
                            options: LoadOptions) throws(RosterError) -> LoadResult {
        try load(bytes: bytes, sha256: nil, fileName: fileName, name: name, path: path, options: options)
    }

    /// `sha256`: the digest of `bytes` when the reader computed it already. Everything here runs
    /// on the calling thread: when this returns or throws, no work of the load is left running.
    static func load(bytes: [UInt8], sha256 digest: String?, fileName: String, name: String, path: String?,
                     options: LoadOptions) throws(RosterError) -> LoadResult {
        guard let format = options.format ?? RosterFileFormat.from(fileName: fileName) else {
            throw RosterError(file: fileName, message: "无法从扩展名判断文件格式（支持 .json、.jsonl/.ndjson、.csv/.tsv、.xlsx），请指定格式（--format json|jsonl|csv|xlsx）")
        }
        if format != .xlsx {
            try EncodingCheck.checkNotUTF16(bytes, file: fileName, format: format)
            try EncodingCheck.checkNoNUL(bytes, file: fileName)
        }
        let out: JSONRosterLoader.Output
        switch format {
        case .json:
            out = try JSONRosterLoader.loadJSON(bytes, file: fileName, catalog: options.catalog, lenient: options.lenient)
        case .jsonl:
            out = try JSONRosterLoader.loadJSONLines(bytes, file: fileName, catalog: options.catalog, lenient: options.lenient)
        case .csv:
            out = try CSVRosterLoader.load(bytes, file: fileName, options: options)
        case .xlsx:
            out = try XLSXRosterLoader.load(bytes, file: fileName, options: options)
        }
        let ds = Dataset(name: name, table: out.applicants, path: path, sha256: digest ?? sha256Hex(bytes),
                         year: out.year, notice: out.notice)
        return LoadResult(dataset: ds, warnings: out.warnings)
    }

    /// The whole file and its SHA-256, hashed chunk by chunk as it is read; errors name the
    /// path and the system's reason.
    static func readFile(_ path: String) throws(RosterError) -> (bytes: [UInt8], sha256: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let reason = errno == ENOENT ? "文件不存在" : "无法打开文件（\(String(cString: strerror(errno)))）"
            throw RosterError(file: path, message: reason)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw RosterError(file: path, message: "无法读取文件（\(String(cString: strerror(errno)))）") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw RosterError(file: path, message: "这是一个文件夹，不是数据文件") }
        // Not zero-filled first: read(2) writes every byte that is kept (the rest is cut off).
        var bytes = [UInt8](unsafeUninitializedCapacity: max(Int(st.st_size), 0) + 1) { _, n in n = max(Int(st.st_size), 0) + 1 }
        var used = 0
        var hasher = SHA256Hasher()
        while true {
            if used == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 65536))) }
            let n = bytes.withUnsafeMutableBytes { b in read(fd, b.baseAddress! + used, b.count - used) }
            if n < 0 {
                if errno == EINTR { continue }
                throw RosterError(file: path, message: "无法读取文件（\(String(cString: strerror(errno)))）")
            }
            if n == 0 { break }
            bytes.withUnsafeBufferPointer { b in hasher.update(UnsafeBufferPointer(rebasing: b[used..<(used + n)])) }
            used += n
        }
        bytes.removeSubrange(used...)
        return (bytes, hasher.finalizeHex())
    }
}
