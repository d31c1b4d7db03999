import LagebildIndex
import LagebildText

/// `kwic` (every occurrence of a word or phrase in its context) and `similar` (the documents closest to
/// one): both work on a document's words as the index sees them, re-analysed on demand.
extension QueryExecutor {
    /// One indexed paragraph's word positions: the terms at each position (a hyphenated word has one
    /// position per part, a compound's head shares its position) and the token each position belongs to.
    struct PositionedWords {
        var terms: [[Int32]] = []
        var tokens: [Token] = []
        var tokenOf: [Int] = []
    }

    static func positionedWords(
        _ p: UnsafeBufferPointer<UInt8>, _ paragraph: Paragraph, analyzer: inout TermAnalyzer
    ) -> PositionedWords {
        var words = PositionedWords()
        words.tokens = Tokenizer.tokenize(p, paragraph.span.range)
        for (k, token) in words.tokens.enumerated() {
            analyzer.analyze(p, token, language: paragraph.language) { term, extra in
                if extra, !words.terms.isEmpty {
                    words.terms[words.terms.count - 1].append(term)
                } else {
                    words.terms.append([term])
                    words.tokenOf.append(k)
                }
            }
        }
        return words
    }

    // MARK: - kwic

    func kwic(_ words: [String], width: Int, limit: Int, restrict: Set<Int32>?) async throws -> (ResultTable, Set<Int32>) {
        var analyzer = TermAnalyzer(forms: 1024)
        let parts = words.flatMap { analyzer.queryClauses(TextDecoder.normalise($0)) }
        var table = ResultTable(kind: "kwic", columns: [.init("doc"), .init("left"), .init("match"), .init("right")])
        guard !parts.isEmpty else {
            table.notes.append("no word to look for")
            return (table, [])
        }
        // The index counts the occurrences (positions where the words follow each other, as a phrase's
        // frequency counts them); only the documents whose lines are shown are read and analysed again.
        let counts = try await snapshot.index.occurrences(of: parts, restrict: restrict)
        let occurrences = counts.reduce(0) { $0 + $1.count }
        let found = Set(counts.map(\.document))
        let wanted = parts.map(Set.init)
        for (d, _) in counts {
            guard table.rows.count < limit else { break }
            try Task.checkCancellation()
            let document = snapshot.documents[Int(d)]
            var text = document.text
            text.withUTF8 { p in
                // Whether a term id (of this analyzer's dictionary) is one of the forms wanted at each place.
                var known: [Int32: [Bool]] = [:]
                func matches(_ term: Int32, _ k: Int) -> Bool {
                    if let hit = known[term] { return hit[k] }
                    let form = analyzer.terms.string(term)
                    let hit = wanted.map { $0.contains(form) }
                    known[term] = hit
                    return hit[k]
                }
                for paragraph in document.paragraphs where DocumentAnalysis.isIndexed(paragraph.role) {
                    let positioned = Self.positionedWords(p, paragraph, analyzer: &analyzer)
                    var start = 0
                    while start + parts.count <= positioned.terms.count {
                        let hit = (0..<parts.count).allSatisfy { k in positioned.terms[start + k].contains { matches($0, k) } }
                        guard hit else {
                            start += 1
                            continue
                        }
                        if table.rows.count < limit {
                            let first = positioned.tokens[positioned.tokenOf[start]].span
                            let last = positioned.tokens[positioned.tokenOf[start + parts.count - 1]].span
                            table.rows.append([
                                .text(document.metadata.id),
                                .text(Self.context(p, from: paragraph.span.lowerBound, to: first.lowerBound, width: width, leftSide: true)),
                                .text(String(decoding: UnsafeBufferPointer(rebasing: p[first.lowerBound..<last.upperBound]), as: UTF8.self)),
                                .text(Self.context(p, from: last.upperBound, to: paragraph.span.upperBound, width: width, leftSide: false)),
                            ])
                        }
                        start += 1  // overlapping matches too ("a a" in "a a a" twice), as the index counts them
                    }
                }
            }
        }
        table.notes.append("\(occurrences) occurrence\(occurrences == 1 ? "" : "s") in \(found.count) document\(found.count == 1 ? "" : "s")"
            + (occurrences > table.rows.count ? ", \(table.rows.count) shown" : ""))
        return (table, found)
    }

