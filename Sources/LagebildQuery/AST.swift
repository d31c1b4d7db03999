/// A parsed query: one or more stages joined by `|`; the documents of each stage restrict the next.
public struct Pipeline: Sendable, Equatable {
    public var stages: [Command]
    public init(stages: [Command]) { self.stages = stages }
}

/// One search clause: a word, a quoted phrase (its words, all required), or a prefix (`minist*`).
public enum SearchTerm: Sendable, Equatable {
    case word(String)
    case phrase([String])
    case prefix(String)
}

public enum Command: Sendable, Equatable {
    /// `search <terms> [limit N]`
    case search(terms: [SearchTerm], limit: Int?)
    /// `docs [limit N]`
    case docs(limit: Int?)
    /// `show <doc>`
    case show(document: String)
    /// `entities [PER|LOC|ORG|OTH] [top N]`; the type is its three-letter code.
    case entities(type: String?, top: Int?)
    /// `entity <name>`: one entity's profile.
    case entity(name: String)
    /// `cooccur <name> [top N]`
    case cooccur(name: String, top: Int?)
    /// `graph [PER|LOC|ORG|OTH] [top N]`: who is mentioned with whom among the top entities.
    case graph(type: String?, top: Int?)
    /// `dates <doc>`: every temporal expression of a document with its value.
    case dates(document: String)
    /// `quotes [<name>]`
    case quotes(name: String?)
    /// `stats`
    case stats
    /// `problems`
    case problems
    /// `help [command]`
    case help(topic: String?)
}

extension Command {
    /// The command as it would be typed (`parse(print(c)) == c`).
    public var text: String {
        switch self {
        case .search(let terms, let limit):
            let body = terms.map { term -> String in
                switch term {
                case .word(let w): w
                case .phrase(let words): "\"" + words.joined(separator: " ") + "\""
                case .prefix(let p): p + "*"
                }
            }.joined(separator: " ")
            return "search \(body)" + (limit.map { " limit \($0)" } ?? "")
        case .docs(let limit): return "docs" + (limit.map { " limit \($0)" } ?? "")
        case .show(let document): return "show \(document)"
        case .entities(let type, let top):
            return "entities" + (type.map { " \($0)" } ?? "") + (top.map { " top \($0)" } ?? "")
        case .entity(let name): return "entity \(name)"
        case .cooccur(let name, let top): return "cooccur \(name)" + (top.map { " top \($0)" } ?? "")
        case .dates(let document): return "dates \(document)"
        case .graph(let type, let top):
            return "graph" + (type.map { " \($0)" } ?? "") + (top.map { " top \($0)" } ?? "")
        case .quotes(let name): return "quotes" + (name.map { " \($0)" } ?? "")
        case .stats: return "stats"
        case .problems: return "problems"
        case .help(let topic): return "help" + (topic.map { " \($0)" } ?? "")
        }
    }
}
