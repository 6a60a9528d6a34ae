import Foundation
import ZIPFoundation

/// The zip container of an `.xlsx` workbook: opening it with clear errors, finding parts
/// case-insensitively, following relationships, and streaming a part through `XMLScanner`.
struct XLSXPackage {
    let file: String
    private let archive: Archive
    /// Normalised (lowercased, `/`-separated, no leading `/`) part name → entry.
    private let entries: [String: Entry]
    /// Bytes in the zip file: no part's compressed data can be longer.
    private let size: UInt64
    /// The file's bytes (mapped), and where each part's compressed data lies in them (from the
    /// central directory, checked by `checkBounds`): parts are inflated from exactly that range.
    private let bytes: Data?
    private let spans: [String: Span]

    struct Span { let start: Int, count: Int, method: Int, crc: UInt32 }
    enum InflateError: Error { case noMoreInput }

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
        self.size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.uint64Value ?? UInt64.max
        var spans: [String: Span] = [:]
        let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        if let data {
            var failure: RosterError?
            data.withUnsafeBytes { raw in
                do throws(RosterError) { spans = try XLSXPackage.checkBounds(raw, file: path) } catch { failure = error }
            }
            if let failure { throw failure }
        }
        self.bytes = data
        self.spans = spans
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
        self.size = UInt64(bytes.count)
        var failure: RosterError?
        var spans: [String: Span] = [:]
        bytes.withUnsafeBytes { raw in
            do throws(RosterError) { spans = try XLSXPackage.checkBounds(raw, file: fileName) } catch { failure = error }
        }
        if let failure { throw failure }
        self.bytes = Data(bytes)
        self.spans = spans
    }

    /// Every part's compressed data must lie inside the file. ZIPFoundation 0.9.20 trusts the
    /// sizes in the zip's directory and, for data that runs past the end of the file, keeps
    /// reading at EOF without end (a fuzzer's find: a 2 KB file hung `load`). So the central
    /// directory is walked once here — the end record, each entry's local header offset and
    /// compressed size — and an entry whose data ends beyond the file is refused by name.
    /// ZIP64 fields (0xFFFFFFFF) are left to ZIPFoundation.
    @discardableResult
    static func checkBounds(_ d: UnsafeRawBufferPointer, file: String) throws(RosterError) -> [String: Span] {
        var spans: [String: Span] = [:]
        let n = d.count
        func u16(_ i: Int) -> Int? { i >= 0 && i + 2 <= n ? Int(d[i]) | Int(d[i + 1]) << 8 : nil }
        func u32(_ i: Int) -> Int? {
            guard i >= 0, i + 4 <= n else { return nil }
            return Int(d[i]) | Int(d[i + 1]) << 8 | Int(d[i + 2]) << 16 | Int(d[i + 3]) << 24
        }
        // The end-of-central-directory record: in the last 22 + 65,535 bytes.
        var eocd = -1
        var i = n - 22
        while i >= max(0, n - 22 - 65_535) {
            if u32(i) == 0x0605_4B50 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0, let count = u16(eocd + 10), let cdOffset = u32(eocd + 16),
              count != 0xFFFF, cdOffset != 0xFFFF_FFFF else { return [:] }
        var p = cdOffset
        for _ in 0..<count {
            guard u32(p) == 0x0201_4B50, let csize = u32(p + 20), let nameLen = u16(p + 28),
                  let extraLen = u16(p + 30), let commentLen = u16(p + 32), let local = u32(p + 42),
                  p + 46 + nameLen <= n, let method = u16(p + 10), let crc = u32(p + 16) else { return [:] }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: d[(p + 46)..<(p + 46 + nameLen)]), as: UTF8.self)
            if csize != 0xFFFF_FFFF, local != 0xFFFF_FFFF {
                guard u32(local) == 0x0403_4B50, let ln = u16(local + 26), let le = u16(local + 28) else {
                    throw RosterError(file: file, message: "部件 \(RosterError.quote(name)) 的位置记录有误（文件已损坏）")
                }
                if local + 30 + ln + le + csize > n {
                    throw RosterError(file: file, message: "部件 \(RosterError.quote(name)) 的数据超出文件末尾（文件被截断或已损坏）")
                }
                let key = normalise(name)
                if spans[key] == nil {
                    spans[key] = Span(start: local + 30 + ln + le, count: csize, method: method, crc: UInt32(crc))
                }
            }
            p += 46 + nameLen + extraLen + commentLen
        }
        return spans
    }

    /// Inflates a part from exactly its compressed bytes, handing `consume` 256 KiB at a time.
    /// ZIPFoundation's Linux inflate loop asks its provider for more input until the deflate
    /// stream ends and, reading from the file, gets the bytes after the part and then nothing,
    /// for ever, when a corrupt stream never ends (a fuzzer's find). Here the provider gives
    /// the part's bytes and then refuses, so a stream that does not end is an error.
    private static func inflate(_ span: Span, of bytes: Data, consume: (Data) throws -> Void) throws -> Bool {
        let chunk = 1 << 18
        let base = bytes.startIndex + span.start
        switch span.method {
        case 0:
            var at = 0
            var crc = CRC32(0)
            while at < span.count {
                let piece = bytes.subdata(in: (base + at)..<(base + min(span.count, at + chunk)))
                crc = piece.crc32(checksum: crc)
                try consume(piece)
                at += piece.count
            }
            return crc == span.crc
        case 8:
            var at = 0
            let crc = try Data.decompress(size: Int64(span.count), bufferSize: chunk, skipCRC32: false, provider: { _, size in
                guard at < span.count else { throw InflateError.noMoreInput }
                let n = min(size, span.count - at)
                defer { at += n }
                // ZIPFoundation's Linux `decode` sets zlib's `avail_in` to the buffer size, not to
                // the chunk's length: a shorter chunk would be read past its end. So every chunk
                // is `size` bytes, the part's own bytes then zeros (a stream that has not ended
                // by then is corrupt; the next call refuses).
                var piece = bytes.subdata(in: (base + at)..<(base + at + n))
                if n < size { piece.append(Data(count: size - n)) }
                return piece
            }, consumer: consume)
            return crc == span.crc
        default:
            throw InflateError.noMoreInput
        }
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
        // A compressed size beyond the file's end is corruption; ZIPFoundation 0.9.20 would
        // keep reading past EOF for it, without end (a fuzzer's find).
        guard entry.compressedSize <= size else {
            throw RosterError(file: file, message: "无法解压部件 \(part)：记录的压缩大小（\(entry.compressedSize) 字节）超过文件本身（\(size) 字节），文件已损坏")
        }
        var scanner = XMLScanner(handler: handler, file: file, part: part)
        // Ctrl-C: every 256 KiB of XML (a big worksheet or shared-strings part).
        let consume: (Data) throws -> Void = { data in
            try LoadCancellation.check(file)
            try scanner.feed(data)
        }
        do {
            if let bytes, let span = spans[XLSXPackage.normalise(part)] {
                guard try XLSXPackage.inflate(span, of: bytes, consume: consume) else {
                    throw RosterError(file: file, message: "无法解压部件 \(part)：校验和不符，数据已损坏")
                }
            } else {
                _ = try archive.extract(entry, bufferSize: 1 << 18, skipCRC32: false, consumer: consume)
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
