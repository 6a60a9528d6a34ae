/// SHA-256 (FIPS 180-4) of a byte buffer, as lower-case hex.
///
/// Written here rather than taken from swift-crypto: that package builds BoringSSL,
/// which doubles a clean build on the 2-core CI machines, for one hash of a file
/// at `load` time. Tested against the FIPS vectors and `sha256sum`. The work is done
/// by `fastSHA256Hex` (system libcrypto when present, else portable Swift).
///
///     sha256Hex(Array("abc".utf8))
///     // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
public func sha256Hex<C: Collection>(_ data: C) -> String where C.Element == UInt8 {
    if let digest = data.withContiguousStorageIfAvailable({ fastSHA256Hex($0) }) { return digest }
    return fastSHA256Hex(Array(data))
}
