import Testing
@testable import LagebildTime

@Suite struct CalendarDateTests {
    @Test func weekdaysWeeksAndArithmetic() {
        let d = CalendarDate(year: 2025, month: 11, day: 2)!
        #expect(d.weekday == 7)  // a Sunday
        #expect(d.adding(days: -1).description == "2025-11-01")
        #expect(d.adding(days: 30).description == "2025-12-02")
        #expect(d.isoWeek.week == 44)
        #expect(CalendarDate(year: 2021, month: 1, day: 3)!.isoWeek == (2020, 53))
        #expect(CalendarDate(year: 2024, month: 2, day: 30) == nil)
        #expect(CalendarDate(iso: "2024-02-29")?.adding(days: 1).description == "2024-03-01")
    }
}

@Suite struct TemporalTaggerTests {
    static let tagger = TemporalTagger(rules: try! TimexRules.bundled(language: "de"))
    static let dct = CalendarDate(year: 2025, month: 11, day: 2)!

    /// (text, type, value) of every expression.
    func tag(_ text: String, _ reference: CalendarDate? = TemporalTaggerTests.dct) -> [String] {
        Self.tagger.tag(text, reference: reference).map {
            let bytes = Array(text.utf8)[$0.range]
            return "\(String(decoding: bytes, as: UTF8.self))|\($0.kind?.rawValue ?? "?")|\($0.value)"
        }
    }

    @Test func explicitDates() {
        #expect(tag("am 1. November 2025 in Kuala Lumpur") == ["1. November 2025|DATE|2025-11-01"])
        #expect(tag("am 1. November") == ["1. November|DATE|2025-11-01"])
        #expect(tag("November 1, 2025") == ["November 1, 2025|DATE|2025-11-01"])
        #expect(tag("im Oktober") == ["Oktober|DATE|2025-10"])
        #expect(tag("seit Juni 2023") == ["Juni 2023|DATE|2023-06"])
        #expect(tag("am 2. Juni", nil) == ["2. Juni|DATE|XXXX-06-02"])
    }

    @Test func relativeToTheReference() {
        #expect(tag("am Samstag") == ["Samstag|DATE|2025-11-01"])
        #expect(tag("am Sonntag") == ["Sonntag|DATE|2025-11-02"])
        #expect(tag("vergangene Woche") == ["vergangene Woche|DATE|2025-W43"])
        #expect(tag("im vergangenen Jahr") == ["vergangenen Jahr|DATE|2024"])
        #expect(tag("gestern") == ["gestern|DATE|2025-11-01"])
        #expect(tag("am Samstag", nil) == ["Samstag|DATE|XXXX-WXX-6"])
    }

    @Test func durations() {
        #expect(tag("seit fünf Jahren") == ["fünf Jahren|DURATION|P5Y"])
        #expect(tag("in den vergangenen zweieinhalb Jahren") == ["vergangenen zweieinhalb Jahren|DURATION|P2.5Y"])
        #expect(tag("wenige Stunden") == ["wenige Stunden|DURATION|PTXH"])
    }

    @Test func taggingNeverChangesTheText() {
        let text = "Am Sonntag, 2. November 2025, sagte er: „Seit fünf Jahren“ – heute."
        let found = Self.tagger.tag(text, reference: Self.dct)
        var previousEnd = 0
        for timex in found {
            #expect(timex.range.lowerBound >= previousEnd)
            #expect(timex.range.upperBound <= text.utf8.count)
            previousEnd = timex.range.upperBound
        }
    }

    @Test func datelinesGiveADocumentDateAndNothingElseDoes() {
        let withDateline = "Berlin, 2. November 2025 – Der Minister traf am Samstag seinen Kollegen."
        #expect(Self.tagger.dateline(withDateline)?.date.description == "2025-11-02")
        #expect(Self.tagger.dateline(withDateline)?.evidence == "2. November 2025")
        // A date deep in the text or without a year is no dateline.
        #expect(Self.tagger.dateline("Der Minister traf am 1. November seinen Kollegen.") == nil)
        let late = String(repeating: "Wort ", count: 80) + "am 1. November 2025"
        #expect(Self.tagger.dateline(late) == nil)
        // A full date inside the first sentence is no dateline either; an agency or a line end may follow one.
        #expect(Self.tagger.dateline("Bereits am 14. Oktober 2025 hatten sie telefoniert.") == nil)
        #expect(Self.tagger.dateline("Kuala Lumpur, 02.11.2025 (dpa) - Der Minister reiste ab.")?.date.description == "2025-11-02")
        #expect(Self.tagger.dateline("Stand: 2. November 2025\nDer Minister reiste ab.")?.date.description == "2025-11-02")
    }

