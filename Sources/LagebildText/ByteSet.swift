/// A set of short byte strings, looked up by a 64-bit FNV-1a hash of the bytes.
///
/// Used for closed word classes (abbreviations, sentence starters, stop words) that the hot loops test
/// against a slice of the document buffer without building a `String`. With a few hundred members, the
/// chance of a false hit from a hash collision is about 2^-50 per lookup.
public struct ByteSet: Sendable {
    private var hashes: Set<UInt64>

    public init(_ words: some Sequence<String>) {
        hashes = Set(words.map { ByteSet.hash(Array($0.utf8)[...]) })
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
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in range {
            h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3
        }
        return hashes.contains(h)
    }

    /// Case-insensitive for ASCII and Latin-1 letters (members must be lower-case): the bytes are lower-cased
    /// while hashing.
    @inline(__always)
    public func containsLowercased(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
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
        return hashes.contains(h)
    }

    public func contains(_ s: String) -> Bool {
        hashes.contains(ByteSet.hash(Array(s.utf8)))
    }
}
