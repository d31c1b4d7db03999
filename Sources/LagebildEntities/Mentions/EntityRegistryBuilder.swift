/// Collects the mentions of a corpus while it loads: the store hands over each merged batch (its
/// mentions already prepared per document by the workers), and at the end of the load `build` clusters
/// them across documents. An actor, so that batches arrive while later ones are still being analysed.
public actor EntityRegistryBuilder {
    /// Each batch's mentions by the number of its first document (batches may arrive in any order), their
    /// names and roles numbered in `tables`.
    private var batches: [Int32: [EntityRegistry.NumberedMention]] = [:]
    private var tables = EntityRegistry.Mentions()

    public init() {}

    /// Adds one batch's mentions, in document order; their documents must already be the corpus-wide numbers.
    public func add(_ batch: EntityRegistry.Mentions, firstDocument: Int32) {
        batches[firstDocument] = tables.renumber(batch)
    }

    /// Clusters the mentions that `kept` keeps (`kept[document][mention]`: its paragraph is still story
    /// text; some became boilerplate at the end of the load) and maps every document's mentions to their
    /// entity (-1 for a mention that was left out). The batches hold one mention per mention of each
    /// document, in order.
    public func build(gazetteer: CuratedGazetteer, kept: [[Bool]]) -> (registry: EntityRegistry, mentionEntities: [[Int32]]) {
        var all = EntityRegistry.Mentions()
        swap(&all, &tables)
        all.list.reserveCapacity(kept.reduce(0) { $0 + $1.count { $0 } })
        // Each batch is let go as soon as it is copied, so that the corpus's mentions are held once.
        var document: Int32 = -1, mention = 0
        for first in batches.keys.sorted() {
            let batch = batches.removeValue(forKey: first)!
            for m in batch {
                if m.document != document {
                    document = m.document
                    mention = 0
                }
                if kept[Int(document)][mention] { all.list.append(m) }
                mention += 1
            }
        }
        // Handed over, not shared: the registry changes the mentions in place, and a shared array would be
        // copied whole at its first change (the largest allocation of a load's end).
        let registry = EntityRegistry(mentions: consume all, gazetteer: gazetteer)
        return (registry, Self.mentionEntities(kept: kept, assignment: registry.assignment))
    }

    /// Per document, per mention: the entity of each kept mention, in order of `assignment`; -1 for the others.
    public static func mentionEntities(kept: [[Bool]], assignment: [Int32]) -> [[Int32]] {
        var next = 0
        return kept.map { mentions in
            mentions.map { isKept in
                guard isKept else { return -1 }
                defer { next += 1 }
                return assignment[next]
            }
        }
    }
}
