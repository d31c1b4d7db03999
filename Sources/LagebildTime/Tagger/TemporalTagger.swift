import Foundation

/// Finds temporal expressions in a text and gives them TIMEX3 values, relative to a reference date
/// (news mode: the document's creation time) that is always passed in: the system clock is never read.
/// Without a reference, relative expressions keep underspecified values ("XXXX-XX-XX", "XXXX-11").
///
/// The language knowledge is in `TimexRules`; the calendar arithmetic is here, in the value functions
/// the rules call:
///
/// | function | value |
/// |---|---|
/// | `date(y, m, d)` | `2025-11-01`; an empty year is the reference's |
/// | `dayat(y, m, d, part)` | a day with a part of the day: `2015-08-14TNI`; an empty year as for `date` |
/// | `month(y, m)` | `2025-10`; an empty year is the reference's |
/// | `year(y)` | `2023` (two digits: 19xx/20xx) |
/// | `weekday(w, direction)` | the nearest such day before (`past`), after (`future`) or around the reference, strictly before it (`before`), or in its week (`thisweek`); `tense`: before it when the sentence has a word of the rules' `pastCue` list, after it when it has one of `futureCue`, else the nearest |
/// | `weekdaypart(w, part)` | that weekday (by tense) with a part of the day: `2014-07-10TEV` |
/// | `daypart(n, part)` | the reference moved by n days, with a part of the day |
/// | `shift(unit, n)` | the reference moved by n days (D), weeks (W: `2025-W44`), months (M), years (Y) |
/// | `duration(n, unit)` | `P5Y`, `P2.5Y`, `PT3H`, `P3DE`; an empty amount is `X` |
/// | `duration2(n, unit, m, unit)` | `P3Y4M`: two amounts, the larger unit first |
/// | `shiftcentury(n)` | the reference's century moved by n: `19` for the 20th century |
/// | `datein(n, m, d)` | the month `m` (and day `d`, when given) of the reference's year moved by n: `2024-06` |
/// | `ref(which)` | `PRESENT_REF`, `PAST_REF`, `FUTURE_REF` |
/// | `century(n)` | `19` for the 20th century |
/// | `decade(y)` | `199` for the 1990s |
/// | `time(h, m, part)` | `2025-11-02T10:30`, or `…TMO` for a part of the day |
/// | `season(y, s)` | `1998-FA`; an empty year is the reference's |
/// | `weekend(n)` | the weekend of the reference's week moved by n weeks: `2014-W08-WE` |
/// | `quarter(y, n)`, `half(y, n)` | `2014-Q3`, `2014-H2`; an empty year is the reference's |
/// | `anchored(n)` | the day last mentioned (else the reference) moved by n days ("am Vortag") |
/// | `today()` | the reference when the sentence speaks of the future (see `weekday`), else `PRESENT_REF` |
/// | `literal(v)` | the value as written in the rule |
///
/// Clock times take their day from the last full date the text mentioned before them (narrative
/// anchoring: "am 24. August … um 12 Uhr"), else from the reference.
public struct TemporalTagger: Sendable {
    public let rules: TimexRules

    /// The value functions that read the day last mentioned.
    static let anchored: Set<String> = ["time", "anchored"]

    static let functions: Set<String> = [
        "date", "month", "year", "weekday", "shift", "duration", "ref", "century", "decade", "time", "literal", "season", "weekend",
        "daypart", "weekdaypart", "quarter", "half", "anchored", "today", "duration2", "datein", "shiftcentury", "dayat",
    ]

    public init(rules: TimexRules) {
        self.rules = rules
    }

    /// How relative expressions are resolved: against the document's date (news), or against the date
    /// the text last mentioned (narrative: "im September 1939 … im Oktober" is October 1939).
    public enum Mode: Sendable {
        case news, narrative
    }

