/// A parsed query: one or more stages joined by `|`; the documents of each stage restrict the next.
public struct Pipeline: Sendable, Equatable {
    public var stages: [Command]
    public init(stages: [Command]) { self.stages = stages }
}

/// A search expression: words, phrases, prefixes and field filters combined with AND (also implied by
/// juxtaposition), OR and NOT. AND binds tighter than OR; parentheses group.
public indirect enum SearchExpression: Sendable, Equatable {
    case word(String)
    /// `"a b"` (slop 0: adjacent, in order) or `"a b"~N` (all words within N extra positions, any order).
    case phrase([String], slop: Int)
    /// `minist*`
    case prefix(String)
    /// `person:Hegseth`, `date:2025-10..2025-11`; the name is one of `SearchField`'s, lower-case.
    case field(name: String, value: String)
    case and([SearchExpression])
    case or([SearchExpression])
    case not(SearchExpression)
}

/// The fields a search can filter on.
public enum SearchField {
    public static let all: [(name: String, summary: String)] = [
        ("person", "documents mentioning a person (any of the entity's names)"),
        ("org", "documents mentioning an organisation"),
        ("loc", "documents mentioning a place"),
        ("oth", "documents mentioning another name (events, products, …)"),
        ("entity", "documents mentioning an entity of any type"),
        ("date", "documents dated in a range: 2025, 2025-10, 2025-10-31, 2025-10..2025-11, ..2025-11, 2025-10.."),
        ("lang", "documents in a language (de, en)"),
        ("source", "documents from a source (case-insensitive, any part of its name)"),
        ("doc", "documents whose id starts with a value"),
    ]
    public static var names: [String] { all.map(\.name) }

    /// Whether `value` is a date (`2025`, `2025-10`, `2025-10-31`) or a range of two, either side open.
    public static func isDateRange(_ value: String) -> Bool {
        guard let dots = value.firstRange(of: "..") else { return isDate(value) }
        let sides = [String(value[..<dots.lowerBound]), String(value[dots.upperBound...])]
        guard sides.count == 2, !(sides[0].isEmpty && sides[1].isEmpty) else { return false }
        return sides.allSatisfy { $0.isEmpty || isDate($0) }
    }

    public static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return false }
        if parts.count >= 2 { guard parts[1].count == 2, let m = Int(parts[1]), (1...12).contains(m) else { return false } }
        if parts.count == 3 { guard parts[2].count == 2, let d = Int(parts[2]), (1...31).contains(d) else { return false } }
        return true
    }
}

extension SearchExpression {
    /// The expression as it would be typed; compound parts are parenthesised.
    public var text: String {
        func part(_ e: SearchExpression) -> String {
            switch e {
            case .and, .or: "(" + e.text + ")"
            default: e.text
            }
        }
        switch self {
        case .word(let w): return w
        case .phrase(let words, let slop): return "\"" + words.joined(separator: " ") + "\"" + (slop > 0 ? "~\(slop)" : "")
        case .prefix(let p): return p + "*"
        case .field(let name, let value):
            return name + ":" + (value.contains(where: { $0 == " " || $0 == "(" || $0 == ")" }) ? "\"" + value + "\"" : value)
        case .and(let parts): return parts.map(part).joined(separator: " ")
        case .or(let parts): return parts.map(part).joined(separator: " OR ")
        case .not(let inner): return "NOT " + part(inner)
        }
    }
}

public enum Command: Sendable, Equatable {
    /// `search <expression> [limit N]`
    case search(SearchExpression, limit: Int?)
    /// `docs [where <expression>] [limit N]`: the documents (matching the expression), in corpus order.
    case docs(where: SearchExpression?, limit: Int?)
    /// `facets [top N]`: the most frequent sources, months, persons, places and organisations among the
    /// documents (of the left side of a pipe).
    case facets(top: Int?)
    /// `kwic <word|"phrase"> [width N] [limit N]`: every occurrence with its context.
    case kwic(words: [String], width: Int?, limit: Int?)
    /// `similar <doc> [limit N]`: the documents closest to one (the same story told elsewhere).
    case similar(document: String, limit: Int?)
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
    /// `timeline [<name>] [from DATE] [to DATE]`: events merged across documents, in time order.
    case timeline(name: String?, from: String?, to: String?)
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
        case .search(let expression, let limit):
            return "search \(expression.text)" + (limit.map { " limit \($0)" } ?? "")
        case .docs(let filter, let limit):
            return "docs" + (filter.map { " where " + $0.text } ?? "") + (limit.map { " limit \($0)" } ?? "")
        case .facets(let top): return "facets" + (top.map { " top \($0)" } ?? "")
        case .kwic(let words, let width, let limit):
            let target = words.count == 1 ? words[0] : "\"" + words.joined(separator: " ") + "\""
            return "kwic \(target)" + (width.map { " width \($0)" } ?? "") + (limit.map { " limit \($0)" } ?? "")
        case .similar(let document, let limit): return "similar \(document)" + (limit.map { " limit \($0)" } ?? "")
        case .show(let document): return "show \(document)"
        case .entities(let type, let top):
            return "entities" + (type.map { " \($0)" } ?? "") + (top.map { " top \($0)" } ?? "")
        case .entity(let name): return "entity \(name)"
        case .cooccur(let name, let top): return "cooccur \(name)" + (top.map { " top \($0)" } ?? "")
        case .dates(let document): return "dates \(document)"
        case .timeline(let name, let from, let to):
            return "timeline" + (name.map { " \($0)" } ?? "") + (from.map { " from \($0)" } ?? "") + (to.map { " to \($0)" } ?? "")
        case .graph(let type, let top):
            return "graph" + (type.map { " \($0)" } ?? "") + (top.map { " top \($0)" } ?? "")
        case .quotes(let name): return "quotes" + (name.map { " \($0)" } ?? "")
        case .stats: return "stats"
        case .problems: return "problems"
        case .help(let topic): return "help" + (topic.map { " \($0)" } ?? "")
        }
    }
}
