/// UTF-8 checks without the copies `String(validating:)` makes.
///
///     firstInvalidUTF8(Array("中文".utf8))        // nil
///     firstInvalidUTF8([0x41, 0xFF, 0x42])        // 1
///
/// The standard library's `UTF8Span` does the work (it validates in place, several times faster
/// than building a `String` to see whether it can be built); before Swift 6.2's runtime, the
/// byte-by-byte `invalidUTF8Offset`.
func firstInvalidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
    if #available(macOS 26, *) {
        do {
            _ = try UTF8Span(validating: b.span)
            return nil
        } catch {
            // Where, as the byte-by-byte check (and every message naming a column) counts it.
            return invalidUTF8Offset(b)
        }
    }
    let off = invalidUTF8Offset(b)
    return off == b.count ? nil : off
}

func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { firstInvalidUTF8($0) }
}

/// A `String` of bytes already known to be valid UTF-8 (a slice of a buffer checked whole by
/// `firstInvalidUTF8`, cut at ASCII bytes), copied without validating them again.
/// Only for such bytes: anything else breaks `String`'s invariants.
@inline(__always)
func stringOfCheckedUTF8(_ b: UnsafeBufferPointer<UInt8>) -> String {
    if #available(macOS 26, *) {
        return String(copying: UTF8Span(unchecked: b.span, isKnownASCII: false))
    }
    return String(decoding: b, as: UTF8.self)
}
