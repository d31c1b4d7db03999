import Foundation
import LagebildEntities
import LagebildText
import LagebildTime
import LagebildTimeline

/// `timeline`: event candidates read from the documents' story sentences (a trigger word, the entities
/// of the sentence, a place after "in", the sentence's date resolved against the document's date), merged
/// across documents by `TimelineBuilder`, in time order.
extension QueryExecutor {
    static let triggers: EventTriggers? = try? EventTriggers.bundled()

    /// A document's date: from metadata (a full date), else from a dateline; with how it was found, as said
    /// after the date (" (metadata)", ", inferred from the dateline "…"").
    func documentDate(_ document: AnalyzedDocument, tagger: TemporalTagger) -> (date: CalendarDate, evidence: String)? {
        if let d = document.metadata.date, let m = d.month, let day = d.day, let date = CalendarDate(year: d.year, month: m, day: day) {
            return (date, " (metadata)")
        }
        return tagger.dateline(document.text).map { ($0.0, ", inferred from the dateline \"\($0.1)\"") }
    }

    /// The event candidates of one document, given its date.
    func events(of d: Int, dated dct: CalendarDate?, tagger: TemporalTagger, triggers: EventTriggers) -> [Event] {
        let document = snapshot.documents[d]
        let structure = document.structure
        let mentionEntities = d < snapshot.mentionEntities.count ? snapshot.mentionEntities[d] : []
        var events: [Event] = []
        var mentionIndex = 0
        var text = document.text
        text.withUTF8 { p in
            for (s, sentence) in structure.sentences.enumerated() {
                while mentionIndex < document.mentions.count, document.mentions[mentionIndex].sentence < s { mentionIndex += 1 }
                let role = structure.paragraphs[Int(structure.sentenceParagraph[s])].role
                guard role == .title || role == .lead || role == .body || role == .heading else { continue }
                let tokens = Tokenizer.tokenize(p, sentence.range)
                var best: (type: Int, word: String, at: Int)? = nil
                // A word has at least as many bytes as characters: shorter tokens than any form are skipped unread.
                for token in tokens where token.kind == .word && token.span.count >= triggers.shortest {
                    let word = String(decoding: UnsafeBufferPointer(rebasing: p[token.span.range]), as: UTF8.self)
                    if let t = triggers.type(of: word.lowercased()), t < (best?.type ?? .max) { best = (t, word, token.span.lowerBound) }
                }
                guard let best else { continue }
                // Entities of the sentence; a place is a location right after "in"/"im", named as written
                // ("in Wien", not the country a capital stands for elsewhere); what is visited is a place too.
                var participants: [String] = [], persons = Set<String>(), place: String? = nil
                var visited: String? = nil
                var m = mentionIndex
                while m < document.mentions.count, document.mentions[m].sentence == s {
                    defer { m += 1 }
                    let mention = document.mentions[m]
                    guard m < mentionEntities.count, mentionEntities[m] >= 0 else { continue }
                    let entity = snapshot.entities.entities[Int(mentionEntities[m])]
                    // Names, and derived forms the registry traced to a name ("chinesischen" → China).
                    let surface = String(decoding: UnsafeBufferPointer(rebasing: p[mention.span.range]), as: UTF8.self)
                    guard entity.type != .other, mention.entityClass.form == .plain || entity.name != surface else { continue }
                    let before = tokens.last { $0.span.upperBound <= mention.span.lowerBound }
                    let preposition = before.map { String(decoding: UnsafeBufferPointer(rebasing: p[$0.span.range]), as: UTF8.self).lowercased() }
                    if entity.type == .location, mention.entityClass.form == .plain, place == nil, ["in", "im"].contains(preposition ?? "") {
                        place = surface
                        continue
                    }
                    if entity.type == .location, mention.entityClass.form == .plain, visited == nil, triggers.types[best.type] == "visit",
                        mention.span.lowerBound > best.at
                    {
                        visited = surface
                        continue
                    }
                    if entity.name == place || participants.contains(entity.name) { continue }
                    participants.append(entity.name)
                    if entity.type == .person { persons.insert(entity.name) }
                }
                // The sentence's first date, resolved against the document's date.
                let sentenceText = String(decoding: UnsafeBufferPointer(rebasing: p[sentence.range]), as: UTF8.self)
                var time = dct.map { EventTime(value: $0.description, certainty: .documentDate) } ?? EventTime(value: "", certainty: .unknown)
                for timex in tagger.tag(sentenceText, reference: dct) where timex.kind == .date {
                    if timex.value.contains("X") {
                        time = EventTime(value: timex.value, certainty: .underspecified)
                        break
                    }
                    if EventTime(value: timex.value, certainty: .stated).days != nil {
                        time = EventTime(value: timex.value, certainty: .stated)
                        break
                    }
                }
                if place == nil { place = visited } else if let visited { participants.append(visited) }
                let summary = sentenceText.count > 160 ? String(sentenceText.prefix(159)) + "…" : sentenceText
                events.append(Event(type: triggers.types[best.type], trigger: best.word, document: Int32(d), sentence: Int32(s),
                                    participants: participants, persons: persons, place: place, time: time, summary: summary))
            }
        }
        return events
    }

