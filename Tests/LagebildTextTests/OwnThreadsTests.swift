import Foundation
import Testing
@testable import LagebildText

@Suite struct OwnThreadsTests {
    /// Every iteration runs once, the first on the calling thread and each other on a thread of its own,
    /// and `perform` returns only when all have finished (their results are there to read).
    @Test func eachIterationRunsOnceOnItsOwnThread() {
        let count = 5
        let results = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
        let threads = UnsafeMutableBufferPointer<pthread_t>.allocate(capacity: count)
        results.initialize(repeating: 0)
        defer {
            results.deallocate()
            threads.deallocate()
        }
        nonisolated(unsafe) let r = results, t = threads  // each iteration writes only its own slots
        OwnThreads.perform(iterations: count) { k in
            Thread.sleep(forTimeInterval: 0.01)  // the others are still running when the first returns
            r[k] += k * k + 1
            t[k] = pthread_self()
        }
        #expect(Array(results) == [1, 2, 5, 10, 17])
        let caller = pthread_self()
        #expect(pthread_equal(threads[0], caller) != 0)
        for k in 1..<count {
            #expect(pthread_equal(threads[k], caller) == 0)
            for j in 1..<k { #expect(pthread_equal(threads[k], threads[j]) == 0) }
        }
    }

    @Test func noneOrOneIterationRunsOnTheCaller() {
        nonisolated(unsafe) var runs: [Int] = []
        OwnThreads.perform(iterations: 0) { runs.append($0) }
        #expect(runs.isEmpty)
        OwnThreads.perform(iterations: 1) { runs.append($0) }
        #expect(runs == [0])
    }
}
