import LagebildText

/// Per term, plus one at the end: where the term's part of a flat array begins (`self[t] ..< self[t + 1]`
/// are term t's), as 32-bit numbers. Half the memory of `Int`s, which counts: the sealed index keeps four
/// such tables (postings, position bytes, document bytes, skip entries), and a shard of a news corpus has
/// hundreds of thousands of terms. The limit, 4 Gi entries or bytes per array and shard, lies far beyond
/// the corpora one machine loads (a shard reaches it at about 15 GB of text).
struct TermStarts: Sendable, Equatable {
    private(set) var values: [UInt32]

    /// The largest offset the table holds.
    static let limit = Int(UInt32.max)

    /// `[0]`: no terms.
    init() { values = [0] }

    /// Starts from each term's length, in term order.
    init(lengths: some Sequence<Int>, terms: Int) {
        values = []
        values.reserveCapacity(terms + 1)
        var total = 0
        values.append(0)
        for length in lengths {
            total += length
            precondition(total <= Self.limit, "an index shard holds at most 4 GiB in one array; load with more workers (a shard each)")
            values.append(UInt32(total))
        }
    }

    /// Reads offsets as written by a snapshot; nil when one does not fit.
    init?(_ offsets: [Int64]) {
        guard offsets.allSatisfy({ $0 >= 0 && $0 <= Self.limit }) else { return nil }
        values = offsets.map { UInt32($0) }
    }

    subscript(t: Int) -> Int {
        @inline(__always) get { Int(values[t]) }
        @inline(__always) set {
            precondition(newValue >= 0 && newValue <= Self.limit, "an index shard holds at most 4 GiB in one array")
            values[t] = UInt32(truncatingIfNeeded: newValue)
        }
    }

    /// Terms (one fewer than entries).
    var termCount: Int { values.count - 1 }
    /// The end of the last term: the array's size.
    var total: Int { Int(values[values.count - 1]) }
    /// Term t's range.
    @inline(__always)
    func range(_ t: Int) -> Range<Int> { Int(values[t])..<Int(values[t + 1]) }
    /// Term t's length.
    @inline(__always)
    func length(_ t: Int) -> Int { Int(values[t + 1] - values[t]) }

    /// Adds the next term's end.
    mutating func append(_ end: Int) {
        precondition(end >= total && end <= Self.limit, "an index shard holds at most 4 GiB in one array")
        values.append(UInt32(end))
    }

    mutating func reserveCapacity(_ terms: Int) { values.reserveCapacity(terms + 1) }

    var byteSize: Int { values.count * 4 }
    /// The offsets as 64-bit numbers, as a snapshot stores them (`init?(_:)` reads them back).
    var int64s: [Int64] { values.map { Int64($0) } }

    /// Writes `int64s` without making them (a table of 8 bytes a term).
    func write(to w: inout BinaryWriter) {
        w.write(count: values.count, of: Int64.self) { put in for v in values { put(Int64(v)) } }
    }

    var isAscending: Bool { zip(values, values.dropFirst()).allSatisfy { $0 <= $1 } }
}
