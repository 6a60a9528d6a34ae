import Foundation
import RosterData
import ShellLang

/// A command's tabular result, before it is printed as a table, CSV or JSON.
public struct ResultTable {
    public var columns: [String]
    /// JSON keys (defaults to the column headers).
    public var keys: [String]
    public var rows: [[Value]]
    /// Columns whose values are personal data (masked on screen when `mask` is on).
    public var personal: [Bool]
    /// Rows left out before rendering (shown as `… N more rows`).
    public var omitted = 0
    /// How to see the omitted rows (default: `show --all` or `set max-rows 0`); commands whose
    /// table is not the view name their own way.
    public var omittedHint: String?
    /// A line under the table (`(61 行)`, totals).
    public var footer: String?
    /// Columns of amounts in 元: the report heads them `（元）` and writes thousands separators
    /// (`15,760`); the terminal and machine formats print plain numbers.
    public var money: Set<Int> = []
    /// Per-cell colour for verdict-like columns, applied only on a terminal.
    public var colourise: ((Int, Value) -> Session.Colour?)?
    /// When the table is narrowed to the terminal, wrap long cells inside their column
    /// (psql's wrapped format) instead of cutting them with `…`: for tables whose text is
    /// the point (`check`'s 说明, `deadline-status`'s 时限). `show`/`select` cut free text.
    public var wrapCells = false

    public init(columns: [String], keys: [String]? = nil, rows: [[Value]] = [], personal: [Bool]? = nil) {
        self.columns = columns
        self.keys = keys ?? columns
        self.rows = rows
        self.personal = personal ?? Array(repeating: false, count: columns.count)
    }
}

extension Session {
    /// Prints a result in the session's format (`set format table|csv|json`).
    public func emit(_ table: ResultTable) {
        collector?.blocks.append(.table(table))
        switch settings.format {
        case .table: page(TableRenderer.render(table, session: self) + "\n", rows: table.rows.count)
        case .csv:
            // Several commands' tables in one CSV stream are separated by an empty line.
            if csvTablesWritten > 0 { output.write("\n") }
            csvTablesWritten += 1
            output.write(TableRenderer.csv(table, session: self))
        case .json: output.write(TableRenderer.json(table, session: self) + "\n")
        case .jsonl: output.write(jsonLiteral(jsonValue(table)) + "\n")
        }
    }

    /// Prints one JSON document (commands whose result is not a single table, in `format json`).
    public func emitJSON(_ v: Value) {
        output.write(jsonLiteral(v) + "\n")
    }

    /// A table as a JSON value (list of objects), for composite JSON documents.
    func jsonValue(_ t: ResultTable) -> Value {
        .list(t.rows.map { row in
            var r = Record()
            for c in t.keys.indices {
                var v = c < row.count ? row[c] : .null
                if t.personal[c], settings.mask { v = maskedValue(v) }
                r.keys.append(t.keys[c]); r.values.append(v)
            }
            return .object(r)
        })
    }

    /// Writes a table; one the user asked to see whole (more rows than `max-rows`, or
    /// `max-rows 0`) that is taller than the terminal goes through `$PAGER` (default
    /// `less -SRFX`). Never when output is not a terminal.
    func page(_ text: String, rows: Int, asked wanted: Bool = false) {
        let asked = wanted || settings.maxRows == 0 || rows > settings.maxRows
        guard asked, output.isTerminal, output is StandardOutput, let height = Pager.terminalRows(),
              text.reduce(0, { $1 == "\n" ? $0 + 1 : $0 }) >= height - 1,
              Pager.show(text) else {
            output.write(text); return
        }
    }

    /// Prints text a person reads whole (`explain`): on a terminal, text taller than the
    /// window goes through the pager, as `show --all` does; elsewhere it is written as is.
    /// `collected`: what a report collects instead, when it differs (an unwrapped layout).
    public func printPaged(_ text: String, collected: String? = nil) {
        collector?.blocks.append(.text(collected ?? text))
        page(text.hasSuffix("\n") ? text : text + "\n", rows: 0, asked: true)
    }

