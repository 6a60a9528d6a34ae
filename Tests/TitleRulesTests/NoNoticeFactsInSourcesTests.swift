import Foundation
import RosterData
import Testing
import TestSupport
@testable import TitleRules

/// No fact of the notice in any `.swift` file under Sources/: every name and distinctive number
/// of the built-in pack is looked for in the string literals of every source file, and each hit
/// is reported as `file:line`. A fact written in code is one that next year's pack cannot change:
/// the shell would go on showing (or deciding by) the 2024 value.
///
/// What is looked for (`facts()`): the notice, its number and title; the cut-off and the P1–P3
/// dates (as `YYYY-MM-DD`, `YYYY年M月D日` and in code as `Day(Y, M, D)`); the stage names (P1–P3);
/// the table's caption; the fee amounts as written with 元 and the fee parts with their amounts;
/// the routes and their bracket spellings; the honours; the agencies and categories (受理机构,
/// 申报类别). Level, degree and title names are not: they are the national title system's words
/// (`高级工程师`, `本科`), used in examples of the language and contained in one another.
///
/// Comments do not count, only string literals (and `Day(…)` in code): a comment reaches no user
/// and decides nothing, and comments that cite the notice (`R2.2: 正常申报 …`) are how the code
/// explains which clause it implements; banning them would only make the code harder to read.
@Suite struct NoNoticeFactsInSourcesTests {
    /// Files still allowed to hold the pack's vocabulary: none since vocab moved it into the pack.
    static let vocabularyPending: Set<String> = []

    /// Literals that stay, each with why. ShellLang is the rule-agnostic expression language (it
    /// may not import TitleRules, docs/architecture.md); these are sample values in its function
    /// and date-syntax examples, shown in `help functions` and docs/language.md, not facts a rule
    /// reads.
    ///
    /// `file|text` exempts one text, `file|kind` one kind of fact (the `what` of `Fact`).
    static let exempt: Set<String> = [
        // Synthetic rosters: the honours pool mixes the notice's honours with others on purpose,
        // so that R4 sees both kinds (an honour is not an enum field: the pack does not list it
        // for the roster, and the generator is test data, not a rule).
        "Sources/RosterData/Generate/RosterGenerator.swift|荣誉",
        // Its performance items' roles (运行管理, 施工管理) are the same everyday words as two
        // categories; its categories themselves come from the pack's catalog.
        "Sources/RosterData/Generate/RosterGenerator.swift|申报类别",
        // The field's label 初评委推荐时间 (roster-format.md), not the stage's name.
        "Sources/RosterData/Model/FieldCatalog.swift|初评委推荐",
        "Sources/ShellLang/Eval/Builtins.swift|2024-07-04",     // year(2024-07-04), date("2024年7月4日")
        "Sources/ShellLang/Eval/Builtins.swift|2024年7月4日",
        "Sources/ShellLang/Eval/Builtins.swift|衢州市水利局",       // len("衢州市水利局") → 6
        "Sources/ShellLang/Eval/Builtins.swift|浙江工匠",         // any(["浙江工匠", "优秀党员"], …)
        "Sources/ShellLang/Syntax/Lexer.swift|2024-07-04",      // 日期写作 YYYY-MM-DD，例如 …
        "Sources/ShellLang/Syntax/Lexer.swift|2024-12-31",
        "Sources/ShellLang/Eval/Functions.swift|2024-12-31",    // 先设置基准日期（as-of），例如 …
    ]

    /// A fact to look for: the text, and what it is (for the message). `whole`: only a literal
    /// that is exactly the text counts (the categories are everyday words: 建设管理 is also
    /// part of a unit's name, 水利工程建设管理中心).
    struct Fact { var text: String; var what: String; var whole = false }

