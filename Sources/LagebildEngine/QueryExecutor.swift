import Foundation
import LagebildEntities
import LagebildTime
import LagebildQuery
import LagebildText
import LagebildTimeline

/// Executes commands against one snapshot. Pure: no state besides the snapshot it reads, and the
/// corpus's timeline when the service that made it keeps one.
struct QueryExecutor: Sendable {
    let snapshot: Snapshot
    /// The service's timeline of the whole snapshot (built at its first use, then kept); nil when the
    /// service has published another snapshot since this one.
    var corpusTimeline: (@Sendable () async -> Task<TimelineStore, any Error>?)? = nil

    func run(_ pipeline: Pipeline) async throws -> ResultTable {
        var restrict: Set<Int32>? = nil
        var table = ResultTable(kind: "empty", columns: [])
        for command in pipeline.stages {
            try Task.checkCancellation()
            let (result, documents) = try await run(command, restrict: restrict)
            table = result
            restrict = documents
        }
        return table
    }

    /// One stage: its table, and the documents it selected (for the next stage of a pipe).
    func run(_ command: Command, restrict: Set<Int32>?) async throws -> (ResultTable, Set<Int32>?) {
        switch command {
        // A pipe passes on every matching document, or with an explicit `limit` the ones shown.
        case .search(let expression, let limit):
            return try await search(expression, limit: limit ?? 20, passing: limit, restrict: restrict)
        case .docs(let filter, let limit):
            var matching = restrict
            if let filter {
                matching = Set(try await snapshot.index.search(compile(filter).query, limit: Int.max, restrict: restrict).hits.map(\.document))
            }
            let (table, shown) = docs(limit: limit, restrict: matching)
            return (table, limit == nil ? matching : shown)
        case .facets(let top): return (facets(top: top ?? 10, restrict: restrict), restrict)
        case .show(let reference): return (try show(reference), restrict)
        case .entities(let type, let top): return (entities(type: type, top: top ?? 20, restrict: restrict), restrict)
        case .entity(let name):
            let (table, entity) = try profile(name)
            return (table, Set(entity.documents))
        case .cooccur(let name, let top): return (try cooccur(name, top: top ?? 20, restrict: restrict), restrict)
        case .quotes(let name): return try quotes(of: name, restrict: restrict)
        case .dates(let reference): return (try dates(reference), restrict)
        case .timeline(let name, let from, let to): return try await timeline(name: name, from: from, to: to, restrict: restrict)
        case .graph(let type, let top): return (graph(type: type, top: top ?? 20, restrict: restrict), restrict)
        case .stats: return (stats(), restrict)
        case .problems: return (problems(), restrict)
        case .help(let topic): return (help(topic), restrict)
        case .kwic(let words, let width, let limit): return try await kwic(words, width: width ?? 40, limit: limit ?? 50, restrict: restrict)
        case .similar(let reference, let limit): return try await similar(reference, limit: limit ?? 10, restrict: restrict)
        }
    }

    // MARK: - entities

    /// Entities by mentions; with a restriction (after a pipe), counted in those documents only.
    func entities(type: String?, top: Int, restrict: Set<Int32>?) -> ResultTable {
        var table = ResultTable(
            kind: "entities",
            columns: [
                .init("entity"), .init("type"), .init("mentions", .integer), .init("docs", .integer),
                .init("in"), .init("as"),
            ])
        let wanted = type.flatMap { EntityType(code: $0) }
        // After a pipe, mentions are counted in the left side's documents, and rank the entities there.
        let counts = restrict.flatMap(mentionCounts(in:))
        var ranked = snapshot.entities.ranked(type: wanted)
        if let counts { ranked = Self.ranked(ranked, by: counts) }
        var rows: [(entity: EntityRegistry.Entity, docs: [Int32], mentions: Int)] = []
        for entity in ranked {
            let docs = restrict.map { r in entity.documents.filter { r.contains($0) } } ?? entity.documents
            if !docs.isEmpty { rows.append((entity, docs, counts.map { $0[entity.id] } ?? entity.mentionCount)) }
        }
        for (entity, docs, mentions) in rows.prefix(top) {
            let ids = docs.prefix(5).map { snapshot.documents[Int($0)].metadata.id.prefix(12) }.joined(separator: " ")
                + (docs.count > 5 ? " …" : "")
            let aliases = entity.rankedAliases.map(\.form)
            table.rows.append([
                .text(entity.name), .text(EntityClass(entity.type, entity.form).description), .integer(mentions),
                .integer(docs.count), .text(ids), .text(aliases.prefix(6).joined(separator: ", ")),
            ])
        }
        table.notes.append("\(rows.count) entit\(rows.count == 1 ? "y" : "ies")" + (rows.count > top ? ", \(top) shown" : ""))
        table.wrapsLastColumn = true
        return table
    }

