#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Header names of an export: canonical keys (`degree`) or Chinese labels (`学历`).
public enum HeaderLabels: String, Sendable {
    case keys
    case chinese
}

/// Options of `export`.
public struct ExportOptions: Sendable {
    /// Replace an existing file.
    public var force = false
    /// CSV: start with a UTF-8 byte order mark (EF BB BF), for Excel.
    public var bom = false
    /// Mask personal fields (身份证号, 联系电话) with `maskPersonal`.
    public var mask = false
    /// Header (CSV) and key (JSON) names.
    public var labels: HeaderLabels = .keys
    /// Only these fields (keys, labels or unknown-field names), in catalog order; nil: all.
    public var columns: [String]? = nil
    /// CSV separator: `,` (default), `;` or tab.
    public var separator: UInt8 = 0x2C
    /// CSV text encoding: UTF-8 (default) or GB18030 (old Excel on Chinese Windows). A BOM is only
    /// written for UTF-8.
    public var encoding: TextEncodingChoice = .utf8
    /// JSON wrapper: `year` and `notice` (left out when nil).
    public var year: Int? = nil
    public var notice: String? = nil
    public init() {}
}

/// Writes rosters as CSV (RFC 4180, UTF-8 or GB18030, LF line ends), JSON (`{"year":…,"notice":…,
/// "applicants":[…]}`, one applicant per line), JSON Lines, or an Excel workbook (one sheet 花名册,
/// the CSV layout of columns, dates as date cells, text fields as text). What it writes loads back
/// to the same records. Files are written safely: to a temp file in the same folder,
/// then renamed into place; never over an existing file without `force`.
public enum RosterExporter {
    /// Writes `applicants` to `path`; returns the number of rows (applicants) written.
    /// `shouldCancel` is asked every 1000 rows; on cancel or any error nothing is left
    /// behind (no partial file, no temp file).
    @discardableResult
    public static func write(_ applicants: some Collection<Applicant>, extraKeys: [String], format: RosterFileFormat, to path: String,
                             options: ExportOptions, shouldCancel: () -> Bool = { false }) throws(RosterError) -> Int {
        let plan = try ExportPlan(applicants, extraKeys: extraKeys, format: format, options: options, file: path)
        if format == .xlsx {
            var bytes = try plan.workbook(applicants, shouldCancel: shouldCancel, file: path)
            return try SafeFile.write(path: path, force: options.force) { (sink: (inout [UInt8]) throws(RosterError) -> Void) throws(RosterError) -> Int in
                try sink(&bytes)
                return applicants.count
            }
        }
        return try SafeFile.write(path: path, force: options.force) { (sink: (inout [UInt8]) throws(RosterError) -> Void) throws(RosterError) -> Int in
            try plan.encode(applicants, sink: sink, shouldCancel: shouldCancel, file: path)
        }
    }

    /// The bytes `write` would write, in memory.
    public static func data(_ applicants: some Collection<Applicant>, extraKeys: [String], format: RosterFileFormat,
                            options: ExportOptions = ExportOptions()) throws(RosterError) -> [UInt8] {
        let plan = try ExportPlan(applicants, extraKeys: extraKeys, format: format, options: options, file: "<内存>")
        if format == .xlsx { return try plan.workbook(applicants, shouldCancel: { false }, file: "<内存>") }
        var all: [UInt8] = []
        _ = try plan.encode(applicants, sink: { (chunk: inout [UInt8]) throws(RosterError) in all.append(contentsOf: chunk); chunk.removeAll(keepingCapacity: true) },
                            shouldCancel: { false }, file: "<内存>")
        return all
    }

    public static func csvData(_ applicants: some Collection<Applicant>, extraKeys: [String] = [], options: ExportOptions = ExportOptions()) throws(RosterError) -> [UInt8] {
        try data(applicants, extraKeys: extraKeys, format: .csv, options: options)
    }

    public static func jsonData(_ applicants: some Collection<Applicant>, extraKeys: [String] = [], options: ExportOptions = ExportOptions()) throws(RosterError) -> [UInt8] {
        try data(applicants, extraKeys: extraKeys, format: .json, options: options)
    }

    public static func jsonLinesData(_ applicants: some Collection<Applicant>, extraKeys: [String] = [], options: ExportOptions = ExportOptions()) throws(RosterError) -> [UInt8] {
        try data(applicants, extraKeys: extraKeys, format: .jsonl, options: options)
    }

