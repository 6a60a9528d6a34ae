import Foundation
import Testing
@testable import ShellCore
import TestSupport

@Suite struct CommandRegistryTests {
    /// Every command file under Sources/ShellCore/Commands is registered (one file per command).
    @Test func registryIsComplete() throws {
        let dir = packageRoot + "/Sources/ShellCore/Commands"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix("Command.swift") }
        let registered = Set(CommandRegistry.standard.commands.map { String(describing: $0) + ".swift" })
        for f in files {
            let text = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
            // Each `struct XCommand: ShellCommand` in the file must be registered.
            for line in text.split(separator: "\n") where line.hasPrefix("struct ") && line.contains(": ShellCommand") {
                let name = line.dropFirst("struct ".count).prefix { $0 != ":" }
                #expect(registered.contains(String(name) + ".swift"), "\(name) in \(f) is not in builtinCommands")
            }
        }
    }

    @Test func everyCommandHasHelp() {
        for c in CommandRegistry.standard.commands {
            #expect(!c.summary.isEmpty, "\(c.name) has no summary")
            #expect(c.usage.hasPrefix(c.name), "\(c.name) usage should start with its name: \(c.usage)")
        }
    }

    @Test func commandsDocIsCurrent() throws {
        let path = packageRoot + "/docs/commands.md"
        let generated = CommandReference.markdown()
        if ProcessInfo.processInfo.environment["ZCSH_UPDATE_GOLDEN"] == "1" {
            try generated.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let onDisk = try String(contentsOfFile: path, encoding: .utf8)
        #expect(onDisk == generated, "docs/commands.md is stale: run ZCSH_UPDATE_GOLDEN=1 swift test")
    }
}
