#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses JSON and JSON Lines rosters straight from UTF-8 bytes into typed applicants.
struct JSONRosterLoader {
    let file: String
    let typer: FieldTyper
    let keys = KeyTable.standard
    let catalog: FieldCatalog
    /// How to read each slot, enum values from `catalog`.
    let plans: [FieldPlan]
    /// Per slot, whether and where its common values go straight into a column.
    let direct: [DirectRead]
    var lines: LineIndex
    var warnings = WarningCollector()
    /// Per slot: the record number that last gave it (duplicate-key check).
    var stamp: [Int]
    var idRecord: [String: Int] = [:]
    /// Scratch of `readRecordList`: the items of the list being read.
    var itemValues: [Value] = []
    var itemMasks: [UInt32] = []

    init(file: String, catalog: FieldCatalog, lenient: Bool, lines: LineIndex) {
        self.file = file
        self.catalog = catalog
        let plans = catalog.jsonPlans
        self.plans = plans
        self.direct = plans.indices.map { DirectRead.of(slot: $0, plan: plans[$0]) }
        self.typer = FieldTyper(catalog: catalog, lenient: lenient)
        self.lines = lines
        let n = catalog.count
        stamp = Array(repeating: 0, count: n)
    }

    struct Output {
        var applicants = ApplicantTable()
        var year: Int?
        var notice: String?
        var warnings: [RosterError] = []
    }

    mutating func error(at offset: Int, record: Int? = nil, id: String? = nil, field: String? = nil,
                        value: String? = nil, _ message: String) -> RosterError {
        let (l, c) = lines.locate(offset)
        return RosterError(file: file, line: l, column: c, record: record, recordID: id, field: field, value: value, message: message)
    }

    mutating func syntax(_ e: JSONSyntaxError, record: Int? = nil, id: String? = nil) -> RosterError {
        error(at: e.offset, record: record, id: id, "JSON 语法错误：" + e.message)
    }

    mutating func convert(_ e: any Error, record: Int? = nil, id: String? = nil) -> RosterError {
        if let e = e as? RosterError { return e }
        if let e = e as? JSONSyntaxError { return syntax(e, record: record, id: id) }
        return RosterError(file: file, message: "\(e)")
    }

    // MARK: JSON

