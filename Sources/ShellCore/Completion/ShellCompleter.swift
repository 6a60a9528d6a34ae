import Foundation
import RosterData
import ShellLang

/// Tab completion that looks at the cursor's context: command names at the start,
/// flags after `--`, file paths after `load`/`run`/`export FORMAT`, dataset names after
/// `use`, values inside a string after `FIELD == "`, else field names (both languages),
/// function names and variables.
public final class ShellCompleter: Completer {
    public unowned let session: Session
    public init(session: Session) { self.session = session }

    public func complete(line: String, cursor: Int) -> Completion {
        let u = Array(line.utf8)
        let upto = Array(u[0..<min(cursor, u.count)])
        let before = String(decoding: upto, as: UTF8.self)
        // The word being typed: back to a blank or an operator/bracket.
        var start = upto.count
        let stops: Set<UInt8> = Set(" \t([,=<>!+*/%:\"".utf8)
        while start > 0, !stops.contains(upto[start - 1]) { start -= 1 }
        let word = String(decoding: upto[start...], as: UTF8.self)
        let words = before.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let atFirstWord = !before.contains(" ")
        // A path runs back to a blank (its `/` are not operators).
        var pathStart = upto.count
        while pathStart > 0, upto[pathStart - 1] != 0x20, upto[pathStart - 1] != UInt8(ascii: "\"") { pathStart -= 1 }
        let pathWord = String(decoding: upto[pathStart...], as: UTF8.self)
        if atFirstWord {
            return Completion(start: start, candidates: session.commands.allNames.filter { $0.hasPrefix(word) && !$0.hasPrefix(".") }.sorted())
        }
        let command = words.first.flatMap { session.commands.lookup($0) }
        // Inside an open string: values.
        if let q = openQuote(upto) {
            let typed = String(decoding: upto[(q + 1)...], as: UTF8.self)
            let values = valueCandidates(before: String(decoding: upto[..<q], as: UTF8.self))
            return Completion(start: q + 1, candidates: values.filter { $0.hasPrefix(typed) }, suffix: "\"")
        }
        // At an argument of a call: the function's labels (`eligible(` offers `level:`).
        if let f = enclosingCall(upto, wordStart: start), !f.parameters.isEmpty, f.parameters.contains(where: { !$0.aliases.isEmpty }) {
            var labels: [String] = []
            for p in f.parameters where !p.aliases.isEmpty || p.optional {
                labels.append(p.name + ":")
                labels += p.aliases.map { $0 + ":" }
            }
            let hits = labels.filter { $0.hasPrefix(word) }
            let names = word.isEmpty ? [] : nameCandidates(prefix: word)
            if !hits.isEmpty || word.isEmpty { return Completion(start: start, candidates: hits + names, suffix: hits.count == 1 && names.isEmpty ? "" : " ") }
        }
        if word.hasPrefix("--"), let command {
            return Completion(start: start, candidates: command.flags.map(\.name).filter { $0.hasPrefix(word) })
        }
        let argIndex = before.hasSuffix(" ") ? words.count - 1 : words.count - 2
        switch command?.name {
        case "load", "run":
            if argIndex == 0 { return pathCompletion(pathWord, start: pathStart) }
        case "record":
            if argIndex == 0 {
                let p = pathCompletion(pathWord, start: pathStart)
                return "stop".hasPrefix(word) && !word.isEmpty ? Completion(start: start, candidates: ["stop"] + p.candidates) : p
            }
        case "rules":
            if argIndex == 0 {
                return Completion(start: start, candidates: (["check", "pack"] + ruleIDs()).filter { $0.hasPrefix(word) })
            }
            if argIndex == 1, words.count >= 2, words[1] == "pack" || words[1] == "check" { return pathCompletion(pathWord, start: pathStart) }
        case "explain":
            if argIndex == 0 { return Completion(start: start, candidates: applicantCandidates(prefix: word)) }
            if argIndex >= 1, !word.contains(":") {
                let labels = ["level:", "route:", "as_of:", "级别:", "方式:", "截至:"].filter { $0.hasPrefix(word) }
                if !labels.isEmpty { return Completion(start: start, candidates: labels, suffix: "") }
            }
        case "export":
            if argIndex == 0 { return Completion(start: start, candidates: ["csv", "json", "jsonl", "xlsx"].filter { $0.hasPrefix(word) }) }
            if argIndex == 1 { return pathCompletion(pathWord, start: pathStart) }
        case "use":
            return Completion(start: start, candidates: session.datasetOrder.filter { $0.hasPrefix(word) })
        case "set":
            if argIndex == 0 { return Completion(start: start, candidates: ["as-of", "format", "mask", "max-rows", "timer", "color"].filter { $0.hasPrefix(word) }) }
            if argIndex == 1, words.count >= 2 {
                let opts: [String] = words[1] == "format" ? ["table", "csv", "json"] : ["on", "off"]
                return Completion(start: start, candidates: opts.filter { $0.hasPrefix(word) })
            }
        case "help":
            let topics = session.commands.allNames.filter { !$0.hasPrefix(".") } + ["fields", "functions", "language", "字段", "函数", "语言"]
            return Completion(start: start, candidates: Array(Set(topics)).filter { $0.hasPrefix(word) }.sorted())
        case "history":
            return Completion(start: start, candidates: [])
        default: break
        }
        if let extra = session.extraCompleters.lazy.compactMap({ $0(self.session, words, word, start) }).first { return extra }
        let names = nameCandidates(prefix: word)
        // A unique function name opens its call: `elig` → `eligible(`.
        if names.count == 1, session.functions.lookup(names[0]) != nil, !isField(names[0]) {
            return Completion(start: start, candidates: names, suffix: "(")
        }
        return Completion(start: start, candidates: names)
    }