    /// The temporal expressions of `text`, ranges as UTF-8 byte offsets, in text order, not overlapping
    /// (the longest match wins; among equals, the earlier rule).
    public func tag(_ text: String, reference: CalendarDate?, mode: Mode = .news) -> [Timex] {
        var candidates: [(range: Range<Int>, length: Int, rule: Int, match: ByteRegex.Match)] = []
        let lowered = LoweredText(text, strings: rules.anchorStrings)
        let present = lowered.presentStrings(), hasDigits = lowered.hasDigits
        let passing = present.withUnsafeBufferPointer { present in
            rules.rules.indices.filter { rules.gate.passes($0, present: present, hasDigits: hasDigits) }
        }
        var scratch = ByteRegex.Scratch()
        for r in passing {
            let rule = rules.rules[r]
            for match in Self.matches(of: rule, in: lowered, scratch: &scratch) {
                guard let extent = rule.hasExtent ? rule.matcher.group("x", of: match) : match.range, !extent.isEmpty else { continue }
                candidates.append((extent, lowered.utf16Length(extent), r, match))
            }
        }
        candidates.sort { ($0.length, -$0.rule, -$0.range.lowerBound) > ($1.length, -$1.rule, -$1.range.lowerBound) }
        // Longest first; `taken` stays sorted by position, so an overlap is with a neighbour.
        var taken: [(range: Range<Int>, rule: Int, match: ByteRegex.Match, value: String)] = []
        for candidate in candidates {
            var lo = 0, hi = taken.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if taken[mid].range.lowerBound < candidate.range.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            if lo > 0, taken[lo - 1].range.upperBound > candidate.range.lowerBound { continue }
            if lo < taken.count, taken[lo].range.lowerBound < candidate.range.upperBound { continue }
            guard let value = value(rules.rules[candidate.rule], candidate.match, lowered, reference, anchor: reference) else { continue }
            taken.insert((candidate.range, candidate.rule, candidate.match, value), at: lo)
        }
        // In text order, so that a clock time or "am Vortag" can take the day last mentioned: only the
        // functions that read the anchor are evaluated again.
        var out: [Timex] = []
        var anchor = reference
        // Narrative mode: the reference is the last date the text named with its year.
        var told: CalendarDate? = nil
        for chosen in taken {
            let rule = rules.rules[chosen.rule]
            var value = chosen.value
            if mode == .narrative, let told {
                value = self.value(rule, chosen.match, lowered, told, anchor: anchor ?? told, mode: .narrative) ?? value
            } else if Self.anchored.contains(rule.function) {
                guard let anchoredValue = self.value(rule, chosen.match, lowered, reference, anchor: anchor) else { continue }
                value = anchoredValue
            }
            if mode == .narrative, let named = Self.namedDate(value) { told = named }
            if value.utf8.count == 10, let day = CalendarDate(iso: value) { anchor = day }
            out.append(Timex(range: lowered.originalRange(chosen.range), kind: rule.kind, value: value))
        }
        return out
    }

    /// The day a value names for narrative anchoring: a date itself, the middle of a month, the middle of
    /// a year; nil for anything else (durations, references, underspecified values).
    static func namedDate(_ value: String) -> CalendarDate? {
        let parts = value.split(separator: "-")
        guard let first = parts.first, first.count == 4, let year = Int(first) else { return nil }
        if parts.count == 1 { return CalendarDate(year: year, month: 7, day: 1) }
        guard let month = Int(parts[1]) else { return nil }
        if parts.count == 2 { return CalendarDate(year: year, month: month, day: 15) }
        guard parts.count == 3, parts[2].count == 2, let day = Int(parts[2]) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// How far around an anchor a match may reach, in bytes. A match is a few words: the longest rules
    /// consume well under a hundred characters.
    static let anchorMargin = 200

    /// The rule's matches (ranges in the lower-cased text): in windows around the places its anchors
    /// occur, or in the whole text when it has none. Look-arounds and word boundaries see past a window.
    static func matches(of rule: TimexRules.Rule, in lowered: LoweredText, scratch: inout ByteRegex.Scratch) -> [ByteRegex.Match] {
        lowered.bytes.withUnsafeBufferPointer { text in
            guard let anchors = rule.anchors else { return rule.matcher.matches(in: text, region: 0..<text.count, scratch: &scratch) }
            var out: [ByteRegex.Match] = []
            for window in lowered.windows(around: anchors, margin: anchorMargin) {
                out += rule.matcher.matches(in: text, region: window, scratch: &scratch)
            }
            return out
        }
    }

    /// A document date read from a dateline: a full date (year, month, day) among the first `window`
    /// bytes of the text, near the start of its line and followed by the line's end or a separator
    /// ("Berlin, 2. November 2025 – …", "02.11.2025 (dpa) - …", "Stand: 2. November 2025"), with the
    /// words that gave it. A date inside a sentence is no dateline ("Am 14. Oktober 2025 hatten sie …").
    public func dateline(_ text: String, window: Int = 300) -> (date: CalendarDate, evidence: String)? {
        let head = String(decoding: text.utf8.prefix(window), as: UTF8.self)
        let bytes = Array(head.utf8)
        for timex in tag(head, reference: nil) where timex.kind == .date {
            guard timex.value.count == 10, let date = CalendarDate(iso: timex.value),
                Self.startsLine(timex.range.lowerBound, in: bytes), Self.endsDateline(timex.range.upperBound, in: bytes)
            else { continue }
            return (date, String(decoding: bytes[timex.range], as: UTF8.self))
        }
        return nil
    }

    /// Whether `offset` lies near its line's start (60 bytes at most: room for a place and a comma).
    static func startsLine(_ offset: Int, in bytes: [UInt8]) -> Bool {
        var start = offset
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        return offset - start <= 60
    }

    /// Whether a date ending at `offset` ends a dateline: after spaces and an optional "(agency)", the
    /// line ends or a dash, colon or bar follows.
    static func endsDateline(_ offset: Int, in bytes: [UInt8]) -> Bool {
        var i = offset
        func skipSpaces() { while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x2C { i += 1 } }
        skipSpaces()
        if i < bytes.count, bytes[i] == 0x28, let close = bytes[i...].prefix(40).firstIndex(of: 0x29) {
            i = close + 1
            skipSpaces()
        }
        guard i < bytes.count else { return true }
        switch bytes[i] {
        case 0x0A, 0x0D, 0x2D, 0x3A, 0x7C: return true
        case 0xE2: return i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x93 || bytes[i + 2] == 0x94)  // – —
        default: return false
        }
    }

