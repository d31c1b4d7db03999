import Testing

@testable import LagebildText

struct DateMentionsTests {
    static func dates(_ text: String) -> [String] {
        var copy = text
        return copy.withUTF8 { p in
            let tokens = Tokenizer.tokenize(p, 0..<p.count)
            return DateMentions.scan(p, tokens[...]).sorted { $0.key < $1.key }.map { $0.value[0] }
        }
    }

    @Test func writtenDatesInGermanAndEnglish() {
        #expect(Self.dates("Das Treffen fand am 1. November 2025 in Kuala Lumpur statt.") == ["#d:2025-11-01"])
        #expect(Self.dates("Hegseth wrote on November 1, 2025 that talks went well.") == ["#d:2025-11-01"])
        #expect(Self.dates("Am 31 Oktober 2025 und am 01.11.2025 und am 2025-11-02.") == ["#d:2025-10-31", "#d:2025-11-01", "#d:2025-11-02"])
        #expect(Self.dates("Seit Juni 2023 und im Jänner 2024 gab es Gespräche.") == ["#m:2023-06", "#m:2024-01"])
    }

    @Test func whatIsNotADateIsLeftAlone() {
        // No year: relative to the document's date, which the index does not know.
        #expect(Self.dates("Am 1. November trafen sie sich.").isEmpty)
        // Impossible days, a number that is not a year, a plain count.
        #expect(Self.dates("Am 31. Februar 2025, am 30.02.2024, im Mai 12 und 2.000 Soldaten.").isEmpty)
        #expect(Self.dates("Er gewann 3 Mai-Rennen.").isEmpty)
    }

    @Test func dayMentionsAlsoGiveTheirMonth() {
        #expect(DateMentions.terms(year: 2025, month: 11, day: 1) == ["#d:2025-11-01", "#m:2025-11"])
        #expect(DateMentions.terms(year: 2023, month: 6, day: nil) == ["#m:2023-06"])
    }
}
