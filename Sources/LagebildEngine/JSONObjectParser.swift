/// Reads one JSON object per line (JSONL) into its top-level string fields, straight from bytes.
///
/// Corpora are flat objects of strings and numbers; nested values are validated and skipped. Parsing is
/// byte-level (no `JSONSerialization`, no intermediate `Any`): the text field of a 240 MB corpus is the
/// only large allocation. Errors name the byte column.
enum JSONObjectParser {
    struct Failure: Error {
        var message: String
        var column: Int
    }

    static func parse(_ bytes: [UInt8]) throws(Failure) -> [String: [UInt8]] {
        let result: Result<[String: [UInt8]], Failure> = bytes.withUnsafeBufferPointer { p in
            do throws(Failure) { return .success(try parse(p)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// The object's top-level fields: strings as decoded bytes, numbers and booleans as their text.
    static func parse(_ p: UnsafeBufferPointer<UInt8>) throws(Failure) -> [String: [UInt8]] {
        var i = 0
        var fields: [String: [UInt8]] = [:]
        skipSpace(p, &i)
        guard i < p.count, p[i] == 0x7B else { throw Failure(message: "expected '{'", column: i + 1) }
        i += 1
        skipSpace(p, &i)
        if i < p.count, p[i] == 0x7D { return fields }
        while true {
            skipSpace(p, &i)
            guard i < p.count, p[i] == 0x22 else { throw Failure(message: "expected a key in quotes", column: i + 1) }
            let key = String(decoding: try string(p, &i), as: UTF8.self)
            skipSpace(p, &i)
            guard i < p.count, p[i] == 0x3A else { throw Failure(message: "expected ':' after key", column: i + 1) }
            i += 1
            skipSpace(p, &i)
            guard i < p.count else { throw Failure(message: "missing value", column: i + 1) }
            if p[i] == 0x22 {
                fields[key] = try string(p, &i)
            } else {
                let start = i
                try skipValue(p, &i)
                if p[start] != 0x7B, p[start] != 0x5B, p[start] != 0x6E { fields[key] = Array(p[start..<i]) }
            }
            skipSpace(p, &i)
            guard i < p.count else { throw Failure(message: "unterminated object", column: i + 1) }
            if p[i] == 0x2C {
                i += 1
                continue
            }
            guard p[i] == 0x7D else { throw Failure(message: "expected ',' or '}'", column: i + 1) }
            i += 1
            skipSpace(p, &i)
            guard i == p.count else { throw Failure(message: "text after the object", column: i + 1) }
            return fields
        }
    }

    private static func skipSpace(_ p: UnsafeBufferPointer<UInt8>, _ i: inout Int) {
        while i < p.count, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0D || p[i] == 0x0A { i += 1 }
    }

    /// Decodes the string starting at the quote at `i`; leaves `i` after the closing quote.
    private static func string(_ p: UnsafeBufferPointer<UInt8>, _ i: inout Int) throws(Failure) -> [UInt8] {
        let open = i
        i += 1
        var out: [UInt8] = []
        var runStart = i
        while i < p.count {
            let b = p[i]
            if b == 0x22 {
                out.append(contentsOf: p[runStart..<i])
                i += 1
                return out
            }
            if b == 0x5C {
                out.append(contentsOf: p[runStart..<i])
                guard i + 1 < p.count else { break }
                let e = p[i + 1]
                i += 2
                switch e {
                case 0x22, 0x5C, 0x2F: out.append(e)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    var v = try hex4(p, &i)
                    if v >= 0xD800, v < 0xDC00, i + 1 < p.count, p[i] == 0x5C, p[i + 1] == 0x75 {
                        var j = i + 2
                        let low = try hex4(p, &j)
                        if low >= 0xDC00, low < 0xE000 {
                            v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                            i = j
                        }
                    }
                    if v >= 0xD800, v < 0xE000 { v = 0xFFFD }  // lone surrogate
                    appendUTF8(v, &out)
                default:
                    throw Failure(message: "bad escape '\\\(Character(Unicode.Scalar(e)))'", column: i - 1)
                }
                runStart = i
                continue
            }
            i += 1
        }
        throw Failure(message: "unterminated string", column: open + 1)
    }

    private static func hex4(_ p: UnsafeBufferPointer<UInt8>, _ i: inout Int) throws(Failure) -> UInt32 {
        guard i + 4 <= p.count else { throw Failure(message: "short \\u escape", column: i + 1) }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = p[i + k]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw Failure(message: "bad \\u escape", column: i + k + 1)
            }
            v = v << 4 | d
        }
        i += 4
        return v
    }

    private static func appendUTF8(_ v: UInt32, _ out: inout [UInt8]) {
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(contentsOf: [UInt8(0xC0 | v >> 6), UInt8(0x80 | v & 0x3F)])
        } else if v < 0x10000 {
            out.append(contentsOf: [UInt8(0xE0 | v >> 12), UInt8(0x80 | (v >> 6) & 0x3F), UInt8(0x80 | v & 0x3F)])
        } else {
            out.append(contentsOf: [
                UInt8(0xF0 | v >> 18), UInt8(0x80 | (v >> 12) & 0x3F), UInt8(0x80 | (v >> 6) & 0x3F),
                UInt8(0x80 | v & 0x3F),
            ])
        }
    }

    /// Skips a number, literal, array or object (validating brackets and strings).
    private static func skipValue(_ p: UnsafeBufferPointer<UInt8>, _ i: inout Int) throws(Failure) {
        let b = p[i]
        if b == 0x7B || b == 0x5B {
            var depth = 0
            while i < p.count {
                let c = p[i]
                if c == 0x22 {
                    _ = try string(p, &i)
                    continue
                }
                if c == 0x7B || c == 0x5B { depth += 1 }
                if c == 0x7D || c == 0x5D {
                    depth -= 1
                    if depth == 0 {
                        i += 1
                        return
                    }
                }
                i += 1
            }
            throw Failure(message: "unterminated \(b == 0x7B ? "object" : "array")", column: i)
        }
        let start = i
        while i < p.count, p[i] != 0x2C, p[i] != 0x7D, p[i] != 0x20, p[i] != 0x5D { i += 1 }
        let literal = String(decoding: p[start..<i], as: UTF8.self)
        if literal == "true" || literal == "false" || literal == "null" || Double(literal) != nil { return }
        throw Failure(message: "bad value '\(literal.prefix(20))'", column: start + 1)
    }
}
