public import LagebildTime

/// When an event happened, as far as its source says.
public struct EventTime: Sendable, Hashable {
    public enum Certainty: String, Sendable, Comparable {
        /// A date in the sentence, resolved (against the document's date where relative).
        case stated
        /// A relative date in the sentence resolved against a document date inferred from the story's
        /// latest date (which only bounds the real one from below).
        case inferred
        /// A date in the sentence that stays underspecified (no document date to resolve it against).
        case underspecified
        /// No date in the sentence: the document's date stands in.
        case documentDate = "document date"
        /// Neither.
        case unknown

        var rank: Int { [.stated: 0, .inferred: 1, .underspecified: 2, .documentDate: 3, .unknown: 4][self]! }
        public static func < (a: Certainty, b: Certainty) -> Bool { a.rank < b.rank }
    }

    /// A TIMEX3 date value ("2025-10-31", "2025-W44", "2025-11", "XXXX-WXX-6"), empty when unknown.
    public var value: String
    public var certainty: Certainty

    public init(value: String, certainty: Certainty) {
        self.value = value
        self.certainty = certainty
    }

    /// The days the value spans (Julian day numbers), or nil when it is not a calendar date.
    public var days: ClosedRange<Int>? { EventTime.days(of: value) }

    static func days(of value: String) -> ClosedRange<Int>? {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, let year = Int(first) else { return nil }
        if parts.count == 1, let a = CalendarDate(year: year, month: 1, day: 1) { return a.julianDay...(a.julianDay + (CalendarDate.isLeap(year) ? 365 : 364)) }
        if parts.count >= 2, parts[1].hasPrefix("W"), let week = Int(parts[1].dropFirst()) {
            // ISO week: the Monday of week 1 is the Monday on or before 4 January.
            guard let january4 = CalendarDate(year: year, month: 1, day: 4) else { return nil }
            let monday = january4.julianDay - (january4.weekday - 1) + (week - 1) * 7
            if parts.count == 3, let weekday = Int(parts[2]), (1...7).contains(weekday) { return (monday + weekday - 1)...(monday + weekday - 1) }
            return monday...(monday + 6)
        }
        guard parts.count >= 2, let month = Int(parts[1]), let start = CalendarDate(year: year, month: month, day: 1) else { return nil }
        if parts.count >= 3, let day = Int(parts[2].prefix(2)), let date = CalendarDate(year: year, month: month, day: day) {
            return date.julianDay...date.julianDay
        }
        return start.julianDay...(start.julianDay + CalendarDate.days(in: month, of: year) - 1)
    }
}

/// One event candidate: a trigger in a sentence, who took part, where, when, and where it was read.
public struct Event: Sendable {
    public var type: String
    public var trigger: String
    public var document: Int32
    public var sentence: Int32
    /// Canonical entity names: persons, organisations, places that are not the event's place.
    public var participants: [String]
    /// Persons among the participants (merging needs a person in common when there is one).
    public var persons: Set<String>
    public var place: String?
    public var time: EventTime
    /// The sentence, shortened.
    public var summary: String

    public init(type: String, trigger: String, document: Int32, sentence: Int32, participants: [String], persons: Set<String>,
                place: String?, time: EventTime, summary: String)
    {
        self.type = type
        self.trigger = trigger
        self.document = document
        self.sentence = sentence
        self.participants = participants
        self.persons = persons
        self.place = place
        self.time = time
        self.summary = summary
    }
}

/// One line of a timeline: the events of several sources that describe the same happening.
public struct TimelineEntry: Sendable {
    public var type: String
    /// The sources, in the order they were merged; each keeps its own time.
    public private(set) var events: [Event] = []
    public private(set) var participants: [String] = []
    public private(set) var place: String?
    /// What `TimelineBuilder.belongs` reads, kept up to date as sources are added (so that a source is
    /// checked against an entry in constant time, however many sources it has): the persons of all
    /// sources, the participants as a set, and the latest first day and earliest last day of the dated
    /// sources.
    private(set) var persons: Set<String> = []
    private(set) var participantSet: Set<String> = []
    private(set) var latestStart: Int? = nil
    private(set) var earliestEnd: Int? = nil

    /// An entry of one source.
    public init(_ event: Event) {
        type = event.type
        add(event)
    }

