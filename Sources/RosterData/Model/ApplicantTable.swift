#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The applicants of a roster, stored by column (issue 12): what a `Dataset` holds and what
/// every loader appends to.
///
/// Each catalog field is one column, chosen by its kind in `FieldCatalog.types`:
/// - text fields (`id`, `name`, `unit`, `self_statement` …) — one UTF-8 arena per field with
///   an end offset per row (`TextColumn`);
/// - enum, bool, int, number and date fields — a code per row into the distinct values seen
///   (`CodedColumn`): 1 byte per row while a field has at most 256 distinct values, 2 up to
///   65,536, else 4. `.null` (not known, 待核实) is a value like any other;
/// - list and object fields (`continuing_education`, `photo` …) — the typed `Value`, with the
///   key arrays of their records shared between rows.
/// Unknown fields (`Applicant.extras`) are kept only for the rows that have them.
///
/// It is a collection of `Applicant`: `table[i]` builds the applicant of row `i` (every field
/// exactly as it was appended, `.int(88)` and `.double(88)` kept apart), so code that reads
/// whole applicants (rules, explain, export) is unchanged, and code that reads one field over
/// many rows asks for it without building applicants:
///
///     var t = ApplicantTable()
///     var a = Applicant(); a[FieldCatalog.Slot.id] = .string("QZ2024-0001"); t.append(a)
///     t.count                                     // 1
///     t.value(row: 0, slot: FieldCatalog.Slot.id) // .string("QZ2024-0001")
///     t[0] == a                                   // true
public struct ApplicantTable: RandomAccessCollection, Sendable, Equatable {
    /// Where a slot's column is: `texts[i]`, `coded[i]` or `lists[i]`.
    enum Place: Sendable {
        case text(Int), coded(Int), list(Int), records(Int)
    }

    static let places: [Place] = {
        var t = 0, c = 0, l = 0, r = 0
        return FieldCatalog.types.fields.map { f in
            switch f.kind {
            case .string: defer { t += 1 }; return .text(t)
            case .enumeration, .bool, .int, .number, .date: defer { c += 1 }; return .coded(c)
            case .stringList: defer { l += 1 }; return .list(l)
            case .objectList, .object: defer { r += 1 }; return .records(r)
            }
        }
    }()
    /// For each `records` column, its field's sub-fields (text ones get a text column) and
    /// whether the field is one object (`photo`) rather than a list of them.
    static let recordFields: [(subs: [SubField], single: Bool)] = FieldCatalog.types.fields.compactMap { f in
        switch f.kind {
        case .objectList(let s): return (s, false)
        case .object(let s): return (s, true)
        default: return nil
        }
    }
    static let slotCount = FieldCatalog.types.count
    static let textCount = places.filter { if case .text = $0 { return true } else { return false } }.count
    static let codedCount = places.filter { if case .coded = $0 { return true } else { return false } }.count
    static let listCount = places.filter { if case .list = $0 { return true } else { return false } }.count
    static let recordCount = recordFields.count

    var texts: [TextColumn]
    var coded: [CodedColumn]
    var lists: [[Value]]
    var records: [RecordColumn]
    /// Unknown fields, by row, only for rows that have any.
    var extraRecords: [Int: Record] = [:]
    public private(set) var count: Int = 0

    public init() {
        texts = Array(repeating: TextColumn(), count: Self.textCount)
        coded = Array(repeating: CodedColumn(), count: Self.codedCount)
        lists = Array(repeating: [], count: Self.listCount)
        records = Self.recordFields.map { RecordColumn(subs: $0.subs, single: $0.single) }
    }

