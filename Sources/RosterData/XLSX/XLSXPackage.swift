import Foundation
import ZIPFoundation

/// The zip container of an `.xlsx` workbook: opening it with clear errors, finding parts
/// case-insensitively, following relationships, and streaming a part through `XMLScanner`.
struct XLSXPackage {
    let file: String
    private let archive: Archive
    /// Normalised (lowercased, `/`-separated, no leading `/`) part name → entry.
    private let entries: [String: Entry]

    init(path: String) throws(RosterError) {
        file = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RosterError(file: path, message: "找不到文件")
        }
        if isDirectory.boolValue { throw RosterError(file: path, message: "这是一个文件夹，不是 Excel 工作簿") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RosterError(file: path, message: "无法读取文件（没有读取权限？）")
        }
        let head = [UInt8]((try? handle.read(upToCount: 8)) ?? Data())
        try? handle.close()
        try XLSXPackage.checkSignature(head, file: path)
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw XLSXPackage.brokenZip(path)
        }
        self.archive = archive
        self.entries = XLSXPackage.index(archive)
    }

    init(bytes: [UInt8], fileName: String) throws(RosterError) {
        file = fileName
        try XLSXPackage.checkSignature(Array(bytes.prefix(8)), file: fileName)
        // ZIPFoundation's in-memory archive traps on corrupt offsets (its read callback builds a
        // negative range when seeking past the end), so the bytes go through a private temporary
        // file instead, unlinked as soon as the archive holds it open.
        let temp = FileManager.default.temporaryDirectory
            .appendingPathComponent("zcsh-xlsx-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).xlsx")
        guard FileManager.default.createFile(atPath: temp.path, contents: Data(bytes),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw RosterError(file: fileName, message: "无法创建临时文件来读取工作簿：\(temp.path)")
        }
        defer { try? FileManager.default.removeItem(at: temp) }
        let archive: Archive
        do { archive = try Archive(url: temp, accessMode: .read) } catch {
            throw XLSXPackage.brokenZip(fileName)
        }
        self.archive = archive
        self.entries = XLSXPackage.index(archive)
    }

    private static func index(_ archive: Archive) -> [String: Entry] {
        var map: [String: Entry] = [:]
        for entry in archive where entry.type == .file {
            let key = normalise(entry.path)
            if map[key] == nil { map[key] = entry }
        }
        return map
    }

    static func normalise(_ part: String) -> String {
        var p = part.replacingOccurrences(of: "\\", with: "/")
        while p.hasPrefix("/") { p.removeFirst() }
        return p.lowercased()
    }

    private static func brokenZip(_ file: String) -> RosterError {
        RosterError(file: file, message: "zip 结构损坏或文件不完整（可能下载或复制时被截断），无法作为 Excel 工作簿（.xlsx）打开")
    }

    /// Tells apart an empty file, an old `.xls` or an encrypted workbook, and things that are no zip at all.
    private static func checkSignature(_ head: [UInt8], file: String) throws(RosterError) {
        if head.isEmpty { throw RosterError(file: file, message: "文件为空（0 字节），不是 Excel 工作簿") }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return }
        if head.starts(with: [0x50, 0x4B]) { throw brokenZip(file) }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw RosterError(file: file, message:
                "这是 Excel 97-2003 格式（.xls）或设置了打开密码的工作簿，无法直接读取；请在 Excel 或 WPS 中“另存为”不加密的 .xlsx 工作簿")
        }
        throw RosterError(file: file, message: "不是 Excel 工作簿（.xlsx）：文件不是 zip 压缩包（如果是 CSV 文本，请使用 .csv 扩展名）")
    }

    func contains(_ part: String) -> Bool { entries[XLSXPackage.normalise(part)] != nil }

    /// What else the zip looks like, for the "no workbook" error.
    var foreignKind: String? {
        if entries.keys.contains(where: { $0.hasPrefix("word/") }) { return "Word 文档（.docx）" }
        if entries.keys.contains(where: { $0.hasPrefix("ppt/") }) { return "PowerPoint 演示文稿（.pptx）" }
        if entries["content.xml"] != nil, entries["mimetype"] != nil { return "OpenDocument 文件（如 WPS/LibreOffice 的 .ods）" }
        return nil
    }

    /// Streams `part` through a scanner with `handler` and returns the handler.
    func scan<H: XMLHandler>(_ part: String, _ handler: H) throws(RosterError) -> H {
        guard let entry = entries[XLSXPackage.normalise(part)] else {
            throw RosterError(file: file, message: "工作簿缺少部件 \(part)，文件已损坏")
        }
        var scanner = XMLScanner(handler: handler, file: file, part: part)
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 18, skipCRC32: false) { data in
                // Ctrl-C: every 256 KiB of XML (a big worksheet or shared-strings part).
                try LoadCancellation.check(file)
                try scanner.feed(data)
            }
        } catch let e as RosterError {
            throw e
        } catch {
            throw RosterError(file: file, message: "无法解压部件 \(part)：数据已损坏（\(error)）")
        }
        try scanner.finish()
        return scanner.handler
    }

    /// The relationships of `part` (from `dir/_rels/name.rels`), targets resolved to part names.
    /// A missing rels part is no relationships.
    func relationships(of part: String) throws(RosterError) -> [Relationship] {
        let slash = part.lastIndex(of: "/")
        let dir = slash.map { String(part[..<$0]) } ?? ""
        let name = slash.map { String(part[part.index(after: $0)...]) } ?? part
        let relsPart = (dir.isEmpty ? "" : dir + "/") + "_rels/" + name + ".rels"
        guard contains(relsPart) else { return [] }
        let handler = try scan(relsPart, RelationshipsHandler())
        return handler.relationships.map { r in
            var r = r
            if !r.external { r.target = XLSXPackage.resolve(r.target, against: dir) }
            return r
        }
    }

    /// A relationship target (a relative URI) as a part name.
    static func resolve(_ target: String, against dir: String) -> String {
        let t = target.removingPercentEncoding ?? target
        var parts: [Substring] = t.hasPrefix("/") ? [] : dir.split(separator: "/")
        for piece in t.split(separator: "/") {
            if piece == "." || piece.isEmpty { continue }
            if piece == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(piece)
        }
        return parts.joined(separator: "/")
    }
}

struct Relationship {
    var id: String
    var type: String
    var target: String
    var external: Bool

    /// The last path component of the type URI: `officeDocument`, `worksheet`, `sharedStrings`, …
    /// (the same for transitional and strict OOXML).
    var kind: Substring { type.split(separator: "/").last ?? "" }
}

struct RelationshipsHandler: XMLHandler {
    var relationships: [Relationship] = []

    mutating func start(_ name: XMLBytes, _ attributes: XMLAttributes) throws(RosterError) {
        guard name.equals("Relationship") else { return }
        relationships.append(Relationship(
            id: attributes.string("Id") ?? "", type: attributes.string("Type") ?? "",
            target: attributes.string("Target") ?? "",
            external: attributes.string("TargetMode")?.lowercased() == "external"))
    }
    mutating func end(_ name: XMLBytes) throws(RosterError) {}
    mutating func text(_ text: XMLBytes, isCDATA: Bool) throws(RosterError) {}
}
