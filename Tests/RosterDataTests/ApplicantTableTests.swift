import Foundation
import Testing
@testable import RosterData
import TestSupport

/// The columnar store (`ApplicantTable`) gives back every applicant exactly as it was
/// appended — the kind of each value (`.int(88)` vs `.double(88)`), `-0.0`, unknown fields,
/// values a hand-built applicant puts in the "wrong" column — and its columns, codes and
/// the two-half append agree with the applicants.
@Suite struct ApplicantTableTests {
    static let slots = FieldCatalog.types.count
    static func slot(_ key: String) -> Int { FieldCatalog.types.slot(of: key)! }

    static func applicant(_ pairs: [(String, Value)], extras: [(String, Value)] = []) -> Applicant {
        var a = Applicant()
        for (k, v) in pairs { a[slot(k)] = v }
        a.extras = Record(extras)
        return a
    }

    /// Odd values a loader never makes but code that builds applicants can.
    static let odd: [Applicant] = [
        applicant([("id", .string("A1")), ("name", .string(""))]),
        applicant([("id", .string("A2")), ("self_score", .double(-0.0)), ("previous_application_year", .int(2023))]),
        applicant([("id", .string("A3")), ("self_score", .double(0.0)), ("previous_application_year", .double(2023))]),
        applicant([("id", .string("A4")), ("self_score", .int(88)), ("unit", .int(7)), ("level", .bool(true))]),
        applicant([("id", .null), ("name", .string("长名字" + String(repeating: "很长", count: 300)))],
                  extras: [("备注", .string("x")), ("来源", .list([.int(1)]))]),
        applicant([("id", .string("A6")), ("title_since", .date(Day(2019, 6, 30)!)), ("in_post", .bool(false)),
                   ("photo", .object(Record([("format", .string("jpg")), ("bytes", .int(1))]))),
                   ("continuing_education", .list([.object(Record([("year", .int(2023)), ("public", .double(30.5))]))]))]),
        Applicant(fields: [.string("A7")]),  // short field list: the rest are not known
        applicant([("id", .string("A8")), ("level", .string("Caf\u{E9}"))]),
        applicant([("id", .string("A9")), ("level", .string("Cafe\u{301}"))]),
    ]

    static func expected(_ a: Applicant) -> Applicant {
        var e = a
        while e.fields.count < slots { e.fields.append(.null) }
        return e
    }

    @Test func everyOddApplicantComesBackExactly() {
        let t = ApplicantTable(Self.odd)
        #expect(t.count == Self.odd.count)
        for (i, a) in Self.odd.enumerated() {
            let back = t[i]
            #expect(back == Self.expected(a), "row \(i)")
            for s in 0..<Self.slots {
                #expect(t.value(row: i, slot: s) == back.fields[s], "row \(i) slot \(s)")
            }
        }
        // -0.0 keeps its sign (== would not tell).
        guard case .double(let z) = t[1][Self.slot("self_score")] else { Issue.record("self_score"); return }
        #expect(z.sign == .minus)
        guard case .double(let p) = t[2][Self.slot("self_score")] else { Issue.record("self_score"); return }
        #expect(p.sign == .plus)
        #expect(t.extras(4)["备注"] == .string("x"))
        #expect(t.rowsWithExtras == [4])
        #expect(t.id(4) == "")
        #expect(t.id(0) == "A1")
        // Canonically equal spellings are two codes: each row keeps its own bytes.
        let level = Self.slot("level")
        #expect(t.value(row: 7, slot: level).stringValue.map { Array($0.utf8) } == Array("Caf\u{E9}".utf8))
        #expect(t.value(row: 8, slot: level).stringValue.map { Array($0.utf8) } == Array("Cafe\u{301}".utf8))
    }

    @Test func generatedRosterRoundTripsAndColumnsAgree() throws {
        let roster = RosterGenerator.generate(count: 600, seed: 7)
        let t = ApplicantTable(roster)
        #expect(Array(t) == roster)
        for s in 0..<Self.slots {
            #expect(t.column(s) == roster.map { $0.fields[s] }, "slot \(s)")
            if let (codes, values) = t.codes(s) {
                #expect(codes.map { values[Int($0)] } == roster.map { $0.fields[s] }, "codes of slot \(s)")
                #expect(Set(values).count == values.count || values.contains(.double(-0.0)), "distinct values of slot \(s)")
            }
        }
    }

    @Test(arguments: [0, 1, 299, 300, 599])
    func appendingTheSecondHalfEqualsAppendingOneByOne(_ cut: Int) {
        var roster = RosterGenerator.generate(count: 600, seed: 11)
        // Values that only one half has, so the codes of the halves differ.
        roster[cut][Self.slot("self_score")] = .double(12.25)
        roster[599 - cut][Self.slot("unit")] = .null
        roster[cut].extras = Record([("备注", .string("仅此一行"))])
        var first = ApplicantTable(roster[..<cut])
        first.append(contentsOf: ApplicantTable(roster[cut...]))
        #expect(first == ApplicantTable(roster))
        #expect(Array(first) == roster)
        #expect(first.extras(cut)["备注"] == .string("仅此一行"))
    }