    // MARK: - Values

    /// The value of a match. `mode` says what the reference is: the document's date (news: a day without
    /// a year takes the nearest year on the sentence's side of it) or the date last told (narrative: it
    /// takes that date's year, the story moving on from there).
    func value(
        _ rule: TimexRules.Rule, _ match: ByteRegex.Match, _ text: LoweredText, _ reference: CalendarDate?, anchor: CalendarDate?,
        mode: Mode = .news
    ) -> String? {
        func yearOf(month: Int, day: Int) -> Int? {
            guard let reference else { return nil }
            if mode == .narrative { return reference.year }
            return Self.nearestYear(month: month, day: day, to: reference, tense: tense(match.range, in: text))
        }
        let args = rule.arguments.map { argument($0, rule, match, text) }
        func arg(_ i: Int) -> String { i < args.count ? args[i] : "" }
        func int(_ i: Int) -> Int? { Int(arg(i)) }
        switch rule.function {
        case "literal", "ref":
            return arg(0)
        case "date":
            guard let m = int(1), let d = int(2), (1...12).contains(m), (1...31).contains(d) else { return nil }
            let year = Self.year(arg(0)) ?? yearOf(month: m, day: d)
            return Self.yearText(year) + "-" + CalendarDate.pad(m, 2) + "-" + CalendarDate.pad(d, 2)
        case "dayat":
            // "in der Nacht des 14. August": that day with a part of the day.
            guard let m = int(1), let d = int(2), (1...12).contains(m), (1...31).contains(d), !arg(3).isEmpty else { return nil }
            let year = Self.year(arg(0)) ?? yearOf(month: m, day: d)
            return Self.yearText(year) + "-" + CalendarDate.pad(m, 2) + "-" + CalendarDate.pad(d, 2) + "T" + arg(3)
        case "month":
            guard let m = int(1), (1...12).contains(m) else { return nil }
            let year = Self.year(arg(0)) ?? yearOf(month: m, day: 15)
            return Self.yearText(year) + "-" + CalendarDate.pad(m, 2)
        case "year":
            return Self.year(arg(0)).map { CalendarDate.pad($0, 4) }
        case "century":
            guard let n = int(0), n > 0 else { return nil }
            return CalendarDate.pad(n - 1, 2)
        case "decade":
            guard arg(0).count >= 3 else { return nil }
            let digits = arg(0).filter(\.isNumber)
            if digits.count == 2, let d = Int(digits) { return (d >= 20 ? "19" : "20") + String(digits.prefix(1)) }
            return digits.count >= 3 ? String(digits.prefix(3)) : nil
        case "today":
            guard let reference, tense(match.range, in: text) == .future else { return "PRESENT_REF" }
            return reference.description
        case "quarter", "half":
            guard let n = int(1) else { return nil }
            let year = Self.year(arg(0)) ?? reference?.year
            return Self.yearText(year) + (rule.function == "quarter" ? "-Q" : "-H") + String(n)
        case "anchored":
            guard let anchor else { return "XXXX-XX-XX" }
            return anchor.adding(days: int(0) ?? 0).description
        case "daypart":
            guard let reference else { return "XXXX-XX-XXT" + arg(1) }
            return reference.adding(days: int(0) ?? 0).description + "T" + arg(1)
        case "weekday", "weekdaypart":
            guard let w = int(0), (1...7).contains(w) else { return nil }
            let part = rule.function == "weekdaypart" ? "T" + arg(1) : ""
            guard let reference else { return "XXXX-WXX-\(w)" + part }
            let delta = w - reference.weekday
            var direction = rule.function == "weekdaypart" ? "tense" : arg(1)
            if direction == "tense" {
                switch tense(match.range, in: text) {
                case .future?: direction = "future"
                case .past?: direction = "past"
                case nil: direction = "nearest"
                }
            }
            let day: CalendarDate
            switch direction {
            case "thisweek": day = reference.adding(days: delta)  // the same ISO week (weekday 1 is Monday)
            case "before": day = reference.adding(days: delta < 0 ? delta : delta - 7)  // "vergangenen Sonntag" on a Sunday
            case "future": day = reference.adding(days: delta >= 0 ? delta : delta + 7)
            case "nearest": day = reference.adding(days: delta > 3 ? delta - 7 : delta < -3 ? delta + 7 : delta)
            default: day = reference.adding(days: delta <= 0 ? delta : delta - 7)
            }
            return day.description + part
        case "shift":
            let n = Int(arg(1).replacingOccurrences(of: "+", with: "")) ?? 0
            guard let reference else {
                switch arg(0) {
                case "W": return "XXXX-WXX"
                case "M": return "XXXX-XX"
                case "Y": return "XXXX"
                default: return "XXXX-XX-XX"
                }
            }
            switch arg(0) {
            case "D": return reference.adding(days: n).description
            case "W":
                let week = reference.adding(days: 7 * n).isoWeek
                return CalendarDate.pad(week.year, 4) + "-W" + CalendarDate.pad(week.week, 2)
            case "M":
                let months = reference.year * 12 + reference.month - 1 + n
                return CalendarDate.pad(months / 12, 4) + "-" + CalendarDate.pad(months % 12 + 1, 2)
            case "Y": return CalendarDate.pad(reference.year + n, 4)
            default: return nil
            }
        case "datein":
            // A month, or a day of a month, in the reference's year moved by n: "im Juni des vergangenen Jahres".
            guard let m = int(1), (1...12).contains(m) else { return nil }
            let year = reference.map { $0.year + (int(0) ?? 0) }
            let month = Self.yearText(year) + "-" + CalendarDate.pad(m, 2)
            guard !arg(2).isEmpty else { return month }
            guard let d = int(2), (1...31).contains(d) else { return nil }
            return month + "-" + CalendarDate.pad(d, 2)
        case "shiftcentury":
            // The reference's century moved by n, as the two digits TIMEX3 gives it: "19" for the 20th.
            guard let reference else { return "XX" }
            return CalendarDate.pad(reference.year / 100 + (int(0) ?? 0), 2)
        case "duration2":
            // "drei Jahre und vier Monate" → P3Y4M: two amounts with their units, the larger unit first.
            let units = ["Y", "M", "W", "D"]
            guard let u1 = units.firstIndex(of: arg(1)), let u2 = units.firstIndex(of: arg(3)), u1 < u2,
                  !arg(0).isEmpty, !arg(2).isEmpty else { return nil }
            return "P" + arg(0) + arg(1) + arg(2) + arg(3)
        case "duration":
            let amount = arg(0).isEmpty ? "X" : arg(0)
            switch arg(1) {
            case "H", "MIN", "S":
                return "PT" + amount + (arg(1) == "MIN" ? "M" : arg(1))
            case "": return nil
            default: return "P" + amount + arg(1)
            }
        case "season":
            let year = Self.year(arg(0)) ?? reference?.year
            return Self.yearText(year) + "-" + arg(1).uppercased()
        case "weekend":
            guard let reference else { return "XXXX-WXX-WE" }
            let week = reference.adding(days: 7 * (int(0) ?? 0)).isoWeek
            return CalendarDate.pad(week.year, 4) + "-W" + CalendarDate.pad(week.week, 2) + "-WE"
        case "time":
            let day = anchor?.description ?? "XXXX-XX-XX"
            if let part = args.count > 2 ? arg(2) : nil, !part.isEmpty { return day + "T" + part }
            guard let h = int(0), (0...24).contains(h) else { return nil }
            return day + "T" + CalendarDate.pad(h, 2) + ":" + CalendarDate.pad(int(1) ?? 0, 2)
        default:
            return nil
        }
    }

