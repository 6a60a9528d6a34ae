/// Terminal display width: East Asian wide and fullwidth characters and emoji take two
/// columns, combining marks and zero-width characters none.
///
///     displayWidth("张伟 ok")   // 7
public func displayWidth<S: StringProtocol>(_ s: S) -> Int {
    var w = 0
    for scalar in s.unicodeScalars { w += scalarWidth(scalar) }
    return w
}

@inline(__always)
public func scalarWidth(_ u: Unicode.Scalar) -> Int {
    let v = u.value
    if v < 0x20 { return 0 }
    if v < 0x7F { return 1 }
    if v < 0xA0 { return 0 }
    // Zero width: combining marks, ZWJ/ZWNJ, variation selectors.
    if (0x0300...0x036F).contains(v) || (0x200B...0x200F).contains(v) || (0xFE00...0xFE0F).contains(v)
        || (0x20D0...0x20FF).contains(v) || v == 0x2060 || (0xE0100...0xE01EF).contains(v) { return 0 }
    if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
        || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
        || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
        || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
        || (0x1F900...0x1F9FF).contains(v) || (0x1F680...0x1F6FF).contains(v) || (0x20000...0x3FFFD).contains(v)
        || (0x2600...0x26FF).contains(v) && u.properties.isEmojiPresentation
        || (0x1FA70...0x1FAFF).contains(v) { return 2 }
    return 1
}

/// Cuts `s` to at most `width` columns, ending in `…` when it was cut.
///
///     truncate(toWidth: 6, "某某市水利局")   // "某某…" (4 + 1 columns)
public func truncate(toWidth width: Int, _ s: String) -> String {
    if displayWidth(s) <= width { return s }
    guard width >= 1 else { return "" }
    var out = "", w = 0
    for ch in s {
        let cw = displayWidth(String(ch))
        if w + cw > width - 1 { break }
        out.append(ch); w += cw
    }
    return out + "…"
}

/// Pads with spaces to `width` display columns (left-aligned unless `right`).
public func pad(_ s: String, toWidth width: Int, right: Bool = false) -> String {
    let w = displayWidth(s)
    if w >= width { return s }
    let fill = String(repeating: " ", count: width - w)
    return right ? fill + s : s + fill
}
