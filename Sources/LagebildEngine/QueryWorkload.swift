public import LagebildIndex
public import LagebildQuery
import LagebildText

/// Search queries drawn from a corpus's own text (reproducibly, from a seed), to measure query latency on
/// queries that find something: words, two-word phrases, AND and OR of two words, and prefixes.
public enum QueryWorkload {
    public enum Kind: String, CaseIterable, Sendable {
        case term, phrase, and, or, prefix
    }

    /// `count` queries of one kind. Words are story words from random sentences of random documents, so
    /// frequent words are drawn more often, as in real query logs; a phrase is two neighbouring words.
    public static func draw(_ kind: Kind, count: Int, from snapshot: Snapshot, seed: UInt64) -> [SearchExpression] {
        var rng = SeededGenerator(seed: seed ^ UInt64(kind.rawValue.utf8.count) &* 0x9E37_79B9)
        var queries: [SearchExpression] = []
        var attempts = 0
        while queries.count < count, attempts < count * 50, !snapshot.documents.isEmpty {
            attempts += 1
            let words = sentenceWords(snapshot, &rng)
            guard words.count >= 2 else { continue }
            let k = Int.random(in: 0..<(words.count - 1), using: &rng)
            switch kind {
            case .term: queries.append(.word(words[k]))
            case .phrase: queries.append(.phrase([words[k], words[k + 1]], slop: 0))
            case .and: queries.append(.and([.word(words[k]), .word(words[Int.random(in: 0..<words.count, using: &rng)])]))
            case .or:
                let other = sentenceWords(snapshot, &rng)
                guard let second = other.randomElement(using: &rng) else { continue }
                queries.append(.or([.word(words[k]), .word(second)]))
            case .prefix:
                let word = words[k]
                guard word.count >= 5 else { continue }
                queries.append(.prefix(String(word.prefix(Int.random(in: 3...4, using: &rng)))))
            }
        }
        return queries
    }

    /// The words of a drawn query (the prefix without its star), for engines with another query syntax.
    public static func words(of expression: SearchExpression) -> [String] {
        switch expression {
        case .word(let w), .prefix(let w): [w]
        case .phrase(let words, _): words
        case .and(let parts), .or(let parts): parts.flatMap(words(of:))
        case .not(let inner): words(of: inner)
        case .field: []
        }
    }

    /// The words (runs of letters) of a random story sentence of a random document.
    static func sentenceWords(_ snapshot: Snapshot, _ rng: inout SeededGenerator) -> [String] {
        let document = snapshot.documents.randomElement(using: &rng)!
        let sentences = document.structure.sentences.indices.filter {
            document.paragraphs[Int(document.structure.sentenceParagraph[$0])].role.isStoryText
        }
        guard let k = sentences.randomElement(using: &rng) else { return [] }
        let text = document.text.slice(document.structure.sentences[k])
        return text.split(whereSeparator: { !$0.isLetter }).map(String.init)
    }
}

extension Snapshot {
    /// The best `limit` documents for a search expression, without building a result table (for latency
    /// measurements), and how many matched.
    public func searchHits(_ expression: SearchExpression, limit: Int) async throws -> (hits: [InvertedIndex.Hit], total: Int) {
        let executor = QueryExecutor(snapshot: self)
        return try await index.search(executor.compile(expression).query, limit: limit)
    }
}
