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
///     FieldCatalog.standard.slot(of: "学历") == FieldCatalog.standard.slot(of: "degree")  // true
public struct FieldCatalog: Sendable {
    public let fields: [FieldSpec]
    private let byName: [String: Int]

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
    }

    public var count: Int { fields.count }

    /// Slot of a canonical key or a Chinese label.
    public func slot(of name: String) -> Int? { byName[name] }

    public func field(named name: String) -> FieldSpec? { byName[name].map { fields[$0] } }

    /// Every name a field answers to (keys and labels), for completion and "did you mean".
    public var allNames: [String] { fields.flatMap { [$0.key, $0.label] } }

    /// Fixed slots of the fields the code reads by name.
    public enum Slot {
        public static let id = 0
        public static let name = 1
    }

    public static let routeValues = ["正常申报", "自评分（推荐）申报", "高技能人才申报", "机关调出人员申报", "转评申报"]
    public static let routeAliases: [String: String] = [
        "正常": "正常申报", "自评分": "自评分（推荐）申报", "自评分(推荐)申报": "自评分（推荐）申报",
        "自评分(推荐）申报": "自评分（推荐）申报", "自评分（推荐)申报": "自评分（推荐）申报",
        "高技能": "高技能人才申报", "机关调出": "机关调出人员申报", "转评": "转评申报",
    ]
    public static let agencies = ["衢州市水利局", "柯城区水利局", "衢江区水利局", "龙游县林业水利局",
                                  "江山市水利局", "常山县林业水利局", "开化县水利局"]
    public static let assessmentResults = ["优秀", "良好", "合格", "称职", "基本合格", "基本称职", "不合格", "不称职", "不定等次"]
    public static let degrees = ["中专", "大专", "本科", "第二学士", "硕士", "研究生", "博士", "中级工班", "高级工班", "预备技师班", "技师班"]

    public static let standard: FieldCatalog = {
        func e(_ v: [String], _ a: [String: String] = [:]) -> FieldKind { .enumeration(values: v, aliases: a) }
        let g1 = "身份与单位", g2 = "申报", g3 = "学历", g4 = "职称与资历", g5 = "材料记录", g6 = "流程"
        return FieldCatalog([
            FieldSpec("id", "申报编号", .string, group: g1, note: "required, unique in a dataset"),
            FieldSpec("name", "姓名", .string, group: g1, note: "required"),
            FieldSpec("id_number", "身份证号", .string, group: g1, note: "personal data: masked on screen", personal: true),
            FieldSpec("phone", "联系电话", .string, group: g1, note: "personal data: masked on screen", personal: true),
            FieldSpec("unit", "工作单位", .string, group: g1),
            FieldSpec("unit_kind", "单位性质", e(["事业单位", "企业", "机关"]), group: g1),
            FieldSpec("unit_tier", "单位层级", e(["市本级", "县（市、区）"]), group: g1),
            FieldSpec("agency", "受理机构", e(agencies), group: g1),
            FieldSpec("in_post", "在职在岗", .bool, group: g1),
            FieldSpec("post_vacancy", "岗位空缺", .bool, group: g1, note: "事业单位: a vacant post within the approved ratio"),
            FieldSpec("unit_suspended", "单位暂停申报", .bool, group: g1, note: "事业单位 whose passers went unappointed"),
            FieldSpec("level", "申报级别", e(["技术员", "助理工程师", "工程师"]), group: g2),
            FieldSpec("route", "申报方式", e(routeValues, routeAliases), group: g2),
            FieldSpec("category", "申报类别", e(["规划设计", "技术开发", "建设管理", "施工管理", "运行管理", "行业管理"]), group: g2),
            FieldSpec("specialty", "评审专业", .string, group: g2),
            FieldSpec("previous_application_year", "上次申报年度", .int, group: g2, note: "set for a repeat applicant"),
            FieldSpec("degree", "学历", e(degrees), group: g3),
            FieldSpec("graduated_on", "毕业时间", .date, group: g3),
            FieldSpec("major_related", "专业对口", .bool, group: g3),
            FieldSpec("major_converted", "专业转换", .bool, group: g3),
            FieldSpec("diploma_uploaded", "学历证明已上传", .bool, group: g3),
            FieldSpec("title", "现职称", e(["无", "技术员", "助理工程师", "工程师"]), group: g4),
            FieldSpec("title_since", "现职称取得时间", .date, group: g4),
            FieldSpec("title_in_water", "现职称为水利专业", .bool, group: g4),
            FieldSpec("title_origin", "职称取得地", e(["省内", "省外", "中央部属", "军队转业"]), group: g4),
            FieldSpec("title_recognized", "职称已认定", .bool, group: g4),
            FieldSpec("certificates", "注册证书", .stringList, group: g4),
            FieldSpec("work_started", "从事专业工作时间", .date, group: g4),
            FieldSpec("skill_grade", "职业技能等级", e(["高级工", "技师", "高级技师"]), group: g4),
            FieldSpec("skill_since", "技能等级取得时间", .date, group: g4),
            FieldSpec("honors", "荣誉", .stringList, group: g4),
            FieldSpec("self_score", "自评分", .number, group: g4, note: "0-100"),
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
                SubField("year", "年度", .int), SubField("result", "结果", e(assessmentResults)),
            ]), group: g5),
            FieldSpec("social_insurance", "社保缴纳地", e(["省内", "省外"]), group: g5),
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
