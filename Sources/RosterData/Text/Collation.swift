import Foundation
import Synchronization

/// The one order for Chinese text shown to people (`sort`, `count by`, `distinct`,
/// `fee-total by`, the 花名册): character by character, ASCII (digits, Latin letters,
/// punctuation) first in code-point order, then Han characters by their pinyin (syllable
/// letters, ü as `v`, then tone 1–4, neutral last), then the code point; any other character
/// last, by code point. A string that is a prefix of another comes first.
///
///     TextCollation.compare("张三", "李四")   // 1: zhāng after lǐ
///     TextCollation.compare("A组", "安吉")    // -1: ASCII first
///
/// Pinyin comes from ICU's Han→Latin transform, one reading per character, computed once per
/// character. Without the transform, Han characters fall back to code-point order.
public enum TextCollation {
    /// -1, 0 or 1. Equal strings (by Unicode scalars) only compare equal.
    public static func compare(_ a: String, _ b: String) -> Int {
        if a == b { return 0 }
        var i = a.unicodeScalars.makeIterator(), j = b.unicodeScalars.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?):
                if x == y { continue }
                return key(x).lexicographicallyPrecedes(key(y)) ? -1 : 1
            }
        }
    }

    /// Whether `a` sorts before `b`.
    public static func precedes(_ a: String, _ b: String) -> Bool { compare(a, b) < 0 }

    /// A string whose Unicode-scalar order is the collation order of the strings it is made
    /// from (for sort keys that are compared as plain text, such as the 花名册 key).
    public static func sortKey(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            for v in key(u) { out.append(Unicode.Scalar(v) ?? u) }
        }
        return String(out)
    }

    /// A character's key: class (1 ASCII, 2 Han, 3 other), then for Han the pinyin letters,
    /// a 0, the tone (1–5); last the code point. Keys are prefix-free, so comparing
    /// concatenated keys compares the characters one by one.
    static func key(_ u: Unicode.Scalar) -> [UInt32] {
        let v = u.value
        if v < 0x80 { return [1, v] }
        guard isHan(v) else { return [3, v] }
        if let k = cache.withLock({ $0[v] }) { return k }
        let k = [2] + pinyin(u) + [v]
        cache.withLock { $0[v] = k }
        return k
    }

    private static let cache = Mutex<[UInt32: [UInt32]]>([:])

    static func isHan(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0x20000...0x3134F).contains(v)
    }

    /// Letters (ü as v), 0, tone. A character without a reading gets an empty syllable.
    static func pinyin(_ u: Unicode.Scalar) -> [UInt32] {
        guard let latin = String(u).applyingTransform(.mandarinToLatin, reverse: false),
              latin != String(u) else { return [0, 6] }
        var letters: [UInt32] = [], tone: UInt32 = 5
        for s in latin.decomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            switch s.value {
            case 0x0304: tone = 1
            case 0x0301: tone = 2
            case 0x030C: tone = 3
            case 0x0300: tone = 4
            case 0x0308: if letters.last == 0x75 { letters[letters.count - 1] = 0x76 }  // ü → v
            case 0x61...0x7A: letters.append(s.value)
            default: break
            }
        }
        return letters + [0, tone]
    }
}
