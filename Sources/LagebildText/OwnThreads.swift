import Foundation

/// Parallel loops on threads of their own, for long CPU-bound jobs started from async code.
///
/// `DispatchQueue.concurrentPerform` shares its threads with Swift's task executor on Linux (both are
/// libdispatch's pool, as wide as the machine has cores): while a task keeps one core busy, a loop of two
/// iterations ran them one after the other on the other core. At the end of a load the index shards are
/// sealed while the entities are clustered in a task, and the two shards took turns. Threads of their own
/// are scheduled by the system beside the pool's, so that every job makes progress at once.
public enum OwnThreads {
    /// Runs `body(k)` for `k` in `0..<iterations`, the first on the calling thread and each other on a new
    /// thread; returns when all have returned.
    public static func perform(iterations: Int, stackSize: Int = 8 << 20, _ body: @escaping @Sendable (Int) -> Void) {
        guard iterations > 1 else {
            if iterations == 1 { body(0) }
            return
        }
        let done = DispatchSemaphore(value: 0)
        for k in 1..<iterations {
            let thread = Thread {
                body(k)
                done.signal()
            }
            thread.stackSize = stackSize
            thread.start()
        }
        body(0)
        for _ in 1..<iterations { done.wait() }
    }
}
