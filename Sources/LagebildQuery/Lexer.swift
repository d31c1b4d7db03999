/// Splits a query into words, quoted strings and pipes, with byte ranges.
public struct QueryToken: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case word
        /// A quoted string; `terminated` is false when the closing quote is missing.
        case quoted(terminated: Bool)
        case pipe
        /// `(` and `)`, for grouping search expressions.
        case open
        case close
    }

    public var kind: Kind
    /// The word, or the quoted string without its quotes.
    public var text: String
    public var range: Range<Int>
}

public enum Lexer {
    public static func tokenize(_ input: String) -> [QueryToken] {
        let bytes = Array(input.utf8)
        var tokens: [QueryToken] = []
        var i = 0
        func text(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                i += 1
                continue
            }
            if b == 0x7C {
                tokens.append(QueryToken(kind: .pipe, text: "|", range: i..<(i + 1)))
                i += 1
                continue
            }
            if b == 0x28 || b == 0x29 {
                tokens.append(QueryToken(kind: b == 0x28 ? .open : .close, text: b == 0x28 ? "(" : ")", range: i..<(i + 1)))
                i += 1
                continue
            }
            if let close = closingQuote(bytes, i) {
                let start = i
                i += close.openLength
                let contentStart = i
                while i < bytes.count, !close.matches(bytes, i) { i += 1 }
                let terminated = i < bytes.count
                let content = text(contentStart..<i)
                if terminated { i += close.closeLength(bytes, i) }
                tokens.append(QueryToken(kind: .quoted(terminated: terminated), text: content, range: start..<i))
                continue
            }
            let start = i
            while i < bytes.count, bytes[i] != 0x20, bytes[i] != 0x09, bytes[i] != 0x0A, bytes[i] != 0x0D, bytes[i] != 0x7C,
                bytes[i] != 0x28, bytes[i] != 0x29, closingQuote(bytes, i) == nil
            {
                i += 1
            }
            tokens.append(QueryToken(kind: .word, text: text(start..<i), range: start..<i))
        }
        return tokens
    }

    struct Quote {
        var openLength: Int
        var closers: [[UInt8]]
        func matches(_ b: [UInt8], _ i: Int) -> Bool { closers.contains { b[i...].starts(with: $0) } }
        func closeLength(_ b: [UInt8], _ i: Int) -> Int { closers.first { b[i...].starts(with: $0) }!.count }
    }

    /// Straight quotes and the German „…“ / English “…” pairs.
    static func closingQuote(_ b: [UInt8], _ i: Int) -> Quote? {
        if b[i] == 0x22 { return Quote(openLength: 1, closers: [[0x22], [0xE2, 0x80, 0x9C], [0xE2, 0x80, 0x9D]]) }
        if b[i...].starts(with: [0xE2, 0x80, 0x9E]) || b[i...].starts(with: [0xE2, 0x80, 0x9C]) {
            return Quote(openLength: 3, closers: [[0xE2, 0x80, 0x9C], [0xE2, 0x80, 0x9D], [0x22]])
        }
        return nil
    }
}
