import Foundation
import Testing
@testable import LagebildTime

/// The anchors read from rule expressions: what every match must contain, and never more than that.
@Suite struct RuleAnchorTests {
    typealias Requirement = RuleAnchors.Requirement

    func anchors(_ pattern: String) -> [Requirement]? { RuleAnchors.of(pattern: pattern)?.requirements }

    @Test func literalRunsAndEveryElementOfASequence() {
        #expect(anchors(#"\b(?:am|vom)\s+(?<x>(?:Montag|Dienstag))\b"#)
            == [Requirement(strings: ["am", "vom"]), Requirement(strings: ["dienstag", "montag"])])
        #expect(anchors(#"\bjahr(?:es|s)?\b"#) == [Requirement(strings: ["jahr"])])
        #expect(anchors(#"\b(?<h>\d{1,2})\s*uhr\b"#) == [Requirement(strings: [], digit: true), Requirement(strings: ["uhr"])])
        #expect(anchors(#"\btag\s+zuvor\b"#) == [Requirement(strings: ["tag"]), Requirement(strings: ["zuvor"])])
    }

    @Test func alternativesJoinTheirStrongestRequirements() {
        // Each branch contributes its most selective requirement; a digit may be one of them.
        #expect(anchors(#"\b(?:\d+|zwei)\s+tage\b"#) == [Requirement(strings: ["zwei"], digit: true), Requirement(strings: ["tage"])])
        #expect(anchors(#"(?:19|20)\d\d"#) == [Requirement(strings: ["19", "20"]), Requirement(strings: [], digit: true)])
    }

    @Test func optionalPartsAndNegativeLookaroundsPromiseNothing() {
        #expect(anchors(#"(?:heute\s+)?\bmorgen\b"#) == [Requirement(strings: ["morgen"])])
        #expect(anchors(#"(?<!am\s)\bmorgen\b(?!\s*früh)"#) == [Requirement(strings: ["morgen"])])
        #expect(anchors(#"\b(?:heute)?\w+"#) == nil)
        // A branch without any requirement makes the whole alternation uncertain.
        #expect(anchors(#"\b(?:\w+|zwei)\s+\w+"#) == nil)
        #expect(anchors(#"x*"#) == nil)
    }

    @Test func positiveLookaroundsRequireWhatTheyLookFor() {
        // A clock time followed by a range: the look-ahead's "uhr" must be in the text too.
        #expect(anchors(#"\b(?<h>\d{1,2})(?=\s*(?:bis|-)\s*\d{1,2}\s*uhr\b)"#)
            == [Requirement(strings: [], digit: true), Requirement(strings: ["-", "bis"]), Requirement(strings: ["uhr"])])
        #expect(anchors(#"(?<=am\s)montag"#) == [Requirement(strings: ["am"]), Requirement(strings: ["montag"])])
        // An optional look-ahead requires nothing.
        #expect(anchors(#"montag(?=\s+früh)?"#) == [Requirement(strings: ["montag"])])
    }

    @Test func windowsSurroundTheRarestRequirement() {
        let text = LoweredText("Am Montag kam er. " + String(repeating: "Die Sitzung am Rande. ", count: 20) + "Am DIENSTAG ging er.")
        let anchors = RuleAnchors.of(pattern: #"\b(?:am|vom)\s+(?<x>(?:Montag|Dienstag))\b"#)!
        // "am" occurs 22 times, the weekdays twice: the windows are around the weekdays.
        let windows = text.windows(around: anchors, margin: 5)
        #expect(windows.count == 2)
        #expect(windows.first == 0..<14)
        #expect(text.windows(around: RuleAnchors.of(pattern: "sonntag")!, margin: 5).isEmpty)
    }

    @Test func onePassFindsEveryOccurrenceOfEveryString() {
        let strings: [[UInt8]] = ["am", "a", "uhr", "amam", "mai", "ä", "2"].map { Array($0.utf8) }
        let table = AnchorStrings(strings)
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("amuhriä2 ".utf8)
        for _ in 0..<200 {
            let text = (0..<Int.random(in: 0...40, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            var found = Array(repeating: [Int](), count: strings.count)
            text.withUnsafeBufferPointer { p in table.occurrences(in: p) { id, start, end in
                #expect(end - start == strings[id].count)
                found[id].append(start)
            } }
            for (id, string) in strings.enumerated() {
                let naive = text.count < string.count ? [] : (0...(text.count - string.count)).filter { Array(text[$0..<($0 + string.count)]) == string }
                #expect(found[id] == naive, "\(String(decoding: string, as: UTF8.self)) in \(String(decoding: text, as: UTF8.self))")
            }
        }
    }

    @Test func loweredBytesKnowWhereInTheOriginalTheyCameFrom() {
        // "İ" (2 bytes) lower-cases to "i" and a combining dot (3 bytes); the emoji is two UTF-16 units.
        let text = LoweredText("AÖİ😀b 12")
        #expect(text.bytes == Array("aöi̇😀b 12".utf8))
        #expect(text.originalRange(0..<1) == 0..<1)
        #expect(text.originalRange(1..<3) == 1..<3)  // "ö" is "Ö"
        #expect(text.originalRange(3..<6) == 3..<5)  // "i̇" is "İ"
        #expect(text.originalRange(6..<10) == 5..<9)
        #expect(text.originalRange(0..<text.bytes.count) == 0..<Array("AÖİ😀b 12".utf8).count)
        #expect(text.utf16Length(0..<text.bytes.count) == ("AÖİ😀b 12" as NSString).length)
        #expect(text.digitRuns == [12])
        // Windows never cut a character.
        let windows = text.windows(around: RuleAnchors.of(pattern: "b")!, margin: 3)
        #expect(windows == [6..<14])
    }

    @Test func everyBundledRuleFindsWhatTheWholeTextGives() throws {
        // Each rule, on texts built to exercise the rules, finds the same matches with and without anchors.
        let rules = try TimexRules.bundled(language: "de")
        #expect(rules.rules.filter { $0.anchors != nil }.count * 10 >= rules.rules.count * 9, "most rules should have anchors")
        let texts = [
            "Am Sonntag, dem 2. November 2025, trafen sich die Minister um 10.30 Uhr; seit Juni 2023 und in den vergangenen zweieinhalb Jahren.",
            "Gestern Abend kündigte er für nächste Woche und Anfang des Jahres 2026 neue Gespräche an, jeden Tag, seit fünf Jahren.",
            "Im Herbst 1998, in den neunziger Jahren, am Vortag, im ersten Quartal 2014, 14 Tage lang, heute, künftig, am 3., 4. und 5. Oktober.",
            String(repeating: "Ein langer Satz ohne jede Zeitangabe, der nur Raum füllt. ", count: 12) + "Dann, am 24.12.2019 um 18 Uhr, jährlich.",
        ]
        let tagger = TemporalTagger(rules: rules)
        var scratch = ByteRegex.Scratch()
        var everMatched: Set<Int> = []
        for text in texts {
            // Anchor strings searched one by one, and all in one pass.
            var matched: Set<Int> = []
            for lowered in [LoweredText(text), LoweredText(text, strings: rules.anchorStrings)] {
                for (r, rule) in rules.rules.enumerated() {
                    let anchored = TemporalTagger.matches(of: rule, in: lowered, scratch: &scratch).map(\.range)
                    let whole = lowered.bytes.withUnsafeBufferPointer {
                        rule.matcher.matches(in: $0, region: 0..<$0.count, scratch: &scratch).map(\.range)
                    }
                    #expect(anchored == whole, "rule \(rule.name) on \(text)")
                    if !whole.isEmpty { matched.insert(r) }
                }
            }
            everMatched.formUnion(matched)
            // The quick gate never turns away a rule that matches.
            let lowered = LoweredText(text, strings: rules.anchorStrings)
            let present = lowered.presentStrings()
            for (r, rule) in rules.rules.enumerated() where matched.contains(r) {
                #expect(present.withUnsafeBufferPointer { rules.gate.passes(r, present: $0, hasDigits: lowered.hasDigits) }, "rule \(rule.name) on \(text)")
            }
            #expect(!tagger.tag(text, reference: CalendarDate(year: 2025, month: 11, day: 2)).isEmpty)
        }
        #expect(everMatched.count >= 20, "the texts should exercise many rules (\(everMatched.count) matched)")
    }

    @Test func theGateTurnsAwayRulesWhoseAnchorsAreMissing() throws {
        let rules = try TimexRules.bundled(language: "de")
        func passing(_ text: String) -> Set<String> {
            let lowered = LoweredText(text, strings: rules.anchorStrings)
            let present = lowered.presentStrings()
            return Set(rules.rules.indices.filter { r in
                present.withUnsafeBufferPointer { rules.gate.passes(r, present: $0, hasDigits: lowered.hasDigits) }
            }.map { rules.rules[$0].name })
        }
        let plain = passing("Die Minister sprachen lange miteinander.")
        let dated = passing("Die Minister sprachen am 2. November 2025 lange miteinander.")
        // Without a digit or a month, most rules cannot match; a day and month name let the date rules in.
        #expect(plain.count * 4 < rules.rules.count, "\(plain.count) of \(rules.rules.count) rules pass a sentence without dates")
        #expect(dated.isStrictSuperset(of: plain))
        #expect(!TemporalTagger(rules: rules).tag("Die Minister sprachen am 2. November 2025 lange miteinander.", reference: nil).isEmpty)
    }
}
