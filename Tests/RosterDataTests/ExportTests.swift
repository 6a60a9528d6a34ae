#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import RosterData
import TestSupport

@Suite struct ExportTests {
    static let roster = RosterGenerator.generate(count: 300, seed: 7)

    func roundTrip(_ applicants: [Applicant], _ format: RosterFileFormat, options: ExportOptions = ExportOptions()) throws -> [Applicant] {
        let bytes = try RosterExporter.data(applicants, extraKeys: [], format: format, options: options)
        return Array(try RosterLoader.load(bytes: bytes, fileName: "x." + format.rawValue, name: "x", options: LoadOptions()).dataset.applicants)
    }

    @Test(arguments: [RosterFileFormat.json, .jsonl, .csv])
    func roundTripGenerated(_ format: RosterFileFormat) throws {
        #expect(try roundTrip(Self.roster, format) == Self.roster)
        var chinese = ExportOptions()
        chinese.labels = .chinese
        #expect(try roundTrip(Self.roster, format, options: chinese) == Self.roster)
    }

    @Test(arguments: [RosterFileFormat.json, .jsonl, .csv])
    func roundTripSparse(_ format: RosterFileFormat) throws {
        // Many fields missing, empty lists and missing lists side by side.
        var sparse: [Applicant] = []
        for (i, a) in Self.roster.prefix(60).enumerated() {
            var b = Applicant()
            b[FieldCatalog.Slot.id] = a[FieldCatalog.Slot.id]
            b[FieldCatalog.Slot.name] = a[FieldCatalog.Slot.name]
            for slot in a.fields.indices where (slot + i) % 3 == 0 { b[slot] = a[slot] }
            if i % 4 == 0 { b[FieldCatalog.defaultPack.slot(of: "honors")!] = .list([]) }
            if i % 5 == 0 { b[FieldCatalog.defaultPack.slot(of: "performance")!] = .list([]) }
            sparse.append(b)
        }
        #expect(try roundTrip(sparse, format) == sparse)
    }

