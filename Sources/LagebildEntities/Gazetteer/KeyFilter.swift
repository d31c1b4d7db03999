/// A set of word keys (the tagger's word hashes) as a bitmap of 2^16 bits, 8 KB: no false negatives, few
/// false positives for a few thousand keys. A lookup table asks it first, so that the usual answer for a
/// token, "not there", costs one load from a table that stays in L1 instead of hashing the key for a
/// `Dictionary` (SipHash, run for every token of the corpus by the role and phrase lookups).
struct KeyFilter: Sendable {
    private var bits = [UInt64](repeating: 0, count: 1 << 10)

    init(_ keys: some Sequence<UInt64>) {
        for key in keys {
            let b = Self.bit(key)
            bits[b >> 6] |= 1 << UInt64(b & 63)
        }
    }

    /// Whether `key` may be among the keys (false: it is not).
    @inline(__always)
    func mayContain(_ key: UInt64) -> Bool {
        let b = Self.bit(key)
        return bits.withUnsafeBufferPointer { $0[b >> 6] >> UInt64(b & 63) & 1 != 0 }
    }

    /// 16 well-mixed bits of the key (the word hashes' low bits mix poorly).
    @inline(__always)
    private static func bit(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 48) }
}
