import Testing
@testable import RosterData

/// `TextCollation`: the one order for text shown to people (sort, count by, distinct,
/// fee-total by, the 花名册).
@Suite struct CollationTests {
    /// Each list is in collation order; shuffled and sorted, it comes back the same.
    @Test(arguments: [
        // Pinyin by character: 江 jiāng < 柯 kē < 衢 qú; within 衢: 江 jiāng < 州 zhōu.
        ["江山市水利局", "柯城区水利局", "衢江区水利局", "衢州市水利局"],
        // Syllable by syllable, not the run-together letters: 西 xī (a shorter syllable) before 先 xiān.
        ["西安", "先进"],
        // Tones: 妈 mā < 麻 má < 马 mǎ < 骂 mà.
        ["妈", "麻", "马", "骂"],
        // ü after u: 路 lù < 吕 lǚ.
        ["路", "吕"],
        // Six-letter syllables: 庄 zhuāng < 撞 zhuàng < 追 zhuī; 双 shuāng < 水 shuǐ.
        ["庄", "撞", "追"], ["双", "水"],
        // ASCII (digits, letters) before Chinese; code point order among ASCII; a prefix first.
        ["10", "2", "A组", "B", "a", "安吉", "安吉县"],
        // Same reading (gōng): code point decides, 公 U+516C < 工 U+5DE5.
        ["公", "工"],
        // The 评审专业 of the 花名册.
        ["河道堤防", "农业水利工程", "水利水电工程", "水文水资源"],
        // Titles: 高 gāo < 工 gōng < 助 zhù.
        ["高级工程师", "工程师", "助理工程师"],
    ])
    func ordersAsWritten(_ words: [String]) {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            #expect(words.shuffled(using: &rng).sorted(by: TextCollation.precedes) == words)
        }
    }

    @Test func compareIsAntisymmetricAndEqualOnlyForEqualText() {
        let words = ["张三", "张", "李四", "abc", "ABC", "（未知）", "衢州", "衢江", "吕", "路", ""]
        for a in words {
            for b in words {
                #expect(TextCollation.compare(a, b) == -TextCollation.compare(b, a))
                #expect((TextCollation.compare(a, b) == 0) == (a == b))
            }
        }
    }

    /// The plain-text sort key orders as `compare` does (the 花名册 key is compared as text).
    @Test func sortKeyOrdersAsCompare() {
        let words = ["水利", "水利水电工程", "水文", "西安", "先进", "A", "10", "路", "吕", "河道", "（空）", "衢江", "衢州"]
        for a in words {
            for b in words {
                let byKey = TextCollation.sortKey(a).unicodeScalars.lexicographicallyPrecedes(TextCollation.sortKey(b).unicodeScalars)
                #expect(byKey == (TextCollation.compare(a, b) < 0), "\(a) \(b)")
            }
        }
    }

    /// `prime` reads all missing characters with one transform (one per line); each reading
    /// must equal the one-character transform: polyphones (长 行 重 乐 还 和 了 朝 会 处 曾 单),
    /// ü (吕 女 绿), neutral-tone particles, rare and compatibility ideographs, and every
    /// character of the generated rosters' agency, name and specialty vocabularies.
    @Test func batchReadingsEqualOneByOne() {
        var chars = Array("长行重乐还和了朝会处曾单吕女绿略的么吗呢吧着过衢州江山柯城区开化常龙游县市水利局电工程师助理高级正副本科硕士博士研究生大专中专院所站河道堤防农业文资源管")
        for v in stride(from: 0x4E00, through: 0x9FFF, by: 97) { chars.append(Character(Unicode.Scalar(v)!)) }
        for v in [0x3400, 0x3401, 0x4DB5, 0xF900, 0xFA0E, 0x20000, 0x2A6D6] { chars.append(Character(Unicode.Scalar(v)!)) }
        let scalars = chars.map { $0.unicodeScalars.first! }
        let batch = TextCollation.pinyin(batch: scalars)
        for (u, b) in zip(scalars, batch) {
            let one = TextCollation.pinyin(u)
            #expect(one.0 == b.0 && one.1 == b.1, "\(u): one by one \(one), batch \(b)")
        }
    }
}
