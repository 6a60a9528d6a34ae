/// SplitMix64: a tiny fixed PRNG, identical on every run and machine (unlike
/// `SystemRandomNumberGenerator`), so a seed always gives the same roster.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// 0..<n (n > 0); the modulo bias is irrelevant here and keeps the stream simple.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    public mutating func range(_ r: ClosedRange<Int>) -> Int { r.lowerBound + below(r.count) }
    /// True with probability `percent`/100.
    public mutating func percent(_ p: Int) -> Bool { below(100) < p }
    public mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }
    /// An element by integer weights.
    public mutating func weighted<T>(_ a: [(T, Int)]) -> T {
        var r = below(a.reduce(0) { $0 + $1.1 })
        for (v, w) in a { if r < w { return v }; r -= w }
        return a[a.count - 1].0
    }
}

/// A deterministic synthetic roster in a rule pack's vocabulary (the catalog passed in):
/// realistic names, units of the pack's agencies, every level and route, records, process
/// dates around the evaluation year's windows, and edge cases (missing fields, cut-off-day and
/// 29 February dates, 1000- and 1001-character statements, ineligible applicants, shared
/// experts). Values are taken from the vocabulary by position, so the 2024 pack's catalog gives
/// the roster the examples and benchmarks were made from.
public enum RosterGenerator {

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方邵毛郑徐祝余童").map(String.init)
    static let givenChars = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌宇浩凯健俊晨鑫博瑞雪婷琳颖倩佳怡欣涵梓子轩然思嘉航宏毅飞鹏翔晓鸿立新春海波松林峰亮昊哲").map(String.init)

    /// Area codes of the ID numbers, by agency position (the first agency is the city's).
    static let areaCodes = ["330802", "330802", "330803", "330825", "330881", "330822", "330824"]
    /// City-level units: (name suffix after the first agency's area, unit-kind position).
    static let cityUnits: [(String, Int)] = [
        ("乌溪江引水工程管理中心", 0), ("河湖保护中心", 0), ("水文站", 0),
        ("水利水电勘测设计院有限公司", 1), ("水利工程建设管理中心", 0),
        ("铜山源水库管理中心", 0), ("水利发展集团有限公司", 1),
    ]
    static let countyUnitSuffixes: [(String, Int)] = [
        ("水利工程管理站", 0), ("水库管理中心", 0), ("河湖管理中心", 0),
        ("水利水电建设有限公司", 1), ("农村水利管理站", 0), ("水利规划设计有限公司", 1),
    ]
    static let specialties = ["水利水电工程", "水文水资源", "农业水利工程", "水利工程管理", "河道治理", "水土保持"]

