/// Exact-span, exact-class micro precision/recall/F1 over chunks, as conlleval counts them.
public struct ChunkScore: Sendable {
    public struct Counts: Sendable, Equatable {
        public var gold = 0
        public var predicted = 0
        public var correct = 0

        public var precision: Double { predicted == 0 ? 0 : Double(correct) / Double(predicted) }
        public var recall: Double { gold == 0 ? 0 : Double(correct) / Double(gold) }
        public var f1: Double {
            let p = precision, r = recall
            return p + r == 0 ? 0 : 2 * p * r / (p + r)
        }

        static func += (a: inout Counts, b: Counts) {
            a.gold += b.gold
            a.predicted += b.predicted
            a.correct += b.correct
        }
    }

    /// Twelve classes: PER, PERderiv, PERpart, LOC, ….
    public private(set) var fine: [EntityClass: Counts] = [:]
    /// Four types: a derived or part chunk counts as its type.
    public private(set) var coarse: [EntityType: Counts] = [:]
    public var fineTotal: Counts { fine.values.reduce(into: Counts()) { $0 += $1 } }
    public var coarseTotal: Counts { coarse.values.reduce(into: Counts()) { $0 += $1 } }

    public init() {}

    public mutating func add(gold: [EntityTag], predicted: [EntityTag]) {
        let g = EntitySpan.chunks(gold), p = EntitySpan.chunks(predicted)
        let goldFine = Set(g), goldCoarse = Set(g.map(Self.coarseKey))
        for span in g {
            fine[span.entityClass, default: Counts()].gold += 1
            coarse[span.entityClass.type, default: Counts()].gold += 1
        }
        for span in p {
            fine[span.entityClass, default: Counts()].predicted += 1
            coarse[span.entityClass.type, default: Counts()].predicted += 1
            if goldFine.contains(span) { fine[span.entityClass, default: Counts()].correct += 1 }
            if goldCoarse.contains(Self.coarseKey(span)) { coarse[span.entityClass.type, default: Counts()].correct += 1 }
        }
    }

    public mutating func merge(_ other: ChunkScore) {
        for (k, v) in other.fine { fine[k, default: Counts()] += v }
        for (k, v) in other.coarse { coarse[k, default: Counts()] += v }
    }

    private struct CoarseKey: Hashable { var start: Int, end: Int, type: EntityType }
    private static func coarseKey(_ s: EntitySpan) -> CoarseKey { CoarseKey(start: s.start, end: s.end, type: s.entityClass.type) }
}