    enum Tense { case past, future }

    /// The tense of the sentence around `range` (of the lower-cased text) by its cue words: future with a
    /// word of the rules' `futureCue` list and none of `pastCue`, past with one of `pastCue`, nil with neither.
    func tense(_ range: Range<Int>, in text: LoweredText) -> Tense? {
        tense(words: Self.clauseWords(range, in: text.bytes))
    }

    /// The tense of a clause given as its lower-cased words (see `tense(_:in:)`).
    func tense(words: [String]) -> Tense? {
        guard let future = rules.lists["futureCue"] else { return nil }
        let past = rules.lists["pastCue"] ?? [:]
        if words.contains(where: { past[$0] != nil }) { return .past }
        return words.contains(where: { future[$0] != nil }) ? .future : nil
    }

    /// The words (runs of Unicode letters and marks) of the clause around `range` of lower-cased UTF-8:
    /// from after the last `.!?:;` or line break before it to the first one after it.
    static func clauseWords(_ range: Range<Int>, in bytes: [UInt8]) -> [String] {
        bytes.withUnsafeBufferPointer { b in
            func stops(_ byte: UInt8) -> Bool {
                byte == 0x2E || byte == 0x21 || byte == 0x3F || byte == 0x3A || byte == 0x3B || byte == 0x0A
            }
            var start = range.lowerBound, end = range.upperBound
            while start > 0 && !stops(b[start - 1]) { start -= 1 }
            while end < b.count && !stops(b[end]) { end += 1 }
            var words: [String] = []
            var word = -1
            var i = start
            while i < end {
                guard let (scalar, length) = Unicode.decode(b, at: i) else { break }
                if isLetter(scalar) {
                    if word < 0 { word = i }
                } else if word >= 0 {
                    words.append(String(decoding: UnsafeBufferPointer(rebasing: b[word..<i]), as: UTF8.self))
                    word = -1
                }
                i += length
            }
            if word >= 0 { words.append(String(decoding: UnsafeBufferPointer(rebasing: b[word..<end]), as: UTF8.self)) }
            return words
        }
    }

