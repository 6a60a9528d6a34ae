import RosterData
import ShellLang

/// Chinese headers for columns a person reads (issue 13, item 4): a column derived from an
/// expression is headed in the notice's terms, the expression's own text kept for machine
/// output (CSV headers, JSON keys).
///
///     agency                      → 受理机构
///     verdict()                   → 结论
///     years(title_since)          → 年数(现职称取得时间)
///     eligible(level:"工程师")    → 符合条件(级别:"工程师")
///     photo.width                 → 证件照.宽
///     count(assessments, result == "优秀") → 计数(年度考核, 结果 == "优秀")
///
/// Field names become their labels (sub-fields too, after `.` or inside a call on a list of
/// objects), function names their first Chinese alias (a call without arguments loses its
/// `()`), argument labels their Chinese alias; literals, operators, keywords, variables and
/// `as` names stay as written. Text that does not lex is returned unchanged.
extension Session {
    public func columnLabel(_ source: String) -> String {
        let src = SourceFile(name: "<header>", text: source)
        guard let tokens = try? Lexer.tokenize(src), !tokens.isEmpty else { return source }
        let catalog = environment.catalog
        let bytes = Array(source.utf8)
        func chinese(_ names: [String]) -> String? { names.first { $0.unicodeScalars.contains { !$0.isASCII } } }
        var out = ""
        var at = 0
        /// Calls open at this point: the function, and the list field its first argument named.
        var calls: [(FunctionDefinition?, FieldSpec?)] = []
        /// The field before the last `.`.
        var lastField: FieldSpec? = nil
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            let lo = t.range.start.offset, hi = t.range.end.offset
            guard lo >= at, hi <= bytes.count, lo <= hi else { return source }
            out += String(decoding: bytes[at..<lo], as: UTF8.self)
            at = hi
            var text = t.text
            let next = i + 1 < tokens.count ? tokens[i + 1] : nil
            let prev = i > 0 ? tokens[i - 1] : nil
            if let name = t.identifier {
                let isVariable = environment.derivedColumns[name] != nil || environment.variables[name] != nil
                if next?.isPunctuation("(") == true, let f = functions.lookup(name) {
                    if tokens.count > i + 2, tokens[i + 2].isPunctuation(")"), let zh = chinese(f.aliases) {
                        // `verdict()` → 结论
                        out += zh
                        at = tokens[i + 2].range.end.offset
                        i += 3
                        continue
                    }
                    text = chinese(f.aliases) ?? name
                    calls.append((f, nil))
                    out += text
                    at = tokens[i + 1].range.end.offset
                    out += "("
                    i += 2
                    continue
                } else if next?.isPunctuation(":") == true, let f = calls.last?.0,
                          let p = f.parameters.first(where: { $0.name == name || $0.aliases.contains(name) }) {
                    text = chinese(p.aliases) ?? name
                } else if prev?.isPunctuation(".") == true, let parent = lastField,
                          let sub = parent.kind.subFields?.first(where: { $0.key == name || $0.label == name }) {
                    text = sub.label
                } else if !isVariable, let f = catalog.field(named: name) {
                    text = f.label
                    if next?.isPunctuation(".") == true || next?.isPunctuation("[") == true { lastField = f }
                    if !calls.isEmpty, calls[calls.count - 1].1 == nil, f.kind.subFields != nil { calls[calls.count - 1].1 = f }
                } else if !isVariable, let list = calls.last?.1,
                          let sub = list.kind.subFields?.first(where: { $0.key == name || $0.label == name }) {
                    // `result` inside `any(assessments, result == "优秀")`
                    text = sub.label
                }
            } else if t.isPunctuation("(") {
                calls.append((nil, nil))
            } else if t.isPunctuation(")"), !calls.isEmpty {
                calls.removeLast()
            }
            out += text
            i += 1
        }
        out += String(decoding: bytes[min(at, bytes.count)...], as: UTF8.self)
        return out
    }

    /// A chart's caption: what is measured and the groups, in the notice's terms
    /// (`人数，按受理机构`, `自评分 平均值，按申报级别`).
    func chartCaption(_ measure: String, groups: [String], condition: String? = nil) -> String {
        var s = measure
        if !groups.isEmpty { s += "，按" + groups.map(columnLabel).joined(separator: "、") }
        if let condition { s += "（" + columnLabel(condition) + "）" }
        return s
    }
}
