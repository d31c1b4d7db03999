// Public: the cache's inlinable code prefetches.
public import CIntrinsics

/// A per-worker cache of what was computed for recent surface forms, direct-mapped by the form's bytes
/// exactly as written, for forms of up to 16 bytes (nine tokens in ten). News text is Zipfian: most
/// tokens are a form seen a few sentences before, so a hit (one probe, no lower-casing, no hashing of
/// the form's parts, no lookups in large tables) replaces the work. Only for values that follow from
/// the form's bytes alone.
public struct FormCache<Value: BitwiseCopyable> {
    /// A form as a key: its bytes (little-endian, zero-filled) and its length (0: no form, an empty entry).
    @usableFromInline
    struct Form: Equatable, BitwiseCopyable {
        @usableFromInline var k0: UInt64
        @usableFromInline var k1: UInt64
        @usableFromInline var length: Int

        @inlinable init(k0: UInt64, k1: UInt64, length: Int) {
            self.k0 = k0
            self.k1 = k1
            self.length = length
        }
    }

    /// A form and its entry.
    public struct Key {
        @usableFromInline var form: Form
        @usableFromInline var slot: Int

        @inlinable init(form: Form, slot: Int) {
            self.form = form
            self.slot = slot
        }

        public var k0: UInt64 { form.k0 }
        public var k1: UInt64 { form.k1 }
        public var length: Int { form.length }
    }

    @usableFromInline
    struct Entry: BitwiseCopyable {
        @usableFromInline var form: Form
        @usableFromInline var value: Value

        @inlinable init(form: Form, value: Value) {
            self.form = form
            self.value = value
        }
    }

    @usableFromInline var entries: [Entry]
    @usableFromInline let shift: UInt64

    /// `2^bits` entries, all empty (`empty` is never returned).
    public init(bits: Int, empty: Value) {
        entries = HugePageArray.make(repeating: Entry(form: Form(k0: 0, k1: 0, length: 0), value: empty), count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    /// The key of the form at `range` of `p`; nil when it is longer than 16 bytes (or empty).
    @inlinable @inline(__always)
    public func key(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Key? {
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
            for k in 0..<length {
                let b = UInt64(p[range.lowerBound + k])
                if k < 8 { k0 |= b << UInt64(k * 8) } else { k1 |= b << UInt64((k - 8) * 8) }
            }
        }
        let h = (k0 ^ (k1 &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(length)) &* 0xFF51_AFD7_ED55_8CCD
        return Key(form: Form(k0: k0, k1: k1, length: length), slot: Int(truncatingIfNeeded: h >> shift))
    }

    /// Asks for the cache lines of `key`'s entry (a lookup soon after finds it there).
    @inlinable @inline(__always)
    public func prefetch(_ key: Key) {
        entries.withUnsafeBufferPointer { e in
            let entry = UnsafeRawPointer(e.baseAddress! + key.slot)
            lagebild_prefetch(entry)
            lagebild_prefetch(entry + (MemoryLayout<Entry>.stride - 1))
        }
    }

    /// The cached value of the form, if its entry holds it.
    @inlinable @inline(__always)
    public func value(_ key: Key) -> Value? {
        entries.withUnsafeBufferPointer { e in
            let entry = e[key.slot]
            return entry.form == key.form ? entry.value : nil
        }
    }

    @inlinable @inline(__always)
    public mutating func store(_ value: Value, for key: Key) {
        entries.withUnsafeMutableBufferPointer { e in
            e[key.slot] = Entry(form: key.form, value: value)
        }
    }
}
