/// A query over the index whose words are already analysed into index terms.
///
/// Scoring is BM25 (k1 = 1.2, b = 0.75), summed over the parts of an AND or OR:
/// - a **term** lists the forms one query word can take in the index (German and English stems, prefix
///   expansions); a document matches if it contains any, and scores as its best form. A term's frequency
///   counts occurrences as a word of their own 1 and as a compound's head `InvertedIndex.headWeight`;
/// - a **phrase** is scored as one pseudo-term: its frequency is the number of matches in the document, its
///   document frequency the number of documents with a match in the whole index;
/// - **documents** (a field filter resolved by the caller), **all** and **not** match without a score.
public indirect enum IndexQuery: Sendable, Equatable {
    case term([String])
    /// Word k at position p + k (slop 0); with slop s, all words (in any order) within a window of
    /// `count - 1 + s` positions. A match is counted once per position where such a window starts.
    case phrase([[String]], slop: Int)
    /// Documents chosen by the caller, ascending.
    case documents([Int32])
    case all
    case and([IndexQuery])
    case or([IndexQuery])
    case not(IndexQuery)
    /// The documents the inner query matches, without its scores (a filter such as `date:` over the dates
    /// documents mention).
    case filter(IndexQuery)
}

/// A phrase node, as a key for its precomputed matches.
struct PhraseKey: Hashable, Sendable {
    var words: [[String]]
    var slop: Int
}

/// The corpus-wide figures BM25 needs when an index is one shard of several: the number of documents, and
/// the document frequencies of the query's terms and phrases over all shards. For a whole index, the
/// figures are its own. `phraseMatches` holds this shard's phrase matches when they were computed first
/// (to count the phrase's documents over all shards).
struct Statistics: Sendable {
    var documentCount: Int
    var documentFrequency: [String: Int] = [:]
    var phraseFrequency: [PhraseKey: Int] = [:]
    var phraseMatches: [PhraseKey: [(document: Int32, matches: Int)]] = [:]
}

/// Documents with scores, ascending by document.
struct Matches {
    var documents: [Int32] = []
    var scores: [Double] = []

    var count: Int { documents.count }

    mutating func append(_ document: Int32, _ score: Double) {
        documents.append(document)
        scores.append(score)
    }

    /// Documents in both; scores added.
    func intersection(_ other: Matches) -> Matches {
        var out = Matches()
        var i = 0, j = 0
        while i < count, j < other.count {
            let a = documents[i], b = other.documents[j]
            if a < b {
                i += 1
            } else if a > b {
                j += 1
            } else {
                out.append(a, scores[i] + other.scores[j])
                i += 1
                j += 1
            }
        }
        return out
    }

    /// Documents in either; scores added where in both (or the larger kept, with `max`).
    func union(_ other: Matches, max useMax: Bool = false) -> Matches {
        var out = Matches()
        var i = 0, j = 0
        while i < count || j < other.count {
            if j >= other.count || (i < count && documents[i] < other.documents[j]) {
                out.append(documents[i], scores[i])
                i += 1
            } else if i >= count || other.documents[j] < documents[i] {
                out.append(other.documents[j], other.scores[j])
                j += 1
            } else {
                out.append(documents[i], useMax ? Swift.max(scores[i], other.scores[j]) : scores[i] + other.scores[j])
                i += 1
                j += 1
            }
        }
        return out
    }

    /// Documents not in `other`.
    func subtracting(_ other: Matches) -> Matches {
        var out = Matches()
        var j = 0
        for (i, d) in documents.enumerated() {
            while j < other.count, other.documents[j] < d { j += 1 }
            if j < other.count, other.documents[j] == d { continue }
            out.append(d, scores[i])
        }
        return out
    }
}

extension InvertedIndex {
    /// One hit of a search.
    public struct Hit: Sendable, Equatable {
        public var document: Int32
        public var score: Double
    }

    /// The documents matching `query`, best first (ties by document number), the first `limit` of them, and
    /// how many matched in all. `restrict` keeps only those documents (it does not change the statistics).
    /// Cancellation of the calling task stops the search with `CancellationError`.
    public func search(_ query: IndexQuery, limit: Int, restrict: Set<Int32>? = nil) throws -> (hits: [Hit], total: Int) {
        precondition(isSealed, "seal the index before searching")
        let matches = try evaluate(query, Statistics(documentCount: documentCount))
        return try topHits(matches, limit: limit, restrict: restrict)
    }

