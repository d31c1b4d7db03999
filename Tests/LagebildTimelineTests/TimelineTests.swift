import Testing

@testable import LagebildTimeline
import LagebildTime

struct TriggerTests {
    let triggers = try! EventTriggers(tsv: """
        # comment
        meeting\ttreffen trafen ~treffen ~gespräch
        summit\t~gipfel
        statement\tsagte
        """)

    @Test func wordsCompoundsAndCaseEndings() {
        #expect(triggers.types == ["meeting", "summit", "statement"])
        #expect(triggers.type(of: "trafen") == 0)
        #expect(triggers.type(of: "gipfeltreffen") == 0)  // a compound ending in a head
        #expect(triggers.type(of: "asean-gipfels") == 1)  // genitive ending removed
        #expect(triggers.type(of: "gesprächen") == 0)
        #expect(triggers.type(of: "sagte") == 2)
        #expect(triggers.type(of: "gipfel") == 1)  // the head alone
        #expect(triggers.type(of: "treffer") == nil)
        #expect(throws: EventTriggers.ParseError.self) { try EventTriggers(tsv: "meeting without a tab") }
    }

    @Test func theLongestHeadWithThreeBytesBeforeItWins() throws {
        let table = try EventTriggers(tsv: "short\t~spräch\nlong\t~gespräch\nplain\tsagte")
        #expect(table.type(of: "friedensgespräch") == 1)  // "gespräch" over "spräch"
        #expect(table.type(of: "xgespräch") == 0)  // one byte before "gespräch": only "spräch" has three
        #expect(table.type(of: "gespräch") == 1)  // the head alone
        #expect(table.type(of: "spräch") == 0)
        #expect(table.type(of: "gesprächs") == 1)  // genitive ending removed
        #expect(table.type(of: "sprächx") == nil)
        // A table without heads.
        let plain = try EventTriggers(tsv: "statement\tsagte")
        #expect(plain.type(of: "sagte") == 0)
        #expect(plain.type(of: "gipfeltreffen") == nil)
    }

    @Test func threeByteFormsPassTheEndingFilter() throws {
        // Words are turned away by their last four bytes, three-byte forms by their last three.
        let table = try EventTriggers(tsv: "visit\t~tag met\nmeeting\ttreffen")
        #expect(table.type(of: "met") == 0)
        #expect(table.type(of: "bundestag") == 0)  // a three-byte head after three bytes and more
        #expect(table.type(of: "bundestages") == 0)  // with a case ending
        #expect(table.type(of: "Bundestags") == 0)  // in any case
        #expect(table.type(of: "TREFFENS") == 1)
        #expect(table.type(of: "treffpunkt") == nil)
        #expect(table.type(of: "tags") == nil)  // "s" comes off words of five bytes and more only
    }

    @Test func bundledTableLoads() throws {
        let bundled = try EventTriggers.bundled()
        #expect(bundled.types.first == "meeting" && bundled.types.last == "statement")
        #expect(bundled.type(of: "vereinbarten").map { bundled.types[$0] } == "agreement")
        #expect(bundled.type(of: "staatsbesuch").map { bundled.types[$0] } == "visit")
    }
}

struct TimelineBuilderTests {
    static func event(_ type: String = "meeting", doc: Int32, persons: [String], place: String? = nil, _ value: String,
                      _ certainty: EventTime.Certainty = .stated) -> Event
    {
        Event(type: type, trigger: type, document: doc, sentence: 0, participants: persons, persons: Set(persons), place: place,
              time: EventTime(value: value, certainty: certainty), summary: "doc \(doc)")
    }

    @Test func daysOfValues() {
        let day = EventTime(value: "2025-10-31", certainty: .stated).days!
        #expect(day.count == 1)
        let week = EventTime(value: "2025-W44", certainty: .stated).days!
        #expect(week.count == 7 && week.contains(day.lowerBound))  // 27 October – 2 November 2025
        #expect(EventTime(value: "2025-W44-5", certainty: .stated).days == day)  // its Friday
        #expect(EventTime(value: "2025-10", certainty: .stated).days!.count == 31)
        #expect(EventTime(value: "2024", certainty: .stated).days!.count == 366)
        #expect(EventTime(value: "XXXX-WXX-6", certainty: .underspecified).days == nil)
        #expect(EventTime(value: "PRESENT_REF", certainty: .stated).days == nil)
    }

