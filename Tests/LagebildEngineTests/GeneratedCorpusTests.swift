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
        let check = try await GeneratedTruthCheck.run(truths, against: snapshot, queried: 60)
        #expect(check.missingArticles == 0)
        // Every written date finds its article.
        #expect(check.dates.found == check.dates.total && check.dates.total > 100, "\(check.dates)")
        let personRecall = check.persons.recall, eventRecall = check.events.recall
        // Measured at seed 11: persons 668 of 679 (98 %), events of the first 60 articles 94 %; the bounds leave a little room.
        #expect(personRecall >= 0.95, "person recall \(personRecall)")
        #expect(eventRecall >= 0.9, "event recall \(eventRecall)")
    }

    /// An event whose participant the engine did not recognise as an entity is a miss, not the end of the
    /// evaluation (`timeline` of an unknown name is an error for an analyst, a zero for the check).
    @Test func anUnrecognisedParticipantIsAMissedEvent() async throws {
        let (file, truths) = try Self.corpus(20, seed: 5)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let snapshot = try await Ingest.load(try CorpusSource(path: file.path))
        var stranger = truths[0]
        stranger.persons = ["Quirin Zwockelsbrück"]
        stranger.events = stranger.events.map { event in
            var event = event
            event.participants[0] = "Quirin Zwockelsbrück"
            return event
        }
        #expect(!stranger.events.isEmpty)
        let honest = try await GeneratedTruthCheck.run([truths[0]], against: snapshot, queried: 1)
        let check = try await GeneratedTruthCheck.run([stranger], against: snapshot, queried: 1)
        #expect(check.events.total == stranger.events.count && check.events.found == 0, "\(check.events)")
        #expect(check.persons.total == 1 && check.persons.found == 0)
        #expect(check.dates == honest.dates)
        #expect(honest.events.found > 0, "\(honest.events)")
    }
}