    /// A dataset's applicants, with its extra keys, year and notice.
    @discardableResult
    public static func write(_ dataset: Dataset, format: RosterFileFormat, to path: String, options: ExportOptions,
                             shouldCancel: () -> Bool = { false }) throws(RosterError) -> Int {
        var o = options
        if o.year == nil { o.year = dataset.year }
        if o.notice == nil { o.notice = dataset.notice }
        return try write(dataset.applicants, extraKeys: dataset.extraKeys, format: format, to: path, options: o, shouldCancel: shouldCancel)
    }
}

/// Masks personal data for display: an ID number keeps its first 6 and last 4
/// characters (`330802********1234`), a mobile number its first 3 and last 4
/// (`138****5678`); shorter text keeps fewer characters so most of it is hidden.
public func maskPersonal(_ s: String) -> String {
    let chars = Array(s)
    let n = chars.count
    let head: Int, tail: Int
    switch n {
    case 15...: head = 6; tail = 4
    case 11...14: head = 3; tail = 4
    case 7...10: head = 1; tail = 4
    // Too short to show any part safely (a slice, one character of a number): all stars.
    default: return String(repeating: "*", count: n)
    }
    return String(chars[0..<head]) + String(repeating: "*", count: n - head - tail) + String(chars[(n - tail)...])
}

/// What to write: the selected catalog slots, extra keys and (CSV) columns.
struct ExportPlan {
    let format: RosterFileFormat
    let options: ExportOptions
    let slots: [Int]
    let extras: [String]
    let columns: [CSVColumn]
    let catalog = FieldCatalog.types

    init(_ applicants: some Collection<Applicant>, extraKeys: [String], format: RosterFileFormat, options: ExportOptions, file: String) throws(RosterError) {
        self.format = format
        self.options = options
        let catalog = FieldCatalog.types
        var allExtras = extraKeys
        var seenExtras = Set(extraKeys)
        for a in applicants { for k in a.extras.keys where seenExtras.insert(k).inserted { allExtras.append(k) } }
        if let names = options.columns {
            var chosen = Set<Int>()
            var ex: [String] = []
            for name in names {
                if let s = catalog.slot(of: name) { chosen.insert(s) }
                else if allExtras.contains(name) { if !ex.contains(name) { ex.append(name) } }
                else { throw RosterError(file: file, field: name, message: "未知的字段，无法导出（可用字段见 help fields）") }
            }
            slots = catalog.fields.indices.filter { chosen.contains($0) }
            extras = ex
        } else {
            slots = Array(catalog.fields.indices)
            extras = allExtras
        }
        columns = format == .csv || format == .xlsx ? try ExportPlan.csvColumns(applicants, slots: slots, extras: extras, file: file) : []
    }

    static func csvColumns(_ applicants: some Collection<Applicant>, slots: [Int], extras: [String], file: String) throws(RosterError) -> [CSVColumn] {
        var ceYears = Set<Int>(), asYears = Set<Int>()
        var maxRec = 0, maxPerf = 0
        for a in applicants {
            if let l = a.fields[CSVColumn.ceSlot].listValue {
                for item in l { if let y = item.objectValue?["year"]?.intValue { ceYears.insert(y) } }
            }
            if let l = a.fields[CSVColumn.assessmentSlot].listValue {
                for item in l { if let y = item.objectValue?["year"]?.intValue { asYears.insert(y) } }
            }
            maxRec = max(maxRec, a.fields[CSVColumn.recommenderSlot].listValue?.count ?? 0)
            maxPerf = max(maxPerf, a.fields[CSVColumn.performanceSlot].listValue?.count ?? 0)
        }
        var cols: [CSVColumn] = []
        for slot in slots {
            switch slot {
            case CSVColumn.ceSlot:
                cols.append(.count(slot))
                for y in ceYears.sorted() { for j in 1...3 { cols.append(.ce(year: y, sub: j)) } }
            case CSVColumn.assessmentSlot:
                cols.append(.count(slot))
                for y in asYears.sorted() { cols.append(.assessment(year: y)) }
            case CSVColumn.recommenderSlot:
                cols.append(.count(slot))
                if maxRec > 0 { for n in 1...maxRec { for j in CSVColumn.recommenderSubs.indices { cols.append(.recommender(n: n, sub: j)) } } }
            case CSVColumn.performanceSlot:
                cols.append(.count(slot))
                if maxPerf > 0 { for n in 1...maxPerf { for j in CSVColumn.performanceSubs.indices { cols.append(.performance(n: n, sub: j)) } } }
            case CSVColumn.photoSlot:
                for j in CSVColumn.photoSubs.indices { cols.append(.photo(sub: j)) }
            default:
                if CSVColumn.isListField(slot) { cols.append(.count(slot)) }
                cols.append(.field(slot))
            }
        }
        for k in extras { cols.append(.extra(k)) }
        return cols
    }

