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
        guard !document.events.isEmpty else { return [] }  // (the text is read only for events)
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

    /// The timeline of `documents`: their events found in parallel (chunks of documents on every core),
    /// given to the store in document order, so the entries are the same however the work was scheduled.
    static func buildTimeline(of snapshot: Snapshot, documents: [Int32]) async throws -> TimelineStore {
        let store = TimelineStore()
        guard let finder = EventFinder.bundled else { return store }
        let executor = QueryExecutor(snapshot: snapshot)
        let chunk = 256
        let chunks = (documents.count + chunk - 1) / chunk
        let running = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)
        try await withThrowingTaskGroup(of: (Int, [Event], [Int32]).self) { group in
            var submitted = 0, expected = 0
            var done: [Int: ([Event], [Int32])] = [:]
            func work(_ c: Int) -> @Sendable () async throws -> (Int, [Event], [Int32]) {
                {
                    var events: [Event] = [], undated: [Int32] = []
                    for d in documents[(c * chunk)..<min(documents.count, (c + 1) * chunk)] {
                        try Task.checkCancellation()
                        if finder.documentDate(snapshot.documents[Int(d)]) == nil { undated.append(d) }
                        events += executor.events(of: Int(d))
                    }
                    return (c, events, undated)
                }
            }
            while submitted < min(chunks, running) {
                group.addTask(operation: work(submitted))
                submitted += 1
            }
            while let (c, events, undated) = try await group.next() {
                try Task.checkCancellation()
                done[c] = (events, undated)
                while let ready = done.removeValue(forKey: expected) {
                    await store.add(ready.0, undated: ready.1)
                    expected += 1
                }
                if submitted < chunks {
                    group.addTask(operation: work(submitted))
                    submitted += 1
                }
            }
        }
        return store
    }

    /// `timeline [<entity>] [from D] [to D]`: the corpus's timeline (built once and kept by the service,
    /// or here when the executor has none), or, after a pipe, a timeline of the documents selected.
    func timeline(name: String?, from: String?, to: String?, restrict: Set<Int32>?) async throws -> (ResultTable, Set<Int32>) {
        var table = ResultTable(
            kind: "timeline",
            columns: [.init("when"), .init("start"), .init("end"), .init("certainty"), .init("event"), .init("participants"),
                      .init("place"), .init("sources"), .init("summary")],
            wrapsLastColumn: true)
        guard EventFinder.bundled != nil else {
            table.notes.append("the temporal rules or the event triggers could not be loaded")
            return (table, [])
        }
        var wanted: (name: String, documents: Set<Int32>)? = nil
        if let name {
            let (entity, _) = try resolve(name)
            wanted = (entity.name, Set(entity.documents))
        }
        let store: TimelineStore
        if let restrict {
            store = try await Self.buildTimeline(of: snapshot, documents: restrict.sorted())
        } else if let kept = await corpusTimeline?() {
            // A query cancelled while the kept timeline is built cancels the build (the next query starts
            // it again): Ctrl-C on a long first `timeline` stops the work, not only the wait.
            store = try await withTaskCancellationHandler { try await kept.value } onCancel: { kept.cancel() }
        } else {
            store = try await Self.buildTimeline(of: snapshot, documents: (0..<Int32(snapshot.documents.count)).map { $0 })
        }
        let lower = from.flatMap { EventTime(value: $0, certainty: .stated).days?.lowerBound }
        let upper = to.flatMap { EventTime(value: $0, certainty: .stated).days?.upperBound }
        let days = lower == nil && upper == nil ? nil : (lower ?? .min)...(upper ?? .max)
        var shown = Set<Int32>()
        for entry in await store.entries(involving: wanted?.name, days: days) {
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
        let undated = await store.undatedDocuments.count { wanted?.documents.contains($0) ?? true }
        table.notes.append("\(table.rows.count) entr\(table.rows.count == 1 ? "y" : "ies") from \(shown.count) document\(shown.count == 1 ? "" : "s")"
            + (undated > 0 ? "; \(undated) document\(undated == 1 ? " has" : "s have") no date, so their relative dates stay underspecified" : ""))
        return (table, shown)
    }
}