    @Test func jsonKeepsExtrasAndTypes() throws {
        let r = try load(one(#""zeta": [1, {"k": null}], "self_score": 78.0, "degree": "本科""#))
        let back = try roundTrip(Array(r.dataset.applicants), .json)
        #expect(back == Array(r.dataset.applicants))
        let text = String(decoding: try RosterExporter.jsonData(r.dataset.applicants), as: UTF8.self)
        #expect(text == "{\"applicants\": [\n{\"id\":\"A1\",\"name\":\"张伟\",\"degree\":\"本科\",\"self_score\":78.0,\"zeta\":[1,{\"k\":null}]}\n]}\n")
    }

    @Test func csvQuotingBomAndHeader() throws {
        let r = try load(one(#""unit": "甲,乙", "self_statement": "他说\"好\"\n完", "in_post": false, "submitted_on": "2024/7/4""#))
        var o = ExportOptions()
        o.bom = true
        o.columns = ["id", "name", "unit", "in_post", "self_statement", "submitted_on"]
        let bytes = try RosterExporter.csvData(r.dataset.applicants, options: o)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text == "id,name,unit,in_post,self_statement,submitted_on\nA1,张伟,\"甲,乙\",false,\"他说\"\"好\"\"\n完\",2024-07-04\n")
        o.labels = .chinese
        o.bom = false
        let zh = String(decoding: try RosterExporter.csvData(r.dataset.applicants, options: o), as: UTF8.self)
        #expect(zh.hasPrefix("申报编号,姓名,工作单位,在职在岗,本人述职,个人提交时间\n"))
    }

    @Test func csvFlatteningHeader() throws {
        let header = String(decoding: try RosterExporter.csvData(Self.roster), as: UTF8.self).split(separator: "\n")[0]
        let cols = header.split(separator: ",").map(String.init)
        #expect(cols.contains("continuing_education_count") && cols.contains("ce_2020_public") && cols.contains("ce_2024_other"))
        #expect(cols.contains("assessment_2023") && cols.contains("recommender_2_name") && cols.contains("performance_1_contributor_proof"))
        #expect(cols.contains("photo_height") && cols.contains("certificates_count"))
        #expect(Set(cols).count == cols.count)
    }

    @Test func masking() throws {
        #expect(maskPersonal("330802199001011234") == "330802********1234")
        #expect(maskPersonal("13812345678") == "138****5678")
        #expect(maskPersonal("3082267") == "3**2267")
        #expect(maskPersonal("1234") == "****", "too short to show any part")
        #expect(maskPersonal("") == "")
        let r = try load(one(#""id_number": "330802199001011234", "phone": "13812345678""#))
        var o = ExportOptions()
        o.mask = true
        let text = String(decoding: try RosterExporter.jsonData(r.dataset.applicants, options: o), as: UTF8.self)
        #expect(text.contains("330802********1234") && text.contains("138****5678") && !text.contains("13812345678"))
    }

    @Test func safeWrites() throws {
        let dir = tempDir()
        let path = dir + "/out.csv"
        #expect(try RosterExporter.write(Self.roster, extraKeys: [], format: .csv, to: path, options: ExportOptions()) == 300)
        let first = readBytes(path)
        #expect(first != nil)
        // No overwrite without force.
        let e = #expect(throws: RosterError.self) {
            try RosterExporter.write(Array(Self.roster.prefix(3)), extraKeys: [], format: .csv, to: path, options: ExportOptions())
        }
        #expect(e?.message.contains("--force") == true && e?.file == path)
        #expect(readBytes(path) == first)
        var force = ExportOptions()
        force.force = true
        #expect(try RosterExporter.write(Array(Self.roster.prefix(3)), extraKeys: [], format: .json, to: path, options: force) == 3)
        #expect(readBytes(path) != first)
        // Cancel: nothing left behind.
        let many = RosterGenerator.generate(count: 2500, seed: 1)
        var asked = 0
        let cancelled = dir + "/cancel.json"
        #expect(throws: RosterError.self) {
            try RosterExporter.write(many, extraKeys: [], format: .json, to: cancelled, options: ExportOptions(), shouldCancel: { asked += 1; return asked >= 2 })
        }
        #expect(readBytes(cancelled) == nil)
        #expect(listDir(dir) == ["out.csv"])
        // Missing folder.
        let missing = #expect(throws: RosterError.self) {
            try RosterExporter.write(many, extraKeys: [], format: .csv, to: dir + "/no/such/x.csv", options: ExportOptions())
        }
        #expect(missing?.message.contains(dir + "/no/such") == true)
        #expect(throws: RosterError.self) {
            try RosterExporter.write(many, extraKeys: [], format: .csv, to: dir, options: force)
        }
    }

    @Test func writtenFileLoadsBack() throws {
        let dir = tempDir()
        var o = ExportOptions()
        o.year = 2024
        o.notice = defaultPack.notice
        for format in [RosterFileFormat.json, .jsonl, .csv] {
            let path = dir + "/r." + format.rawValue
            try RosterExporter.write(Self.roster, extraKeys: [], format: format, to: path, options: o)
            let r = try RosterLoader.load(path: path, name: "r", options: LoadOptions())
            #expect(Array(r.dataset.applicants) == Self.roster)
            if format == .json { #expect(r.dataset.year == 2024 && r.dataset.notice == defaultPack.notice) }
        }
    }
}

@Suite struct GeneratorTests {
    @Test func deterministic() {
        let a = RosterGenerator.jsonBytes(count: 200, seed: 42)
        let b = RosterGenerator.jsonBytes(count: 200, seed: 42)
        #expect(sha256Hex(a) == sha256Hex(b))
        #expect(sha256Hex(a) != sha256Hex(RosterGenerator.jsonBytes(count: 200, seed: 43)))
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220A8397B1DCDAF)
    }

    @Test func coversTheRoster() throws {
        let apps = RosterGenerator.generate(count: 240, seed: 2024)
        #expect(apps.first?.id == "QZ2024-0001" && apps.last?.id == "QZ2024-0240")
        func all(_ key: String) -> [Value] { apps.map { $0[key] } }
        #expect(Set(all("level").compactMap(\.stringValue)) == ["技术员", "助理工程师", "工程师"])
        #expect(Set(all("route").compactMap(\.stringValue)) == Set(defaultPack.routeNames))
        #expect(Set(all("agency").compactMap(\.stringValue)) == Set(FieldCatalog.defaultPack.enumeration("agency")!.values))
        #expect(all("self_statement").contains(.string(String(repeating: "x", count: 0))) == false)
        let lengths = Set(all("self_statement").compactMap { $0.stringValue?.count })
        #expect(lengths.contains(1000) && lengths.contains(1001))
        #expect(all("title_since").contains(.date(Day(2020, 12, 31)!)))
        #expect(all("graduated_on").contains(.date(Day(2016, 2, 29)!)))
        #expect(all("work_started").contains(.date(Day(2024, 12, 31)!)))
        #expect(all("fee_paid").contains(.null) && all("degree").contains(.null))
        for a in apps {
            #expect(a["id_number"].stringValue?.count == 18)
            #expect(a["phone"].isNull || a["phone"].stringValue?.count == 11)
        }
        // Some experts recommend more than one applicant.
        var seen: [String: Int] = [:]
        for a in apps { for r in a["recommenders"].listValue ?? [] { seen[r.objectValue?["name"]?.stringValue ?? "", default: 0] += 1 } }
        #expect(seen.values.contains { $0 >= 2 })
    }

    @Test func exampleFileLoads() throws {
        let here = #filePath
        let parts = here.split(separator: "/", omittingEmptySubsequences: false)
        let root = parts[..<parts.lastIndex(of: "Tests")!].joined(separator: "/")
        let path = root + "/examples/roster-2024.json"
        let r = try RosterLoader.load(path: path, name: "roster-2024", options: LoadOptions())
        #expect(r.dataset.count == 240 && r.warnings.isEmpty)
        #expect(Array(r.dataset.applicants) == RosterGenerator.generate(count: 240, seed: 2024))
        #expect(readBytes(path) == RosterGenerator.jsonBytes(count: 240, seed: 2024))
    }
}
