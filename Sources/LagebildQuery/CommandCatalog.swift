/// The query commands, with their syntax and a one-line summary: one table that drives parsing, help,
/// completion and "did you mean".
public struct CommandInfo: Sendable {
    public var name: String
    public var syntax: String
    public var summary: String
    public var example: String
}

public enum CommandCatalog {
    public static let commands: [CommandInfo] = [
        CommandInfo(name: "search",
                    syntax: "search <word|\"phrase\"[~N]|prefix*|field:value> … [AND|OR|NOT|( )] [limit N]",
                    summary: "documents matching words, phrases and filters (person: org: loc: oth: entity: date: lang: source: doc:), ranked by BM25",
                    example: "search (Hegseth OR person:\"Dong Jun\") \"Südchinesisches Meer\" NOT Taiwan"),
        CommandInfo(name: "docs", syntax: "docs [where <expression>] [limit N]",
                    summary: "list the documents of the corpus (those matching a search expression), in corpus order",
                    example: "docs where person:Hegseth date:2025-10..2025-11"),
        CommandInfo(name: "facets", syntax: "facets [top N]",
                    summary: "the most frequent sources, months, persons, places and organisations among the documents",
                    example: "search Taiwan | facets top 5"),
        CommandInfo(name: "kwic", syntax: "kwic <word|\"phrase\"> [width N] [limit N]",
                    summary: "every occurrence of a word or phrase (any inflection) with N characters of context on each side",
                    example: "kwic \"Südchinesisches Meer\" width 40"),
        CommandInfo(name: "similar", syntax: "similar <doc> [limit N]",
                    summary: "the documents closest to one by their most telling words: the same story told elsewhere",
                    example: "similar 001"),
        CommandInfo(name: "show", syntax: "show <doc>", summary: "a document's paragraphs with their roles",
                    example: "show 002"),
        CommandInfo(name: "entities", syntax: "entities [PER|LOC|ORG|OTH] [top N]",
                    summary: "the corpus's people, places, organisations and other names, by mentions",
                    example: "entities PER top 10"),
        CommandInfo(name: "entity", syntax: "entity <name>",
                    summary: "one entity: aliases, roles and affiliations with their documents, who it appears with",
                    example: "entity Dong Jun"),
        CommandInfo(name: "cooccur", syntax: "cooccur <name> [top N]",
                    summary: "the entities mentioned in the same sentences as one", example: "cooccur Hegseth top 5"),
        CommandInfo(name: "graph", syntax: "graph [PER|LOC|ORG|OTH] [top N]",
                    summary: "who is mentioned with whom among the top entities: an edge list (CSV for Gephi, --format dot for Graphviz)",
                    example: "graph PER top 20"),
        CommandInfo(name: "timeline", syntax: "timeline [<name>] [from DATE] [to DATE]",
                    summary: "events (meetings, agreements, visits, …) merged across documents, in time order, with every source",
                    example: "timeline Hegseth"),
        CommandInfo(name: "dates", syntax: "dates <doc>",
                    summary: "a document's temporal expressions with TIMEX3 values, relative to its date when known",
                    example: "dates 000"),
        CommandInfo(name: "quotes", syntax: "quotes [<name>]",
                    summary: "direct quotes with their speakers (unknown when the text does not say)",
                    example: "quotes Glaser"),
        CommandInfo(name: "stats", syntax: "stats", summary: "corpus statistics and time per stage",
                    example: "stats"),
        CommandInfo(name: "problems", syntax: "problems", summary: "files and lines that could not be used",
                    example: "problems"),
        CommandInfo(name: "help", syntax: "help [command]", summary: "this list, or one command's syntax",
                    example: "help search"),
    ]

    public static func info(_ name: String) -> CommandInfo? { commands.first { $0.name == name } }

    /// The closest name in `candidates` within edit distance 2, for "did you mean".
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(word.lowercased(), $0)) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars)
        let y = Array(b.unicodeScalars)
        var previous = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...max(y.count, 1) where !y.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return x.isEmpty ? y.count : previous[y.count]
    }
}
