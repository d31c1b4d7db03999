/// Splits a document into paragraph spans.
///
/// News text comes one paragraph per line (scraped pages, JSONL) or hard-wrapped at a fixed width, with
/// or without blank lines between paragraphs (wire copy, Markdown, some scraped archives). Blank lines
/// always separate paragraphs; inside a block, a line continues into the next when:
/// - it ends with a comma, semicolon or hyphen, or with a word that never ends a sentence (an article, a
///   preposition, a conjunction: "… Die" / "Corona-Zahlen in Hamburg …");
/// - the next line starts in lower case and this one does not end a sentence;
/// - the block is hard-wrapped (at least four lines, 50 to 120 bytes wide, two thirds of them filling 70 % of
///   the width) and this line is long (three quarters of the width) without ending a sentence — German
///   capitalises nouns, so wrapped lines often continue with a capital; a lone word on a line of such a
///   block is a fragment too.
/// Markdown headings (`## `) and list items always stand alone; heading marks stay outside the span.
public enum ParagraphSplitter {
    public struct Piece: Sendable, Equatable {
        public var span: TextSpan
        /// The line was a Markdown heading (`# Title`).
        public var markedHeading: Bool
    }

    public static func split(_ p: UnsafeBufferPointer<UInt8>) -> [Piece] {
        var pieces: [Piece] = []
        var block: [TextSpan] = []
        var i = 0
        let n = p.count
        func flush() {
            guard !block.isEmpty else { return }
            let widest = block.map(\.count).max() ?? 0
            // Hard-wrapped: 50 to 120 bytes wide, and two thirds of the lines fill at least 70 % of the width.
            let full = block.filter { $0.count * 10 >= widest * 7 }.count
            let wrapped = block.count >= 4 && widest >= 50 && widest <= 120 && full * 3 >= block.count * 2
            var start = 0
            for k in 0..<block.count {
                if k + 1 < block.count, continues(p, block[k], into: block[k + 1], wrappedAt: wrapped ? widest : nil) {
                    continue
                }
                if start == k {
                    pieces.append(piece(p, block[k]))
                } else {
                    pieces.append(Piece(span: TextSpan(block[start].lowerBound, block[k].upperBound), markedHeading: false))
                }
                start = k + 1
            }
            block.removeAll(keepingCapacity: true)
        }
        while i < n {
            var j = i
            while j < n, p[j] != 0x0A { j += 1 }
            let trimmed = trim(p, TextSpan(i, j))
            if trimmed.isEmpty {
                flush()
            } else {
                block.append(trimmed)
            }
            i = j + 1
        }
        flush()
        return pieces.filter { !$0.span.isEmpty }
    }

    /// Whether `line` runs on into `next` (see the type's summary).
    static func continues(_ p: UnsafeBufferPointer<UInt8>, _ line: TextSpan, into next: TextSpan, wrappedAt width: Int?)
        -> Bool
    {
        if startsBlockElement(p, line) || startsBlockElement(p, next) { return false }
        // The last character, looking through closing quotes and brackets.
        var end = line.upperBound
        var last: UInt32 = 0
        while end > line.lowerBound {
            let (v, len) = Scalars.decodeBefore(p, end)
            last = v
            if Scalars.isCloser(v) && end - len > line.lowerBound {
                end -= len
                continue
            }
            break
        }
        let endsSentence = Scalars.isTerminal(last) || last == 0x3A
        if last == 0x2C || last == 0x3B || last == 0x2D { return true }
        if !endsSentence {
            // The last word: a function word never ends a paragraph.
            var w = line.upperBound
            while w > line.lowerBound, p[w - 1] != 0x20 { w -= 1 }
            if line.upperBound - w <= 8, Lexicon.neverFinal.containsLowercased(p, w..<line.upperBound) { return true }
            if Scalars.isLower(Scalars.decode(p, next.lowerBound).value) { return true }
            if let width, line.count * 4 >= width * 3 { return true }
            // In hard-wrapped text a lone word is a fragment ("In" / "aller Kürze", "DER" / "SATZ").
            if width != nil, !(line.lowerBound..<line.upperBound).contains(where: { p[$0] == 0x20 }) { return true }
        }
        return false
    }

    /// Markdown headings and list items.
    private static func startsBlockElement(_ p: UnsafeBufferPointer<UInt8>, _ line: TextSpan) -> Bool {
        let b = p[line.lowerBound]
        if b == 0x23 { return true }
        if (b == 0x2D || b == 0x2A || b == 0x2B), line.count > 1, p[line.lowerBound + 1] == 0x20 { return true }
        return false
    }

    static func trim(_ p: UnsafeBufferPointer<UInt8>, _ s: TextSpan) -> TextSpan {
        var a = s.lowerBound
        var b = s.upperBound
        while a < b, p[a] == 0x20 || p[a] == 0x09 || p[a] == 0x0D { a += 1 }
        while b > a, p[b - 1] == 0x20 || p[b - 1] == 0x09 || p[b - 1] == 0x0D { b -= 1 }
        return TextSpan(a, b)
    }

    private static func piece(_ p: UnsafeBufferPointer<UInt8>, _ line: TextSpan) -> Piece {
        var a = line.lowerBound
        var hashes = 0
        while a < line.upperBound, p[a] == 0x23, hashes < 7 {
            a += 1
            hashes += 1
        }
        if hashes > 0, hashes <= 6, a < line.upperBound, p[a] == 0x20 {
            while a < line.upperBound, p[a] == 0x20 { a += 1 }
            return Piece(span: TextSpan(a, line.upperBound), markedHeading: true)
        }
        return Piece(span: line, markedHeading: false)
    }
}
