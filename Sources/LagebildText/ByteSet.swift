/// A set of short byte strings, looked up by a 64-bit FNV-1a hash of the bytes.
///
/// Used for closed word classes (abbreviations, sentence starters, stop words) that the hot loops test
/// against a slice of the document buffer without building a `String`. With a few hundred members, the
/// chance of a false hit from a hash collision is about 2^-50 per lookup. Two cheap filters run before
/// hashing: the member lengths and the (lower-cased) first bytes, which reject most words of running text.
/// The table is open addressing over the hashes themselves (no `Hasher`, which cost 3 % of analysis).
public struct ByteSet: Sendable {
    private var table: [UInt64]
    private var mask: Int
    private var firstBytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var lengths: UInt64 = 0  // bit n: a member has n bytes (n < 63); bit 63: longer members

    public init(_ words: some Sequence<String>) {
        let members = Array(Set(words))
        var size = 16
        while size < members.count * 4 { size <<= 1 }
        table = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for word in members {
            let bytes = Array(word.utf8)
            guard let first = bytes.first else { continue }
            let h = ByteSet.hash(bytes) | 1  // 0 marks an empty slot
            var i = Int(truncatingIfNeeded: h) & mask
            while table[i] != 0 && table[i] != h { i = (i + 1) & mask }
            table[i] = h
            ByteSet.set(&firstBytes, ByteSet.foldFirst(first))
            lengths |= bytes.count < 63 ? 1 << UInt64(bytes.count) : 1 << 63
        }
    }

    @inline(__always)
    private static func foldFirst(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }

    private static func set(_ bits: inout (UInt64, UInt64, UInt64, UInt64), _ b: UInt8) {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: bits.0 |= bit
        case 1: bits.1 |= bit
        case 2: bits.2 |= bit
        default: bits.3 |= bit
        }
    }

    @inline(__always)
    private func mayContain(first b: UInt8, length: Int) -> Bool {
        let lengthBit: UInt64 = length < 63 ? 1 << UInt64(length) : 1 << 63
        guard lengths & lengthBit != 0 else { return false }
        let f = ByteSet.foldFirst(b)
        let bit = UInt64(1) << UInt64(f & 63)
        switch f >> 6 {
        case 0: return firstBytes.0 & bit != 0
        case 1: return firstBytes.1 & bit != 0
        case 2: return firstBytes.2 & bit != 0
        default: return firstBytes.3 & bit != 0
        }
    }

    @inline(__always)
    private func lookup(_ h: UInt64) -> Bool {
        let key = h | 1
        var i = Int(truncatingIfNeeded: key) & mask
        while true {
            let slot = table[i]
            if slot == key { return true }
            if slot == 0 { return false }
            i = (i + 1) & mask
        }
    }

    @inlinable
    public static func hash(_ bytes: some Collection<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        return h
    }

    @inline(__always)
    public func contains(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty, mayContain(first: p[range.lowerBound], length: range.count) else { return false }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in range {
            h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3
        }
        return lookup(h)
    }

    /// Case-insensitive for ASCII and Latin-1 letters (members must be lower-case): the bytes are lower-cased
    /// while hashing.
    @inline(__always)
    public func containsLowercased(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty, mayContain(first: p[range.lowerBound], length: range.count) else { return false }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var previous: UInt8 = 0
        for i in range {
            var b = p[i]
            if b &- 0x41 < 26 {
                b |= 0x20
            } else if previous == 0xC3, b &- 0x80 < 0x1F, b != 0x97 {
                b += 0x20  // À–Þ are C3 80–9E; their lower-case forms are C3 A0–BE
            }
            previous = p[i]
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        return lookup(h)
    }
}
