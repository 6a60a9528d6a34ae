import Foundation
import RosterData
import ShellLang
import TitleRules

/// The groups `help` lists commands in.
public enum CommandGroup: String, CaseIterable, Sendable {
    case data = "数据 data"
    case query = "查询 query"
    case rules = "规则 rules"
    case process = "流程 process"
    case export = "导出 export"
    case session = "会话 session"
}

/// A shell command. Each lives in its own file under `Commands/`, with its help text and
/// examples; the examples are run against the example roster by the test suite.
public protocol ShellCommand {
    static var name: String { get }
    static var aliases: [String] { get }
    static var group: CommandGroup { get }
    /// One line for `help`.
    static var summary: String { get }
    /// `load FILE [as NAME] [--lenient]`
    static var usage: String { get }
    /// What it does, in more words.
    static var details: String { get }
    /// `details` as shown with this pack in force: a command whose help states a fact of the
    /// notice (a fee, a date) renders it from the pack here. Nil pack: none could be loaded.
    static func details(for pack: RulePack?) -> String
    /// Worked examples: command lines that `help NAME` shows with their real output.
    static var examples: [String] { get }
    static var flags: [FlagSpec] { get }
    /// Whether `record` keeps it (not `help`, `history`).
    static var recordable: Bool { get }
    static func run(_ input: CommandInput, _ session: Session) throws
}

extension ShellCommand {
    public static var aliases: [String] { [] }
    public static var details: String { "" }
    public static func details(for pack: RulePack?) -> String { details }
    public static var examples: [String] { [] }
    public static var flags: [FlagSpec] { [] }
    public static var recordable: Bool { true }
}

/// The built-in pack, for texts rendered outside a session (help examples, the generated
/// command reference, banners); nil if it cannot be loaded (the session reports why).
public var builtinPack: RulePack? { try? RulePack.builtin() }

/// The date static examples show (`set as-of DATE`): the built-in pack's cut-off.
var builtinExampleDate: String { builtinPack?.cutoff.description ?? "2000-01-01" }

extension Session {
    /// The date a message's example shows: the cut-off of the pack in force.
    var exampleDate: String { ((try? rules().pack) ?? builtinPack)?.cutoff.description ?? builtinExampleDate }
}

/// Every command by name and alias.
public final class CommandRegistry {
    public private(set) var commands: [ShellCommand.Type] = []
    private var byName: [String: ShellCommand.Type] = [:]

    public init(_ list: [ShellCommand.Type] = []) { list.forEach(register) }

    public func register(_ c: ShellCommand.Type) {
        if byName[c.name] == nil { commands.append(c) }
        byName[c.name] = c
        for a in c.aliases { byName[a] = c }
    }

    public func lookup(_ name: String) -> ShellCommand.Type? { byName[name] }

    public var allNames: [String] { byName.keys.sorted() }

    /// The commands every session has (a fresh registry each time: no shared mutable state).
    public static var standard: CommandRegistry { CommandRegistry(builtinCommands) }
}