    @Test func theLatestFullDateTheStoryTellsDatesTheDocumentAndSaysSo() throws {
        let told = try #require(Self.tagger.latestToldDate([
            "Am 3. Oktober 2025 trafen sich die Minister.", "Am 14. Oktober 2025 unterzeichneten sie das Abkommen.",
            "Seit 2019 verhandeln beide Länder.",
        ]))
        #expect(told.date.description == "2025-10-14" && told.source == .text)
        #expect(told.description == "2025-10-14, inferred from the latest date in the text: \"14. Oktober 2025\"")
        // A year alone, or a day without a year, is no full date: nothing is inferred.
        #expect(Self.tagger.latestToldDate(["Seit 2019 verhandeln beide Länder.", "Am 2. November trafen sie sich."]) == nil)
        #expect(Self.tagger.latestToldDate([String]()) == nil)
    }

    @Test func onlySentencesThatMayHoldAFullDateAreTagged() {
        for yes in ["am 23. September 2020 sagte er", "seit dem 1.3.2016", "on November 1, 2025", "2025-11-02 Berlin", "am 2. Mai 1999"] {
            #expect(TemporalTagger.mayHoldFullDate(yes), "\(yes)")
        }
        for no in ["im Jahr 2020", "seit 2019 verhandeln 3 Länder", "2025", "12345 Euro", "am 2. Mai 1899", "Nummer 20201"] {
            #expect(!TemporalTagger.mayHoldFullDate(no), "\(no)")
        }
    }

    @Test func futureDatesFarBoundsAndWrongWeekdaysDoNotDateADocument() {
        func latest(_ sentences: [String]) -> String? { Self.tagger.latestToldDate(sentences)?.date.description }
        let past = "Am 3. Oktober 2025 trafen sich die Minister."
        #expect(latest([past, "Die Wahl wird am 5. März 2026 stattfinden."]) == "2025-10-03")
        #expect(latest([past, "Das Abkommen gilt bis 31. Dezember 2026."]) == "2025-10-03")
        #expect(latest([past, "Ab 1. Januar 2026 gelten neue Zölle."]) == "2025-10-03")
        // 2 November 2025 was a Sunday.
        #expect(latest([past, "Am Montag, 2. November 2025, sprach er."]) == "2025-10-03")
        #expect(latest([past, "Am Sonntag, dem 2. November 2025, sprach er."]) == "2025-11-02")
        // A due date is in the future; a date far after the others without a past-tense cue is no evidence.
        #expect(latest([past, "Die Anleihe ist fällig am 20.11.2030."]) == "2025-10-03")
        #expect(latest([past, "Die Laufzeit endet am 20.11.2030."]) == "2025-10-03")
        #expect(latest(["Am 4. Mai 2012 begann es.", "Am 3. Mai 2015 sagte er, es sei vorbei."]) == "2015-05-03")
    }

    @Test func todaysWeekdayMovesTheInferredDateToThatDay() throws {
        let moved = try #require(Self.tagger.latestToldDate(["Am 2. November 2025 sprach er in Kuala Lumpur.", "Heute, Dienstag, reist er ab."]))
        #expect(moved.date.description == "2025-11-04")
        #expect(moved.evidence.contains("moved to the next Tuesday, as \"Heute, Dienstag\" says"))
        let same = try #require(Self.tagger.latestToldDate(["Am heutigen Sonntag, dem 2. November 2025, sprach er."]))
        #expect(same.date.description == "2025-11-02" && same.evidence.contains("a Sunday"))
    }

    @Test func aDatelineComesBeforeTheDatesOfTheStory() throws {
        let text = "Berlin, 2. November 2025 – Der Minister traf am 14. Oktober 2025 seinen Kollegen."
        let found = try #require(Self.tagger.inferDocumentDate(text: text, story: ["Der Minister traf am 14. Oktober 2025 seinen Kollegen."]))
        #expect(found.source == .dateline && found.date.description == "2025-11-02")
    }

    @Test func englishRules() throws {
        let english = TemporalTagger(rules: try TimexRules.bundled(language: "en"))
        let dct = CalendarDate(year: 1998, month: 1, day: 8)!  // a Thursday
        func tag(_ text: String) -> [String] {
            english.tag(text, reference: dct).map { "\(String(decoding: Array(text.utf8)[$0.range], as: UTF8.self))|\($0.value)" }
        }
        #expect(tag("The company said Friday that profit rose") == ["Friday|1998-01-02"])
        #expect(tag("The talks will resume Monday") == ["Monday|1998-01-12"])
        #expect(tag("in the third quarter") == ["the third quarter|1998-Q3"])
        #expect(tag("a year ago") == ["a year ago|1997"])
        #expect(tag("on Sept. 30, 1997, and for five years") == ["Sept. 30, 1997|1997-09-30", "five years|P5Y"])
    }

    @Test func badRulesAreReportedWithTheirLine() {
        #expect(throws: TimexRules.ParseError.self) { try TimexRules(text: "list m: a=1\nrule DATE x: (a => date(,,)") }
        #expect(throws: TimexRules.ParseError.self) { try TimexRules(text: "rule DATE x: a => nosuch()") }
        #expect(throws: TimexRules.ParseError.self) { try TimexRules(text: "rule DATE x: a => date({y}, 1, 1)") }
    }
}

