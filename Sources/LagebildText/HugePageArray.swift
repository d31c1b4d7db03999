internal import CIntrinsics

/// Arrays for tables that are read at random places (the tagger's weights and word tables, the
/// per-worker caches): several MB each, tens together, so with 4 KB pages nearly every lookup also
/// misses the processor's address-translation cache and waits for a page walk. Such an array asks for
/// huge pages (2 MB) before it is first written, where the system gives them on request (Linux's
/// transparent huge pages in `madvise` mode); elsewhere it is an ordinary array.
public enum HugePageArray {
    /// Below this many bytes a table gains little: it holds at most one whole huge page.
    public static let minimumBytes = 4 << 20

    /// An array of `count` copies of `value`, on huge pages when it is large enough.
    public static func make<T: BitwiseCopyable>(repeating value: T, count: Int) -> [T] {
        make(count: count) { $0.initialize(repeating: value) }
    }

    /// An array of `count` elements written by `fill` (which must initialise all of them), on huge pages
    /// when it is large enough.
    public static func make<T: BitwiseCopyable>(
        count: Int, _ fill: (UnsafeMutableBufferPointer<T>) -> Void
    ) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let bytes = count * MemoryLayout<T>.stride
            if bytes >= minimumBytes {
                // A block this large is mapped fresh by the allocator, untouched: advised now, its whole
                // 2 MB pages are faulted in as huge pages. (Memory reused from the heap is advised all the
                // same; the kernel may merge its pages later.)
                _ = lagebild_advise_huge_pages(UnsafeMutableRawPointer(buffer.baseAddress!), UInt(bytes))
            }
            fill(buffer)
            initialized = count
        }
    }
}
