/// Finds sentence boundaries in the tokens of one paragraph.
///
/// A sentence ends at a terminator (. ! ? … and runs of them) plus the quotes and brackets glued to it
/// (`.“`, `?"`, `.)`), when the next token can open a sentence: an upper-case word, a digit, an opening quote
/// or bracket, a dash. A lower-case continuation ("„Frage?“ fragte er") is no boundary. Abbreviations and
/// ordinals already carry their period from the tokenizer, so "am 1. November" and "z. B." never split.
/// Quotations are split into their sentences too; the quote marks attach to the sentence they open or close,
/// so a quotation spanning several sentences stays recoverable from the quote tokens.
public enum SentenceSplitter {
    /// Sentence boundaries as ranges of token indices into `tokens` (which covers one paragraph).
    public static func split(_ p: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = tokens.startIndex
        var k = tokens.startIndex
        let n = tokens.endIndex
        while k < n {
            let t = tokens[k]
            var ends = t.kind == .punctuation && isTerminal(p, t)
            if !ends, t.kind == .abbreviation, k + 1 < n,
                Lexicon.sentenceFinalAbbreviations.contains(p, t.span.lowerBound..<(t.span.upperBound - 1))
            {
                let next = tokens[k + 1]
                ends = Lexicon.sentenceStarters.contains(p, next.span.range)
            }
            guard ends else {
                k += 1
                continue
            }
            var e = k + 1
            while e < n {
                let u = tokens[e]
                let glued = u.span.start == tokens[e - 1].span.end
                if u.kind == .punctuation && isTerminal(p, u) {
                    e += 1
                } else if glued, u.kind == .quote || isClosingBracket(p, u) {
                    e += 1
                } else {
                    break
                }
            }
            if e < n, !opensSentence(p, tokens[e]) {
                k = e
                continue
            }
            result.append(start..<e)
            start = e
            k = e
        }
        if start < n { result.append(start..<n) }
        return result
    }

    @inline(__always)
    private static func isTerminal(_ p: UnsafeBufferPointer<UInt8>, _ t: Token) -> Bool {
        let (v, _) = Scalars.decode(p, t.span.lowerBound)
        return Scalars.isTerminal(v)
    }

    @inline(__always)
    private static func isClosingBracket(_ p: UnsafeBufferPointer<UInt8>, _ t: Token) -> Bool {
        let b = p[t.span.lowerBound]
        return b == 0x29 || b == 0x5D
    }

    private static func opensSentence(_ p: UnsafeBufferPointer<UInt8>, _ t: Token) -> Bool {
        switch t.kind {
        case .quote, .dash, .url, .handle, .hashtag, .number, .ordinal: return true
        case .punctuation:
            let b = p[t.span.lowerBound]
            return b == 0x28 || b == 0x5B || b == 0xE2  // ( [ or a typographic mark
        case .symbol: return true
        case .word, .abbreviation, .email:
            let (v, _) = Scalars.decode(p, t.span.lowerBound)
            return !Scalars.isLower(v)
        }
    }
}
