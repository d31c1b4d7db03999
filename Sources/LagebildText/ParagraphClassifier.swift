/// Assigns a `ParagraphRole` to each paragraph of a document.
///
/// The evidence is general, not a list of any page's sentences:
/// - **position**: short unterminated lines at the top are the title block; the first story paragraph
///   after it is the lead; after a "read more"/comments marker or an agency sign-off ("(afp/red)") the
///   story is over and the rest is page furniture;
/// - **shape**: short lines without a finite-sentence ending inside the story are intertitles; lines without
///   letters ("0") or a lone bullet label ("• Drucken") are furniture;
/// - **credit patterns**: "Foto: …", "APA / AFP / Name", "… via Getty Images", a credit glued to a caption
///   ("…unklar.APA / AFP / Leah Millis"), the "— Name (@handle) date" line under an embedded post;
/// - **neighbourhood and repetition**: the line before a credit is a caption, and so is every repetition of
///   a caption; the text before an embed attribution is the embedded post;
/// - **reader address**: a paragraph that speaks to the reader about the site ("teilt unsere Artikel",
///   "unsere Accounts") is a publisher notice.
public enum ParagraphClassifier {
    /// A paragraph candidate with its tokens, as the classifier sees it.
    public struct Input {
        public var span: TextSpan
        public var tokens: Range<Int>
        public var markedHeading: Bool
    }

    /// Roles for `items`; `hashes` receives each paragraph's text hash (FNV-1a 64), which the classifier
    /// computes anyway and the engine uses to find text a source repeats.
    public static func classify(
        _ p: UnsafeBufferPointer<UInt8>, _ items: [Input], tokens: [Token], title: String?,
        hashes: inout [UInt64]
    ) -> [ParagraphRole] {
        let n = items.count
        var roles = [ParagraphRole?](repeating: nil, count: n)
        let facts = items.map { Facts(p, $0, tokens) }
        hashes = facts.map(\.hash)

        // 1. Credits, furniture and embeds: properties of the line itself.
        for k in 0..<n {
            if facts[k].isEmbedAttribution || facts[k].isCredit {
                roles[k] = .credit
            } else if facts[k].isNavigation || facts[k].letterWords == 0 || facts[k].isReaderNotice {
                roles[k] = .boilerplate
            }
        }
        // 2. The tail: after a marker line (or a paragraph ending in an agency sign-off) the story is over.
        var storySeen = false
        var tailFrom = n
        for k in 0..<n {
            if facts[k].isTailMarker, storySeen {
                tailFrom = k
                break
            }
            if roles[k] == nil, facts[k].isSentenceLike { storySeen = true }
            if facts[k].endsWithSignOff, storySeen {
                tailFrom = k + 1
                break
            }
        }
        for k in tailFrom..<n where roles[k] != .credit { roles[k] = .boilerplate }

        // 3. Embedded posts and captions: neighbours of credits, and repetitions of captions.
        for k in 0..<n where roles[k] == .credit && k > 0 && roles[k - 1] == nil {
            if facts[k].isEmbedAttribution {
                roles[k - 1] = .embed
            } else if items[k - 1].span.count <= 400, !facts[k - 1].isTitleShaped || k - 1 > 2 {
                roles[k - 1] = .caption
            }
        }
        var captionTexts = Set<UInt64>()
        for k in 0..<n where roles[k] == .caption { captionTexts.insert(facts[k].hash) }
        if !captionTexts.isEmpty {
            for k in 0..<n where roles[k] == nil && captionTexts.contains(facts[k].hash) { roles[k] = .caption }
        }

        // 4. The title block: leading short lines that do not end like a sentence.
        var k = 0
        var titles = 0
        let titleHash = title.map { ByteSet.hash($0.utf8) }
        while k < n, titles < 3 {
            if roles[k] == .boilerplate {
                k += 1
                continue
            }
            guard roles[k] == nil, facts[k].isTitleShaped || facts[k].hash == titleHash || items[k].markedHeading
            else { break }
            roles[k] = .title
            titles += 1
            k += 1
        }
        // 5. Intertitles, the lead, and the body.
        var leadAssigned = false
        for k in 0..<n where roles[k] == nil {
            if items[k].markedHeading || (facts[k].isTitleShaped && k + 1 < n) {
                roles[k] = .heading
            } else if !leadAssigned {
                roles[k] = .lead
                leadAssigned = true
            } else {
                roles[k] = .body
            }
        }
        // A document with a single story paragraph has no lead, just a body.
        let story = roles.filter { $0 == .lead || $0 == .body }.count
        if story == 1, let only = roles.firstIndex(of: .lead) { roles[only] = .body }
        return roles.map { $0 ?? .body }
    }

