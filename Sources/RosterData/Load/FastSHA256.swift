#if canImport(Dispatch)
import Dispatch
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SHA-256 over a contiguous buffer without copying it. Uses the system's libcrypto
/// (`SHA256()`, which uses the CPU's SHA instructions where there are any: ~10× the
/// portable code on a 200 MB roster) when it can be loaded at run time and gives the
/// right digest for a test vector; otherwise the portable Swift code below. Nothing is
/// linked at build time, so the build stays free of OpenSSL/BoringSSL.
func fastSHA256Hex(_ bytes: [UInt8]) -> String {
    bytes.withUnsafeBufferPointer { fastSHA256Hex($0) }
}

func fastSHA256Hex(_ buf: UnsafeBufferPointer<UInt8>) -> String {
    if let f = systemSHA256 {
        var digest = [UInt8](repeating: 0, count: 32)
        digest.withUnsafeMutableBufferPointer { d in
            _ = f(buf.baseAddress ?? UnsafePointer(d.baseAddress!), buf.count, d.baseAddress)
        }
        return hexDigest(digest)
    }
    return portableSHA256Hex(buf)
}

/// `unsigned char *SHA256(const unsigned char *d, size_t n, unsigned char *md)`.
typealias SHA256Function = @convention(c) (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UInt8>?) -> UnsafeMutablePointer<UInt8>?

/// libcrypto's one-shot SHA256, checked against the "abc" vector; nil when unavailable.
/// `ZCSH_PORTABLE_SHA256=1` forces the portable code.
let systemSHA256: SHA256Function? = {
    if getenv("ZCSH_PORTABLE_SHA256") != nil { return nil }
    #if os(Linux)
    let names = ["libcrypto.so.3", "libcrypto.so", "libcrypto.so.1.1"]
    #else
    let names = ["/usr/lib/libcrypto.dylib"]
    #endif
    for name in names {
        guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL), let sym = dlsym(handle, "SHA256") else { continue }
        let f = unsafeBitCast(sym, to: SHA256Function.self)
        let abc: [UInt8] = [0x61, 0x62, 0x63]
        var d = [UInt8](repeating: 0, count: 32)
        abc.withUnsafeBufferPointer { a in d.withUnsafeMutableBufferPointer { _ = f(a.baseAddress, 3, $0.baseAddress) } }
        if hexDigest(d) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" { return f }
    }
    return nil
}()

private func hexDigest(_ d: [UInt8]) -> String {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(64)
    for b in d { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
    return String(decoding: out, as: UTF8.self)
}

private let sha256K: [UInt32] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]

/// Portable SHA-256 (FIPS 180-4) in Swift: no padded copy of the input, no
/// bounds-checked arrays in the inner loop.
func portableSHA256Hex(_ buf: UnsafeBufferPointer<UInt8>) -> String {
    let h = UnsafeMutablePointer<UInt32>.allocate(capacity: 8)
    let w = UnsafeMutablePointer<UInt32>.allocate(capacity: 64)
    let k = UnsafeMutablePointer<UInt32>.allocate(capacity: 64)
    defer { h.deallocate(); w.deallocate(); k.deallocate() }
    let initial: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
    for i in 0..<8 { h[i] = initial[i] }
    for i in 0..<64 { k[i] = sha256K[i] }
    @inline(__always) func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 &- n)) }
    func block(_ p: UnsafePointer<UInt8>) {
        for t in 0..<16 {
            let j = t &* 4
            w[t] = UInt32(p[j]) << 24 | UInt32(p[j &+ 1]) << 16 | UInt32(p[j &+ 2]) << 8 | UInt32(p[j &+ 3])
        }
        for t in 16..<64 {
            let x = w[t &- 15], y = w[t &- 2]
            let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
            let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
            w[t] = w[t &- 16] &+ s0 &+ w[t &- 7] &+ s1
        }
        var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
        for t in 0..<64 {
            let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let ch = (e & f) ^ (~e & g)
            let t1 = hh &+ s1 &+ ch &+ k[t] &+ w[t]
            let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let maj = (a & b) ^ (a & c) ^ (b & c)
            hh = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ s0 &+ maj
        }
        h[0] = h[0] &+ a; h[1] = h[1] &+ b; h[2] = h[2] &+ c; h[3] = h[3] &+ d
        h[4] = h[4] &+ e; h[5] = h[5] &+ f; h[6] = h[6] &+ g; h[7] = h[7] &+ hh
    }
    let n = buf.count
    var off = 0
    if let base = buf.baseAddress {
        while off + 64 <= n { block(base + off); off += 64 }
    }
    var tail = [UInt8](repeating: 0, count: 128)
    let rem = n - off
    for i in 0..<rem { tail[i] = buf[off + i] }
    tail[rem] = 0x80
    let total = rem + 9 <= 64 ? 64 : 128
    let bits = UInt64(n) &* 8
    for i in 0..<8 { tail[total - 1 - i] = UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8)) }
    tail.withUnsafeBufferPointer { t in
        block(t.baseAddress!)
        if total == 128 { block(t.baseAddress! + 64) }
    }
    let hex: [Character] = Array("0123456789abcdef")
    var out = ""
    out.reserveCapacity(64)
    for i in 0..<8 {
        let word = h[i]
        for shift in stride(from: 28, through: 0, by: -4) { out.append(hex[Int((word >> UInt32(shift)) & 0xF)]) }
    }
    return out
}
