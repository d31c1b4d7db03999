import Foundation
public import LagebildText

/// A direct quote and, when the text makes it clear, who said it.
public struct Quote: Sendable, Hashable {
    /// The quoted words, without the quotation marks.
    public var span: TextSpan
    /// The sentence the quote begins in.
    public var sentence: Int32
    /// The speaker: an index into the document's mentions, or nil when the text does not say clearly
    /// (a pronoun, no attribution). Never guessed.
    public var speaker: Int32?

    public init(span: TextSpan, sentence: Int32, speaker: Int32?) {
        self.span = span
        self.sentence = sentence
        self.speaker = speaker
    }
}

/// The story sentences of a document as the extractors see them: sentence number, paragraph, tokens.
public struct SentenceTokens: Sendable {
    public var sentence: Int32
    public var paragraph: Int32
    public var tokens: Range<Int>

    public init(sentence: Int32, paragraph: Int32, tokens: Range<Int>) {
        self.sentence = sentence
        self.paragraph = paragraph
        self.tokens = tokens
    }
}

/// Finds direct quotes („…“, "…", “…”, »…«) of at least four words and their speakers: "…", sagte X /
/// so X / schrieb X; X erklärte: „…“; sagte X …, „…“. A pronoun ("fügte er hinzu") leaves the speaker
/// unknown: resolving it would be a guess.
public struct QuoteFinder: Sendable {
    private let verbs: Set<[UInt8]>
    static let pronouns: Set<[UInt8]> = Set(["er", "sie", "es", "he", "she", "they", "Er", "Sie", "He", "She"].map { Array($0.utf8) })

    public init(verbs: [String]) {
        self.verbs = Set(verbs.map { Array($0.lowercased().utf8) })
    }

    public static func bundled() throws -> QuoteFinder {
        guard let url = Bundle.module.url(forResource: "speech-verbs", withExtension: "txt") else {
            throw CuratedGazetteer.ParseError(line: 0, message: "speech-verbs.txt not found in the package resources")
        }
        let lines = String(decoding: try Data(contentsOf: url), as: UTF8.self).split(separator: "\n")
        return QuoteFinder(verbs: lines.filter { !$0.hasPrefix("#") && !$0.isEmpty }.map(String.init))
    }

    private enum Mark { case opening, closing, either, none }

    private static func mark(_ b: UnsafeBufferPointer<UInt8>) -> Mark {
        switch b.count {
        case 1: return b[0] == 0x22 ? .either : .none  // "
        case 2 where b[0] == 0xC2: return b[1] == 0xBB ? .opening : b[1] == 0xAB ? .closing : .none  // » «
        case 3 where b[0] == 0xE2 && b[1] == 0x80:
            switch b[2] {
            case 0x9E: return .opening  // „
            case 0x9D: return .closing  // ”
            case 0x9C: return .either  // “ (German closing, English opening)
            default: return .none
            }
        default: return .none
        }
    }

    public func find(
        _ text: UnsafeBufferPointer<UInt8>, tokens: [Token], sentences: [SentenceTokens], mentions: [EntityMention]
    ) -> [Quote] {
        // Every token start inside a person's mention → that mention.
        var mentionAt: [Int32: Int32] = [:]
        var t0 = 0
        for (i, m) in mentions.enumerated() where m.entityClass == EntityClass(.person) {
            while t0 < tokens.count, tokens[t0].span.start < m.span.start { t0 += 1 }
            var t = t0
            while t < tokens.count, tokens[t].span.end <= m.span.end {
                mentionAt[tokens[t].span.start] = Int32(i)
                t += 1
            }
        }
        var quotes: [Quote] = []
        var s = 0
        while s < sentences.count {
            // One paragraph at a time: a quote does not run across paragraphs.
            var e = s
            while e < sentences.count, sentences[e].paragraph == sentences[s].paragraph { e += 1 }
            let range = sentences[s].tokens.lowerBound..<sentences[e - 1].tokens.upperBound
            // The sentence (index into `sentences`) a token of this paragraph is in.
            func sentence(of t: Int) -> Int { (s..<e).last { sentences[$0].tokens.lowerBound <= t } ?? s }
            var open: Int?
            for t in range where tokens[t].kind == .quote {
                let mark = Self.mark(UnsafeBufferPointer(rebasing: text[tokens[t].span.range]))
                guard mark != .none else { continue }
                if let o = open, mark != .opening {
                    open = nil
                    let words = (o + 1)..<t
                    guard words.filter({ tokens[$0].kind == .word }).count >= 4, let first = words.first, let last = words.last else { continue }
                    let span = TextSpan(tokens[first].span.lowerBound, tokens[last].span.upperBound)
                    let opening = sentences[sentence(of: o)]
                    let speaker = speakerAfter(t, in: range, text, tokens, mentionAt)
                        ?? speakerBefore(o, in: opening.tokens, text, tokens, mentionAt)
                    quotes.append(Quote(span: span, sentence: opening.sentence, speaker: speaker?.mention))
                } else if mark != .closing {
                    open = t
                }
            }
            s = e
        }
        return quotes
    }

