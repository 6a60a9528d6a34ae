import Foundation
import RosterData

// M1–M4 材料 (需补正 / 提示: no effect on eligibility)

struct M1: BuildableRule, EvaluatedRule {
    static let ruleID = "M1"
    static let schema: [(String, RulePack.ParamType)] = [("max_items", .int)]
    struct Params: Decodable, Sendable {
        var maxItems: Int
        enum CodingKeys: String, CodingKey { case maxItems = "max_items" }
    }
    let info: RuleInfo
    let p: Params
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) { self.info = info; self.p = params }

    func evaluate(_ c: Ctx) -> RuleResult {
        let n = p.maxItems
        guard let list = c.list(F.performance) else {
            return c.result(info, .unknown, "", read: [F.performance], missing: ["performance"])
        }
        return c.result(info, Outcome(list.count <= n), list.count <= n ? "业绩 \(list.count) 项，不超过 \(n) 项"
                        : "业绩 \(list.count) 项，超过 \(n) 项：只计前 \(n) 项，第 \(n + 1)–\(list.count) 项无效", read: [F.performance])
    }
}

struct M2: BuildableRule, EvaluatedRule {
    static let ruleID = "M2"
    let info: RuleInfo
    init(info: RuleInfo, params: NoParams, pack: RuleBuildContext) { self.info = info }

    func evaluate(_ c: Ctx) -> RuleResult {
        guard let list = c.list(F.performance) else {
            return c.result(info, .unknown, "", read: [F.performance], missing: ["performance"])
        }
        var fails: [String] = [], open: [String] = []
        for (i, item) in list.enumerated() {
            let r = item.objectValue ?? Record()
            let coll = r["collective"]?.boolValue, proof = r["contributor_proof"]?.boolValue
            let needs: Outcome = (coll.map(Outcome.init) ?? .unknown).and(proof.map { Outcome(!$0) } ?? .unknown)
            if needs == .pass || needs == .unknown {
                let name = c.explain ? "第 \(i + 1) 项" + (r["title"]?.stringValue.map { "《\($0)》" } ?? "") : ""
                if needs == .pass { fails.append(name) } else { open.append(name) }
            }
        }
        let o: Outcome = !fails.isEmpty ? .fail : !open.isEmpty ? .unknown : .pass
        return c.result(info, o, {
            if !fails.isEmpty { return "集体项目缺少本人系主要贡献者的证明：\(Fmt.list(fails))" }
            if !open.isEmpty { return "是否集体项目或有无贡献证明不明：\(Fmt.list(open))" }
            return "集体项目均有贡献证明（或无集体项目）"
        }(), read: [F.performance], missing: ["performance[].collective", "performance[].contributor_proof"])
    }
}

struct M3: BuildableRule, EvaluatedRule {
    static let ruleID = "M3"
    static let schema: [(String, RulePack.ParamType)] = [("max_chars", .int)]
    struct Params: Decodable, Sendable {
        var maxChars: Int
        enum CodingKeys: String, CodingKey { case maxChars = "max_chars" }
    }
    let info: RuleInfo
    let p: Params
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) { self.info = info; self.p = params }

    func evaluate(_ c: Ctx) -> RuleResult {
        let n = p.maxChars
        guard let s = c.string(F.selfStatement) else {
            return c.result(info, .unknown, "", read: [F.selfStatement], missing: ["self_statement"])
        }
        // Swift strings are valid UTF-8: one scalar per byte that does not continue a sequence.
        let count = s.utf8.withContiguousStorageIfAvailable { b in b.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }
            ?? s.unicodeScalars.count
        return c.result(info, Outcome(count <= n), "本人述职 \(count) 字，需 ≤\(n) 字" + (count > n ? " — 超出 \(count - n) 字" : ""),
                        read: [F.selfStatement])
    }
}

