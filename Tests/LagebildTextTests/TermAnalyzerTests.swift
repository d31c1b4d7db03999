import Testing

@testable import LagebildText

struct TermAnalyzerTests {
    static func terms(_ text: String, _ language: Language = .german) -> [String] {
        var analyzer = TermAnalyzer()
        var copy = text
        var out: [String] = []
        copy.withUTF8 { p in
            for token in Tokenizer.tokenize(text) {
                var ids: [(Int32, Bool)] = []
                analyzer.analyze(p, token, language: language) { ids.append(($0, $1)) }
                for (id, extra) in ids { out.append((extra ? "+" : "") + analyzer.terms.string(id)) }
            }
        }
        return out
    }

    @Test func inflectedFormsMeet() {
        #expect(Self.terms("Südchinesisches Meer") == Self.terms("Südchinesischen Meer"))
        #expect(Self.terms("Südchinesischen")[0] == Self.terms("SÜDCHINESISCHEN")[0])
    }

    @Test func compoundsYieldTheirHeadAndParts() {
        #expect(Self.terms("US-Verteidigungsminister") == ["us", "verteidigungsminist", "+minist"])
        #expect(Self.terms("Minister") == ["minist"])
        #expect(Self.terms("Außenministerium").contains("+ministerium"))
    }

    @Test func handlesAndOrdinalsDropTheirMarks() {
        #expect(Self.terms("@PeteHegseth am 1. November") == ["petehegseth", "am", "1", "novemb"])
    }

    /// A word's term must not depend on whether the same bytes were seen before as a handle or a number.
    @Test func cacheDoesNotMixKindsOfTokens() {
        let fresh = Self.terms("Zusammenarbeiten")
        #expect(fresh == ["zusammenarbeit", "+arbeit"])
        #expect(Self.terms("#Zusammenarbeiten Zusammenarbeiten") == ["zusammenarbeiten"] + fresh)
        #expect(Self.terms("@Zusammenarbeiten Zusammenarbeiten") == ["zusammenarbeiten"] + fresh)
    }

    @Test func englishParagraphsUseTheEnglishStemmer() {
        #expect(Self.terms("meetings agreed", .english) == ["meet", "agre"])
    }
}