    /// Where a caption ends and a credit glued to it begins ("…unklar.APA / AFP / Leah Millis"), if anywhere.
    public static func gluedCreditStart(_ p: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>) -> Int? {
        guard tokens.count >= 3 else { return nil }
        for k in tokens.indices.dropFirst().dropLast() {
            let t = tokens[k]
            guard t.kind == .punctuation, p[t.span.lowerBound] == 0x2E else { continue }
            let next = tokens[k + 1]
            guard next.span.start == t.span.end, next.kind == .word,
                Scalars.isUpper(Scalars.decode(p, next.span.lowerBound).value)
            else { continue }
            let rest = tokens[(k + 1)...]
            if Facts.isCreditLike(p, TextSpan(next.span.lowerBound, tokens.last!.span.upperBound), rest) {
                return k + 1
            }
        }
        return nil
    }

    // MARK: - Facts about one paragraph

    struct Facts {
        var hash: UInt64
        var letterWords = 0
        var endsTerminal = false
        var isCredit = false
        var isEmbedAttribution = false
        var isNavigation = false
        var isTailMarker = false
        var isReaderNotice = false
        var endsWithSignOff = false
        var isTitleShaped = false
        var isSentenceLike: Bool { endsTerminal && letterWords >= 5 }

        init(_ p: UnsafeBufferPointer<UInt8>, _ item: Input, _ all: [Token]) {
            let span = item.span
            hash = ByteSet.hash(UnsafeBufferPointer(rebasing: p[span.range]))
            let tokens = all[item.tokens]
            var readers = 0
            var site = 0
            var innerTerminals = 0
            let readerAddress = PageLexicon.readerAddress
            for t in tokens where t.kind == .punctuation {
                let b = p[t.span.lowerBound]
                if b == 0x2E || b == 0x21 || (b == 0x3F && t.span.upperBound < span.upperBound - 1) { innerTerminals += 1 }
            }
            for t in tokens where t.kind == .word {
                let first = p[t.span.lowerBound]
                if first < 0x80 ? Scalars.isASCIILetter(UInt32(first))
                    : Scalars.isLetter(Scalars.decode(p, t.span.lowerBound).value)
                {
                    letterWords += 1
                }
                if t.span.count <= 8, readerAddress.containsLowercased(p, t.span.range) { readers += 1 }
            }
            // Site words are looked up only in paragraphs that address the reader (rare), not in every one.
            if readers >= 2 {
                for t in tokens where t.kind == .word && t.span.count <= 16 {
                    if PageLexicon.siteWords.containsLowercased(p, t.span.range) { site += 1 }
                }
            }
            isReaderNotice = readers >= 2 && site >= 2 && site + readers >= 5
            var last = tokens.endIndex - 1
            while last > tokens.startIndex, tokens[last].kind == .quote || Facts.isBracket(p, tokens[last]) { last -= 1 }
            if last >= tokens.startIndex {
                let v = Scalars.decode(p, tokens[last].span.lowerBound).value
                endsTerminal = (tokens[last].kind == .punctuation && Scalars.isTerminal(v))
                    || tokens[last].kind == .abbreviation
            }
            endsWithSignOff = Facts.endsWithSignOff(p, tokens)
            isEmbedAttribution = Facts.isEmbedAttribution(p, tokens)
            // Only short lines can be credits or navigation; long paragraphs skip the line comparisons.
            let line = span.count <= 200 ? Facts.normalisedLine(p, span) : []
            isCredit = !isEmbedAttribution && Facts.isCreditLike(p, span, tokens, line: line)
            if span.count <= 160 {
                isNavigation = line.withUnsafeBufferPointer { PageLexicon.navigationLines.contains($0, 0..<$0.count) }
                    || PageLexicon.navigationPrefixBytes.contains { line.starts(with: $0) }
                isTailMarker = PageLexicon.tailMarkerBytes.contains {
                    line.count == $0.count ? line == $0 : line.starts(with: $0 + [0x20])
                }
            }
            let lastByte = p[span.upperBound - 1]
            let endsLikeSentence = lastByte == 0x2E || lastByte == 0x2C || lastByte == 0x3B || lastByte == 0x3A
            let firstIsLower = Scalars.isLower(Scalars.decode(p, span.lowerBound).value)
            isTitleShaped = span.count <= 200 && letterWords >= 1 && letterWords <= 25 && !endsLikeSentence
                && !firstIsLower && !isCredit && !isNavigation && innerTerminals == 0 && !endsWithSignOff
        }

        static func isBracket(_ p: UnsafeBufferPointer<UInt8>, _ t: Token) -> Bool {
            t.kind == .punctuation && (p[t.span.lowerBound] == 0x29 || p[t.span.lowerBound] == 0x5D)
        }

