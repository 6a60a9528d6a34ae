#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One pass of glibc iconv over a whole buffer: the converted bytes, and the offset in the
/// input where conversion stopped (nil when everything converted). GB18030 text from
/// Excel/WPS is decoded, and exports for old Excel are encoded, through this.
func iconvConvert(_ cd: iconv_t?, _ bytes: [UInt8]) -> (output: [UInt8], failedAt: Int?) {
    if bytes.isEmpty { return ([], nil) }
    var input = bytes
    // GB18030 needs at most 4 bytes per character; UTF-8 at most 4 per GB18030 character of ≥ 2 bytes.
    var out = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
    var failedAt: Int? = nil
    var produced = 0
    input.withUnsafeMutableBufferPointer { ib in
        out.withUnsafeMutableBufferPointer { ob in
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ib.baseAddress!).assumingMemoryBound(to: CChar.self)
            var inLeft = ib.count
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ob.baseAddress!).assumingMemoryBound(to: CChar.self)
            var outLeft = ob.count
            let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            if r == -1 || inLeft != 0 { failedAt = ib.count - inLeft }
            produced = ob.count - outLeft
        }
    }
    out.removeSubrange(produced...)
    return (out, failedAt)
}
