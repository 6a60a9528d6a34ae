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

    /// A byte order mark at the start of a row after the first: two CSV files concatenated.
    static func bomInRow(_ firstCell: String) -> Bool {
        firstCell.utf8.starts(with: [0xEF, 0xBB, 0xBF])
    }
}
