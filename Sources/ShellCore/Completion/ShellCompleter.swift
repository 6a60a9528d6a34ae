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
        if word.hasPrefix("--"), let command {
            return Completion(start: start, candidates: command.flags.map(\.name).filter { $0.hasPrefix(word) })
        }
        let argIndex = before.hasSuffix(" ") ? words.count - 1 : words.count - 2
        switch command?.name {
        case "load", "run":
            if argIndex == 0 { return pathCompletion(word, start: start) }
        case "export":
            if argIndex == 0 { return Completion(start: start, candidates: ["csv", "json", "jsonl", "xlsx"].filter { $0.hasPrefix(word) }) }
            if argIndex == 1 { return pathCompletion(word, start: start) }
        case "use":
            return Completion(start: start, candidates: session.datasetOrder.filter { $0.hasPrefix(word) })
        case "set":
            if argIndex == 0 { return Completion(start: start, candidates: ["as-of", "format", "mask", "max-rows", "timer", "color"].filter { $0.hasPrefix(word) }) }
            if argIndex == 1, words.count >= 2 {
                let opts: [String] = words[1] == "format" ? ["table", "csv", "json"] : ["on", "off"]
                return Completion(start: start, candidates: opts.filter { $0.hasPrefix(word) })
            }
        case "help":
            return Completion(start: start, candidates: (session.commands.allNames + ["fields", "functions", "language"]).filter { $0.hasPrefix(word) })
        default: break
        }
        if let extra = session.extraCompleters.lazy.compactMap({ $0(self.session, words, word, start) }).first { return extra }
        return Completion(start: start, candidates: nameCandidates(prefix: word))
    }

    /// Field keys and labels, derived columns, variables, functions, then keywords.
    func nameCandidates(prefix: String) -> [String] {
        guard !prefix.isEmpty else { return [] }
        var out: [String] = []
        var seen = Set<String>()
        func add(_ s: String) { if s.hasPrefix(prefix), seen.insert(s).inserted { out.append(s) } }
        FieldCatalog.standard.fields.forEach { add($0.key); add($0.label) }
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
        guard let spec = FieldCatalog.standard.field(named: name) else { return [] }
        if let values = spec.kind.enumValues { return values }
        // Free text: the distinct values of the current dataset, most frequent first, capped.
        guard let state = session.current else { return [] }
        var counts: [String: Int] = [:]
        for r in state.view.prefix(200_000) {
            if case .string(let s) = state.dataset.applicants[Int(r)].fields[spec.slot] { counts[s, default: 0] += 1 }
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
            FileManager.default.fileExists(atPath: (dir.isEmpty ? "" : dir) + name, isDirectory: &isDir)
            out.append(shownDir + name + (isDir.boolValue ? "/" : ""))
        }
        let unique = out.count == 1 && out[0].hasSuffix("/")
        return Completion(start: start, candidates: out, suffix: unique ? "" : " ")
    }
}

extension Session {
    /// Extra completers (rule ids after `explain`, …), tried before names.
    public var extraCompleters: [(Session, [String], String, Int) -> Completion?] {
        get { (attachments["completers"] as? CompleterBox)?.list ?? [] }
        set { attachments["completers"] = CompleterBox(newValue) }
    }
    /// Values for labelled function arguments: `level:"` offers the levels.
    public var labelValueCandidates: [String: [String]] {
        get { (attachments["label-values"] as? LabelBox)?.map ?? [:] }
        set { attachments["label-values"] = LabelBox(newValue) }
    }
}

final class CompleterBox { let list: [(Session, [String], String, Int) -> Completion?]; init(_ l: [(Session, [String], String, Int) -> Completion?]) { list = l } }
final class LabelBox { let map: [String: [String]]; init(_ m: [String: [String]]) { map = m } }