    @Test func sameHappeningFromSeveralSourcesIsOneEntry() {
        var builder = TimelineBuilder()
        builder.add(Self.event(doc: 0, persons: ["Pete Hegseth", "Dong Jun"], place: "Malaysia", "2025-10-31"))
        builder.add(Self.event(doc: 1, persons: ["Pete Hegseth", "Dong Jun"], "2025-W44"))
        builder.add(Self.event(doc: 2, persons: ["Dong Jun", "Pete Hegseth"], place: "Malaysia", "XXXX-WXX", .underspecified))
        // Another meeting: one person in common is not enough when both name two.
        builder.add(Self.event(doc: 3, persons: ["Dong Jun", "Ahn Gyu-back"], "2025-11-01"))
        // Another type, another place, far in time: separate.
        builder.add(Self.event("agreement", doc: 4, persons: ["Pete Hegseth", "Dong Jun"], "2025-10-31"))
        builder.add(Self.event(doc: 5, persons: ["Pete Hegseth", "Dong Jun"], place: "Peking", "2025-10-31"))
        builder.add(Self.event(doc: 6, persons: ["Pete Hegseth", "Dong Jun"], "2025-06-02"))
        let entries = builder.chronological
        let malaysia = entries.first { $0.events.contains { $0.document == 0 } }!
        #expect(malaysia.events.map(\.document) == [0, 1, 2])
        #expect(malaysia.when == "2025-10-31")  // the most precise value within the agreed days
        #expect(malaysia.certainty == .stated && malaysia.place == "Malaysia")
        #expect(entries.count == 5)
        #expect(entries.first?.events.first?.document == 6)  // June first
    }

    @Test func disagreementIsShownAndUndatedComesLast() {
        var builder = TimelineBuilder()
        builder.add(Self.event(doc: 0, persons: ["A"], "2025-11-01"))
        builder.add(Self.event(doc: 1, persons: ["A"], "2025-10-31"))
        builder.add(Self.event("visit", doc: 2, persons: ["B"], "", .unknown))
        builder.add(Self.event("visit", doc: 3, persons: ["C"], "2025-01-05"))
        let entries = builder.chronological
        #expect(entries.count == 3)
        let disputed = entries.first { $0.type == "meeting" }!
        #expect(disputed.conflictingDays == ["2025-10-31", "2025-11-01"])
        #expect(disputed.when == "2025-10-31 or 2025-11-01")
        #expect(entries.last?.when == "undated" && entries.last?.certainty == .unknown)
        #expect(entries.first?.when == "2025-01-05")
    }
}

/// The builder only tries entries that share a person (or, without persons, a participant) with a new
/// event, and checks it against what the entry keeps of its sources; that must merge exactly as trying
/// every entry in order and looking at every source does.
struct TimelineBuilderIndexTests {
    /// The merging rule read directly off the sources: a person in common (two when both name two or
    /// more; two participants when there are no persons), no other place, days within two of every dated
    /// source's.
    static func belongs(_ event: Event, to sources: [Event]) -> Bool {
        guard sources[0].type == event.type else { return false }
        let persons = Set(sources.flatMap(\.persons))
        let participants = Set(sources.flatMap(\.participants))
        if !event.persons.isEmpty || !persons.isEmpty {
            let common = persons.intersection(event.persons).count
            guard common >= (persons.count >= 2 && event.persons.count >= 2 ? 2 : 1) else { return false }
        } else if participants.intersection(event.participants).count < 2 {
            return false
        }
        if let a = sources.compactMap(\.place).first, let b = event.place, a != b { return false }
        guard let days = event.time.days, event.time.certainty != .unknown else { return true }
        for other in sources {
            guard let d = other.time.days, other.time.certainty != .unknown else { continue }
            if d.lowerBound > days.upperBound + 2 || days.lowerBound > d.upperBound + 2 { return false }
        }
        return true
    }

    /// The first group in order that the event belongs to, else a new one: every group tried, every
    /// source of it looked at.
    static func naive(_ events: [Event]) -> [[Int32]] {
        var groups: [[Event]] = []
        for event in events {
            if let k = groups.firstIndex(where: { belongs(event, to: $0) }) {
                groups[k].append(event)
            } else {
                groups.append([event])
            }
        }
        return groups.map { $0.map(\.document) }
    }

    @Test func indexedMergeEqualsTryingEveryEntry() {
        var random = SystemRandomNumberGenerator()
        let names = ["Hegseth", "Dong", "Xi", "Trump", "Ahn", "Glaser"]
        let orgs = ["USA", "China", "ASEAN", "NATO"]
        let places = [nil, "Malaysia", "Seoul", "Peking"]
        let values = ["2025-10-30", "2025-10-31", "2025-11-01", "2025-11-05", "2025-W44", "2025-11", "XXXX-WXX-6", "",
                      "2025-10-20", "2025-11-14", "2025-12-31", "2026-01-02", "2025", "2026-W01", "2025-11-17"]
        for _ in 0..<400 {
            var events: [Event] = []
            for doc in 0..<Int32.random(in: 1...40, using: &random) {
                let persons = Array(names.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random)))
                let others = Array(orgs.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random)))
                let value = values.randomElement(using: &random)!
                let certainty: EventTime.Certainty = value.isEmpty ? .unknown : value.contains("X") ? .underspecified : .stated
                events.append(Event(
                    type: ["meeting", "visit"].randomElement(using: &random)!, trigger: "t", document: doc, sentence: 0,
                    participants: persons + others, persons: Set(persons), place: places.randomElement(using: &random)!,
                    time: EventTime(value: value, certainty: certainty), summary: ""))
            }
            var builder = TimelineBuilder()
            for e in events { builder.add(e) }
            #expect(builder.entries.map { $0.events.map(\.document) } == Self.naive(events))
        }
    }
}

