#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loads roster files (JSON, JSON Lines, CSV, XLSX) into typed datasets. A failed load
/// throws one `RosterError` naming file, line:column, record, id, field and value,
/// and returns nothing.
public enum RosterLoader {
    /// Reads `path` and parses it by `options.format` or else the file name's extension; its
    /// SHA-256 (`dataset.sha256`) is computed while it is parsed.
    public static func load(path: String, name: String, options: LoadOptions) throws(RosterError) -> LoadResult {
        let bytes = try readFile(path)
        return try load(bytes: bytes, sha256: nil, fileName: path, name: name, path: path, options: options)
    }

    /// Parses bytes already in memory; `fileName` names the file in errors and picks the format.
    public static func load(bytes: [UInt8], fileName: String, name: String, path: String? = nil,
                            options: LoadOptions) throws(RosterError) -> LoadResult {
        try load(bytes: bytes, sha256: nil, fileName: fileName, name: name, path: path, options: options)
    }

    /// `sha256`: the digest of `bytes` when the caller has it already. Hashing and the second
    /// half of a big parse run on other threads, each waited for here: when this returns or
    /// throws, no work of the load is left running.
    static func load(bytes: [UInt8], sha256 digest: String?, fileName: String, name: String, path: String?,
                     options: LoadOptions) throws(RosterError) -> LoadResult {
        // A big file is hashed on another thread while this one parses it; waited for on every
        // way out (the `defer`), so no hashing outlives the load.
        let hashing = digest == nil && bytes.count >= hashInBackgroundFrom ? Background { sha256Hex(bytes) } : nil
        defer { _ = hashing?.wait() }
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
        let ds = Dataset(name: name, table: out.applicants, path: path, sha256: digest ?? hashing?.wait() ?? sha256Hex(bytes),
                         year: out.year, notice: out.notice)
        return LoadResult(dataset: ds, warnings: out.warnings)
    }

    /// Inputs at least this big are hashed on another thread while they are parsed.
    static let hashInBackgroundFrom = 1 << 20
    /// Regular files at least this big are read by two threads, a half each.
    static let readInHalvesFrom = 8 << 20

    /// The whole file; errors name the path and the system's reason. A big regular file is read
    /// in two halves at once (`pread`, one on another thread, waited for here): the pages it
    /// needs are faulted in on both cores. What it has beyond the size `fstat` gave (a file still
    /// being written) is read after, as is all of it when either half came up short.
    static func readFile(_ path: String) throws(RosterError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let reason = errno == ENOENT ? "文件不存在" : "无法打开文件（\(String(cString: strerror(errno)))）"
            throw RosterError(file: path, message: reason)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw RosterError(file: path, message: "无法读取文件（\(String(cString: strerror(errno)))）") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw RosterError(file: path, message: "这是一个文件夹，不是数据文件") }
        let size = max(Int(st.st_size), 0)
        // Not zero-filled first: read(2) writes every byte that is kept (the rest is cut off).
        var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { _, n in n = size + 1 }
        var used = 0
        if (st.st_mode & S_IFMT) == S_IFREG, size >= readInHalvesFrom {
            let half = size / 2
            let whole = bytes.withUnsafeMutableBytes { b -> Bool in
                // Safe to send: the other thread writes only [half, size) of the buffer, this one
                // only [0, half), and the buffer outlives both (the wait is inside this closure).
                struct Part: @unchecked Sendable { let fd: Int32; let p: UnsafeMutableRawPointer; let from: Int; let to: Int }
                let part = Part(fd: fd, p: b.baseAddress!, from: half, to: size)
                let other = Background { preadFully(part.fd, part.p, from: part.from, to: part.to) }
                let mine = preadFully(fd, b.baseAddress!, from: 0, to: half)
                let theirs = other.wait()
                return mine && theirs
            }
            if whole, lseek(fd, off_t(size), SEEK_SET) == off_t(size) { used = size }
        }
        while true {
            if used == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 65536))) }
            let n = bytes.withUnsafeMutableBytes { b in read(fd, b.baseAddress! + used, b.count - used) }
            if n < 0 {
                if errno == EINTR { continue }
                throw RosterError(file: path, message: "无法读取文件（\(String(cString: strerror(errno)))）")
            }
            if n == 0 { break }
            used += n
        }
        bytes.removeSubrange(used...)
        return bytes
    }

    /// Reads bytes `[from, to)` of `fd` into `p + from`; false on an error or an early end.
    private static func preadFully(_ fd: Int32, _ p: UnsafeMutableRawPointer, from: Int, to: Int) -> Bool {
        var at = from
        while at < to {
            let n = pread(fd, p + at, to - at, off_t(at))
            if n < 0 { if errno == EINTR { continue }; return false }
            if n == 0 { return false }
            at += n
        }
        return true
    }
}