    /// Adds a source: its new participants, its place when the entry has none.
    public mutating func add(_ event: Event) {
        events.append(event)
        for p in event.participants where participantSet.insert(p).inserted { participants.append(p) }
        if place == nil { place = event.place }
        persons.formUnion(event.persons)
        if event.time.certainty != .unknown, let days = event.time.days {
            latestStart = max(latestStart ?? days.lowerBound, days.lowerBound)
            earliestEnd = min(earliestEnd ?? days.upperBound, days.upperBound)
        }
    }

    /// The days every dated source of the best certainty agrees on (the intersection), or nil when they
    /// disagree or none is dated. A date the text states outranks a document's date standing in for one.
    public var agreedDays: ClosedRange<Int>? {
        let dated = events.compactMap { e in e.time.certainty == .unknown ? nil : e.time.days.map { (e.time.certainty, $0) } }
        guard let best = dated.map(\.0).min() else { return nil }
        var range: ClosedRange<Int>? = nil
        for (certainty, days) in dated where certainty == best {
            guard let current = range else {
                range = days
                continue
            }
            let lower = max(current.lowerBound, days.lowerBound), upper = min(current.upperBound, days.upperBound)
            if lower > upper { return nil }
            range = lower...upper
        }
        return range
    }

    /// The best certainty among the sources.
    public var certainty: EventTime.Certainty { events.map(\.time.certainty).min() ?? .unknown }

    /// The best sources' day-precise dates (stated, or else inferred) when they name more than one day:
    /// a disagreement to show.
    public var conflictingDays: [String] {
        let best = certainty
        guard best == .stated || best == .inferred else { return [] }
        let stated = events.filter { $0.time.certainty == best }.compactMap { e -> String? in
            guard let days = e.time.days, days.count == 1 else { return nil }
            return e.time.value
        }
        let distinct = Array(Set(stated)).sorted()
        return distinct.count > 1 ? distinct : []
    }

    /// When, for display: the agreed day, week or month; "2025-10-31 or 2025-11-01" when stated days
    /// disagree; an underspecified value ("XXXX-WXX-6") when that is all there is; "undated".
    public var when: String {
        let conflict = conflictingDays
        if !conflict.isEmpty { return conflict.joined(separator: " or ") }
        // Sources by certainty: a stated date before a document's date.
        let best = events.enumerated().filter { $0.element.time.certainty != .unknown && !$0.element.time.value.isEmpty }
            .sorted { ($0.element.time.certainty, $0.offset) < ($1.element.time.certainty, $1.offset) }.map(\.element)
        if let days = agreedDays {
            // The most precise source value that lies within the agreed days.
            let precise = best.filter { $0.time.days.map { $0.overlaps(days) } ?? false }.min { ($0.time.days?.count ?? .max) < ($1.time.days?.count ?? .max) }
            if let precise { return precise.time.value }
        }
        return best.first?.time.value ?? "undated"
    }

    /// The days the entry spans for a chart: the agreed days, else from the earliest to the latest day any
    /// source gives; nil when no source gives a calendar date.
    public var span: ClosedRange<Int>? {
        if let days = agreedDays { return days }
        let all = events.filter { $0.time.certainty != .unknown }.compactMap(\.time.days)
        guard let lower = all.map(\.lowerBound).min(), let upper = all.map(\.upperBound).max() else { return nil }
        return lower...upper
    }

    /// The first agreed day (for ordering); nil for undated entries, which come last.
    public var sortDay: Int? {
        agreedDays?.lowerBound ?? events.compactMap { $0.time.days?.lowerBound }.min()
    }

    /// The summary of the best source: a stated date first, then the most persons, then a place, then
    /// the first.
    public var summary: String {
        func rank(_ e: Event) -> (EventTime.Certainty, Int, Int, Int32, Int32) {
            (e.time.certainty, -e.persons.count, e.place == nil ? 1 : 0, e.document, e.sentence)
        }
        return events.min { rank($0) < rank($1) }?.summary ?? ""
    }
}

/// Merges events from many documents into timeline entries: events of the same type, with a person in
/// common (two when both name two or more; two participants when there are no persons), compatible times (days that overlap or lie
/// within `slackDays`; an undated or underspecified time is compatible with any) and no conflicting
/// places describe the same happening. Sources are kept; a disagreement about the day stays visible.
public struct TimelineBuilder: Sendable {
    public var slackDays = 2
    public private(set) var entries: [TimelineEntry] = []
    /// Entries by type and by a person of theirs (entries with persons), or by a participant (entries
    /// without): an event can only join an entry it shares one with, so only those are tried; and among
    /// those, for a dated event, only the entries whose dates can fit it (see `Names`).
    private var byName: [Key: Names] = [:]

