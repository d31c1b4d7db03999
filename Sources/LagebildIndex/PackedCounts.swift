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
        bytes = [UInt8](unsafeUninitializedCapacity: counts.count) { buffer, initialised in
            for (i, count) in counts.enumerated() {
                if let code = Self.code(count) {
                    buffer[i] = code
                } else {
                    buffer[i] = Self.escape
                    escapedPostings.append(i)
                    escapedCounts.append(count)
                }
            }
            initialised = counts.count
        }
    }

    /// Counts whose bytes were filled with `code(_:)` or `escape`, and the escaped ones, in any order.
    init(bytes: [UInt8], escaped: [(posting: Int, count: UInt32)]) {
        self.bytes = bytes
        let sorted = escaped.sorted { $0.posting < $1.posting }
        escapedPostings = sorted.map(\.posting)
        escapedCounts = sorted.map(\.count)
    }

    /// The one-byte code of a count, nil when it must be escaped.
    @inline(__always)
    static func code(_ count: UInt32) -> UInt8? {
        let words = count >> 16, heads = count & 0xFFFF
        if heads == 0, words >= 1, words <= 200 { return UInt8(words) }
        if words == 0, heads >= 1, heads <= 54 { return UInt8(200 + heads) }
        return nil
    }

    var count: Int { bytes.count }

    subscript(posting: Int) -> UInt32 {
        @inline(__always) get {
            let b = bytes[posting]
            if b <= 200 { return UInt32(b) << 16 }
            if b != Self.escape { return UInt32(b - 200) }
            return escaped(posting)
        }
    }

    /// The count of an escaped posting.
    func escaped(_ posting: Int) -> UInt32 {
        var lo = 0, hi = escapedPostings.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if escapedPostings[mid] < posting { lo = mid + 1 } else { hi = mid }
        }
        precondition(lo < escapedPostings.count && escapedPostings[lo] == posting, "an escaped count is recorded")
        return escapedCounts[lo]
    }

    /// Every count, 32 bits each (for writing a snapshot, whose format has them so).
    var unpacked: [UInt32] { (0..<bytes.count).map { self[$0] } }

    var byteSize: Int { bytes.count + escapedPostings.count * 12 }

    /// Compacts the counts in place (after occurrences were taken out of the index): `body` reads counts by
    /// their old posting and writes them to their new one, in ascending order, never past the postings it has
    /// read; it returns how many postings remain.
    mutating func compact(_ body: (_ read: (Int) -> UInt32, _ write: (Int, UInt32) -> Void) -> Int) {
        let oldPostings = escapedPostings, oldCounts = escapedCounts
        var newPostings: [Int] = [], newCounts: [UInt32] = []
        escapedPostings = []
        escapedCounts = []
        let kept = bytes.withUnsafeMutableBufferPointer { b in
            body({ i in
                let code = b[i]
                if code <= 200 { return UInt32(code) << 16 }
                if code != Self.escape { return UInt32(code - 200) }
                var lo = 0, hi = oldPostings.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if oldPostings[mid] < i { lo = mid + 1 } else { hi = mid }
                }
                return oldCounts[lo]
            }, { i, count in
                if let code = Self.code(count) {
                    b[i] = code
                } else {
                    b[i] = Self.escape
                    newPostings.append(i)
                    newCounts.append(count)
                }
            })
        }
        bytes.removeLast(bytes.count - kept)
        escapedPostings = newPostings
        escapedCounts = newCounts
    }
}
