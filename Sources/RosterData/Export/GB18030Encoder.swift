#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// UTF-8 → GB18030 for CSV exports that old Excel on Chinese Windows opens without garbling,
/// through the system's iconv, chunk by chunk (each chunk ends at a row boundary). GB18030 covers
/// all of Unicode, so a failure means the system iconv lacks a mapping (or the text is not valid
/// UTF-8); it is an error naming the output line and the character, never a silent `?`.
final class GB18030Encoder {
    let file: String
    private let cd: iconv_t
    private let opened: Bool
    /// Lines of output already converted, to name the line of a failure.
    private var linesDone = 0

    init(file: String) {
        self.file = file
        cd = iconv_open("GB18030", "UTF-8")
        opened = cd != iconv_t(bitPattern: -1)
    }

    deinit { if opened { iconv_close(cd) } }

    func convert(_ chunk: [UInt8]) throws(RosterError) -> [UInt8] {
        guard opened else { throw RosterError(file: file, message: "本机不支持 GB18030 转码（iconv），请改用 UTF-8 导出（可加 --bom）") }
        if chunk.isEmpty { return [] }
        let (out, failure) = iconvConvert(cd, chunk)
        if let failedAt = failure {
            _ = iconv(cd, nil, nil, nil, nil)   // reset the shift state
            let before = chunk[..<failedAt]
            let line = linesDone + before.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + 1
            var end = failedAt + 1
            while end < chunk.count, end < failedAt + 4, chunk[end] & 0xC0 == 0x80 { end += 1 }
            let what: String
            if let s = String(validating: chunk[failedAt..<end], as: UTF8.self), let u = s.unicodeScalars.first {
                what = "字符“\(s)”（U+\(String(u.value, radix: 16, uppercase: true))）"
            } else {
                what = "字节 0x\(String(chunk[failedAt], radix: 16, uppercase: true))（不是有效的 UTF-8）"
            }
            throw RosterError(file: file, line: line, message: "\(what)无法用 GB18030 编码；请改用 UTF-8 导出（可加 --bom），或修改该处文字")
        }
        linesDone += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return out
    }
}