    /// Per entity (by id), its mentions in `documents`; nil when the snapshot does not map mentions to
    /// entities (then only corpus-wide counts are known).
    func mentionCounts(in documents: Set<Int32>) -> [Int]? {
        guard !snapshot.mentionEntities.isEmpty else { return nil }
        var counts = [Int](repeating: 0, count: snapshot.entities.entities.count)
        for d in documents where Int(d) < snapshot.mentionEntities.count {
            for e in snapshot.mentionEntities[Int(d)] where e >= 0 && Int(e) < counts.count { counts[Int(e)] += 1 }
        }
        return counts
    }

    /// `entities` by `counts` (by entity id), most first; equal counts keep their order in `entities`.
    static func ranked(_ entities: [EntityRegistry.Entity], by counts: [Int]) -> [EntityRegistry.Entity] {
        entities.enumerated().sorted { (counts[$0.element.id], $1.offset) > (counts[$1.element.id], $0.offset) }.map(\.element)
    }

    /// The entity a name refers to: the most mentioned of those it names.
    func resolve(_ name: String) throws(EngineError) -> (EntityRegistry.Entity, others: [EntityRegistry.Entity]) {
        let found = snapshot.entities.find(name)
        guard let best = found.first else { throw .unknownEntity(name) }
        return (best, Array(found.dropFirst()))
    }

    /// Short document ids ("000_1eabfec1"), with their dates where known when `dated` ("000_1eabfec1
    /// (2025-11-02), …"), the first `limit` of them and a count of all when cut.
    func ids(_ documents: some Collection<Int32>, limit: Int = 8, dated: Bool = false) -> String {
        let separator = dated ? ", " : " "
        return documents.prefix(limit).map { d in
            let metadata = snapshot.documents[Int(d)].metadata
            return String(metadata.id.prefix(12)) + (dated ? metadata.date.map { " (\($0))" } ?? "" : "")
        }.joined(separator: separator) + (documents.count > limit ? separator + "… (\(documents.count))" : "")
    }

    /// An entity's profile: aliases, roles with their documents, documents, who it appears with.
    func profile(_ name: String) throws -> (ResultTable, EntityRegistry.Entity) {
        let (entity, others) = try resolve(name)
        var table = ResultTable(kind: "entity", columns: [.init("field"), .init("value")], wrapsLastColumn: true)
        func row(_ field: String, _ value: String) { table.rows.append([.text(field), .text(value)]) }
        row("entity", entity.name)
        row("type", EntityClass(entity.type, entity.form).description)
        row("mentions", String(entity.mentionCount))
        row("documents", ids(entity.documents))
        row("aliases", entity.rankedAliases.map { "\($0.form) (\($0.count))" }.joined(separator: ", "))
        for (fact, documents) in EntityRegistry.roles(of: entity) { row("role", fact.description + " in " + ids(documents, limit: 6, dated: true)) }
        for (rank, documents) in EntityRegistry.ranks(of: entity) { row("rank", rank + " in " + ids(documents)) }
        if let line = mentionsOverTime(entity) { row("documents by month", line) }
        let together = snapshot.entities.cooccurrences(of: entity.id).prefix(5)
        if !together.isEmpty {
            row("mentioned with", together.map { "\(EntityRegistry.label($0.entity)) ×\($0.sentences)" }.joined(separator: ", "))
        }
        if !others.isEmpty {
            table.notes.append("also named so: " + others.prefix(5).map { "\($0.name) (\(EntityClass($0.type, $0.form)))" }.joined(separator: ", "))
        }
        return (table, entity)
    }

