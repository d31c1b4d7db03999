import LagebildEntities
import LagebildIndex

extension Snapshot {
    /// This snapshot with `other`'s documents after its own: the index merged (statistics recomputed over
    /// both), problems and counts added, and the entities clustered anew over all documents, so that an
    /// alias in the new documents joins an entity of the old ones.
    public func appending(_ other: Snapshot) -> Snapshot {
        var index = self.index
        let offset = Int32(documents.count)
        for (k, shard) in other.index.shards.enumerated() where shard.documentCount > 0 || !other.index.globalNumbers[k].isEmpty {
            index.merge(IndexSegment(sealed: shard), globalNumbers: other.index.globalNumbers[k].map { $0 + offset }, shard: k)
        }
        index.seal()
        var stats = self.stats
        stats.absorb(other.stats)
        stats.wall += other.stats.wall
        let documents = self.documents + other.documents
        var registry = EntityRegistry()
        var mentionEntities: [[Int32]] = documents.map { [Int32](repeating: -1, count: $0.mentions.count) }
        if case .success(let resources) = MentionExtractor.bundled, documents.contains(where: { !$0.mentions.isEmpty }) {
            let kept = documents.map(DocumentAnalysis.storyMentions)
            // Numbered as they are made (20 bytes a mention, each name held once), as a load numbers them.
            var mentions = EntityRegistry.Mentions()
            for (d, document) in documents.enumerated() {
                let all = DocumentAnalysis.registryInputs(document, number: Int32(d), gazetteer: resources.gazetteer)
                for (input, isKept) in zip(all, kept[d]) where isKept { mentions.append(input) }
            }
            registry = EntityRegistry(mentions: mentions, gazetteer: resources.gazetteer)
            mentionEntities = EntityRegistryBuilder.mentionEntities(kept: kept, assignment: registry.assignment)
        }
        return Snapshot(name: name, documents: documents, index: index, problems: problems + other.problems, stats: stats,
                        entities: registry, mentionEntities: mentionEntities)
    }
}