    func isField(_ name: String) -> Bool {
        FieldCatalog.types.field(named: name) != nil || session.environment.derivedColumns[name] != nil
            || session.environment.variables[name] != nil
    }

    /// The rule ids of the session's rule pack (`R2.3`, `P4`, …).
    func ruleIDs() -> [String] {
        (try? session.rules().pack.rules.map(\.id)) ?? []
    }

    /// Applicant ids, then names, of the current dataset that start with `prefix`.
    func applicantCandidates(prefix: String) -> [String] {
        guard let state = session.current else { return [] }
        guard let idSlot = FieldCatalog.types.field(named: "id")?.slot,
              let nameSlot = FieldCatalog.types.field(named: "name")?.slot else { return [] }
        var ids: [String] = [], names: [String] = []
        var seen = Set<String>()
        for r in state.view {
            let ds = state.dataset
            if case .string(let id) = ds.value(row: Int(r), slot: idSlot), id.hasPrefix(prefix), ids.count < 500 { ids.append(id) }
            if !prefix.isEmpty, case .string(let n) = ds.value(row: Int(r), slot: nameSlot), n.hasPrefix(prefix), names.count < 200, seen.insert(n).inserted { names.append(n) }
            if ids.count >= 500 && (prefix.isEmpty || names.count >= 200) { break }
        }
        return ids + names
    }

