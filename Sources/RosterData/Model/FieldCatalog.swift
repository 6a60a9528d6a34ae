/// The type of a catalog field, as `roster-format.md` gives it.
public indirect enum FieldKind: Sendable, Hashable {
    case string
    case int
    case number
    case bool
    case date
    /// One of fixed values; `aliases` maps other accepted spellings to the canonical one.
    case enumeration(values: [String], aliases: [String: String])
    case stringList
    case objectList([SubField])
    case object([SubField])

    /// Short name for `help fields`: `string`, `date`, `enum`, `list<object>` …
    public var displayName: String {
        switch self {
        case .string: return "string"
        case .int: return "int"
        case .number: return "number"
        case .bool: return "bool"
        case .date: return "date"
        case .enumeration: return "enum"
        case .stringList: return "list<string>"
        case .objectList: return "list<object>"
        case .object: return "object"
        }
    }

    public var enumValues: [String]? {
        if case .enumeration(let v, _) = self { return v } else { return nil }
    }

    public var subFields: [SubField]? {
        switch self {
        case .objectList(let s), .object(let s): return s
        default: return nil
        }
    }
}

/// A field inside a list item or object (`continuing_education[].public`, `photo.width`).
public struct SubField: Sendable, Hashable {
    public var key: String
    public var label: String
    public var kind: FieldKind
    public init(_ key: String, _ label: String, _ kind: FieldKind) {
        self.key = key; self.label = label; self.kind = kind
    }
}

/// One field of the roster format: canonical key, Chinese label, type, notes.
public struct FieldSpec: Sendable, Hashable {
    public var key: String
    public var label: String
    public var kind: FieldKind
    /// The spec's section: 身份与单位, 申报, 学历, 职称与资历, 材料记录, 流程.
    public var group: String
    public var note: String
    /// Masked on screen by default (身份证号, 联系电话).
    public var isPersonal: Bool
    /// Position in `FieldCatalog.fields` and in `Applicant.fields`.
    public var slot: Int = 0

    public init(_ key: String, _ label: String, _ kind: FieldKind, group: String, note: String = "",
                personal: Bool = false) {
        self.key = key; self.label = label; self.kind = kind; self.group = group
        self.note = note; self.isPersonal = personal
    }
}

/// Every field of `roster-format.md`, with English keys and 中文 labels as equal names.
///
///     FieldCatalog.types.slot(of: "学历") == FieldCatalog.types.slot(of: "degree")  // true
public struct FieldCatalog: Sendable {
    public let fields: [FieldSpec]
    private let byName: [String: Int]
    /// How the JSON loader reads each slot (enum matchers from the values), made once per catalog.
    let jsonPlans: [FieldPlan]

    public init(_ specs: [FieldSpec]) {
        var all = specs
        var names: [String: Int] = [:]
        for i in all.indices {
            all[i].slot = i
            names[all[i].key] = i
            names[all[i].label] = i
        }
        fields = all
        byName = names
        jsonPlans = FieldPlan.plans(for: all)
    }

    public var count: Int { fields.count }

    /// Slot of a canonical key or a Chinese label.
    public func slot(of name: String) -> Int? { byName[name] }

    public func field(named name: String) -> FieldSpec? { byName[name].map { fields[$0] } }

    /// Every name a field answers to (keys and labels), for completion and "did you mean".
    public var allNames: [String] { fields.flatMap { [$0.key, $0.label] } }

    /// The types catalog with each enum field's values and aliases taken from `vocabulary`
    /// (by field key, `assessments.result` for a sub-field). An enum field the vocabulary does
    /// not name keeps no values (`Vocabulary.missing` lists them).
    public init(vocabulary: Vocabulary) {
        func fill(_ kind: FieldKind, _ key: String) -> FieldKind {
            switch kind {
            case .enumeration:
                let w = vocabulary[key]
                return .enumeration(values: w?.values ?? [], aliases: w?.aliases ?? [:])
            case .objectList(let subs):
                return .objectList(subs.map { SubField($0.key, $0.label, fill($0.kind, key + "." + $0.key)) })
            case .object(let subs):
                return .object(subs.map { SubField($0.key, $0.label, fill($0.kind, key + "." + $0.key)) })
            default:
                return kind
            }
        }
        self.init(FieldCatalog.types.fields.map { f in
            var f = f
            f.kind = fill(f.kind, f.key)
            return f
        })
        self.vocabulary = vocabulary
    }

    /// The vocabulary the enum fields' values came from (empty for `types`).
    public private(set) var vocabulary = Vocabulary()

    /// Keys of the enum fields and sub-fields (`assessments.result`), in catalog order: what a
    /// vocabulary must name.
    public static let enumKeys: [String] = types.fields.flatMap { f -> [String] in
        if case .enumeration = f.kind { return [f.key] }
        return (f.kind.subFields ?? []).compactMap { s in
            if case .enumeration = s.kind { return f.key + "." + s.key } else { return nil }
        }
    }

    /// The values and aliases of an enum field or sub-field (`route`, `assessments.result`).
    public func enumeration(_ key: String) -> (values: [String], aliases: [String: String])? {
        vocabulary[key].map { ($0.values, $0.aliases) }
    }

    /// Fixed slots of the fields the code reads by name.
    public enum Slot {
        public static let id = 0
        public static let name = 1
    }

