import Foundation
import RosterData
import ShellLang

/// `load FILE [as NAME]` — reads a roster (JSON, JSONL, CSV, XLSX) into a new dataset.
/// A failed load names file, record, field and value, and changes nothing already loaded.
struct LoadCommand: ShellCommand {
    static let name = "load"
    static let group = CommandGroup.data
    static let summary = "载入花名册文件（JSON、JSONL、CSV、XLSX）为数据集"
    static let usage = "load FILE [as NAME] [--lenient] [--format json|jsonl|csv|xlsx] [--encoding utf8|gb18030] [--sep ,|;|tab] [--sheet NAME] [--sha256 HEX] [--no-verify]"
    static let details = """
    按扩展名识别格式（.json .jsonl .ndjson .csv .tsv .txt .xlsx），或用 --format 指定。
    数据集名默认为文件名（不含扩展名），可用 `as NAME` 另起名；同名数据集会被替换。
    CSV：表头可为英文键名或中文标签（可混用）；UTF-8（可带 BOM）或 GB18030/GBK 自动识别，--encoding 强制；\
    分隔符按表头行自动判断（, ; 制表符），--sep 指定。错误指出 文件:行:列。
    XLSX：读第一个可见工作表，或 --sheet NAME；第一个非空行为表头，其余同 CSV。日期单元格读作日期；\
    被 Excel 存成数字的 16 位以上号码（身份证号末几位已丢失）报错。错误指出 文件、工作表和单元格（C5）。\
    表头或数据区的合并单元格报错（标题行的合并不算）。
    --lenient   枚举字段取值不在允许范围时不报错：该字段视为未知（待核实），每个字段和取值警告一次。
    --sha256    核对文件摘要（record 写入的脚本用它保证重放一致）；不符时报错，--no-verify 仅警告。
    """
    static let examples = ["load examples/roster-2024.json", "load examples/roster-2024.json as y2024",
                           "load examples/花名册.xlsx", "load examples/名单.csv --encoding gb18030"]
    static let flags = [
        FlagSpec("--lenient", "不在允许值内的枚举值视为未知并警告"),
        FlagSpec("--format", value: true, "文件格式：json jsonl csv xlsx"),
        FlagSpec("--encoding", value: true, "CSV 编码：utf8 或 gb18030"),
        FlagSpec("--sep", value: true, "CSV 分隔符：, ; 或 tab"),
        FlagSpec("--sheet", value: true, "XLSX 工作表名（默认第一个可见工作表）"),
        FlagSpec("--sha256", value: true, "文件应有的 SHA-256 摘要"),
        FlagSpec("--no-verify", "摘要不符时继续（仅警告）"),
    ]

