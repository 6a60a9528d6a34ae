import Foundation
import Testing
@testable import ShellCore
import TestSupport

@Suite struct CommandRegistryTests {
    /// One file per command: every `XCommand.swift` under Sources/ShellCore/Commands holds exactly
    /// one `struct XCommand: ShellCommand`, and every such command is registered.
    @Test func oneFilePerCommandAndAllRegistered() throws {
        let dir = packageRoot + "/Sources/ShellCore/Commands"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix("Command.swift") }
        let registered = Set(CommandRegistry.standard.commands.map { String(describing: $0) })
        #expect(files.count == registered.count, "files: \(files.sorted()), registered: \(registered.sorted())")
        for f in files {
            let text = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
            let structs = text.split(separator: "\n").filter { $0.hasPrefix("struct ") && $0.contains(": ShellCommand") }
                .map { String($0.dropFirst("struct ".count).prefix { $0 != ":" }) }
            #expect(structs == [String(f.dropLast(".swift".count))], "\(f) should hold exactly its own command, has \(structs)")
            #expect(structs.allSatisfy(registered.contains), "\(structs) in \(f) is not in builtinCommands")
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