    /// The field types of `roster-format.md`, without any notice's vocabulary: slots, keys,
    /// labels, kinds. Its enum fields have no values; `FieldCatalog(vocabulary:)` gives them
    /// the values of a rule pack. Use it for what does not depend on the notice (slots,
    /// labels, which fields are personal); check values against a pack's catalog.
    public static let types: FieldCatalog = {
        let e = FieldKind.enumeration(values: [], aliases: [:])
        let g1 = "身份与单位", g2 = "申报", g3 = "学历", g4 = "职称与资历", g5 = "材料记录", g6 = "流程"
        return FieldCatalog([
            FieldSpec("id", "申报编号", .string, group: g1, note: "必填，同一数据集内不重复"),
            FieldSpec("name", "姓名", .string, group: g1, note: "必填"),
            FieldSpec("id_number", "身份证号", .string, group: g1, note: "个人信息：屏幕上打码显示", personal: true),
            FieldSpec("phone", "联系电话", .string, group: g1, note: "个人信息：屏幕上打码显示", personal: true),
            FieldSpec("unit", "工作单位", .string, group: g1),
            FieldSpec("unit_kind", "单位性质", e, group: g1),
            FieldSpec("unit_tier", "单位层级", e, group: g1),
            FieldSpec("agency", "受理机构", e, group: g1),
            FieldSpec("in_post", "在职在岗", .bool, group: g1),
            FieldSpec("post_vacancy", "岗位空缺", .bool, group: g1, note: "仅事业单位：核定岗位结构比例内有空缺"),
            FieldSpec("unit_suspended", "单位暂停申报", .bool, group: g1, note: "事业单位：此前评审通过者逾一年未聘任，暂停申报"),
            FieldSpec("level", "申报级别", e, group: g2),
            FieldSpec("route", "申报方式", e, group: g2),
            FieldSpec("category", "申报类别", e, group: g2),
            FieldSpec("specialty", "评审专业", .string, group: g2),
            FieldSpec("previous_application_year", "上次申报年度", .int, group: g2, note: "再次申报者填写"),
            FieldSpec("degree", "学历", e, group: g3),
            FieldSpec("graduated_on", "毕业时间", .date, group: g3),
            FieldSpec("major_related", "专业对口", .bool, group: g3),
            FieldSpec("major_converted", "专业转换", .bool, group: g3),
            FieldSpec("diploma_uploaded", "学历证明已上传", .bool, group: g3),
            FieldSpec("title", "现职称", e, group: g4),
            FieldSpec("title_since", "现职称取得时间", .date, group: g4),
            FieldSpec("title_in_water", "现职称为水利专业", .bool, group: g4),
            FieldSpec("title_origin", "职称取得地", e, group: g4),
            FieldSpec("title_recognized", "职称已认定", .bool, group: g4),
            FieldSpec("certificates", "注册证书", .stringList, group: g4),
            FieldSpec("work_started", "从事专业工作时间", .date, group: g4),
            FieldSpec("skill_grade", "职业技能等级", e, group: g4),
            FieldSpec("skill_since", "技能等级取得时间", .date, group: g4),
            FieldSpec("honors", "荣誉", .stringList, group: g4),
            FieldSpec("self_score", "自评分", .number, group: g4, note: "0–100 分"),
            FieldSpec("recommenders", "推荐专家", .objectList([
                SubField("name", "姓名", .string), SubField("title", "职称", .string), SubField("id", "编号", .string),
            ]), group: g4),
            FieldSpec("long_term_water_work", "长期从事水利工程", .bool, group: g4),
            FieldSpec("left_agency_on", "调出机关时间", .date, group: g4),
            FieldSpec("current_post_since", "现岗位工作时间", .date, group: g4),
            FieldSpec("continuing_education", "继续教育", .objectList([
                SubField("year", "年度", .int), SubField("public", "公需", .number),
                SubField("professional", "专业", .number), SubField("other", "其他", .number),
            ]), group: g5),
            FieldSpec("assessments", "年度考核", .objectList([
                SubField("year", "年度", .int), SubField("result", "结果", e),
            ]), group: g5),
            FieldSpec("social_insurance", "社保缴纳地", e, group: g5),
            FieldSpec("social_insurance_proof", "省外社保凭据", .bool, group: g5),
            FieldSpec("performance", "业绩", .objectList([
                SubField("title", "名称", .string), SubField("new", "新增", .bool),
                SubField("collective", "集体", .bool), SubField("contributor_proof", "贡献证明", .bool),
            ]), group: g5),
            FieldSpec("fraud_year", "弄虚作假年度", .int, group: g5),
            FieldSpec("under_discipline", "处分期内", .bool, group: g5),
            FieldSpec("self_statement", "本人述职", .string, group: g5),
            FieldSpec("photo", "证件照", .object([
                SubField("format", "格式", .string), SubField("bytes", "字节", .int),
                SubField("width", "宽", .int), SubField("height", "高", .int),
            ]), group: g5),
            FieldSpec("submitted_on", "个人提交时间", .date, group: g6),
            FieldSpec("publicity_start", "公示开始", .date, group: g6),
            FieldSpec("publicity_end", "公示结束", .date, group: g6),
            FieldSpec("unit_reviewed_on", "单位审核时间", .date, group: g6),
            FieldSpec("county_recommended_on", "初评委推荐时间", .date, group: g6),
            FieldSpec("fee_paid", "已缴费", .bool, group: g6),
        ])
    }()
}