struct M4: BuildableRule, EvaluatedRule {
    static let ruleID = "M4"
    static let schema: [(String, RulePack.ParamType)] = [
        ("formats", .strings), ("bytes_above", .int), ("bytes_below", .int), ("width_above", .int),
        ("height_above", .int), ("ratio_min", .ratio), ("ratio_max", .ratio),
    ]
    struct Params: Decodable, Sendable {
        var formats: [String]
        var bytesAbove: Int, bytesBelow: Int, widthAbove: Int, heightAbove: Int
        var ratioMin: Ratio, ratioMax: Ratio
        enum CodingKeys: String, CodingKey {
            case formats, bytesAbove = "bytes_above", bytesBelow = "bytes_below", widthAbove = "width_above"
            case heightAbove = "height_above", ratioMin = "ratio_min", ratioMax = "ratio_max"
        }
    }
    let info: RuleInfo
    let p: Params
    /// `p.formats` upper-cased (compared with the photo's format, trimmed and upper-cased).
    let upperFormats: [String]
    init(info: RuleInfo, params: Params, pack: RuleBuildContext) {
        self.info = info; self.p = params; upperFormats = params.formats.map { $0.uppercased() }
    }

    func evaluate(_ c: Ctx) -> RuleResult {
        guard let pv = c.v(F.photo) else { return c.result(info, .unknown, "", read: [F.photo], missing: ["photo"]) }
        guard let ph = pv.objectValue else { return c.result(info, .pass, "未重新上传证件照（使用身份证照片）", read: [F.photo]) }
        let formats = p.formats
        let bAbove = p.bytesAbove, bBelow = p.bytesBelow, wAbove = p.widthAbove, hAbove = p.heightAbove
        let rMin = p.ratioMin, rMax = p.ratioMax
        var checks: [Outcome] = [], notes: [String] = [], missing: [String] = []
        if let f = ph["format"]?.stringValue {
            let uf = trimmedBlanks(f).uppercased()
            let ok = upperFormats.contains { $0 == uf }
            checks.append(Outcome(ok)); if !ok, c.explain { notes.append("格式 \(f)，须为 \(formats.joined(separator: " 或 "))") }
        } else { checks.append(.unknown); missing.append("photo.format") }
        if let b = ph["bytes"]?.intValue {
            let ok = b > bAbove && b < bBelow
            checks.append(Outcome(ok)); if !ok, c.explain { notes.append("文件 \(b) 字节，须大于 \(bAbove) 且小于 \(bBelow)") }
        } else { checks.append(.unknown); missing.append("photo.bytes") }
        let w = ph["width"]?.intValue, h = ph["height"]?.intValue
        if let w { let ok = w > wAbove; checks.append(Outcome(ok)); if !ok, c.explain { notes.append("宽 \(w) 像素，须大于 \(wAbove)") } }
        else { checks.append(.unknown); missing.append("photo.width") }
        if let h { let ok = h > hAbove; checks.append(Outcome(ok)); if !ok, c.explain { notes.append("高 \(h) 像素，须大于 \(hAbove)") } }
        else { checks.append(.unknown); missing.append("photo.height") }
        if let w, let h, h > 0 {
            let ok = rMin.isAtMost(w, over: h) && rMax.isAtLeast(w, over: h)
            checks.append(Outcome(ok))
            if !ok, c.explain { notes.append("宽高比 \(w)/\(h) = \(String(format: "%.4f", Double(w) / Double(h)))，须在 \(rMin)–\(rMax) 之间（含）") }
        } else if w != nil, h != nil { checks.append(.fail); notes.append("高为 0") }
        let o = Outcome.all(checks)
        return c.result(info, o, o == .pass ? "证件照 \(ph["format"].map(Fmt.value) ?? "") \(w ?? 0)×\(h ?? 0)，\(ph["bytes"].map(Fmt.value) ?? "") 字节，符合要求"
                        : notes.joined(separator: "；"), read: [F.photo], missing: missing)
    }
}
