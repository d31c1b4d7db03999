/// Left-to-right decoding: each token takes the best-scoring tag given its features and the two
/// tags before it; an `I-X` may only continue an X chunk. Shared by the tagger and the trainer so
/// that training sees exactly what tagging will do.
enum GreedyDecoder {
    static let tagCount = EntityTag.count

    /// Scores token `i` into `scores` and returns the best allowed tag.
    @inline(__always)
    static func best<W: WeightScalar>(
        _ i: Int, extractor: borrowing FeatureExtractor, weights: UnsafeBufferPointer<W>,
        previous: UInt8, beforePrevious: UInt8, scores: UnsafeMutableBufferPointer<Float>
    ) -> UInt8 {
        let n = tagCount
        for t in 0..<n { scores[t] = 0 }
        extractor.features.withUnsafeBufferPointer { f in
            for k in extractor.offsets[i]..<extractor.offsets[i + 1] {
                let base = Int(f[k]) &* n
                for t in 0..<n { scores[t] += weights[base &+ t].asFloat }
            }
        }
        let h = extractor.historyRows(i, previous: previous, beforePrevious: beforePrevious)
        @inline(__always) func add(_ row: UInt32) {
            let base = Int(row) &* n
            for t in 0..<n { scores[t] += weights[base &+ t].asFloat }
        }
        add(h.0)
        add(h.1)
        add(h.2)
        add(h.3)
        add(h.4)
        let prev = EntityTag(rawValue: previous)
        var best: UInt8 = 0, bestScore = -Float.infinity
        for t in 0..<n where scores[t] > bestScore {
            if EntityTag(rawValue: UInt8(t)).canFollow(prev) {
                best = UInt8(t)
                bestScore = scores[t]
            }
        }
        return best
    }

    /// `best` for the model's 16-bit weights: each row of 25 is read as 16 + 8 + 1 lanes and summed in
    /// 32-bit integers, which is exact and several times faster than converting to floats.
    @inline(__always)
    static func best(_ i: Int, extractor: borrowing FeatureExtractor, weights: UnsafeBufferPointer<Int16>, previous: UInt8, beforePrevious: UInt8) -> UInt8 {
        precondition(tagCount == 25)
        var a = SIMD16<Int32>(), b = SIMD8<Int32>(), c: Int32 = 0
        let base = UnsafeRawPointer(weights.baseAddress!)
        @inline(__always) func add(_ row: UInt32) {
            let offset = Int(row) &* 50
            a &+= SIMD16<Int32>(truncatingIfNeeded: base.loadUnaligned(fromByteOffset: offset, as: SIMD16<Int16>.self))
            b &+= SIMD8<Int32>(truncatingIfNeeded: base.loadUnaligned(fromByteOffset: offset &+ 32, as: SIMD8<Int16>.self))
            c &+= Int32(base.loadUnaligned(fromByteOffset: offset &+ 48, as: Int16.self))
        }
        extractor.features.withUnsafeBufferPointer { f in
            for k in extractor.offsets[i]..<extractor.offsets[i + 1] { add(f[k]) }
        }
        let h = extractor.historyRows(i, previous: previous, beforePrevious: beforePrevious)
        add(h.0)
        add(h.1)
        add(h.2)
        add(h.3)
        add(h.4)
        let prev = EntityTag(rawValue: previous)
        var best: UInt8 = 0, bestScore = Int32.min
        for t in 0..<tagCount {
            let score = t < 16 ? a[t] : t < 24 ? b[t - 16] : c
            if score > bestScore, EntityTag(rawValue: UInt8(t)).canFollow(prev) {
                best = UInt8(t)
                bestScore = score
            }
        }
        return best
    }

    /// The rows that `best` added for token `i`, for the trainer's update.
    static func rows(_ i: Int, extractor: borrowing FeatureExtractor, previous: UInt8, beforePrevious: UInt8, into out: inout [UInt32]) {
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: extractor.features[extractor.offsets[i]..<extractor.offsets[i + 1]])
        let h = extractor.historyRows(i, previous: previous, beforePrevious: beforePrevious)
        out.append(contentsOf: [h.0, h.1, h.2, h.3, h.4])
    }
}

/// A weight as the decoder reads it: the trainer's floats, or the model's 16-bit integers (whose
/// common scale does not change which tag scores best).
protocol WeightScalar {
    var asFloat: Float { get }
}

extension Float: WeightScalar {
    @inline(__always) var asFloat: Float { self }
}

extension Int16: WeightScalar {
    @inline(__always) var asFloat: Float { Float(self) }
}
