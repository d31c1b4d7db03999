/// The sealed postings' counts (words << 16 | compound heads, see `IndexSegment`), one byte each where
/// they are small, which almost all are: a term occurs in a document 1 to 200 times as a word and never
/// as a head, or 1 to 54 times as a head only. Other counts (a stem both as a word and as a head in one
/// document, or very frequent) are escaped and kept beside, by posting, for a binary search. Against
/// 32-bit counts this saves three bytes a posting (FANG-COVID: 17 M postings), and postings are still
/// read by index in any order.
struct PackedCounts: Sendable, Equatable {
    private(set) var bytes: [UInt8] = []
    /// The escaped postings, ascending, and their counts.
    private(set) var escapedPostings: [Int] = []
    private(set) var escapedCounts: [UInt32] = []

    static let escape: UInt8 = 0xFF

    init() {}

    /// Packs `counts` (in posting order).
    init(_ counts: [UInt32]) {
        var escaped: [(posting: Int, count: UInt32)] = []
        let bytes = [UInt8](unsafeUninitializedCapacity: counts.count) { buffer, initialised in
            for (i, count) in counts.enumerated() { Self.put(count, at: i, in: buffer, escaped: &escaped) }
            initialised = counts.count
        }
        self.init(bytes: bytes, escaped: escaped)
    }

    /// Counts whose bytes were written with `put`, and the escaped ones, in any order.
    init(bytes: [UInt8], escaped: [(posting: Int, count: UInt32)]) {
        self.bytes = bytes
        let sorted = escaped.sorted { $0.posting < $1.posting }
        escapedPostings = sorted.map(\.posting)
        escapedCounts = sorted.map(\.count)
    }

    /// Writes a count's byte at `posting`: its one-byte code, or `escape` with the count added to `escaped`.
    @inline(__always)
    static func put(
        _ count: UInt32, at posting: Int, in bytes: UnsafeMutableBufferPointer<UInt8>, escaped: inout [(posting: Int, count: UInt32)]
    ) {
        let words = count >> 16, heads = count & 0xFFFF
        if heads == 0, words >= 1, words <= 200 {
            bytes[posting] = UInt8(words)
        } else if words == 0, heads >= 1, heads <= 54 {
            bytes[posting] = UInt8(200 + heads)
        } else {
            bytes[posting] = escape
            escaped.append((posting, count))
        }
    }

    /// The count a byte stands for; nil for `escape` (look it up).
    @inline(__always)
    static func decode(_ byte: UInt8) -> UInt32? {
        byte <= 200 ? UInt32(byte) << 16 : byte != escape ? UInt32(byte - 200) : nil
    }

    /// The count of escaped posting `posting` among `postings` (ascending) and their `counts`.
    static func escapedCount(_ posting: Int, postings: [Int], counts: [UInt32]) -> UInt32 {
        let lo = firstIndex(atLeast: posting, in: postings)
        precondition(lo < postings.count && postings[lo] == posting, "an escaped count is recorded")
        return counts[lo]
    }

    var count: Int { bytes.count }

    subscript(posting: Int) -> UInt32 {
        @inline(__always) get {
            Self.decode(bytes[posting]) ?? Self.escapedCount(posting, postings: escapedPostings, counts: escapedCounts)
        }
    }

    /// Every count, 32 bits each (for writing a snapshot, whose format has them so).
    var unpacked: [UInt32] { (0..<bytes.count).map { self[$0] } }

    var byteSize: Int { bytes.count + escapedPostings.count * 12 }

    /// Compacts the counts in place (after occurrences were taken out of the index): `body` reads counts by
    /// their old posting and writes them to their new one (one by one, or a block of postings whose counts
    /// do not change with `move`), in ascending order, never past the postings it has read; it returns how
    /// many postings remain.
    mutating func compact(
        _ body: (_ read: (Int) -> UInt32, _ write: (Int, UInt32) -> Void, _ move: (Range<Int>, Int) -> Void) -> Int
    ) {
        let oldPostings = escapedPostings, oldCounts = escapedCounts
        var escaped: [(posting: Int, count: UInt32)] = []  // written in ascending order
        escapedPostings = []
        escapedCounts = []
        let kept = bytes.withUnsafeMutableBufferPointer { b in
            body({ i in Self.decode(b[i]) ?? Self.escapedCount(i, postings: oldPostings, counts: oldCounts) },
                 { i, count in Self.put(count, at: i, in: b, escaped: &escaped) },
                 { range, start in
                     // The bytes as a block (not at all when they stay), the escaped counts among them carried.
                     if start != range.lowerBound, !range.isEmpty {
                         (b.baseAddress! + start).update(from: b.baseAddress! + range.lowerBound, count: range.count)
                     }
                     var k = Self.firstIndex(atLeast: range.lowerBound, in: oldPostings)
                     while k < oldPostings.count, oldPostings[k] < range.upperBound {
                         escaped.append((oldPostings[k] - range.lowerBound + start, oldCounts[k]))
                         k += 1
                     }
                 })
        }
        bytes.removeLast(bytes.count - kept)
        escapedPostings = escaped.map(\.posting)
        escapedCounts = escaped.map(\.count)
    }

    /// The index of the first of `postings` (ascending) that is at least `posting`.
    static func firstIndex(atLeast posting: Int, in postings: [Int]) -> Int {
        var lo = 0, hi = postings.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if postings[mid] < posting { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
