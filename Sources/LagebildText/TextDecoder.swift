import Foundation

/// Turns the raw bytes of one document into clean, NFC-normalised UTF-8 text.
///
/// One pass over the bytes: validates UTF-8 (invalid bytes are decoded as Windows-1252, which also covers
/// Latin-1), strips a BOM, turns CRLF and lone CR into LF, removes NUL bytes, soft hyphens and zero-width
/// characters, maps Unicode spaces to ASCII space and C1 control characters to their Windows-1252 meaning
/// (text that went through a Latin-1 round trip). Only a document that contains scalars which may not be in
/// NFC is handed to Foundation's normaliser, so German and English news pay nothing for it.
public enum TextDecoder {
    /// Why a document could not be decoded at all.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case binary(String)

        public var description: String {
            switch self {
            case .empty: "empty file"
            case .binary(let why): "binary file (\(why))"
            }
        }
    }

    /// What was repaired while decoding. Repairs are reported, the document is still analysed.
    public struct Repairs: Sendable, Equatable {
        public var invalidUTF8Bytes = 0
        public var firstInvalidOffset = -1
        public var nulBytes = 0
        public var controlCharacters = 0
        public var c1Characters = 0
        public var utf16 = false
        public var byteOrderMark = false
        public var lineBreaksConverted = 0
        public var normalisedToNFC = false

        public init() {}

        /// Human-readable repairs worth reporting (BOM and CRLF are normal and stay silent).
        public var reportable: [String] {
            var out: [String] = []
            if invalidUTF8Bytes > 0 {
                out.append(
                    "invalid UTF-8 (\(invalidUTF8Bytes) bytes, first at byte \(firstInvalidOffset)); decoded as Windows-1252"
                )
            }
            if utf16 { out.append("UTF-16 text converted to UTF-8") }
            if nulBytes > 0 { out.append("\(nulBytes) NUL bytes removed") }
            if controlCharacters > 0 { out.append("\(controlCharacters) control characters replaced by spaces") }
            if c1Characters > 0 { out.append("\(c1Characters) C1 control characters read as Windows-1252") }
            return out
        }
    }

    public struct Decoded: Sendable {
        public var text: String
        public var repairs: Repairs
    }

    /// Decodes `bytes`.
    /// - Throws: `Failure.empty` for a file with no visible text, `Failure.binary` for binary content.
    /// - Complexity: O(n) in the number of bytes; memory O(n).
    public static func decode(_ bytes: [UInt8]) throws(Failure) -> Decoded {
        var repairs = Repairs()
        if let why = binarySignature(bytes) { throw .binary(why) }
        var input = bytes
        if input.count >= 2, (input[0] == 0xFF && input[1] == 0xFE) || (input[0] == 0xFE && input[1] == 0xFF) {
            input = utf16ToUTF8(input)
            repairs.utf16 = true
        }
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var mayNeedNFC = false
        input.withUnsafeBufferPointer { p in
            clean(p, into: &out, repairs: &repairs, mayNeedNFC: &mayNeedNFC)
        }
        // Text has almost no control bytes; binary data has many (counted while cleaning, not in a pass of
        // its own). Measured on the seeds and FANG-COVID: text files have well under 0.1 %.
        let controls = repairs.nulBytes + repairs.controlCharacters
        if controls >= 8, controls * 10 > input.count {
            throw .binary("\(controls) control bytes in \(input.count)")
        }
        if !out.contains(where: { $0 > 0x20 }) { throw .empty }
        var text = String(decoding: out, as: UTF8.self)
        if mayNeedNFC {
            let nfc = text.precomposedStringWithCanonicalMapping
            if !nfc.utf8.elementsEqual(text.utf8) {
                repairs.normalisedToNFC = true
                text = nfc
            }
        }
        return Decoded(text: text, repairs: repairs)
    }

    /// Normalises a short string the way documents are (used for queries and metadata).
    public static func normalise(_ s: String) -> String {
        (try? decode(Array(s.utf8)).text) ?? ""
    }

    // MARK: - Detection

    private static func binarySignature(_ b: [UInt8]) -> String? {
        func starts(_ sig: [UInt8]) -> Bool { b.count >= sig.count && b.starts(with: sig) }
        if starts([0x25, 0x50, 0x44, 0x46, 0x2D]) { return "PDF" }
        if starts([0x89, 0x50, 0x4E, 0x47]) { return "PNG image" }
        if starts([0xFF, 0xD8, 0xFF]) { return "JPEG image" }
        if starts([0x47, 0x49, 0x46, 0x38]) { return "GIF image" }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return "ZIP archive" }
        if starts([0x1F, 0x8B]) { return "gzip data" }
        if starts([0x7F, 0x45, 0x4C, 0x46]) { return "ELF executable" }
        return nil
    }

    // MARK: - Cleaning

    /// Windows-1252's 0x80–0x9F block; the five undefined slots keep their Latin-1 (C1) value.
    static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]

    private static func clean(
        _ p: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], repairs: inout Repairs, mayNeedNFC: inout Bool
    ) {
        let n = p.count
        var i = 0
        if n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF {
            repairs.byteOrderMark = true
            i = 3
        }
        while i < n {
            let b = p[i]
            if b >= 0x20 && b < 0x7F {
                // Copy a whole run of printable ASCII at once (most of German and English text).
                var j = i + 1
                while j < n, p[j] >= 0x20, p[j] < 0x7F { j += 1 }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<j]))
                i = j
                continue
            }
            if b < 0x80 {
                switch b {
                case 0x0A, 0x09: out.append(b)
                case 0x0D:
                    out.append(0x0A)
                    repairs.lineBreaksConverted += 1
                    if i + 1 < n, p[i + 1] == 0x0A { i += 1 }
                case 0x0C: out.append(0x0A)
                case 0x00: repairs.nulBytes += 1
                default:
                    out.append(0x20)
                    repairs.controlCharacters += 1
                }
                i += 1
                continue
            }
            let length = validSequenceLength(p, i)
            if length == 0 {
                if repairs.firstInvalidOffset < 0 { repairs.firstInvalidOffset = i }
                repairs.invalidUTF8Bytes += 1
                let v = b < 0xA0 ? cp1252High[Int(b) - 0x80] : UInt32(b)
                emit(v, into: &out, repairs: &repairs, mayNeedNFC: &mayNeedNFC)
                i += 1
                continue
            }
            let (v, _) = Scalars.decode(p, i)
            emit(v, into: &out, repairs: &repairs, mayNeedNFC: &mayNeedNFC)
            i += length
        }
    }

    @inline(__always)
    private static func emit(_ v: UInt32, into out: inout [UInt8], repairs: inout Repairs, mayNeedNFC: inout Bool) {
        switch v {
        case 0xFEFF, 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060:
            return  // BOM inside text, soft hyphen, zero-width characters
        case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
            out.append(0x20)
            return
        case 0x2028, 0x2029:
            out.append(0x0A)
            return
        case 0x80...0x9F:
            let mapped = cp1252High[Int(v) - 0x80]
            repairs.c1Characters += 1
            if mapped < 0xA0 {
                out.append(0x20)
            } else {
                Scalars.append(mapped, to: &out)
            }
            return
        default:
            if !isNFCSafe(v) { mayNeedNFC = true }
            Scalars.append(v, to: &out)
        }
    }

    /// Scalars that never change under NFC whatever surrounds them (no combining marks, no singletons).
    @inline(__always)
    static func isNFCSafe(_ v: UInt32) -> Bool {
        if v < 0x300 { return true }
        if v >= 0x370 && v < 0x530 { return v != 0x374 && v != 0x37E && v != 0x387 && !(v >= 0x483 && v <= 0x489) }
        if v >= 0x2010 && v < 0x20D0 { return true }  // punctuation, super- and subscripts, currency
        if v >= 0x2190 && v < 0x2C00 { return v != 0x2329 && v != 0x232A }  // arrows … dingbats, not the two singletons
        if v >= 0x1F000 && v < 0x1FB00 { return true }  // emoji and pictographs
        if v >= 0x4E00 && v < 0xA000 { return true }
        return v >= 0xAC00 && v < 0xD7A4
    }

    /// Length of the valid UTF-8 sequence at `i` (rejecting overlongs, surrogates and values > U+10FFFF), or 0.
    @inline(__always)
    static func validSequenceLength(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let n = p.count
        let b0 = p[i]
        @inline(__always) func cont(_ k: Int) -> Bool { i + k < n && p[i + k] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0:
            return cont(1) && p[i + 1] >= 0xA0 && cont(2) ? 3 : 0
        case 0xED:
            return cont(1) && p[i + 1] < 0xA0 && cont(2) ? 3 : 0
        case 0xE1...0xEF:
            return cont(1) && cont(2) ? 3 : 0
        case 0xF0:
            return cont(1) && p[i + 1] >= 0x90 && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3:
            return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4:
            return cont(1) && p[i + 1] < 0x90 && cont(2) && cont(3) ? 4 : 0
        default:
            return 0
        }
    }

    private static func utf16ToUTF8(_ b: [UInt8]) -> [UInt8] {
        let littleEndian = b[0] == 0xFF
        var units: [UInt16] = []
        units.reserveCapacity(b.count / 2)
        var i = 2
        while i + 1 < b.count {
            units.append(littleEndian ? UInt16(b[i]) | UInt16(b[i + 1]) << 8 : UInt16(b[i]) << 8 | UInt16(b[i + 1]))
            i += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }
}
