/// Field names (canonical keys and Chinese labels) → catalog slot, looked up by the raw
/// UTF-8 bytes of a JSON key without making a String: FNV-1a hash, open addressing.
struct KeyTable: Sendable {
    private let names: [[UInt8]]
    private let slots: [Int]
    private let table: [Int32]
    private let mask: Int

    static let standard = KeyTable(FieldCatalog.types.fields.flatMap { [($0.key, $0.slot), ($0.label, $0.slot)] })

    init(_ pairs: [(String, Int)]) {
        var size = 16
        while size < pairs.count * 4 { size *= 2 }
        var table = [Int32](repeating: -1, count: size)
        var names: [[UInt8]] = []
        var slots: [Int] = []
        for (name, slot) in pairs {
            let bytes = Array(name.utf8)
            var h = bytes.withUnsafeBufferPointer { KeyTable.hash($0.baseAddress!, $0.count) } & (size - 1)
            while table[h] >= 0 { h = (h + 1) & (size - 1) }
            table[h] = Int32(names.count)
            names.append(bytes); slots.append(slot)
        }
        self.names = names; self.slots = slots; self.table = table; self.mask = size - 1
    }

    @inline(__always) static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var h: UInt64 = 0xcbf29ce484222325
        for i in 0..<n { h = (h ^ UInt64(p[i])) &* 0x100000001b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    @inline(__always) func lookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        var h = KeyTable.hash(p, n) & mask
        while true {
            let e = Int(table[h])
            if e < 0 { return nil }
            let name = names[e]
            if name.count == n {
                let equal = name.withUnsafeBufferPointer { b -> Bool in
                    for i in 0..<n where b[i] != p[i] { return false }
                    return true
                }
                if equal { return slots[e] }
            }
            h = (h + 1) & mask
        }
    }
}
