/// Hashing for the tagger's features: FNV-1a over bytes, a SplitMix64 finaliser to spread keys over
/// the weight table. Stable across runs and platforms: the model file depends on it.
enum FeatureHash {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    static func fnv(_ h: UInt64, _ byte: UInt8) -> UInt64 {
        (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    @inline(__always)
    static func bytes(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        var h = seed
        for i in range { h = fnv(h, p[i]) }
        return h
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    @inline(__always)
    static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        mix(a ^ (b &* 0x9e37_79b9_7f4a_7c15))
    }

    /// The hash of a whole word as the lexicons store it.
    static func word(_ s: some StringProtocol) -> UInt64 {
        var h = seed
        for b in s.utf8 { h = fnv(h, b) }
        return h
    }
}

/// Lower-casing of UTF-8 bytes for ASCII and Latin-1 letters (Ä Ö Ü and the rest of U+00C0–U+00DE),
/// which is what German and English names need; other scripts keep their case.
enum ByteCase {
    /// Replaces `out` with the lower-cased bytes of `range`.
    @inline(__always)
    static func lower(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        appendLower(p, range, to: &out)
    }

    /// Appends the lower-cased bytes of `range` to `out`.
    @inline(__always)
    static func appendLower(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to out: inout [UInt8]) {
        var i = range.lowerBound
        while i < range.upperBound {
            let b = p[i]
            if b == 0xC3, i + 1 < range.upperBound, isLatin1Capital(p[i + 1]) {
                out.append(0xC3)
                out.append(p[i + 1] + 0x20)
                i += 1
            } else {
                out.append(lowerASCII(b))
            }
            i += 1
        }
    }

    /// An ASCII capital lower-cased; any other byte as it is.
    @inline(__always)
    static func lowerASCII(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// Whether `b`, after a C3 byte, makes a Latin-1 capital (À–Þ but ×), whose lower case is `b + 0x20`.
    @inline(__always)
    static func isLatin1Capital(_ b: UInt8) -> Bool { b >= 0x80 && b <= 0x9E && b != 0x97 }
}
