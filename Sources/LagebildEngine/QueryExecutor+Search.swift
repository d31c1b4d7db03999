import LagebildEntities
import LagebildIndex
import LagebildQuery
import LagebildText

/// `search`: a search expression turned into an index query (words analysed like the text, fields resolved
/// to documents), run, and shown with snippets in which the matched words are marked.
extension QueryExecutor {
    /// An index query and what to mark in snippets.
    struct CompiledSearch {
        var query: IndexQuery
        /// Index terms of the positive words, phrases and prefixes (not under NOT).
        var highlight: Set<String> = []
        var notes: [String] = []
    }

    func compile(_ expression: SearchExpression) -> CompiledSearch {
        var analyzer = TermAnalyzer(forms: 64)
        var compiled = CompiledSearch(query: .all)
        compiled.query = compile(expression, analyzer: &analyzer, positive: true, into: &compiled)
        return compiled
    }

    private func compile(
        _ expression: SearchExpression, analyzer: inout TermAnalyzer, positive: Bool, into compiled: inout CompiledSearch
    ) -> IndexQuery {
        func remember(_ forms: [[String]]) {
            if positive { for f in forms { compiled.highlight.formUnion(f) } }
        }
        switch expression {
        case .word(let word):
            let parts = analyzer.queryClauses(TextDecoder.normalise(word))
            remember(parts)
            if parts.isEmpty {
                compiled.notes.append("'\(word)' has no word to search for and was left out")
                return .all
            }
            return parts.count == 1 ? .term(parts[0]) : .phrase(parts, slop: 0)
        case .phrase(let words, let slop):
            let parts = words.flatMap { analyzer.queryClauses(TextDecoder.normalise($0)) }
            remember(parts)
            if parts.isEmpty { return .all }
            return parts.count == 1 ? .term(parts[0]) : .phrase(parts, slop: slop)
        case .prefix(let prefix):
            let lower = TextDecoder.normalise(prefix).lowercased()
            var found = Set(snapshot.index.terms(withPrefix: Array(lower.utf8)))
            let folded = Self.fold(lower)
            if folded != lower { found.formUnion(snapshot.index.terms(withPrefix: Array(folded.utf8))) }
            let forms = found.sorted()
            remember([forms])
            if forms.isEmpty { compiled.notes.append("no indexed word starts with '\(prefix)'") }
            return forms.isEmpty ? .documents([]) : .term(forms)
        case .field("date", let value):
            // Documents dated in the range, or mentioning a date in it ("am 1. November 2025").
            let (documents, _) = documents(field: "date", value: value)
            let mentioned = Self.dateTerms(value)
            return mentioned.isEmpty ? .documents(documents) : .or([.documents(documents), .filter(.term(mentioned))])
        case .field(let name, let value):
            let (documents, note) = documents(field: name, value: value)
            if let note { compiled.notes.append(note) }
            // An entity filter marks the entity's names in snippets.
            if positive, let type = Self.entityFieldTypes[name] {
                for entity in snapshot.entities.find(value) where type == nil || entity.type == type {
                    for alias in entity.aliases.keys { remember(analyzer.queryClauses(TextDecoder.normalise(alias))) }
                }
            }
            return .documents(documents)
        case .and(let parts):
            return .and(parts.map { compile($0, analyzer: &analyzer, positive: positive, into: &compiled) })
        case .or(let parts):
            return .or(parts.map { compile($0, analyzer: &analyzer, positive: positive, into: &compiled) })
        case .not(let inner):
            return .not(compile(inner, analyzer: &analyzer, positive: !positive, into: &compiled))
        }
    }

    /// The entity fields and the type each stands for (nil: any).
    static let entityFieldTypes: [String: EntityType?] = [
        "person": .person, "org": .organisation, "loc": .location, "oth": .other, "entity": EntityType?.none,
    ]

