/// JSON text written by hand where `JSONSerialization` would cost more than the work around it (the
/// generator writes millions of lines; result rows are written one by one).
public enum JSONText {
    /// `s` as a JSON string literal: quotes, backslashes and control characters escaped (`\n`, `\r`, `\t`,
    /// else `\u00xx`), everything else as it is, in UTF-8.
    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `s` as a JSON string literal (see `quoted`).
    public static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22, 0x5C: out += [0x5C, b]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case ..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        out.append(0x22)
    }

    /// Appends `[` the strings `]`.
    public static func appendArray(_ strings: [String], to out: inout [UInt8]) {
        out.append(0x5B)
        for (k, s) in strings.enumerated() {
            if k > 0 { out.append(0x2C) }
            appendQuoted(s, to: &out)
        }
        out.append(0x5D)
    }

    /// Appends an object of string-valued members in the order given (`"key":value`).
    public static func appendObject(_ members: [(key: String, write: (inout [UInt8]) -> Void)], to out: inout [UInt8]) {
        out.append(0x7B)
        for (k, member) in members.enumerated() {
            if k > 0 { out.append(0x2C) }
            appendQuoted(member.key, to: &out)
            out.append(0x3A)
            member.write(&out)
        }
        out.append(0x7D)
    }

    private static let hex = Array("0123456789abcdef".utf8)
}
