#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Catches CSV files whose lines are in different encodings (a UTF-8 file with rows pasted from a
/// GB18030 one, or two files of different encodings concatenated). Decoding such a file as GB18030
/// would not fail — GB18030 accepts almost any byte pairs — but would turn the UTF-8 lines into
/// mojibake that then loads as names and units. So before a GB18030 decode, lines that are clearly
/// UTF-8 (valid, with at least three multi-byte characters: GB18030 Chinese text is practically never
/// valid UTF-8 over that length) make the load fail with both line numbers.
enum EncodingCheck {
    static func checkNotMixed(_ bytes: [UInt8], file: String, forced: Bool) throws(RosterError) {
        var utf8Line: Int? = nil, otherLine: Int? = nil
        var line = 1
        var start = 0
        let n = bytes.count
        while start < n && (utf8Line == nil || otherLine == nil) {
            var end = start
            var nonASCII = false
            while end < n && bytes[end] != 0x0A { if bytes[end] >= 0x80 { nonASCII = true }; end += 1 }
            if nonASCII {
                var multi = 0
                if let s = String(validating: bytes[start..<end], as: UTF8.self) {
                    for u in s.unicodeScalars where u.value >= 0x80 && u.value != 0xFEFF { multi += 1 }
                    if multi >= 3, utf8Line == nil { utf8Line = line }
                } else if otherLine == nil {
                    otherLine = line
                }
            }
            line += 1
            start = end + 1
        }
        guard let u = utf8Line else { return }
        if let o = otherLine {
            throw RosterError(file: file, line: o, message: "文件编码混杂：第 \(u) 行是 UTF-8，第 \(o) 行不是（GB18030/GBK？）；"
                              + "请在 Excel 或 WPS 中打开后整体另存为一种编码（“CSV UTF-8”）")
        }
        if forced {
            throw RosterError(file: file, line: u, message: "指定了 --encoding gb18030，但文件是 UTF-8 编码（第 \(u) 行）；去掉 --encoding 即可")
        }
    }

    /// What to do about a file that is not UTF-8, by format.
    static func howToFix(_ format: RosterFileFormat) -> String {
        switch format {
        case .csv: return "请在 Excel 中另存为「CSV UTF-8（逗号分隔）」（WPS：另存为 CSV），或用记事本另存为 UTF-8 编码"
        default: return "JSON 文件须为 UTF-8 编码：请用记事本或 VS Code 另存为 UTF-8"
        }
    }

    /// A UTF-16 or UTF-32 file (with a byte-order mark, or without one but with the NUL bytes of
    /// ASCII text in it) is named as such, with how to save it as UTF-8.
    static func checkNotUTF16(_ b: [UInt8], file: String, format: RosterFileFormat) throws(RosterError) {
        var name: String? = nil
        var bom = ""
        if b.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { name = "UTF-32 LE"; bom = "FF FE 00 00" }
        else if b.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { name = "UTF-32 BE"; bom = "00 00 FE FF" }
        else if b.starts(with: [0xFF, 0xFE]) { name = "UTF-16 LE"; bom = "FF FE" }
        else if b.starts(with: [0xFE, 0xFF]) { name = "UTF-16 BE"; bom = "FE FF" }
        if let name {
            let excel = name == "UTF-16 LE" ? "Excel 的「Unicode 文本」就是这种编码；" : ""
            throw RosterError(file: file, line: 1, message: "文件是 \(name) 编码（开头的字节顺序标记 BOM 为 \(bom)；\(excel)"
                              + "不是 UTF-8\(format == .csv ? " 或 GB18030" : "")）：\(howToFix(format))")
        }
        if b.count >= 4 {
            var guess: String? = nil
            if b[0] != 0, b[1] == 0, b[2] == 0, b[3] == 0 { guess = "UTF-32 LE" }
            else if b[0] == 0, b[1] == 0, b[2] == 0, b[3] != 0 { guess = "UTF-32 BE" }
            else if b[0] != 0, b[1] == 0, b[2] != 0, b[3] == 0 { guess = "UTF-16 LE" }
            else if b[0] == 0, b[1] != 0, b[2] == 0, b[3] != 0 { guess = "UTF-16 BE" }
            if let guess {
                throw RosterError(file: file, line: 1, message: "文件看来是 \(guess) 编码（没有字节顺序标记 BOM，但每个英文字母旁有 NUL 字节；"
                                  + "不是 UTF-8\(format == .csv ? " 或 GB18030" : "")）：\(howToFix(format))")
            }
        }
    }

    /// A NUL byte anywhere in a text file (JSON, JSON Lines, CSV) is an error naming its line and column.
    static func checkNoNUL(_ b: [UInt8], file: String) throws(RosterError) {
        let at: Int? = b.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress, let hit = memchr(base, 0, buf.count) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        guard let at else { return }
        let (l, c) = b.withUnsafeBufferPointer { buf in
            var li = LineIndex(buf.baseAddress!, count: buf.count)
            return li.locate(at)
        }
        throw RosterError(file: file, line: l, column: c, message: "第 \(l) 行有 NUL 字节（U+0000，空字符）：文本文件中不应有此字符，"
                          + "文件可能已损坏或由其他程序误写；请删去该字符后重新保存")
    }

    /// A byte order mark at the start of a row after the first: two CSV files concatenated.
    static func bomInRow(_ firstCell: String) -> Bool {
        firstCell.utf8.starts(with: [0xEF, 0xBB, 0xBF])
    }
}
