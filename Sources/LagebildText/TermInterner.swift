internal import CIntrinsics
#if canImport(Glibc)
import Glibc
#endif

/// Interns byte strings to dense integer ids: an arena of bytes plus an open-addressing hash table.
///
/// The index's term dictionary and each worker's term cache are interners. No `String` is built; a lookup
/// hashes the bytes in place (FNV-1a) and compares against the arena.
/// - Complexity: `intern` and `find` are O(length) expected; the table doubles at 50 % load.
public struct TermInterner: Sendable {
    public private(set) var arena: [UInt8] = []
    /// `offsets[id] ..< offsets[id + 1]` is the arena range of term `id`.
    public private(set) var offsets: [Int32] = [0]
    /// Open addressing: each slot holds `hash << 32 | (id + 1)`, 0 when empty, so a probe reads one word.
    private var slots: [UInt64]
    private var mask: Int

    public init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = HugePageArray.make(repeating: UInt64(0), count: size)
        mask = size - 1
    }

    public var count: Int { offsets.count - 1 }

    @inline(__always)
    public static func hash(_ p: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        for b in p { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        return h
    }

    @inline(__always)
    private func equals(_ id: Int, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let a = Int(offsets[id])
        guard Int(offsets[id + 1]) - a == p.count else { return false }
        guard let base = p.baseAddress, p.count > 0 else { return true }
        return arena.withUnsafeBufferPointer { arenaBuffer in
            let stored = arenaBuffer.baseAddress! + a
            if p.count <= 16 {  // words: a byte loop beats the call into memcmp
                for k in 0..<p.count where stored[k] != base[k] { return false }
                return true
            }
            return memcmp(stored, base, p.count) == 0
        }
    }

    /// The slot where `bytes` is, or the empty slot where it would go; and the id if found.
    @inline(__always)
    private func probe(_ bytes: UnsafeBufferPointer<UInt8>, _ h: UInt32) -> (slot: Int, id: Int32?) {
        slots.withUnsafeBufferPointer { table in
            var i = Int(h) & mask
            while true {
                let entry = table[i]
                if entry == 0 { return (i, nil) }
                if UInt32(truncatingIfNeeded: entry >> 32) == h {
                    let id = Int(UInt32(truncatingIfNeeded: entry)) - 1
                    if equals(id, bytes) { return (i, Int32(id)) }
                }
                i = (i + 1) & mask
            }
        }
    }

    /// Asks for the cache line of the first slot that a lookup of a term with hash `h` reads.
    @inline(__always)
    public func prefetch(hash h: UInt32) {
        slots.withUnsafeBufferPointer { lagebild_prefetch($0.baseAddress! + (Int(h) & mask)) }
    }

    /// Asks for the stored bytes of the term in the first slot for hash `h`, if its hash is `h` (when its
    /// slot was asked for earlier, `prefetch(hash:)`, and has arrived, the comparison then finds the bytes).
    @inline(__always)
    public func prefetchBytes(hash h: UInt32) {
        let entry = slots.withUnsafeBufferPointer { $0[Int(h) & mask] }
        guard entry != 0, UInt32(truncatingIfNeeded: entry >> 32) == h else { return }
        let id = Int(UInt32(truncatingIfNeeded: entry)) - 1
        let start = offsets.withUnsafeBufferPointer { Int($0[id]) }
        arena.withUnsafeBufferPointer { if let base = $0.baseAddress { lagebild_prefetch(base + start) } }
    }

    /// The id of `bytes`, if interned.
    public func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        probe(bytes, TermInterner.hash(bytes)).id
    }

    /// `find` with a hash the caller already computed; every call on one interner must use the same hash
    /// function (see `intern(_:hash:)`).
    public func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32? {
        probe(bytes, hash).id
    }

    /// `intern` with a caller's hash (to hash a word once for several tables).
    @discardableResult
    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt32) -> Int32 {
        let (slot, found) = probe(bytes, h)
        if let found { return found }
        return insert(bytes, h, slot)
    }

    /// The id of `bytes`, interning it if new.
    @discardableResult
    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = TermInterner.hash(bytes)
        let (slot, found) = probe(bytes, h)
        if let found { return found }
        return insert(bytes, h, slot)
    }

    private mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, _ h: UInt32, _ slot: Int) -> Int32 {
        let id = Int32(count)
        arena.append(contentsOf: bytes)
        offsets.append(Int32(arena.count))
        slots[slot] = UInt64(h) << 32 | UInt64(id + 1)
        if count * 2 > slots.count { grow() }
        return id
    }

    public mutating func intern(_ s: String) -> Int32 {
        var copy = s
        return copy.withUTF8 { intern($0) }
    }

    public func find(_ s: String) -> Int32? {
        var copy = s
        return copy.withUTF8 { find($0) }
    }

    /// The bytes of term `id`.
    public func bytes(_ id: Int32) -> ArraySlice<UInt8> {
        arena[Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1])]
    }

    public func string(_ id: Int32) -> String {
        String(decoding: bytes(id), as: UTF8.self)
    }

    private mutating func grow() {
        let old = slots
        let size = slots.count * 2
        slots = HugePageArray.make(repeating: UInt64(0), count: size)
        mask = size - 1
        for entry in old where entry != 0 {
            var i = Int(UInt32(truncatingIfNeeded: entry >> 32)) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = entry
        }
    }
}