    /// The overflow hint of a command whose table is not the view (`check`, `deadline-status --list`):
    /// `show --all` would show the view, so it says to rerun the command with `max-rows 0`.
    static func rerunHint(_ name: String, _ input: CommandInput) -> String {
        let u = Array(input.source.text.utf8)
        let lo = max(0, min(input.range.lowerBound, u.count)), hi = max(lo, min(input.range.upperBound, u.count))
        let line = String(decoding: u[lo..<hi], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return "`set max-rows 0` 后重新运行 `\(line.isEmpty ? name : line)` 显示全部"
    }

    /// The items a screen table shows: at most `max-rows` in table format, the rest
    /// counted in `table.omitted` (CSV and JSON always get everything).
    func screenRows<T>(_ items: [T], _ table: inout ResultTable) -> [T] {
        guard settings.format == .table, settings.maxRows > 0, items.count > settings.maxRows else { return items }
        table.omitted = items.count - settings.maxRows
        return Array(items.prefix(settings.maxRows))
    }

    /// Prints a single value (`count`, `fee-total` totals) in the session's format.
    public func emitScalar(key: String, label: String, value: Value) {
        emit(ResultTable(columns: [label], keys: [key], rows: [[value]]))
    }

    /// The text of a cell on screen: masked if personal and masking is on.
    func cellText(_ v: Value, personal: Bool) -> String {
        if personal, settings.mask { return displayText(maskedValue(v)) }
        return displayText(v)
    }
}

/// Text from the data as a terminal may show it: line breaks as `⏎`, other control
/// characters (ESC, CR, TAB, NUL, DEL, C1) as their visible Control Pictures (`␛`, `␍`, `␉`…),
/// so a value can neither move the cursor, recolour the screen nor break a table's columns.
public func terminalSafe(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else { return text }
    var out = String.UnicodeScalarView()
    for u in text.unicodeScalars {
        switch u.value {
        case 0x0A: out.append("⏎")
        case 0..<0x20: out.append(Unicode.Scalar(0x2400 + u.value)!)
        case 0x7F: out.append("␡")
        case 0x80...0x9F: out.append("\u{FFFD}")
        default: out.append(u)
        }
    }
    return String(out)
}

/// The group label for unknown values in `count by` and `stats … by`.
public let unknownGroupLabel = "（未知）"

/// Personal data as the screen shows it: strings masked (`330802********1234`; short ones —
/// a slice or one character of a number — entirely), inside lists and objects too.
public func maskedValue(_ v: Value) -> Value {
    switch v {
    case .string(let s):
        if s == unknownGroupLabel { return v }
        return .string(maskPersonal(s))
    case .list(let items): return .list(items.map(maskedValue))
    case .object(let r): return .object(Record(Array(zip(r.keys, r.values.map(maskedValue)))))
    default: return v
    }
}

/// A value as a table shows it: dates ISO, null as empty, lists joined with `；`.
public func displayText(_ v: Value) -> String {
    switch v {
    case .null: return ""
    case .list(let items):
        return items.map { item -> String in
            if case .object = item { return formatValue(item) }
            return displayText(item)
        }.joined(separator: "；")
    default: return formatValue(v)
    }
}

/// Aligned tables measured by display width; CSV per RFC 4180; JSON with stable keys.
public enum TableRenderer {
    public static func render(_ t: ResultTable, session: Session) -> String {
        let cols = t.columns.count
        guard cols > 0 else { return "" }
        var cells: [[String]] = t.rows.map { row in
            (0..<cols).map { c in
                let raw = session.cellText(c < row.count ? row[c] : .null, personal: t.personal[c])
                return terminalSafe(raw)
            }
        }
        let rightAlign: [Bool] = (0..<cols).map { c in
            let nonNull = t.rows.lazy.compactMap { c < $0.count ? $0[c] : nil }.filter { !$0.isNull }
            return !nonNull.isEmpty && nonNull.allSatisfy { $0.numberValue != nil }
        }
        // Each cell's lines: one, unless a narrowed table wraps its cells.
        var cellLines: [[[String]]] = []
        var widths = (0..<cols).map { c in
            max(displayWidth(t.columns[c]), cells.map { displayWidth($0[c]) }.max() ?? 0)
        }
        // Fit the terminal: shrink the widest columns first, never below 6 columns.
        let budget = session.output.terminalWidth ?? 0
        if budget > 0 {
            let sep = 2 * (cols - 1)
            // First keep short columns (ids, dates, levels: up to 12) whole and cut the long
            // text ones; only then cut everything down to 6.
            // Among equally wide columns, cut the one with the longest content.
            let natural = widths
            for floor in [12, 6] {
                let floors = widths.map { min($0, floor) }
                while widths.reduce(0, +) + sep > budget {
                    guard let widest = widths.indices.filter({ widths[$0] > floors[$0] })
                        .max(by: { (widths[$0], natural[$0]) < (widths[$1], natural[$1]) }) else { break }
                    widths[widest] -= 1
                }
            }
            if t.wrapCells {
                cellLines = cells.map { row in row.enumerated().map { TextWrap.lines($0.element, width: widths[$0.offset]) } }
            } else {
                cells = cells.map { row in row.enumerated().map { truncate(toWidth: widths[$0.offset], $0.element) } }
            }
        }
        if cellLines.isEmpty { cellLines = cells.map { $0.map { [$0] } } }
        var lines: [String] = []
        let header = (0..<cols).map { c in
            pad(truncate(toWidth: widths[c], t.columns[c]), toWidth: widths[c], right: rightAlign[c])
        }.joined(separator: "  ")
        lines.append(session.paint(trimRight(header), .bold))
        lines.append((0..<cols).map { String(repeating: "─", count: widths[$0]) }.joined(separator: "  "))
        for (ri, row) in cellLines.enumerated() {
            let height = row.map(\.count).max() ?? 1
            for li in 0..<height {
                var parts: [String] = []
                for c in 0..<cols {
                    var s = pad(li < row[c].count ? row[c][li] : "", toWidth: widths[c], right: rightAlign[c])
                    if li < row[c].count, let colour = t.colourise?(c, t.rows[ri][c]) ?? TableRenderer.verdictColour(t.rows[ri][c]) { s = session.paint(s, colour) }
                    parts.append(s)
                }
                lines.append(trimRight(parts.joined(separator: "  ")))
            }
        }
        if t.omitted > 0 {
            let hint = t.omittedHint ?? "`show --all` 或 `set max-rows 0` 显示全部"
            lines.append(session.paint("… 另有 \(t.omitted) 行（\(hint)）", .dim))
        }
        if let f = t.footer { lines.append(f) }
        return lines.joined(separator: "\n")
    }

