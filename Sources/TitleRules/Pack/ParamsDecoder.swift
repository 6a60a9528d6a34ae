import Yams

/// Decodes a rule's `params` node into its typed `Params`, as `YAMLDecoder` does, without the
/// run-time casts it makes for every value (`T.self as? ScalarConstructible.Type` and friends).
///
/// Why not Yams' own decoder: each distinct cast is a first-time protocol-conformance lookup,
/// which in the statically linked binary scans every conformance record; with the YAML 1.1
/// resolver it also compiles. Decoding the built-in pack's 35 rule parameter blocks through
/// `YAMLDecoder` was a fifth of `zcsh -c quit` (perf, docs/performance.md). The `Params` types
/// stay `Decodable`, so the compiler still writes every key; this only walks the node.
///
/// Scalars are read by their text, as `PackNode` reads the rest of the pack (the pack is
/// composed with `Resolver.basic`: no implicit tags): `Int(text)`, `Double(text)`,
/// `true`/`false`, and null for a plain empty, `~` or `null`. Errors are `DecodingError`s with
/// the key path, which `RulePack.describe` turns into one line.
///
///     let p = try ParamsDecoder.decode(R3_1.Params.self, from: node)
enum ParamsDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from node: Node) throws -> T {
        try T(from: NodeDecoder(node: node, codingPath: []))
    }
}

private func isNull(_ node: Node) -> Bool {
    guard case .scalar(let s) = node, s.style == .plain else { return false }
    switch s.string { case "", "~", "null", "Null", "NULL": return true; default: return false }
}

private func mismatch<T>(_ type: T.Type, _ path: [CodingKey], _ node: Node) -> DecodingError {
    let reality: String
    switch node {
    case .scalar(let s): reality = "“\(s.string)”"
    case .mapping: reality = "映射"
    case .sequence: reality = "列表"
    default: reality = "别名"
    }
    return DecodingError.typeMismatch(type, .init(codingPath: path, debugDescription: "应为 \(type)，实为 \(reality)"))
}

private struct NodeDecoder: Decoder {
    let node: Node
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let m) = node else { throw mismatch([String: Node].self, codingPath, node) }
        return KeyedDecodingContainer(KeyedNodes<Key>(mapping: m, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .sequence(let s) = node else { throw mismatch([Node].self, codingPath, node) }
        return UnkeyedNodes(items: Array(s), codingPath: codingPath)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { SingleNode(node: node, codingPath: codingPath) }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(_ i: Int) { intValue = i; stringValue = "[\(i)]" }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.init(intValue) }
}

private struct SingleNode: SingleValueDecodingContainer {
    let node: Node
    let codingPath: [CodingKey]

    func text<T>(_ type: T.Type) throws -> String {
        guard case .scalar(let s) = node else { throw mismatch(type, codingPath, node) }
        if isNull(node) {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "缺少值"))
        }
        return s.string
    }

    func number<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard let v = T(try text(type)) else { throw mismatch(type, codingPath, node) }
        return v
    }

    func decodeNil() -> Bool { isNull(node) }
    func decode(_ type: Bool.Type) throws -> Bool {
        switch try text(type) {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw mismatch(type, codingPath, node)
        }
    }
    func decode(_ type: String.Type) throws -> String {
        guard case .scalar(let s) = node else { throw mismatch(type, codingPath, node) }
        return s.string
    }
    func decode(_ type: Double.Type) throws -> Double {
        guard let v = Double(try text(type)) else { throw mismatch(type, codingPath, node) }
        return v
    }
    func decode(_ type: Float.Type) throws -> Float {
        guard let v = Float(try text(type)) else { throw mismatch(type, codingPath, node) }
        return v
    }
    func decode(_ type: Int.Type) throws -> Int { try number(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try number(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try number(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try number(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try number(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try number(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try number(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try number(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try number(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try number(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: NodeDecoder(node: node, codingPath: codingPath)) }
}

private struct KeyedNodes<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let values: [String: Node]
    let keys: [String]
    let codingPath: [CodingKey]

    init(mapping: Node.Mapping, codingPath: [CodingKey]) {
        var values: [String: Node] = [:], keys: [String] = []
        for (k, v) in mapping {
            guard case .scalar(let s) = k else { continue }
            if values.updateValue(v, forKey: s.string) == nil { keys.append(s.string) }
        }
        self.values = values; self.keys = keys; self.codingPath = codingPath
    }

    var allKeys: [Key] { keys.compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { values[key.stringValue] != nil }

    func node(_ key: Key) throws -> Node {
        guard let n = values[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "缺少键 \(key.stringValue)"))
        }
        return n
    }

    func decodeNil(forKey key: Key) throws -> Bool { isNull(try node(key)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: NodeDecoder(node: try node(key), codingPath: codingPath + [key]))
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try primitive(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try primitive(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try primitive(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try primitive(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try primitive(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try primitive(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try primitive(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try primitive(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try primitive(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try primitive(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try primitive(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try primitive(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try primitive(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try primitive(type, key) }

    /// A primitive through its own `init(from:)`, which asks the single-value container (named
    /// apart from `decode` so that overload resolution cannot pick the caller again).
    private func primitive<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        try T(from: NodeDecoder(node: try node(key), codingPath: codingPath + [key]))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(node: try node(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try NodeDecoder(node: try node(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> Decoder {
        NodeDecoder(node: .mapping(Node.Mapping(keys.map { (Node($0), values[$0]!) })), codingPath: codingPath)
    }
    func superDecoder(forKey key: Key) throws -> Decoder { NodeDecoder(node: try node(key), codingPath: codingPath + [key]) }
}

private struct UnkeyedNodes: UnkeyedDecodingContainer {
    let items: [Node]
    let codingPath: [CodingKey]
    var currentIndex = 0

    init(items: [Node], codingPath: [CodingKey]) { self.items = items; self.codingPath = codingPath }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func next<T>(_ type: T.Type) throws -> (Node, [CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "列表已到末尾"))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, isNull(items[currentIndex]) else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (n, path) = try next(type)
        return try T(from: NodeDecoder(node: n, codingPath: path))
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeAny(type) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeAny(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeAny(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeAny(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeAny(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeAny(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeAny(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeAny(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeAny(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeAny(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeAny(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeAny(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeAny(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeAny(type) }

    private mutating func decodeAny<T: Decodable>(_ type: T.Type) throws -> T {
        let (n, path) = try next(type)
        return try T(from: NodeDecoder(node: n, codingPath: path))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (n, path) = try next([String: Node].self)
        return try NodeDecoder(node: n, codingPath: path).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        let (n, path) = try next([Node].self)
        return try NodeDecoder(node: n, codingPath: path).unkeyedContainer()
    }
    mutating func superDecoder() throws -> Decoder {
        let (n, path) = try next(Node.self)
        return NodeDecoder(node: n, codingPath: path)
    }
}
