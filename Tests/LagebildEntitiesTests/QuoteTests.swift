import LagebildText
import Testing
@testable import LagebildEntities

/// Quotes and their speakers through the bundled model, lists and speech verbs.
@Suite struct QuoteTests {
    static let resources = try! MentionExtractor.bundled.get()

    /// (quote, speaker or "?") for a one-paragraph text.
    func quotes(_ paragraph: String) -> [(String, String)] {
        var extractor = MentionExtractor(Self.resources)
        var text = paragraph
        let tokens = Tokenizer.tokenize(text)
        var mentions: [EntityMention] = []
        var found: [Quote] = []
        text.withUTF8 { p in
            extractor.extract(p, tokens: tokens[...], sentence: 0, into: &mentions)
            let sentences = [SentenceTokens(sentence: 0, paragraph: 0, tokens: 0..<tokens.count)]
            found = extractor.quotes.find(p, tokens: tokens, sentences: sentences, mentions: mentions)
        }
        return found.map { q in
            (String(text.slice(q.span)), q.speaker.map { String(text.slice(mentions[Int($0)].span)) } ?? "?")
        }
    }

    @Test func speakerAfterTheQuote() {
        let q = quotes("„Das bestmögliche Ergebnis besteht darin, mehr Dialog zu führen“, kommentiert China-Expertin Bonnie Glaser vom „German Marshall Fund“.")
        #expect(q.count == 1)
        #expect(q.first?.1 == "Bonnie Glaser")
        #expect(quotes("\"Wir streben Frieden an und keinen Konflikt\", sagte Hegseth am Samstag.").first?.1 == "Hegseth")
    }

    @Test func speakerBeforeAColon() {
        let q = quotes("Bereits im Juni hatte Stoltenberg erklärt: „Peking tauscht Technologien mit Russland aus.“")
        #expect(q.map(\.1) == ["Stoltenberg"])
    }

    @Test func pronounsAndShortQuotesAreNotGuessed() {
        #expect(quotes("\"Wir streben keinen Konflikt an, niemals\", fügte er hinzu.").map(\.1) == ["?"])
        // "konstruktive" is a scare-quoted word, not a quote.
        #expect(quotes("Ahn forderte Chinas \"konstruktive\" Rolle.").isEmpty)
    }
}

@Suite struct NameEdgeFilterTests {
    @Test func wordsWithAnotherFirstByteOrLengthAreTurnedAway() {
        let text = Array("Wang Yi Xi Jinping Wang Yang wang Ödön Öl".utf8)
        text.withUnsafeBufferPointer { p in
            var filter = MentionExtractor.ByteFilter()
            filter.add(p, 0..<4)    // Wang
            filter.add(p, 11..<18)  // Jinping
            filter.add(p, 34..<40)  // Ödön (six bytes)
            #expect(filter.mayContain(p, 0..<4))
            #expect(filter.mayContain(p, 19..<23))  // Wang again
            #expect(!filter.mayContain(p, 24..<28))  // Yang: four bytes, but no word starts with "Y"
            #expect(!filter.mayContain(p, 29..<33))  // wang: lower-case first byte
            #expect(!filter.mayContain(p, 5..<7))    // Yi
            #expect(filter.mayContain(p, 34..<40))
            #expect(!filter.mayContain(p, 41..<44))  // Öl: same first byte, three bytes
            #expect(!filter.mayContain(p, 0..<0))
        }
    }
}
