/// Interns byte strings to dense integer ids: an arena of bytes plus an open-addressing hash table.
///
/// The index's term dictionary and each worker's term cache are interners. No `String` is built; a lookup
/// hashes the bytes in place (FNV-1a) and compares against the arena.
/// - Complexity: `intern` and `find` are O(length) expected; the table doubles at 50 % load.
public struct TermInterner: Sendable {
    public private(set) var arena: [UInt8] = []
    /// `offsets[id] ..< offsets[id + 1]` is the arena range of term `id`.
    public private(set) var offsets: [Int32] = [0]
    private var slots: [Int32]
    private var hashes: [UInt32] = []
    private var mask: Int

    public init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    public var count: Int { offsets.count - 1 }

    @inline(__always)
    static func hash(_ p: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        for b in p { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        return h
    }

    @inline(__always)
    private func equals(_ id: Int, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let a = Int(offsets[id])
        let b = Int(offsets[id + 1])
        guard b - a == p.count else { return false }
        return arena.withUnsafeBufferPointer { arenaBuffer in
            for k in 0..<p.count where arenaBuffer[a + k] != p[k] { return false }
            return true
        }
    }

    /// The id of `bytes`, if interned.
    public func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = TermInterner.hash(bytes)
        var i = Int(h) & mask
        while true {
            let id = slots[i]
            if id < 0 { return nil }
            if hashes[Int(id)] == h, equals(Int(id), bytes) { return id }
            i = (i + 1) & mask
        }
    }

    /// The id of `bytes`, interning it if new.
    @discardableResult
    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = TermInterner.hash(bytes)
        var i = Int(h) & mask
        while true {
            let id = slots[i]
            if id < 0 { break }
            if hashes[Int(id)] == h, equals(Int(id), bytes) { return id }
            i = (i + 1) & mask
        }
        let id = Int32(count)
        arena.append(contentsOf: bytes)
        offsets.append(Int32(arena.count))
        hashes.append(h)
        slots[i] = id
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
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for id in 0..<count {
            var i = Int(hashes[id]) & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = Int32(id)
        }
    }
}