    /// German index terms are umlaut- and ß-folded: a prefix typed with umlauts must match them too.
    static func fold(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "ä": out += "a"
            case "ö": out += "o"
            case "ü": out += "u"
            case "ß": out += "ss"
            default: out.append(c)
            }
        }
        return out
    }

    /// The documents a field filter selects (ascending), and a note when it selects none for a reason the
    /// user may not expect.
    func documents(field: String, value: String) -> ([Int32], String?) {
        let all = snapshot.documents.indices
        switch field {
        case "person", "org", "loc", "oth", "entity":
            let type = Self.entityFieldTypes[field] ?? nil
            let found = snapshot.entities.find(value).filter { type == nil || $0.type == type }
            guard !found.isEmpty else {
                return ([], "no \(type.map { EntityClass($0, .plain).description } ?? "entity") named '\(value)'")
            }
            return (Array(Set(found.flatMap(\.documents))).sorted(), nil)
        case "date":
            guard let range = Self.dayRange(value) else { return ([], "bad date range '\(value)'") }
            let selected = all.filter { d in
                guard let date = snapshot.documents[d].metadata.date else { return false }
                let own = Self.dayRange(of: date)
                return own.lowerBound >= range.lowerBound && own.upperBound <= range.upperBound
            }
            let undated = all.count { snapshot.documents[$0].metadata.date == nil }
            return (selected.map { Int32($0) }, undated > 0 && selected.isEmpty ? "\(undated) document\(undated == 1 ? " has" : "s have") no date" : nil)
        case "lang":
            guard let language = Language(code: value) else { return ([], "unknown language '\(value)' (de, en)") }
            return (all.filter { snapshot.documents[$0].language == language }.map { Int32($0) }, nil)
        case "source":
            let wanted = value.lowercased()
            return (all.filter { snapshot.documents[$0].metadata.source?.lowercased().contains(wanted) ?? false }.map { Int32($0) }, nil)
        case "doc":
            return (all.filter { snapshot.documents[$0].metadata.id.hasPrefix(value) }.map { Int32($0) }, nil)
        default:
            return ([], "unknown field '\(field)'")
        }
    }

    /// The index terms of the dates in a `date:` range: a month term for each whole month, day terms for the
    /// days of a month the range covers only in part; open ends stop at 1900 and 2100.
    static func dateTerms(_ value: String) -> [String] {
        guard let range = dayRange(value) else { return [] }
        let lower = max(range.lowerBound, 19_000_101), upper = min(range.upperBound, 21_001_231)
        guard lower <= upper else { return [] }
        var terms: [String] = []
        var year = lower / 10_000, month = lower / 100 % 100
        while year * 100 + month <= upper / 100 {
            let first = year * 10_000 + month * 100 + 1, last = year * 10_000 + month * 100 + 31
            if first >= lower && last <= upper {
                terms.append(DateMentions.terms(year: year, month: month, day: nil)[0])
            } else {
                for day in 1...31 where (lower...upper).contains(year * 10_000 + month * 100 + day) {
                    terms.append(DateMentions.terms(year: year, month: month, day: day)[0])
                }
            }
            month += 1
            if month > 12 {
                month = 1
                year += 1
            }
        }
        return terms
    }

    /// Days as yyyymmdd numbers: "2025-10" → 20251001 ... 20251031 (a month's end taken as day 31, which
    /// orders correctly), "a..b", "..b", "a..".
    static func dayRange(_ value: String) -> ClosedRange<Int>? {
        let sides = value.components(separatedBy: "..")
        func bounds(_ text: String) -> ClosedRange<Int>? { DocumentDate(parsing: text).map(dayRange(of:)) }
        if sides.count == 1 { return bounds(value) }
        guard sides.count == 2 else { return nil }
        let lower = sides[0].isEmpty ? 0 : bounds(sides[0])?.lowerBound
        let upper = sides[1].isEmpty ? 99_991_231 : bounds(sides[1])?.upperBound
        guard let lower, let upper, lower <= upper else { return nil }
        return lower...upper
    }

    static func dayRange(of date: DocumentDate) -> ClosedRange<Int> {
        let base = date.year * 10_000
        return (base + (date.month ?? 1) * 100 + (date.day ?? 1))...(base + (date.month ?? 12) * 100 + (date.day ?? 31))
    }

    /// The best `limit` hits as rows; passed on (to a pipe's right side): the best `passing` hits, or all.
    func search(_ expression: SearchExpression, limit: Int, passing: Int? = nil, restrict: Set<Int32>?) async throws -> (ResultTable, Set<Int32>) {
        let compiled = compile(expression)
        let (hits, total) = try await snapshot.index.search(compiled.query, limit: Int.max, restrict: restrict)
        var table = ResultTable(
            kind: "search",
            columns: [.init("doc"), .init("score", .number), .init("date"), .init("title"), .init("snippet")],
            wrapsLastColumn: true)
        var analyzer = TermAnalyzer(forms: 1024)
        for hit in hits.prefix(limit) {
            try Task.checkCancellation()
            let document = snapshot.documents[Int(hit.document)]
            table.rows.append([
                .text(document.metadata.id), .number(hit.score), document.metadata.date.map { .text($0.description) } ?? .null,
                .text(document.title), .text(snippet(document, marking: compiled.highlight, analyzer: &analyzer)),
            ])
        }
        table.notes = compiled.notes
        table.notes.append("\(total) matching document\(total == 1 ? "" : "s")" + (total > limit ? ", \(limit) shown" : ""))
        return (table, Set(hits.prefix(passing ?? hits.count).map(\.document)))
    }

    /// The story sentence (or caption) with the most distinct marked terms (the first of equals), cut to
    /// about 160 bytes around its first marked word, with the marked words between match marks.
    func snippet(_ document: AnalyzedDocument, marking terms: Set<String>, analyzer: inout TermAnalyzer) -> String {
        guard !terms.isEmpty else { return "" }
        var text = document.text
        return text.withUTF8 { p -> String in
            var best: (sentence: Int, tokens: [Token], marked: [Bool], score: Int)? = nil
            var known: [Int32: Bool] = [:]
            for (k, sentence) in document.structure.sentences.enumerated() {
                let paragraph = document.paragraphs[Int(document.structure.sentenceParagraph[k])]
                guard paragraph.role.isStoryText || paragraph.role == .caption else { continue }
                let tokens = Tokenizer.tokenize(p, sentence.range)
                var marked = [Bool](repeating: false, count: tokens.count)
                var distinct = Set<Int32>()
                var ids: [Int32] = []
                for (t, token) in tokens.enumerated() {
                    ids.removeAll(keepingCapacity: true)
                    analyzer.analyze(p, token, language: paragraph.language) { term, _ in ids.append(term) }
                    for term in ids {
                        let hit = known[term] ?? terms.contains(analyzer.terms.string(term))
                        known[term] = hit
                        if hit {
                            marked[t] = true
                            distinct.insert(term)
                        }
                    }
                }
                if distinct.count > (best?.score ?? 0) { best = (k, tokens, marked, distinct.count) }
                if let best, best.score == terms.count { break }
            }
            guard let best, let first = best.marked.firstIndex(of: true) else { return "" }
            let sentence = document.structure.sentences[best.sentence]
            // Up to six tokens of context before the first marked word, then up to ~160 bytes.
            let startToken = max(0, first - 6)
            let from = startToken == 0 ? sentence.lowerBound : best.tokens[startToken].span.lowerBound
            var to = sentence.upperBound
            for token in best.tokens[startToken...] where token.span.upperBound - from > 160 {
                to = token.span.upperBound
                break
            }
            func piece(_ a: Int, _ b: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: p[a..<b]), as: UTF8.self) }
            var out = from > sentence.lowerBound ? "…" : ""
            var at = from
            for (t, token) in best.tokens.enumerated() where best.marked[t] && token.span.lowerBound >= from && token.span.upperBound <= to {
                out += piece(at, token.span.lowerBound)
                out += EntityMarkup.mark(piece(token.span.lowerBound, token.span.upperBound), EntityMarkup.match)
                at = token.span.upperBound
            }
            out += piece(at, to)
            if to < sentence.upperBound { out += "…" }
            return out
        }
    }
}