    static func facts(_ p: RulePack) -> [Fact] {
        var out: [Fact] = []
        func add(_ t: String, _ what: String) { if !t.isEmpty, !out.contains(where: { $0.text == t }) { out.append(Fact(text: t, what: what)) } }
        add(p.notice, "文号"); add(p.noticeTitle, "通知标题"); add(p.title, "评审名称")
        // 衢州水利〔2024〕72号: the issuer (衢州水利) and the number (72号) on their own.
        if let open = p.notice.firstIndex(of: "〔"), let close = p.notice.firstIndex(of: "〕") {
            add(String(p.notice[..<open]), "发文机关"); add(String(p.notice[p.notice.index(after: close)...]), "文号")
        }
        func addDay(_ d: Day, _ what: String) {
            add(d.description, what)
            add("\(d.year)年\(d.month)月\(d.day)日", what); add("\(d.year) 年 \(d.month) 月 \(d.day) 日", what)
        }
        addDay(p.cutoff, "资历截止日")
        for s in p.stages {
            add(s.title, "阶段名称")
            for k in ["from", "through"] { if case .date(let d)? = s.param(k) { addDay(d, "\(s.id) 时限") } }
        }
        add(p.tableName, "表名")
        let (recName, revName) = p.feePartNames
        for f in p.fees.values {
            for n in [f.total, f.recommendation, f.review] where n > 0 { add("\(n) 元", "费用"); add("\(n)元", "费用") }
            if f.recommendation > 0 { add("\(recName) \(f.recommendation)", "费用"); add("\(recName)\(f.recommendation)", "费用") }
            if f.review > 0 { add("\(revName) \(f.review)", "费用"); add("\(revName)\(f.review)", "费用") }
        }
        for g in p.feeGroups { add("\(g.levels[0].grade) \(g.fee.total)", "费用") }
        for r in p.routeNames { add(r, "申报方式") }
        for h in p.honorLists.values { for n in h.names { add(n, "荣誉") } }
        for (t, what) in vocabularyFacts(p) {
            add(t, what)
            if what == "申报类别", let i = out.firstIndex(where: { $0.text == t }) { out[i].whole = true }
        }
        return out
    }

    /// The pack's route spellings (the bracket variants: `正常`, `转评` are everyday words),
    /// agencies and categories (`vocabulary:`).
    static func vocabularyFacts(_ p: RulePack) -> [(String, String)] {
        p.routeAliases.keys.filter { $0.contains("(") || $0.contains(")") }.map { ($0, "申报方式写法") }
            + ["agency", "category"].flatMap { k in
                (p.vocabulary[k]?.values ?? []).map { ($0, k == "agency" ? "受理机构" : "申报类别") }
            }
    }

    /// The facts' `Day(Y, M, D)` spellings in code.
    static func dayConstructors(_ p: RulePack) -> [(NSRegularExpression, String)] {
        var days = [p.cutoff]
        for s in p.stages { for k in ["from", "through"] { if case .date(let d)? = s.param(k) { days.append(d) } } }
        return days.map { d in
            (try! NSRegularExpression(pattern: "Day\\(\\s*\(d.year)\\s*,\\s*\(d.month)\\s*,\\s*\(d.day)\\s*\\)"), d.description)
        }
    }

    @Test func theScannerReadsLiteralsNotComments() {
        let src = """
        let a = "衢州 \\(x + "内层") 外层" // 注释 "不算"
        /* 块 "不算" /* 嵌套 */ 仍是注释 */ let b = #"原样 "引号" \\(不插值)"#
        let c = \"\"\"
            多行 "一"
            第二行
            \"\"\"
        """
        let lines = SourceScan.scan(src)
        #expect(lines[1]?.literals == ["衢州 ", "内层", " 外层"])
        #expect(lines[2]?.literals == ["原样 \"引号\" \\(不插值)"])
        #expect(lines[4]?.literals == ["    多行 \"一\""])
        #expect(lines[5]?.literals == ["    第二行"])
        let code1 = lines[1]?.code ?? ""
        #expect(!code1.contains("注释"))
        #expect(code1.contains("x + "))
    }

    @Test func noPackFactInSources() throws {
        let pack = try RulePack.builtin()
        let facts = Self.facts(pack)
        // The scan must look for something of each kind, or it proves nothing.
        for what in ["文号", "资历截止日", "阶段名称", "表名", "费用", "申报方式", "受理机构", "申报类别"] {
            #expect(facts.contains { $0.what == what }, "no \(what) to look for")
        }
        let days = Self.dayConstructors(pack)
        let root = URL(fileURLWithPath: packageRoot)
        let sources = root.appendingPathComponent("Sources")
        let e = try #require(FileManager.default.enumerator(atPath: sources.path), "missing \(sources.path)")
        var files: [String] = []
        while let f = e.nextObject() as? String { if f.hasSuffix(".swift") { files.append("Sources/" + f) } }
        #expect(files.count > 100, "only \(files.count) Swift files under Sources/")
        #expect(files.contains("Sources/ShellCore/Commands/FeeTotalCommand.swift"))
        var hits: [String] = []
        for file in files.sorted() where !Self.vocabularyPending.contains(file) {
            let text = try String(contentsOfFile: root.appendingPathComponent(file).path, encoding: .utf8)
            for (line, l) in SourceScan.scan(text).sorted(by: { $0.key < $1.key }) {
                for f in facts where l.literals.contains(where: { f.whole ? $0 == f.text : $0.contains(f.text) })
                    && !Self.exempt.contains("\(file)|\(f.text)") && !Self.exempt.contains("\(file)|\(f.what)") {
                    hits.append("\(file):\(line): \(f.what) “\(f.text)”")
                }
                for (re, d) in days where re.firstMatch(in: l.code, range: NSRange(l.code.startIndex..., in: l.code)) != nil {
                    hits.append("\(file):\(line): 日期 \(d) 写在代码中")
                }
            }
        }
        #expect(hits.isEmpty, "规则包的事实写在了源代码中（应从规则包取值）：\n\(hits.joined(separator: "\n"))")
    }
}

