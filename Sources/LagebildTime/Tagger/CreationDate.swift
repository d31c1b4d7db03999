import Foundation

/// A document's date (its creation time, the reference of news-mode tagging) and how it was found. Only
/// metadata give it for certain; a dateline or the dates the story tells only suggest it, and say so.
public struct CreationDate: Sendable, Hashable, CustomStringConvertible {
    public enum Source: String, Sendable {
        /// The corpus's metadata (a JSONL field, a manifest line, a TimeML `<DCT>`).
        case metadata
        /// A full date at the head of the text ("Berlin, 2. November 2025 –").
        case dateline
        /// The latest full date the story tells (not in the future, weekdays consistent): the document
        /// cannot be older, and news is mostly told soon after.
        case text = "latest date in the text"
    }

    public var date: CalendarDate
    public var source: Source
    /// The words that gave the date, and what was checked ("2. November 2025"; "…; a Sunday, as
    /// „heute, Sonntag“ says").
    public var evidence: String

    public init(date: CalendarDate, source: Source, evidence: String) {
        self.date = date
        self.source = source
        self.evidence = evidence
    }

    /// Whether the date was inferred from the text rather than given.
    public var isInferred: Bool { source != .metadata }

    /// "2025-11-02 (metadata)", "2025-11-02, inferred from the dateline "2. November 2025"".
    public var description: String {
        switch source {
        case .metadata: "\(date) (metadata)"
        case .dateline: "\(date), inferred from the dateline \"\(evidence)\""
        case .text: "\(date), inferred from the latest date in the text: \(evidence)"
        }
    }
}

extension TemporalTagger {
    /// A document date inferred from the text: a dateline, else the latest full date in `story` (the
    /// sentences of the story itself: not captions, credits or embedded posts, whose dates are a photo's
    /// or a post's). Nil when nothing in the text supports one: relative expressions then stay
    /// underspecified rather than resolved against a guess.
    public func inferDocumentDate(text: String, story: [some StringProtocol]) -> CreationDate? {
        if let found = dateline(text) { return CreationDate(date: found.date, source: .dateline, evidence: found.evidence) }
        return latestToldDate(story)
    }

    /// The latest full date (day, month and year written out) that `sentences` tell, skipping dates in
    /// sentences about the future ("wird am 5. März 2026 gewählt", "fällig am 20.11.25"), dates that
    /// bound something from the far side ("bis 31. Dezember 2026", "ab 1. Januar 2026"), dates whose
    /// weekday disagrees with the weekday written before them ("Montag, 2. November 2025" is no date: that
    /// was a Sunday), and a latest date more than a year after the next one unless its clause is in the
    /// past tense (a maturity or an end told without a cue). When the story says which weekday today is
    /// ("heute, Montag", "am heutigen Montag"), the date moves to the first such day on or after the
    /// latest date told, and the evidence says so.
    ///
    /// Only sentences that may hold a full date (`mayHoldFullDate`) are tagged.
    public func latestToldDate(_ sentences: [some StringProtocol]) -> CreationDate? {
        // Latest first; among equal dates, the first told.
        var told = toldDates(sentences).enumerated()
            .sorted { $0.element.date != $1.element.date ? $0.element.date > $1.element.date : $0.offset < $1.offset }.map(\.element)
        while told.count >= 2, !told[0].past, told[0].date.julianDay - told[1].date.julianDay > 366 { told.removeFirst() }
        guard let best = told.first else { return nil }
        var found = CreationDate(date: best.date, source: .text, evidence: "\"\(best.words)\"")
        if let today = todaysWeekday(sentences) {
            let shift = (today.weekday - best.date.weekday + 7) % 7
            found.date = best.date.adding(days: shift)
            found.evidence += shift == 0 ? "; a \(Self.englishWeekday(today.weekday)), as \"\(today.words)\" says"
                : "; moved to the next \(Self.englishWeekday(today.weekday)), as \"\(today.words)\" says"
        }
        return found
    }

    /// A full date a story tells, with what speaks for it as the story's own day.
    public struct ToldDate: Sendable {
        public var date: CalendarDate
        public var words: String
        public var sentence: Int
        /// The clause has a past-tense cue.
        public var past: Bool
        /// A weekday is written with it ("Sonntag, 2. November 2025").
        public var withWeekday: Bool
    }