    /// Encodes all rows, handing the buffer to `sink` about every megabyte.
    func encode(_ applicants: some Collection<Applicant>, sink: (inout [UInt8]) throws(RosterError) -> Void,
                shouldCancel: () -> Bool, file: String) throws(RosterError) -> Int {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        let gb = format == .csv && options.encoding == .gb18030 ? GB18030Encoder(file: file) : nil
        /// Hands whole rows to `sink`, converted to GB18030 when asked.
        func emit(_ chunk: inout [UInt8]) throws(RosterError) {
            guard gb != nil else { return try sink(&chunk) }
            var converted = try gb!.convert(chunk)
            chunk.removeAll(keepingCapacity: true)
            try sink(&converted)
        }
        let chinese = options.labels == .chinese
        switch format {
        case .csv:
            if options.bom { out.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
            for (i, c) in columns.enumerated() {
                if i > 0 { out.append(options.separator) }
                appendCSVCell(c.name(chinese: chinese), to: &out)
            }
            out.append(0x0A)
        case .json:
            out.append(0x7B)
            if let y = options.year { out.append(contentsOf: "\"year\": \(y), ".utf8) }
            if let n = options.notice { out.append(contentsOf: "\"notice\": ".utf8); JSONWriter.appendString(n, to: &out); out.append(contentsOf: ", ".utf8) }
            out.append(contentsOf: "\"applicants\": [".utf8)
        case .jsonl, .xlsx:
            break
        }
        if gb != nil && options.bom { out.removeFirst(3) }   // no BOM in GB18030 files
        for (i, a) in applicants.enumerated() {
            if i % 1000 == 0 && i > 0 {
                if shouldCancel() { throw RosterError(file: file, message: "导出已取消，未写入文件") }
            }
            switch format {
            case .csv:
                try appendCSVRow(a, record: i + 1, to: &out, file: file)
            case .json:
                out.append(contentsOf: i == 0 ? [0x0A] : [0x2C, 0x0A])
                JSONWriter.appendApplicant(a, slots: slots, extras: extras, options: options, to: &out)
            case .jsonl, .xlsx:
                JSONWriter.appendApplicant(a, slots: slots, extras: extras, options: options, to: &out)
                out.append(0x0A)
            }
            if out.count >= 1 << 20 { try emit(&out) }
        }
        if shouldCancel() { throw RosterError(file: file, message: "导出已取消，未写入文件") }
        if format == .json { out.append(contentsOf: "\n]}\n".utf8) }
        try emit(&out)
        return applicants.count
    }

    // MARK: CSV

    func appendCSVCell(_ s: String, to out: inout [UInt8]) {
        let sep = options.separator
        let needsQuotes = s.utf8.contains { $0 == sep || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        if !needsQuotes { out.append(contentsOf: s.utf8); return }
        out.append(0x22)
        for c in s.utf8 {
            if c == 0x22 { out.append(0x22) }
            out.append(c)
        }
        out.append(0x22)
    }

    func cellText(_ v: Value) -> String { RosterExporter.plainCellText(v) }

    /// The value of every column of one row (CSV and XLSX layouts); count columns are `.int`.
    func rowValues(_ a: Applicant, record: Int, file: String) throws(RosterError) -> [Value] {
        // Index list items by year / position once per row.
        var ce: [Int: Record] = [:], asmt: [Int: Record] = [:]
        func flattenError(_ field: String, _ message: String) -> RosterError {
            RosterError(file: file, record: record, recordID: a.id, field: field, message: "无法展开为 CSV 列：" + message)
        }
        if let l = a.fields[CSVColumn.ceSlot].listValue {
            for item in l {
                guard let r = item.objectValue, let y = r["year"]?.intValue else { throw flattenError("continuing_education", "有一项没有年度") }
                if ce[y] != nil { throw flattenError("continuing_education", "年度 \(y) 出现两次") }
                if r.keys.allSatisfy({ $0 == "year" }) {
                    throw flattenError("continuing_education", "年度 \(y) 一项只有年度、没有学时（CSV 的 ce_\(y)_* 列无法表示）")
                }
                ce[y] = r
            }
        }
        if let l = a.fields[CSVColumn.assessmentSlot].listValue {
            for item in l {
                guard let r = item.objectValue, let y = r["year"]?.intValue else { throw flattenError("assessments", "有一项没有年度") }
                if asmt[y] != nil { throw flattenError("assessments", "年度 \(y) 出现两次") }
                asmt[y] = r
            }
        }
        var values: [Value] = []
        values.reserveCapacity(columns.count)
        for c in columns {
            let v: Value
            switch c {
            case .field(let s):
                var f = a.fields[s]
                // certificates, honors: one cell, items separated by `;`; an item holding a
                // separator would come back as two.
                if case .list(let items) = f, let bad = items.first(where: { $0.stringValue.map { $0.contains(";") || $0.contains("；") } ?? false }) {
                    throw flattenError(catalog.fields[s].key, "一项中含有分隔符 ; 或 ；（\(RosterError.quote(bad.stringValue ?? ""))），载入时会被拆成两项")
                }
                if options.mask, catalog.fields[s].isPersonal, case .string(let t) = f { f = .string(maskPersonal(t)) }
                v = f
            case .count(let s):
                v = a.fields[s].listValue.map { .int($0.count) } ?? .null
            case .ce(let y, let j):
                v = ce[y]?[CSVColumn.ceSubs[j].key] ?? .null
            case .assessment(let y):
                v = asmt[y]?["result"] ?? .null
            case .recommender(let n, let j):
                let items = a.fields[CSVColumn.recommenderSlot].listValue ?? []
                v = n <= items.count ? items[n - 1].objectValue?[CSVColumn.recommenderSubs[j].key] ?? .null : .null
            case .performance(let n, let j):
                let items = a.fields[CSVColumn.performanceSlot].listValue ?? []
                v = n <= items.count ? items[n - 1].objectValue?[CSVColumn.performanceSubs[j].key] ?? .null : .null
            case .photo(let j):
                v = a.fields[CSVColumn.photoSlot].objectValue?[CSVColumn.photoSubs[j].key] ?? .null
            case .extra(let k):
                v = a.extras[k] ?? .null
            }
            values.append(v)
        }
        return values
    }

    func appendCSVRow(_ a: Applicant, record: Int, to out: inout [UInt8], file: String) throws(RosterError) {
        for (i, v) in try rowValues(a, record: record, file: file).enumerated() {
            if i > 0 { out.append(options.separator) }
            appendCSVCell(cellText(v), to: &out)
        }
        out.append(0x0A)
    }

    // MARK: XLSX

    /// The whole workbook: one sheet 花名册 with the CSV layout of columns, headers as `labels` says.
    func workbook(_ applicants: some Collection<Applicant>, shouldCancel: () -> Bool, file: String) throws(RosterError) -> [UInt8] {
        let chinese = options.labels == .chinese
        let sheetColumns = columns.map { c -> XLSXColumn in
            let kind = XLSXRosterLoader.columnKind(c).0
            var isText = false, isDate = false
            if case .string? = kind { isText = true }
            if case .stringList? = kind { isText = true }
            if case .date? = kind { isDate = true }
            return XLSXColumn(header: c.name(chinese: chinese), isDate: isDate, isText: isText)
        }
        var rows: [[SpreadsheetCell]] = []
        rows.reserveCapacity(applicants.count)
        for (i, a) in applicants.enumerated() {
            if i % 1000 == 999, shouldCancel() { throw RosterError(file: file, message: "导出已取消，未写入文件") }
            rows.append(try rowValues(a, record: i + 1, file: file).map(spreadsheetCell))
        }
        if shouldCancel() { throw RosterError(file: file, message: "导出已取消，未写入文件") }
        return try xlsxBytes(sheetName: "花名册", columns: sheetColumns, rows: rows, file: file)
    }

}

/// Writes whole files that are not roster exports (`generate -o`, `report`, `record`, golden
/// transcripts, notebooks) the way `export` writes: through `.NAME.zcsh-tmp-PID` in the same
/// folder, `fsync` and `rename(2)`, so the target is the old file or the complete new one.
///
///     try AtomicFile.write(Array("count\n".utf8), to: "session.zcs")
///     // refused: "session.zcs: 文件已存在，未覆盖（要覆盖请加 --force）" when replace is false
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, replace: Bool = true) throws(RosterError) {
        _ = try SafeFile.write(path: path, force: replace) { (emit: (inout [UInt8]) throws(RosterError) -> Void) throws(RosterError) -> Int in
            var chunk = bytes
            try emit(&chunk)
            return 0
        }
    }

