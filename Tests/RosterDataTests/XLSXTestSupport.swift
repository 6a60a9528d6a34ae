import Foundation
import Testing
import ZIPFoundation
@testable import RosterData

/// Hand-built `.xlsx` packages for reader tests: XML strings zipped with ZIPFoundation.
enum XLSXFixture {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let pkg = "http://schemas.openxmlformats.org/package/2006/relationships"

    static func zip(_ parts: [(String, String)]) -> [UInt8] {
        zipBytes(parts.map { ($0.0, Array($0.1.utf8)) })
    }

    static func zipBytes(_ parts: [(String, [UInt8])]) -> [UInt8] {
        let archive = try! Archive(data: Data(), accessMode: .create)
        for (name, bytes) in parts {
            try! archive.addEntry(with: name, type: .file, uncompressedSize: Int64(bytes.count),
                                  compressionMethod: .deflate) { pos, size in
                Data(bytes[Int(pos)..<min(bytes.count, Int(pos) + size)])
            }
        }
        return [UInt8](archive.data!)
    }

    /// The parts of a zip, by name.
    static func unzip(_ bytes: [UInt8]) -> [String: String] {
        let archive = try! Archive(data: Data(bytes), accessMode: .read)
        var out: [String: String] = [:]
        for entry in archive {
            var data = Data()
            _ = try! archive.extract(entry) { data.append($0) }
            out[entry.path] = String(decoding: data, as: UTF8.self)
        }
        return out
    }

    struct Sheet {
        var name: String
        /// Body of `<sheetData>`.
        var data: String
        var path: String
        var state: String? = nil
        /// XML after `</sheetData>` (e.g. `<mergeCells>`).
        var tail: String = ""
        var kind = "worksheet"

        init(_ name: String, _ data: String, path: String = "xl/worksheets/sheet1.xml", state: String? = nil,
             tail: String = "", kind: String = "worksheet") {
            self.name = name; self.data = data; self.path = path; self.state = state; self.tail = tail; self.kind = kind
        }
    }

    /// A workbook whose sheets live at the given paths (not necessarily `sheetN.xml`).
    static func workbook(_ sheets: [Sheet], sharedStrings: [String]? = nil, styles: String? = nil,
                         workbookPr: String = "<workbookPr/>", extra: [(String, String)] = []) -> [UInt8] {
        var parts: [(String, String)] = []
        parts.append(("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"))
        parts.append(("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships xmlns=\"\(pkg)\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"))
        var sheetList = "", rels = ""
        for (i, s) in sheets.enumerated() {
            let state = s.state.map { " state=\"\($0)\"" } ?? ""
            sheetList += "<sheet name=\"\(s.name)\" sheetId=\"\(i + 1)\"\(state) r:id=\"rIdS\(i)\"/>"
            rels += "<Relationship Id=\"rIdS\(i)\" Type=\"\(rel)/\(s.kind)\" Target=\"/\(s.path)\"/>"
            parts.append((s.path, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<worksheet xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheetData>\(s.data)</sheetData>\(s.tail)</worksheet>"))
        }
        if let sharedStrings {
            rels += "<Relationship Id=\"rIdSS\" Type=\"\(rel)/sharedStrings\" Target=\"strings/shared.xml\"/>"
            parts.append(("xl/strings/shared.xml", "<sst xmlns=\"\(main)\" count=\"\(sharedStrings.count)\" uniqueCount=\"\(sharedStrings.count)\">" + sharedStrings.map { $0.hasPrefix("<") ? "<si>\($0)</si>" : "<si><t>\($0)</t></si>" }.joined() + "</sst>"))
        }
        if let styles {
            rels += "<Relationship Id=\"rIdST\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/>"
            parts.append(("xl/styles.xml", "<styleSheet xmlns=\"\(main)\">\(styles)</styleSheet>"))
        }
        parts.append(("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\">\(workbookPr)<sheets>\(sheetList)</sheets></workbook>"))
        parts.append(("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"\(pkg)\">\(rels)</Relationships>"))
        parts.append(contentsOf: extra)
        return zip(parts)
    }

    static func read(_ bytes: [UInt8], sheet: String? = nil) throws(RosterError) -> SpreadsheetGrid {
        try XLSXReader.read(bytes: bytes, fileName: "测试.xlsx", sheet: sheet)
    }

    /// The error a read throws, or nil when it succeeds.
    static func error(_ bytes: [UInt8], sheet: String? = nil) -> RosterError? {
        do { _ = try read(bytes, sheet: sheet); return nil } catch { return error }
    }

    static func day(_ s: String) -> Day { Day.parse(s)! }

    static func tempDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
