import TitleRules

/// `docs/commands.md`, generated from the command registry so the docs and `help` never
/// disagree; a test checks the file is current (`ZCSH_UPDATE_GOLDEN=1` rewrites it).
public enum CommandReference {
    public static func markdown(_ registry: CommandRegistry = .standard) -> String {
        var m = "# Commands\n\nGenerated from the command registry (`help COMMAND` in the shell shows the same).\n"
        for group in CommandGroup.allCases {
            let cs = registry.commands.filter { $0.group == group }
            guard !cs.isEmpty else { continue }
            m += "\n## \(group.rawValue)\n"
            for c in cs {
                m += "\n### `\(c.name)`\n\n\(c.summary)\n\n```\n\(c.usage)\n```\n"
                if !c.aliases.isEmpty { m += "\nAliases: " + c.aliases.map { "`\($0)`" }.joined(separator: ", ") + "\n" }
                let details = c.details(for: builtinPack)
                if !details.isEmpty { m += "\n" + details + "\n" }
                if !c.flags.isEmpty {
                    m += "\n| option | meaning |\n|---|---|\n"
                    for f in c.flags { m += "| `\(f.name)\(f.takesValue ? " VALUE" : "")` | \(f.help) |\n" }
                }
                if !c.examples.isEmpty {
                    m += "\nExamples:\n\n```\n" + c.examples.map { "zcsh> " + $0 }.joined(separator: "\n") + "\n```\n"
                }
            }
        }
        return m
    }
}
