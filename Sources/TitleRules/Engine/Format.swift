import RosterData

/// Field slots the rules read (field keys are the roster contract, not notice parameters).
enum F {
    static func slot(_ key: String) -> Int { FieldCatalog.types.slot(of: key)! }
    static let id = slot("id"), name = slot("name")
    static let unitKind = slot("unit_kind"), unitTier = slot("unit_tier"), inPost = slot("in_post")
    static let postVacancy = slot("post_vacancy"), unitSuspended = slot("unit_suspended")
    static let level = slot("level"), route = slot("route"), specialty = slot("specialty")
    static let previousApplicationYear = slot("previous_application_year")
    static let degree = slot("degree"), graduatedOn = slot("graduated_on"), majorRelated = slot("major_related")
    static let majorConverted = slot("major_converted"), diplomaUploaded = slot("diploma_uploaded")
    static let title = slot("title"), titleSince = slot("title_since"), titleInWater = slot("title_in_water")
    static let titleOrigin = slot("title_origin"), titleRecognized = slot("title_recognized")
    static let certificates = slot("certificates"), workStarted = slot("work_started")
    static let skillGrade = slot("skill_grade"), skillSince = slot("skill_since"), honors = slot("honors")
    static let selfScore = slot("self_score"), recommenders = slot("recommenders")
    static let longTermWaterWork = slot("long_term_water_work"), leftAgencyOn = slot("left_agency_on")
    static let currentPostSince = slot("current_post_since")
    static let continuingEducation = slot("continuing_education"), assessments = slot("assessments")
    static let socialInsurance = slot("social_insurance"), socialInsuranceProof = slot("social_insurance_proof")
    static let performance = slot("performance"), fraudYear = slot("fraud_year")
    static let underDiscipline = slot("under_discipline"), selfStatement = slot("self_statement")
    static let photo = slot("photo")
    static let publicityStart = slot("publicity_start"), publicityEnd = slot("publicity_end")
    static let unitReviewedOn = slot("unit_reviewed_on"), feePaid = slot("fee_paid")

    static func key(_ slot: Int) -> String { FieldCatalog.types.fields[slot].key }

    /// `现职称取得时间（title_since）`; sub-fields as `证件照.宽（photo.width）`.
    static func label(_ key: String) -> String {
        if let f = FieldCatalog.types.field(named: key) { return "\(f.label)（\(f.key)）" }
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            let parent = parts[0].replacingOccurrences(of: "[]", with: "")
            if let f = FieldCatalog.types.field(named: parent) {
                let sub = f.kind.subFields?.first { $0.key == parts[1] }?.label ?? parts[1]
                return "\(f.label).\(sub)（\(key)）"
            }
        }
        return key
    }
}

enum Fmt {
    /// `3年5个月又16天`; zero parts left out; `0天` for nothing.
    static func span(_ s: (years: Int, months: Int, days: Int)) -> String {
        var out = ""
        if s.years > 0 { out += "\(s.years)年" }
        if s.months > 0 { out += "\(s.months)个月" }
        if s.days > 0 { out += (out.isEmpty ? "" : "又") + "\(s.days)天" }
        return out.isEmpty ? "0天" : out
    }

    static func number(_ d: Double) -> String {
        if d.rounded() == d, abs(d) < 1e15 { return String(Int(d)) }
        var s = String(format: "%.2f", d)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    static func list(_ xs: [String]) -> String { xs.joined(separator: "、") }

    static func value(_ v: Value) -> String {
        switch v {
        case .null: return "（未知）"
        case .bool(let b): return b ? "是" : "否"
        case .int(let i): return String(i)
        case .double(let d): return number(d)
        case .string(let s): return s
        case .date(let d): return d.description
        case .list(let l): return "[" + l.map(value).joined(separator: ", ") + "]"
        case .object(let r): return "{" + r.pairs.map { "\($0.0): \(value($0.1))" }.joined(separator: ", ") + "}"
        }
    }
}

import Foundation