    /// The vocabulary the generator draws from, by position in each enum field's values
    /// (`FieldCatalog.enumeration`): position, not name, so no notice's words are written here.
    /// A position past the end wraps around; an empty list gives "".
    struct Words {
        let unitKinds, unitTiers, agencies, levels, routes, categories, degrees, titles, origins, skills,
            results, insurance: [String]
        init(_ c: FieldCatalog) {
            func v(_ k: String) -> [String] { c.enumeration(k)?.values ?? [] }
            unitKinds = v("unit_kind"); unitTiers = v("unit_tier"); agencies = v("agency"); levels = v("level")
            routes = v("route"); categories = v("category"); degrees = v("degree"); titles = v("title")
            origins = v("title_origin"); skills = v("skill_grade"); results = v("assessments.result")
            insurance = v("social_insurance")
        }
        static func at(_ l: [String], _ i: Int) -> String { l.isEmpty ? "" : l[i % l.count] }
        func unitKind(_ i: Int) -> String { Words.at(unitKinds, i) }
        func level(_ i: Int) -> String { Words.at(levels, i) }
        func route(_ i: Int) -> String { Words.at(routes, i) }
        func degree(_ i: Int) -> String { Words.at(degrees, i) }
        func title(_ i: Int) -> String { Words.at(titles, i) }
        func result(_ i: Int) -> String { Words.at(results, i) }
        /// (value at position, weight) pairs, in the order given.
        func weighted(_ l: [String], _ w: [(Int, Int)]) -> [(String, Int)] { w.map { (Words.at(l, $0.0), $0.1) } }
        /// An agency's area: its name up to the first 市, 区 or 县 (`某某县林业水利局` → `某某县`).
        static func area(_ agency: String) -> String {
            guard let i = agency.firstIndex(where: { "市区县".contains($0) }) else { return agency }
            return String(agency[...i])
        }
    }
    static let experts: [(String, String, String?)] = [
        ("周建平", "高级工程师", "E001"), ("吴海峰", "正高级工程师", "E002"), ("徐立新", "高级工程师", nil),
        ("郑春华", "高级工程师", "E004"), ("毛国强", "正高级工程师", nil), ("祝晓燕", "高级工程师", "E006"),
        ("余文斌", "高级工程师", "E007"), ("童志刚", "工程师", nil), ("方鸿飞", "高级工程师", "E009"),
        ("邵俊杰", "正高级工程师", "E010"), ("姜林峰", "高级工程师", nil), ("汪明亮", "高级工程师", "E012"),
    ]
    static let certificatesPool = ["一级建造师（水利水电工程）", "二级建造师（水利水电工程）", "注册土木工程师（水利水电工程）",
                                   "注册监理工程师（水利工程）", "一级造价工程师（水利工程）"]
    static let honorsPool = ["省级二类技能竞赛前三名", "浙江青年工匠", "优秀技能人才", "省技术能手", "浙江工匠", "市级先进工作者"]
    static let projects = ["乌溪江灌区续建配套与节水改造工程", "铜山源水库除险加固工程", "衢江治理二期工程", "常山港堤防加固工程",
                           "江山港流域综合治理工程", "芙蓉水库运行调度", "灵山港河道整治工程", "农村饮用水达标提标工程",
                           "山塘水库安全鉴定", "中小河流治理工程", "水资源监控能力建设项目", "幸福河湖建设项目"]
    static let statementPieces = [
        "本人自参加工作以来，一直从事水利工程技术工作，", "认真学习国家水利方针政策和专业技术规范，", "参与了多项水利工程的设计、施工与运行管理，",
        "在工程质量控制和安全生产方面积累了丰富经验，", "主持编制了水库调度运用方案和防汛应急预案，", "积极参加继续教育，按时完成公需科目和专业科目学习，",
        "注重理论联系实际，解决了工程建设中的多项技术难题，", "配合做好河湖长制和水资源管理相关工作，", "指导青年技术人员开展工作，",
        "在防汛抗旱工作中坚守岗位，圆满完成各项任务。", "今后将继续努力，提高专业技术水平，为水利事业发展作出更大贡献。",
    ]

    /// `count` applicants for `seed`, in `catalog`'s vocabulary (a rule pack's `catalog`); the
    /// same arguments give the same applicants everywhere.
    public static func generate(count: Int, seed: UInt64, year: Int = 2024, catalog: FieldCatalog) -> [Applicant] {
        var rng = SplitMix64(seed: seed)
        var out: [Applicant] = []
        out.reserveCapacity(count)
        let words = Words(catalog)
        for i in 1...max(count, 1) where i <= count {
            out.append(applicant(i, year: year, words: words, rng: &rng))
        }
        return out
    }

    static func day(_ y: Int, _ m: Int, _ d: Int) -> Day { Day(y, m, min(d, Day.daysIn(month: m, year: y)))! }

