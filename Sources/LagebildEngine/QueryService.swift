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
        return try QueryExecutor(snapshot: snapshot).run(pipeline)
    }

    /// Parses and runs one query line.
    /// - Throws: `QueryFailure.syntax` with the diagnostics, or the execution error.
    public nonisolated func run(_ line: String) async throws -> ResultTable {
        let (pipeline, diagnostics) = Parser.parse(line)
        guard let pipeline else { throw QueryFailure.syntax(diagnostics) }
        return try await run(pipeline)
    }
}

public enum QueryFailure: Error, Sendable {
    case syntax([QueryDiagnostic])
}
