/// Appends JSON text for values and applicants to a byte buffer.
enum JSONWriter {
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { b in
            var runStart = 0
            for i in 0..<b.count {
                let c = b[i]
                if c >= 0x20 && c != 0x22 && c != 0x5C { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i]))
                runStart = i + 1
                out.append(0x5C)
                switch c {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x0A: out.append(0x6E)
                case 0x0D: out.append(0x72)
                case 0x09: out.append(0x74)
                case 0x08: out.append(0x62)
                case 0x0C: out.append(0x66)
                default:
                    out.append(contentsOf: [0x75, 0x30, 0x30, hexDigits[Int(c >> 4)], hexDigits[Int(c & 0xF)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<b.count]))
        }
        out.append(0x22)
    }

    static func appendInt(_ i: Int, to out: inout [UInt8]) {
        if i >= 0 && i < 10 { out.append(UInt8(0x30 + i)); return }
        out.append(contentsOf: String(i).utf8)
    }

    /// Shortest round-tripping form; always with a fraction or exponent, so it loads
    /// back as a decimal. Non-finite numbers (not JSON) become null.
    static func doubleText(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        return d.description
    }

    static func appendValue(_ v: Value, to out: inout [UInt8], labels: Bool = false, subFields: [SubField]? = nil) {
        switch v {
        case .null: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let b): out.append(contentsOf: b ? Array("true".utf8) : Array("false".utf8))
        case .int(let i): appendInt(i, to: &out)
        case .double(let d): out.append(contentsOf: doubleText(d).utf8)
        case .string(let s): appendString(s, to: &out)
        case .date(let d): appendString(d.description, to: &out)
        case .list(let items):
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                appendValue(item, to: &out, labels: labels, subFields: subFields)
            }
            out.append(0x5D)
        case .object(let rec):
            out.append(0x7B)
            var first = true
            for (k, val) in rec.pairs {
                if !first { out.append(0x2C) }
                first = false
                var key = k
                if labels, let sub = subFields?.first(where: { $0.key == k }) { key = sub.label }
                appendString(key, to: &out)
                out.append(0x3A)
                appendValue(val, to: &out, labels: labels)
            }
            out.append(0x7D)
        }
    }

    /// One applicant as a JSON object: catalog fields in catalog order (not-known ones
    /// left out), then unknown fields in file order.
    static func appendApplicant(_ a: Applicant, slots: [Int], extras: [String]?, options: ExportOptions, to out: inout [UInt8]) {
        let catalog = FieldCatalog.types
        out.append(0x7B)
        var first = true
        for slot in slots {
            var v = a.fields[slot]
            if v.isNull { continue }
            let spec = catalog.fields[slot]
            if options.mask, spec.isPersonal, case .string(let s) = v { v = .string(maskPersonal(s)) }
            if !first { out.append(0x2C) }
            first = false
            appendString(options.labels == .chinese ? spec.label : spec.key, to: &out)
            out.append(0x3A)
            appendValue(v, to: &out, labels: options.labels == .chinese, subFields: spec.kind.subFields)
        }
        for (k, v) in a.extras.pairs where !v.isNull {
            if let extras, !extras.contains(k) { continue }
            if !first { out.append(0x2C) }
            first = false
            appendString(k, to: &out)
            out.append(0x3A)
            appendValue(v, to: &out)
        }
        out.append(0x7D)
    }
}
