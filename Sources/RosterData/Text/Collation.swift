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
        let k = makeKey(u, letters, tone)
        cache.withLock { $0[v] = k }
        return k
    }

    private static let cache = Mutex<[UInt32: UInt64]>([:])

    /// Computes, in one ICU call, the keys of every Han character of `strings` that has none
    /// yet. Each ICU call builds the Han→Latin transliterator from its rules (~1 ms), so one
    /// call per character was the fixed cost of the first `count by agency` (120 ms for the
    /// ~100 characters of the agency names); sorting a set of values calls this first. The
    /// characters go in one string, one per line: the transform maps each on its own, exactly
    /// as `pinyin(_:)` does (PinyinOrderTests compares both on the characters it lists).
    public static func prime<S: Sequence>(_ strings: S) where S.Element == String {
        var missing: [Unicode.Scalar] = [], seen = Set<UInt32>(), seenText = Set<String>()
        cache.withLock { c in
            for s in strings where seenText.insert(s).inserted {
                for u in s.unicodeScalars where u.value >= 0x80 && isHan(u.value) && c[u.value] == nil {
                    if seen.insert(u.value).inserted { missing.append(u) }
                }
            }
        }
        guard missing.count > 1 else { return }
        let readings = pinyin(batch: missing)
        cache.withLock { c in
            for (u, r) in zip(missing, readings) where c[u.value] == nil { c[u.value] = makeKey(u, r.0, r.1) }
        }
    }

    static func makeKey(_ u: Unicode.Scalar, _ letters: [UInt32], _ tone: UInt32) -> UInt64 {
        var k: UInt64 = 1 << 62 | UInt64(tone) << 21 | UInt64(u.value)
        for (n, l) in letters.prefix(6).enumerated() { k |= UInt64(l - 0x60) << (54 - 5 * UInt64(n)) }
        return k
    }

    /// `pinyin(_:)` of each character, with one transform of all of them joined by newlines.
    /// Falls back to one call per character when the lines do not come back one per character.
    static func pinyin(batch: [Unicode.Scalar]) -> [([UInt32], UInt32)] {
        var joined = String.UnicodeScalarView()
        for (n, u) in batch.enumerated() {
            if n > 0 { joined.append("\n") }
            joined.append(u)
        }
        let text = String(joined)
        guard let latin = text.applyingTransform(.mandarinToLatin, reverse: false) else { return batch.map(pinyin) }
        let lines = latin.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == batch.count else { return batch.map(pinyin) }
        return zip(batch, lines).map { u, line in
            let l = line.trimmingCharacters(in: .whitespaces)
            return l == String(u) ? ([], 6) : readingLetters(l)
        }
    }

    static func isHan(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0x20000...0x3134F).contains(v)
    }

    /// Letters (ü as v) and tone. A character without a reading gets no letters, tone 6.
    static func pinyin(_ u: Unicode.Scalar) -> ([UInt32], UInt32) {
        guard let latin = String(u).applyingTransform(.mandarinToLatin, reverse: false),
              latin != String(u) else { return ([], 6) }
        return readingLetters(latin)
    }

    /// The letters (ü as v) and tone of a transform's output for one character.
    static func readingLetters(_ latin: String) -> ([UInt32], UInt32) {
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
