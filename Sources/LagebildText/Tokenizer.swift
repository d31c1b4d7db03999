/// Splits UTF-8 text into tokens with byte offsets, in one forward pass over the bytes.
///
/// Rules, German first: inner hyphens join compounds ("US-Verteidigungsminister",
/// "ASEAN-Verteidigungsministerkonferenz-Plus", "Hwasong-20"); a trailing hyphen before a conjunction stays
/// ("Nuklear- und Raketenbedrohungen"); dots and commas between digits join numbers ("1.000", "2,5");
/// a period joins an abbreviation ("Dr.", "z.B.", "U.S.", initials) or an ordinal ("am 1. November",
/// "57. Sicherheitskonsultationsmeeting") but not a number that ends a sentence ("seit Juni 2023. Sie …");
/// URLs, e-mail addresses, @handles and #hashtags are single tokens.
public enum Tokenizer {
    /// Appends the tokens of `p[range]` to `tokens`.
    /// - Complexity: O(n) in the length of the range.
    public static func tokenize(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into tokens: inout [Token]) {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let b = p[i]
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                i += 1
                continue
            }
            let (v, len) = b < 0x80 ? (UInt32(b), 1) : Scalars.decode(p, i)
            if b >= 0x80, Scalars.isSpace(v) {
                i += len
                continue
            }
            if (b == 0x68 || b == 0x77), let urlEnd = urlEnd(p, i, end) {
                tokens.append(Token(i, urlEnd, .url))
                i = urlEnd
                continue
            }
            if b == 0x40 || b == 0x23, i + 1 < end, isHandleByte(p[i + 1]),
                i == range.lowerBound || !isHandleByte(p[i - 1])
            {
                var j = i + 1
                while j < end, isHandleByte(p[j]) { j += 1 }
                tokens.append(Token(i, j, b == 0x40 ? .handle : .hashtag))
                i = j
                continue
            }
            if Scalars.isLetter(v) || Scalars.isDigit(v) {
                i = scanWord(p, i, end, into: &tokens)
                continue
            }
            tokens.append(punctuation(p, i, end, v, len))
            i = tokens[tokens.count - 1].span.upperBound
        }
    }

    /// The tokens of `p[range]`.
    public static func tokenize(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [Token] {
        var tokens: [Token] = []
        tokenize(p, range, into: &tokens)
        return tokens
    }

    /// Tokenises a whole string (for tests, queries and tools; hot paths use the buffer form).
    public static func tokenize(_ text: String) -> [Token] {
        var copy = text
        var tokens: [Token] = []
        copy.withUTF8 { p in tokenize(p, 0..<p.count, into: &tokens) }
        return tokens
    }

    // MARK: - Words

    private static func scanWord(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into tokens: inout [Token])
        -> Int
    {
        var j = start
        var hasLetter = false
        var segmentStart = start
        var hyphenated = false
        scan: while true {
            while j < end {
                // ASCII letters and digits first, in a tight loop.
                let b = p[j]
                if b < 0x80 {
                    if b &- 0x30 < 10 {
                        // a digit: part of the word
                    } else if (b | 0x20) &- 0x61 < 26 {
                        hasLetter = true
                    } else {
                        break
                    }
                    j += 1
                    continue
                }
                let (v, len) = Scalars.decode(p, j)
                if Scalars.isDigit(v) {
                    // a digit: part of the word
                } else if Scalars.isLetter(v) {
                    hasLetter = true
                } else {
                    break
                }
                j += len
            }
            guard j < end else { break }
            let c = p[j]
            let next: UInt32 = j + 1 < end ? (p[j + 1] < 0x80 ? UInt32(p[j + 1]) : Scalars.decode(p, j + 1).value) : 0
            switch c {
            case 0x2D:  // hyphen-minus
                if Scalars.isLetter(next) || Scalars.isDigit(next) {
                    j += 1
                    segmentStart = j
                    hyphenated = true
                    continue scan
                }
                if hasLetter, next == 0x20 || next == 0x2C || next == 0x0A || next == 0 {
                    j += 1  // "Verteidigungs- und …": keep the hyphen of a truncated compound
                }
                break scan
            case 0x2E, 0x2C:  // . or , between digits
                if !hasLetter, Scalars.isDigit(next) {
                    j += 1
                    continue scan
                }
                if c == 0x2E, hasLetter, Scalars.isASCIILetter(next), let mailEnd = dottedEmailEnd(p, j, end) {
                    tokens.append(Token(start, mailEnd, .email))
                    return mailEnd
                }
                if c == 0x2E, hasLetter, !hyphenated, j - segmentStart <= 3, Scalars.isASCIILetter(next),
                    let acronymEnd = acronymEnd(p, segmentStart, end)
                {
                    tokens.append(Token(start, acronymEnd, .abbreviation))
                    return acronymEnd
                }
                break scan
            case 0x27:  // apostrophe inside a word: "don't", "Trump's"
                if hasLetter, Scalars.isLetter(next) {
                    j += 1
                    continue scan
                }
                break scan
            case 0xE2:  // ’ (E2 80 99) inside a word
                if hasLetter, j + 2 < end, p[j + 1] == 0x80, p[j + 2] == 0x99, j + 3 < end,
                    Scalars.isLetter(Scalars.decode(p, j + 3).value)
                {
                    j += 3
                    continue scan
                }
                break scan
            case 0x40:  // e-mail address
                if hasLetter, let mailEnd = emailEnd(p, j, end) {
                    tokens.append(Token(start, mailEnd, .email))
                    return mailEnd
                }
                break scan
            default:
                break scan
            }
        }
        var kind: TokenKind = hasLetter ? .word : .number
        if j < end, p[j] == 0x2E, !(j + 1 < end && p[j + 1] == 0x2E) {
            if hasLetter, !hyphenated {
                let (first, firstLength) = Scalars.decode(p, start)
                if start + firstLength == j, Scalars.isLetter(first) {
                    kind = .abbreviation  // initial "J." or "z." of "z. B."
                } else if Lexicon.abbreviations.contains(p, start..<j) {
                    kind = .abbreviation
                }
            } else if !hasLetter, j - start <= 3, !containsSeparator(p, start..<j), isOrdinalContext(p, j + 1, end) {
                kind = .ordinal
            }
            if kind != .word && kind != .number { j += 1 }
        }
        tokens.append(Token(start, j, kind))
        return j
    }

    private static func containsSeparator(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        r.contains { p[$0] == 0x2E || p[$0] == 0x2C }
    }

    /// "z.B.", "u.a.", "U.S.", "e.V.": one to three letters and a period, at least twice.
    private static func acronymEnd(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var j = start
        var groups = 0
        while j < end {
            var k = j
            while k < end, k - j < 3, Scalars.isASCIILetter(UInt32(p[k])) { k += 1 }
            guard k > j, k < end, p[k] == 0x2E else { break }
            groups += 1
            j = k + 1
        }
        return groups >= 2 ? j : nil
    }

    /// After "3.": an ordinal when the next word is lower-case, a month, or a capitalised word that does not
    /// typically open a sentence.
    private static func isOrdinalContext(_ p: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> Bool {
        var k = from
        guard k < end, p[k] == 0x20 else { return false }
        while k < end, p[k] == 0x20 { k += 1 }
        guard k < end else { return false }
        let (v, _) = Scalars.decode(p, k)
        if Scalars.isLower(v) { return true }
        guard Scalars.isUpper(v) else { return false }
        var e = k
        while e < end {
            let (w, len) = Scalars.decode(p, e)
            guard Scalars.isLetter(w) else { break }
            e += len
        }
        if Lexicon.months.containsLowercased(p, k..<e) { return true }
        return !Lexicon.sentenceStarters.contains(p, k..<e)
    }

    // MARK: - URLs, handles, e-mail

    @inline(__always)
    private static func isHandleByte(_ b: UInt8) -> Bool {
        Scalars.isASCIILetter(UInt32(b)) || Scalars.isDigit(UInt32(b)) || b == 0x5F
    }

    private static func hasPrefix(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard i + n <= end else { return false }
        let s = prefix.utf8Start
        for k in 0..<n where p[i + k] | 0x20 != s[k] | 0x20 { return false }
        return true
    }

    private static func urlEnd(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int? {
        guard hasPrefix(p, i, end, "http://") || hasPrefix(p, i, end, "https://") || hasPrefix(p, i, end, "www.")
        else { return nil }
        if i > 0, Scalars.isASCIILetter(UInt32(p[i - 1])) { return nil }
        var j = i
        while j < end, p[j] > 0x20, p[j] != 0x22, p[j] != 0x3C, p[j] != 0x3E {
            if p[j] == 0xE2, j + 1 < end, p[j + 1] == 0x80 { break }  // typographic quotes, dashes, ellipsis
            j += 1
        }
        // Trailing punctuation belongs to the sentence, not the URL.
        while j > i, [0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x29, 0x27].contains(p[j - 1]) { j -= 1 }
        return j - i > 4 ? j : nil
    }

    /// "a.b@example.de": from a dot inside the local part, the address if an "@" follows before a space.
    private static func dottedEmailEnd(_ p: UnsafeBufferPointer<UInt8>, _ dot: Int, _ end: Int) -> Int? {
        var k = dot + 1
        while k < end, k - dot < 64, isHandleByte(p[k]) || p[k] == 0x2E || p[k] == 0x2D || p[k] == 0x2B { k += 1 }
        guard k < end, p[k] == 0x40 else { return nil }
        return emailEnd(p, k, end)
    }

    private static func emailEnd(_ p: UnsafeBufferPointer<UInt8>, _ at: Int, _ end: Int) -> Int? {
        var j = at + 1
        var dots = 0
        while j < end, isHandleByte(p[j]) || p[j] == 0x2D || (p[j] == 0x2E && j + 1 < end && isHandleByte(p[j + 1])) {
            if p[j] == 0x2E { dots += 1 }
            j += 1
        }
        return dots > 0 && j > at + 3 ? j : nil
    }

    // MARK: - Punctuation

    private static func punctuation(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int, _ v: UInt32, _ len: Int)
        -> Token
    {
        if v == 0x2E, i + 2 < end, p[i + 1] == 0x2E, p[i + 2] == 0x2E {
            var j = i + 3
            while j < end, p[j] == 0x2E { j += 1 }
            return Token(i, j, .punctuation)
        }
        if Scalars.isQuote(v) { return Token(i, i + len, .quote) }
        if Scalars.isDash(v) { return Token(i, i + len, .dash) }
        if v == 0x2D {
            if i + 1 < end, p[i + 1] == 0x2D { return Token(i, i + 2, .dash) }
            let spaceBefore = i == 0 || p[i - 1] == 0x20 || p[i - 1] == 0x0A
            let spaceAfter = i + 1 >= end || p[i + 1] == 0x20
            return Token(i, i + 1, spaceBefore && spaceAfter ? .dash : .punctuation)
        }
        if v < 0x80 {
            switch v {
            case 0x24, 0x25, 0x26, 0x2B, 0x3C, 0x3D, 0x3E, 0x5E, 0x60, 0x7C, 0x7E: return Token(i, i + 1, .symbol)
            default: return Token(i, i + 1, .punctuation)
            }
        }
        if v == 0x2026 || v == 0x2022 || v == 0xB7 || v == 0xA7 { return Token(i, i + len, .punctuation) }
        return Token(i, i + len, .symbol)
    }
}
