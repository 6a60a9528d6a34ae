import RosterData
import TitleRules

/// The built-in (2024) rule pack, whose vocabulary tests load and generate rosters with.
public let defaultPack: RulePack = {
    do { return try RulePack.builtin() } catch { fatalError("the built-in rule pack does not load: \(error)") }
}()

extension FieldCatalog {
    /// The field catalog of the built-in pack: the 2024 notice's vocabulary.
    public static var defaultPack: FieldCatalog { TestSupport.defaultPack.catalog }
}

extension LoadOptions {
    /// Load options checking values against the built-in pack (`LoadOptions(catalog:)`), as
    /// `load` does in a session that has not changed its pack.
    public init() { self.init(catalog: .defaultPack) }
}

extension RosterGenerator {
    /// `generate(count:seed:year:catalog:)` in the built-in pack's vocabulary.
    public static func generate(count: Int, seed: UInt64, year: Int = 2024) -> [Applicant] {
        generate(count: count, seed: seed, year: year, catalog: .defaultPack)
    }

    /// `jsonBytes(count:seed:year:notice:catalog:)` with the built-in pack's notice and vocabulary.
    public static func jsonBytes(count: Int, seed: UInt64, year: Int = 2024) -> [UInt8] {
        jsonBytes(count: count, seed: seed, year: year, notice: TestSupport.defaultPack.notice, catalog: .defaultPack)
    }
}
