import Testing

@testable import LagebildText

struct SentenceSplitterTests {
    static func sentences(_ text: String) -> [String] {
        var copy = text
        return copy.withUTF8 { p in
            var tokens: [Token] = []
            Tokenizer.tokenize(p, 0..<p.count, into: &tokens)
            return SentenceSplitter.split(p, tokens[...]).map { r in
                String(decoding: p[tokens[r.lowerBound].span.lowerBound..<tokens[r.upperBound - 1].span.upperBound],
                       as: UTF8.self)
            }
        }
    }

    @Test func ordinalsAndAbbreviationsDoNotSplit() {
        #expect(Self.sentences("Das Forum tagte am 1. November in Kuala Lumpur. Es ging um z. B. Handel.")
            == ["Das Forum tagte am 1. November in Kuala Lumpur.", "Es ging um z. B. Handel."])
        #expect(Self.sentences("Dr. Müller traf Prof. Weber. Danach reiste er ab.").count == 2)
    }

    @Test func yearAtSentenceEndSplits() {
        #expect(Self.sentences("Das erste Treffen seit Juni 2023. Sie bewerteten den Gipfel.").count == 2)
    }

    @Test func quotesAttachToTheirSentence() {
        let s = Self.sentences("\"Wir streben Frieden an. Wir streben keinen Konflikt an\", sagte er. Danach ging er.")
        #expect(s == ["\"Wir streben Frieden an.", "Wir streben keinen Konflikt an\", sagte er.", "Danach ging er."])
        #expect(Self.sentences("„Das ist gut.“ Dann ging er.") == ["„Das ist gut.“", "Dann ging er."])
        #expect(Self.sentences("„Kommst du?“ fragte sie.") == ["„Kommst du?“ fragte sie."])
    }

    @Test func agencySignOffIsItsOwnSentence() {
        #expect(Self.sentences("Er sagte: „Peking tauscht Güter aus.“ (afp/red)").count == 2)
    }
}