    private func lowercased(_ text: UnsafeBufferPointer<UInt8>, _ token: Token) -> [UInt8] {
        text[token.span.range].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }

    private func isVerb(_ text: UnsafeBufferPointer<UInt8>, _ token: Token) -> Bool {
        token.kind == .word && verbs.contains(lowercased(text, token))
    }

    private func isPronoun(_ text: UnsafeBufferPointer<UInt8>, _ token: Token) -> Bool {
        Self.pronouns.contains(Array(text[token.span.range]))
    }

    /// "…", sagte Hegseth / so X / schrieb X weiter: a speech verb right after the closing mark, then a
    /// person within a few words (past role words: "kommentiert China-Expertin Bonnie Glaser").
    private func speakerAfter(
        _ close: Int, in range: Range<Int>, _ text: UnsafeBufferPointer<UInt8>, _ tokens: [Token], _ mentionAt: [Int32: Int32]
    ) -> (mention: Int32, at: Int)? {
        var t = close + 1
        while t < range.upperBound, tokens[t].kind == .punctuation, text[tokens[t].span.lowerBound] == 0x2C { t += 1 }
        guard t < range.upperBound, isVerb(text, tokens[t]) else { return nil }
        var k = t + 1
        while k < min(range.upperBound, t + 7) {
            let token = tokens[k]
            if let m = mentionAt[token.span.start] { return (m, k) }
            if isPronoun(text, token) || token.kind == .quote { return nil }
            if token.kind == .punctuation, [0x2E, 0x21, 0x3F, 0x3B].contains(text[token.span.lowerBound]) { return nil }
            k += 1
        }
        return nil
    }

    /// Hegseth schrieb: „…“ / sagte Dong zu Hegseth, „…“: in the quote's sentence before it, a person
    /// right before or after a speech verb.
    private func speakerBefore(
        _ open: Int, in sentence: Range<Int>, _ text: UnsafeBufferPointer<UInt8>, _ tokens: [Token], _ mentionAt: [Int32: Int32]
    ) -> (mention: Int32, at: Int)? {
        var t = open - 1
        while t >= sentence.lowerBound {
            // Earlier quote marks in the sentence are scare quotes ("dass die „freundschaftlichen
            // Beziehungen“ … eine „Schlüsselrolle …“"): the cue before them still holds.
            if isVerb(text, tokens[t]) {
                // "sagte Dong": the person after the verb; "Dong sagte": the one before it.
                for k in [t + 1, t + 2] where k < open {
                    if isPronoun(text, tokens[k]) { return nil }
                    if let m = mentionAt[tokens[k].span.start] { return (m, k) }
                }
                var k = t - 1
                while k >= max(sentence.lowerBound, t - 4) {
                    if let m = mentionAt[tokens[k].span.start] { return (m, k) }
                    if isPronoun(text, tokens[k]) { return nil }
                    k -= 1
                }
                return nil
            }
            t -= 1
        }
        return nil
    }
}
