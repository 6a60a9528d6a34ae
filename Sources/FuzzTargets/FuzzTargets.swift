import Synchronization
import RosterData
import ShellLang
import ShellCore
import TitleRules
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One fuzz target: what it feeds the input to. Each `Sources/Fuzz/<Name>` executable hands
/// libFuzzer's inputs to `FuzzTarget.run`; the regression tests (Tests/FuzzTests) run every
/// file under `Tests/Fuzz/regressions/<target>/` through the same call. A target returns
/// normally for every input: errors are the expected outcome of bad input, only a trap, a
/// sanitizer report or a hang is a finding.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The JSON roster loader, then the JSON Lines loader, on the same bytes.
    case json
    /// The CSV loader (encoding and separator sniffed, as `load` does).
    case csv
    /// The xlsx reader on raw zip bytes: container, relationships, workbook, parts, grid, roster.
    case xlsx
    /// The xlsx XML scanner directly: the bytes as each part (rels, workbook, styles, shared
    /// strings, worksheet), fed in chunks whose size the first byte picks.
    case xml
    /// Lexer, parser and compiler of the expression language (no evaluation).
    case expr
    /// `expr`, then evaluation over a fixed five-applicant roster with the rule functions.
    case eval
    /// The script splitter (`CommandSplitter.split`, `isComplete`), then each command parsed.
    case script

    /// Rosters are loaded against the built-in pack's vocabulary, as `load` does by default.
    static let options: LoadOptions = {
        guard let pack = try? RulePack.builtin() else { fatalError("built-in rule pack does not load") }
        return LoadOptions(catalog: pack.catalog)
    }()

    public func run(_ data: UnsafeRawBufferPointer) {
        let bytes = [UInt8](data)
        let options = FuzzTarget.options
        switch self {
        case .json:
            _ = try? ParserEntryPoints.load(bytes, format: .json, options: options)
            _ = try? ParserEntryPoints.load(bytes, format: .jsonl, options: options)
        case .csv:
            _ = try? ParserEntryPoints.load(bytes, format: .csv, options: options)
            // Differential: the two-thread read of a big file must agree with the sequential one.
            if let difference = ParserEntryPoints.csvSplitDifference(bytes, options: options) {
                fatalError("CSV split read differs from the sequential read: \(difference)")
            }
        case .xlsx:
            _ = try? ParserEntryPoints.load(bytes, format: .xlsx, options: options)
        case .xml:
            guard let first = bytes.first else { return }
            // 0 → one chunk; else chunks of 1...255 bytes.
            let chunk = first == 0 ? bytes.count : Int(first)
            _ = try? ParserEntryPoints.scanWorksheetXML(Array(bytes.dropFirst()), chunk: chunk, catalog: options.catalog)
        case .expr:
            FuzzLanguage.compile(String(decoding: bytes, as: UTF8.self), evaluate: false)
        case .eval:
            FuzzLanguage.compile(String(decoding: bytes, as: UTF8.self), evaluate: true)
        case .script:
            FuzzLanguage.script(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Applicants in the roster `eval` evaluates over (5; the tests check it loads).
    public static var evalRosterCount: Int { FuzzLanguage.withSession { $0.current?.dataset.applicants.count ?? 0 } }

    /// The input as a file, for the regression tests and the reproducer mode.
    public func run(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { run($0) }
    }
}

/// Output nobody reads: a fuzz input's results and messages are not looked at.
final class DiscardingOutput: OutputSink {
    var isTerminal: Bool { false }
    var terminalWidth: Int? { nil }
    func write(_ text: String) {}
    func writeError(_ text: String) {}
}

enum FuzzLanguage {
    /// A session with the rule functions, the fixture roster loaded and an as-of date, made on
    /// first use and kept for the process (sessions are not Sendable: every use is under the lock).
    static let shared = Mutex<Session?>(nil)

    static func withSession<R: Sendable>(_ body: @Sendable (Session) -> R) -> R {
        shared.withLock { s in
            if s == nil {
                let session = Session(output: DiscardingOutput())
                do {
                    let ds = try RosterLoader.load(bytes: fixtureRosterBytes(), fileName: "mini.json", name: "fuzz",
                                                  options: LoadOptions(catalog: try session.catalog())).dataset
                    session.add(ds)
                } catch {
                    fatalError("fuzz fixture roster does not load: \(error)")
                }
                session.environment.asOf = builtinPack?.cutoff  // the built-in pack's cut-off
                s = session
            }
            return body(s!)
        }
    }

    static func compile(_ text: String, evaluate: Bool) {
        withSession { compile(text, evaluate: evaluate, in: $0) }
    }

    static func compile(_ text: String, evaluate: Bool, in session: Session) {
        let source = SourceFile(name: "fuzz", text: text)
        _ = Parser.isIncomplete(text)
        do {
            var parser = try Parser(source: source)
            let expr = try parser.parseExpression()
            try parser.expectEnd()
            let ds = session.current?.dataset
            let compiled = try session.environment.compile(expr, dataset: ds)
            for w in compiled.warnings { _ = DiagnosticPrinter.render(w, source: source, color: false) }
            guard evaluate else { return }
            if !compiled.usesRow { _ = try? compiled.evaluateConstant() }
            for row in 0..<(ds?.applicants.count ?? 0) {
                do { _ = try compiled.evaluate(row: row) } catch let d as Diagnostic {
                    _ = DiagnosticPrinter.render(d, source: source, color: false)
                } catch {}
            }
        } catch {
            _ = DiagnosticPrinter.render(error, source: source, color: false)
        }
    }

    static func script(_ text: String) {
        _ = CommandSplitter.isComplete(text)
        let source = SourceFile(name: "fuzz.zcs", text: text)
        let utf8Count = text.utf8.count
        for piece in CommandSplitter.split(text) {
            precondition(piece.range.lowerBound >= 0 && piece.range.upperBound <= utf8Count,
                         "CommandSplitter piece \(piece.range) outside the text (\(utf8Count) bytes)")
            do {
                var parser = try Parser(source: source, range: piece.range)
                _ = parser.consumeRawWord()
                while !parser.isAtEnd { _ = parser.next() }
            } catch {
                _ = DiagnosticPrinter.render(error, source: source, color: false)
            }
        }
    }
}

/// The normal build's `FuzzXXX FILE…`: runs each file through the target (a finding traps or
/// hangs here as under libFuzzer) and prints `ok FILE`.
public enum FuzzReproducer {
    public static func main(_ target: FuzzTarget) {
        let files = CommandLine.arguments.dropFirst()
        if files.isEmpty {
            print("usage: Fuzz\(target.rawValue) FILE…   (runs each file through the \(target.rawValue) fuzz target; scripts/fuzz runs libFuzzer)")
            return
        }
        for path in files {
            guard let bytes = readAll(path) else { print("cannot read \(path)"); exit(2) }
            target.run(bytes)
            print("ok \(path)")
        }
    }

    static func readAll(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n > 0 { out.append(contentsOf: buf[0..<n]) }
            if n < buf.count { break }
        }
        return ferror(f) == 0 ? out : nil
    }
}

#if FUZZING
import CLibFuzzer

/// Hands the process to libFuzzer. SwiftPM links an executable's entry point as `main`
/// (`--defsym main=<Module>_main`), so libFuzzer's own `main` is not used; this one calls
/// libFuzzer's driver with the command line.
public enum FuzzDriver {
    public static func run(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
    }
}
#endif