/// The rule families added from the KRAUTS error analysis, one expectation each way where it matters.
@Suite struct TemporalRuleFamilyTests {
    func tag(_ text: String, _ reference: CalendarDate? = TemporalTaggerTests.dct) -> [String] {
        TemporalTaggerTests().tag(text, reference)
    }

    @Test func yearsRelativeToTheReference() {
        #expect(tag("im Juni des vergangenen Jahres") == ["Juni des vergangenen Jahres|DATE|2024-06"])
        #expect(tag("am 8. Mai dieses Jahres") == ["8. Mai dieses Jahres|DATE|2025-05-08"])
        #expect(tag("am 3. März nächsten Jahres") == ["3. März nächsten Jahres|DATE|2026-03-03"])
        #expect(tag("im Sommer des Jahres 2005") == ["Sommer des Jahres 2005|DATE|2005-SU"])
        // A day without a year is the nearest such day: written in December, January is next year's.
        let december = CalendarDate(year: 2009, month: 12, day: 20)!
        #expect(tag("am 24. Jänner", december) == ["24. Jänner|DATE|2010-01-24"])
        #expect(tag("im Dezember", CalendarDate(year: 2014, month: 1, day: 10)!) == ["Dezember|DATE|2013-12"])
        #expect(tag("am 1. November") == ["1. November|DATE|2025-11-01"])
    }

    @Test func centuriesAndHolidays() {
        #expect(tag("in diesem Jahrhundert") == ["in diesem Jahrhundert|DATE|20"])
        #expect(tag("ein Erbe des vorigen Jahrhunderts") == ["des vorigen Jahrhunderts|DATE|19"])
        #expect(tag("gleich nach Weihnachten") == ["Weihnachten|DATE|2025-12-25"])
    }

    @Test func durationsOfTwoUnitsAndAgesThatAreNone() {
        #expect(tag("nach drei Jahren und vier Monaten") == ["drei Jahren und vier Monaten|DURATION|P3Y4M"])
        #expect(tag("seit fünf Jahren") == ["fünf Jahren|DURATION|P5Y"])
        #expect(tag("Jugendliche unter 20 Jahren").isEmpty)
        #expect(tag("ein drei Jahre altes Auto").isEmpty)
        #expect(tag("der 16 Jahre jüngere Crosby").isEmpty)
    }

    @Test func referencesToNowAndThen() {
        #expect(tag("Jetzt wollen sie etwas tun") == ["Jetzt|DATE|PRESENT_REF"])
        #expect(tag("wie damals") == ["damals|DATE|PAST_REF"])
        #expect(tag("in letzter Zeit") == ["in letzter Zeit|DATE|PAST_REF"])
        #expect(tag("die Vergangenheit") == ["die Vergangenheit|DATE|PAST_REF"])
        #expect(tag("zwei Stunden früher als geplant") == ["zwei Stunden|DURATION|PT2H"])
        #expect(tag("im heutigen Kaliningrad") == ["heutigen|DATE|PRESENT_REF"])
    }

    @Test func weekdaysByTenseAndOtherwiseTheNearest() {
        // 2 November 2025 is a Sunday.
        #expect(tag("Am Freitag findet das Treffen statt") == ["Freitag|DATE|2025-11-07"])
        #expect(tag("Am Freitag trafen sie sich") == ["Freitag|DATE|2025-10-31"])
        // No tense cue: the nearest Friday (two days back, not five ahead).
        #expect(tag("Am Freitag in Kuala Lumpur") == ["Freitag|DATE|2025-10-31"])
        #expect(tag("Am Dienstag in Kuala Lumpur") == ["Dienstag|DATE|2025-11-04"])
    }