    public static func write(_ text: String, to path: String, replace: Bool = true) throws(RosterError) {
        try write(Array(text.utf8), to: path, replace: replace)
    }
}

/// Writes a file through a temp file in the same folder and `rename(2)`/`link(2)`: the target
/// is the old file or the complete new one, never a part. A failed write (disk full, file size
/// limit, read-only folder) removes the temp file and names the target. Only SIGKILL (or a
/// crash) mid-way can leave the temp file behind: `.NAME.zcsh-tmp-PID`, next to the target.
enum SafeFile {
    /// The system's reason for `errno`, in the notice's language where it is a common one.
    static func errnoText() -> String { reason(errno) }

    static func reason(_ e: Int32) -> String {
        switch e {
        case ENOSPC: return "磁盘空间不足"
        case EFBIG: return "超过文件大小限制"
        case EDQUOT: return "超出磁盘配额"
        case EACCES, EPERM: return "没有写入权限"
        case EROFS: return "只读文件系统"
        case EIO: return "输入输出错误"
        default: return String(cString: strerror(e))
        }
    }

    /// `.NAME.zcsh-tmp-PID` in the folder of `path` (`dir`, `base`: its folder and name).
    static func tempPath(dir: String, base: String) -> String {
        (dir == "/" ? "/" : dir + "/") + "." + base + ".zcsh-tmp-\(getpid())"
    }

