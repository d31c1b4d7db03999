import Foundation
import LagebildTestSupport
import Testing

@testable import LagebildEngine

/// A generated corpus with known ground truth: what the engine recovers of it.
struct GeneratedCorpusTests {
    static func corpus(_ count: Int, seed: UInt64) throws -> (URL, [CorpusGenerator.Truth]) {
        let dir = try TestSupport.temporaryDirectory()
        var generator = CorpusGenerator(seed: seed)
        var lines = ""
        var truths: [CorpusGenerator.Truth] = []
        for k in 1...count {
            let article = generator.article(k)
            lines += CorpusGenerator.jsonLine(article) + "\n"
            truths.append(article.truth)
        }
        let file = dir.appendingPathComponent("generated.jsonl")
        try Data(lines.utf8).write(to: file)
        return (file, truths)
    }

    @Test func sameSeedSameCorpus() {
        var a = CorpusGenerator(seed: 3), b = CorpusGenerator(seed: 3), c = CorpusGenerator(seed: 4)
        let first = (1...20).map { a.article($0).text }
        #expect(first == (1...20).map { b.article($0).text })
        #expect(first != (1...20).map { c.article($0).text })
    }

    @Test func datesPersonsAndEventsAreRecovered() async throws {
        let (file, truths) = try Self.corpus(200, seed: 11)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let snapshot = try await Ingest.load(try CorpusSource(path: file.path))
        #expect(snapshot.documents.count == 200)
        let service = QueryService(snapshot: snapshot)
        let number = Dictionary(uniqueKeysWithValues: snapshot.documents.enumerated().map { ($1.metadata.id, Int32($0)) })
        // Every written date finds its article.
        var datesFound = 0, dates = 0
        for truth in truths.prefix(60) {
            for date in truth.dates {
                dates += 1
                let table = try await service.run("docs where date:\(date) limit 1000")
                if table.rows.contains(where: { $0[0].description == truth.id }) { datesFound += 1 }
            }
        }
        #expect(datesFound == dates, "\(datesFound) of \(dates) dates")
        // Persons: an entity of that name mentioned in the article.
        var personsFound = 0, persons = 0
        for truth in truths {
            for person in truth.persons {
                persons += 1
                let d = number[truth.id]!
                if snapshot.entities.entities.contains(where: { $0.name == person && $0.type == .person && $0.documents.contains(d) }) {
                    personsFound += 1
                }
            }
        }
        let personRecall = Double(personsFound) / Double(persons)
        // Events: a timeline entry of the person with the event's type, place and day.
        var eventsFound = 0, events = 0
        for truth in truths.prefix(40) {
            for event in truth.events {
                events += 1
                let table = try await service.run("timeline \(event.participants[0]) from \(event.date) to \(event.date)")
                if table.rows.contains(where: { $0[4].description == event.type && $0[6].description == event.place && $0[0].description.contains(event.date) }) {
                    eventsFound += 1
                }
            }
        }
        let eventRecall = Double(eventsFound) / Double(events)
        // Measured at seed 11: persons 668 of 679 (98 %), events 76 of 81 (94 %); the bounds leave a little room.
        #expect(personRecall >= 0.95, "person recall \(personRecall)")
        #expect(eventRecall >= 0.9, "event recall \(eventRecall)")
    }
}