/// The store keeps a corpus's entries between queries and selects them by participant and day.
struct TimelineStoreTests {
    @Test func batchesMergeAsOneBuilderAndQueriesSelect() async {
        let events = [
            TimelineBuilderTests.event(doc: 0, persons: ["Pete Hegseth", "Dong Jun"], place: "Malaysia", "2025-10-31"),
            TimelineBuilderTests.event(doc: 1, persons: ["Dong Jun", "Pete Hegseth"], "2025-W44"),
            TimelineBuilderTests.event("visit", doc: 1, persons: ["Xi Jinping"], "2025-10-29"),
            TimelineBuilderTests.event(doc: 2, persons: ["Dong Jun", "Ahn Gyu-back"], "2025-06-02"),
            TimelineBuilderTests.event("visit", doc: 3, persons: ["Xi Jinping"], "", .unknown),
        ]
        let store = TimelineStore()
        await store.add(Array(events[0..<2]), undated: [])
        await store.add(Array(events[2...]), undated: [3])
        var builder = TimelineBuilder()
        for e in events { builder.add(e) }
        let all = await store.entries()
        #expect(all.map { $0.events.map(\.document) } == builder.chronological.map { $0.events.map(\.document) })
        // Xi's undated visit (document 3) joins his dated one: an unknown time is compatible with any.
        #expect(all.map { $0.events.map(\.document) } == [[2], [1, 3], [0, 1]])
        #expect(await store.entries(involving: "Pete Hegseth").map { $0.events.map(\.document) } == [[0, 1]])
        #expect(await store.entries(involving: "Dong Jun").count == 2)
        #expect(await store.entries(involving: "Nobody").isEmpty)
        // A day range keeps entries whose first agreed day lies in it.
        let october = EventTime(value: "2025-10", certainty: .stated).days!
        #expect(await store.entries(days: october).map { $0.events.map(\.document) } == [[1, 3], [0, 1]])
        let june = EventTime(value: "2025-06", certainty: .stated).days!
        #expect(await store.entries(involving: "Dong Jun", days: june).map { $0.events.map(\.document) } == [[2]])
        #expect(await store.undatedDocuments == [3])
        #expect(await store.eventCount == 5)
        #expect(await store.entryCount == 3)
    }
}

/// The time of an event told in a sentence.
struct EventTimeToldTests {
    static let tagger = TemporalTagger(rules: try! TimexRules.bundled(language: "de"))
    static let dct = CalendarDate(year: 2025, month: 11, day: 2)!

    @Test func aStartOrEndIsNotWhenItHappened() {
        let told = EventTime.told(in: "Seit Juni 2023 trafen sich die Minister am Samstag in Kuala Lumpur.", documentDate: Self.dct, tagger: Self.tagger)
        #expect(told == EventTime(value: "2025-11-01", certainty: .stated))
        let only = EventTime.told(in: "Die Gespräche laufen seit Juni 2023.", documentDate: Self.dct, tagger: Self.tagger)
        #expect(only == EventTime(value: "2025-11-02", certainty: .documentDate))
        let stated = EventTime.told(in: "Im Juni 2023 trafen sie sich.", documentDate: Self.dct, tagger: Self.tagger)
        #expect(stated == EventTime(value: "2023-06", certainty: .stated))
    }

    @Test func aRelativeDateAgainstAnInferredDocumentDateIsInferredNotStated() {
        let relative = EventTime.told(in: "Die Minister trafen sich am Samstag.", documentDate: Self.dct, inferred: true, tagger: Self.tagger)
        #expect(relative == EventTime(value: "2025-11-01", certainty: .inferred))
        let explicit = EventTime.told(in: "Die Minister trafen sich am 1. November 2025.", documentDate: Self.dct, inferred: true, tagger: Self.tagger)
        #expect(explicit == EventTime(value: "2025-11-01", certainty: .stated))
        #expect(EventTime.Certainty.stated < .inferred && EventTime.Certainty.inferred < .underspecified)
    }
}
