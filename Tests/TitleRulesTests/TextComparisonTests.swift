import Foundation
import Testing
import RosterData
@testable import TitleRules

// The verdict path compares roster text with the pack's names by bytes first (TextSet, TextTable,
// sameText): it must answer exactly as Swift's `==` (canonical equivalence) and as
// `trimmingCharacters(in: .whitespaces)`.

@Test func blanksAreCharacterSetWhitespacesOverEveryScalar() {
    var disagreements: [UInt32] = []
    let whitespaces = CharacterSet.whitespaces
    for v in UInt32(0)...0x10FFFF {
        guard let u = Unicode.Scalar(v) else { continue }
        if isBlank(u) != whitespaces.contains(u) { disagreements.append(v) }
    }
    #expect(disagreements.isEmpty, "isBlank differs from CharacterSet.whitespaces at \(disagreements.prefix(10).map { String($0, radix: 16) })")
}

/// Names as a pack writes them, and roster values: equal bytes, canonical equivalents in other
/// forms (decomposed é, the Ångström and Kelvin signs, a combining tone mark), near misses.
let textSamples: [String] = [
    "事业单位", "企业", "省外", "省内", "合格", "不合格", "优秀", "工程师", "助理工程师", "正常申报",
    "自评分（推荐）申报", "自评分(推荐)申报", "任意", "", " ", "合格 ", "Café", "Cafe\u{301}", "\u{212B}", "\u{00C5}",
    "A\u{30A}", "\u{212A}", "K", "〇\u{302A}", "〇", "한", "\u{1100}\u{1161}", "ｶﾞ", "カ\u{3099}", "ガ", "豈", "\u{F900}",
]

@Test(arguments: textSamples)
func sameTextIsCanonicalEquality(_ a: String) {
    for b in textSamples {
        #expect(sameText(a, b, bPlain: isPlainText(b)) == (a == b), "“\(a)” vs “\(b)”")
        #expect(sameText(a, b, bPlain: false) == (a == b), "“\(a)” vs “\(b)” (not plain)")
    }
    let set = TextSet(textSamples.filter { $0 != a })
    #expect(set.contains(a) == textSamples.filter { $0 != a }.contains(a), "“\(a)”")
    let table = TextTable(Dictionary(textSamples.enumerated().map { ($1, $0) }, uniquingKeysWith: { x, _ in x }))
    let dict = Dictionary(textSamples.enumerated().map { ($1, $0) }, uniquingKeysWith: { x, _ in x })
    #expect(table[a] == dict[a], "“\(a)”")
}

@Test func plainTextIsItsOwnNFC() {
    for s in textSamples where isPlainText(s) {
        #expect(Array(s.utf8) == Array(s.precomposedStringWithCanonicalMapping.utf8), "“\(s)” is called plain but is not NFC")
    }
    #expect(!isPlainText("Cafe\u{301}") && !isPlainText("\u{212B}") && !isPlainText("〇\u{302A}") && !isPlainText("\u{F900}"))
    #expect(isPlainText("自评分（推荐）申报") && isPlainText("Café"))
}