    @Test func weeksMonthsAndYearsOfTheReference() {
        // Sunday 2 November 2025 is in ISO week 44.
        #expect(tag("zu Beginn der Woche") == ["Beginn der Woche|DATE|2025-W44"])
        #expect(tag("Anfang des Jahres") == ["Anfang des Jahres|DATE|2025"])
        #expect(tag("an diesem Donnerstag") == ["an diesem Donnerstag|DATE|2025-10-30"])  // the same week
        #expect(tag("der vergangene Sonntag") == ["der vergangene Sonntag|DATE|2025-10-26"])
        #expect(tag("am vergangenen Wochenende") == ["am vergangenen Wochenende|DATE|2025-W43-WE"])
        #expect(tag("am kommenden Wochenende") == ["am kommenden Wochenende|DATE|2025-W45-WE"])
        // A day without a year in a sentence about the past does not lie after the reference's month.
        #expect(tag("Im Dezember war es kalt", CalendarDate(year: 2007, month: 6, day: 15)!) == ["Dezember|DATE|2006-12"])
        #expect(tag("Im Dezember wird es kalt", CalendarDate(year: 2007, month: 6, day: 15)!) == ["Dezember|DATE|2007-12"])
    }

    @Test func clockTimesInWordsAndRanges() {
        #expect(tag("um neun Uhr") == ["neun Uhr|TIME|2025-11-02T09:00"])
        #expect(tag("von 10 bis 15 Uhr") == ["10|TIME|2025-11-02T10:00", "15 Uhr|TIME|2025-11-02T15:00"])
    }

    @Test func longStretches() {
        #expect(tag("17 lange Jahre") == ["17 lange Jahre|DURATION|P17Y"])
        #expect(tag("das jahrelange Warten") == ["jahrelange|DURATION|PXY"])
        #expect(tag("über die Jahre hinweg") == ["die Jahre|DURATION|PXY"])
    }

    @Test func setsStretchesAndPartsOfDays() {
        #expect(tag("gut 14 pro Tag") == ["pro Tag|SET|P1D"])
        #expect(tag("deren tägliche Entscheidungen") == ["tägliche|SET|P1D"])
        #expect(tag("in den nächsten Jahren") == ["in den nächsten Jahren|DATE|FUTURE_REF"])
        #expect(tag("die vergangenen Jahre brachten") == ["die vergangenen Jahre|DURATION|PXY"])
        #expect(tag("war über Jahre dort") == ["über Jahre|DURATION|PXY"])
        #expect(tag("seit Jahrtausenden") == ["Jahrtausenden|DURATION|PXML"])
        #expect(tag("eine halbe Stunde länger") == ["eine halbe Stunde|DURATION|PT0.5H"])
        #expect(tag("in der Nacht des 14. August") == ["Nacht des 14. August|TIME|2025-08-14TNI"])
        #expect(tag("drei Tage vor dem Heiligen Abend") == ["drei Tage|DURATION|P3D", "Heiligen Abend|DATE|2025-12-24"])
        #expect(tag("am 16. und 17. sowie am 23. und 24. Jänner").map { $0.split(separator: "|").last! }
            == ["2026-01-16", "2026-01-17", "2026-01-23", "2026-01-24"])
    }

    @Test func tenseIsReadInTheClause() {
        // The past of the first clause does not make the announcement after the colon past.
        let november = CalendarDate(year: 2012, month: 11, day: 30)!
        #expect(tag("Damals kam sie nicht: Er gastiert am 9. Dezember in Bozen", november).last == "9. Dezember|DATE|2012-12-09")
    }

    @Test func narrativeModeResolvesAgainstTheDateLastTold() {
        let text = "Im September 1939 begann der Krieg. Am 3. September erklärten sie den Krieg. Im April eroberten sie Norwegen."
        let download = CalendarDate(year: 2011, month: 2, day: 16)!
        let news = TemporalTaggerTests.tagger.tag(text, reference: download).map(\.value)
        let narrative = TemporalTaggerTests.tagger.tag(text, reference: download, mode: .narrative).map(\.value)
        #expect(narrative == ["1939-09", "1939-09-03", "1939-04"])
        // News mode resolves against the document date instead.
        #expect(news == ["1939-09", "2010-09-03", "2011-04"])
    }
}
