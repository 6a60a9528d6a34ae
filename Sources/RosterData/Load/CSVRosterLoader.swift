#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CSV rosters: RFC 4180 quoting, `,` `;` or tab, UTF-8 (BOM optional) or GB18030,
/// headers by key or Chinese label, list fields flattened as `roster-format.md` says.
struct CSVRosterLoader {
    let file: String
    let typer: FieldTyper
    var warnings = WarningCollector()
    /// How errors name a cell: CSV `line:column`, or a worksheet's cell reference.
    var naming = CellNaming.lineColumn
    /// Per slot, whether its common cells go straight into a column (`putDirect`); worked out
    /// at the first record.
    var direct: [JSONRosterLoader.DirectRead] = []
    /// Per slot, the enum matcher of `direct`'s `.vocabulary` slots.
    var matchers: [EnumMatcher?] = []
    /// Slots whose value is only final once the whole row is read — the id (trimmed), the name
    /// (checked), and every list or object field (made of several columns, or checked against a
    /// `…_count` column): kept in the row's `fields`, written last.
    static let deferred: [Bool] = FieldCatalog.types.fields.indices.map { s in
        switch FieldCatalog.types.fields[s].kind {
        case .stringList, .objectList, .object: return true
        default: return s == FieldCatalog.Slot.id || s == FieldCatalog.Slot.name
        }
    }

    enum CellNaming {
        case lineColumn
        /// `Row.line` is the worksheet row number and a column index is the sheet column (A = 1).
        case sheet(String)
    }

    /// One parsed row: its cells and the line it starts on.
    struct Row: Sendable {
        var cells: [String]
        var line: Int
    }