    /// The full dates `sentences` tell that may be the story's day (see `latestToldDate`), in order.
    public func toldDates(_ sentences: [some StringProtocol]) -> [ToldDate] {
        var told: [ToldDate] = []
        for (s, text) in sentences.enumerated() where Self.mayHoldFullDate(text) {
            let sentence = String(text)
            let bytes = Array(sentence.utf8)
            for timex in tag(sentence, reference: nil) where timex.kind == .date && timex.value.count == 10 {
                guard let date = CalendarDate(iso: timex.value) else { continue }
                let words = String(decoding: bytes[timex.range], as: UTF8.self)
                let before = String(decoding: bytes[..<timex.range.lowerBound], as: UTF8.self)
                let tense = tense(words: Self.clauseWords(timex.range, in: bytes).map { $0.lowercased() })
                let weekday = writtenWeekday(date, before: before, extent: words)
                guard !farBound(before), weekday != .disagrees, tense != .future else { continue }
                told.append(ToldDate(date: date, words: words, sentence: s, past: tense == .past, withWeekday: weekday == .agrees))
            }
        }
        return told
    }

    /// Whether `sentence` may hold a full date: a year 1900–2099 written as four digits on its own,
    /// with another digit (the day) at most 16 bytes before it ("23. September 2020", "1.3.2016",
    /// "November 1, 2025") or a dash and a digit right after it ("2025-11-02"). "Im Jahr 2020" and
    /// "seit 2019" are not tagged.
    static func mayHoldFullDate(_ sentence: some StringProtocol) -> Bool {
        sentence.utf8.withContiguousStorageIfAvailable(mayHoldFullDate) ?? Array(sentence.utf8).withUnsafeBufferPointer(mayHoldFullDate)
    }

    static func mayHoldFullDate(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        func digit(_ i: Int) -> Bool { i >= 0 && i < p.count && p[i] >= 0x30 && p[i] <= 0x39 }
        var i = 0
        while i < p.count {
            guard digit(i) else {
                i += 1
                continue
            }
            var end = i
            while digit(end) { end += 1 }
            let year = end - i == 4 ? Int(p[i] - 0x30) * 1000 + Int(p[i + 1] - 0x30) * 100 : 0
            if year == 1900 || year == 2000 {
                let dayBefore = (max(0, i - 16)..<i).contains(where: digit)
                let isoAfter = end + 1 < p.count && p[end] == 0x2D && digit(end + 1)
                if dayBefore || isoAfter { return true }
            }
            i = end
        }
        return false
    }

    /// Whether the words before a date make it a bound from the far side: "bis", "ab", "until".
    func farBound(_ before: String) -> Bool {
        let last = before.lowercased().split { !$0.isLetter }.suffix(2)
        return last.contains { $0 == "bis" || $0 == "ab" || $0 == "until" }
    }

    /// What a weekday written right before a date (or at its start) says of it: "Sonntag, 2. November
    /// 2025", "am Sonntag, dem 2. November 2025", "Sunday, November 2, 2025".
    enum WrittenWeekday { case none, agrees, disagrees }

    func writtenWeekday(_ date: CalendarDate, before: String, extent: String) -> WrittenWeekday {
        guard let weekdays = rules.lists["weekday"] else { return .none }
        func check(_ word: some StringProtocol) -> WrittenWeekday? {
            weekdays[String(word)].flatMap(Int.init).map { $0 == date.weekday ? .agrees : .disagrees }
        }
        if let first = extent.lowercased().split(whereSeparator: { !$0.isLetter }).first, let found = check(first) { return found }
        // The words before the date, back to the first that is not a linking word (punctuation may stand between).
        let linking: Set<Substring> = ["den", "dem", "der", "the"]
        for word in before.lowercased().split(whereSeparator: { !$0.isLetter }).reversed() where !linking.contains(word) {
            return check(word) ?? .none
        }
        return .none
    }

    /// A weekday the story says is today ("heute, Montag", "heute Montag", "am heutigen Montag",
    /// "today, Monday"): a word of the rules' `todayWord` list, then (after "am", "ist" or nothing) a weekday.
    func todaysWeekday(_ sentences: [some StringProtocol]) -> (weekday: Int, words: String)? {
        guard let today = rules.lists["todayWord"], let weekdays = rules.lists["weekday"] else { return nil }
        let filler: Set<Substring> = ["am", "ist", "is", "den", "dem"]
        for sentence in sentences {
            let words = sentence.split { !$0.isLetter }
            for (i, word) in words.enumerated() where today[word.lowercased()] != nil {
                var j = i + 1
                while j < words.count, j <= i + 2, filler.contains(Substring(words[j].lowercased())) { j += 1 }
                guard j < words.count, let named = weekdays[words[j].lowercased()].flatMap(Int.init) else { continue }
                let start = word.startIndex, end = words[j].endIndex
                return (named, String(sentence[start..<end]))
            }
        }
        return nil
    }

    static func englishWeekday(_ n: Int) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][(n - 1) % 7]
    }
}
