/// A read-mostly open-addressing map from word hashes to 32-bit values, for the tagger's lexicons:
/// one probe sequence over a flat array, no `String`, no allocation on lookup. Only the upper 32 bits
/// of a 64-bit hash are kept (they are well mixed: FNV-1a's high bits).
struct HashTable: Sendable, Equatable {
    private(set) var keys: [UInt32]
    private(set) var values: [UInt32]
    private(set) var count = 0
    private var mask: Int

    init(minimumCapacity: Int = 8) {
        var capacity = 8
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        keys = Array(repeating: 0, count: capacity)
        values = Array(repeating: 0, count: capacity)
        mask = capacity - 1
    }

    @inline(__always)
    private static func stored(_ key: UInt64) -> UInt32 {
        let high = UInt32(truncatingIfNeeded: key >> 32)
        return high == 0 ? 1 : high
    }

    subscript(stored key: UInt32) -> UInt32 {
        get { self[UInt64(key) << 32] }
        set { self[UInt64(key) << 32] = newValue }
    }

    subscript(key: UInt64) -> UInt32 {
        get {
            let key = Self.stored(key)
            var i = Int(truncatingIfNeeded: key &* 0x9E37_79B1) & mask
            return keys.withUnsafeBufferPointer { k in
                while true {
                    let found = k[i]
                    if found == key { return values[i] }
                    if found == 0 { return 0 }
                    i = (i + 1) & mask
                }
            }
        }
        set {
            let key = Self.stored(key)
            var i = Int(truncatingIfNeeded: key &* 0x9E37_79B1) & mask
            while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
            if keys[i] == 0 {
                keys[i] = key
                count += 1
            }
            values[i] = newValue
            if count * 2 > keys.count { grow() }
        }
    }

    private mutating func grow() {
        let old = zip(keys, values).filter { $0.0 != 0 }
        self = HashTable(minimumCapacity: old.count * 2)
        for (k, v) in old { self[stored: k] = v }
    }

    /// The stored pairs, in key order (a canonical form for the model file).
    var sortedEntries: [(UInt32, UInt32)] {
        zip(keys, values).filter { $0.0 != 0 }.sorted { $0.0 < $1.0 }
    }
}
