public import LagebildQuery
import LagebildText
import LagebildTimeline

/// The query layer: holds the current snapshot; any number of queries run concurrently, each against the
/// snapshot it started with. Publishing a new snapshot never waits for running queries.
public actor QueryService {
    private var snapshot: Snapshot
    /// The timeline of the current snapshot: built at the first `timeline` query, kept until the next
    /// snapshot is published.
    private var timeline: Task<TimelineStore, any Error>? = nil
    /// How many snapshots were published: a query asks for the timeline of the one it runs on.
    private var generation = 0

    public init(snapshot: Snapshot) { self.snapshot = snapshot }

    public func publish(_ snapshot: Snapshot) {
        self.snapshot = snapshot
        generation += 1
        timeline?.cancel()
        timeline = nil
    }

    /// The current snapshot's timeline, building it on first use (one build, however many queries wait
    /// for it). A build that failed is started again by the next query.
    func corpusTimeline(of generation: Int) -> Task<TimelineStore, any Error>? {
        guard generation == self.generation else { return nil }
        if let timeline { return timeline }
        let snapshot = self.snapshot
        let build = Task {
            try await QueryExecutor.buildTimeline(of: snapshot, documents: (0..<Int32(snapshot.documents.count)).map { $0 })
        }
        timeline = build
        Task { [weak self] in
            if case .failure = await build.result { await self?.forget(build) }
        }
        return build
    }

    private func forget(_ build: Task<TimelineStore, any Error>) {
        if timeline == build { timeline = nil }
    }

    public func current() -> Snapshot { snapshot }

    private func currentWithGeneration() -> (Snapshot, Int) { (snapshot, generation) }

    /// Runs a parsed pipeline. The work happens outside the actor, on the caller's task.
    public nonisolated func run(_ pipeline: Pipeline) async throws -> ResultTable {
        let (snapshot, generation) = await currentWithGeneration()
        return try await QueryExecutor(snapshot: snapshot, corpusTimeline: { await self.corpusTimeline(of: generation) }).run(pipeline)
    }

    /// Parses and runs one query line.
    /// - Throws: `QueryFailure.syntax` with the diagnostics, or the execution error.
    public nonisolated func run(_ line: String) async throws -> ResultTable {
        let (pipeline, diagnostics) = Parser.parse(line)
        guard let pipeline else { throw QueryFailure.syntax(diagnostics) }
        return try await run(pipeline)
    }

    /// Runs one query line, cancelled when it takes longer than `timeLimit`.
    /// - Throws: `QueryFailure.timeLimit` when cut off, or when the answer came only after the limit.
    public nonisolated func run(_ line: String, timeLimit: Duration) async throws -> ResultTable {
        let clock = ContinuousClock()
        let deadline = clock.now + timeLimit
        return try await withThrowingTaskGroup(of: ResultTable?.self) { group in
            group.addTask { try await self.run(line) }
            group.addTask {
                try await Task.sleep(for: timeLimit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let table = first, clock.now <= deadline else {
                throw QueryFailure.timeLimit(timeLimit)
            }
            return table
        }
    }
}

public enum QueryFailure: Error, Sendable, CustomStringConvertible {
    case syntax([QueryDiagnostic])
    case timeLimit(Duration)

    public var description: String {
        switch self {
        case .syntax(let diagnostics): diagnostics.map(\.message).joined(separator: "; ")
        case .timeLimit(let limit): "the query took longer than its time limit (\(limit.inSeconds) s) and was cancelled"
        }
    }
}