    /// The function whose argument list the cursor is in, when the word starts an argument
    /// (right after `(` or `,`).
    func enclosingCall(_ u: [UInt8], wordStart: Int) -> FunctionDefinition? {
        var i = wordStart - 1
        while i >= 0, u[i] == 0x20 { i -= 1 }
        guard i >= 0, u[i] == UInt8(ascii: "(") || u[i] == UInt8(ascii: ",") else { return nil }
        // Walk back to the unmatched `(`.
        var depth = 0
        var inString = false
        var j = i
        while j >= 0 {
            let c = u[j]
            if c == UInt8(ascii: "\"") { inString.toggle() }
            else if !inString {
                if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") { depth += 1 }
                else if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") {
                    if depth == 0 { break }
                    depth -= 1
                }
            }
            j -= 1
        }
        guard j >= 0, u[j] == UInt8(ascii: "(") else { return nil }
        var k = j
        while k > 0, !Set(" \t([,=<>!+*/%:\"".utf8).contains(u[k - 1]) { k -= 1 }
        let name = String(decoding: u[k..<j], as: UTF8.self)
        return session.functions.lookup(name)
    }

    /// Field keys and labels, derived columns, variables, functions, then keywords.
    func nameCandidates(prefix: String) -> [String] {
        guard !prefix.isEmpty else { return [] }
        var out: [String] = []
        var seen = Set<String>()
        func add(_ s: String) { if s.hasPrefix(prefix), seen.insert(s).inserted { out.append(s) } }
        FieldCatalog.types.fields.forEach { add($0.key); add($0.label) }
        session.current?.dataset.extraKeys.forEach(add)
        session.environment.derivedColumns.keys.sorted().forEach(add)
        session.environment.variables.keys.sorted().forEach(add)
        session.functions.all.forEach { f in add(f.name); f.aliases.forEach(add) }
        ["and", "or", "not", "in", "true", "false", "null", "by", "desc", "asc", "as", "where"].forEach(add)
        return out
    }

    /// Known values of the field before `== "`, `in ["`, or a labelled argument `level:"`.
    func valueCandidates(before: String) -> [String] {
        let trimmed = before.trimmingCharacters(in: .whitespaces)
        let stripped = trimmed.replacingOccurrences(of: "in [", with: "==").replacingOccurrences(of: "[", with: "")
        var t = stripped
        while let l = t.last, "=!<> ,:".contains(l) { t.removeLast() }
        var name = ""
        for ch in t.reversed() {
            if ch.isLetter || ch.isNumber || ch == "_" || ch == "." { name.insert(ch, at: name.startIndex) } else { break }
        }
        if let labelled = session.labelValueCandidates[name] { return labelled }
        guard let spec = session.environment.catalog.field(named: name) else { return [] }
        if let values = spec.kind.enumValues { return values }
        // Free text: the distinct values of the current dataset, most frequent first, capped.
        guard let state = session.current else { return [] }
        var counts: [String: Int] = [:]
        for r in state.view.prefix(200_000) {
            if case .string(let s) = state.dataset.value(row: Int(r), slot: spec.slot) { counts[s, default: 0] += 1 }
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(50).map(\.key)
    }

    func openQuote(_ u: [UInt8]) -> Int? {
        var open: Int? = nil
        var i = 0
        while i < u.count {
            if open != nil, u[i] == UInt8(ascii: "\\") { i += 2; continue }
            if u[i] == UInt8(ascii: "\"") { open = open == nil ? i : nil }
            i += 1
        }
        return open
    }

    func pathCompletion(_ word: String, start: Int) -> Completion {
        let expanded = word.hasPrefix("~") ? NSString(string: word).expandingTildeInPath : word
        let dir: String, prefix: String
        if let slash = expanded.lastIndex(of: "/") {
            dir = String(expanded[...slash]); prefix = String(expanded[expanded.index(after: slash)...])
        } else { dir = ""; prefix = expanded }
        let listing = (try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? []
        let shownDir: String = word.hasPrefix("~") ? String(word[...(word.lastIndex(of: "/") ?? word.startIndex)]) : dir
        var out: [String] = []
        for name in listing.sorted() where name.hasPrefix(prefix) && (!name.hasPrefix(".") || prefix.hasPrefix(".")) {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (dir.isEmpty ? "" : dir) + name, isDirectory: &isDir)
            out.append(shownDir + name + (isDir.boolValue ? "/" : ""))
        }
        let unique = out.count == 1 && out[0].hasSuffix("/")
        return Completion(start: start, candidates: out, suffix: unique ? "" : " ")
    }
}

