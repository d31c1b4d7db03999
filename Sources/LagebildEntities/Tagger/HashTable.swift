internal import CIntrinsics
import LagebildText

/// A read-mostly open-addressing map from word hashes to 32-bit values, for the tagger's lexicons:
/// one probe sequence over one flat array of slots (key and value side by side, so a lookup touches one
/// cache line), no `String`, no allocation on lookup. Only the upper 32 bits of a 64-bit hash are kept
/// (FNV-1a's best-mixed bits); a slot is `key << 32 | value`, and key 0 marks an empty slot.
struct HashTable: Sendable, Equatable {
    private(set) var slots: [UInt64]
    private(set) var count = 0
    private var mask: Int

    init(minimumCapacity: Int = 8) {
        let capacity = Self.capacity(for: minimumCapacity)
        slots = HugePageArray.make(repeating: 0, count: capacity)
        mask = capacity - 1
    }

    /// The slot count of a table for `minimumCapacity` pairs: a power of two, at most three quarters full.
    /// (At most half full, the model's 1.15 M words took 4 M slots, 32 MB, a quarter full; at 2 M slots a
    /// lookup probes a few slots more, within the same cache line or the next, and the table is half as
    /// large for the caches.)
    private static func capacity(for minimumCapacity: Int) -> Int {
        var capacity = 8
        while capacity * 3 < minimumCapacity * 4 { capacity <<= 1 }
        return capacity
    }

    /// A key as stored: the upper half of a word hash, never 0 (the empty slot's key).
    @inline(__always)
    private static func stored(_ key: UInt64) -> UInt32 { stored(upper: UInt32(truncatingIfNeeded: key >> 32)) }

    @inline(__always)
    private static func stored(upper key: UInt32) -> UInt32 { key == 0 ? 1 : key }

    @inline(__always)
    private func home(_ key: UInt32) -> Int { Self.home(key, mask: mask) }

    @inline(__always)
    private static func home(_ key: UInt32, mask: Int) -> Int { Int(truncatingIfNeeded: key &* 0x9E37_79B1) & mask }

    /// Asks for the cache line of `key`'s first probe (a lookup soon after finds it there).
    @inline(__always)
    func prefetch(_ key: UInt64) {
        let i = home(Self.stored(key))
        slots.withUnsafeBufferPointer { lagebild_prefetch($0.baseAddress! + i) }
    }

    subscript(key: UInt64) -> UInt32 {
        get { self[stored: Self.stored(key)] }
        set { self[stored: Self.stored(key)] = newValue }
    }

    subscript(stored key: UInt32) -> UInt32 {
        get {
            var i = home(key)
            return slots.withUnsafeBufferPointer { s in
                while true {
                    let slot = s[i]
                    let found = UInt32(truncatingIfNeeded: slot >> 32)
                    if found == key { return UInt32(truncatingIfNeeded: slot) }
                    if found == 0 { return 0 }
                    i = (i + 1) & mask
                }
            }
        }
        set {
            var i = home(key)
            while true {
                let found = UInt32(truncatingIfNeeded: slots[i] >> 32)
                if found == key { break }
                if found == 0 {
                    count += 1
                    break
                }
                i = (i + 1) & mask
            }
            slots[i] = UInt64(key) << 32 | UInt64(newValue)
            if count * 4 > slots.count * 3 { grow() }
        }
    }

    private mutating func grow() {
        let old = slots.filter { $0 != 0 }
        self = HashTable(minimumCapacity: old.count * 2)
        for slot in old { self[stored: UInt32(truncatingIfNeeded: slot >> 32)] = UInt32(truncatingIfNeeded: slot) }
    }

    /// The stored pairs in the order in which `init(count:loading:)` inserts them fastest: by their first
    /// slot in the table it builds (of `HashTable(minimumCapacity: count)`'s size), then by key (a
    /// canonical form for the model file, whatever order the pairs were added in).
    var entriesInLoadOrder: [(UInt32, UInt32)] {
        let mask = Self.capacity(for: count) - 1
        return slots.filter { $0 != 0 }.map { (Self.home(UInt32(truncatingIfNeeded: $0 >> 32), mask: mask), $0) }.sorted { $0 < $1 }
            .map { (UInt32(truncatingIfNeeded: $0.1 >> 32), UInt32(truncatingIfNeeded: $0.1)) }
    }

    /// A table of the pairs `next` gives, `count` of them, best in `entriesInLoadOrder`'s order: each
    /// insertion then writes at or just after the slot before it, so that a table larger than the caches
    /// fills at memory speed instead of one cache miss a pair.
    init<E: Error>(count: Int, loading next: () throws(E) -> (key: UInt32, value: UInt32)) throws(E) {
        self.init(minimumCapacity: count)
        for _ in 0..<count {
            let (key, value) = try next()
            self[stored: Self.stored(upper: key)] = value
        }
    }
}
