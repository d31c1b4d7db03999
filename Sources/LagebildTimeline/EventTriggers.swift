import Foundation

/// The words that make a sentence an event candidate, by event type: a data table per language pair
/// (`Resources/triggers.tsv`), so types and forms change without code changes.
public struct EventTriggers: Sendable {
    /// Types in table order: the first type one of a sentence's words matches wins.
    public private(set) var types: [String] = []
    private var exact: [String: Int] = [:]
    /// Compound heads ("treffen" for "Gipfeltreffen"), longest first.
    private var heads: [(form: String, type: Int)] = []
    /// The length of the shortest form, in characters: a shorter word triggers nothing.
    public private(set) var shortest = Int.max

    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "triggers.tsv:\(line): \(message)" }
    }

    public init(tsv: String) throws {
        for (n, line) in tsv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let fields = trimmed.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2 else { throw ParseError(line: n + 1, message: "expected a type, a tab and word forms") }
            let type = types.count
            types.append(String(fields[0]))
            for form in fields[1].split(separator: " ") {
                if form.hasPrefix("~") {
                    heads.append((String(form.dropFirst()), type))
                } else if exact[String(form)] == nil {
                    exact[String(form)] = type
                }
            }
        }
        heads.sort { $0.form.count > $1.form.count }
        shortest = min(exact.keys.map(\.count).min() ?? .max, heads.map(\.form.count).min() ?? .max)
    }

    public static func bundled() throws -> EventTriggers {
        guard let url = Bundle.module.url(forResource: "triggers", withExtension: "tsv") else {
            throw ParseError(line: 0, message: "triggers.tsv not found in the package resources")
        }
        return try EventTriggers(tsv: String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    /// The type index a lower-cased word triggers: as a form of its own, or ending in a compound head
    /// (at least three letters before it); also without a German case ending ("Gipfels", "Treffens").
    public func type(of word: String) -> Int? {
        var forms = [word]
        for ending in ["es", "s", "en", "n"] where word.count > ending.count + 3 && word.hasSuffix(ending) {
            forms.append(String(word.dropLast(ending.count)))
        }
        for w in forms {
            if let t = exact[w] { return t }
            if let head = heads.first(where: { w.count >= $0.form.count + 3 && w.hasSuffix($0.form) }) { return head.type }
            if heads.contains(where: { w == $0.form }) { return heads.first { w == $0.form }!.type }
        }
        return nil
    }
}
