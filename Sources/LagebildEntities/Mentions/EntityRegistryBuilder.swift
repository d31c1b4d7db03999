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

    /// Clusters the mentions whose paragraph is still story text (`isStory[document][paragraph]`; some
    /// became boilerplate at the end of the load) and maps every document's mentions to their entity
    /// (-1 for a mention that was left out). `mentionCounts[document]` is how many mentions it has.
    public func build(
        gazetteer: CuratedGazetteer, isStory: [[Bool]], mentionCounts: [Int]
    ) -> (registry: EntityRegistry, mentionEntities: [[Int32]]) {
        var kept: [EntityRegistry.Input] = []
        kept.reserveCapacity(batches.values.reduce(0) { $0 + $1.count })
        // Each batch is let go as soon as it is copied, so that the corpus's mentions are held once.
        for first in batches.keys.sorted() {
            let batch = batches.removeValue(forKey: first)!
            kept.append(contentsOf: batch.lazy.filter { isStory[Int($0.document)][Int($0.paragraph)] })
        }
        // The inputs are handed over, not shared: the registry changes them in place, and a shared
        // array would be copied whole at its first change (the largest allocation of a load).
        let places = kept.map { (document: $0.document, mention: $0.mention) }
        let registry = EntityRegistry(mentions: consume kept, gazetteer: gazetteer)
        var mentionEntities = mentionCounts.map { [Int32](repeating: -1, count: $0) }
        for (place, entity) in zip(places, registry.assignment) {
            mentionEntities[Int(place.document)][Int(place.mention)] = Int32(entity)
        }
        return (registry, mentionEntities)
    }
}