    /// 符合 green, 不符合 red, 待核实 and 需补正 yellow, wherever they appear as a cell.
    static func verdictColour(_ v: Value) -> Session.Colour? {
        guard case .string(let s) = v else { return nil }
        switch s {
        case "符合": return .green
        case "不符合": return .red
        case "待核实", "需补正": return .yellow
        default: return nil
        }
    }

    private static func trimRight(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }

    public static func csv(_ t: ResultTable, session: Session) -> String {
        var out = t.keys.map(csvField).joined(separator: ",") + "\n"
        for row in t.rows {
            out += (0..<t.columns.count).map { c in
                csvField(session.cellText(c < row.count ? row[c] : .null, personal: t.personal[c]))
            }.joined(separator: ",") + "\n"
        }
        return out
    }

    static func csvField(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s.hasPrefix(" ") || s.hasSuffix(" ") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    public static func json(_ t: ResultTable, session: Session) -> String {
        var out = "["
        for (ri, row) in t.rows.enumerated() {
            out += ri == 0 ? "\n  {" : ",\n  {"
            for c in 0..<t.columns.count {
                var v = c < row.count ? row[c] : .null
                if t.personal[c], session.settings.mask { v = maskedValue(v) }
                out += (c == 0 ? "" : ", ") + jsonLiteral(.string(t.keys[c])) + ": " + jsonLiteral(v)
            }
            out += "}"
        }
        out += t.rows.isEmpty ? "]" : "\n]"
        return out
    }
}

/// Long output through `$PAGER` on a terminal.
enum Pager {
    static func terminalRows() -> Int? {
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_row > 0 { return Int(ws.ws_row) }
        return nil
    }

    /// Runs the pager with `text` on its input; false when it could not start. Spawned
    /// directly (same process group, so it owns the terminal like any pager).
    static func show(_ text: String) -> Bool {
        let env = ProcessInfo.processInfo.environment
        let command = env["PAGER"] ?? "less -S"
        if command.trimmingCharacters(in: .whitespaces).isEmpty || command == "cat" { return false }
        var childEnv = env
        // less: keep colours, leave the text on screen, quit when it fits.
        if command.hasPrefix("less"), env["LESS"] == nil { childEnv["LESS"] = "RFX" }
        // We switched to UTF-8 for ourselves (see zcsh_setup_utf8_locale); tell the pager.
        if env["LESSCHARSET"] == nil { childEnv["LESSCHARSET"] = "utf-8" }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return false }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        let args = ["/bin/sh", "-c", command]
        let envList = childEnv.map { "\($0.key)=\($0.value)" }
        var cArgs: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = envList.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", &actions, nil, &cArgs, &cEnv)
        close(fds[0])
        guard rc == 0 else { close(fds[1]); return false }
        let previous = signal(SIGPIPE, SIG_IGN)
        let bytes = Array(text.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBufferPointer { write(fds[1], $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }   // the pager quit early
            off += n
        }
        close(fds[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        signal(SIGPIPE, previous)
        InterruptFlag.clear()
        return true
    }
}
