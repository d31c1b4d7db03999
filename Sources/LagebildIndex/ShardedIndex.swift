public import LagebildText

/// The index as shards: each an `InvertedIndex` over some of the documents (whole batches, dealt out in
/// turn), searched in parallel with corpus-wide statistics, so that hits and scores do not depend on how
/// many shards there are.
///
/// A search first gathers what BM25 needs over all shards (the document frequencies of the query's terms;
/// for each phrase, its matches in every shard, counted), then evaluates the query in every shard at once
/// (a task group), and merges the shards' best hits.
public struct ShardedIndex: Sendable {
    public private(set) var shards: [InvertedIndex]
    /// Per shard, the global numbers of its documents (ascending); a document's local number is its place.
    public private(set) var globalNumbers: [[Int32]]
    /// Per global document number: its shard and local number (set by `seal`).
    private var shardOf: [Int32] = []
    private var localOf: [Int32] = []

    public init(shards count: Int = 1) {
        shards = Array(repeating: InvertedIndex(), count: max(1, count))
        globalNumbers = Array(repeating: [], count: max(1, count))
    }

    public var isSealed: Bool { shards.allSatisfy(\.isSealed) }
    public var documentCount: Int { shards.reduce(0) { $0 + $1.documentCount } }
    public var totalLength: Int { shards.reduce(0) { $0 + $1.totalLength } }
    public var averageLength: Double { documentCount == 0 ? 0 : Double(totalLength) / Double(documentCount) }
    public var byteSize: Int { shards.reduce(0) { $0 + $1.byteSize } + globalNumbers.reduce(0) { $0 + $1.count * 4 } }

    /// Distinct terms over all shards.
    public var termCount: Int {
        // A term counts in the first shard that has it: looked up in the shards before, not gathered into
        // a dictionary of its own (which took 15–20 MB on FANG-COVID, for a number `stats` shows).
        var count = 0
        for (k, shard) in shards.enumerated() {
            shard.terms.arena.withUnsafeBufferPointer { arena in
                for t in 0..<shard.terms.count {
                    let term = UnsafeBufferPointer(rebasing: arena[Int(shard.terms.offsets[t])..<Int(shard.terms.offsets[t + 1])])
                    if !shards[..<k].contains(where: { $0.terms.find(term) != nil }) { count += 1 }
                }
            }
        }
        return count
    }

    /// Merges a segment into a shard; its documents (numbered from 0 in the segment) are the documents
    /// `globalNumbers` of the corpus, which must exceed those merged into that shard before.
    public mutating func merge(_ segment: IndexSegment, globalNumbers numbers: [Int32], shard: Int) {
        precondition(numbers.count == segment.documents.count, "one global number per document of the segment")
        let k = shard % shards.count
        shards[k].merge(segment, base: Int32(globalNumbers[k].count))
        globalNumbers[k] += numbers
    }

    /// Merges a segment whose documents are `base`, `base + 1`, … of the corpus.
    public mutating func merge(_ segment: IndexSegment, base: Int32, shard: Int) {
        merge(segment, globalNumbers: segment.documents.map { base + $0 }, shard: shard)
    }