    public init<S: Sequence>(_ applicants: S) where S.Element == Applicant {
        self.init()
        reserveCapacity(applicants.underestimatedCount)
        for a in applicants { append(a) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    /// The applicant of row `i`, built from the columns.
    public subscript(i: Int) -> Applicant {
        precondition(i >= 0 && i < count, "ApplicantTable: row \(i) out of range 0..<\(count)")
        // Every column is read through a buffer pointer: borrowed, never copied per row.
        let fields = [Value](unsafeUninitializedCapacity: Self.slotCount) { out, n in
            texts.withUnsafeBufferPointer { t in
                coded.withUnsafeBufferPointer { c in
                    lists.withUnsafeBufferPointer { l in
                        records.withUnsafeBufferPointer { r in
                            Self.places.withUnsafeBufferPointer { places in
                                for (slot, p) in places.enumerated() {
                                    let v: Value
                                    switch p {
                                    case .text(let k): v = t[k][i]
                                    case .coded(let k): v = c[k][i]
                                    case .list(let k): v = l[k][i]
                                    case .records(let k): v = r[k][i]
                                    }
                                    (out.baseAddress! + slot).initialize(to: v)
                                }
                            }
                        }
                    }
                }
            }
            n = Self.slotCount
        }
        return Applicant(fields: fields, extras: extraRecords.isEmpty ? Record() : extraRecords[i] ?? Record())
    }

    /// One field of one row, without building the applicant.
    @inline(__always)
    public func value(row i: Int, slot: Int) -> Value {
        switch Self.places[slot] {
        case .text(let k): return texts[k][i]
        case .coded(let k): return coded[k][i]
        case .list(let k): return lists[k][i]
        case .records(let k): return records[k][i]
        }
    }

    /// The `id` of row `i` (`""` when it is not text, as `Applicant.id`).
    public func id(_ i: Int) -> String { texts[0].string(i) ?? "" }

    /// The unknown fields of row `i`.
    public func extras(_ i: Int) -> Record { extraRecords[i] ?? Record() }

    /// Rows that have unknown fields, in row order.
    public var rowsWithExtras: [Int] { extraRecords.keys.sorted() }

    /// One field over every row, as values (what a filter reads row after row).
    public func column(_ slot: Int) -> [Value] {
        switch Self.places[slot] {
        case .text(let k): return texts[k].values(count)
        case .coded(let k): return coded[k].values()
        case .list(let k): return lists[k]
        case .records(let k): return (0..<count).map { records[k][$0] }
        }
    }

    /// For a field stored as codes: the code of each row and the distinct values they index
    /// (`count by` and `sort` group and rank the few distinct values instead of every row).
    public func codes(_ slot: Int) -> (codes: [UInt32], values: [Value])? {
        guard case .coded(let k) = Self.places[slot] else { return nil }
        return (coded[k].codes.widened(), coded[k].dictionary)
    }

    /// Room for `n` rows in all. Once some rows are in, text arenas and record items get room
    /// in proportion to what those rows used, so a loader that estimates its row count early
    /// grows no column by doubling (no copy, no unused half at the peak).
    public mutating func reserveCapacity(_ n: Int) {
        guard n > count else { return }
        let scale = count > 0 ? Double(n) / Double(count) * 1.02 : 0
        for k in texts.indices {
            texts[k].ends.reserveCapacity(n)
            if scale > 0 { texts[k].bytes.reserveCapacity(Int(Double(texts[k].bytes.count) * scale)) }
        }
        for k in coded.indices { coded[k].codes.reserveCapacity(n) }
        for k in lists.indices { lists[k].reserveCapacity(n) }
        for k in records.indices {
            records[k].rowEnds.reserveCapacity(n)
            if scale > 0 { records[k].reserveItems(Int(Double(records[k].items) * scale)) }
        }
    }

    public mutating func append(_ a: Applicant) {
        let row = count
        let n = a.fields.count
        for (slot, p) in Self.places.enumerated() {
            let v = slot < n ? a.fields[slot] : .null
            switch p {
            case .text(let k): texts[k].append(v, row: row)
            case .coded(let k): coded[k].append(v)
            case .list(let k): lists[k].append(v)
            case .records(let k): records[k].append(v, row: row)
            }
        }
        if !a.extras.isEmpty { extraRecords[row] = a.extras }
        count += 1
    }

    // MARK: rows written field by field (loaders)
    //
    // A loader that reads a record writes each of its fields straight into its column: every
    // slot gets exactly one `put` (in any order; `put(slot:_:)` with `.null` for the fields the
    // record lacks), then `endRow`. A table a row failed in (an error thrown before `endRow`)
    // has columns of unequal length and is thrown away: loaders never use it again.

    /// Field `slot` of the row being written (row `count`).
    @inline(__always)
    mutating func put(slot: Int, _ v: Value) {
        switch Self.places[slot] {
        case .text(let k): texts[k].append(v, row: count)
        case .coded(let k): coded[k].append(v)
        case .list(let k): lists[k].append(v)
        case .records(let k): records[k].append(v, row: count)
        }
    }

    /// Ends the row being written.
    mutating func endRow(extras: Record) {
        if !extras.isEmpty { extraRecords[count] = extras }
        count += 1
    }

    /// Appends every row of `other` (the second half of a two-thread load).
    public mutating func append(contentsOf other: ApplicantTable) {
        let base = count
        for k in texts.indices { texts[k].append(contentsOf: other.texts[k], base: base) }
        for k in coded.indices { coded[k].append(contentsOf: other.coded[k]) }
        for k in lists.indices { lists[k].append(contentsOf: other.lists[k]) }
        for k in records.indices { records[k].append(contentsOf: other.records[k], base: base) }
        for (r, rec) in other.extraRecords { extraRecords[base + r] = rec }
        count += other.count
    }

    public static func == (a: ApplicantTable, b: ApplicantTable) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }
}

/// A text field: the UTF-8 of every row in one arena. `ends[i]` is where row `i` ends; a
/// row that is not known stores `~end` (negative). A value that is not text (only code that
/// builds applicants by hand makes one) is kept aside in `others`.
struct TextColumn: Sendable {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    var others: [Int: Value] = [:]

