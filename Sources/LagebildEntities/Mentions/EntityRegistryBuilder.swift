/// Collects the mentions of a corpus while it loads: the store hands over each merged batch (its
/// mentions already prepared per document by the workers), and at the end of the load `build` clusters
/// them across documents. An actor, so that batches arrive while later ones are still being analysed.
public actor EntityRegistryBuilder {
    /// Each batch's mentions by the number of its first document: batches may arrive in any order.
    private var batches: [Int32: [EntityRegistry.Input]] = [:]

    public init() {}

    /// Adds one batch's mentions, in document order; `document` must already be the corpus-wide number.
    public func add(_ batch: [EntityRegistry.Input], firstDocument: Int32) {
        batches[firstDocument] = batch
    }

    /// Clusters the mentions that `kept` keeps (`kept[document][mention]`: its paragraph is still story
    /// text; some became boilerplate at the end of the load) and maps every document's mentions to their
    /// entity (-1 for a mention that was left out). The batches hold one input per mention of each
    /// document, in order.
    public func build(gazetteer: CuratedGazetteer, kept: [[Bool]]) -> (registry: EntityRegistry, mentionEntities: [[Int32]]) {
        var inputs: [EntityRegistry.Input] = []
        inputs.reserveCapacity(kept.reduce(0) { $0 + $1.count { $0 } })
        // Each batch is let go as soon as it is copied, so that the corpus's mentions are held once.
        var document: Int32 = -1, mention = 0
        for first in batches.keys.sorted() {
            let batch = batches.removeValue(forKey: first)!
            for input in batch {
                if input.document != document {
                    document = input.document
                    mention = 0
                }
                if kept[Int(document)][mention] { inputs.append(input) }
                mention += 1
            }
        }
        // The inputs are handed over, not shared: the registry changes them in place, and a shared
        // array would be copied whole at its first change (the largest allocation of a load).
        let registry = EntityRegistry(mentions: consume inputs, gazetteer: gazetteer)
        return (registry, Self.mentionEntities(kept: kept, assignment: registry.assignment))
    }

    /// Per document, per mention: the entity of each kept mention, in order of `assignment`; -1 for the others.
    public static func mentionEntities(kept: [[Bool]], assignment: [Int]) -> [[Int32]] {
        var next = 0
        return kept.map { mentions in
            mentions.map { isKept in
                guard isKept else { return -1 }
                defer { next += 1 }
                return Int32(assignment[next])
            }
        }
    }
}
