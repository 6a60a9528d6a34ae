/// The parsers behind `RosterLoader.load`, without reading a file or hashing it: the entry
/// points of the fuzz targets (`Sources/FuzzTargets`) and of their regression tests. `package`
/// access, so only this package's targets see them.
package enum ParserEntryPoints {
    /// Parses `bytes` as `format` exactly as `RosterLoader.load(bytes:)` does; returns the
    /// number of applicants.
    package static func load(_ bytes: [UInt8], format: RosterFileFormat, fileName: String = "fuzz",
                             options: LoadOptions) throws(RosterError) -> Int {
        switch format {
        case .json: return try JSONRosterLoader.loadJSON(bytes, file: fileName, catalog: options.catalog, lenient: options.lenient).applicants.count
        case .jsonl: return try JSONRosterLoader.loadJSONLines(bytes, file: fileName, catalog: options.catalog, lenient: options.lenient).applicants.count
        case .csv: return try CSVRosterLoader.load(bytes, file: fileName, options: options).applicants.count
        case .xlsx: return try XLSXRosterLoader.load(bytes, file: fileName, options: options).applicants.count
        }
    }

    /// Loads `bytes` as CSV twice, sequentially and split over two threads at the middle (as
    /// files of `CSVRosterLoader.parallelThreshold` bytes and more are), and returns a
    /// description of the first difference — applicants, warnings or the error — or nil when
    /// the two agree exactly. The `csv` fuzz target traps on a difference.
    package static func csvSplitDifference(_ bytes: [UInt8], options: LoadOptions) -> String? {
        func run(_ at: Int) -> Result<JSONRosterLoader.Output, RosterError> {
            var o = options
            o.parallelAbove = at
            do throws(RosterError) { return .success(try CSVRosterLoader.load(bytes, file: "fuzz.csv", options: o)) }
            catch { return .failure(error) }
        }
        switch (run(Int.max), run(0)) {
        case (.failure(let a), .failure(let b)):
            return a == b ? nil : "error: sequential \(a) / split \(b)"
        case (.success(let a), .success(let b)):
            if a.applicants != b.applicants {
                let k = zip(a.applicants, b.applicants).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.applicants.count, b.applicants.count)
                return "applicants differ (\(a.applicants.count) / \(b.applicants.count)) from record \(k + 1)"
            }
            return a.warnings == b.warnings ? nil : "warnings: sequential \(a.warnings) / split \(b.warnings)"
        case (.failure(let a), .success):
            return "sequential fails (\(a)), split loads"
        case (.success, .failure(let b)):
            return "sequential loads, split fails (\(b))"
        }
    }

    /// Streams `bytes` through the XML scanner as each part the reader scans: relationships, `xl/workbook.xml`,
    /// `xl/styles.xml`, `xl/sharedStrings.xml`, then as a worksheet (`xl/worksheets/sheet1.xml`, with the shared strings just read), fed in chunks
    /// of `chunk` bytes so token boundaries fall everywhere; then builds applicants from the
    /// grid. Returns the number of grid rows.
    package static func scanWorksheetXML(_ bytes: [UInt8], chunk: Int, catalog: FieldCatalog) throws(RosterError) -> Int {
        let step = max(1, chunk)
        func feed<H: XMLHandler>(_ handler: H, part: String) throws(RosterError) -> H {
            var scanner = XMLScanner(handler: handler, file: "fuzz.xlsx", part: part)
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + step)
                var failure: RosterError?
                bytes[start..<end].withUnsafeBytes { raw in
                    do { try scanner.feed(raw) } catch let e as RosterError { failure = e } catch {}
                }
                if let failure { throw failure }
                start = end
            }
            try scanner.finish()
            return scanner.handler
        }
        _ = try? feed(RelationshipsHandler(), part: "xl/_rels/workbook.xml.rels")
        _ = try? feed(WorkbookHandler(), part: "xl/workbook.xml")
        _ = try? feed(StylesHandler(), part: "xl/styles.xml")
        var shared: [String] = []
        do { shared = try feed(SharedStringsHandler(), part: "xl/sharedStrings.xml").strings } catch {}
        let sheet = try feed(SheetHandler(file: "fuzz.xlsx", sheetName: "Sheet1", shared: shared,
                                          dateStyles: [false, true], date1904: false),
                             part: "xl/worksheets/sheet1.xml")
        let grid = SpreadsheetGrid(sheetName: "Sheet1", rows: sheet.rows, mergedRanges: sheet.merged)
        _ = try XLSXRosterLoader.load(grid: grid, file: "fuzz.xlsx", catalog: catalog, lenient: false)
        return grid.rows.count
    }
}
