import CIntrinsics

/// How the process asks glibc's allocator for memory while a corpus loads, and after.
///
/// glibc serves a block of at least the mmap threshold straight from the system and returns it when
/// freed; smaller blocks come from heaps that keep their pages. The threshold starts at 128 KB and rises
/// each time a large mapped block is freed, so during a load the index segments, mention batches and
/// per-document arrays soon come from heaps, and the end of the load (the final index laid out while
/// segments are let go, the registry's clustering) stacks on pages those heaps keep: held at 128 KB for
/// the load, the peak RSS of a whole FANG-COVID load falls by a third (docs/BENCHMARKS.md). Queries, in
/// turn, allocate arrays as long as the corpus has documents; from the system every time, each would pay
/// its page faults again, so after the load large blocks come from the heaps, and the heaps keep what
/// they free (as glibc's own rising threshold would have it).
enum AllocatorPolicy {
    /// Runs a load with large blocks mapped from the system, then lets queries reuse heap memory.
    static func loading<T>(_ body: () async throws -> T) async rethrows -> T {
        // glibc's own rule pairs a trim threshold of twice the mmap threshold with it.
        _ = lagebild_set_allocator_thresholds(loadThreshold, 2 * loadThreshold)
        defer { _ = lagebild_set_allocator_thresholds(queryThreshold, 2 * queryThreshold) }
        return try await body()
    }

    /// glibc's initial threshold.
    static let loadThreshold: Int32 = 128 << 10
    /// The largest the rising threshold can become on 64-bit glibc (`DEFAULT_MMAP_THRESHOLD_MAX`).
    static let queryThreshold: Int32 = 32 << 20
}
