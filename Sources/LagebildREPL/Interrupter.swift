public import LagebildEngine
import Synchronization

/// Lets Ctrl-C cancel the query that is running, from a signal handler's thread: the session runs each
/// query as a task registered here, and `interrupt()` cancels it (cancellation reaches the index's and the
/// timeline's inner loops). The session and its snapshot stay.
public final class Interrupter: Sendable {
    private let current = Mutex<Task<ResultTable, any Error>?>(nil)

    public init() {}

    /// Runs `work` as the current query.
    public func run(_ work: @escaping @Sendable () async throws -> ResultTable) async throws -> ResultTable {
        let task = Task { try await work() }
        current.withLock { $0 = task }
        defer { current.withLock { $0 = nil } }
        return try await task.value
    }

    /// Cancels the running query; false when none is running.
    @discardableResult
    public func interrupt() -> Bool {
        current.withLock { task in
            guard let task else { return false }
            task.cancel()
            return true
        }
    }
}