    struct Key: Hashable {
        var type: String
        var name: String
        var person: Bool
    }

    /// The entries of one key. A "narrow" entry (its latest first day at most `narrow` days after its
    /// earliest last day, or before it) is filed under the week of its latest first day, again each time
    /// that day moves on (it only moves later, and an entry only gets narrower; stale filings are
    /// harmless, they are checked like any candidate). Undated and wide entries are in `loose`. A dated
    /// event of at most `narrowEvent` days is then compared only with the loose entries and those filed
    /// under the weeks its days, the slack and `narrow` reach: no other entry can fit its days. An undated
    /// or long event is compared with all entries of the key.
    struct Names {
        var all: [Int] = []
        var loose: [Int] = []
        var weeks: [Int: [Int]] = [:]

        /// Files entry `k` (under `week` when it is narrow, else as loose).
        mutating func file(_ k: Int, week: Int?) {
            if all.last != k {
                all.append(k)
                if week == nil { loose.append(k) }
            }
            if let week, weeks[week]?.last != k { weeks[week, default: []].append(k) }
        }
    }

    static let narrow = 14
    static let narrowEvent = 62

    public init() {}

    /// Adds an event to the first entry (in the order they were made) it belongs to, or as a new entry;
    /// returns the entry's number.
    @discardableResult
    public mutating func add(_ event: Event) -> Int {
        let days = event.time.certainty == .unknown ? nil : event.time.days
        let keys = Self.keys(of: event)
        var candidates: [Int] = []
        for key in keys {
            guard let names = byName[key] else { continue }
            if let days, days.count <= Self.narrowEvent + 1 {
                candidates += names.loose
                let first = Self.week(days.lowerBound - slackDays - Self.narrow), last = Self.week(days.upperBound + slackDays)
                for week in first...last { candidates += names.weeks[week] ?? [] }
            } else {
                candidates += names.all
            }
        }
        candidates.sort()
        var previous = -1
        for k in candidates where k != previous {
            previous = k
            guard belongs(event, days: days, toEntry: k) else { continue }
            entries[k].add(event)
            file(k, under: keys)
            return k
        }
        entries.append(TimelineEntry(event))
        file(entries.count - 1, under: keys)
        return entries.count - 1
    }

    /// The keys an event is found and filed under: its persons, or its participants when it has none.
    static func keys(of event: Event) -> [Key] {
        let person = !event.persons.isEmpty
        return (person ? Array(event.persons) : event.participants).map { Key(type: event.type, name: $0, person: person) }
    }

    /// The week a day (Julian day number) falls in.
    static func week(_ day: Int) -> Int { day >= 0 ? day / 7 : (day - 6) / 7 }

    /// Files entry `k` under the keys of the event it was just made from or given (see `Names`).
    private mutating func file(_ k: Int, under keys: [Key]) {
        // A fitting event's days reach from at most `narrow` + slack days before this week's day to after it.
        var week: Int? = nil
        if let start = entries[k].latestStart, let end = entries[k].earliestEnd, end - start <= Self.narrow { week = Self.week(start) }
        for key in keys { byName[key, default: Names()].file(k, week: week) }
    }

    /// Whether `event` (whose dated `days` are given, nil when undated) describes the happening of entry
    /// `k`, its fields read in place (copying an entry retains all it holds).
    private func belongs(_ event: Event, days: ClosedRange<Int>?, toEntry k: Int) -> Bool {
        Self.belongs(event, days: days, type: entries[k].type, persons: entries[k].persons, participants: entries[k].participantSet,
                     place: entries[k].place, latestStart: entries[k].latestStart, earliestEnd: entries[k].earliestEnd,
                     slackDays: slackDays)
    }

