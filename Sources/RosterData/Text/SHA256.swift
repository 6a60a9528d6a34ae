import Crypto

/// SHA-256 (FIPS 180-4) of bytes, as lower-case hex, by swift-crypto (BoringSSL).
///
///     sha256Hex(Array("abc".utf8))
///     // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
public func sha256Hex<C: Collection>(_ data: C) -> String where C.Element == UInt8 {
    var hasher = SHA256Hasher()
    if data.withContiguousStorageIfAvailable({ hasher.update($0) }) == nil {
        hasher.update(Array(data))
    }
    return hasher.finalizeHex()
}

/// An incremental SHA-256, fed chunk by chunk.
public struct SHA256Hasher {
    private var state = SHA256()

    public init() {}

    public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        state.update(bufferPointer: UnsafeRawBufferPointer(bytes))
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { update($0) }
    }

    /// The digest as 64 lower-case hex digits.
    public func finalizeHex() -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in state.finalize() { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
