/// Byte-level helpers for UTF-8 text: scalar decoding and the character classes the analysers need.
///
/// Every classifier takes a scalar value (`UInt32`) so that the ASCII fast path is a comparison and only
/// non-ASCII letters fall back to the (20–30× slower) Unicode property tables.
@usableFromInline
enum Scalars {
    /// Decodes the scalar starting at `i` of valid UTF-8; returns the value and its length in bytes.
    @inlinable @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (value: UInt32, length: Int) {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0, i + 1 < p.count {
            return ((b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2)
        }
        if b0 < 0xF0, i + 2 < p.count {
            return ((b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
        }
        if i + 3 < p.count {
            let v = (b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
            return (v | UInt32(p[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    /// Decodes the scalar that ends just before `end` (for looking backwards).
    @inlinable
    static func decodeBefore(_ p: UnsafeBufferPointer<UInt8>, _ end: Int) -> (value: UInt32, length: Int) {
        var start = end - 1
        while start > 0, end - start < 4, p[start] & 0xC0 == 0x80 { start -= 1 }
        return decode(p, start)
    }

    @inlinable @inline(__always)
    static func isASCIILetter(_ v: UInt32) -> Bool { (v | 0x20) &- 0x61 < 26 }


    @inlinable @inline(__always)
    static func isDigit(_ v: UInt32) -> Bool { v &- 0x30 < 10 }

    /// Letters, including combining marks (so that a decomposed "a" + U+0308 stays one word).
    @inlinable
    static func isLetter(_ v: UInt32) -> Bool {
        if v < 0x80 { return isASCIILetter(v) }
        if v < 0x100 { return (v >= 0xC0 && v != 0xD7 && v != 0xF7) || v == 0xAA || v == 0xB5 || v == 0xBA }
        if v < 0x250 { return true }  // Latin Extended-A and -B
        if v >= 0x300 && v < 0x370 { return true }  // combining diacritical marks
        if v >= 0x2000 && v < 0x2BFF { return false }  // punctuation, symbols, arrows, dingbats: never letters
        guard let s = Unicode.Scalar(v) else { return false }
        let props = s.properties
        return props.isAlphabetic || props.generalCategory == .nonspacingMark
    }

    @inlinable
    static func isUpper(_ v: UInt32) -> Bool {
        if v < 0x80 { return v &- 0x41 < 26 }
        if v < 0x100 { return v >= 0xC0 && v <= 0xDE && v != 0xD7 }
        guard let s = Unicode.Scalar(v) else { return false }
        return s.properties.isUppercase
    }

    @inlinable
    static func isLower(_ v: UInt32) -> Bool {
        if v < 0x80 { return v &- 0x61 < 26 }
        if v < 0x100 { return v >= 0xDF && v != 0xF7 }
        guard let s = Unicode.Scalar(v) else { return false }
        return s.properties.isLowercase
    }

    /// Horizontal or vertical white space (after normalisation only ASCII spaces remain, but raw text may
    /// still contain no-break and other Unicode spaces).
    @inlinable
    static func isSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000:
            return true
        default: return false
        }
    }

    /// Quotation marks, straight and typographic: " ' „ “ ” ‚ ‘ ’ « » ‹ ›.
    @inlinable
    static func isQuote(_ v: UInt32) -> Bool {
        switch v {
        case 0x22, 0x27, 0xAB, 0xBB, 0x2018, 0x2019, 0x201A, 0x201B, 0x201C, 0x201D, 0x201E, 0x201F, 0x2039, 0x203A:
            return true
        default: return false
        }
    }

    /// Dashes: hyphen-minus is not one (it joins compounds); en dash, em dash, figure dash, minus sign are.
    @inlinable
    static func isDash(_ v: UInt32) -> Bool {
        v == 0x2012 || v == 0x2013 || v == 0x2014 || v == 0x2015 || v == 0x2212
    }

    /// Sentence-final punctuation: . ! ? … and their full-width forms.
    @inlinable
    static func isTerminal(_ v: UInt32) -> Bool {
        v == 0x2E || v == 0x21 || v == 0x3F || v == 0x2026 || v == 0x3002 || v == 0xFF01 || v == 0xFF1F
    }

    /// Closing brackets and quotes that may follow a sentence terminator: `.“` `.)` `."`.
    @inlinable
    static func isCloser(_ v: UInt32) -> Bool {
        v == 0x29 || v == 0x5D || v == 0x22 || v == 0x27 || v == 0x201C || v == 0x201D || v == 0x2019 || v == 0xBB
            || v == 0xAB || v == 0x203A || v == 0x2039
    }

    /// Lower-cases one scalar: ASCII and Latin-1 by arithmetic, everything else through Unicode tables.
    @inlinable
    static func lowercase(_ v: UInt32) -> UInt32 {
        if v < 0x80 { return v &- 0x41 < 26 ? v | 0x20 : v }
        if v < 0x100 { return (v >= 0xC0 && v <= 0xDE && v != 0xD7) ? v + 0x20 : v }
        guard let s = Unicode.Scalar(v), s.properties.isUppercase else { return v }
        let mapped = s.properties.lowercaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first!.value : v
    }

    /// Appends the UTF-8 encoding of `v` to `out`.
    @inlinable
    static func append(_ v: UInt32, to out: inout [UInt8]) {
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | v >> 6))
            out.append(UInt8(0x80 | v & 0x3F))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | v >> 12))
            out.append(UInt8(0x80 | (v >> 6) & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        } else {
            out.append(UInt8(0xF0 | v >> 18))
            out.append(UInt8(0x80 | (v >> 12) & 0x3F))
            out.append(UInt8(0x80 | (v >> 6) & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        }
    }
}
