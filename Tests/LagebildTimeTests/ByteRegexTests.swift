import Foundation
import LagebildTestSupport
import LagebildText
import Testing
@testable import LagebildTime

/// The rules' byte matcher against ICU (`NSRegularExpression`, case-insensitive), which it replaces:
/// the same matches and the same groups, on constructed cases, random texts and every rule over the
/// seed articles.
@Suite struct ByteRegexTests {
    /// A match as (range, groups by name), in the original text's UTF-8 offsets.
    struct Found: Equatable, CustomStringConvertible {
        var range: Range<Int>
        var groups: [String: Range<Int>]
        var description: String { "\(range) \(groups.sorted { $0.key < $1.key })" }
    }

    static func utf8Range(_ range: NSRange, in text: String) -> Range<Int>? {
        guard range.location != NSNotFound, let r = Range(range, in: text) else { return nil }
        return text.utf8.distance(from: text.startIndex, to: r.lowerBound)..<text.utf8.distance(from: text.startIndex, to: r.upperBound)
    }

    static func icu(_ pattern: String, _ text: String, groups: [String]) throws -> [Found] {
        icu(try NSRegularExpression(pattern: pattern, options: [.caseInsensitive]), text, groups: groups)
    }

    static func icu(_ regex: NSRegularExpression, _ text: String, groups: [String]) -> [Found] {
        regex.matches(in: text, range: NSRange(location: 0, length: (text as NSString).length)).map { m in
            var named: [String: Range<Int>] = [:]
            for g in groups { named[g] = utf8Range(m.range(withName: g), in: text) }
            return Found(range: utf8Range(m.range, in: text)!, groups: named)
        }
    }

    static func bytes(_ regex: ByteRegex, _ text: String, scratch: inout ByteRegex.Scratch) -> [Found] {
        let lowered = LoweredText(text)
        return lowered.bytes.withUnsafeBufferPointer { p in
            regex.matches(in: p, region: 0..<p.count, scratch: &scratch).map { m in
                var named: [String: Range<Int>] = [:]
                for g in regex.groupNames.keys { named[g] = regex.group(g, of: m).map(lowered.originalRange) }
                return Found(range: lowered.originalRange(m.range), groups: named)
            }
        }
    }