    @inline(__always) func start(_ i: Int) -> Int {
        guard i > 0 else { return 0 }
        let e = ends[i - 1]
        return e < 0 ? ~e : e
    }

    func string(_ i: Int) -> String? {
        let e = ends[i]
        guard e >= 0 else { return nil }
        let s = start(i)
        return bytes.withUnsafeBufferPointer { b in
            String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
        }
    }

    subscript(i: Int) -> Value {
        if let s = string(i) { return .string(s) }
        return others[i] ?? .null
    }

    func values(_ n: Int) -> [Value] {
        var out: [Value] = []
        out.reserveCapacity(n)
        bytes.withUnsafeBufferPointer { b in
            var s = 0
            for i in 0..<n {
                let e = ends[i]
                if e >= 0 {
                    out.append(.string(String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)))
                    s = e
                } else {
                    out.append(others[i] ?? .null)
                    s = ~e
                }
            }
        }
        return out
    }

    mutating func append(_ v: Value, row: Int) {
        if case .string(var s) = v {
            s.withUTF8 { bytes.append(contentsOf: $0) }
            ends.append(bytes.count)
        } else {
            if !v.isNull { others[row] = v }
            ends.append(~bytes.count)
        }
    }

    /// Appends a text of `n` UTF-8 bytes (already checked) without building a `String`.
    @inline(__always)
    mutating func append(utf8 p: UnsafePointer<UInt8>, _ n: Int) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        ends.append(bytes.count)
    }

    mutating func append(contentsOf o: TextColumn, base: Int) {
        let shift = bytes.count
        bytes.append(contentsOf: o.bytes)
        ends.append(contentsOf: o.ends.lazy.map { e in e < 0 ? ~(~e &+ shift) : e &+ shift })
        for (r, v) in o.others { others[base + r] = v }
    }
}

/// A field of few distinct values: a code per row into `dictionary`.
struct CodedColumn: Sendable {
    var dictionary: [Value] = []
    var lookup: [ExactValue: UInt32] = [:]
    var codes = CodeArray()

    subscript(i: Int) -> Value { dictionary[Int(codes[i])] }

    func values() -> [Value] {
        var out: [Value] = []
        out.reserveCapacity(codes.count)
        codes.forEach { out.append(dictionary[Int($0)]) }
        return out
    }

    mutating func code(_ v: Value) -> UInt32 {
        // Few distinct values (an enum, a bool, the years of a list): a scan is cheaper than a hash.
        if lookup.isEmpty {
            for (c, d) in dictionary.enumerated() where ExactValue.same(d, v) { return UInt32(c) }
            guard dictionary.count >= 16 else {
                dictionary.append(v)
                return UInt32(dictionary.count - 1)
            }
            for (c, d) in dictionary.enumerated() { lookup[ExactValue(d)] = UInt32(c) }
        }
        let key = ExactValue(v)
        if let c = lookup[key] { return c }
        let c = UInt32(dictionary.count)
        dictionary.append(v)
        lookup[key] = c
        return c
    }

