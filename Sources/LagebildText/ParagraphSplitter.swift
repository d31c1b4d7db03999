/// Splits a document into paragraph spans.
///
/// News text comes one paragraph per line (scraped pages, JSONL) or hard-wrapped into blocks separated by
/// blank lines (Markdown, wire copy). A block whose lines are of similar length and mostly do not end a
/// sentence is taken as hard-wrapped and becomes one paragraph; otherwise each line is a paragraph.
/// Markdown heading marks (`## `) and list bullets stay outside the span.
public enum ParagraphSplitter {
    public struct Piece: Sendable, Equatable {
        public var span: TextSpan
        /// The line was a Markdown heading (`# Title`).
        public var markedHeading: Bool
    }

    public static func split(_ p: UnsafeBufferPointer<UInt8>) -> [Piece] {
        var lines: [TextSpan] = []
        var i = 0
        let n = p.count
        while i < n {
            var j = i
            while j < n, p[j] != 0x0A { j += 1 }
            lines.append(TextSpan(i, j))
            i = j + 1
        }
        var pieces: [Piece] = []
        var block: [TextSpan] = []
        func flush() {
            guard !block.isEmpty else { return }
            if isHardWrapped(p, block) {
                pieces.append(Piece(span: TextSpan(block[0].lowerBound, block[block.count - 1].upperBound),
                                    markedHeading: false))
            } else {
                for line in block { pieces.append(piece(p, line)) }
            }
            block.removeAll(keepingCapacity: true)
        }
        for line in lines {
            let trimmed = trim(p, line)
            if trimmed.isEmpty {
                flush()
            } else {
                block.append(trimmed)
            }
        }
        flush()
        return pieces.filter { !$0.span.isEmpty }
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

    /// Hard-wrapped prose: at least three lines, most of them 30–100 bytes long and not ending a sentence.
    private static func isHardWrapped(_ p: UnsafeBufferPointer<UInt8>, _ block: [TextSpan]) -> Bool {
        guard block.count >= 3 else { return false }
        var wrapped = 0
        for line in block.dropLast() {
            let last = p[line.upperBound - 1]
            let endsSentence = last == 0x2E || last == 0x21 || last == 0x3F || last == 0x3A
            if line.count >= 30, line.count <= 100, !endsSentence, p[line.lowerBound] != 0x23,
                p[line.lowerBound] != 0x2D, p[line.lowerBound] != 0x2A
            {
                wrapped += 1
            }
        }
        return wrapped * 10 >= (block.count - 1) * 7
    }
}
