import Foundation
import LagebildTestSupport
import Testing

@testable import LagebildEngine

/// Queries running while new snapshots are published: each answers from one snapshot, whole.
struct QueryServiceTests {
    @Test func queriesDuringPublishingSeeOneSnapshotEach() async throws {
        let small = try await Ingest.load(try CorpusSource(path: TestSupport.seedFiles()[1].path))  // 001 alone
        let seeds = try await PipelineTests.seeds()
        let service = QueryService(snapshot: small)
        let query = "search Hegseth | docs"
        let answers = [try await QueryService(snapshot: small).run(query), try await QueryService(snapshot: seeds).run(query)]
        #expect(answers[0] != answers[1])
        var running: [Task<ResultTable, any Error>] = []
        for round in 0..<10 {
            let batch = (0..<20).map { _ in Task { try await service.run(query) } }
            running += batch
            // The first query of a round answers from the snapshot published before the round; the others
            // may still run when the next snapshot is published (publishing does not wait for them).
            #expect(try await batch[0].value == answers[round % 2])
            await service.publish(round % 2 == 0 ? seeds : small)
        }
        for task in running {
            let table = try await task.value
            #expect(answers.contains(table), "an answer mixing two snapshots: \(table.rows)")
        }
    }

    @Test func aQueryOverItsTimeLimitFails() async throws {
        // A prefix that expands to every term, ORed many times, on the seeds: far longer than a nanosecond.
        let service = QueryService(snapshot: try await PipelineTests.seeds())
        let slow = "search " + Array(repeating: "(a* OR e* OR \"die der\"~50)", count: 200).joined(separator: " OR ")
        await #expect(throws: QueryFailure.self) { try await service.run(slow, timeLimit: .nanoseconds(1)) }
        #expect(try await service.run("search Taiwan", timeLimit: .seconds(30)).rows.count == 1)
    }
}