    static func applicant(_ i: Int, year Y: Int, words w: Words, rng: inout SplitMix64) -> Applicant {
        var a = Applicant()
        func set(_ key: String, _ v: Value) { a.fields[FieldCatalog.types.slot(of: key)!] = v }
        func setDate(_ key: String, _ d: Day) { set(key, .date(d)) }
        let seq = String(i)
        set("id", .string("QZ\(Y)-" + (seq.count >= 4 ? seq : String(repeating: "0", count: 4 - seq.count) + seq)))
        let name = rng.pick(surnames) + rng.pick(givenChars) + (rng.percent(70) ? rng.pick(givenChars) : "")
        set("name", .string(name))

        // Unit and agency.
        let cityLevel = rng.percent(35)
        let agencyIndex = cityLevel ? 0 : rng.range(1...max(1, w.agencies.count - 1))
        let agency = Words.at(w.agencies, agencyIndex), county = Words.area(agency)
        var unitKind: String
        if cityLevel {
            let u = rng.pick(cityUnits)
            set("unit", .string(county + u.0)); unitKind = w.unitKind(u.1)
            set("unit_tier", .string(Words.at(w.unitTiers, 0)))
        } else {
            let u = rng.pick(countyUnitSuffixes)
            set("unit", .string(county + u.0)); unitKind = w.unitKind(u.1)
            set("unit_tier", .string(Words.at(w.unitTiers, 1)))
        }
        if rng.percent(2) { unitKind = w.unitKind(2); set("unit", .string(county + "水利局")) }
        set("unit_kind", .string(unitKind))
        set("agency", .string(agency))
        set("in_post", .bool(!rng.percent(2)))
        if unitKind == w.unitKind(0) {
            set("post_vacancy", .bool(!rng.percent(8)))
            if rng.percent(3) { set("unit_suspended", .bool(true)) } else if rng.percent(50) { set("unit_suspended", .bool(false)) }
        }

        // Person.
        let birthYear = rng.range((Y - 55)...(Y - 23))
        let birth = day(birthYear, rng.range(1...12), rng.range(1...28))
        let bc = birth.components
        let body = areaCodes[agencyIndex % areaCodes.count] + String(bc.year) + pad2(bc.month) + pad2(bc.day) + pad(rng.below(1000), 3)
        set("id_number", .string(body + checkDigit(body)))
        set("phone", .string(rng.pick(["138", "139", "137", "135", "158", "159", "188", "189", "133", "180"]) + pad(rng.below(100_000_000), 8)))

        // Application.
        // Routes by position in the 2024 pack's order: 0 normal, 1 self-assessed score
        // (recommended), 2 highly skilled, 3 from a state organ, 4 transfer (转评).
        let routeIndex = rng.weighted([(0, 80), (1, 7), (2, 5), (3, 3), (4, 5)])
        let route = w.route(routeIndex)
        // Levels by position, lowest first: 0 员级, 1 初级, 2 中级.
        var levelIndex: Int
        if cityLevel { levelIndex = rng.weighted([(2, 55), (1, 35), (0, 10)]) }
        else { levelIndex = rng.weighted([(2, 92), (1, 6), (0, 2)]) }
        if routeIndex != 0 && routeIndex != 4 && levelIndex == 0 && !rng.percent(10) { levelIndex = 1 }
        let level = w.level(levelIndex)
        set("level", .string(level))
        set("route", .string(route))
        set("category", .string(w.categories.isEmpty ? "" : rng.pick(w.categories)))
        set("specialty", .string(rng.pick(specialties)))
        if rng.percent(6) { set("previous_application_year", .int(Y - rng.range(1...3))) }

        // Education.
        // Degrees by position in the 2024 pack's order (weight, and age at graduation): 0-6 the
        // schools from technical secondary to doctorate, 7-10 the technician-school classes.
        let degreeIndex = rng.weighted([(2, 55), (1, 20), (4, 10), (0, 5), (5, 2), (6, 1), (8, 2), (7, 1), (9, 1), (10, 1), (3, 2)])
        set("degree", .string(w.degree(degreeIndex)))
        let gradAges = [19, 21, 22, 24, 25, 25, 28, 19, 21, 22, 22]
        let gradAge = degreeIndex < gradAges.count ? gradAges[degreeIndex] : 22
        var gradYear = min(birthYear + gradAge, Y)
        if levelIndex == 0 || levelIndex == 1 { gradYear = max(gradYear, Y - rng.range(1...8)) }
        var graduated = day(gradYear, rng.pick([6, 7, 7, 7, 1]), rng.pick([1, 20, 30, 30]))
        if i % 53 == 11 { graduated = day(2016, 2, 29) }
        setDate("graduated_on", graduated)
        set("major_related", .bool(!rng.percent(10)))
        if rng.percent(5) { set("major_converted", .bool(true)) }
        if graduated < day(2001, 1, 1) { set("diploma_uploaded", .bool(!rng.percent(15))) }
        let work = graduated.adding(days: rng.range(15...120))
        setDate("work_started", work)

        // Titles.
        // Titles by position: 0 none, then the levels lowest first.
        let title: String
        switch (levelIndex, routeIndex) {
        case (_, 4): title = level
        case (2, _): title = rng.percent(92) ? w.title(2) : w.title(0)
        case (1, _): title = rng.percent(70) ? w.title(1) : w.title(0)
        default: title = w.title(0)
        }
        set("title", .string(title))
        if title != w.title(0) {
            var since = day(Y - rng.range(3...10), 12, rng.pick([20, 25, 31, 15]))
            if since < work { since = work.adding(days: 365 * 2) }
            if i % 41 == 7 { since = day(Y - 4, 12, 31) }          // exactly four years at the cut-off day
            if i % 67 == 13 { since = day(2020, 2, 29) }           // 29 February + 4 years = 2024-02-29
            setDate("title_since", since)
            set("title_in_water", .bool(!rng.percent(6)))
            let origin = rng.weighted(w.weighted(w.origins, [(0, 90), (1, 6), (2, 2), (3, 2)]))
            set("title_origin", .string(origin))
            if origin != Words.at(w.origins, 0) { set("title_recognized", .bool(!rng.percent(30))) }
        }
        if rng.percent(12) { set("certificates", .list((0..<rng.range(1...2)).map { _ in .string(rng.pick(certificatesPool)) }.uniqued())) }
        else if rng.percent(10) { set("certificates", .list([])) }

        switch routeIndex {
        case 1:
            if levelIndex == 2 {
                set("self_score", rng.percent(20) ? .double(Double(rng.range(600...990)) / 10) : .int(rng.range(55...96)))
            } else {
                set("long_term_water_work", .bool(!rng.percent(15)))
            }
            var recs: [Value] = []
            let n = rng.weighted([(2, 80), (3, 12), (1, 8)])
            var used = Set<Int>()
            while recs.count < n {
                let k = rng.below(experts.count)
                if !used.insert(k).inserted { continue }
                let e = experts[k]
                var r = Record([("name", .string(e.0)), ("title", .string(e.1))])
                if let id = e.2 { r["id"] = .string(id) }
                recs.append(.object(r))
            }
            set("recommenders", .list(recs))
        case 2:
            let grade = rng.weighted(w.weighted(w.skills, [(0, 40), (1, 45), (2, 15)]))
            set("skill_grade", .string(grade))
            setDate("skill_since", day(Y - rng.range(1...8), rng.range(1...12), rng.range(1...28)))
            if rng.percent(30) { set("honors", .list([.string(rng.pick(honorsPool))])) }
        case 3:
            setDate("left_agency_on", day(Y - rng.range(1...4), rng.range(1...12), rng.range(1...28)))
        case 4:
            setDate("current_post_since", day(Y - rng.range(0...4), rng.range(1...12), rng.range(1...28)))
        default:
            if rng.percent(3) { set("honors", .list([.string(rng.pick(honorsPool))])) }
        }

        // Records.
        if !rng.percent(3) {
            var ce: [Value] = []
            // Most records meet 三(三) (公需 ≥18, 专业 ≥60, total ≥90); a few fall short.
            for y in (Y - 4)...Y where rng.percent(y == Y - 4 ? 40 : 98) {
                let pub = rng.percent(2) ? rng.range(0...20) : rng.range(22...40)
                let pro = rng.percent(2) ? rng.range(10...50) : rng.range(68...90)
                var item = Record([("year", .int(y)), ("public", .int(pub)), ("professional", .int(pro))])
                item["other"] = rng.percent(20) ? .double(Double(rng.range(0...40)) / 2) : .int(0)
                ce.append(.object(item))
            }
            set("continuing_education", .list(ce))
        }
        if !rng.percent(3) {
            // Results by position in the 2024 pack's order: 0-3 good enough (excellent, good,
            // pass, competent), 4-8 not (basically pass/competent, fail, incompetent, no grade).
            let results = [2, 2, 2, 0, 3, 0, 2, 1].map(w.result), poor = [4, 6, 8, 5].map(w.result)
            var asm: [Value] = []
            for y in (Y - 4)...(Y - 1) {
                let r = rng.percent(2) ? rng.pick(poor) : rng.pick(results)
                asm.append(.object(Record([("year", .int(y)), ("result", .string(r))])))
            }
            set("assessments", .list(asm))
        }
        let outOfProvince = rng.percent(4)
        set("social_insurance", .string(Words.at(w.insurance, outOfProvince ? 1 : 0)))
        if outOfProvince { set("social_insurance_proof", .bool(rng.percent(60))) }
        var perf: [Value] = []
        for _ in 0..<rng.weighted([(1, 40), (2, 35), (3, 15), (0, 10)]) {
            let p = rng.pick(projects) + rng.pick(["技术负责", "运行管理", "施工管理", "质量检测", "设计"])
            var r = Record([("title", .string(p)), ("new", .bool(rng.percent(70))), ("collective", .bool(rng.percent(20)))])
            if r["collective"] == .bool(true) { r["contributor_proof"] = .bool(rng.percent(70)) }
            perf.append(.object(r))
        }
        set("performance", .list(perf))
        if rng.percent(1) { set("fraud_year", .int(Y - rng.range(1...4))) }
        if rng.percent(1) { set("under_discipline", .bool(true)) } else if rng.percent(30) { set("under_discipline", .bool(false)) }

        var statementLength = rng.range(60...420)
        if i == 7 { statementLength = 1000 }
        if i == 8 { statementLength = 1001 }
        var statement = "本人\(name)，"
        var length = statement.count
        while length < statementLength {
            let piece = rng.pick(statementPieces)
            statement += piece
            length += piece.count
        }
        set("self_statement", .string(String(statement.prefix(statementLength))))
        if rng.percent(20) {
            let fmt = rng.weighted([("JPG", 85), ("PNG", 10), ("BMP", 5)])
            set("photo", .object(Record([("format", .string(fmt)), ("bytes", .int(rng.range(40_000...260_000))),
                                         ("width", .int(rng.pick([295, 295, 358, 413, 200]))), ("height", .int(rng.pick([413, 413, 441, 579, 300])))])))
        }

        // Process, around the year's windows.
        let submitted = day(Y, 7, 4).adding(days: rng.percent(4) ? rng.range(31...40) : rng.range(0...30))
        if !rng.percent(3) {
            setDate("submitted_on", submitted)
            let pubStart = submitted.adding(days: rng.range(1...5))
            setDate("publicity_start", pubStart)
            setDate("publicity_end", pubStart.adding(days: rng.percent(6) ? rng.range(2...5) : rng.range(6...9)))
            let reviewed = pubStart.adding(days: rng.percent(5) ? rng.range(30...45) : rng.range(8...20))
            if !rng.percent(4) {
                setDate("unit_reviewed_on", min(reviewed, rng.percent(95) ? day(Y, 8, 16) : reviewed))
                if !rng.percent(5) {
                    setDate("county_recommended_on", day(Y, 8, 20).adding(days: rng.percent(5) ? rng.range(22...30) : rng.range(0...21)))
                }
            }
        }
        if !rng.percent(3) { set("fee_paid", .bool(!rng.percent(6))) }

        // Applicants with many fields missing.
        if i % 37 == 5 {
            for key in ["phone", "unit_kind", "in_post", "degree", "graduated_on", "title_since", "continuing_education",
                        "assessments", "submitted_on", "fee_paid", "performance", "self_statement"] where rng.percent(60) {
                set(key, .null)
            }
        }
        if i % 97 == 3 { setDate("work_started", day(Y, 12, 31)) }   // starts on the cut-off day
        return a
    }

