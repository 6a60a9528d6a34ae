import Foundation
import RosterData
import ShellLang
import TitleRules

/// The rule pack in force for a session and its engine (which caches verdicts per
/// dataset version, row, level, route and cut-off).
public final class RulesState {
    public let pack: RulePack
    public let engine: RuleEngine
    public let calendar: WorkingCalendar
    public let path: String?
    init(pack: RulePack, path: String?) {
        self.pack = pack
        self.engine = RuleEngine(pack: pack)
        self.calendar = WorkingCalendar(pack: pack)
        self.path = path
    }
}

extension Session {
    /// The active rule pack (the built-in 2024 pack until `rules pack FILE`), loaded on first use.
    public func rules() throws -> RulesState {
        if let r = rulesState { return r }
        do {
            let r = RulesState(pack: try RulePack.builtin(), path: nil)
            rulesState = r
            return r
        } catch {
            throw Diagnostic.failure("无法载入内置规则包：\(error)")
        }
    }

    public func setRulePack(_ pack: RulePack, path: String) {
        rulesState = RulesState(pack: pack, path: path)
        useVocabulary(of: pack)
    }

    /// The field catalog of the rule pack in force: what `load` checks values against.
    public func catalog() throws -> FieldCatalog { try rules().pack.catalog }

    /// Expressions, help and completion use the pack's vocabulary.
    func useVocabulary(of pack: RulePack) {
        environment.catalog = pack.catalog
        var labels = labelValueCandidates
        let levels = pack.catalog.enumeration("level")?.values ?? []
        labels["level"] = levels; labels["级别"] = levels
        labels["route"] = (pack.catalog.enumeration("route")?.values ?? []) + [RuleOptions.anyRoute]
        labels["申报方式"] = labels["route"]; labels["方式"] = labels["route"]
        labelValueCandidates = labels
    }

    /// Registers the rule pack's functions (`eligible`, `verdict`, `rule`, …: TitleRules'
    /// `RuleFunctions`, reading the engine of the pack in force), the 花名册 order, and the
    /// completion of the functions' labels.
    func installRuleSupport() {
        let engine: () throws -> RuleEngine = { [weak self] in
            guard let self else { throw Diagnostic.failure("会话已结束") }
            return try self.rules().engine
        }
        for f in RuleFunctions.definitions(engine: engine) { functions.register(f) }
        rosterOrder = { state, rows in
            try engine().rosterSorted(dataset: state.dataset, rows: rows.map(Int.init)).map { Int32($0) }
        }
        // Without the built-in pack (a broken build) the types alone; `rules()` says why.
        if let pack = try? RulePack.builtin() { useVocabulary(of: pack) }
    }
}
