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
                return key(x) < key(y) ? -1 : 1
            }
        }
    }

    /// Whether `a` sorts before `b`.
    public static func precedes(_ a: String, _ b: String) -> Bool { compare(a, b) < 0 }

    /// A string whose Unicode-scalar order is the collation order of the strings it is made
    /// from (for sort keys that are compared as plain text, such as the 花名册 key): per
    /// character the class (1 ASCII, 2 Han, 3 other), for Han the pinyin letters, a 0 and the
    /// tone, then the character. These pieces are prefix-free, so comparing them joined
    /// compares the characters one by one.
    public static func sortKey(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            let k = key(u)
            switch k >> 62 {
            case 0: out.append(Unicode.Scalar(1)); out.append(u)
            case 1:
                out.append(Unicode.Scalar(2))
                for n in 0..<6 {
                    let l = UInt8((k >> (54 - 5 * UInt64(n))) & 31)
                    if l == 0 { break }
                    out.append(Unicode.Scalar(0x60 + l))
                }
                out.append(Unicode.Scalar(0)); out.append(Unicode.Scalar(UInt8(0x30 + (k >> 21) & 7))); out.append(u)
            default: out.append(Unicode.Scalar(3)); out.append(u)
            }
        }
        return String(out)
    }

    /// A character's key as one number: class in the top two bits (0 ASCII, 1 Han, 2 other);
    /// for Han six 5-bit letters (a = 1 … z = 26, ü = v, 0 after the syllable's end), the tone
    /// (1–4, 5 neutral, 6 no reading) in 3 bits; the code point in the low 21 bits.
    static func key(_ u: Unicode.Scalar) -> UInt64 {
        let v = u.value
        if v < 0x80 { return UInt64(v) }
        guard isHan(v) else { return 2 << 62 | UInt64(v) }
        if let k = cache.withLock({ $0[v] }) { return k }
        let (letters, tone) = pinyin(u)
        var k: UInt64 = 1 << 62 | UInt64(tone) << 21 | UInt64(v)
        for (n, l) in letters.prefix(6).enumerated() { k |= UInt64(l - 0x60) << (54 - 5 * UInt64(n)) }
        cache.withLock { $0[v] = k }
        return k
    }

    private static let cache = Mutex<[UInt32: UInt64]>([:])

    static func isHan(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0x20000...0x3134F).contains(v)
    }

    /// Letters (ü as v) and tone. A character without a reading gets no letters, tone 6.
    static func pinyin(_ u: Unicode.Scalar) -> ([UInt32], UInt32) {
        guard let latin = String(u).applyingTransform(.mandarinToLatin, reverse: false),
              latin != String(u) else { return ([], 6) }
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
        return (letters, tone)
    }
}
