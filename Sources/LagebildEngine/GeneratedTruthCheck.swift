/// How much of a generated corpus's ground truth (`CorpusGenerator.Truth`) a snapshot recovers, through
/// the same queries an analyst would type: every written date finds its article (`docs where date:`),
/// every person is an entity mentioned in the article, every event is a timeline entry of its first
/// participant with its type, place and day. Used by the tests at small scale and by `lagebild eval
/// generated` at any scale, so that correctness at 1 GB is checked as at 1 MB.
public struct GeneratedTruthCheck: Sendable {
    public struct Count: Sendable, Equatable {
        public var found = 0
        public var total = 0
        public var recall: Double { total == 0 ? 1 : Double(found) / Double(total) }
    }

    public var dates = Count()
    public var persons = Count()
    public var events = Count()
    /// Truths whose article is not in the snapshot (a different corpus, or a skipped file).
    public var missingArticles = 0

    public init() {}

    /// Checks `truths` against the snapshot: persons for all of them, dates and events (one query each)
    /// for the first `queried` of them.
    public static func run(_ truths: [CorpusGenerator.Truth], against snapshot: Snapshot, queried: Int) async throws -> GeneratedTruthCheck {
        var check = GeneratedTruthCheck()
        let service = QueryService(snapshot: snapshot)
        let number = Dictionary(snapshot.documents.enumerated().map { ($1.metadata.id, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        // Persons: an entity of that name and type mentioned in the article.
        var personDocuments: [String: Set<Int32>] = [:]
        for entity in snapshot.entities.entities where entity.type == .person {
            personDocuments[entity.name, default: []].formUnion(entity.documents)
        }
        for (k, truth) in truths.enumerated() {
            guard let d = number[truth.id] else {
                check.missingArticles += 1
                continue
            }
            for person in truth.persons {
                check.persons.total += 1
                if personDocuments[person]?.contains(d) == true { check.persons.found += 1 }
            }
            guard k < queried else { continue }
            for date in truth.dates {
                check.dates.total += 1
                let table = try await service.run("docs where date:\(date) limit 100000")
                if table.rows.contains(where: { $0[0].description == truth.id }) { check.dates.found += 1 }
            }
            for event in truth.events {
                check.events.total += 1
                let table: ResultTable
                do {
                    table = try await service.run("timeline \"\(event.participants[0])\" from \(event.date) to \(event.date)")
                } catch EngineError.unknownEntity {
                    continue  // the participant was not recognised as an entity: the event is not recovered
                }
                if table.rows.contains(where: {
                    $0[4].description == event.type && $0[6].description == event.place && $0[0].description.contains(event.date)
                }) {
                    check.events.found += 1
                }
            }
        }
        return check
    }
}