    mutating func append(_ v: Value) { codes.append(code(v)) }

    /// The code of vocabulary entry `i` of the field's enum (the loader matched its bytes), by
    /// entry: the canonical text is looked up among the distinct values once per entry.
    var vocabularyCodes: [UInt32] = []

    /// Appends vocabulary entry `i` when its code is known already; false otherwise (then
    /// `append(vocabulary:_:)` with its canonical text).
    @inline(__always)
    mutating func append(knownVocabulary i: Int) -> Bool {
        guard i < vocabularyCodes.count, vocabularyCodes[i] != .max else { return false }
        codes.append(vocabularyCodes[i])
        return true
    }

    /// Appends vocabulary entry `i`, whose canonical text is `canonical`.
    mutating func append(vocabulary i: Int, _ canonical: String) {
        if append(knownVocabulary: i) { return }
        let c = code(.string(canonical))
        if i >= vocabularyCodes.count { vocabularyCodes.append(contentsOf: repeatElement(.max, count: i + 1 - vocabularyCodes.count)) }
        vocabularyCodes[i] = c
        codes.append(c)
    }

    /// Appends a bool (the codes of `false` and `true` kept after their first lookup).
    @inline(__always)
    mutating func append(bool b: Bool) {
        let i = b ? 1 : 0
        if boolCodes[i] == .max { boolCodes[i] = code(.bool(b)) }
        codes.append(boolCodes[i])
    }
    var boolCodes: [UInt32] = [.max, .max]

    /// Appends a date. Recent days' codes are kept in a small direct-mapped cache (day number
    /// and code per entry): most days of a roster repeat, and a hit costs no hashing.
    @inline(__always)
    mutating func append(day d: Day) {
        if dayCache.isEmpty { dayCache = Array(repeating: .max, count: 1024) }
        let o = UInt32(bitPattern: d.ordinal)
        let e = Int(o & 1023)
        let hit = dayCache[e]
        if hit != .max, UInt32(truncatingIfNeeded: hit >> 32) == o { codes.append(UInt32(truncatingIfNeeded: hit)); return }
        let c = code(.date(d))
        dayCache[e] = UInt64(o) << 32 | UInt64(c)
        codes.append(c)
    }
    var dayCache: [UInt64] = []

    mutating func append(contentsOf o: CodedColumn) {
        let map = o.dictionary.map { code($0) }
        codes.append(contentsOf: o.codes, mapped: map)
    }
}

/// Codes as narrow as the largest one allows: 1, then 2, then 4 bytes each, in one byte
/// array (a struct, not an enum of arrays: reading a code borrows the storage, nothing is
/// retained per read).
struct CodeArray: Sendable {
    private(set) var storage: [UInt8] = []
    private(set) var width = 1
    private(set) var count = 0

    init() {}

