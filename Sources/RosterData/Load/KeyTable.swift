#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Field names (canonical keys and Chinese labels) → catalog slot, looked up by the raw
/// UTF-8 bytes of a JSON key without making a String: FNV-1a hash, open addressing.
struct KeyTable: Sendable {
    /// Every name's UTF-8, one after another; name `e` is `bytes[starts[e]..<starts[e + 1]]`
    /// (one flat array: a lookup reads it without retaining a per-name array).
    private let bytes: [UInt8]
    private let starts: [Int32]
    private let slots: [Int]
    private let table: [Int32]
    private let mask: Int

    static let standard = KeyTable(FieldCatalog.types.fields.flatMap { [($0.key, $0.slot), ($0.label, $0.slot)] })

    init(_ pairs: [(String, Int)]) {
        var size = 16
        while size < pairs.count * 4 { size *= 2 }
        var table = [Int32](repeating: -1, count: size)
        var bytes: [UInt8] = []
        var starts: [Int32] = [0]
        var slots: [Int] = []
        for (name, slot) in pairs {
            let b = Array(name.utf8)
            var h = b.withUnsafeBufferPointer { KeyTable.hash($0.baseAddress!, $0.count) } & (size - 1)
            while table[h] >= 0 { h = (h + 1) & (size - 1) }
            table[h] = Int32(slots.count)
            bytes.append(contentsOf: b); starts.append(Int32(bytes.count)); slots.append(slot)
        }
        self.bytes = bytes; self.starts = starts; self.slots = slots; self.table = table; self.mask = size - 1
    }

    @inline(__always) static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var h: UInt64 = 0xcbf29ce484222325
        for i in 0..<n { h = (h ^ UInt64(p[i])) &* 0x100000001b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    @inline(__always) func lookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        var h = KeyTable.hash(p, n) & mask
        return table.withUnsafeBufferPointer { t in
            starts.withUnsafeBufferPointer { st in
                bytes.withUnsafeBufferPointer { b in
                    while true {
                        let e = Int(t[h])
                        if e < 0 { return nil }
                        let s = Int(st[e]), len = Int(st[e + 1]) - s
                        if len == n, n == 0 || memcmp(b.baseAddress! + s, p, n) == 0 { return slots[e] }
                        h = (h + 1) & mask
                    }
                }
            }
        }
    }
}
