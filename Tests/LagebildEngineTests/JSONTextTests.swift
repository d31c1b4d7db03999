import Foundation
import Testing
@testable import LagebildEngine

@Suite struct JSONTextTests {
    @Test func stringsAreEscapedAndReadBackAsWritten() throws {
        let tricky = "Er sagte: \"Nein\\Ja\"\n\tZeile\r\u{01}\u{1F} – „Zitat“ 😀 a/b"
        #expect(JSONText.quoted("a\"b\\c\nd\u{01}") == #""a\"b\\c\nd\u0001""#)
        let parsed = try JSONSerialization.jsonObject(with: Data(JSONText.quoted(tricky).utf8), options: .fragmentsAllowed)
        #expect(parsed as? String == tricky)
    }

    @Test func generatedLinesAreTheJSONOfTheArticleAndItsTruth() throws {
        var generator = CorpusGenerator(seed: 5)
        let article = generator.article(3)
        let line = CorpusGenerator.jsonLine(article)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object == ["id": article.id, "date": article.date, "source": article.source, "title": article.title, "text": article.text])
        // Keys sorted, as the corpus files have always been written.
        #expect(line.hasPrefix(#"{"date":"#) && line.contains(#","id":"#))
        let truth = try JSONDecoder().decode(CorpusGenerator.Truth.self, from: Data(CorpusGenerator.truthLine(article.truth).utf8))
        #expect(truth == article.truth)
        #expect(!article.truth.events.isEmpty)
    }
}