    @inline(__always) subscript(i: Int) -> UInt32 {
        storage.withUnsafeBytes { b in
            switch width {
            case 1: return UInt32(b[i])
            case 2: return UInt32(UInt16(littleEndian: b.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self)))
            default: return UInt32(littleEndian: b.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self))
            }
        }
    }

    func forEach(_ body: (UInt32) -> Void) {
        for i in 0..<count { body(self[i]) }
    }

    func widened() -> [UInt32] {
        [UInt32](unsafeUninitializedCapacity: count) { buf, n in
            for i in 0..<count { buf[i] = self[i] }
            n = count
        }
    }

    mutating func reserveCapacity(_ n: Int) { storage.reserveCapacity(n * width) }

    /// Appends a code, widening every code first when it does not fit.
    mutating func append(_ c: UInt32) {
        let need = c <= UInt8.max ? 1 : c <= UInt16.max ? 2 : 4
        if need > width { widen(to: need) }
        switch width {
        case 1: storage.append(UInt8(c))
        case 2: storage.append(UInt8(c & 0xFF)); storage.append(UInt8(c >> 8))
        default:
            storage.append(UInt8(c & 0xFF)); storage.append(UInt8((c >> 8) & 0xFF))
            storage.append(UInt8((c >> 16) & 0xFF)); storage.append(UInt8(c >> 24))
        }
        count += 1
    }

    /// Appends `o`'s codes, each `c` as `map[c]`, in one pass over both buffers (the merge of a
    /// two-thread load: millions of codes, no per-code width check or capacity check).
    mutating func append(contentsOf o: CodeArray, mapped map: [UInt32]) {
        guard o.count > 0 else { return }
        let top = map.max() ?? 0
        let need = top <= UInt8.max ? 1 : top <= UInt16.max ? 2 : 4
        if need > width { widen(to: need) }
        let identity = o.width == width && map.indices.allSatisfy { map[$0] == UInt32($0) }
        if identity {
            storage.append(contentsOf: o.storage)
        } else {
            let w = width, start = storage.count
            storage.append(contentsOf: repeatElement(0, count: o.count * w))
            storage.withUnsafeMutableBytes { out in
                map.withUnsafeBufferPointer { m in
                    for i in 0..<o.count {
                        let c = m[Int(o[i])]
                        switch w {
                        case 1: out[start &+ i] = UInt8(truncatingIfNeeded: c)
                        case 2: out.storeBytes(of: UInt16(truncatingIfNeeded: c).littleEndian, toByteOffset: start &+ i &* 2, as: UInt16.self)
                        default: out.storeBytes(of: c.littleEndian, toByteOffset: start &+ i &* 4, as: UInt32.self)
                        }
                    }
                }
            }
        }
        count += o.count
    }

    private mutating func widen(to w: Int) {
        var wide: [UInt8] = []
        wide.reserveCapacity(max(storage.capacity / width, count + 1) * w)
        for i in 0..<count {
            let c = self[i]
            for k in 0..<w { wide.append(UInt8((c >> (8 * UInt32(k))) & 0xFF)) }
        }
        storage = wide
        width = w
    }
}

/// A list-of-records field (`continuing_education`, `assessments`, `performance`,
/// `recommenders`) or a one-record field (`photo`), by column: each row's items are a range of
/// item numbers (`rowEnds`, cumulative; a row that is not known stores `~end`), each item's key
/// list is one of the field's distinct key lists (`shapes`, file order kept), and each key's
/// values over all items are one column (text for text sub-fields, codes otherwise; `.null`
/// where an item lacks the key). A row whose value is anything else — a list with a non-record
/// item, more than 255 key lists — is kept whole in `others`.
struct RecordColumn: Sendable {
    /// Where a key's values are: `texts[i]` or `coded[i]`.
    enum Slot: Sendable, Equatable { case text(Int), coded(Int) }

    let subs: [SubField]
    let single: Bool
    var rowEnds: [Int32] = []
    var others: [Int: Value] = [:]
    var shapes: [[String]] = []
    /// For each shape, the slot of each of its keys.
    var shapeSlots: [[Slot]] = []
    var shapeOf: [UInt8] = []
    var keySlot: [String: Slot] = [:]
    /// Key order of first appearance (merging walks keys in a fixed order).
    var keyOrder: [String] = []
    var texts: [TextColumn] = []
    var coded: [CodedColumn] = []
    var items = 0

    init(subs: [SubField], single: Bool) { self.subs = subs; self.single = single }

    @inline(__always) func bounds(_ i: Int) -> (Int, Int, Bool) {
        let e = Int(rowEnds[i])
        let s: Int
        if i == 0 { s = 0 } else { let p = Int(rowEnds[i - 1]); s = p < 0 ? ~p : p }
        return e < 0 ? (s, ~e, false) : (s, e, true)
    }

    subscript(i: Int) -> Value {
        let (s, e, known) = bounds(i)
        guard known else { return others[i] ?? .null }
        if single { return .object(record(s)) }
        var out: [Value] = []
        out.reserveCapacity(e - s)
        for it in s..<e { out.append(.object(record(it))) }
        return .list(out)
    }

    @inline(__always) func value(_ slot: Slot, _ it: Int) -> Value {
        switch slot {
        case .text(let k): return texts[k][it]
        case .coded(let k): return coded[k][it]
        }
    }

    func record(_ it: Int) -> Record {
        let k = Int(shapeOf[it])
        var r = Record()
        r.keys = shapes[k]
        let slots = shapeSlots[k]
        var values: [Value] = []
        values.reserveCapacity(slots.count)
        for sl in slots { values.append(value(sl, it)) }
        r.values = values
        return r
    }

