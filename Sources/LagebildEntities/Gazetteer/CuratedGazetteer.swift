import Foundation

/// The curated name lists a news analyst needs and a tagger trained on encyclopaedia text does not
/// give reliably: countries with their German and English names, adjectives and demonyms, capitals
/// used as metonyms, international organisations. Data, not code: `Resources/gazetteer.tsv`.
///
/// Each line is `surface TAB class TAB canonical TAB kind`, e.g. `chinesisch  LOCderiv  China  adjective`.
/// Adjective stems ending in "-isch" are expanded to their inflected forms (chinesische, -en, -er, -es, -em).
public struct CuratedGazetteer: Sendable {
    public struct Entry: Sendable, Hashable {
        public var surface: String
        public var entityClass: EntityClass
        /// What the name stands for: "China" for "Peking", "chinesisch", "Chinas".
        public var canonical: String
        /// country, capital, adjective, demonym, organisation, city, …
        public var kind: String
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "gazetteer line \(line): \(message)" }
    }

    public let entries: [Entry]
    /// Lower-cased single-word surface → entries.
    private let byWord: [String: [Entry]]
    /// Lower-cased multi-word surfaces, by their first word.
    private let phrases: [String: [(words: [String], entry: Entry)]]

    public init(tsv: String) throws(ParseError) {
        var entries: [Entry] = []
        for (n, line) in tsv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 4 else { throw ParseError(line: n + 1, message: "expected 4 tab-separated fields, found \(fields.count)") }
            guard let c = EntityClass(code: fields[1]) else { throw ParseError(line: n + 1, message: "unknown class \"\(fields[1])\"") }
            let entry = Entry(surface: fields[0], entityClass: c, canonical: fields[2], kind: fields[3])
            entries.append(entry)
            if entry.kind == "adjective", entry.surface.hasSuffix("isch") {
                for ending in ["e", "en", "er", "es", "em"] {
                    var inflected = entry
                    inflected.surface += ending
                    entries.append(inflected)
                }
            }
        }
        self.entries = entries
        var byWord: [String: [Entry]] = [:]
        var phrases: [String: [(words: [String], entry: Entry)]] = [:]
        for entry in entries {
            let words = entry.surface.lowercased().split(separator: " ").map(String.init)
            if words.count == 1 {
                byWord[words[0], default: []].append(entry)
            } else if let first = words.first {
                phrases[first, default: []].append((words, entry))
            }
        }
        self.byWord = byWord
        self.phrases = phrases.mapValues { $0.sorted { $0.words.count > $1.words.count } }
        byKey = Dictionary(uniqueKeysWithValues: byWord.map { (EntityTrainer.wordKey($0.key), $0.value) })
        phraseFirstKeys = Set(phrases.keys.map { EntityTrainer.wordKey($0) })
        wordKeys = KeyFilter(byKey.keys)
        phraseFirstKeyFilter = KeyFilter(phraseFirstKeys)
        longestPhrase = phrases.values.flatMap { $0.map(\.words.count) }.max() ?? 0
    }

    /// `byWord` by the tagger's word key (the hash of the lower-cased word).
    private let byKey: [UInt64: [Entry]]
    private let phraseFirstKeys: Set<UInt64>
    private let wordKeys: KeyFilter
    private let phraseFirstKeyFilter: KeyFilter
    /// The most words of a multi-word entry.
    let longestPhrase: Int

    /// The entries for a word, by the tagger's key for it.
    func entries(forKey key: UInt64) -> [Entry] { wordKeys.mayContain(key) ? byKey[key] ?? [] : [] }

    /// Whether some multi-word entry begins with this word.
    func startsPhrase(key: UInt64) -> Bool { phraseFirstKeyFilter.mayContain(key) && phraseFirstKeys.contains(key) }

    public static let empty = try! CuratedGazetteer(tsv: "")

    /// The bundled lists.
    public static func bundled() throws -> CuratedGazetteer {
        guard let url = Bundle.module.url(forResource: "gazetteer", withExtension: "tsv") else {
            throw ParseError(line: 0, message: "gazetteer.tsv not found in the package resources")
        }
        return try CuratedGazetteer(tsv: String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    /// The entries for one word, compared lower-cased. Words only: several words are a phrase (found in
    /// the text with `phrase(in:at:)`), never an entry here, and are turned away before lower-casing.
    public func entries(for word: some StringProtocol) -> [Entry] {
        if let key = Self.key(ofPlainWord: word.utf8) { return entries(forKey: key) }
        return entries(lowerCasing: word)
    }

    /// `entries(for:)` by Unicode's lower-casing and the words as strings (any word).
    func entries(lowerCasing word: some StringProtocol) -> [Entry] {
        if word.utf8.contains(0x20) { return [] }
        return byWord[word.lowercased()] ?? []
    }

    /// The word key (`EntityTrainer.wordKey`) of a word without spaces whose letters are ASCII or
    /// Latin-1 (two bytes, C3 xx), where lower-casing bytes as `ByteCase` does is Unicode's
    /// lower-casing; nil for any other word. Nearly every mention is such a word: its lookup then needs
    /// no lower-cased copy and no `String` hashing.
    static func key(ofPlainWord utf8: some Sequence<UInt8>) -> UInt64? {
        var h = FeatureHash.seed
        var afterC3 = false
        for b in utf8 {
            if afterC3 {
                guard b >= 0x80 && b <= 0xBF else { return nil }
                h = FeatureHash.fnv(h, ByteCase.isLatin1Capital(b) ? b + 0x20 : b)
                afterC3 = false
            } else if b < 0x80 {
                guard b != 0x20 else { return nil }
                h = FeatureHash.fnv(h, ByteCase.lowerASCII(b))
            } else if b == 0xC3 {
                h = FeatureHash.fnv(h, b)
                afterC3 = true
            } else {
                return nil
            }
        }
        return afterC3 ? nil : h
    }

    /// The longest multi-word entry starting at `words[start]`, with its length in words.
    public func phrase(in words: [String], at start: Int) -> (entry: Entry, length: Int)? {
        guard let candidates = phrases[words[start].lowercased()] else { return nil }
        for (phraseWords, entry) in candidates where start + phraseWords.count <= words.count {
            if zip(phraseWords, words[start...]).allSatisfy({ $0 == $1.lowercased() }) {
                return (entry, phraseWords.count)
            }
        }
        return nil
    }

    /// For the tagger: lower-cased word key → bit per class of its single-word entries.
    var classTable: HashTable {
        var table = HashTable(minimumCapacity: byWord.count)
        for (word, entries) in byWord {
            let key = EntityTrainer.wordKey(word)
            table[key] = entries.reduce(table[key]) { $0 | 1 << UInt32($1.entityClass.index) }
        }
        return table
    }
}