    /// A sparkline of the entity's documents per month, from the first month to the last of the dated
    /// documents it is in ("2020-03 ▁▃█▅▂ 2020-07"); nil when fewer than two months are known.
    func mentionsOverTime(_ entity: EntityRegistry.Entity) -> String? {
        var perMonth: [Int: Int] = [:]
        for d in entity.documents {
            guard let date = snapshot.documents[Int(d)].metadata.date, let month = date.month else { continue }
            perMonth[date.year * 12 + month - 1, default: 0] += 1
        }
        guard let first = perMonth.keys.min(), let last = perMonth.keys.max(), last > first, last - first < 240 else { return nil }
        let counts = (first...last).map { perMonth[$0] ?? 0 }
        let bars = Array("▁▂▃▄▅▆▇█"), top = counts.max()!
        let line = counts.map { $0 == 0 ? " " : bars[min(bars.count - 1, ($0 * bars.count - 1) / top)] }
        func label(_ m: Int) -> String { String(format: "%04d-%02d", m / 12, m % 12 + 1) }
        return label(first) + " " + String(line) + " " + label(last) + " (most: \(top))"
    }

    /// Entities mentioned in the same sentences as `name`.
    func cooccur(_ name: String, top: Int, restrict: Set<Int32>?) throws -> ResultTable {
        let (entity, _) = try resolve(name)
        var table = ResultTable(
            kind: "cooccur",
            columns: [.init("with"), .init("entity"), .init("type"), .init("sentences", .integer), .init("docs", .integer)])
        let rows = snapshot.entities.cooccurrences(of: entity.id, in: restrict)
        for (other, sentences, documents) in rows.prefix(top) {
            table.rows.append([
                .text(entity.name), .text(other.name), .text(EntityClass(other.type, other.form).description), .integer(sentences),
                .integer(documents),
            ])
        }
        table.notes.append("\(rows.count) entit\(rows.count == 1 ? "y" : "ies") in sentences with \(entity.name)"
            + (rows.count > top ? ", \(top) shown" : ""))
        return table
    }

    /// Direct quotes, optionally of one speaker, in corpus order.
    func quotes(of name: String?, restrict: Set<Int32>?) throws -> (ResultTable, Set<Int32>) {
        let speaker = try name.map { name throws(EngineError) in try resolve(name).0 }
        var table = ResultTable(
            kind: "quotes", columns: [.init("doc"), .init("speaker"), .init("quote")], wrapsLastColumn: true)
        var documents: Set<Int32> = []
        for (d, document) in snapshot.documents.enumerated() {
            if let restrict, !restrict.contains(Int32(d)) { continue }
            for quote in document.quotes {
                let entity = quote.speaker.flatMap { m -> Int32? in
                    let e = snapshot.mentionEntities[d][Int(m)]
                    return e < 0 ? nil : e
                }
                if let speaker, entity != Int32(speaker.id) { continue }
                documents.insert(Int32(d))
                table.rows.append([
                    .text(String(document.metadata.id.prefix(12))),
                    entity.map { .text(snapshot.entities.entities[Int($0)].name) } ?? .text("(unknown)"),
                    .text("„" + document.text.slice(quote.span) + "“"),
                ])
            }
        }
        table.notes.append("\(table.rows.count) quote\(table.rows.count == 1 ? "" : "s")")
        return (table, documents)
    }

    /// The co-mention graph of the `top` most mentioned entities (of one type, if given): an edge for
    /// every pair mentioned in the same sentence, weighted by those sentences.
    func graph(type: String?, top: Int, restrict: Set<Int32>? = nil) -> ResultTable {
        var table = ResultTable(
            kind: "graph",
            columns: [.init("source"), .init("target"), .init("sentences", .integer), .init("docs", .integer)])
        let wanted = type.flatMap { EntityType(code: $0) }
        var ranked = snapshot.entities.ranked(type: wanted).filter { $0.form == .plain }
        // After a pipe: the entities most mentioned in the documents passed on, and their edges there.
        if let restrict, let counts = mentionCounts(in: restrict) {
            ranked = Self.ranked(ranked.filter { counts[$0.id] > 0 }, by: counts)
        }
        let nodes = ranked.prefix(top)
        let ids = Set(nodes.map(\.id))
        for entity in nodes {
            for (other, sentences, documents) in snapshot.entities.cooccurrences(of: entity.id, in: restrict)
            where ids.contains(other.id) && entity.id < other.id {
                table.rows.append([.text(entity.name), .text(other.name), .integer(sentences), .integer(documents)])
            }
        }
        func weight(_ row: [ResultTable.Value]) -> Int { if case .integer(let n) = row[2] { n } else { 0 } }
        table.rows.sort { weight($0) > weight($1) }
        table.notes.append("\(nodes.count) entities, \(table.rows.count) edges (weight: sentences mentioning both)")
        return table
    }

