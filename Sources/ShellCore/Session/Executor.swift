import Foundation
import RosterData
import ShellLang

extension Session {
    /// Runs one command: the UTF-8 range `range` of `source`. Errors are printed here,
    /// in one place, with where they happened. Returns whether the command succeeded.
    @discardableResult
    public func execute(_ source: SourceFile, range: Range<Int>? = nil) -> Bool {
        let bytes = Array(source.text.utf8)
        let r = range ?? 0..<bytes.count
        var i = r.lowerBound
        while i < r.upperBound, isBlank(bytes[i]) { i += 1 }
        var j = i
        while j < r.upperBound, !isBlank(bytes[j]) { j += 1 }
        guard i < j else { return true }
        let name = String(decoding: bytes[i..<j], as: UTF8.self)
        let nameRange = i..<j
        let started = DispatchTime.now().uptimeNanoseconds
        cancelRequested = false
        currentSource = source
        defer { currentSource = nil }
        do {
            guard let command = commands.lookup(name) else {
                let guesses = suggestions(for: name, among: commands.allNames)
                throw Diagnostic.failure("未知命令 `\(name)`", range: source.sourceRange(nameRange),
                                         help: guesses.isEmpty ? "输入 `help` 查看全部命令"
                                            : "您是否要找 " + guesses.map { "`\($0)`" }.joined(separator: " 或 ") + "？")
            }
            var input = CommandInput(source: source, range: r, name: command.name, nameRange: nameRange)
            try input.scan(flags: command.flags + [FlagSpec("--help", "显示帮助")])
            if input.has("--help") {
                HelpCommand.printHelp(for: command, session: self)
                return true
            }
            let mark = (output as? CapturingOutput)?.text.utf8.count
            try command.run(input, self)
            if settings.timer {
                let ms = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
                output.writeError(paint(String(format: "耗时 %.1f ms", ms), .dim) + "\n")
            }
            if command.recordable, !commandObservers.isEmpty {
                let text = String(decoding: bytes[i..<r.upperBound], as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                var out = ""
                if let mark, let cap = output as? CapturingOutput {
                    out = String(decoding: Array(cap.text.utf8)[mark...], as: UTF8.self)
                }
                let rec = CommandRecord(name: command.name, text: text, output: out)
                for o in commandObservers { o(rec) }
            }
            return true
        } catch let d as Diagnostic {
            var d = d
            if d.range == nil { d.range = source.sourceRange(nameRange) }
            report(d, source: source)
        } catch let e as RosterError {
            report(Diagnostic.failure(e.description, range: source.sourceRange(nameRange)), source: source)
        } catch {
            report(Diagnostic.failure("\(error)", range: source.sourceRange(nameRange)), source: source)
        }
        return false
    }

    /// Prints a diagnostic: the one place errors are rendered.
    public func report(_ d: Diagnostic, source: SourceFile?) {
        var text = DiagnosticPrinter.render(d, source: source, color: settings.color)
        if !text.hasSuffix("\n") { text += "\n" }
        collector?.blocks.append(.error(DiagnosticPrinter.render(d, source: source, color: false)))
        lastDiagnostic = d
        output.writeError(text)
    }

    private func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
}