    /// A letter or mark (`CharacterSet.letters`: the categories L and M).
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A }
        if v >= 0xC0 && v <= 0xFF { return v != 0xD7 && v != 0xF7 }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }

    /// An argument: a literal, `{group}` or `{group@list}`; a group's text lower-cased.
    func argument(_ spec: String, _ rule: TimexRules.Rule, _ match: ByteRegex.Match, _ text: LoweredText) -> String {
        guard spec.hasPrefix("{"), spec.hasSuffix("}") else { return spec }
        let inner = spec.dropFirst().dropLast()
        let parts = inner.split(separator: "@", maxSplits: 1)
        guard let range = rule.matcher.group(String(parts[0]), of: match) else { return "" }
        let captured = text.bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        guard parts.count == 2 else { return captured }
        return rules.lists[String(parts[1])]?[captured] ?? captured
    }

    /// The year that puts a day without a year nearest to the reference: "am 24. Jänner" written in
    /// December is next January, "im Dezember" written in January is last December. A sentence in the
    /// past keeps it from lying after the reference's month, one in the future before it.
    static func nearestYear(month: Int, day: Int, to reference: CalendarDate, tense: Tense? = nil) -> Int {
        var best = reference.year, distance = Int.max
        for year in (reference.year - 1)...(reference.year + 1) {
            let monthsAhead = (year - reference.year) * 12 + month - reference.month
            if tense == .past && monthsAhead > 0 { continue }
            if tense == .future && monthsAhead < 0 { continue }
            guard let date = CalendarDate(year: year, month: month, day: min(day, CalendarDate.days(in: month, of: year))) else { continue }
            let d = abs(date.julianDay - reference.julianDay)
            if d < distance { (best, distance) = (year, d) }
        }
        return best
    }

    /// "2025", or "XXXX" when the year is not known.
    static func yearText(_ year: Int?) -> String { year.map { CalendarDate.pad($0, 4) } ?? "XXXX" }

    /// A year from its digits: "2025" → 2025, "'98"/"98" → 1998, "05" → 2005.
    static func year(_ s: String) -> Int? {
        let digits = s.filter(\.isNumber)
        guard let n = Int(digits) else { return nil }
        if digits.count == 2 { return n >= 30 ? 1900 + n : 2000 + n }
        return digits.count >= 3 ? n : nil
    }
}