    func same(_ pattern: String, _ texts: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let regex = try ByteRegex(pattern)
        let reference = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        var scratch = ByteRegex.Scratch()
        for text in texts {
            let expected = Self.icu(reference, text, groups: Array(regex.groupNames.keys))
            #expect(Self.bytes(regex, text, scratch: &scratch) == expected, "\(pattern) on \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func literalsClassesAndCase() throws {
        try same(#"mai\b"#, ["Im MAI, im Mai und im maibaum", "Mai", "Ämai mai"])
        try same(#"\d{1,2}\.\s?\d{1,2}\."#, ["am 3.10. und am 12. 4. und 123.4.", "٣.٤."])
        try same(#"[\d.,€$]\d"#, ["€5 und 3,5 und $7", "a.b"])
        try same(#"\bäpfel\b"#, ["ÄPFEL und Äpfel und äpfel", "Bratäpfel"])
        try same(#"\w+"#, ["Straße_3 ist—hier µ", "naïve café"])
        try same(#"[^\s\d]+"#, ["ab 12 cd\u{00A0}ef\tgh"])
        try same(#"a.b"#, ["a-b a\nb aäb"])
    }

    @Test func boundariesAndSpaces() throws {
        // A soft hyphen inside a word is no boundary; a no-break space is a space.
        try same(#"\bjahr\b"#, ["Jahr Jahr\u{00AD}zehnt Vor\u{00AD}jahr jahr\u{00A0}2020 _jahr jahr_", "jahr\u{0301}e"])
        try same(#"\d+\s+uhr"#, ["10\u{00A0}Uhr, 11\u{2009}Uhr, 12\u{000B}Uhr, 13\u{0085}Uhr, 14\u{3000}uhr"])
        try same(#"\Bhr"#, ["Uhr hr Jahr"])
    }

    @Test func alternativesQuantifiersAndBacktracking() throws {
        try same(#"\b(?:mai|m)\w*a\b"#, ["maia mama ma mia"])
        try same(#"(?<n>\d+|ein|eine|einen)\s+(?<u>tag|tage|tagen)\b"#, ["ein Tag, eine Tagung, einen Tagen, 3 Tage, 12 tagen"])
        try same(#"a{2,3}"#, ["a aa aaa aaaa aaaaa"])
        try same(#"a{2,}?b"#, ["aab aaaab ab"])
        try same(#"(?:ab)*c"#, ["ababc abc c abac"])
        try same(#"x(?:y|yz)?z"#, ["xz xyz xyzz"])
        try same(#"(?:jahre?s?)\s+(?<y>\d{4})"#, ["Jahr 2020, Jahres 1999, Jahre 2001, Jahrs 12345"])
    }

    @Test func lookArounds() throws {
        try same(#"(?<!unter\s)(?<!ab\s)\b\d+\s+jahren"#, ["unter 20 Jahren, ab 18 Jahren, seit 20 Jahren", "Unter 5 jahren"])
        try same(#"(?<![\d.,€$])\b(?:19|20)\d\d\b(?![\d.,]\d)"#, ["1999 2.2020 2020.5 €2021 2022, und 2023"])
        // A group captured inside a look-ahead is kept.
        try same(#"\b(?<d>\d{1,2})\.?(?=(?:\s*(?:,|und))+\s*\d{1,2}\.?\s*(?<m>oktober|november))"#,
                 ["am 3., 4. und 5. Oktober", "am 3. und 4. November 2020", "am 3. Oktober"])
        try same(#"(?<=am\s)montag"#, ["am Montag, vom Montag, AM MONTAG"])
        try same(#"montag(?!\s*,)"#, ["Montag, Montag früh, Montag"])
    }

    @Test func randomTextsMatchAsICUDoes() throws {
        let patterns = [
            #"\b(?:a|ab|b)+\b"#, #"(?<x>a*)b(?<y>a?)"#, #"\bä\w*(?!\s)"#, #"(?<!a)\d{1,2}(?=\s)"#, #"[ab]\s+(?:ä|a)\b"#,
            #"(?:a|äb)\s*(?=b)"#, #"\d+(?:,\d+)?\s*a"#, #"\bb\b"#, #"a{1,3}?b"#,
        ]
        var generator = SeededGenerator(seed: 7)
        let alphabet: [Character] = ["a", "b", "A", "B", "ä", "Ä", " ", "1", "2", ",", "\u{00AD}", "\u{00A0}", "x"]
        let texts = (0..<300).map { _ in String((0..<Int.random(in: 0...14, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }) }
        for pattern in patterns { try same(pattern, texts) }
    }

    /// Every bundled rule over the paragraphs of the seed articles (and sentences built to hold many
    /// expressions), as the tagger runs it (the gate, then windows around the anchors): the matches ICU
    /// finds in the whole text with the rule's expression, no more and no fewer.
    @Test func everyBundledRuleMatchesAsICUOnTheSeeds() throws {
        var texts = try TestSupport.seedFiles().flatMap { url in
            try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        }
        texts += [
            "Am Sonntag, dem 2. November 2025, trafen sich die Minister um 10.30 Uhr; seit Juni 2023 und in den vergangenen zweieinhalb Jahren.",
            "Im Herbst 1998, in den neunziger Jahren, am Vortag, im ersten Quartal 2014, 14 Tage lang, heute, künftig, am 3., 4. und 5. Oktober.",
            "On Monday, Nov. 3, 2025, at 10:30 a.m., two years later, last week, in the 1990s, every day, three hours.",
        ]
        var total = 0
        for language in ["de", "en"] {
            let rules = try TimexRules.bundled(language: language)
            let regexes = try rules.rules.map { try NSRegularExpression(pattern: $0.pattern, options: [.caseInsensitive]) }
            var scratch = ByteRegex.Scratch()
            for text in texts {
                let lowered = LoweredText(text, strings: rules.anchorStrings)
                let present = lowered.presentStrings()
                let whole = NSRange(location: 0, length: (text as NSString).length)
                for (r, rule) in rules.rules.enumerated() {
                    guard present.withUnsafeBufferPointer({ rules.gate.passes(r, present: $0, hasDigits: lowered.hasDigits) }) else {
                        #expect(regexes[r].firstMatch(in: text, range: whole) == nil, "\(language) \(rule.name) turned away from \(text)")
                        continue
                    }
                    let expected = Self.icu(regexes[r], text, groups: Array(rule.matcher.groupNames.keys))
                    let found = TemporalTagger.matches(of: rule, in: lowered, scratch: &scratch).map { m in
                        Found(range: lowered.originalRange(m.range),
                              groups: rule.matcher.groupNames.keys.reduce(into: [:]) { $0[$1] = rule.matcher.group($1, of: m).map(lowered.originalRange) })
                    }
                    total += expected.count
                    #expect(found == expected, "\(language) \(rule.name) on \(text)")
                }
            }
        }
        #expect(total >= 80, "the comparison should see many matches (saw \(total))")
    }

    @Test func listsOfWordsAreOneStepAndKeepICUsOrder() throws {
        // Longest first: one trie step. A shorter word before a longer one it begins stays alternatives.
        let list = try ByteRegex("(?:januar|jan|mai)x?")
        #expect(list.wordLists.count == 1)
        let ordered = try ByteRegex("(?:jan|januar)")
        #expect(ordered.wordLists.isEmpty)
        try same("(?:jan|januar)", ["Januar jan"])
        // The bytes a match can start with let the search skip the rest.
        #expect(list.firstBytes?.contains(UInt8(ascii: "j")) == true)
        #expect(list.firstBytes?.contains(UInt8(ascii: "x")) == false)
        #expect(try ByteRegex("(?:a)?b*").firstBytes == nil)
    }

    @Test func unsupportedSyntaxIsAnErrorWithItsPlace() {
        for (pattern, place) in [("a(?i)b", 1), ("(?<=a+)b", 0), ("a++", 2), ("(?:a?)*", 0), ("(ab", 0), ("ab)", 2), ("[ab", 0), ("\\q", 0)] {
            do {
                _ = try ByteRegex(pattern)
                Issue.record("\(pattern) should not parse")
            } catch {
                #expect(error.offset == place, "\(pattern): \(error)")
            }
        }
        #expect(throws: TimexRules.ParseError.self) { try TimexRules(text: "rule DATE x: a(?<=b+) => literal(1)") }
    }
}