/// Splits Swift source into, per line, the text of its string literals and its code (comments
/// dropped). Handles `//` and nested `/* */` comments, `"…"` with escapes and `\(…)`
/// interpolation (the interpolated expression is code, its own literals are literals),
/// `"""` multi-line strings and raw strings `#"…"#`.
enum SourceScan {
    struct Line { var literals: [String] = []; var code = "" }

    static func scan(_ text: String) -> [Int: Line] {
        let c = Array(text)
        var out: [Int: Line] = [:]
        var i = 0, line = 1
        var lit: String? = nil   // the literal being read on this line
        func flush() { if let l = lit { out[line, default: Line()].literals.append(l); lit = "" } }
        func code(_ ch: Character) { out[line, default: Line()].code.append(ch) }
        func at(_ s: String, _ k: Int) -> Bool {
            guard k < c.count, c[k] == s.first else { return false }
            var j = k
            for ch in s { guard j < c.count, c[j] == ch else { return false }; j += 1 }
            return true
        }
        // Contexts: a string (with its delimiter: hashes and whether multi-line) or an
        // interpolation (with its parenthesis depth).
        enum Ctx { case string(hashes: Int, multi: Bool), interp(depth: Int) }
        var stack: [Ctx] = []
        while i < c.count {
            let ch = c[i]
            if case .string(let hashes, let multi)? = stack.last {
                let close = (multi ? "\"\"\"" : "\"") + String(repeating: "#", count: hashes)
                if at(close, i) {
                    flush(); lit = nil; stack.removeLast(); i += close.count; continue
                }
                if ch == "\\", at("\\" + String(repeating: "#", count: hashes) + "(", i) {
                    flush(); lit = nil; stack.append(.interp(depth: 0)); i += hashes + 2; continue
                }
                if ch == "\\", hashes == 0, i + 1 < c.count {
                    if c[i + 1] == "\n" { i += 1; continue }
                    lit?.append(c[i + 1] == "\"" ? "\"" : c[i + 1] == "\\" ? "\\" : c[i + 1]); i += 2; continue
                }
                if ch == "\n" { flush(); line += 1; i += 1; continue }
                lit?.append(ch); i += 1; continue
            }
            // Code (top level or inside an interpolation).
            if at("//", i) { while i < c.count, c[i] != "\n" { i += 1 }; continue }
            if at("/*", i) {
                var depth = 0
                repeat {
                    if at("/*", i) { depth += 1; i += 2 } else if at("*/", i) { depth -= 1; i += 2 }
                    else { if c[i] == "\n" { line += 1 }; i += 1 }
                } while depth > 0 && i < c.count
                continue
            }
            var hashes = 0
            while i + hashes < c.count, c[i + hashes] == "#" { hashes += 1 }
            if i + hashes < c.count, c[i + hashes] == "\"" {
                let multi = at("\"\"\"", i + hashes)
                i += hashes + (multi ? 3 : 1)
                if multi { while i < c.count, c[i] != "\n" { i += 1 }; if i < c.count { line += 1; i += 1 } }
                stack.append(.string(hashes: hashes, multi: multi)); lit = ""; continue
            }
            if case .interp(let depth)? = stack.last {
                if ch == "(" { stack[stack.count - 1] = .interp(depth: depth + 1) }
                if ch == ")" {
                    if depth == 0 { stack.removeLast(); lit = ""; i += 1; continue }
                    stack[stack.count - 1] = .interp(depth: depth - 1)
                }
            }
            if ch == "\n" { line += 1 } else { code(ch) }
            i += 1
        }
        return out.mapValues { l in var l = l; l.literals.removeAll { $0.isEmpty }; return l }
    }
}