    /// The temporal expressions of one document (every paragraph but boilerplate: a caption's or a
    /// tweet's date counts), relative to the document's date when the metadata give a full one;
    /// otherwise relative expressions stay underspecified.
    func dates(_ reference: String) throws -> ResultTable {
        let number = try snapshot.document(reference)
        let document = snapshot.documents[number]
        var table = ResultTable(
            kind: "dates", columns: [.init("#", .integer), .init("expression"), .init("type"), .init("value"), .init("sentence")],
            wrapsLastColumn: true)
        guard let finder = EventFinder.bundled else {
            table.notes.append("no temporal rules for German could be loaded")
            return table
        }
        let tagger = finder.tagger(for: document)
        let found = finder.documentDate(document)
        let dct = found?.date
        let evidence = found.map { "relative to the document date \($0)" }
        let structure = document.structure
        let documentText = document.text
        var count = 0
        for (s, sentence) in structure.sentences.enumerated() {
            let paragraph = structure.paragraphs[Int(structure.sentenceParagraph[s])]
            guard paragraph.role != .boilerplate else { continue }
            let text = String(documentText.slice(sentence))
            for timex in tagger.tag(text, reference: dct) {
                count += 1
                let expression = String(decoding: Array(text.utf8)[timex.range], as: UTF8.self)
                table.rows.append([
                    .integer(count), .text(expression), .text(timex.kind?.rawValue ?? ""), .text(timex.value), .text(text),
                ])
            }
        }
        table.notes.append(evidence ?? "no document date (none in the metadata, no dateline, no full date in the story): relative expressions are underspecified")
        return table
    }

    // MARK: - docs, show

    /// The documents in corpus order (those of `restrict`), the first `limit`; and the numbers of those shown.
    func docs(limit: Int?, restrict: Set<Int32>?) -> (ResultTable, Set<Int32>) {
        var table = ResultTable(
            kind: "docs",
            columns: [
                .init("doc"), .init("date"), .init("source"), .init("lang"), .init("paragraphs", .integer),
                .init("tokens", .integer), .init("title"),
            ])
        var count = 0
        var shown: Set<Int32> = []
        for (number, document) in snapshot.documents.enumerated() {
            if let restrict, !restrict.contains(Int32(number)) { continue }
            count += 1
            if let limit, table.rows.count >= limit { continue }
            shown.insert(Int32(number))
            table.rows.append([
                .text(document.metadata.id), document.metadata.date.map { .text($0.description) } ?? .null,
                document.metadata.source.map { .text($0) } ?? .null, .text(document.language.description),
                .integer(document.paragraphs.count), .integer(document.structure.tokenCount), .text(document.title),
            ])
        }
        table.notes.append("\(count) document\(count == 1 ? "" : "s")"
            + (table.rows.count < count ? ", \(table.rows.count) shown" : ""))
        return (table, shown)
    }

    func show(_ reference: String) throws -> ResultTable {
        let number = try snapshot.document(reference)
        let document = snapshot.documents[number]
        var table = ResultTable(
            kind: "show", columns: [.init("#", .integer), .init("role"), .init("lang"), .init("text")],
            wrapsLastColumn: true)
        var mentions = document.mentions[...]
        let documentText = document.text
        let entityOf = number < snapshot.mentionEntities.count ? snapshot.mentionEntities[number] : []
        for (k, paragraph) in document.paragraphs.enumerated() {
            // Entity mentions are marked inline (see EntityMarkup), by the class of the entity they belong
            // to where the corpus corrected the tagger ("Corona" named in many documents is no person).
            var text = ""
            var at = paragraph.span.lowerBound
            while let m = mentions.first, m.span.lowerBound < paragraph.span.upperBound {
                let index = mentions.startIndex
                mentions.removeFirst()
                guard m.span.lowerBound >= at else { continue }
                var entityClass = m.entityClass
                if index < entityOf.count, entityOf[index] >= 0 {
                    let entity = snapshot.entities.entities[Int(entityOf[index])]
                    entityClass = EntityClass(entity.type, entity.form)
                }
                text += documentText.slice(TextSpan(at, m.span.lowerBound))
                text += EntityMarkup.mark(documentText.slice(m.span), entityClass.description)
                at = m.span.upperBound
            }
            text += documentText.slice(TextSpan(at, paragraph.span.upperBound))
            table.rows.append([
                .integer(k + 1), .text(paragraph.role.description), .text(paragraph.language.description), .text(text),
            ])
        }
        var meta = [document.metadata.id, document.metadata.origin]
        if let date = document.metadata.date { meta.append("date \(date)") } else { meta.append("date unknown") }
        if let source = document.metadata.source { meta.append(source) }
        table.notes.append(meta.joined(separator: " · "))
        return table
    }

