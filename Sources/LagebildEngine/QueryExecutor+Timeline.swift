import Foundation
import LagebildEntities
import LagebildText
import LagebildTime
import LagebildTimeline

/// `timeline`: the event candidates the workers found in the documents' story sentences (a trigger
/// word, the sentence's mentions, its date resolved against the document's date), given their entities,
/// merged across documents by `TimelineBuilder`, in time order.
extension QueryExecutor {
    /// The events of one document: its candidates with participants and place resolved to entities.
    func events(of d: Int) -> [Event] {
        let document = snapshot.documents[d]
        let structure = document.structure
        let mentionEntities = d < snapshot.mentionEntities.count ? snapshot.mentionEntities[d] : []
        var events: [Event] = []
        var text = document.text
        text.withUTF8 { p in
            func slice(_ span: TextSpan) -> String { String(decoding: UnsafeBufferPointer(rebasing: p[span.range]), as: UTF8.self) }
            for candidate in document.events {
                // A paragraph that the end of the load found to be a source's repeated boilerplate tells nothing.
                let paragraph = structure.paragraphs[Int(structure.sentenceParagraph[Int(candidate.sentence)])]
                guard EventFinder.tellsEvents(paragraph.role) else { continue }
                // Entities of the sentence; a place is a location right after "in"/"im", named as written
                // ("in Wien", not the country a capital stands for elsewhere); what is visited is a place too.
                var participants: [String] = [], persons = Set<String>(), place: String? = nil
                var visited: String? = nil
                for m in candidate.mentions {
                    let mention = document.mentions[Int(m)]
                    guard Int(m) < mentionEntities.count, mentionEntities[Int(m)] >= 0 else { continue }
                    let entity = snapshot.entities.entities[Int(mentionEntities[Int(m)])]
                    // Names, and derived forms the registry traced to a name ("chinesischen" → China).
                    let surface = slice(mention.span)
                    guard entity.type != .other, mention.entityClass.form == .plain || entity.name != surface else { continue }
                    if entity.type == .location, mention.entityClass.form == .plain, place == nil, candidate.afterIn.contains(m) {
                        place = surface
                        continue
                    }
                    if entity.type == .location, mention.entityClass.form == .plain, visited == nil, candidate.type == "visit",
                        mention.span.lowerBound > Int(candidate.triggerOffset)
                    {
                        visited = surface
                        continue
                    }
                    if entity.name == place || participants.contains(entity.name) { continue }
                    participants.append(entity.name)
                    if entity.type == .person { persons.insert(entity.name) }
                }
                // What is visited is where a visit happened ("besuchte Madrid … im Nahen Osten": Madrid); the
                // place after "im" is then one of the participants.
                if let visited {
                    if let other = place { participants.append(other) }
                    place = visited
                }
                let sentenceText = slice(structure.sentences[Int(candidate.sentence)])
                let summary = sentenceText.count > 160 ? String(sentenceText.prefix(159)) + "…" : sentenceText
                events.append(Event(type: candidate.type, trigger: candidate.trigger, document: Int32(d), sentence: candidate.sentence,
                                    participants: participants, persons: persons, place: place, time: candidate.time, summary: summary))
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
        guard let finder = EventFinder.bundled else {
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
            if finder.documentDate(snapshot.documents[Int(d)]) == nil { undated += 1 }
            for event in events(of: Int(d)) where wanted.map(event.participants.contains) ?? true {
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