    static func load(_ input: [UInt8], file: String, options: LoadOptions) throws(RosterError) -> JSONRosterLoader.Output {
        var bytes = input
        if bytes.isEmpty { throw RosterError(file: file, message: "文件为空") }
        let encoding: TextEncodingChoice
        // Where the bytes first fail to be UTF-8 (nil: they are UTF-8), once checked.
        var invalid: Int? = nil
        if let forced = options.encoding {
            encoding = forced
        } else if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            encoding = .utf8
        } else {
            invalid = firstInvalidUTF8(bytes)
            encoding = invalid == nil ? .utf8 : .gb18030
        }
        switch encoding {
        case .utf8:
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                bytes.removeFirst(3)
                invalid = firstInvalidUTF8(bytes)
            } else if options.encoding != nil {
                invalid = firstInvalidUTF8(bytes)
            }
            if let off = invalid {
                let (l, c) = position(bytes, off)
                throw RosterError(file: file, line: l, column: c, message: "不是有效的 UTF-8 编码" + (options.encoding == nil ? "" : "（指定了 utf8；GB18030 文件请用 --encoding gb18030）"))
            }
        case .gb18030:
            try EncodingCheck.checkNotMixed(bytes, file: file, forced: options.encoding == .gb18030)
            bytes = try decodeGB18030(bytes, file: file)
            // What iconv wrote is UTF-8; checked all the same, as `stream` requires.
            if let off = firstInvalidUTF8(bytes) {
                throw RosterError(file: file, message: "GB18030 转码结果不是有效的 UTF-8（第 \(off) 字节）")
            }
        }
        let sep = options.separator ?? sniffSeparator(bytes)
        return try stream(bytes, separator: sep, file: file, catalog: options.catalog, lenient: options.lenient,
                          parallelAbove: options.parallelAbove)
    }

    /// Applicants from an already-split grid of text cells, such as an Excel worksheet mapped to
    /// text: `rows[0]` is the header, each row carries its worksheet row number in `line`, and errors
    /// name cells by reference (`工作表 Sheet1 单元格 C5`) instead of line:column. Rows must be as wide
    /// as the header (pad with ""), and rows with no data left out.
    static func load(grid rows: [Row], file: String, sheet: String, catalog: FieldCatalog, lenient: Bool) throws(RosterError) -> JSONRosterLoader.Output {
        var loader = CSVRosterLoader(file: file, typer: FieldTyper(catalog: catalog, lenient: lenient))
        loader.naming = .sheet(sheet)
        return try loader.build(rows)
    }

    /// An error at `line` (a CSV line or worksheet row) and 1-based `column`, named the way the
    /// file names places.
    func cellError(_ line: Int, column: Int? = nil, record: Int? = nil, recordID: String? = nil, field: String? = nil,
                   value: String? = nil, message: String) -> RosterError {
        switch naming {
        case .lineColumn:
            return RosterError(file: file, line: line, column: column, record: record, recordID: recordID,
                               field: field, value: value, message: message)
        case .sheet(let name):
            let place = column.map { "工作表 \(name) 单元格 \(SpreadsheetGrid.reference(row: line - 1, column: $0 - 1))" }
                ?? "工作表 \(name) 第 \(line) 行"
            return RosterError(file: file, record: record, recordID: recordID, field: field, value: value,
                               message: message, place: place)
        }
    }

    static func position(_ b: [UInt8], _ off: Int) -> (Int, Int) {
        b.withUnsafeBufferPointer { buf in
            var li = LineIndex(buf.baseAddress!, count: buf.count)
            return li.locate(off)
        }
    }

    static func decodeGB18030(_ bytes: [UInt8], file: String) throws(RosterError) -> [UInt8] {
        let cd = iconv_open("UTF-8", "GB18030")
        if cd == iconv_t(bitPattern: -1) { throw RosterError(file: file, message: "本机不支持 GB18030 转码（iconv）") }
        defer { iconv_close(cd) }
        var (out, failure) = iconvConvert(cd, bytes)
        if let failedAt = failure {
            let (l, c) = position(bytes, failedAt)
            throw RosterError(file: file, line: l, column: c, message: "既不是有效的 UTF-8 也不是有效的 GB18030 编码")
        }
        if out.starts(with: [0xEF, 0xBB, 0xBF]) { out.removeFirst(3) }
        return out
    }

    /// The most frequent of `,` `;` tab on the first line (outside quotes); `,` on a tie.
    static func sniffSeparator(_ b: [UInt8]) -> UInt8 {
        var counts: [UInt8: Int] = [0x2C: 0, 0x3B: 0, 0x09: 0]
        var inQuotes = false
        for c in b {
            if c == 0x22 { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if c == 0x0A || c == 0x0D { break }
            if counts[c] != nil { counts[c]! += 1 }
        }
        var best: UInt8 = 0x2C
        for c: UInt8 in [0x3B, 0x09] where counts[c]! > counts[best]! { best = c }
        return best
    }

    /// RFC 4180 records, one at a time, from `b[i..<end]`, which must be valid UTF-8 (the
    /// loader checks the whole file first): cells are cut at ASCII bytes and not checked again. A quoted cell may hold separators,
    /// `""` and line breaks; a `"` inside an unquoted cell is an ordinary character.
    struct RowReader {
        let b: UnsafeBufferPointer<UInt8>
        let sep: UInt8
        let file: String
        let n: Int
        var i: Int
        /// The line `i` is on, and where that line starts (for columns in errors).
        var line: Int
        var lineStart: Int
        var cell: [UInt8] = []
        var done = false

        init(_ b: UnsafeBufferPointer<UInt8>, from: Int, to end: Int, line: Int, separator: UInt8, file: String) {
            self.b = b; self.i = from; self.n = end; self.line = line; self.lineStart = from
            self.sep = separator; self.file = file
        }

        func column(_ at: Int) -> Int {
            var c = 1
            var j = lineStart
            while j < at { if b[j] & 0xC0 != 0x80 { c += 1 }; j += 1 }
            return c
        }

        /// The next record's cells (into `cells`, reused) and the line it starts on; nil at the end.
        mutating func next(_ cells: inout [String]) throws(RosterError) -> Int? {
            if done { return nil }
            cells.removeAll(keepingCapacity: true)
            let rowLine = line
            while true {
                if i < n, b[i] == 0x22 {
                    cell.removeAll(keepingCapacity: true)
                    let openLine = line, openCol = column(i)
                    i += 1
                    var closed = false
                    while i < n {
                        let c = b[i]
                        if c == 0x22 {
                            if i + 1 < n, b[i + 1] == 0x22 { cell.append(0x22); i += 2; continue }
                            i += 1; closed = true; break
                        }
                        if c == 0x0A { line += 1; lineStart = i + 1 }
                        cell.append(c); i += 1
                    }
                    if !closed {
                        throw RosterError(file: file, line: openLine, column: openCol, message: "引号没有闭合（单元格以 \" 开始但没有结束的 \"）")
                    }
                    if i < n, b[i] != sep, b[i] != 0x0A, b[i] != 0x0D {
                        throw RosterError(file: file, line: line, column: column(i), message: "结束引号后应为分隔符或换行")
                    }
                    cells.append(cell.withUnsafeBufferPointer { stringOfCheckedUTF8($0) })
                } else {
                    let s = i
                    while i < n, b[i] != sep, b[i] != 0x0A, b[i] != 0x0D { i += 1 }
                    cells.append(s == i ? "" : stringOfCheckedUTF8(UnsafeBufferPointer(rebasing: b[s..<i])))
                }
                if i < n, b[i] == sep { i += 1; continue }
                // End of record.
                if i >= n { done = true; return rowLine }
                if b[i] == 0x0D { i += 1; if i < n, b[i] == 0x0A { i += 1 } } else { i += 1 }
                line += 1; lineStart = i
                if i >= n { done = true }
                return rowLine
            }
        }
    }

    /// A row that holds nothing (a blank line, or one empty quoted cell) is no record.
    static func isEmptyRow(_ cells: [String]) -> Bool { cells.count == 1 && cells[0].isEmpty }

    /// Files of at least this many bytes are read on two threads.
    package static let parallelThreshold = 4 << 20

    /// Where the second thread starts: the end of the first record that ends at or after the
    /// middle of the file, with the line it starts on and how many records (non-empty rows,
    /// the header included) come before it. Follows `RowReader`'s quoting and line counting
    /// exactly; nil when the first half is malformed (the sequential read then reports it) or
    /// no record ends after the middle.
    static func splitPoint(_ b: UnsafeBufferPointer<UInt8>, separator sep: UInt8) -> (offset: Int, line: Int, rows: Int)? {
        let n = b.count
        let middle = n / 2
        var i = 0, line = 1, rows = 0
        var rowBytes = 0          // bytes of the current row other than an empty quoted cell
        var cellsInRow = 1
        while i < n {
            // One cell.
            if b[i] == 0x22 {
                let open = i
                i += 1
                var closed = false
                while i < n {
                    let c = b[i]
                    if c == 0x22 {
                        if i + 1 < n, b[i + 1] == 0x22 { i += 2; continue }
                        i += 1; closed = true; break
                    }
                    if c == 0x0A { line += 1 }
                    i += 1
                }
                if !closed { return nil }
                if i < n, b[i] != sep, b[i] != 0x0A, b[i] != 0x0D { return nil }
                if i - open > 2 { rowBytes += 1 }
            } else {
                let s = i
                while i < n, b[i] != sep, b[i] != 0x0A, b[i] != 0x0D { i += 1 }
                rowBytes += i - s
            }
            if i < n, b[i] == sep { i += 1; cellsInRow += 1; continue }
            if i >= n { return nil }
            if b[i] == 0x0D { i += 1; if i < n, b[i] == 0x0A { i += 1 } } else { i += 1 }
            line += 1
            if cellsInRow > 1 || rowBytes > 0 { rows += 1 }
            rowBytes = 0; cellsInRow = 1
            if i >= middle { return i < n && rows > 0 ? (i, line, rows) : nil }
        }
        return nil
    }

    /// One thread's share: the records of `b[from..<to]`, numbered from `firstRecord`, ids
    /// checked within the share. A failure keeps what came before it, so the caller can tell
    /// which error a sequential read would have met first.
    struct Share: Sendable {
        var applicants = ApplicantTable()
        var warnings = WarningCollector()
        /// The line each applicant starts on (an id repeated across shares is reported there).
        var lines: [Int] = []
        var error: RosterError? = nil
    }

    static func readShare(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int, line: Int, firstRecord: Int,
                          layout given: Layout?, separator: UInt8, file: String, catalog: FieldCatalog, lenient: Bool) -> Share {
        var loader = CSVRosterLoader(file: file, typer: FieldTyper(catalog: catalog, lenient: lenient))
        var reader = RowReader(b, from: from, to: to, line: line, separator: separator, file: file)
        var share = Share()
        var cells: [String] = []
        var ids: [String: Int] = [:]
        var layout = given
        var record = firstRecord
        do throws(RosterError) {
            while let rowLine = try reader.next(&cells) {
                if isEmptyRow(cells) { continue }
                guard let lay = layout else {
                    layout = try loader.makeLayout(Row(cells: cells, line: rowLine))
                    continue
                }
                if record & 1023 == 0 { try LoadCancellation.check(file) }
                try loader.applicant(cells, line: rowLine, record: record, layout: lay, ids: &ids, into: &share.applicants)
                share.lines.append(rowLine)
                record += 1
            }
            if layout == nil { throw RosterError(file: file, message: "文件为空（没有表头行）") }
        } catch {
            share.error = error
        }
        share.warnings = loader.warnings
        return share
    }

    /// Reads and types records as they are split (no table of every row's text is kept), on
    /// two threads for a big file. The result and the first error are exactly a sequential
    /// read's: the second thread's share counts lines and records from a quote-aware pre-scan
    /// of the first half, and an id it shares with the first half, or an error of the first
    /// half, comes first.
    static func stream(_ bytes: [UInt8], separator sep: UInt8, file: String, catalog: FieldCatalog, lenient: Bool,
                       parallelAbove: Int = parallelThreshold) throws(RosterError) -> JSONRosterLoader.Output {
        let split: (offset: Int, line: Int, rows: Int)?
        if !lenient, bytes.count >= parallelAbove {
            split = bytes.withUnsafeBufferPointer { splitPoint($0, separator: sep) }
        } else {
            split = nil
        }
        guard let split else {
            let share = bytes.withUnsafeBufferPointer {
                readShare($0, from: 0, to: $0.count, line: 1, firstRecord: 1, layout: nil, separator: sep,
                          file: file, catalog: catalog, lenient: lenient)
            }
            if let e = share.error { throw e }
            var out = JSONRosterLoader.Output()
            out.applicants = share.applicants
            out.warnings = share.warnings.all
            return out
        }
        // The header comes first: read it alone so that the second share types cells by it.
        let header = bytes.withUnsafeBufferPointer { b -> Result<Layout, RosterError> in
            let loader = CSVRosterLoader(file: file, typer: FieldTyper(catalog: catalog, lenient: lenient))
            var reader = RowReader(b, from: 0, to: split.offset, line: 1, separator: sep, file: file)
            var cells: [String] = []
            do throws(RosterError) {
                while let rowLine = try reader.next(&cells) {
                    if isEmptyRow(cells) { continue }
                    return .success(try loader.makeLayout(Row(cells: cells, line: rowLine)))
                }
                return .failure(RosterError(file: file, message: "文件为空（没有表头行）"))
            } catch { return .failure(error) }
        }
        let layout: Layout
        switch header {
        case .success(let l): layout = l
        case .failure(let e): throw e
        }
        let second = Background { () -> Share in
            bytes.withUnsafeBufferPointer { b in
                readShare(b, from: split.offset, to: b.count, line: split.line, firstRecord: split.rows,
                          layout: layout, separator: sep, file: file, catalog: catalog, lenient: lenient)
            }
        }
        let first = bytes.withUnsafeBufferPointer { b in
            readShare(b, from: 0, to: split.offset, line: 1, firstRecord: 1, layout: nil, separator: sep,
                      file: file, catalog: catalog, lenient: lenient)
        }
        let rest = second.wait()
        if let e = first.error { throw e }
        // Ids of the second share against the first, in order, up to the second's own error.
        var ids: [String: Int] = [:]
        ids.reserveCapacity(first.applicants.count)
        for k in 0..<first.applicants.count { ids[first.applicants.id(k)] = k + 1 }
        var loader = CSVRosterLoader(file: file, typer: FieldTyper(catalog: catalog, lenient: lenient))
        for k in 0..<rest.applicants.count {
            let id = rest.applicants.id(k)
            if let earlier = ids[id] {
                let record = first.applicants.count + k + 1
                throw loader.duplicate(id: id, first: earlier, record: record, line: rest.lines[k], layout: layout)
            }
        }
        if let e = rest.error { throw e }
        var out = JSONRosterLoader.Output()
        out.applicants = first.applicants
        out.applicants.append(contentsOf: rest.applicants)
        loader.warnings = first.warnings
        loader.warnings.merge(rest.warnings)
        out.warnings = loader.warnings.all
        return out
    }

    // MARK: building applicants

    /// What every row needs from the header, worked out once: each column's meaning and the
    /// path its typing errors name.
    struct Layout: Sendable {
        let header: Row
        let columns: [CSVColumn?]
        let paths: [String]
        let firstAt: [CSVColumn: Int]
        let maxRecommender: Int
        let maxPerformance: Int
        /// Continuing-education years and assessment years of the header, in order, and each
        /// column's index among them.
        let ceYears: [Int]
        let assessmentYears: [Int]
        let yearIndex: [Int]
        var idCol: Int? { firstAt[.field(FieldCatalog.Slot.id)] }
        var nameCol: Int? { firstAt[.field(FieldCatalog.Slot.name)] }
    }

    func makeLayout(_ header: Row) throws(RosterError) -> Layout {
        var columns: [CSVColumn?] = []
        var firstAt: [CSVColumn: Int] = [:]
        for (j, h) in header.cells.enumerated() {
            if trimBlanks(h).isEmpty { columns.append(nil); continue }
            switch CSVColumn.parse(h) {
            case .failure(let p):
                throw cellError(header.line, column: j + 1, value: h, message: p.message)
            case .success(let c):
                if let k = firstAt[c] {
                    throw cellError(header.line, column: j + 1, value: h,
                                      message: "列重复：与第 \(k + 1) 列“\(RosterError.quote(header.cells[k]))”是同一字段")
                }
                firstAt[c] = j
                columns.append(c)
            }
        }
        var maxRecommender = 0, maxPerformance = 0
        var ceYears: [Int] = [], asYears: [Int] = []
        for c in columns {
            switch c {
            case .recommender(let n, _)?: maxRecommender = max(maxRecommender, n)
            case .performance(let n, _)?: maxPerformance = max(maxPerformance, n)
            case .ce(let y, _)?: if !ceYears.contains(y) { ceYears.append(y) }
            case .assessment(let y)?: if !asYears.contains(y) { asYears.append(y) }
            default: break
            }
        }
        ceYears.sort(); asYears.sort()
        let catalog = typer.catalog
        let ceSubs = CSVColumn.ceSubs, recSubs = CSVColumn.recommenderSubs, perfSubs = CSVColumn.performanceSubs
        var paths: [String] = [], yearIndex: [Int] = []
        for (j, c) in columns.enumerated() {
            var yi = -1
            switch c {
            case nil: paths.append("")
            case .field(let s)?: paths.append(catalog.fields[s].key)
            case .count?: paths.append(header.cells[j])
            case .ce(let y, let k)?: paths.append("continuing_education[\(y)].\(ceSubs[k].key)"); yi = ceYears.firstIndex(of: y)!
            case .assessment(let y)?: paths.append("assessments[\(y)].result"); yi = asYears.firstIndex(of: y)!
            case .recommender(let n, let k)?: paths.append("recommenders[\(n)].\(recSubs[k].key)")
            case .performance(let n, let k)?: paths.append("performance[\(n)].\(perfSubs[k].key)")
            case .photo(let k)?: paths.append("photo.\(CSVColumn.photoSubs[k].key)")
            case .extra(let k)?: paths.append(k)
            }
            yearIndex.append(yi)
        }
        return Layout(header: header, columns: columns, paths: paths, firstAt: firstAt,
                      maxRecommender: maxRecommender, maxPerformance: maxPerformance,
                      ceYears: ceYears, assessmentYears: asYears, yearIndex: yearIndex)
    }

    /// Applicants from rows already split (a worksheet's grid): the same typing as a CSV file.
    mutating func build(_ allRows: [Row]) throws(RosterError) -> JSONRosterLoader.Output {
        let rows = allRows.filter { !CSVRosterLoader.isEmptyRow($0.cells) }
        guard let header = rows.first else { throw RosterError(file: file, message: "文件为空（没有表头行）") }
        let layout = try makeLayout(header)
        var out = JSONRosterLoader.Output()
        var ids: [String: Int] = [:]
        for row in rows.dropFirst() {
            let record = out.applicants.count + 1
            if record & 1023 == 0 { try LoadCancellation.check(file) }
            try applicant(row.cells, line: row.line, record: record, layout: layout, ids: &ids, into: &out.applicants)
        }
        out.warnings = warnings.all
        return out
    }

    func duplicate(id: String, first: Int, record: Int, line: Int, layout: Layout) -> RosterError {
        cellError(line, column: layout.idCol.map { $0 + 1 }, record: record, recordID: id, field: "id",
                  value: id, message: "申报编号重复：记录 #\(first) 与记录 #\(record) 相同")
    }

    /// One record's cells typed into an applicant; `ids` (id → record) catches a repeated id.
    /// One record's cells typed and appended to `table` as row `table.count`; `ids` (id →
    /// record) catches a repeated id. On an error the table is left with a half-written row
    /// (callers throw it away).
    mutating func applicant(_ cells: [String], line: Int, record: Int, layout: Layout, ids: inout [String: Int],
                            into table: inout ApplicantTable) throws(RosterError) {
        let catalog = typer.catalog
        if direct.isEmpty {
            let plans = catalog.jsonPlans
            direct = plans.indices.map { s in CSVRosterLoader.deferred[s] ? .none : JSONRosterLoader.DirectRead.of(slot: s, plan: plans[s]) }
            matchers = plans.map(\.matcher)
        }
        var written = [Bool](repeating: false, count: catalog.count)
        let columns = layout.columns
        let ceSubs = CSVColumn.ceSubs, recSubs = CSVColumn.recommenderSubs, perfSubs = CSVColumn.performanceSubs
        let photoSubs = CSVColumn.photoSubs
        let resultKind = catalog.fields[CSVColumn.assessmentSlot].kind.subFields![1].kind
        if let first = cells.first, EncodingCheck.bomInRow(first) {
            throw cellError(line, column: 1, record: record,
                            message: "行首有字节顺序标记（BOM，U+FEFF）：文件可能由多个 CSV 拼接而成；请删去中间的 BOM 和重复的表头行")
        }
        if cells.count != columns.count {
            throw cellError(line, record: record,
                              message: "列数不符：此行有 \(cells.count) 列，表头有 \(columns.count) 列")
        }
        var fields = [Value](repeating: .null, count: catalog.count)
        var extras = Record()
        var counts: [(slot: Int, count: Int, column: Int)] = []
        var ce: [[Value]?] = Array(repeating: nil, count: layout.ceYears.count)
        var asmt: [Value?] = Array(repeating: nil, count: layout.assessmentYears.count)
        var recs: [Int: [Value]] = [:], perfs: [Int: [Value]] = [:]
        var photo: [Value]? = nil
        let idCol = layout.idCol
        let rawID = idCol.map { trimBlanks(cells[$0]) }
        let id = (rawID?.isEmpty ?? true) ? nil : rawID
        func fail(_ j: Int, _ p: TypingProblem, field: String?) -> RosterError {
            cellError(line, column: j + 1, record: record, recordID: id,
                        field: p.path ?? field, value: p.value, message: p.message)
        }
        for (j, col) in columns.enumerated() {
            let cell = cells[j]
            guard let col else {
                if !cell.isEmpty {
                    throw cellError(line, column: j + 1, value: cell, message: "表头为空的列中有数据（第 \(layout.header.line) 行此列没有表头）")
                }
                continue
            }
            let path = layout.paths[j]
            do throws(TypingProblem) {
                switch col {
                case .field(let s):
                    if CSVRosterLoader.deferred[s] {
                        let f = catalog.fields[s]
                        fields[s] = try typer.typeCell(cell, kind: f.kind, field: f.key, sub: nil, path: path)
                    } else {
                        if !putDirect(cell, slot: s, table: &table) {
                            let f = catalog.fields[s]
                            table.put(slot: s, try typer.typeCell(cell, kind: f.kind, field: f.key, sub: nil, path: path))
                        }
                        written[s] = true
                    }
                case .count(let s):
                    let v = try typer.typeCell(cell, kind: .int, field: "count", sub: nil, path: path)
                    if let c = v.intValue {
                        if c < 0 { throw TypingProblem(message: "数量不能为负数", value: cell, path: path) }
                        counts.removeAll { $0.slot == s }
                        counts.append((s, c, j))
                    }
                case .ce(_, let k):
                    let v = try typer.typeCell(cell, kind: ceSubs[k].kind, field: "continuing_education", sub: ceSubs[k].key, path: path)
                    if !v.isNull {
                        let y = layout.yearIndex[j]
                        if ce[y] == nil { ce[y] = Array(repeating: .null, count: ceSubs.count) }
                        ce[y]![k] = v
                    }
                case .assessment:
                    let v = try typer.typeCell(cell, kind: resultKind, field: "assessments", sub: "result", path: path)
                    if !v.isNull { asmt[layout.yearIndex[j]] = v }
                case .recommender(let n, let k):
                    let v = try typer.typeCell(cell, kind: recSubs[k].kind, field: "recommenders", sub: recSubs[k].key, path: path)
                    if !v.isNull { recs[n, default: Array(repeating: .null, count: recSubs.count)][k] = v }
                case .performance(let n, let k):
                    let v = try typer.typeCell(cell, kind: perfSubs[k].kind, field: "performance", sub: perfSubs[k].key, path: path)
                    if !v.isNull { perfs[n, default: Array(repeating: .null, count: perfSubs.count)][k] = v }
                case .photo(let k):
                    let v = try typer.typeCell(cell, kind: photoSubs[k].kind, field: "photo", sub: photoSubs[k].key, path: path)
                    if !v.isNull {
                        if photo == nil { photo = Array(repeating: .null, count: photoSubs.count) }
                        photo![k] = v
                    }
                case .extra(let k):
                    if !cell.isEmpty { extras.keys.append(k); extras.values.append(.string(cell)) }
                }
            } catch {
                throw fail(j, error, field: col.slot.map { catalog.fields[$0].key })
            }
            if !typer.pendingWarnings.isEmpty {
                for w in typer.pendingWarnings {
                    let key = w.path.replacingBrackets() + "\u{0}" + w.value
                    warnings.add(key: key, cellError(line, column: j + 1, record: record, recordID: id,
                                                       field: w.path, value: w.value, message: w.message))
                }
                typer.pendingWarnings.removeAll()
            }
        }
        // An item whose cells are all empty or blank is no item (within a count N, an item
        // with nothing known): padding spaces in an office export must not make a project,
        // an expert or a re-uploaded photo out of nothing.
        func isNothing(_ vals: [Value]) -> Bool {
            vals.allSatisfy { v in if case .string(let t) = v { return isBlank(t) } else { return v.isNull } }
        }
        if !recs.isEmpty { recs = recs.filter { !isNothing($0.value) } }
        if !perfs.isEmpty { perfs = perfs.filter { !isNothing($0.value) } }
        if let p = photo, isNothing(p) { photo = nil }
        // Rebuild the flattened lists.
        func object(_ subs: [SubField], _ vals: [Value]) -> Value {
            var r = Record()
            r.keys.reserveCapacity(vals.count); r.values.reserveCapacity(vals.count)
            for (s, v) in zip(subs, vals) where !v.isNull { r.keys.append(s.key); r.values.append(v) }
            return .object(r)
        }
        var ceItems: [Value] = []
        for (y, vals) in zip(layout.ceYears, ce) {
            guard var v = vals else { continue }
            v[0] = .int(y)
            ceItems.append(object(ceSubs, v))
        }
        if !ceItems.isEmpty { fields[CSVColumn.ceSlot] = .list(ceItems) }
        var asItems: [Value] = []
        for (y, v) in zip(layout.assessmentYears, asmt) {
            if let v { asItems.append(object(CSVColumn.assessmentSubs, [.int(y), v])) }
        }
        if !asItems.isEmpty { fields[CSVColumn.assessmentSlot] = .list(asItems) }
        if !recs.isEmpty { fields[CSVColumn.recommenderSlot] = .list(recs.keys.sorted().map { object(recSubs, recs[$0]!) }) }
        if !perfs.isEmpty { fields[CSVColumn.performanceSlot] = .list(perfs.keys.sorted().map { object(perfSubs, perfs[$0]!) }) }
        if let photo { fields[CSVColumn.photoSlot] = object(photoSubs, photo) }
        for (slot, c, j) in counts.sorted(by: { $0.slot < $1.slot }) {
            // recommender_N_… / performance_N_…: a count N > 0 means items 1..N exist, an item
            // whose cells are all empty being an item with nothing known ({}); a filled item
            // beyond N is an error.
            let numbered: [Int: [Value]]? = slot == CSVColumn.recommenderSlot ? recs : slot == CSVColumn.performanceSlot ? perfs : nil
            if let numbered {
                if let beyond = numbered.keys.filter({ $0 > c }).min() {
                    let f = catalog.fields[slot]
                    throw cellError(line, column: j + 1, record: record, recordID: id, field: f.key, value: String(c),
                                    message: "数量列与明细不符：\(f.label)_数量（\(f.key)_count）为 \(c)，但第 \(beyond) 项有数据（数量为 N 时只能填第 1–N 项）")
                }
                let widest = slot == CSVColumn.recommenderSlot ? layout.maxRecommender : layout.maxPerformance
                if c > widest {
                    let f = catalog.fields[slot]
                    throw cellError(line, column: j + 1, record: record, recordID: id, field: f.key, value: String(c),
                                    message: "数量列与明细不符：\(f.label)_数量（\(f.key)_count）为 \(c)，但表头只有第 1–\(widest) 项的列")
                }
                let subs = slot == CSVColumn.recommenderSlot ? recSubs : perfSubs
                fields[slot] = .list((0..<c).map { k in numbered[k + 1].map { object(subs, $0) } ?? .object(Record()) })
                continue
            }
            let have = fields[slot].listValue?.count ?? 0
            if c != have {
                throw cellError(line, column: j + 1, record: record, recordID: id,
                                  field: catalog.fields[slot].key, value: String(c),
                                  message: "数量列与明细不符：数量为 \(c)，明细列中有 \(have) 项")
            }
            if c == 0 { fields[slot] = .list([]) }
        }
        // Required fields and unique ids.
        guard let id else {
            throw cellError(line, column: idCol.map { $0 + 1 }, record: record, field: "id",
                              message: idCol == nil ? "缺少必填列 id（申报编号）" : "缺少必填字段（申报编号不能为空）")
        }
        fields[FieldCatalog.Slot.id] = .string(id)
        guard case .string(let nm) = fields[FieldCatalog.Slot.name], !isBlank(nm) else {
            let nameCol = layout.nameCol
            throw cellError(line, column: nameCol.map { $0 + 1 }, record: record, recordID: id, field: "name",
                              message: nameCol == nil ? "缺少必填列 name（姓名）" : "缺少必填字段（姓名不能为空）")
        }
        if let first = ids[id] {
            throw duplicate(id: id, first: first, record: record, line: line, layout: layout)
        }
        ids[id] = record
        for slot in 0..<catalog.count where !written[slot] { table.put(slot: slot, fields[slot]) }
        table.endRow(extras: extras)
    }

    /// A cell in the common form written straight into its column, as `typeCell` would type
    /// it: an enum value spelled as the vocabulary has it (or one of its aliases), a
    /// `YYYY-MM-DD` date, `true`/`false`/`是`/`否`. False, having written nothing, otherwise.
    @inline(__always)
    func putDirect(_ cell: String, slot: Int, table: inout ApplicantTable) -> Bool {
        var cell = cell
        switch direct[slot] {
        case .vocabulary(let k):
            guard let i = cell.withUTF8({ b in b.isEmpty ? nil : matchers[slot]?.table.lookup(b.baseAddress!, b.count) }) else { return false }
            if !table.coded[k].append(knownVocabulary: i) { table.coded[k].append(vocabulary: i, matchers[slot]!.values[i]) }
            return true
        case .date(let k):
            guard let d = cell.withUTF8({ b in b.count == 10 ? isoDate(b.baseAddress!) : nil }) else { return false }
            table.coded[k].append(day: d)
            return true
        case .bool(let k):
            switch cell {
            case "true", "是": table.coded[k].append(bool: true)
            case "false", "否": table.coded[k].append(bool: false)
            default: return false
            }
            return true
        default:
            return false
        }
    }
}