    /// Seals every shard (taking out the occurrences at the positions in `removing`, by global document),
    /// then normalises lengths by the average over all shards.
    public mutating func seal(removing: [Int32: [Range<UInt32>]] = [:]) {
        locate()
        var perShard = [[Int32: [Range<UInt32>]]](repeating: [:], count: shards.count)
        for (global, ranges) in removing where Int(global) < shardOf.count && shardOf[Int(global)] >= 0 {
            perShard[Int(shardOf[Int(global)])][localOf[Int(global)]] = ranges
        }
        // Shards are independent: each is laid out on a thread of its own (beside whatever else the load's
        // end runs, see `OwnThreads`).
        let removals = perShard
        shards.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let shards = buffer  // each iteration touches only its own element
            OwnThreads.perform(iterations: shards.count) { k in shards[k].seal(removing: removals[k]) }
        }
        let average = averageLength
        for k in shards.indices { shards[k].normalise(averageLength: average) }
    }

    /// Fills the global → (shard, local) tables.
    private mutating func locate() {
        let total = Int(globalNumbers.compactMap(\.last).max() ?? -1) + 1
        shardOf = Array(repeating: -1, count: total)
        localOf = Array(repeating: -1, count: total)
        for (k, numbers) in globalNumbers.enumerated() {
            for (local, global) in numbers.enumerated() where Int(global) < total {
                shardOf[Int(global)] = Int32(k)
                localOf[Int(global)] = Int32(local)
            }
        }
    }

    /// A document's length in word positions.
    public func length(of document: Int32) -> Int32 {
        guard Int(document) < shardOf.count, shardOf[Int(document)] >= 0 else { return 0 }
        return shards[Int(shardOf[Int(document)])].lengths[Int(localOf[Int(document)])]
    }

    /// Documents containing the term, over all shards.
    public func documentFrequency(_ term: String) -> Int { shards.reduce(0) { $0 + $1.documentFrequency(term) } }

    public func idf(documentFrequency df: Int) -> Double { shards[0].idf(documentFrequency: df, documentCount: documentCount) }

    /// The terms starting with `prefix` in any shard.
    public func terms(withPrefix prefix: [UInt8]) -> [String] {
        var seen = Set<String>()
        for shard in shards { for id in shard.termIDs(withPrefix: prefix) { seen.insert(shard.terms.string(id)) } }
        return seen.sorted()
    }

    /// Where a phrase of adjacent words (one word: a term, any of its forms) occurs: the documents with a
    /// match (global numbers, ascending; only those in `restrict` when given) and in each the number of
    /// positions where it starts, as a phrase's frequency counts them. Shards are searched in parallel.
    public func occurrences(of words: [[String]], restrict: Set<Int32>? = nil) async throws -> [(document: Int32, count: Int)] {
        precondition(isSealed, "seal the index before searching")
        let shards = self.shards, numbers = globalNumbers
        var found = try await withThrowingTaskGroup(of: [(document: Int32, count: Int)].self) { group in
            for k in shards.indices {
                group.addTask {
                    try shards[k].phraseMatches(words, slop: 0).compactMap { match in
                        let global = numbers[k][Int(match.document)]
                        return restrict.map { $0.contains(global) } ?? true ? (global, match.matches) : nil
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        found.sort { $0.document < $1.document }
        return found
    }

    /// The documents matching `query`, best first (ties by document number), the first `limit`, and how many
    /// matched; `restrict` keeps only those documents (global numbers). Cancellation stops every shard.
    public func search(_ query: IndexQuery, limit: Int, restrict: Set<Int32>? = nil) async throws -> (hits: [InvertedIndex.Hit], total: Int) {
        precondition(isSealed, "seal the index before searching")
        if shards.count == 1, globalNumbers[0].last.map({ Int($0) == globalNumbers[0].count - 1 }) ?? true {
            return try shards[0].search(query, limit: limit, restrict: restrict)  // local numbers are global
        }
        var statistics = Statistics(documentCount: documentCount)
        var forms = Set<String>()
        var phrases = Set<PhraseKey>()
        Self.collect(query, forms: &forms, phrases: &phrases)
        for form in forms { statistics.documentFrequency[form] = documentFrequency(form) }
        // Phrase matches per shard, in parallel, then their document frequency over all shards.
        let shards = self.shards
        let wanted = phrases
        var perShard = [[PhraseKey: [(document: Int32, matches: Int)]]](repeating: [:], count: shards.count)
        if !phrases.isEmpty {
            perShard = try await withThrowingTaskGroup(of: (Int, [PhraseKey: [(document: Int32, matches: Int)]]).self) { group in
                for k in shards.indices {
                    group.addTask {
                        var found: [PhraseKey: [(document: Int32, matches: Int)]] = [:]
                        for p in wanted { found[p] = try shards[k].phraseMatches(p.words, slop: p.slop) }
                        return (k, found)
                    }
                }
                var out = perShard
                for try await (k, found) in group { out[k] = found }
                return out
            }
            for p in phrases { statistics.phraseFrequency[p] = perShard.reduce(0) { $0 + ($1[p]?.count ?? 0) } }
        }
        let global = globalNumbers
        let results = try await withThrowingTaskGroup(of: (hits: [InvertedIndex.Hit], total: Int).self) { group in
            for k in shards.indices {
                var own = statistics
                own.phraseMatches = perShard[k]
                group.addTask {
                    let local = try shards[k].evaluate(Self.localised(query, numbers: global[k]), own)
                    var matches = Matches()
                    matches.documents = local.documents.map { global[k][Int($0)] }
                    matches.scores = local.scores
                    return try shards[k].topHits(matches, limit: limit, restrict: restrict)
                }
            }
            var all: [(hits: [InvertedIndex.Hit], total: Int)] = []
            for try await result in group { all.append(result) }
            return all
        }
        let merged = results.flatMap(\.hits).sorted { $0.score != $1.score ? $0.score > $1.score : $0.document < $1.document }
        return (Array(merged.prefix(limit)), results.reduce(0) { $0 + $1.total })
    }

    /// The query's term forms and phrases.
    static func collect(_ query: IndexQuery, forms: inout Set<String>, phrases: inout Set<PhraseKey>) {
        switch query {
        case .term(let f): forms.formUnion(f)
        case .phrase(let words, let slop): phrases.insert(PhraseKey(words: words, slop: slop))
        case .documents, .all: break
        case .not(let inner), .filter(let inner): collect(inner, forms: &forms, phrases: &phrases)
        case .and(let parts), .or(let parts): for p in parts { collect(p, forms: &forms, phrases: &phrases) }
        }
    }

    /// The query with its document sets turned into one shard's local numbers (`numbers`: the shard's
    /// global numbers, ascending).
    static func localised(_ query: IndexQuery, numbers: [Int32]) -> IndexQuery {
        switch query {
        case .term, .phrase, .all: return query
        case .documents(let documents):
            var local: [Int32] = []
            var i = 0
            for d in documents {
                while i < numbers.count, numbers[i] < d { i += 1 }
                if i < numbers.count, numbers[i] == d { local.append(Int32(i)) }
            }
            return .documents(local)
        case .not(let inner): return .not(localised(inner, numbers: numbers))
        case .filter(let inner): return .filter(localised(inner, numbers: numbers))
        case .and(let parts): return .and(parts.map { localised($0, numbers: numbers) })
        case .or(let parts): return .or(parts.map { localised($0, numbers: numbers) })
        }
    }
}

extension ShardedIndex {
    /// Writes one shard: its index and its documents' global numbers.
    public func writeShard(_ k: Int, to w: inout BinaryWriter) {
        shards[k].write(to: &w)
        w.write(globalNumbers[k])
    }

    /// Reads a shard `writeShard` wrote.
    public static func readShard(from r: inout BinaryReader) throws(BinaryReader.Failure) -> (InvertedIndex, [Int32]) {
        let index = try InvertedIndex(from: &r)
        r.section = "index shard documents"
        let numbers: [Int32] = try r.readArray()
        try r.check(numbers.count == index.lengths.count && zip(numbers, numbers.dropFirst()).allSatisfy { $0 < $1 }
                    && (numbers.first ?? 0) >= 0, "an index shard's documents are out of order")
        return (index, numbers)
    }

    /// Shards read back, put together (the lookup tables and the length normalisation are derived).
    public init(shards: [(InvertedIndex, [Int32])], documentCount: Int) throws(BinaryReader.Failure) {
        self.init(shards: max(1, shards.count))
        guard !shards.isEmpty else { return }
        self.shards = shards.map(\.0)
        globalNumbers = shards.map(\.1)
        var seen = Set<Int32>()
        for numbers in globalNumbers {
            for n in numbers {
                guard Int(n) < documentCount, seen.insert(n).inserted else {
                    throw BinaryReader.Failure("damaged snapshot: index shards overlap or name a document that does not exist")
                }
            }
        }
        locate()
        let average = averageLength
        for k in self.shards.indices { self.shards[k].normalise(averageLength: average) }
    }
}
