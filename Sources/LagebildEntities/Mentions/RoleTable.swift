import Foundation

/// Role words, ranks and their equivalents ("Pentagon-Chef" ≈ US Verteidigungsminister), from
/// `Resources/roles.tsv`: `word TAB kind TAB role TAB implied affiliation`.
public struct RoleTable: Sendable {
    public enum Kind: String, Sendable {
        /// An office: a country or organisation before it is the holder's affiliation.
        case office
        /// An expert: a prefix names the subject ("China-Expertin"), not an affiliation.
        case expert
        /// A rank or title before a name ("Admiral", "Dr.").
        case rank
        /// A role relative to someone else ("Amtskollege").
        case relation
    }

    public struct Entry: Sendable, Hashable {
        public var kind: Kind
        /// The role's normal name ("Verteidigungsminister" for "Verteidigungsministerin").
        public var role: String
        /// An affiliation the word itself implies ("USA" for "Pentagon-Chef").
        public var affiliation: String?
    }

    private var byWord: [String: Entry] = [:]

    public init(tsv: String) throws(CuratedGazetteer.ParseError) {
        for (n, line) in tsv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 3, let kind = Kind(rawValue: fields[1]) else {
                throw CuratedGazetteer.ParseError(line: n + 1, message: "expected `word TAB office|expert|rank|relation TAB role [TAB affiliation]`")
            }
            let affiliation = fields.count > 3 && !fields[3].isEmpty ? fields[3] : nil
            byWord[fields[0].lowercased()] = Entry(kind: kind, role: fields[2], affiliation: affiliation)
        }
        var byKey: [UInt64: Entry] = [:]
        for (word, entry) in byWord {
            for ending in Self.endings.reversed() where ending.isEmpty || !word.hasSuffix(".") {
                byKey[EntityTrainer.wordKey(word + ending)] = entry
            }
        }
        self.byKey = byKey
        keys = KeyFilter(byKey.keys)
    }

    /// Inflection endings tried after a role word ("Verteidigungsministers", "Kollegen", "Expertinnen").
    static let endings = ["", "innen", "en", "es", "n", "s", "e"]

    /// Every inflected form by the tagger's key for the word (the hash of its lower-cased bytes).
    private var byKey: [UInt64: Entry] = [:]
    private var keys = KeyFilter([])

    /// The entry for a word by the tagger's key for it, inflected forms included.
    @inline(__always)
    func entry(forKey key: UInt64) -> Entry? { keys.mayContain(key) ? byKey[key] : nil }

    public static func bundled() throws -> RoleTable {
        guard let url = Bundle.module.url(forResource: "roles", withExtension: "tsv") else {
            throw CuratedGazetteer.ParseError(line: 0, message: "roles.tsv not found in the package resources")
        }
        return try RoleTable(tsv: String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    /// The entry for a word, trying it as given and without German inflection endings.
    public func entry(for word: some StringProtocol) -> Entry? {
        let lower = word.lowercased()
        if let e = byWord[lower] { return e }
        for ending in Self.endings.dropFirst() where lower.hasSuffix(ending) && lower.count > ending.count + 3 {
            if let e = byWord[String(lower.dropLast(ending.count))] { return e }
        }
        return nil
    }
}
