internal import CIntrinsics

/// Left-to-right decoding: each token takes the best-scoring tag given its features and the two
/// tags before it; an `I-X` may only continue an X chunk. Shared by the tagger and the trainer so
/// that training sees exactly what tagging will do.
enum GreedyDecoder {
    static let tagCount = EntityTag.count

    /// Every weight-table row that scores token `i`: its static features (`extractor.features[rows]`),
    /// then the five that depend on the two tags before it.
    @inline(__always)
    static func forEachRow(
        _ i: Int, rows: Range<Int>, extractor: borrowing FeatureExtractor, previous: UInt8, beforePrevious: UInt8,
        _ body: (UInt32) -> Void
    ) {
        extractor.features.withUnsafeBufferPointer { f in
            for k in rows { body(f[k]) }
        }
        let h = extractor.historyRows(i, previous: previous, beforePrevious: beforePrevious)
        body(h.0)
        body(h.1)
        body(h.2)
        body(h.3)
        body(h.4)
    }

    /// The allowed tag with the highest score (`score(t)` for tag `t`).
    @inline(__always)
    static func choose<S: Comparable>(after previous: UInt8, lowest: S, _ score: (Int) -> S) -> UInt8 {
        let prev = EntityTag(rawValue: previous)
        var best: UInt8 = 0, bestScore = lowest
        for t in 0..<tagCount {
            let s = score(t)
            if s > bestScore, EntityTag(rawValue: UInt8(t)).canFollow(prev) {
                best = UInt8(t)
                bestScore = s
            }
        }
        return best
    }

    /// The best tag under the trainer's float weights; `scores` is scratch space for one row.
    @inline(__always)
    static func best(
        _ i: Int, extractor: borrowing FeatureExtractor, weights: UnsafeBufferPointer<Float>,
        previous: UInt8, beforePrevious: UInt8, scores: UnsafeMutableBufferPointer<Float>
    ) -> UInt8 {
        let n = tagCount
        for t in 0..<n { scores[t] = 0 }
        forEachRow(i, rows: extractor.staticRows(i), extractor: extractor, previous: previous, beforePrevious: beforePrevious) { row in
            let base = Int(row) &* n
            for t in 0..<n { scores[t] += weights[base &+ t] }
        }
        return choose(after: previous, lowest: -Float.infinity) { scores[$0] }
    }

    /// Sums of weight rows under the model's 16-bit weights: each row of 25 is read as 16 + 8 + 1
    /// lanes and summed in 32-bit integers, which is exact and several times faster than converting to
    /// floats (the weights' common scale does not change which tag scores best).
    struct RowSums {
        var a = SIMD16<Int32>(), b = SIMD8<Int32>(), c: Int32 = 0

        /// One row of the table at `base`, widened.
        @inline(__always)
        init(row: UInt32, _ base: UnsafeRawPointer) {
            let offset = Int(row) &* 50
            a = SIMD16<Int32>(truncatingIfNeeded: base.loadUnaligned(fromByteOffset: offset, as: SIMD16<Int16>.self))
            b = SIMD8<Int32>(truncatingIfNeeded: base.loadUnaligned(fromByteOffset: offset &+ 32, as: SIMD8<Int16>.self))
            c = Int32(base.loadUnaligned(fromByteOffset: offset &+ 48, as: Int16.self))
        }

        @inline(__always)
        mutating func add(_ row: UInt32, _ base: UnsafeRawPointer) { add(RowSums(row: row, base)) }

        @inline(__always)
        mutating func subtract(_ row: UInt32, _ base: UnsafeRawPointer) {
            let other = RowSums(row: row, base)
            a &-= other.a
            b &-= other.b
            c &-= other.c
        }

        @inline(__always)
        mutating func add(_ other: RowSums) {
            a &+= other.a
            b &+= other.b
            c &+= other.c
        }

        /// Tag `t`'s sum.
        @inline(__always)
        subscript(t: Int) -> Int32 { t < 16 ? a[t] : t < 24 ? b[t - 16] : c }

        /// The sum of `rows` of `extractor.features`.
        @inline(__always)
        init(rows: Range<Int>, extractor: borrowing FeatureExtractor, weights: UnsafeBufferPointer<Int16>) {
            precondition(tagCount == 25)
            let base = UnsafeRawPointer(weights.baseAddress!)
            extractor.features.withUnsafeBufferPointer { f in
                for k in rows { add(f[k], base) }
            }
        }