    mutating func append(_ v: Value, row: Int) {
        var recs: [Record] = []
        switch v {
        case .object(let r) where single: recs = [r]
        case .list(let l) where !single:
            recs.reserveCapacity(l.count)
            for item in l {
                guard case .object(let r) = item else { return keep(v, row: row) }
                recs.append(r)
            }
        default:
            return keep(v, row: row)
        }
        var kinds: [Int] = []
        kinds.reserveCapacity(recs.count)
        for r in recs {
            guard let k = shape(r.keys) else { return keep(v, row: row) }
            kinds.append(k)
        }
        let columns = texts.count + coded.count
        for (r, k) in zip(recs, kinds) {
            shapeOf.append(UInt8(k))
            let slots = shapeSlots[k]
            for (sl, value) in zip(slots, r.values) {
                switch sl {
                case .text(let c): texts[c].append(value, row: items)
                case .coded(let c): coded[c].append(value)
                }
            }
            if slots.count < columns {
                // Keys this item lacks: not known.
                for c in texts.indices where !slots.contains(.text(c)) { texts[c].append(.null, row: items) }
                for c in coded.indices where !slots.contains(.coded(c)) { coded[c].append(.null) }
            }
            items += 1
        }
        rowEnds.append(Int32(items))
    }

    /// Appends one row of items read straight from a file, the same as `append(.list(records))`
    /// of records with the present sub-fields in catalog order: item `i` has sub-field `j`
    /// (`subs[j]`) when bit `j` of `masks[i]` is set, its value at `values[i * subs.count + j]`.
    mutating func append(masks: [UInt32], values: [Value], row: Int) {
        let width = subs.count
        var kinds: [Int] = []
        kinds.reserveCapacity(masks.count)
        for m in masks {
            guard let k = shape(mask: m) else {
                // Past what a column numbers: the records themselves.
                return append(.list(masks.indices.map { i in .object(record(mask: masks[i], values, at: i * width)) }), row: row)
            }
            kinds.append(k)
        }
        let columns = texts.count + coded.count
        for (i, k) in kinds.enumerated() {
            shapeOf.append(UInt8(k))
            let slots = shapeSlots[k]
            var m = masks[i], n = 0
            while m != 0 {
                let j = m.trailingZeroBitCount
                m &= m - 1
                let value = values[i * width + j]
                switch slots[n] {
                case .text(let c): texts[c].append(value, row: items)
                case .coded(let c): coded[c].append(value)
                }
                n += 1
            }
            if slots.count < columns {
                for c in texts.indices where !slots.contains(.text(c)) { texts[c].append(.null, row: items) }
                for c in coded.indices where !slots.contains(.coded(c)) { coded[c].append(.null) }
            }
            items += 1
        }
        rowEnds.append(Int32(items))
    }

    /// The record of the sub-fields whose bits `mask` sets, values from `values[at...]`.
    func record(mask: UInt32, _ values: [Value], at: Int) -> Record {
        var r = Record()
        for j in subs.indices where mask & (1 << UInt32(j)) != 0 { r.keys.append(subs[j].key); r.values.append(values[at + j]) }
        return r
    }

    /// The shape of the key list `mask` stands for (see `append(masks:values:row:)`), remembered
    /// by mask.
    mutating func shape(mask: UInt32) -> Int? {
        guard subs.count <= 8 else { return shape(subs.indices.filter { mask & (1 << UInt32($0)) != 0 }.map { subs[$0].key }) }
        if maskShapes.isEmpty { maskShapes = Array(repeating: -1, count: 1 << subs.count) }
        let known = maskShapes[Int(mask)]
        if known >= 0 { return Int(known) }
        guard let k = shape(subs.indices.filter { mask & (1 << UInt32($0)) != 0 }.map { subs[$0].key }) else { return nil }
        maskShapes[Int(mask)] = Int16(k)
        return k
    }
    var maskShapes: [Int16] = []

    mutating func keep(_ v: Value, row: Int) {
        if !v.isNull { others[row] = v }
        rowEnds.append(~Int32(items))
    }

    mutating func reserveItems(_ n: Int) {
        shapeOf.reserveCapacity(n)
        for c in texts.indices {
            let scale = texts[c].ends.isEmpty ? 1 : Double(n) / Double(texts[c].ends.count)
            texts[c].ends.reserveCapacity(n)
            texts[c].bytes.reserveCapacity(Int(Double(texts[c].bytes.count) * scale))
        }
        for c in coded.indices { coded[c].codes.reserveCapacity(n) }
    }

