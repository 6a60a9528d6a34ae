import Foundation
import RosterData
import ShellLang

/// One shell session: loaded datasets and their views, settings, variables, and the
/// command and function registries. The REPL, scripts, `-c` and tests all drive a
/// session the same way, through `execute(_:)`, so a script replays what was typed.
public final class Session {
    public let output: OutputSink
    public var settings = Settings()
    public let commands: CommandRegistry
    public let functions: FunctionRegistry
    public let environment: Environment
    /// Datasets by name, and their load order.
    public private(set) var datasets: [String: DatasetState] = [:]
    public private(set) var datasetOrder: [String] = []
    public private(set) var currentName: String?
    /// Interactive sessions may take today's date as the as-of date; scripts must say it.
    public let interactive: Bool
    /// Ctrl-C was pressed during the command; long commands poll it and stop cleanly.
    public var cancelRequested: Bool {
        get { InterruptFlag.isRaised || cancelFlag }
        set { cancelFlag = newValue; if !newValue { InterruptFlag.clear() } }
    }
    private var cancelFlag = false
    /// Whole entries typed so far (for `history`); set by the REPL.
    public var historyProvider: (() -> [String])?
    /// Set by `quit`/`exit`.
    public internal(set) var quitRequested = false
    /// The wall clock, replaceable in tests.
    public var today: () -> Day = { Session.systemToday() }
    /// Warnings already given once (by key).
    var warnedOnce = Set<String>()
    /// Hooks that run after each successful command (record, report).
    public var commandObservers: [(CommandRecord) -> Void] = []
    /// The folder relative paths are resolved against (the script's folder for `run`).
    public var baseDirectory: String?
    /// The source of the command being run (for warnings that show the source line).
    public internal(set) var currentSource: SourceFile?
    /// Set while `zcsh report` runs: results as structured blocks for the notebook.
    public var collector: ReportCollector?
    /// The last error reported (for `--serve`, which gives its line and column to the notebook).
    public internal(set) var lastDiagnostic: Diagnostic?
    /// Tables written so far in `format csv` (the next one is preceded by an empty line).
    var csvTablesWritten = 0
    // Typed state of the parts that extend a session (there is no bag of attachments).
    /// The rule pack in force and its engine: the built-in pack, loaded on first use (`rules()`),
    /// until `rules pack FILE` (`setRulePack`).
    var rulesState: RulesState?
    /// The 花名册 order of some rows (`sort roster`, `export --roster-order`); installed by the rules glue.
    var rosterOrder: ((DatasetState, [Int32]) throws -> [Int32])?
    /// The recording in progress (`record FILE` … `record stop`), and whether the observer that
    /// writes to it is installed (one per session).
    var recorder: RecordCommand.Recorder?
    var recordObserverInstalled = false
    /// How deep `run` scripts are nested (a script running itself stops at 16).
    var runDepth = 0
    /// The scratch session `help` runs its examples in (it lists them instead of running them again).
    var isHelpScratch = false
    /// Extra completers (rule ids after `explain`, …), tried before names.
    public var extraCompleters: [(Session, [String], String, Int) -> Completion?] = []
    /// Values for labelled function arguments: `level:"` offers the levels.
    public var labelValueCandidates: [String: [String]] = [:]

    public init(output: OutputSink, interactive: Bool = false, commands: CommandRegistry = .standard,
                functions: FunctionRegistry = FunctionRegistry.withBuiltins()) {
        self.output = output
        self.interactive = interactive
        self.commands = commands
        self.functions = functions
        // `installRuleSupport` gives it the built-in pack's vocabulary, `rules pack FILE` another's.
        self.environment = Environment(functions: functions, catalog: .types)
        installRuleSupport()
    }

    // MARK: datasets

    public var current: DatasetState? { currentName.flatMap { datasets[$0] } }

    public func add(_ dataset: Dataset) {
        if datasets[dataset.name] == nil { datasetOrder.append(dataset.name) }
        datasets[dataset.name] = DatasetState(dataset: dataset)
        use(dataset.name)
    }

    public func use(_ name: String) {
        currentName = name
        environment.derivedColumns = datasets[name]?.derived ?? [:]
    }

    /// The current dataset, or an error telling the user to `load` one.
    public func requireCurrent(_ range: SourceRange? = nil) throws -> DatasetState {
        guard let c = current else {
            throw Diagnostic.failure("尚未载入数据集", range: range, help: "先用 `load 文件` 载入花名册，例如 `load examples/roster-2024.json`")
        }
        return c
    }

    /// The as-of date in force. A script that never set one gets today's date and one
    /// warning, because its output then depends on the day it runs.
    public func effectiveAsOf(_ range: SourceRange? = nil) -> Day {
        if let d = settings.asOf { return d }
        let d = today()
        if !interactive { warnOnce("as-of", "未设置截至日期，使用今天 \(d)；脚本的输出将随运行日期变化。请在脚本开头写 `set as-of YYYY-MM-DD`。") }
        return d
    }

    /// The two dates, for the banner (two lines): the status date (as-of) and the
    /// qualification cut-off (资历截至) of the rule pack in force.
    public func datesLine() -> String {
        let asOf = settings.asOf.map { "\($0)" } ?? "\(today())（今天，未设置）"
        let cut = qualificationDate.map { "\($0)（规则包）：years、held、explain 计算资历到此日" } ?? "（无规则包）"
        return "状态日期 as-of \(asOf)：时限、deadline-status 按此日\n资历截至 \(cut)"
    }

    // MARK: output

    public func print(_ text: String) {
        collector?.blocks.append(.text(text))
        output.write(text.hasSuffix("\n") ? text : text + "\n")
    }

    public func warn(_ text: String) {
        collector?.blocks.append(.warning(text))
        output.writeError(paint("warning:", .yellow) + " " + text + "\n")
    }

    public func warnOnce(_ key: String, _ text: String) {
        if warnedOnce.insert(key).inserted { warn(text) }
    }

    public enum Colour: String { case red = "31", green = "32", yellow = "33", blue = "34", bold = "1", dim = "2", cyan = "36" }

    public func paint(_ s: String, _ c: Colour) -> String {
        settings.color ? "\u{1B}[\(c.rawValue)m\(s)\u{1B}[0m" : s
    }

    /// Resolves a path the user typed for writing (`export`, `record`): `~` expanded, and a
    /// relative path taken from the running script's folder (`baseDirectory`), else the
    /// working folder. (`load` looks in the working folder first, then beside the script.)
    public func resolvePath(_ p: String) -> String {
        if p.hasPrefix("~/") { return NSString(string: p).expandingTildeInPath }
        if p.hasPrefix("/") { return p }
        if let base = baseDirectory { return base + "/" + p }
        return p
    }

    static func systemToday() -> Day {
        var t = time(nil)
        var tmv = tm()
        localtime_r(&t, &tmv)
        return Day(Int(tmv.tm_year) + 1900, Int(tmv.tm_mon) + 1, Int(tmv.tm_mday)) ?? Day(ordinal: 0)
    }
}

/// A command that ran successfully, for `record` and reports.
public struct CommandRecord {
    public var name: String
    public var text: String
    public var output: String
}