    static func pad2(_ v: Int) -> String { pad(v, 2) }
    static func pad(_ v: Int, _ w: Int) -> String {
        let s = String(v)
        return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
    }

    /// GB 11643 check character of the first 17 digits.
    static func checkDigit(_ body: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for (d, w) in zip(body.utf8, weights) { sum += Int(d - 0x30) * w }
        return ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"][sum % 11]
    }

    // MARK: bytes

    /// The generated roster as JSON (`{"year", "notice", "applicants"}`, one applicant per line);
    /// `notice`: the pack's notice number.
    public static func jsonBytes(count: Int, seed: UInt64, year: Int = 2024, notice: String, catalog: FieldCatalog) -> [UInt8] {
        var o = ExportOptions()
        o.year = year
        o.notice = notice
        return (try? RosterExporter.jsonData(generate(count: count, seed: seed, year: year, catalog: catalog), options: o)) ?? []
    }

    public static func jsonLinesBytes(count: Int, seed: UInt64, year: Int = 2024, catalog: FieldCatalog) -> [UInt8] {
        (try? RosterExporter.jsonLinesData(generate(count: count, seed: seed, year: year, catalog: catalog))) ?? []
    }

    public static func csvBytes(count: Int, seed: UInt64, year: Int = 2024, labels: HeaderLabels = .keys, catalog: FieldCatalog) -> [UInt8] {
        var o = ExportOptions()
        o.labels = labels
        return (try? RosterExporter.csvData(generate(count: count, seed: seed, year: year, catalog: catalog), options: o)) ?? []
    }
}

extension Array where Element == Value {
    func uniqued() -> [Value] {
        var seen = Set<Value>()
        return filter { seen.insert($0).inserted }
    }
}
