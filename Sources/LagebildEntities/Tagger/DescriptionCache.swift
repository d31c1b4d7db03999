internal import CIntrinsics
import LagebildText

/// What the tagger found out about recent surface forms (`FeatureExtractor.describe` and the lexicon
/// lookups after it), direct-mapped by the form's bytes exactly as written, for forms of up to 16 bytes
/// (nine tokens in ten). News text is Zipfian: most tokens are a form seen a few sentences before,
/// and a hit costs one probe instead of lower-casing, four hashes and lookups in word tables of
/// several MB. Only for a fixed model: what is cached depends on its tables.
struct DescriptionCache {
    struct Entry {
        var k0: UInt64 = 0
        var k1: UInt64 = 0
        /// The form's length in bytes; 0 marks an empty entry.
        var length: Int = 0
        var info = TokenInfo()
    }

    /// A form's key and slot: its bytes (little-endian, zero-filled) and length.
    struct Key {
        var k0: UInt64
        var k1: UInt64
        var length: Int
        var slot: Int
    }

    private var entries: [Entry]
    private let shift: UInt64

    init(bits: Int) {
        entries = HugePageArray.make(repeating: Entry(), count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    /// The key of the form at `range`, nil when it is longer than 16 bytes (or empty).
    @inline(__always)
    func key(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Key? {
        let length = range.count
        guard length > 0, length <= 16 else { return nil }
        var k0: UInt64 = 0, k1: UInt64 = 0
        if range.lowerBound + 16 <= p.count {
            // Two loads and masks instead of a loop over the bytes.
            let base = UnsafeRawPointer(p.baseAddress! + range.lowerBound)
            k0 = base.loadUnaligned(as: UInt64.self)
            if length < 8 { k0 &= (1 << UInt64(length * 8)) - 1 }
            if length > 8 {
                k1 = base.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                if length < 16 { k1 &= (1 << UInt64((length - 8) * 8)) - 1 }
            }
        } else {
            for (k, b) in UnsafeBufferPointer(rebasing: p[range]).enumerated() {
                if k < 8 { k0 |= UInt64(b) << UInt64(k * 8) } else { k1 |= UInt64(b) << UInt64((k - 8) * 8) }
            }
        }
        let h = (k0 ^ (k1 &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(length)) &* 0xFF51_AFD7_ED55_8CCD
        return Key(k0: k0, k1: k1, length: length, slot: Int(truncatingIfNeeded: h >> shift))
    }

    /// Asks for the cache lines of `key`'s entry (a lookup soon after finds it there).
    @inline(__always)
    func prefetch(_ key: Key) {
        entries.withUnsafeBufferPointer { e in
            let entry = UnsafeRawPointer(e.baseAddress! + key.slot)
            lagebild_prefetch(entry)
            lagebild_prefetch(entry + (MemoryLayout<Entry>.stride - 1))
        }
    }

    /// The cached description of the form, if its entry holds it.
    @inline(__always)
    func info(_ key: Key) -> TokenInfo? {
        entries.withUnsafeBufferPointer { e in
            let entry = e[key.slot]
            return entry.k0 == key.k0 && entry.k1 == key.k1 && entry.length == key.length ? entry.info : nil
        }
    }

    @inline(__always)
    mutating func store(_ info: TokenInfo, for key: Key) {
        entries.withUnsafeMutableBufferPointer { e in
            e[key.slot] = Entry(k0: key.k0, k1: key.k1, length: key.length, info: info)
        }
    }
}