    /// The shape of a key list, added when new; nil past 255 shapes or 60 keys.
    mutating func shape(_ keys: [String]) -> Int? {
        for (k, s) in shapes.enumerated() where s == keys { return k }
        guard shapes.count < 255, Set(keys).count == keys.count else { return nil }
        var slots: [Slot] = []
        for key in keys {
            if let sl = keySlot[key] { slots.append(sl); continue }
            guard keyOrder.count < 60 else { return nil }
            let sl: Slot
            if subs.contains(where: { $0.key == key && $0.kind == .string }) {
                var t = TextColumn()
                for it in 0..<items { t.append(.null, row: it) }
                sl = .text(texts.count); texts.append(t)
            } else {
                var c = CodedColumn()
                for _ in 0..<items { c.append(.null) }
                sl = .coded(coded.count); coded.append(c)
            }
            keySlot[key] = sl
            keyOrder.append(key)
            slots.append(sl)
        }
        shapes.append(keys)
        shapeSlots.append(slots)
        return shapes.count - 1
    }

    /// Appends `o`'s rows column by column: its key lists become ours, its key columns are
    /// appended to ours (codes remapped), keys it lacks get not-known values.
    mutating func append(contentsOf o: RecordColumn, base: Int) {
        var shapeMap: [UInt8] = []
        for s in o.shapes {
            guard let k = shape(s) else {
                // More key lists than a column numbers: row by row (kept whole past the limit).
                for i in 0..<o.rowEnds.count { append(o[i], row: base + i) }
                return
            }
            shapeMap.append(UInt8(k))
        }
        for key in keyOrder {
            let theirs = o.keySlot[key]
            switch keySlot[key]! {
            case .text(let c):
                if case .text(let oc)? = theirs {
                    texts[c].append(contentsOf: o.texts[oc], base: items)
                } else {
                    for it in 0..<o.items { texts[c].append(.null, row: items + it) }
                }
            case .coded(let c):
                if case .coded(let oc)? = theirs {
                    coded[c].append(contentsOf: o.coded[oc])
                } else {
                    for _ in 0..<o.items { coded[c].append(.null) }
                }
            }
        }
        shapeOf.reserveCapacity(shapeOf.count + o.shapeOf.count)
        for k in o.shapeOf { shapeOf.append(shapeMap[Int(k)]) }
        let shift = Int32(items)
        rowEnds.reserveCapacity(rowEnds.count + o.rowEnds.count)
        for e in o.rowEnds { rowEnds.append(e < 0 ? ~(~e + shift) : e + shift) }
        for (r, v) in o.others { others[base + r] = v }
        items += o.items
    }
}

/// A value as a dictionary key that keeps apart what `Value`'s `==` merges: text compares by
/// its UTF-8 bytes (`==` on `String` merges canonically equivalent spellings, NFC and NFD), so
/// a coded column gives back the spelling each row had.
struct ExactValue: Hashable, Sendable {
    let value: Value
    init(_ v: Value) { value = v }

    static func == (a: ExactValue, b: ExactValue) -> Bool { same(a.value, b.value) }

    /// Equal and spelled the same: text by UTF-8 bytes, decimals by bit pattern (`-0.0` is not
    /// `0.0`), values of different cases never.
    @inline(__always)
    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.string(var x), .string(var y)):
            let n = x.utf8.count
            guard n == y.utf8.count else { return false }
            return x.withUTF8 { px in y.withUTF8 { py in n == 0 || memcmp(px.baseAddress!, py.baseAddress!, n) == 0 } }
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
        case (.date(let x), .date(let y)): return x == y
        case (.null, _), (.bool, _), (.int, _), (.double, _), (.date, _), (.string, _): return false
        default: return a == b
        }
    }

    func hash(into h: inout Hasher) {
        switch value {
        case .string(var s):
            h.combine(0xE5 as UInt8)
            s.withUTF8 { h.combine(bytes: UnsafeRawBufferPointer($0)) }
        case .double(let d):
            h.combine(0xD0 as UInt8)
            h.combine(d.bitPattern)
        default:
            h.combine(value)
        }
    }
}
