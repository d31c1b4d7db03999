import LagebildTestSupport
import Testing

@testable import LagebildText

struct TokenizerTests {
    static func tokens(_ text: String) -> [(String, TokenKind)] {
        Tokenizer.tokenize(text).map { (String(text.slice($0.span)), $0.kind) }
    }

    static func texts(_ text: String) -> [String] { tokens(text).map(\.0) }

    @Test func hyphenatedCompoundsStayWhole() {
        #expect(Self.texts("US-Verteidigungsminister Pete Hegseth") == ["US-Verteidigungsminister", "Pete", "Hegseth"])
        #expect(Self.texts("die ASEAN-Verteidigungsministerkonferenz-Plus (ADMM-Plus)")
            == ["die", "ASEAN-Verteidigungsministerkonferenz-Plus", "(", "ADMM-Plus", ")"])
        #expect(Self.texts("des Hwasong-20-Interkontinentalraketen") == ["des", "Hwasong-20-Interkontinentalraketen"])
    }

    @Test func truncatedCompoundKeepsItsHyphen() {
        #expect(Self.texts("Nuklear- und Raketenbedrohungen") == ["Nuklear-", "und", "Raketenbedrohungen"])
        #expect(Self.texts("Verteidigungs-, Rüstungs- und Industriepolitik")
            == ["Verteidigungs-", ",", "Rüstungs-", "und", "Industriepolitik"])
    }

    @Test func ordinalsAndSentenceFinalNumbers() {
        #expect(Self.tokens("am 1. November").map(\.1) == [.word, .ordinal, .word])
        #expect(Self.tokens("vor dem 57. Sicherheitskonsultationsmeeting").map(\.1) == [.word, .word, .ordinal, .word])
        #expect(Self.texts("seit Juni 2023. Sie bewerteten") == ["seit", "Juni", "2023", ".", "Sie", "bewerteten"])
        #expect(Self.texts("Platz 3. Die Mannschaft") == ["Platz", "3", ".", "Die", "Mannschaft"])
    }

    @Test func numbersWithSeparators() {
        #expect(Self.tokens("1.000 Soldaten, 2,5 Prozent, um 11.30 Uhr").filter { $0.1 == .number }.map(\.0)
            == ["1.000", "2,5", "11.30"])
    }

    @Test func abbreviationsAndInitials() {
        #expect(Self.tokens("z.B. Dr. Müller und Donald J. Trump, z. B. heute").map(\.1)
            == [.abbreviation, .abbreviation, .word, .word, .word, .abbreviation, .word, .punctuation, .abbreviation,
                .abbreviation, .word])
        #expect(Self.texts("die U.S. Navy") == ["die", "U.S.", "Navy"])
    }

    @Test func handlesURLsAndMail() {
        let t = Self.tokens("— Pete Hegseth (@PeteHegseth) sah https://example.org/a?b=1. Mail: a.b@example.de #Gipfel")
        #expect(t.contains { $0 == ("@PeteHegseth", .handle) })
        #expect(t.contains { $0 == ("https://example.org/a?b=1", .url) })
        #expect(t.contains { $0 == ("a.b@example.de", .email) })
        #expect(t.contains { $0 == ("#Gipfel", .hashtag) })
        #expect(t.first?.1 == .dash)
    }

    @Test func typographicQuotesAndDashes() {
        let t = Self.tokens("„Frieden“ – sagte er … \"gut\"")
        #expect(t.map(\.1) == [.quote, .word, .quote, .dash, .word, .word, .punctuation, .quote, .word, .quote])
    }

    // MARK: - Property: the byte tokenizer against a slow reference on `Character`s

    /// Reference for the subset of the grammar the random texts use: runs of letters and digits, joined by
    /// inner hyphens, digits joined by "," or "." in numbers, a hyphen before a space or comma after letters
    /// kept with the word, "--" as one dash; every other non-space character is its own token.
    static func reference(_ text: String) -> [String] {
        let chars = Array(text)
        var out: [String] = []
        var i = 0
        func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber }
        while i < chars.count {
            let c = chars[i]
            if c == " " {
                i += 1
                continue
            }
            if c == "-", i + 1 < chars.count, chars[i + 1] == "-" {  // "--" is one dash
                out.append("--")
                i += 2
                continue
            }
            guard isWordChar(c) else {
                out.append(String(c))
                i += 1
                continue
            }
            var j = i
            var hasLetter = false
            while j < chars.count {
                if isWordChar(chars[j]) {
                    if chars[j].isLetter { hasLetter = true }
                    j += 1
                } else if chars[j] == "-", j + 1 < chars.count, isWordChar(chars[j + 1]) {
                    j += 1
                } else if chars[j] == "," || chars[j] == ".", !hasLetter, j + 1 < chars.count, chars[j + 1].isNumber {
                    j += 1  // "2,5", "1.000"
                } else {
                    break
                }
            }
            // A truncated compound keeps its hyphen: "Nuklear- und", "Verteidigungs-, Rüstungs-".
            if j < chars.count, chars[j] == "-", hasLetter,
                j + 1 == chars.count || chars[j + 1] == " " || chars[j + 1] == ","
            {
                j += 1
            }
            out.append(String(chars[i..<j]))
            i = j
        }
        return out
    }

    @Test func matchesReferenceOnRandomText() {
        var rng = SeededGenerator(seed: 42)
        let pieces = ["a", "Z", "ä", "Ö", "ß", "é", "中", "国", "7", "0", " ", " ", " ", "-", ",", ";", "!", "?", "(",
                      ")", "€", "%", "–", "Straße", "Minister", "US", "2025"]
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<30, using: &rng)
            let text = (0..<length).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let tokens = Tokenizer.tokenize(text)
            #expect(tokens.map { String(text.slice($0.span)) } == Self.reference(text), "text: \(text)")
        }
    }

    @Test func offsetsRoundTrip() throws {
        for url in try TestSupport.seedFiles() {
            let text = try String(contentsOf: url, encoding: .utf8)
            let tokens = Tokenizer.tokenize(text)
            var previousEnd = 0
            let bytes = Array(text.utf8)
            for token in tokens {
                #expect(token.span.lowerBound >= previousEnd)
                // Only white space lies between tokens.
                #expect(bytes[previousEnd..<token.span.lowerBound].allSatisfy { $0 == 0x20 || $0 == 0x0A })
                // Every span starts and ends on a scalar boundary and is valid UTF-8.
                #expect(String(validating: bytes[token.span.range], as: UTF8.self) != nil)
                previousEnd = token.span.upperBound
            }
            #expect(bytes[previousEnd...].allSatisfy { $0 == 0x20 || $0 == 0x0A })
        }
    }
}