    /// The best `limit` of `matches` (ties by document number), and how many pass `restrict`.
    func topHits(_ matches: Matches, limit: Int, restrict: Set<Int32>?, offset: Int32 = 0) throws -> (hits: [Hit], total: Int) {
        let better: (Hit, Hit) -> Bool = { $0.score != $1.score ? $0.score > $1.score : $0.document < $1.document }
        var total = 0
        // Top k with a bounded selection when k is small: keep the best `limit` in a sorted buffer.
        let bounded = limit < matches.count / 8
        var best: [Hit] = []
        best.reserveCapacity(bounded ? limit + 1 : matches.count)
        for (d, s) in zip(matches.documents, matches.scores) {
            if let restrict, !restrict.contains(d + offset) { continue }
            total += 1
            let hit = Hit(document: d + offset, score: s)
            guard bounded else {
                best.append(hit)
                continue
            }
            if best.count == limit, let worst = best.last, !better(hit, worst) { continue }
            var lo = 0, hi = best.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if better(best[mid], hit) { lo = mid + 1 } else { hi = mid }
            }
            best.insert(hit, at: lo)
            if best.count > limit { best.removeLast() }
        }
        if bounded { return (best, total) }
        var hits = best
        hits.sort(by: better)
        return (Array(hits.prefix(limit)), total)
    }

    /// Every document number of the index, unscored.
    private var universe: Matches {
        Matches(documents: (0..<Int32(lengths.count)).map { $0 }, scores: Array(repeating: 0, count: lengths.count))
    }

    func evaluate(_ query: IndexQuery, _ statistics: Statistics) throws -> Matches {
        try Task.checkCancellation()
        func evaluate(_ query: IndexQuery) throws -> Matches { try self.evaluate(query, statistics) }
        switch query {
        case .term(let forms):
            return term(forms, statistics)
        case .phrase(let words, let slop):
            return try phrase(words, slop: slop, statistics)
        case .documents(let documents):
            return Matches(documents: documents, scores: Array(repeating: 0, count: documents.count))
        case .all:
            return universe
        case .not(let inner):
            return universe.subtracting(try evaluate(inner))
        case .filter(let inner):
            let m = try evaluate(inner)
            return Matches(documents: m.documents, scores: Array(repeating: 0, count: m.count))
        case .or(let parts):
            var result = Matches()
            for part in parts { result = result.union(try evaluate(part)) }
            return result
        case .and(let parts):
            var positive: Matches? = nil
            var negative = Matches()
            for part in parts {
                if case .not(let inner) = part {
                    negative = negative.union(try evaluate(inner))
                } else {
                    let m = try evaluate(part)
                    positive = positive.map { $0.intersection(m) } ?? m
                    if positive!.count == 0 { return Matches() }
                }
            }
            return (positive ?? universe).subtracting(negative)
        }
    }

    /// The forms this index has, as term ids in id order, each with its idf by the document frequency over
    /// all shards (its own when not given). Looked up by the form's string, which the query carries.
    private func weightedForms(_ forms: [String], _ statistics: Statistics) -> [(id: Int32, idf: Double)] {
        Set(forms).compactMap { form -> (id: Int32, idf: Double)? in
            guard let id = terms.find(form), Int(id) < postingStart.termCount else { return nil }
            let df = statistics.documentFrequency[form] ?? documentFrequency(id)
            return (id, idf(documentFrequency: df, documentCount: statistics.documentCount))
        }.sorted { $0.id < $1.id }
    }

    private func term(_ forms: [String], _ statistics: Statistics) -> Matches {
        let weighted = weightedForms(forms, statistics)
        if weighted.count > 8 { return manyForms(weighted) }
        var result = Matches()
        for (id, idf) in weighted {
            let m = postings(of: id, idf: idf)
            result = result.count == 0 ? m : result.union(m, max: true)
        }
        return result
    }

    /// One term's postings, scored.
    private func postings(of id: Int32, idf: Double) -> Matches {
        var m = Matches()
        let range = postingStart.range(Int(id))
        m.documents.reserveCapacity(range.count)
        m.scores.reserveCapacity(range.count)
        forEachPosting(of: Int(id)) { i, document in
            m.append(document, idf * saturation(Postings.frequency(postingCounts[i]), document: document))
        }
        return m
    }

    /// The best score per document over many forms (a prefix's expansions), in one dense array rather than
    /// one merge per form.
    private func manyForms(_ weighted: [(id: Int32, idf: Double)]) -> Matches {
        var best = [Double](repeating: -1, count: lengths.count)
        var touched: [Int32] = []
        for (id, idf) in weighted {
            forEachPosting(of: Int(id)) { i, document in
                let score = idf * saturation(Postings.frequency(postingCounts[i]), document: document)
                if best[Int(document)] < 0 { touched.append(document) }
                best[Int(document)] = max(best[Int(document)], score)
            }
        }
        touched.sort()
        return Matches(documents: touched, scores: touched.map { best[Int($0)] })
    }

    /// Phrase and proximity matches, scored as a pseudo-term.
    private func phrase(_ words: [[String]], slop: Int, _ statistics: Statistics) throws -> Matches {
        let key = PhraseKey(words: words, slop: slop)
        let frequencies = try statistics.phraseMatches[key] ?? phraseMatches(words, slop: slop)
        let df = statistics.phraseFrequency[key] ?? frequencies.count
        let idf = idf(documentFrequency: df, documentCount: statistics.documentCount)
        var result = Matches()
        for (document, matches) in frequencies {
            result.append(document, idf * saturation(Double(matches), document: document))
        }
        return result
    }

    /// The documents where a phrase matches, with the number of matches in each.
    func phraseMatches(_ words: [[String]], slop: Int) throws -> [(document: Int32, matches: Int)] {
        guard !words.isEmpty else { return [] }
        // Per word, the postings of the forms it can take.
        var lists: [[Postings]] = []
        var ids: [[Int32]] = []
        for forms in words {
            let found = Set(forms).compactMap { terms.find($0) }.filter { Int($0) < postingStart.termCount }
            if found.isEmpty { return [] }
            ids.append(found)
            lists.append(found.map { postings($0) })
        }
        // Candidates: documents where every word occurs, driven by the rarest word.
        let order = lists.indices.sorted {
            lists[$0].reduce(0) { $0 + $1.total } < lists[$1].reduce(0) { $0 + $1.total }
        }
        var candidates: [Int32]
        let rarest = ids[order[0]]
        if rarest.count == 1 {
            candidates = postingBlocks.documents(term: Int(rarest[0]))
        } else {
            var seen = Set<Int32>()
            candidates = []
            for t in rarest { postingBlocks.forEach(term: Int(t)) { d in if seen.insert(d).inserted { candidates.append(d) } } }
            candidates.sort()
        }
        var cursors = [Int](repeating: 0, count: words.count)
        var starts: [UInt32] = []
        var frequencies: [(document: Int32, matches: Int)] = []
        var positions = [[UInt32]](repeating: [], count: words.count)
        var scratch: [UInt32] = []
        for (n, document) in candidates.enumerated() {
            if n & 1023 == 1023 { try Task.checkCancellation() }
            var present = true
            for w in order {
                positions[w].removeAll(keepingCapacity: true)
                for k in lists[w].indices {
                    lists[w][k].advance(to: document)
                    guard !lists[w][k].isAtEnd, lists[w][k].document == document else { continue }
                    lists[w][k].positions(into: &scratch)
                    for e in scratch { positions[w].append(e >> 1) }
                }
                if positions[w].isEmpty {
                    present = false
                    break
                }
                // Ascending already for one form; a word and its head can share a position.
                if lists[w].count > 1 { positions[w].sort() }
                positions[w].removeConsecutiveDuplicates()
            }
            guard present else { continue }
            let matches = slop == 0 ? Self.adjacentMatches(positions, cursors: &cursors)
                : Self.windowMatches(positions, span: words.count - 1 + slop, cursors: &cursors, starts: &starts)
            if matches > 0 { frequencies.append((document, matches)) }
        }
        return frequencies
    }

    /// Positions p where word k occurs at p + k for every k.
    static func adjacentMatches(_ positions: [[UInt32]], cursors: inout [Int]) -> Int {
        for k in cursors.indices { cursors[k] = 0 }
        var matches = 0
        outer: for p in positions[0] {
            for k in 1..<max(1, positions.count) {
                let want = p + UInt32(k)
                while cursors[k] < positions[k].count, positions[k][cursors[k]] < want { cursors[k] += 1 }
                if cursors[k] == positions[k].count { break outer }
                if positions[k][cursors[k]] != want { continue outer }
            }
            matches += 1
        }
        return matches
    }

    /// Positions s (where some word occurs) such that every word occurs in s ... s + span.
    static func windowMatches(_ positions: [[UInt32]], span: Int, cursors: inout [Int], starts: inout [UInt32]) -> Int {
        starts.removeAll(keepingCapacity: true)
        for p in positions { starts.append(contentsOf: p) }
        starts.sort()
        for k in cursors.indices { cursors[k] = 0 }
        var matches = 0
        var previous: UInt32? = nil
        outer: for s in starts where s != previous {
            previous = s
            for k in positions.indices {
                while cursors[k] < positions[k].count, positions[k][cursors[k]] < s { cursors[k] += 1 }
                if cursors[k] == positions[k].count { break outer }
                if Int(positions[k][cursors[k]]) > Int(s) + span { continue outer }
            }
            matches += 1
        }
        return matches
    }
}

extension Array where Element: Equatable {
    /// Removes consecutive duplicates in place.
    mutating func removeConsecutiveDuplicates() {
        guard count > 1 else { return }
        var write = 1
        for read in 1..<count where self[read] != self[write - 1] {
            self[write] = self[read]
            write += 1
        }
        removeLast(count - write)
    }
}