    /// 1-byte codes widen to 2 and then 4 bytes without changing a value.
    @Test(arguments: [255, 256, 257, 65_536, 65_537])
    func codesWidenPastEachWidth(_ distinct: Int) {
        var t = ApplicantTable()
        let s = Self.slot("previous_application_year")
        for i in 0..<distinct + 3 {
            var a = Applicant()
            a[s] = .int(i < distinct ? i : 0)
            t.append(a)
        }
        #expect(t.count == distinct + 3)
        for i in [0, 1, 254, distinct - 1, distinct, distinct + 2] {
            #expect(t.value(row: i, slot: s) == .int(i < distinct ? i : 0), "row \(i)")
        }
        let (codes, values) = t.codes(s)!
        #expect(values.count == distinct)
        #expect(codes.count == distinct + 3)
    }

    /// List-of-record fields by column: every odd shape a hand-built or unusual file gives.
    @Test func recordFieldsComeBackExactly() {
        func rec(_ pairs: [(String, Value)]) -> Value { .object(Record(pairs)) }
        let ce = "continuing_education", perf = "performance"
        var roster: [Applicant] = [
            Self.applicant([("id", .string("B1")), (ce, .list([]))]),
            Self.applicant([("id", .string("B2"))]),
            Self.applicant([("id", .string("B3")), (ce, .list([rec([("year", .int(2023)), ("public", .double(30.5))]),
                                                                  rec([("public", .int(30)), ("year", .int(2022))])]))]),
            // An unknown sub-key first seen late: earlier items get it as not known.
            Self.applicant([("id", .string("B4")), (ce, .list([rec([("year", .int(2024)), ("备注", .string("补录"))])]))]),
            // Not records: kept whole.
            Self.applicant([("id", .string("B5")), (ce, .list([.int(1), rec([("year", .int(2020))])])), (perf, .string("x"))]),
            Self.applicant([("id", .string("B6")), (perf, .list([rec([("title", .string("工程")), ("new", .bool(true))]),
                                                                    rec([("title", .int(3))]), rec([])]))]),
            Self.applicant([("id", .string("B7")), ("photo", .object(Record([("format", .string("png"))]))),
                            (ce, .list([rec([("year", .int(2021)), ("year", .int(2022))])]))]),
            Self.applicant([("id", .string("B8")), ("photo", .list([]))]),
        ]
        // More key lists than a column numbers: the later rows are kept whole.
        for i in 0..<300 {
            roster.append(Self.applicant([("id", .string("K\(i)")), (ce, .list([rec([("k\(i)", .int(i))])]))]))
        }
        let t = ApplicantTable(roster)
        for (i, a) in roster.enumerated() {
            #expect(t[i] == Self.expected(a), "row \(i)")
        }
        #expect(t.value(row: 0, slot: Self.slot(ce)) == .list([]))
        #expect(t.value(row: 1, slot: Self.slot(ce)) == .null)
        var halves = ApplicantTable(roster[..<4])
        halves.append(contentsOf: ApplicantTable(roster[4...]))
        #expect(halves == t)
        // Halves whose key lists and sub-keys differ, merged column by column.
        let few = Array(roster[..<8])
        for cut in 0...few.count {
            var h = ApplicantTable(few[..<cut])
            h.append(contentsOf: ApplicantTable(few[cut...]))
            #expect(h == ApplicantTable(few), "cut \(cut)")
            #expect(Array(h) == few.map(Self.expected), "cut \(cut)")
        }
    }

    @Test func recordsOfListFieldsShareTheirKeyArrays() {
        let roster = RosterGenerator.generate(count: 50, seed: 3)
        let t = ApplicantTable(roster)
        let ce = Self.slot("continuing_education")
        var buffers = Set<UInt>()
        for i in 0..<t.count {
            for item in t.value(row: i, slot: ce).listValue ?? [] {
                guard let r = item.objectValue else { continue }
                r.keys.withUnsafeBufferPointer { buffers.insert(UInt(bitPattern: $0.baseAddress)) }
            }
        }
        #expect(!buffers.isEmpty)
        #expect(buffers.count <= 4, "continuing_education records use \(buffers.count) key arrays")
    }

    @Test func loadedDatasetsIndexIdsAndExtrasFromTheColumns() throws {
        let text = #"{"applicants": [{"id": "A1", "name": "张伟", "备注": "甲"}, {"id": "A2", "name": "李娜", "来源": 3}]}"#
        let r = try RosterLoader.load(bytes: Array(text.utf8), fileName: "t.json", name: "t", options: LoadOptions())
        #expect(r.dataset.idIndex == ["A1": 0, "A2": 1])
        #expect(r.dataset.extraKeys == ["备注", "来源"])
        #expect(r.dataset.applicant(id: "A2")?.name == "李娜")
        #expect(r.dataset.value(row: 1, slot: FieldCatalog.Slot.name) == .string("李娜"))
    }
}