        /// Lower-cased bytes (ASCII and Latin-1 letters) without leading bullets, dashes and quote marks and
        /// without a final colon or period: the form the page lexicons are written in.
        static func normalisedLine(_ p: UnsafeBufferPointer<UInt8>, _ span: TextSpan) -> [UInt8] {
            var a = span.lowerBound
            var b = span.upperBound
            while a < b {
                let (v, len) = Scalars.decode(p, a)
                // • - – * · space > » ›
                guard v == 0x2022 || v == 0x2D || v == 0x2013 || v == 0x2A || v == 0xB7 || v == 0x20 || v == 0x3E
                    || v == 0xBB || v == 0x203A
                else { break }
                a += len
            }
            while b > a {
                let (v, len) = Scalars.decodeBefore(p, b)
                guard v == 0x3A || v == 0x2E || v == 0x20 || v == 0xBB || v == 0x203A else { break }
                b -= len
            }
            var out: [UInt8] = []
            out.reserveCapacity(b - a)
            var previous: UInt8 = 0
            for i in a..<b {
                var c = p[i]
                if c &- 0x41 < 26 {
                    c |= 0x20
                } else if previous == 0xC3, c &- 0x80 < 0x1F, c != 0x97 {
                    c += 0x20
                }
                previous = p[i]
                out.append(c)
            }
            return out
        }

        /// A short line made of agency and photographer names: "APA / AFP / Leah Millis", "Foto: dpa",
        /// "NHAC NGUYEN/AFP via Getty Images", "Reuters / Leah Millis".
        static func isCreditLike(
            _ p: UnsafeBufferPointer<UInt8>, _ span: TextSpan, _ tokens: ArraySlice<Token>, line given: [UInt8]? = nil
        ) -> Bool {
            guard span.count <= 200, !tokens.isEmpty else { return false }
            let line = given ?? normalisedLine(p, span)
            if PageLexicon.creditPrefixBytes.contains(where: { line.starts(with: $0) }) { return span.count <= 160 }
            let last = p[span.upperBound - 1]
            guard span.count <= 100, last != 0x2E, last != 0x21, last != 0x3F, last != 0x2C else { return false }
            var agencies = 0
            var slashes = 0
            var words = 0
            var lowerWords = 0
            for t in tokens {
                if t.kind == .word {
                    words += 1
                    if PageLexicon.agencies.containsLowercased(p, t.span.range) { agencies += 1 }
                    let v = Scalars.decode(p, t.span.lowerBound).value
                    if Scalars.isLower(v), t.span.count > 3, !(p[t.span.lowerBound] == 0x76 && t.span.count == 3) {
                        lowerWords += 1  // "via" is allowed in credits
                    }
                } else if t.kind == .punctuation, p[t.span.lowerBound] == 0x2F || p[t.span.lowerBound] == 0x7C {
                    slashes += 1
                }
            }
            guard agencies > 0, words <= 10, lowerWords == 0 else { return false }
            return slashes > 0 || words <= 3 || tokens.contains {
                $0.kind == .word && $0.span.count == 3 && p[$0.span.lowerBound] == 0x76 && p[$0.span.lowerBound + 1] == 0x69
                    && p[$0.span.lowerBound + 2] == 0x61  // "via"
            }
        }

        /// "— Pete Hegseth (@PeteHegseth) November 1, 2025": a dash, a name and a handle in brackets.
        static func isEmbedAttribution(_ p: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>) -> Bool {
            guard let first = tokens.first, tokens.count <= 16 else { return false }
            let startsWithDash = first.kind == .dash || (first.kind == .punctuation && p[first.span.lowerBound] == 0x2D)
            guard startsWithDash else { return false }
            return tokens.contains { $0.kind == .handle }
        }

        /// A story paragraph ending in an agency sign-off: "… aus.“ (afp/red)", "(dpa)", "(AFP)".
        static func endsWithSignOff(_ p: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>) -> Bool {
            guard tokens.count >= 4, let last = tokens.last, p[last.span.lowerBound] == 0x29 else { return false }
            var k = tokens.endIndex - 2
            var agencies = 0
            var words = 0
            while k > tokens.startIndex, p[tokens[k].span.lowerBound] != 0x28 {
                let t = tokens[k]
                if t.kind == .word {
                    words += 1
                    if PageLexicon.agencies.containsLowercased(p, t.span.range)
                        || (t.span.count == 3 && p[t.span.lowerBound] | 0x20 == 0x72 && p[t.span.lowerBound + 1] == 0x65
                            && p[t.span.lowerBound + 2] == 0x64)
                    {
                        agencies += 1  // "red" is the German editorial sign-off
                    }
                }
                k -= 1
            }
            return k > tokens.startIndex && agencies > 0 && agencies == words && words <= 4
        }
    }
}
