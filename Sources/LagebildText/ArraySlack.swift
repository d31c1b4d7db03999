extension Array {
    /// Moves the elements into storage of their own size when the array has spare capacity. An array
    /// grown by appending keeps, on average, a quarter of its storage spare (capacity doubles); arrays
    /// kept per document until the end of a load (sentences, mentions, quotes, events) drop it once
    /// they are complete, which lowers the load's peak memory.
    public mutating func dropGrowthSlack() {
        // Below 32 spare bytes, storage of the exact size is no smaller (the allocator's granularity).
        guard (capacity - count) * MemoryLayout<Element>.stride >= 32 else { return }
        if isEmpty {
            self = []
            return
        }
        self = Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = withUnsafeBufferPointer { buffer.initialize(fromContentsOf: $0) }
        }
    }
}