    static func loadJSON(_ bytes: [UInt8], file: String, catalog: FieldCatalog, lenient: Bool) throws(RosterError) -> Output {
        var result: Result<Output, RosterError> = .failure(RosterError(file: file, message: "文件为空"))
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress, buf.count > 0 else { return }
            var loader = JSONRosterLoader(file: file, catalog: catalog, lenient: lenient, lines: LineIndex(base, count: buf.count))
            do throws(RosterError) {
                result = .success(try loader.parseDocument(base, buf.count))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    mutating func parseDocument(_ p: UnsafePointer<UInt8>, _ count: Int) throws(RosterError) -> Output {
        var r = JSONReader(p, start: 0, end: count)
        if count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { r.pos = 3 }
        r.skipWhitespace()
        if r.atEnd { throw RosterError(file: file, message: "文件为空（没有任何 JSON 内容）") }
        var out = Output()
        do {
            switch r.peek() {
            case 0x5B:
                out.applicants = try readApplicantArray(&r)
            case 0x7B:
                try r.enter()
                r.pos += 1
                var seen: [String] = []
                var sawApplicants = false
                r.skipWhitespace()
                if r.peek() == 0x7D { r.pos += 1 } else {
                    while true {
                        r.skipWhitespace()
                        guard r.peek() == 0x22 else { throw r.unexpected("键（带引号的字符串）") }
                        let keyPos = r.pos
                        let key = try r.readString()
                        if seen.contains(key) {
                            throw error(at: keyPos, "顶层对象中键 \"\(key)\" 出现两次")
                        }
                        seen.append(key)
                        try r.colon()
                        let valuePos = r.pos
                        switch key {
                        case "applicants", "申报人员":
                            guard r.peek() == 0x5B else {
                                throw error(at: valuePos, field: nil, "applicants 应为数组（每个元素是一名申报人员的对象）")
                            }
                            out.applicants = try readApplicantArray(&r)
                            sawApplicants = true
                        case "year", "年度":
                            let v = try r.readValue()
                            switch v {
                            case .null: break
                            case .int(let y): out.year = y
                            default: throw error(at: valuePos, value: jsonText(v), "顶层 year 应为整数年度")
                            }
                        case "notice", "通知":
                            let v = try r.readValue()
                            switch v {
                            case .null: break
                            case .string(let s): out.notice = s
                            default: throw error(at: valuePos, value: jsonText(v), "顶层 notice 应为字符串（通知文号）")
                            }
                        default:
                            _ = try r.readValue()
                            warnings.add(key: "top:" + key, error(at: keyPos, value: key, "忽略顶层未知键（只读取 year、notice、applicants）"))
                        }
                        r.skipWhitespace()
                        guard !r.atEnd else { throw r.unexpected("',' 或 '}'") }
                        if r.peek() == 0x2C { r.pos += 1; continue }
                        if r.peek() == 0x7D { r.pos += 1; break }
                        throw r.unexpected("',' 或 '}'")
                    }
                }
                r.depth -= 1
                if !sawApplicants {
                    throw RosterError(file: file, line: 1, column: 1,
                                      message: "顶层对象缺少 applicants 数组（应为 {\"year\": 2024, \"notice\": \"…\", \"applicants\": [ … ]} 或直接为数组 [ … ]）")
                }
            case 0x22, 0x2D, 0x30...0x39, 0x74, 0x66, 0x6E:
                let kind: String
                switch r.peek() {
                case 0x22: kind = "字符串"
                case 0x74, 0x66: kind = "布尔值"
                case 0x6E: kind = "null"
                default: kind = "数字"
                }
                throw error(at: r.pos, "顶层应为对象 {\"applicants\": [ … ]} 或数组 [ … ]，实际为\(kind)")
            default:
                throw error(at: r.pos, "不是 JSON 文件：开头是\(r.describeCharacter(at: r.pos))，应为 '{' 或 '['")
            }
            r.skipWhitespace()
            if !r.atEnd { throw r.unexpected("文件结尾（JSON 值之后有多余内容）") }
        } catch {
            throw convert(error, record: out.applicants.isEmpty ? nil : out.applicants.count + 1)
        }
        out.warnings = warnings.all
        return out
    }

    /// Arrays at least this big (bytes to the end of the file) are parsed on two threads.
    static let parallelThreshold = 4 << 20

    /// `[` at `r.pos`: the applicant objects. A big array is split at a likely record
    /// boundary near its middle and the second half parsed on another thread while
    /// this one parses the first. This thread's parse is the plain sequential one: when
    /// it reaches the boundary after a top-level `,`, it takes the other thread's
    /// records if that half went through without any error or warning and shares no
    /// id with the first; otherwise (or when the boundary was not a top-level one) it
    /// simply goes on parsing, so results and error messages are exactly those of a
    /// sequential parse.
    mutating func readApplicantArray(_ r: inout JSONReader) throws(RosterError) -> ApplicantTable {
        var list = ApplicantTable()
        var split = -1
        var second: Background<SecondHalf?>? = nil
        // The other thread reads the buffer: never leave before it is done.
        defer { _ = second?.wait() }
        if !typer.lenient, r.end - r.pos >= JSONRosterLoader.parallelThreshold,
           let s = JSONRosterLoader.findSplit(r.p, from: r.pos, end: r.end) {
            // Safe to send: the pointer is into the file's buffer, which outlives the other
            // thread (the `defer` above waits for it before this function returns), and
            // both threads only read it.
            struct Tail: @unchecked Sendable {
                var p: UnsafePointer<UInt8>; var split: Int; var end: Int; var depth: Int
                var file: String; var lines: LineIndex; var catalog: FieldCatalog
            }
            let tail = Tail(p: r.p, split: s, end: r.end, depth: r.depth + 1, file: file, lines: lines, catalog: catalog)
            split = s
            second = Background { () -> SecondHalf? in
                var loader = JSONRosterLoader(file: tail.file, catalog: tail.catalog, lenient: false, lines: tail.lines)
                var tr = JSONReader(tail.p, start: tail.split, end: tail.end)
                tr.depth = tail.depth
                return loader.readApplicantsToEnd(&tr)
            }
        }
        let arrayStart = r.pos
        do {
            try r.enter()
            r.pos += 1
            r.skipWhitespace()
            if r.peek() == 0x5D { r.pos += 1; r.depth -= 1; return list }
            while true {
                r.skipWhitespace()
                if r.pos == split, let other = second {
                    split = -1
                    if let rest = other.wait(), takeSecondHalf(rest, into: &list) {
                        r.pos = rest.end
                        break
                    }
                }
                let record = list.count + 1
                guard r.peek() == 0x7B else {
                    if r.atEnd { throw r.unexpected("申报人员对象 '{'") }
                    throw error(at: r.pos, record: record, "每个申报人员应为 JSON 对象 {…}，实际为\(r.describeCharacter(at: r.pos))")
                }
                try readApplicant(&r, record: record, into: &list)
                if record == 64 { JSONRosterLoader.reserve(&list, from: arrayStart, at: r.pos, end: r.end) }
                r.skipWhitespace()
                guard !r.atEnd else { throw r.unexpected("',' 或 ']'") }
                if r.peek() == 0x2C { r.pos += 1; continue }
                if r.peek() == 0x5D { r.pos += 1; break }
                throw r.unexpected("',' 或 ']'")
            }
            r.depth -= 1
        } catch {
            throw convert(error, record: list.count + 1)
        }
        return list
    }

    /// Room for the records of `[from, end)`, estimated from the bytes the first of them took
    /// (`at` is where they end): the columns then grow without doubling.
    static func reserve(_ list: inout ApplicantTable, from: Int, at: Int, end: Int) {
        // Capped: a file whose first records are tiny must not reserve for millions it may not
        // have (past the cap the columns grow as usual).
        let per = max(1, (at - from) / max(1, list.count))
        list.reserveCapacity(min(Int(Double((end - from) / per) * 1.03), 4_000_000))
    }

    /// Appends the second half unless one of its ids is already in the first. The array ends with the second half, so its ids are only checked against the first
    /// (the smaller dictionary walked, the larger looked up), never added.
    mutating func takeSecondHalf(_ rest: SecondHalf, into list: inout ApplicantTable) -> Bool {
        if rest.idRecord.count <= idRecord.count {
            for id in rest.idRecord.keys where idRecord[id] != nil { return false }
        } else {
            for id in idRecord.keys where rest.idRecord[id] != nil { return false }
        }
        list.append(contentsOf: rest.applicants)
        return true
    }

    /// A likely record boundary at or after the middle of `[from, end)`: a `{` after
    /// `},` and a line break (records one per line, or pretty-printed with the least
    /// indentation). Only a candidate: the sequential parse decides whether it is one.
    static func findSplit(_ p: UnsafePointer<UInt8>, from: Int, end: Int) -> Int? {
        var i = from + (end - from) / 2
        let limit = min(end - 1, i + (4 << 20))
        var best: Int? = nil
        var bestIndent = Int.max
        @inline(__always) func blank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0D || c == 0x09 }
        while i < limit {
            if p[i] == 0x0A {
                var k = i + 1
                while k < limit, blank(p[k]) { k += 1 }
                let indent = k - i - 1
                if k < limit, p[k] == 0x7B, indent < bestIndent {
                    var j = i - 1
                    while j > from, blank(p[j]) || p[j] == 0x0A { j -= 1 }
                    if p[j] == 0x2C {
                        j -= 1
                        while j > from, blank(p[j]) || p[j] == 0x0A { j -= 1 }
                        if p[j] == 0x7D {
                            best = k; bestIndent = indent
                            if indent == 0 { return best }
                        }
                    }
                }
                // Candidates of the first 256 KiB after the middle are enough.
                if best != nil, i - (from + (end - from) / 2) > (256 << 10) { return best }
                i = k
                continue
            }
            i += 1
        }
        return best
    }

    struct SecondHalf: Sendable {
        var applicants: ApplicantTable
        var idRecord: [String: Int]
        var end: Int
    }

    /// Second half: records from `r.pos` to the array's `]`. nil on any error or warning.
    mutating func readApplicantsToEnd(_ r: inout JSONReader) -> SecondHalf? {
        var list = ApplicantTable()
        let start = r.pos
        do {
            while true {
                r.skipWhitespace()
                guard r.peek() == 0x7B else { return nil }
                try readApplicant(&r, record: list.count + 1, into: &list)
                if list.count == 64 { JSONRosterLoader.reserve(&list, from: start, at: r.pos, end: r.end) }
                r.skipWhitespace()
                if r.peek() == 0x2C { r.pos += 1; continue }
                if r.peek() == 0x5D { r.pos += 1; break }
                return nil
            }
        } catch {
            return nil
        }
        if !warnings.isEmpty || !typer.pendingWarnings.isEmpty { return nil }
        return SecondHalf(applicants: list, idRecord: idRecord, end: r.pos)
    }

    // MARK: one applicant

    /// `{` at `r.pos`: one applicant, appended to `table` as row `table.count`. Keys are
    /// matched to slots by their bytes and each value is read straight into its typed form,
    /// text and exactly spelled enum values, dates and bools straight into their columns
    /// (`readIntoColumn`). A value that does not fit is remembered and the rest of the object
    /// still read, so the error can name the record's id; on any error the table is left with
    /// a half-written row (callers throw it away).
    mutating func readApplicant(_ r: inout JSONReader, record: Int, into table: inout ApplicantTable) throws(RosterError) {
        if record & 1023 == 0 { try LoadCancellation.check(file) }
        var extras = Record()
        var id: String? = nil, name: String? = nil
        var currentID: String? = nil
        var problem: (TypingProblem, Int, Int)? = nil
        var recordWarnings: [(path: String, value: String, message: String, offset: Int)] = []
        let objectStart = r.pos
        let plans = self.plans
        let idSlot = FieldCatalog.Slot.id, nameSlot = FieldCatalog.Slot.name
        do {
            try r.enter()
            r.pos += 1
            r.skipWhitespace()
            if r.peek() == 0x7D { r.pos += 1 } else {
                while true {
                    r.skipWhitespace()
                    guard r.peek() == 0x22 else { throw r.unexpected("键（带引号的字符串）") }
                    let keyPos = r.pos
                    var slot: Int? = nil
                    var keyName: String? = nil
                    if let (s, n, ascii) = try r.scanPlainString() {
                        slot = keys.lookup(r.p + s, n)
                        if slot == nil { keyName = try r.makeString(s, n, ascii: ascii) }
                    } else {
                        let k = try r.readString()
                        slot = catalog.slot(of: k)
                        keyName = k
                    }
                    let keyEnd = r.pos
                    try r.colon()
                    let valuePos = r.pos
                    if let slot {
                        if stamp[slot] == record {
                            let spec = catalog.fields[slot]
                            let given = String(decoding: UnsafeBufferPointer(start: r.p + keyPos + 1, count: max(0, keyEnd - keyPos - 2)), as: UTF8.self)
                            throw error(at: keyPos, record: record, id: currentID, field: spec.key, value: given,
                                        "字段出现两次（键 \(spec.key) 与中文标签 \(spec.label) 指同一字段）")
                        }
                        stamp[slot] = record
                        let depth = r.depth
                        do {
                            if try readIntoColumn(&r, slot: slot, table: &table) {
                                // Written.
                            } else {
                                let plan = plans[slot]
                                let v = try readTyped(&r, kind: plan.kind, matcher: plan.matcher, subs: plan.subs,
                                                      nonNegative: false, selfScore: plan.isSelfScore, path: FieldPath(field: plan.key))
                                if slot == idSlot, case .string(let s) = v { currentID = s; id = s }
                                if slot == nameSlot, case .string(let s) = v { name = s }
                                table.put(slot: slot, v)
                            }
                        } catch let p as TypingProblem {
                            if problem == nil { problem = (p, valuePos, slot) }
                            r.pos = valuePos
                            r.depth = depth
                            try r.skipValue()
                        }
                        if !typer.pendingWarnings.isEmpty {
                            for w in typer.pendingWarnings { recordWarnings.append((w.path, w.value, w.message, valuePos)) }
                            typer.pendingWarnings.removeAll()
                        }
                    } else if let k = keyName {
                        if extras.keys.contains(k) {
                            throw error(at: keyPos, record: record, id: currentID, field: k, value: k, "字段出现两次")
                        }
                        extras.keys.append(k); extras.values.append(try r.readValue())
                    }
                    r.skipWhitespace()
                    guard !r.atEnd else { throw r.unexpected("',' 或 '}'") }
                    if r.peek() == 0x2C { r.pos += 1; continue }
                    if r.peek() == 0x7D { r.pos += 1; break }
                    throw r.unexpected("',' 或 '}'")
                }
            }
            r.depth -= 1
        } catch {
            throw convert(error, record: record, id: currentID)
        }
        if let s = id, isBlank(s) { id = nil }
        if let (p, offset, slot) = problem {
            throw error(at: offset, record: record, id: id, field: p.path ?? catalog.fields[slot].key, value: p.value, p.message)
        }
        guard let id else {
            if stamp[idSlot] == record {
                throw error(at: objectStart, record: record, field: "id", "缺少必填字段（申报编号不能为空）")
            }
            throw error(at: objectStart, record: record, field: "id", "缺少必填字段 id（申报编号）")
        }
        if let s = name, !isBlank(s) {} else {
            throw error(at: objectStart, record: record, id: id, field: "name",
                        stamp[nameSlot] == record ? "缺少必填字段（姓名不能为空）" : "缺少必填字段 name（姓名）")
        }
        if let first = idRecord[id] {
            throw error(at: objectStart, record: record, id: id, field: "id", value: id,
                        "申报编号重复：记录 #\(first) 与记录 #\(record) 相同")
        }
        idRecord[id] = record
        for w in recordWarnings {
            let key = w.path.replacingBrackets() + "\u{0}" + w.value
            if warnings.contains(key) { warnings.bump(key) } else {
                warnings.add(key: key, error(at: w.offset, record: record, id: id, field: w.path, value: w.value, w.message))
            }
        }
        for slot in 0..<plans.count where stamp[slot] != record { table.put(slot: slot, .null) }
        table.endRow(extras: extras)
    }

    /// How `readIntoColumn` may read a slot: trivial values, so reading them per field retains
    /// nothing (a `FieldPlan` holds strings and arrays).
    enum DirectRead: Sendable {
        case none, text(Int), vocabulary(Int), date(Int), bool(Int), records(Int)

        static func of(slot: Int, plan: FieldPlan) -> DirectRead {
            if slot == FieldCatalog.Slot.id || slot == FieldCatalog.Slot.name { return .none }
            switch (ApplicantTable.places[slot], plan.kind) {
            case (.text(let k), .string): return .text(k)
            case (.coded(let k), .enumeration): return plan.matcher == nil ? .none : .vocabulary(k)
            case (.coded(let k), .date): return .date(k)
            case (.coded(let k), .bool): return .bool(k)
            case (.records(let k), .objectList(let subs)) where subs.count <= 8: return .records(k)
            default: return .none
            }
        }
    }

    /// Reads the value at `r.pos` straight into its column when it is in the common form:
    /// text (no escapes, valid UTF-8) into a text column, an enum value spelled as the
    /// vocabulary has it, a `YYYY-MM-DD` date, `true`/`false`. Returns false, having read
    /// nothing, for anything else: `readTyped` then reads it (and reports what is wrong).
    @inline(__always)
    mutating func readIntoColumn(_ r: inout JSONReader, slot: Int, table: inout ApplicantTable) throws -> Bool {
        let c = r.peek()
        switch direct[slot] {
        case .none:
            return false
        case .text(let k):
            guard c == 0x22 else { return false }
            let save = r.pos
            guard let (s, n, ascii) = try r.scanPlainString() else { r.pos = save; return false }
            if !ascii, firstInvalidUTF8(UnsafeBufferPointer(start: r.p + s, count: n)) != nil { r.pos = save; return false }
            table.texts[k].append(utf8: r.p + s, n)
            return true
        case .vocabulary(let k):
            guard c == 0x22 else { return false }
            let save = r.pos
            guard let (s, n, _) = try r.scanPlainString(), n > 0, let i = plans[slot].matcher?.table.lookup(r.p + s, n) else {
                r.pos = save; return false
            }
            if !table.coded[k].append(knownVocabulary: i) { table.coded[k].append(vocabulary: i, plans[slot].matcher!.values[i]) }
            return true
        case .date(let k):
            guard c == 0x22 else { return false }
            let save = r.pos
            guard let (s, n, _) = try r.scanPlainString(), n == 10, let d = isoDate(r.p + s) else { r.pos = save; return false }
            table.coded[k].append(day: d)
            return true
        case .bool(let k):
            if c == 0x74 { try r.literal("true"); table.coded[k].append(bool: true); return true }
            if c == 0x66 { try r.literal("false"); table.coded[k].append(bool: false); return true }
            return false
        case .records(let k):
            guard c == 0x5B else { return false }
            let save = r.pos, depth = r.depth
            if try readRecordList(&r, slot: slot, into: k, table: &table) { return true }
            r.pos = save
            r.depth = depth
            return false
        }
    }

    /// A list of records (`continuing_education` …) at `r.pos`, each item's sub-field values
    /// kept in `itemValues` (a slot per sub-field, reused from row to row) and written to the
    /// field's column without building `Record`s. False, for `readTyped` to read it again,
    /// when an item is not an object or has a key that is not a sub-field (or an escaped one).
    /// Values are read by `readTyped` and items checked by `checkYear`, as there: the same
    /// values, and the same problems, as `readTyped` gives.
    mutating func readRecordList(_ r: inout JSONReader, slot: Int, into k: Int, table: inout ApplicantTable) throws -> Bool {
        let plan = plans[slot]
        let subs = plan.subs
        let width = subs.count
        itemValues.removeAll(keepingCapacity: true)
        itemMasks.removeAll(keepingCapacity: true)
        try r.enter()
        r.pos += 1
        r.skipWhitespace()
        if r.peek() != 0x5D {
            while true {
                r.skipWhitespace()
                guard r.peek() == 0x7B else { return false }
                var path = FieldPath(field: plan.key)
                path.index = itemMasks.count + 1
                try r.enter()
                r.pos += 1
                let base = itemValues.count
                itemValues.append(contentsOf: repeatElement(.null, count: width))
                var seen: UInt32 = 0, mask: UInt32 = 0
                r.skipWhitespace()
                if r.peek() == 0x7D { r.pos += 1 } else {
                    while true {
                        r.skipWhitespace()
                        guard r.peek() == 0x22 else { throw r.unexpected("键（带引号的字符串）") }
                        guard let (s, n, _) = try r.scanPlainString() else { return false }
                        var j = -1
                        search: for i in 0..<width {
                            for name in subs[i].names where name.count == n {
                                if name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, r.p + s, n) == 0 }) { j = i; break search }
                            }
                        }
                        guard j >= 0 else { return false }
                        try r.colon()
                        var p = path
                        p.sub = subs[j].key
                        if seen & (1 << UInt32(j)) != 0 {
                            throw TypingProblem(message: "同一对象中字段出现两次（键与中文标签指同一字段）", value: subs[j].key, path: p.text)
                        }
                        seen |= 1 << UInt32(j)
                        let v = try readTyped(&r, kind: subs[j].kind, matcher: subs[j].matcher, subs: [],
                                              nonNegative: subs[j].nonNegative, selfScore: false, path: p)
                        if !v.isNull { mask |= 1 << UInt32(j); itemValues[base + j] = v }
                        r.skipWhitespace()
                        if r.peek() == 0x2C { r.pos += 1; continue }
                        if r.peek() == 0x7D { r.pos += 1; break }
                        throw r.unexpected("',' 或 '}'")
                    }
                }
                r.depth -= 1
                if subs.first?.key == "year", mask & 1 == 0 { try checkYear(Record(), subs: subs, path: path) }
                itemMasks.append(mask)
                r.skipWhitespace()
                if r.peek() == 0x2C { r.pos += 1; continue }
                if r.peek() == 0x5D { break }
                throw r.unexpected("',' 或 ']'")
            }
        }
        r.pos += 1
        r.depth -= 1
        table.records[k].append(masks: itemMasks, values: itemValues, row: table.count)
        return true
    }

    // MARK: JSON Lines

    static func loadJSONLines(_ bytes: [UInt8], file: String, catalog: FieldCatalog, lenient: Bool) throws(RosterError) -> Output {
        var result: Result<Output, RosterError> = .failure(RosterError(file: file, message: "文件为空（没有任何申报人员）"))
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress, buf.count > 0 else { return }
            var loader = JSONRosterLoader(file: file, catalog: catalog, lenient: lenient, lines: LineIndex(base, count: buf.count))
            do throws(RosterError) {
                result = .success(try loader.parseLines(base, buf.count))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    mutating func parseLines(_ p: UnsafePointer<UInt8>, _ count: Int) throws(RosterError) -> Output {
        var out = Output()
        var lineStart = 0
        if count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { lineStart = 3 }
        var lineNo = 0
        while lineStart < count {
            lineNo += 1
            var lineEnd = lineStart
            while lineEnd < count, p[lineEnd] != 0x0A { lineEnd += 1 }
            var r = JSONReader(p, start: lineStart, end: lineEnd)
            r.skipWhitespace()
            if !r.atEnd {
                let record = out.applicants.count + 1
                guard r.peek() == 0x7B else {
                    throw RosterError(file: file, line: lineNo, column: lines.locate(r.pos).column, record: record,
                                      message: "JSON Lines 每行应为一个申报人员对象 {…}，实际开头是\(r.describeCharacter(at: r.pos))")
                }
                try readApplicant(&r, record: record, into: &out.applicants)
                r.skipWhitespace()
                if !r.atEnd {
                    throw syntax(r.unexpected("行尾（一行只能有一个 JSON 对象）"), record: record, id: out.applicants.last?.id)
                }
            }
            lineStart = lineEnd + 1
        }
        if out.applicants.isEmpty && count > 0 {
            // Only blank lines: a valid but empty roster.
        }
        out.warnings = warnings.all
        return out
    }
}

/// Warnings in first-seen order, one per key, with a count of further occurrences.
struct WarningCollector {
    private var keys: [String: Int] = [:]
    private var list: [RosterError] = []
    private var counts: [Int] = []

    func contains(_ key: String) -> Bool { keys[key] != nil }
    var isEmpty: Bool { list.isEmpty }
    mutating func bump(_ key: String) { if let i = keys[key] { counts[i] += 1 } }
    mutating func add(key: String, _ e: RosterError) {
        if let i = keys[key] { counts[i] += 1; return }
        keys[key] = list.count
        list.append(e); counts.append(1)
    }
    /// Another collector's warnings after these, as if one had seen them all in order.
    mutating func merge(_ other: WarningCollector) {
        for (k, i) in other.keys.sorted(by: { $0.value < $1.value }) {
            if let mine = keys[k] { counts[mine] += other.counts[i]; continue }
            keys[k] = list.count
            list.append(other.list[i]); counts.append(other.counts[i])
        }
    }
    var all: [RosterError] {
        zip(list, counts).map { e, n in
            var e = e
            if n > 1 { e.message += "（共 \(n) 处）" }
            return e
        }
    }
}

extension String {
    /// `continuing_education[2].public` → `continuing_education[].public`, so one warning
    /// covers every item of a list.
    func replacingBrackets() -> String {
        var out = ""
        var inBracket = false
        for ch in self {
            if ch == "[" { inBracket = true; out.append("[") } else if ch == "]" { inBracket = false; out.append("]") } else if !inBracket { out.append(ch) }
        }
        return out
    }
}

