public import LagebildQuery
import LagebildText

/// The query layer: holds the current snapshot; any number of queries run concurrently, each against the
/// snapshot it started with. Publishing a new snapshot never waits for running queries.
public actor QueryService {
    private var snapshot: Snapshot

    public init(snapshot: Snapshot) { self.snapshot = snapshot }

    public func publish(_ snapshot: Snapshot) { self.snapshot = snapshot }

    public func current() -> Snapshot { snapshot }

    /// Runs a parsed pipeline. The work happens outside the actor, on the caller's task.
    public nonisolated func run(_ pipeline: Pipeline) async throws -> ResultTable {
        let snapshot = await current()
        return try await QueryExecutor(snapshot: snapshot).run(pipeline)
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