    /// A document id as sources show it: up to its first "_" ("000" for "000_1eabfec19528a7cd").
    static func shortID(_ id: String) -> String { String(id.prefix { $0 != "_" }) }

    /// A Unicode strip of entries per week (per month beyond half a year): "2025-W40 ▁▃█▁▁ 2025-W44".
    static func strip(_ days: [Int]) -> String? {
        guard let first = days.min(), let last = days.max(), last > first else { return nil }
        let monthly = last - first > 183
        func bucket(_ day: Int) -> Int {
            let date = CalendarDate(julianDay: day)
            return monthly ? date.year * 12 + date.month - 1 : day / 7  // a Julian day divisible by 7 is a Monday
        }
        func label(_ b: Int) -> String {
            if monthly { return String(format: "%04d-%02d", b / 12, b % 12 + 1) }
            let week = CalendarDate(julianDay: b * 7).isoWeek
            return String(format: "%04d-W%02d", week.year, week.week)
        }
        var counts: [Int: Int] = [:]
        for d in days { counts[bucket(d), default: 0] += 1 }
        let lo = bucket(first), hi = bucket(last)
        guard hi > lo, hi - lo < 400 else { return nil }
        let bars: [Character] = Array("▁▂▃▄▅▆▇█")
        let top = counts.values.max()!
        var line = ""
        for b in lo...hi {
            guard let n = counts[b] else {
                line.append(" ")
                continue
            }
            line.append(bars[min(bars.count - 1, (n * bars.count - 1) / top)])
        }
        return "entries per \(monthly ? "month" : "week"): \(label(lo)) " + line + " \(label(hi)) (most: \(top))"
    }

    func timeline(name: String?, from: String?, to: String?, restrict: Set<Int32>?) throws -> (ResultTable, Set<Int32>) {
        var table = ResultTable(
            kind: "timeline",
            columns: [.init("when"), .init("start"), .init("end"), .init("certainty"), .init("event"), .init("participants"),
                      .init("place"), .init("sources"), .init("summary")],
            wrapsLastColumn: true)
        guard let tagger = Self.temporalTagger, let triggers = Self.triggers else {
            table.notes.append("the temporal rules or the event triggers could not be loaded")
            return (table, [])
        }
        var documents = restrict.map { Array($0).sorted() } ?? (0..<Int32(snapshot.documents.count)).map { $0 }
        var wanted: String? = nil
        if let name {
            let (entity, _) = try resolve(name)
            wanted = entity.name
            let own = Set(entity.documents)
            documents = documents.filter { own.contains($0) }
        }
        var builder = TimelineBuilder()
        var undated = 0
        for d in documents {
            try Task.checkCancellation()
            let dct = documentDate(snapshot.documents[Int(d)], tagger: tagger)?.date
            if dct == nil { undated += 1 }
            for event in events(of: Int(d), dated: dct, tagger: tagger, triggers: triggers) where wanted.map(event.participants.contains) ?? true {
                builder.add(event)
            }
        }
        let lower = from.flatMap { EventTime(value: $0, certainty: .stated).days?.lowerBound }
        let upper = to.flatMap { EventTime(value: $0, certainty: .stated).days?.upperBound }
        var shown = Set<Int32>()
        for entry in builder.chronological {
            if lower != nil || upper != nil {
                guard let day = entry.sortDay, day >= (lower ?? .min), day <= (upper ?? .max) else { continue }
            }
            let sources = entry.events.map { e in
                Self.shortID(snapshot.documents[Int(e.document)].metadata.id) + (e.time.value.isEmpty ? "" : " (\(e.time.value))")
            }
            let span = entry.span
            table.rows.append([
                .text(entry.when), span.map { .text(CalendarDate(julianDay: $0.lowerBound).description) } ?? .null,
                span.map { .text(CalendarDate(julianDay: $0.upperBound).description) } ?? .null,
                .text(entry.certainty.rawValue), .text(entry.type), .text(entry.participants.joined(separator: ", ")),
                entry.place.map { .text($0) } ?? .null, .text(sources.joined(separator: ", ")), .text(entry.summary),
            ])
            for e in entry.events { shown.insert(e.document) }
        }
        if let strip = Self.strip(table.rows.compactMap { row in
            if case .text(let start) = row[1] { return CalendarDate(iso: start)?.julianDay } else { return nil }
        }) {
            table.notes.append(strip)
        }
        table.notes.append("\(table.rows.count) entr\(table.rows.count == 1 ? "y" : "ies") from \(shown.count) document\(shown.count == 1 ? "" : "s")"
            + (undated > 0 ? "; \(undated) document\(undated == 1 ? " has" : "s have") no date, so their relative dates stay underspecified" : ""))
        return (table, shown)
    }
}
