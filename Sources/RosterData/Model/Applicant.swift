/// One applicant: the catalog's fields in slots (`.null` where not known), and the
/// fields the catalog does not know, kept in file order so they stay queryable.
public struct Applicant: Sendable, Hashable {
    /// Indexed by `FieldCatalog` slot; always `FieldCatalog.types.count` long.
    public var fields: [Value]
    /// Unknown fields, in the order the file gave them.
    public var extras: Record

    public init(fields: [Value], extras: Record = Record()) {
        self.fields = fields; self.extras = extras
    }

    public init() {
        self.fields = Array(repeating: .null, count: FieldCatalog.types.count)
        self.extras = Record()
    }

    public subscript(slot: Int) -> Value {
        get { fields[slot] }
        set { fields[slot] = newValue }
    }

    /// A field by canonical key or Chinese label (catalog fields), else an unknown field.
    public subscript(name: String) -> Value {
        if let slot = FieldCatalog.types.slot(of: name) { return fields[slot] }
        return extras[name] ?? .null
    }

    public var id: String { fields[FieldCatalog.Slot.id].stringValue ?? "" }
    public var name: String { fields[FieldCatalog.Slot.name].stringValue ?? "" }
}