        init() {}
    }

    /// Asks for the cache lines of `rows` of `extractor.features` (a row of 50 bytes may straddle two).
    @inline(__always)
    static func prefetch(rows: Range<Int>, extractor: borrowing FeatureExtractor, weights: UnsafeBufferPointer<Int16>) {
        let base = UnsafeRawPointer(weights.baseAddress!)
        extractor.features.withUnsafeBufferPointer { f in
            for k in rows {
                let offset = Int(f[k]) &* 50
                lagebild_prefetch(base + offset)
                lagebild_prefetch(base + (offset &+ 49))
            }
        }
    }

    /// The best tag under the model's 16-bit weights, starting from `sums` (rows already added, such as
    /// a word's own) and adding token `i`'s `rows` and history rows.
    @inline(__always)
    static func best(
        _ i: Int, rows: Range<Int>, extractor: borrowing FeatureExtractor, weights: UnsafeBufferPointer<Int16>,
        previous: UInt8, beforePrevious: UInt8, sums: RowSums = RowSums()
    ) -> UInt8 {
        precondition(tagCount == 25)
        var total = sums
        let base = UnsafeRawPointer(weights.baseAddress!)
        forEachRow(i, rows: rows, extractor: extractor, previous: previous, beforePrevious: beforePrevious) { row in
            total.add(row, base)
        }
        return choose(after: previous, total)
    }

    /// `best` for sums that already hold token `i`'s history rows after two `O`s (the tagger caches them
    /// with the word's own rows: most scored tokens follow two `O`s). After other tags, the rows that
    /// differ are taken out and the right ones added: integer sums, so the result is the same.
    @inline(__always)
    static func best(
        _ i: Int, rows: Range<Int>, extractor: borrowing FeatureExtractor, weights: UnsafeBufferPointer<Int16>,
        previous: UInt8, beforePrevious: UInt8, sumsAfterOutside sums: RowSums
    ) -> UInt8 {
        var total = sums
        let base = UnsafeRawPointer(weights.baseAddress!)
        extractor.features.withUnsafeBufferPointer { f in
            for k in rows { total.add(f[k], base) }
        }
        if previous != 0 || beforePrevious != 0 {
            let outside = extractor.historyRows(i, previous: 0, beforePrevious: 0)
            let h = extractor.historyRows(i, previous: previous, beforePrevious: beforePrevious)
            @inline(__always) func replace(_ old: UInt32, _ new: UInt32) {
                if old != new {
                    total.subtract(old, base)
                    total.add(new, base)
                }
            }
            replace(outside.0, h.0)
            replace(outside.1, h.1)
            replace(outside.2, h.2)
            replace(outside.3, h.3)
            replace(outside.4, h.4)
        }
        return choose(after: previous, total)
    }

    /// `choose` for row sums, without going through all 25 tags: the allowed ones are `O`, every `B-X` (odd
    /// numbers) and the `I-X` that continues the previous tag's chunk; lanes are read at constant places
    /// (a lane read at a variable place stores the whole vector first). The first tag with the highest
    /// score wins, as in `choose`.
    @inline(__always)
    static func choose(after previous: UInt8, _ total: RowSums) -> UInt8 {
        precondition(tagCount == 25)
        let a = total.a, b = total.b
        var best: UInt8 = 0, top = a[0]
        @inline(__always) func consider(_ t: UInt8, _ s: Int32) {
            if s > top { top = s; best = t }
        }
        consider(1, a[1]); consider(3, a[3]); consider(5, a[5]); consider(7, a[7])
        consider(9, a[9]); consider(11, a[11]); consider(13, a[13]); consider(15, a[15])
        consider(17, b[1]); consider(19, b[3]); consider(21, b[5]); consider(23, b[7])
        // The `I` tag the previous tag may continue, taken in its place among the others on a tie.
        if previous != 0 {
            let inside = previous &+ (previous & 1)
            let s = total[Int(inside)]
            if s > top || (s == top && inside < best) { best = inside }
        }
        return best
    }

    /// The rows that `best` added for token `i`, for the trainer's update.
    static func rows(_ i: Int, extractor: borrowing FeatureExtractor, previous: UInt8, beforePrevious: UInt8, into out: inout [UInt32]) {
        out.removeAll(keepingCapacity: true)
        forEachRow(i, rows: extractor.staticRows(i), extractor: extractor, previous: previous, beforePrevious: beforePrevious) {
            out.append($0)
        }
    }
}
