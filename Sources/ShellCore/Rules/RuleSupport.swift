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
        var labels = labelValueCandidates
        let levels = FieldCatalog.standard.field(named: "level")?.kind.enumValues ?? []
        labels["level"] = levels; labels["级别"] = levels
        labels["route"] = FieldCatalog.routeValues + ["任意"]; labels["申报方式"] = labels["route"]; labels["方式"] = labels["route"]
        labelValueCandidates = labels
    }
}
