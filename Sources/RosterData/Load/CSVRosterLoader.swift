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

    enum CellNaming {
        case lineColumn
        /// `Row.line` is the worksheet row number and a column index is the sheet column (A = 1).
        case sheet(String)
    }

    /// One parsed row: its cells and the line it starts on.
    struct Row {
        var cells: [String]
        var line: Int
    }

    static func load(_ input: [UInt8], file: String, options: LoadOptions) throws(RosterError) -> JSONRosterLoader.Output {
        var bytes = input
        if bytes.isEmpty { throw RosterError(file: file, message: "文件为空") }
        let encoding: TextEncodingChoice
        if let forced = options.encoding {
            encoding = forced
        } else if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || String(validating: bytes, as: UTF8.self) != nil {
            encoding = .utf8
        } else {
            encoding = .gb18030
        }
        switch encoding {
        case .utf8:
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            if String(validating: bytes, as: UTF8.self) == nil {
                let off = bytes.withUnsafeBufferPointer { invalidUTF8Offset($0) }
                let (l, c) = position(bytes, off)
                throw RosterError(file: file, line: l, column: c, message: "不是有效的 UTF-8 编码" + (options.encoding == nil ? "" : "（指定了 utf8；GB18030 文件请用 --encoding gb18030）"))
            }
        case .gb18030:
            try EncodingCheck.checkNotMixed(bytes, file: file, forced: options.encoding == .gb18030)
            bytes = try decodeGB18030(bytes, file: file)
        }
        let sep = options.separator ?? sniffSeparator(bytes)
        let rows = try parseRows(bytes, separator: sep, file: file)
        var loader = CSVRosterLoader(file: file, typer: FieldTyper(catalog: options.catalog, lenient: options.lenient))
        return try loader.build(rows)
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

    /// RFC 4180 records. A quoted cell may hold separators, `""` and line breaks.
    static func parseRows(_ b: [UInt8], separator sep: UInt8, file: String) throws(RosterError) -> [Row] {
        var rows: [Row] = []
        var cells: [String] = []
        var line = 1
        var rowLine = 1
        var i = 0
        let n = b.count
        var cell: [UInt8] = []
        var lineStart = 0
        func column(_ at: Int) -> Int {
            var c = 1
            var j = lineStart
            while j < at { if b[j] & 0xC0 != 0x80 { c += 1 }; j += 1 }
            return c
        }
        while i <= n {
            // One cell.
            cell.removeAll(keepingCapacity: true)
            if i < n, b[i] == 0x22 {
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
            } else {
                while i < n, b[i] != sep, b[i] != 0x0A, b[i] != 0x0D { cell.append(b[i]); i += 1 }
            }
            cells.append(String(decoding: cell, as: UTF8.self))
            if i < n, b[i] == sep { i += 1; continue }
            // End of record.
            rows.append(Row(cells: cells, line: rowLine))
            if rows.count & 1023 == 0 { try LoadCancellation.check(file) }
            cells.removeAll(keepingCapacity: true)
            if i >= n { break }
            if b[i] == 0x0D { i += 1; if i < n, b[i] == 0x0A { i += 1 } } else { i += 1 }
            line += 1; lineStart = i; rowLine = line
            if i >= n { break }
        }
        return rows
    }

    // MARK: building applicants

    mutating func build(_ allRows: [Row]) throws(RosterError) -> JSONRosterLoader.Output {
        let rows = allRows.filter { !($0.cells.count == 1 && $0.cells[0].isEmpty) }
        guard let header = rows.first else { throw RosterError(file: file, message: "文件为空（没有表头行）") }
        let catalog = typer.catalog
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
        for (j, c) in columns.enumerated() where c == nil {
            if let r = rows.dropFirst().first(where: { j < $0.cells.count && !$0.cells[j].isEmpty }) {
                throw cellError(r.line, column: j + 1, value: r.cells[j], message: "表头为空的列中有数据（第 \(header.line) 行此列没有表头）")
            }
        }
        var maxRecommender = 0, maxPerformance = 0
        for c in columns {
            if case .recommender(let n, _)? = c { maxRecommender = max(maxRecommender, n) }
            if case .performance(let n, _)? = c { maxPerformance = max(maxPerformance, n) }
        }
        var out = JSONRosterLoader.Output()
        var idRecord: [String: Int] = [:]
        let ceSubs = CSVColumn.ceSubs, recSubs = CSVColumn.recommenderSubs, perfSubs = CSVColumn.performanceSubs
        let photoSubs = CSVColumn.photoSubs
        let resultKind = catalog.fields[CSVColumn.assessmentSlot].kind.subFields![1].kind
        for row in rows.dropFirst() {
            let record = out.applicants.count + 1
            if record & 1023 == 0 { try LoadCancellation.check(file) }
            if let first = row.cells.first, EncodingCheck.bomInRow(first) {
                throw cellError(row.line, column: 1, record: record,
                                message: "行首有字节顺序标记（BOM，U+FEFF）：文件可能由多个 CSV 拼接而成；请删去中间的 BOM 和重复的表头行")
            }
            if row.cells.count != columns.count {
                throw cellError(row.line, record: record,
                                  message: "列数不符：此行有 \(row.cells.count) 列，表头有 \(columns.count) 列")
            }
            var fields = [Value](repeating: .null, count: catalog.count)
            var extras = Record()
            var counts: [Int: (Int, Int)] = [:]   // slot → (count, column)
            var ce: [Int: [Value]] = [:]
            var asmt: [Int: Value] = [:]
            var recs: [Int: [Value]] = [:], perfs: [Int: [Value]] = [:]
            var photo: [Value] = Array(repeating: .null, count: photoSubs.count)
            let idCol = firstAt[.field(FieldCatalog.Slot.id)]
            let rawID = idCol.map { trimBlanks(row.cells[$0]) }
            let id = (rawID?.isEmpty ?? true) ? nil : rawID
            func fail(_ j: Int, _ p: TypingProblem, field: String?) -> RosterError {
                cellError(row.line, column: j + 1, record: record, recordID: id,
                            field: p.path ?? field, value: p.value, message: p.message)
            }
            for (j, col) in columns.enumerated() {
                guard let col else { continue }
                let cell = row.cells[j]
                do throws(TypingProblem) {
                    switch col {
                    case .field(let s):
                        let f = catalog.fields[s]
                        fields[s] = try typer.typeCell(cell, kind: f.kind, field: f.key, sub: nil, path: f.key)
                    case .count(let s):
                        let v = try typer.typeCell(cell, kind: .int, field: "count", sub: nil, path: header.cells[j])
                        if let c = v.intValue {
                            if c < 0 { throw TypingProblem(message: "数量不能为负数", value: cell, path: header.cells[j]) }
                            counts[s] = (c, j)
                        }
                    case .ce(let y, let k):
                        let path = "continuing_education[\(y)].\(ceSubs[k].key)"
                        let v = try typer.typeCell(cell, kind: ceSubs[k].kind, field: "continuing_education", sub: ceSubs[k].key, path: path)
                        if !v.isNull { ce[y, default: Array(repeating: .null, count: ceSubs.count)][k] = v }
                    case .assessment(let y):
                        let v = try typer.typeCell(cell, kind: resultKind, field: "assessments", sub: "result", path: "assessments[\(y)].result")
                        if !v.isNull { asmt[y] = v }
                    case .recommender(let n, let k):
                        let v = try typer.typeCell(cell, kind: recSubs[k].kind, field: "recommenders", sub: recSubs[k].key, path: "recommenders[\(n)].\(recSubs[k].key)")
                        if !v.isNull { recs[n, default: Array(repeating: .null, count: recSubs.count)][k] = v }
                    case .performance(let n, let k):
                        let v = try typer.typeCell(cell, kind: perfSubs[k].kind, field: "performance", sub: perfSubs[k].key, path: "performance[\(n)].\(perfSubs[k].key)")
                        if !v.isNull { perfs[n, default: Array(repeating: .null, count: perfSubs.count)][k] = v }
                    case .photo(let k):
                        photo[k] = try typer.typeCell(cell, kind: photoSubs[k].kind, field: "photo", sub: photoSubs[k].key, path: "photo.\(photoSubs[k].key)")
                    case .extra(let k):
                        if !cell.isEmpty { extras.keys.append(k); extras.values.append(.string(cell)) }
                    }
                } catch {
                    throw fail(j, error, field: col.slot.map { catalog.fields[$0].key })
                }
                if !typer.pendingWarnings.isEmpty {
                    for w in typer.pendingWarnings {
                        let key = w.path.replacingBrackets() + "\u{0}" + w.value
                        warnings.add(key: key, cellError(row.line, column: j + 1, record: record, recordID: id,
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
            recs = recs.filter { !isNothing($0.value) }
            perfs = perfs.filter { !isNothing($0.value) }
            if isNothing(photo) { photo = photo.map { _ in .null } }
            // Rebuild the flattened lists.
            func object(_ subs: [SubField], _ vals: [Value]) -> Value {
                var r = Record()
                for (s, v) in zip(subs, vals) where !v.isNull { r.keys.append(s.key); r.values.append(v) }
                return .object(r)
            }
            var built: [Int: [Value]] = [:]
            if !ce.isEmpty {
                built[CSVColumn.ceSlot] = ce.keys.sorted().map { y in var v = ce[y]!; v[0] = .int(y); return object(ceSubs, v) }
            }
            if !asmt.isEmpty {
                built[CSVColumn.assessmentSlot] = asmt.keys.sorted().map { y in object(CSVColumn.assessmentSubs, [.int(y), asmt[y]!]) }
            }
            if !recs.isEmpty { built[CSVColumn.recommenderSlot] = recs.keys.sorted().map { object(recSubs, recs[$0]!) } }
            if !perfs.isEmpty { built[CSVColumn.performanceSlot] = perfs.keys.sorted().map { object(perfSubs, perfs[$0]!) } }
            if photo.contains(where: { !$0.isNull }) { fields[CSVColumn.photoSlot] = object(photoSubs, photo) }
            for (slot, items) in built { fields[slot] = .list(items) }
            for (slot, (c, j)) in counts {
                // recommender_N_… / performance_N_…: a count N > 0 means items 1..N exist, an item
                // whose cells are all empty being an item with nothing known ({}); a filled item
                // beyond N is an error.
                let numbered: [Int: [Value]]? = slot == CSVColumn.recommenderSlot ? recs : slot == CSVColumn.performanceSlot ? perfs : nil
                if let numbered {
                    if let beyond = numbered.keys.filter({ $0 > c }).min() {
                        let f = catalog.fields[slot]
                        throw cellError(row.line, column: j + 1, record: record, recordID: id, field: f.key, value: String(c),
                                        message: "数量列与明细不符：\(f.label)_数量（\(f.key)_count）为 \(c)，但第 \(beyond) 项有数据（数量为 N 时只能填第 1–N 项）")
                    }
                    let widest = slot == CSVColumn.recommenderSlot ? maxRecommender : maxPerformance
                    if c > widest {
                        let f = catalog.fields[slot]
                        throw cellError(row.line, column: j + 1, record: record, recordID: id, field: f.key, value: String(c),
                                        message: "数量列与明细不符：\(f.label)_数量（\(f.key)_count）为 \(c)，但表头只有第 1–\(widest) 项的列")
                    }
                    let subs = slot == CSVColumn.recommenderSlot ? recSubs : perfSubs
                    fields[slot] = .list((0..<c).map { k in numbered[k + 1].map { object(subs, $0) } ?? .object(Record()) })
                    continue
                }
                let have = fields[slot].listValue?.count ?? 0
                if c != have {
                    throw cellError(row.line, column: j + 1, record: record, recordID: id,
                                      field: catalog.fields[slot].key, value: String(c),
                                      message: "数量列与明细不符：数量为 \(c)，明细列中有 \(have) 项")
                }
                if c == 0 { fields[slot] = .list([]) }
            }
            // Required fields and unique ids.
            guard let id else {
                throw cellError(row.line, column: idCol.map { $0 + 1 }, record: record, field: "id",
                                  message: idCol == nil ? "缺少必填列 id（申报编号）" : "缺少必填字段（申报编号不能为空）")
            }
            fields[FieldCatalog.Slot.id] = .string(id)
            guard case .string(let nm) = fields[FieldCatalog.Slot.name], !isBlank(nm) else {
                let nameCol = firstAt[.field(FieldCatalog.Slot.name)]
                throw cellError(row.line, column: nameCol.map { $0 + 1 }, record: record, recordID: id, field: "name",
                                  message: nameCol == nil ? "缺少必填列 name（姓名）" : "缺少必填字段（姓名不能为空）")
            }
            if let first = idRecord[id] {
                throw cellError(row.line, column: idCol.map { $0 + 1 }, record: record, recordID: id, field: "id",
                                  value: id, message: "申报编号重复：记录 #\(first) 与记录 #\(record) 相同")
            }
            idRecord[id] = record
            out.applicants.append(Applicant(fields: fields, extras: extras))
        }
        out.warnings = warnings.all
        return out
    }
}
