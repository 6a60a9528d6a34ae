/// The words of one notice: the values each enum field of the roster takes, and other
/// accepted spellings of them. A rule pack carries it (`vocabulary:` in the pack's YAML);
/// `FieldCatalog(vocabulary:)` puts it into the field types.
///
///     let v = Vocabulary(["unit_tier": .init(values: ["甲", "乙"])])
///     FieldCatalog(vocabulary: v).field(named: "unit_tier")?.kind.enumValues  // ["甲", "乙"]
public struct Vocabulary: Sendable, Hashable {
    /// One enum field's words.
    public struct Words: Sendable, Hashable {
        /// Canonical values, in the order help and completion show them.
        public var values: [String]
        /// Other spelling → canonical value.
        public var aliases: [String: String]
        public init(values: [String], aliases: [String: String] = [:]) {
            self.values = values; self.aliases = aliases
        }
    }

    /// By field key (`route`), or `field.sub` for a sub-field (`assessments.result`).
    public private(set) var words: [String: Words]

    public init(_ words: [String: Words] = [:]) { self.words = words }

    public subscript(key: String) -> Words? { words[key] }

    /// The values of an enum field (empty when the vocabulary does not name it).
    public func values(_ key: String) -> [String] { words[key]?.values ?? [] }

    /// The enum fields of the catalog this vocabulary leaves without values, in catalog order.
    public var missing: [String] { FieldCatalog.enumKeys.filter { words[$0] == nil } }
}
