import Foundation
import LagebildTestSupport
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

    /// The caches (tiny, short and long forms) return what a fresh analysis computes, on every seed token.
    @Test func cachedTermsEqualFreshTerms() throws {
        var shared = TermAnalyzer()
        for url in try TestSupport.seedFiles() {
            var text = try String(contentsOf: url, encoding: .utf8)
            let tokens = Tokenizer.tokenize(text)
            text.withUTF8 { p in
                for pass in 0..<2 {  // the second pass hits the caches
                    for token in tokens {
                        var fresh = TermAnalyzer()
                        var a: [String] = []
                        var b: [String] = []
                        var ids: [(Int32, Bool)] = []
                        fresh.analyze(p, token, language: .german) { ids.append(($0, $1)) }
                        a = ids.map { (($1 ? "+" : "") + fresh.terms.string($0)) }
                        ids = []
                        shared.analyze(p, token, language: .german) { ids.append(($0, $1)) }
                        b = ids.map { (($1 ? "+" : "") + shared.terms.string($0)) }
                        #expect(a == b, "pass \(pass), token \(String(decoding: p[token.span.range], as: UTF8.self))")
                    }
                }
            }
        }
    }

    /// Each part of a hyphenated query word is a clause of its own (all required), with the German and English
    /// forms as alternatives.
    @Test func queryClausesPerPart() {
        var analyzer = TermAnalyzer()
        let clauses = analyzer.queryClauses("US-Verteidigungsminister")
        #expect(clauses.count == 2)
        #expect(clauses.first == ["us"])
        #expect(clauses.last?.first == "verteidigungsminist")
        #expect(analyzer.queryClauses("meetings") == [["meeting", "meet"]])
    }

    @Test func englishParagraphsUseTheEnglishStemmer() {
        #expect(Self.terms("meetings agreed", .english) == ["meet", "agre"])
    }
}