    private static func belongs(
        _ event: Event, days: ClosedRange<Int>?, type: String, persons: Set<String>, participants: Set<String>, place: String?,
        latestStart: Int?, earliestEnd: Int?, slackDays: Int
    ) -> Bool {
        guard type == event.type else { return false }
        if !event.persons.isEmpty || !persons.isEmpty {
            var common = 0
            for p in event.persons where persons.contains(p) { common += 1 }
            guard common >= (persons.count >= 2 && event.persons.count >= 2 ? 2 : 1) else { return false }
        } else {
            var shared = 0, seen: [String] = []
            for p in event.participants where participants.contains(p) && !seen.contains(p) {
                shared += 1
                seen.append(p)
            }
            if shared < 2 { return false }
        }
        if let a = place, let b = event.place, a != b { return false }
        guard let days else { return true }
        // Compatible with every dated source: none starts too late or ends too early.
        if let start = latestStart, start > days.upperBound + slackDays { return false }
        if let end = earliestEnd, days.lowerBound > end + slackDays { return false }
        return true
    }

    /// The entries in time order (by first agreed day; undated last, in the order they came).
    public var chronological: [TimelineEntry] { chronologicalOrder.map { entries[$0.entry] } }

    /// The entries' numbers in time order, with their first agreed days (`sortDay`).
    public var chronologicalOrder: [(entry: Int, day: Int?)] {
        // Each entry's day once (it reads every source), then the order.
        let days = entries.map(\.sortDay)
        return entries.indices.sorted { a, b in
            switch (days[a], days[b]) {
            case (let x?, let y?): return x != y ? x < y : a < b
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }.map { ($0, days[$0]) }
    }
}

/// An event candidate as a pipeline worker finds it in one document, before the corpus's entities are
/// known: the trigger, the sentence, the document's mentions in that sentence (which become participants
/// and place once resolved to entities), and the time, resolved against the document's date.
public struct EventCandidate: Sendable, Equatable {
    public var type: String
    public var trigger: String
    public var sentence: Int32
    /// Where the trigger word starts in the document's text (UTF-8 offset).
    public var triggerOffset: Int32
    /// The document's mentions in the sentence, as indices into its mention list.
    public var mentions: Range<Int32>
    /// Those of them that follow "in" or "im" (a place where the event happened: "in Kuala Lumpur").
    public var afterIn: [Int32]
    public var time: EventTime

    public init(type: String, trigger: String, sentence: Int32, triggerOffset: Int32, mentions: Range<Int32>, afterIn: [Int32], time: EventTime) {
        self.type = type
        self.trigger = trigger
        self.sentence = sentence
        self.triggerOffset = triggerOffset
        self.mentions = mentions
        self.afterIn = afterIn
        self.time = time
    }
}

extension EventTime {
    /// The time of an event told in a sentence: the sentence's first date, resolved against the document's
    /// date (underspecified when there is none to resolve it against; `inferred` when that date was
    /// inferred from the story's dates and the sentence's date is relative); else the document's date,
    /// with less certainty; else unknown.
    public static func told(in sentence: String, documentDate: CalendarDate?, inferred: Bool = false, tagger: TemporalTagger) -> EventTime {
        let bytes = Array(sentence.utf8)
        for timex in tagger.tag(sentence, reference: documentDate) where timex.kind == .date && !Self.bounds(timex.range, in: bytes) {
            if timex.value.utf8.contains(UInt8(ascii: "X")) { return EventTime(value: timex.value, certainty: .underspecified) }
            guard EventTime(value: timex.value, certainty: .stated).days != nil else { continue }
            // Against an inferred document date, only what the sentence says in full is stated.
            if inferred, !tagger.tag(sentence, reference: nil).contains(where: { $0.range == timex.range && $0.value == timex.value }) {
                return EventTime(value: timex.value, certainty: .inferred)
            }
            return EventTime(value: timex.value, certainty: .stated)
        }
        return documentDate.map { EventTime(value: $0.description, certainty: .documentDate) } ?? EventTime(value: "", certainty: .unknown)
    }

    /// Whether the date at `range` is a start or end ("seit Juni 2023", "bis 2030", "ab Montag"), not
    /// when the event happened: the word before it.
    static func bounds(_ range: Range<Int>, in sentence: [UInt8]) -> Bool {
        var end = range.lowerBound
        while end > 0, sentence[end - 1] == 0x20 { end -= 1 }
        var start = end
        while start > 0, sentence[start - 1] != 0x20 { start -= 1 }
        let word = String(decoding: sentence[start..<end], as: UTF8.self).lowercased()
        return word == "seit" || word == "bis" || word == "ab" || word == "since" || word == "until"
    }
}