extension QueryExecutor {
    /// Facets: per kind (source, month, person, place, organisation), the most frequent values among the
    /// documents and in how many documents each occurs.
    func facets(top: Int, restrict: Set<Int32>?) -> ResultTable {
        var table = ResultTable(kind: "facets", columns: [.init("facet"), .init("value"), .init("docs", .integer)])
        let documents = restrict.map { Array($0).sorted() } ?? (0..<Int32(snapshot.documents.count)).map { $0 }
        var sources: [String: Int] = [:], months: [String: Int] = [:]
        for d in documents {
            let metadata = snapshot.documents[Int(d)].metadata
            if let source = metadata.source { sources[source, default: 0] += 1 }
            if let date = metadata.date, let month = date.month { months[String(format: "%04d-%02d", date.year, month), default: 0] += 1 }
        }
        var byType: [EntityType: [String: Int]] = [:]
        let wanted = Set(documents)
        for entity in snapshot.entities.entities where entity.form == .plain && entity.type != .other {
            let count = restrict == nil ? entity.documents.count : entity.documents.count { wanted.contains($0) }
            if count > 0 { byType[entity.type, default: [:]][entity.name] = count }
        }
        func add(_ facet: String, _ counts: [String: Int]) {
            for (value, count) in counts.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(top) {
                table.rows.append([.text(facet), .text(value), .integer(count)])
            }
        }
        add("source", sources)
        add("month", months)
        add("person", byType[.person] ?? [:])
        add("place", byType[.location] ?? [:])
        add("organisation", byType[.organisation] ?? [:])
        table.notes.append("among \(documents.count) document\(documents.count == 1 ? "" : "s"); the top \(top) of each facet")
        return table
    }
}