    // MARK: - stats, problems, help

    func stats() -> ResultTable {
        let s = snapshot.stats
        var table = ResultTable(kind: "stats", columns: [.init("metric"), .init("value")])
        func row(_ name: String, _ value: String) { table.rows.append([.text(name), .text(value)]) }
        row("corpus", snapshot.name)
        row("documents", s.documents.formatted())
        row("bytes", s.bytes.formatted())
        for role in ParagraphRole.allCases {
            row("paragraphs: \(role)", s.paragraphs(role).formatted())
        }
        row("sentences", s.sentences.formatted())
        row("tokens", s.tokens.formatted())
        if s.mentions > 0 {
            row("entity mentions", s.mentions.formatted() + " (\(snapshot.entities.entities.count.formatted()) entities)")
            row("direct quotes", s.quotes.formatted())
        }
        row("terms in index", snapshot.index.termCount.formatted())
        row("index shards", String(snapshot.index.shards.count))
        let inMemory = snapshot.documents.count { $0.isTextInMemory }
        row("texts", inMemory == snapshot.documents.count ? "in memory"
            : inMemory == 0 ? "in a file, read when shown" : "\((snapshot.documents.count - inMemory).formatted()) in a file, \(inMemory.formatted()) in memory")
        for language in Language.allCases where s.documents(language) > 0 {
            row("documents: \(language)", s.documents(language).formatted())
        }
        for language in Language.allCases where s.paragraphs(language) > 0 {
            row("paragraphs: \(language)", s.paragraphs(language).formatted())
        }
        let skipped = snapshot.problems.filter { $0.severity == .skipped }.count
        row("problems", "\(snapshot.problems.count) (\(skipped) skipped, \(snapshot.problems.count - skipped) repaired)")
        func ms(_ d: Duration) -> String { String(format: "%.1f ms", d.inSeconds * 1000) }
        func rate(_ d: Duration) -> String {
            let seconds = d.inSeconds
            return seconds > 0 ? String(format: " (%.1f MB/s)", Double(s.bytes) / 1e6 / seconds) : ""
        }
        row("time: decode (CPU)", ms(s.times.decode) + rate(s.times.decode))
        row("time: paragraphs, roles, sentences, tokens (CPU)", ms(s.times.structure) + rate(s.times.structure))
        row("time: index terms (CPU)", ms(s.times.terms) + rate(s.times.terms))
        row("time: entities (CPU)", s.mentions > 0 ? ms(s.times.entities) + rate(s.times.entities) : "off")
        row("time: events (CPU)", s.mentions > 0 ? ms(s.times.events) + rate(s.times.events) : "off")
        row("time: merge (CPU)", ms(s.times.merge))
        row("time: merge: seal index (wall)", ms(s.times.sealing))
        if s.mentions > 0 { row("time: merge: cluster entities (wall, beside the seal)", ms(s.times.clustering)) }
        row("time: wall, \(s.workers) worker\(s.workers == 1 ? "" : "s")", ms(s.wall) + rate(s.wall))
        return table
    }

    func problems() -> ResultTable {
        var table = ResultTable(kind: "problems", columns: [.init("origin"), .init("severity"), .init("reason")])
        for problem in snapshot.problems {
            table.rows.append([.text(problem.origin), .text(problem.severity.rawValue), .text(problem.reason)])
        }
        table.notes.append("\(snapshot.problems.count) problem\(snapshot.problems.count == 1 ? "" : "s")")
        return table
    }

    func help(_ topic: String?) -> ResultTable {
        var table = ResultTable(kind: "help", columns: [.init("command"), .init("syntax"), .init("summary")])
        for info in CommandCatalog.commands where topic == nil || topic == info.name {
            table.rows.append([.text(info.name), .text(info.syntax), .text(info.summary)])
        }
        if let topic, table.rows.isEmpty {
            let hint = CommandCatalog.suggestion(for: topic, among: CommandCatalog.commands.map(\.name))
            table.notes.append("no command '\(topic)'" + (hint.map { "; did you mean '\($0)'?" } ?? ""))
        }
        return table
    }
}
