import Foundation
func readingLetters(_ latin: String) -> ([UInt32], UInt32) {
    var letters: [UInt32] = [], tone: UInt32 = 5
    for s in latin.decomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
        switch s.value {
        case 0x0304: tone = 1
        case 0x0301: tone = 2
        case 0x030C: tone = 3
        case 0x0300: tone = 4
        case 0x0308: if letters.last == 0x75 { letters[letters.count - 1] = 0x76 }
        case 0x61...0x7A: letters.append(s.value)
        default: break
        }
    }
    return (letters, tone)
}
func pinyin(_ u: Unicode.Scalar) -> ([UInt32], UInt32) {
    guard let latin = String(u).applyingTransform(.mandarinToLatin, reverse: false),
          latin != String(u) else { return ([], 6) }
    return readingLetters(latin)
}
var out = ""
var line = ""
var maxLen = 0
for range in [0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF] {
    for v in range {
        let (l, t) = pinyin(Unicode.Scalar(UInt32(v))!)
        maxLen = max(maxLen, l.count)
        line += String(String.UnicodeScalarView(l.map { Unicode.Scalar($0)! })) + String(t)
        if line.utf8.count >= 110 { out += line + "\n"; line = "" }
    }
}
out += line
FileHandle.standardError.write("max letters \(maxLen)\n".data(using: .utf8)!)
print(out, terminator: "")
