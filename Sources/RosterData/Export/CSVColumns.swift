/// One CSV column of the roster format, with its canonical and Chinese header names
/// (`roster-format.md`, "CSV flattening of list fields").
enum CSVColumn: Hashable {
    /// A scalar or `list of string` field.
    case field(Int)
    /// `continuing_education_count` … : the number of items of a list field.
    case count(Int)
    /// `ce_YYYY_public` …: sub-field index 1…3 of a `continuing_education` item.
    case ce(year: Int, sub: Int)
    /// `assessment_YYYY`.
    case assessment(year: Int)
    /// `recommender_N_name` …: sub-field index of item N (1-based).
    case recommender(n: Int, sub: Int)
    /// `performance_N_title` …
    case performance(n: Int, sub: Int)
    /// `photo_format` …
    case photo(sub: Int)
    /// An unknown field.
    case extra(String)

    static let catalog = FieldCatalog.types
    static let ceSlot = catalog.slot(of: "continuing_education")!
    static let assessmentSlot = catalog.slot(of: "assessments")!
    static let recommenderSlot = catalog.slot(of: "recommenders")!
    static let performanceSlot = catalog.slot(of: "performance")!
    static let photoSlot = catalog.slot(of: "photo")!
    static let ceSubs = catalog.fields[ceSlot].kind.subFields!
    static let assessmentSubs = catalog.fields[assessmentSlot].kind.subFields!
    static let recommenderSubs = catalog.fields[recommenderSlot].kind.subFields!
    static let performanceSubs = catalog.fields[performanceSlot].kind.subFields!
    static let photoSubs = catalog.fields[photoSlot].kind.subFields!

    /// Fields that have a count column.
    static func isListField(_ slot: Int) -> Bool {
        switch catalog.fields[slot].kind {
        case .stringList, .objectList: return true
        default: return false
        }
    }

    func name(chinese: Bool) -> String {
        let c = CSVColumn.self
        switch self {
        case .field(let s): return chinese ? c.catalog.fields[s].label : c.catalog.fields[s].key
        case .count(let s): return chinese ? c.catalog.fields[s].label + "_数量" : c.catalog.fields[s].key + "_count"
        case .ce(let y, let j): return chinese ? "继续教育_\(y)_\(c.ceSubs[j].label)" : "ce_\(y)_\(c.ceSubs[j].key)"
        case .assessment(let y): return chinese ? "年度考核_\(y)" : "assessment_\(y)"
        case .recommender(let n, let j): return chinese ? "推荐专家_\(n)_\(c.recommenderSubs[j].label)" : "recommender_\(n)_\(c.recommenderSubs[j].key)"
        case .performance(let n, let j): return chinese ? "业绩_\(n)_\(c.performanceSubs[j].label)" : "performance_\(n)_\(c.performanceSubs[j].key)"
        case .photo(let j): return chinese ? "证件照_\(c.photoSubs[j].label)" : "photo_\(c.photoSubs[j].key)"
        case .extra(let k): return k
        }
    }

    /// The catalog field a column belongs to (nil for unknown fields).
    var slot: Int? {
        switch self {
        case .field(let s), .count(let s): return s
        case .ce: return CSVColumn.ceSlot
        case .assessment: return CSVColumn.assessmentSlot
        case .recommender: return CSVColumn.recommenderSlot
        case .performance: return CSVColumn.performanceSlot
        case .photo: return CSVColumn.photoSlot
        case .extra: return nil
        }
    }

    /// A header cell to a column. Keys and labels may be mixed (`ce_2023_公需`).
    /// Throws a message for a list field given as one column.
    static func parse(_ header: String) -> Result<CSVColumn, TypingProblem> {
        let h = trimBlanks(header)
        if let slot = catalog.slot(of: h) {
            switch catalog.fields[slot].kind {
            case .objectList, .object:
                let f = catalog.fields[slot]
                return .failure(TypingProblem(message: "列表/对象字段 \(f.key)（\(f.label)）在 CSV 中须展开为多列（如 \(CSVColumn.example(slot))）", value: h))
            default:
                return .success(.field(slot))
            }
        }
        for suffix in ["_count", "_数量"] where h.hasSuffix(suffix) {
            if let slot = catalog.slot(of: String(h.dropLast(suffix.count))), isListField(slot) { return .success(.count(slot)) }
        }
        func sub(_ s: Substring, _ subs: [SubField]) -> Int? { subs.firstIndex { $0.key == s || $0.label == s } }
        func split(_ prefixes: [String]) -> [Substring]? {
            for p in prefixes where h.hasPrefix(p) { return h.dropFirst(p.count).split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false) }
            return nil
        }
        func number(_ s: Substring) -> Int? {
            guard !s.isEmpty, s.count <= 6, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(s)
        }
        if let parts = split(["ce_", "继续教育_"]), parts.count == 2, let y = number(parts[0]), let j = sub(parts[1], ceSubs), j > 0 {
            return .success(.ce(year: y, sub: j))
        }
        if let parts = split(["assessment_", "年度考核_"]), parts.count == 1, let y = number(parts[0]) {
            return .success(.assessment(year: y))
        }
        if let parts = split(["recommender_", "推荐专家_"]), parts.count == 2, let n = number(parts[0]), n >= 1, let j = sub(parts[1], recommenderSubs) {
            return .success(.recommender(n: n, sub: j))
        }
        if let parts = split(["performance_", "业绩_"]), parts.count == 2, let n = number(parts[0]), n >= 1, let j = sub(parts[1], performanceSubs) {
            return .success(.performance(n: n, sub: j))
        }
        for p in ["photo_", "证件照_"] where h.hasPrefix(p) {
            if let j = sub(h.dropFirst(p.count), photoSubs) { return .success(.photo(sub: j)) }
        }
        return .success(.extra(h))
    }

    static func example(_ slot: Int) -> String {
        switch slot {
        case ceSlot: return "ce_2023_public"
        case assessmentSlot: return "assessment_2023"
        case recommenderSlot: return "recommender_1_name"
        case performanceSlot: return "performance_1_title"
        default: return "photo_width"
        }
    }
}