    static func write(path given: String, force: Bool,
                      body: ((inout [UInt8]) throws(RosterError) -> Void) throws(RosterError) -> Int) throws(RosterError) -> Int {
        var path = given
        var st = stat()
        // A symbolic link is written through (the link stays); a device, pipe or socket is
        // refused: the temp-file-and-rename would replace it with a plain file.
        if lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK {
            guard let real = realpath(path, nil) else { throw RosterError(file: given, message: "符号链接指向不存在的位置") }
            path = String(cString: real)
            free(real)
        }
        if lstat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG, (st.st_mode & S_IFMT) != S_IFDIR {
            throw RosterError(file: given, message: "不是普通文件（设备、管道或套接字），不能导出到这里")
        }
        if lstat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { throw RosterError(file: path, message: "这是一个文件夹，不能写成文件") }
            if !force { throw RosterError(file: path, message: "文件已存在，未覆盖（要覆盖请加 --force）") }
        }
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        if base.isEmpty { throw RosterError(file: path, message: "缺少文件名") }
        var dst = stat()
        if stat(dir, &dst) != 0 || (dst.st_mode & S_IFMT) != S_IFDIR {
            throw RosterError(file: path, message: "文件夹不存在：\(dir)")
        }
        let tmp = tempPath(dir: dir, base: base)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw RosterError(file: path, message: "无法写入（\(errnoText())）") }
        var closed = false
        func cleanup() {
            if !closed { close(fd); closed = true }
            unlink(tmp)
        }
        let rows: Int
        do throws(RosterError) {
            rows = try body { (chunk: inout [UInt8]) throws(RosterError) in
                var done = 0
                while done < chunk.count {
                    let n = chunk.withUnsafeBytes { b in Glibc.write(fd, b.baseAddress! + done, b.count - done) }
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw RosterError(file: path, message: "写入失败（\(errnoText())），未写入")
                    }
                    // A regular file never takes 0 bytes of a non-empty write unless it cannot grow.
                    if n == 0 { throw RosterError(file: path, message: "写入失败（\(reason(ENOSPC))），未写入") }
                    done += n
                }
                chunk.removeAll(keepingCapacity: true)
            }
            if fsync(fd) != 0 && errno != EINVAL { throw RosterError(file: path, message: "写入失败（\(errnoText())），未写入") }
            closed = true
            if close(fd) != 0 { throw RosterError(file: path, message: "写入失败（\(errnoText())），未写入") }
        } catch {
            cleanup()
            throw error
        }
        if force {
            if rename(tmp, path) != 0 {
                let e = errnoText()
                unlink(tmp)
                throw RosterError(file: path, message: "无法写入（\(e)）")
            }
        } else {
            // link(2) refuses to replace a file that appeared meanwhile.
            if link(tmp, path) == 0 {
                unlink(tmp)
            } else if errno == EEXIST {
                unlink(tmp)
                throw RosterError(file: path, message: "文件已存在，未覆盖（要覆盖请加 --force）")
            } else if access(path, F_OK) != 0, rename(tmp, path) == 0 {
                // File systems without hard links.
            } else {
                let e = errnoText()
                unlink(tmp)
                throw RosterError(file: path, message: "无法写入（\(e)）")
            }
        }
        return rows
    }
}