    static func run(_ input: CommandInput, _ session: Session) throws {
        let words = input.words
        guard let file = words.first else {
            throw Diagnostic.failure("load 需要一个文件名", range: input.sourceRange(input.nameRange), help: "用法：\(usage)")
        }
        var name = defaultName(file.text)
        if words.count >= 2 {
            guard words[1].text == "as", words.count == 3 else {
                throw Diagnostic.failure("多余的参数", range: input.sourceRange(words[1].range.lowerBound..<words.last!.range.upperBound),
                                         help: "用法：\(usage)")
            }
            name = words[2].text
        }
        var options = LoadOptions(catalog: try session.catalog())
        options.lenient = input.has("--lenient")
        if let f = input.flags["--format"] {
            guard let fmt = RosterFileFormat(rawValue: f.lowercased()) else {
                throw Diagnostic.failure("未知格式 `\(f)`", range: input.flagRanges["--format"].map(input.sourceRange), help: "可用：json jsonl csv xlsx")
            }
            options.format = fmt
        }
        if let e = input.flags["--encoding"] {
            switch e.lowercased().replacingOccurrences(of: "-", with: "") {
            case "utf8": options.encoding = .utf8
            case "gb18030", "gbk", "gb2312": options.encoding = .gb18030
            default: throw Diagnostic.failure("未知编码 `\(e)`", range: input.flagRanges["--encoding"].map(input.sourceRange), help: "可用：utf8 gb18030")
            }
        }
        if let s = input.flags["--sep"] {
            switch s {
            case ",": options.separator = UInt8(ascii: ",")
            case ";": options.separator = UInt8(ascii: ";")
            case "tab", "\\t", "\t": options.separator = 0x09
            default: throw Diagnostic.failure("未知分隔符 `\(s)`", range: input.flagRanges["--sep"].map(input.sourceRange), help: "可用：, ; tab")
            }
        }
        if input.flags["--sheet"] != nil, options.format != .xlsx, !file.text.lowercased().hasSuffix(".xlsx") {
            throw Diagnostic.failure("--sheet 只用于 XLSX 文件", range: input.flagRanges["--sheet"].map(input.sourceRange))
        }
        options.sheet = input.flags["--sheet"]
        if options.format == .xlsx || (options.format == nil && file.text.lowercased().hasSuffix(".xlsx")) {
            for f in ["--encoding", "--sep"] where input.flags[f] != nil {
                throw Diagnostic.failure("\(f) 只用于 CSV 文件（XLSX 不需要）", range: input.flagRanges[f].map(input.sourceRange))
            }
        }
        let path = locate(file.text, session)
        let loaded: Result<LoadResult, RosterError> = Result { () throws(RosterError) -> LoadResult in
            try RosterLoader.load(path: path, name: name, options: options)
        }
        guard case .success(let result) = loaded else {
            if case .failure(let e) = loaded {
                throw Diagnostic.failure(e.description + whereLooked(file.text, session), range: input.sourceRange(file.range))
            }
            return
        }
        if let expected = input.flags["--sha256"], let actual = result.dataset.sha256, expected.lowercased() != actual {
            let msg = "文件 \(file.text) 的摘要与脚本记录的不符：应为 \(expected)，实为 \(actual)"
            if input.has("--no-verify") { session.warn(msg + "（--no-verify：继续）") }
            else { throw Diagnostic.failure(msg, range: input.sourceRange(file.range), help: "文件已变动；确认无误后可加 --no-verify 继续") }
        }
        for w in result.warnings { session.warn(w.description) }
        session.add(result.dataset)
        let ds = result.dataset
        var facts: [String] = []
        if let y = ds.year { facts.append("年度 \(y)") }
        if let sha = ds.sha256 { facts.append("sha256 \(sha.prefix(8))…") }
        session.info("已载入 \(ds.count) 名申报人：\(file.text)（\(facts.joined(separator: "，"))），数据集 \(ds.name)")
    }

    /// `examples/roster-2024.json` → `roster-2024`.
    static func defaultName(_ path: String) -> String {
        let base = (path as NSString).lastPathComponent
        let stem = (base as NSString).deletingPathExtension
        return stem.isEmpty ? base : stem
    }

    /// A relative path is looked up beside the running script first (as `source` does in
    /// shells: a script and its roster move together), then in the working folder. At the
    /// prompt and with `-c` there is no script: the working folder only.
    ///
    ///     // tour.zcs in /srv/office, run from /home/w: `load roster.json`
    ///     locate("roster.json", s)   // "/srv/office/roster.json" if it is there, else "roster.json"
    static func locate(_ path: String, _ session: Session) -> String {
        if path.hasPrefix("/") || path.hasPrefix("~") { return session.resolvePath(path) }
        if let base = session.baseDirectory {
            let alt = base + "/" + path
            if FileManager.default.fileExists(atPath: alt) { return alt }
        }
        return path
    }

    /// `（找过：脚本所在文件夹 examples/、当前文件夹 /home/w）` — where a relative path that
    /// exists in neither was looked for; empty for an absolute path or one that exists.
    static func whereLooked(_ path: String, _ session: Session) -> String {
        if path.hasPrefix("/") || path.hasPrefix("~") || FileManager.default.fileExists(atPath: locate(path, session)) { return "" }
        var places: [String] = []
        if let base = session.baseDirectory { places.append("脚本所在文件夹 \(base)/") }
        places.append("当前文件夹 \(FileManager.default.currentDirectoryPath)")
        return "（找过：" + places.joined(separator: "、") + "）"
    }
}