    /// Up to `width` characters of a paragraph next to a match: the end of the text before it, or the
    /// start of the text after it, "…" where cut; line breaks become spaces.
    static func context(_ p: UnsafeBufferPointer<UInt8>, from: Int, to: Int, width: Int, leftSide: Bool) -> String {
        let text = String(decoding: UnsafeBufferPointer(rebasing: p[from..<to]), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ")
        guard text.count > width else { return text }
        return leftSide ? "…" + text.suffix(width - 1) : text.prefix(width - 1) + "…"
    }

    // MARK: - similar

    func similar(_ reference: String, limit: Int, restrict: Set<Int32>?) async throws -> (ResultTable, Set<Int32>) {
        let d = try snapshot.document(reference)
        let document = snapshot.documents[d]
        var analyzer = TermAnalyzer(forms: 1024)
        // The document's terms with their counts and their most frequent surface form.
        var counts: [Int32: Int] = [:]
        var surfaces: [Int32: [String: Int]] = [:]
        var text = document.text
        text.withUTF8 { p in
            for paragraph in document.paragraphs where DocumentAnalysis.isIndexed(paragraph.role) {
                let positioned = Self.positionedWords(p, paragraph, analyzer: &analyzer)
                for (k, terms) in positioned.terms.enumerated() {
                    let term = terms[0]
                    counts[term, default: 0] += 1
                    let token = positioned.tokens[positioned.tokenOf[k]]
                    let surface = String(decoding: UnsafeBufferPointer(rebasing: p[token.span.range]), as: UTF8.self)
                    surfaces[term, default: [:]][surface, default: 0] += 1
                }
            }
        }
        // The most telling words: frequent here, rare in the corpus (tf · idf), seen in at least one other
        // document but not in most (function words), three letters or more.
        let index = snapshot.index
        let common = index.documentCount >= 4 ? index.documentCount / 2 : Int.max
        var telling: [(form: String, weight: Double, id: Int32)] = []
        for (id, count) in counts {
            let form = analyzer.terms.string(id)
            guard form.count >= 3, form.contains(where: \.isLetter) else { continue }
            let df = index.documentFrequency(form)
            guard df >= 2, df <= common else { continue }
            telling.append((form, Double(count) * index.idf(documentFrequency: df), id))
        }
        telling.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.form < $1.form }
        let chosen = Array(telling.prefix(25))
        var table = ResultTable(
            kind: "similar",
            columns: [.init("doc"), .init("score", .number), .init("date"), .init("title"), .init("shared")],
            wrapsLastColumn: true)
        guard !chosen.isEmpty else {
            table.notes.append("\(document.metadata.id) has no word that another document shares")
            return (table, [])
        }
        let query = IndexQuery.and([.or(chosen.map { .term([$0.form]) }), .not(.documents([Int32(d)]))])
        let (hits, total) = try await index.search(query, limit: limit, restrict: restrict)
        func surface(_ id: Int32) -> String { surfaces[id]?.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "" }
        for hit in hits {
            let other = snapshot.documents[Int(hit.document)]
            var shared = Set<String>()
            var otherText = other.text
            otherText.withUTF8 { p in
                for paragraph in other.paragraphs where DocumentAnalysis.isIndexed(paragraph.role) {
                    for terms in Self.positionedWords(p, paragraph, analyzer: &analyzer).terms { shared.insert(analyzer.terms.string(terms[0])) }
                }
            }
            let words = chosen.filter { shared.contains($0.form) }.prefix(8).map { surface($0.id) }
            table.rows.append([
                .text(other.metadata.id), .number(hit.score), other.metadata.date.map { .text($0.description) } ?? .null,
                .text(other.title), .text(words.joined(separator: ", ")),
            ])
        }
        table.notes.append("like \(document.metadata.id) by " + chosen.prefix(10).map { surface($0.id) }.joined(separator: ", ")
            + (chosen.count > 10 ? " …" : "") + "; \(total) document\(total == 1 ? "" : "s") share some of these words")
        return (table, Set(hits.map(\.document)))
    }
}
