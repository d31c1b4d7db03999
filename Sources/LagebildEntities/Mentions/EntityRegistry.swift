/// The entities of a corpus: mentions clustered into canonical entities, within a document ("Hegseth"
/// after "Pete Hegseth") and across the corpus ("Dong" ↔ "Dong Jun" when only one Dong Jun is known, or
/// one has most of the mentions), without merging two people who share a surname: an ambiguous short name
/// stays on its own.
public struct EntityRegistry: Sendable {
    public struct Entity: Sendable, Identifiable {
        public var id: Int
        public var name: String
        public var type: EntityType
        /// Plain for names; derived ("chinesischen") and part ("US-Verteidigungsminister") forms are
        /// kept as entries of their own, named after what they derive from when the gazetteer knows it.
        public var form: EntityForm
        /// Every surface form seen, with its count.
        public var aliases: [String: Int]
        public var mentionCount: Int
        /// Documents in corpus order.
        public var documents: [Int32]
        /// Roles, ranks and affiliations the texts give, with the documents that say so.
        public var roles: [RoleFact: [Int32]] = [:]

        /// The surface forms with their counts, most frequent first.
        public var rankedAliases: [(form: String, count: Int)] {
            aliases.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { ($0.key, $0.value) }
        }
    }

    /// One mention as the registry receives it (a load keeps them numbered, as `Mentions`).
    public struct Input: Sendable {
        public var text: String
        /// The name it is grouped under, set by `prepare` (empty before).
        public var key = ""
        public var role: RoleFact?
        public var document: Int32
        var place = SentenceAndClass()

        public var sentence: Int32 {
            get { place.sentence }
            set { place.sentence = newValue }
        }

        public var entityClass: EntityClass {
            get { place.entityClass }
            set { place.entityClass = newValue }
        }

        public init(document: Int32, text: String, entityClass: EntityClass, role: RoleFact? = nil, sentence: Int32 = 0) {
            self.document = document
            self.text = text
            self.role = role
            self.sentence = sentence
            self.entityClass = entityClass
        }
    }

    public internal(set) var entities: [Entity] = []
    /// For each input mention, in order, the entity it belongs to.
    public internal(set) var assignment: [Int32] = []
    /// Who is in which sentence: (document << 32 | sentence, entity) for every mention, sorted and unique,
    /// as two parallel arrays (12 bytes a pair, not a tuple's padded 16).
    var sentenceKeys: [Int64] = []
    var sentenceOwners: [Int32] = []
    /// For each entity, its pairs (indices into `sentenceKeys`, ascending): the sentences it is mentioned in.
    var entitySentences = PairsByEntity()

    public init() {}

    /// The work on one document's mentions that needs no other document (run by the workers, in
    /// parallel): one sense per document (a one-word place or organisation that begins or ends a
    /// person's full name in the document is that person: "Ahn" after "Ahn Gyu-back"); a key per mention
    /// (persons by their words, other types by the gazetteer's canonical name); and a shorter person name
    /// that begins or ends a longer one in the document is that person ("Hegseth" → "Pete Hegseth").
    public static func prepare(document mentions: inout [Input], gazetteer: CuratedGazetteer) {
        // A plain name of another class that is the first or last word of a person's full name here.
        let others = mentions.indices.filter {
            mentions[$0].entityClass.form == .plain && mentions[$0].entityClass.type != .person && !mentions[$0].text.utf8.contains(0x20)
        }
        if !others.isEmpty {
            var fullNameWords: Set<Substring> = []
            // (A mention's text is its tokens' span: it neither starts nor ends with a space.)
            for m in mentions where m.entityClass == EntityClass(.person) && m.text.utf8.contains(0x20) {
                let (first, last) = Self.edgeWords(m.text)
                fullNameWords.insert(first)
                fullNameWords.insert(last)
            }
            for i in others where fullNameWords.contains(Substring(mentions[i].text)) { mentions[i].entityClass = EntityClass(.person) }
        }
        for i in mentions.indices { mentions[i].key = key(for: mentions[i], gazetteer: gazetteer) }
        let indices = mentions.indices.filter { mentions[$0].entityClass == EntityClass(.person) }
        // Each full name once (a document names the same person many times), by its first and its last word.
        var fullNames: Set<String> = []
        var byEdge: [Substring: [String]] = [:]
        for i in indices where mentions[i].key.utf8.contains(0x20) && fullNames.insert(mentions[i].key).inserted {
            let name = mentions[i].key
            let (first, last) = Self.edgeWords(name)
            byEdge[first, default: []].append(name)
            if last != first { byEdge[last, default: []].append(name) }
        }
        guard !byEdge.isEmpty else { return }
        var resolved: [String: String?] = [:]
        for i in indices {
            let key = mentions[i].key
            if let known = resolved[key] {
                if let known { mentions[i].key = known }
                continue
            }
            // Candidates share the short name's first or last word; few, so `extends` is cheap. The name
            // resolves when exactly one distinct full name extends it.
            let (first, last) = Self.edgeWords(key)
            var choice: String? = nil, several = false
            func consider(_ pool: [String]?) {
                for candidate in pool ?? [] where candidate != key && candidate != choice && Self.extends(candidate, key) {
                    if choice == nil { choice = candidate } else { several = true }
                }
            }
            consider(byEdge[first])
            if last != first { consider(byEdge[last]) }
            if several { choice = nil }
            resolved[key] = .some(choice)
            if let choice { mentions[i].key = choice }
        }
    }

    /// A name's first and last word (the name itself when it is one word); words are separated by single
    /// spaces.
    static func edgeWords(_ name: String) -> (first: Substring, last: Substring) {
        // On the UTF-8 view: a space is one byte, and no grapheme breaking is needed to find it.
        let utf8 = name.utf8
        guard let first = utf8.firstIndex(of: 0x20), let last = utf8.lastIndex(of: 0x20) else { return (name[...], name[...]) }
        return (name[..<first], name[utf8.index(after: last)...])
    }

    /// Clusters mentions. Inputs not yet `prepare`d (empty keys) are prepared here, document by document.
    public init(mentions inputs: consuming [Input], gazetteer: CuratedGazetteer) {
        var mentions = consume inputs
        if mentions.contains(where: { $0.key.isEmpty }) {
            for indices in Dictionary(grouping: mentions.indices, by: { mentions[$0].document }).values {
                var document = indices.map { mentions[$0] }
                Self.prepare(document: &document, gazetteer: gazetteer)
                for (i, m) in zip(indices, document) { mentions[i] = m }
            }
        }
        var numbered = Mentions()
        for m in mentions { numbered.append(m) }
        self.init(mentions: numbered, gazetteer: gazetteer)
    }

    /// Clusters prepared mentions. The passes work on names as numbers: each distinct name is hashed once
    /// (a corpus has ten times more mentions than names), not once per mention and pass.
    public init(mentions all: consuming Mentions, gazetteer: CuratedGazetteer) {
        var all = consume all
        var names = all.names, mentions = all.list
        let roles = all.roles
        all = Mentions()  // the tables and the list are held once, here
        // 0. A full name is a person's everywhere in the corpus ("Dong Jun" tagged OTH once).
        var fullNames = [Bool](repeating: false, count: names.count)
        for m in mentions where m.entityClass == EntityClass(.person) && !names.isOneWord[Int(m.text)] {
            fullNames[Int(m.text)] = true
        }
        for i in mentions.indices where mentions[i].entityClass.form == .plain && mentions[i].entityClass.type != .person {
            if fullNames[Int(mentions[i].text)] {
                mentions[i].entityClass = EntityClass(.person)
                mentions[i].key = names.number(Self.key(for: names.strings[Int(mentions[i].text)], EntityClass(.person), gazetteer: gazetteer))
            }
        }
        fullNames = []
        var keys = mentions.map(\.key)
        // 3. Across the corpus: a German genitive ("Antony Blinkens") is the name when the name is known;
        // a one-word name joins the one full name it begins or ends, or the one with most of their mentions.
        // (A block of its own: its tables, the person names by edge word above all, go before the entities
        // are made, where a load's memory peaks.)
        do {
            let isPerson = mentions.map { $0.entityClass == EntityClass(.person) }
            Self.dropGenitives(&keys, names: names, of: mentions) { isPerson[$0] }
            var counts = [Int](repeating: 0, count: names.count)
            for i in mentions.indices where isPerson[i] { counts[Int(keys[i])] += 1 }
            var personCounts: [String: Int] = [:]
            for (id, count) in counts.enumerated() where count > 0 { personCounts[names.strings[id]] = count }
            counts = []
            let byEdgeWord = Self.byEdgeWord(personCounts.keys)
            // Each rule decides by the name alone, so once per name (`-1`: not decided yet; a name for itself).
            var shortened = [Int32](repeating: -1, count: names.count)
            for i in mentions.indices where isPerson[i] && names.isOneWord[Int(keys[i])] {
                let id = Int(keys[i])
                if shortened[id] < 0 {
                    let key = names.strings[id]
                    shortened[id] = key.hasSuffix("s") && byEdgeWord[Substring(key)] == nil && byEdgeWord[Substring(key.dropLast())] != nil
                        ? names.number(String(key.dropLast())) : Int32(id)
                }
                keys[i] = shortened[id]
            }
            shortened = []
            // A one-word "person" that many documents name, hardly ever in a full name or with a role, is a
            // thing ("Corona" in 2020 news, which the name lists and word clusters know as a name); so are the
            // compounds it leads ("Corona-Pandemie"). It joins no full name.
            let things = Set(Self.namesOfThings(mentions, keys: keys, names: names, isPerson: isPerson, fullNames: byEdgeWord, counts: personCounts))
            var isThing = [Bool](repeating: false, count: names.count)
            for thing in things { if let id = names.id(of: thing) { isThing[Int(id)] = true } }
            var joined = [Int32](repeating: -1, count: names.count)
            for i in mentions.indices where isPerson[i] && names.isOneWord[Int(keys[i])] && !isThing[Int(keys[i])] {
                let id = Int(keys[i])
                if joined[id] < 0 {
                    let join = byEdgeWord[Substring(names.strings[id])].flatMap { Self.dominant($0, counts: personCounts) }
                    joined[id] = join.map { names.number($0) } ?? Int32(id)
                }
                keys[i] = joined[id]
            }
            joined = []
            if !things.isEmpty {
                for i in mentions.indices where mentions[i].entityClass.type == .person {
                    let form = mentions[i].entityClass.form
                    let text = names.strings[Int(mentions[i].text)]
                    let retype = switch form {
                    case .plain: isThing[Int(keys[i])]
                    case .part: Self.leadsCompound(text, of: things)
                    case .derived: false
                    }
                    guard retype else { continue }
                    // A thing holds no office: a role read next to it was a slip.
                    mentions[i].role = -1
                    mentions[i].entityClass = EntityClass(.other, form)
                    keys[i] = names.number(Self.key(for: text, mentions[i].entityClass, gazetteer: gazetteer))
                }
            }
        }
        // Other names in the genitive ("Robert Koch-Instituts") likewise.
        Self.dropGenitives(&keys, names: names, of: mentions) { mentions[$0].entityClass.type != .person }
        names.dropLookup()  // no name is numbered from here on
        // 4. Entities: one per (class, name), numbered in order of first mention. Numbered first, so that
        // the entity table is made at its size (grown entry by entry it held up to twice its entries), and
        // each mention's key becomes its entity: the assignment, without an array of its own.
        var ids: [Int64: Int32] = [:]
        ids.reserveCapacity(names.count)
        var firsts: [(mention: Int, name: Int32)] = []  // per entity
        for i in mentions.indices {
            let group = Self.group(mentions[i].entityClass, keys[i])
            if let id = ids[group] {
                keys[i] = id
            } else {
                let id = Int32(firsts.count)
                ids[group] = id
                firsts.append((i, keys[i]))
                keys[i] = id
            }
        }
        ids = [:]
        // (Tables are filled as locals and stored at the end.)
        var entities = firsts.enumerated().map { id, first in
            let entityClass = mentions[first.mention].entityClass
            return Entity(id: id, name: names.strings[Int(first.name)], type: entityClass.type, form: entityClass.form, aliases: [:],
                          mentionCount: 0, documents: [])
        }
        firsts = []
        var typeVotes = [SIMD4<Int32>](repeating: SIMD4(), count: entities.count)  // mentions per type (raw value), per entity
        // Who is in which sentence: sorted and made unique document by document (mentions come in corpus
        // order), so that no array of all the mentions' pairs is sorted at once.
        var sentenceKeys: [Int64] = [], sentenceOwners: [Int32] = []
        sentenceKeys.reserveCapacity(mentions.count)
        sentenceOwners.reserveCapacity(mentions.count)
        var documentPairs: [(sentence: Int64, entity: Int32)] = []
        // Aliases are counted by (entity, name number) in one table, and each entity's documents read from
        // the sentence pairs: the entities' own dictionaries and arrays (one or two small allocations for
        // each of 170,000 entities in a large corpus) are made after the mentions are let go, not on top.
        var aliasCounts: [Int64: Int32] = [:]
        for i in mentions.indices {
            let m = mentions[i], id = Int(keys[i])
            if i > 0 && mentions[i - 1].document != m.document { Self.flush(&documentPairs, into: &sentenceKeys, &sentenceOwners) }
            documentPairs.append((Int64(m.document) << 32 | Int64(m.place.sentence), keys[i]))
            aliasCounts[Int64(id) << 32 | Int64(m.text), default: 0] += 1
            entities[id].mentionCount += 1
            typeVotes[id][Int(m.entityClass.type.rawValue)] += 1
            if m.role >= 0 {
                let role = roles[Int(m.role)]
                if entities[id].roles[role]?.last != m.document { entities[id].roles[role, default: []].append(m.document) }
            }
        }
        // The mentions (the largest input of a load's end) go before the entities' tables are filled.
        mentions = []
        Self.flush(&documentPairs, into: &sentenceKeys, &sentenceOwners)
        if !zip(sentenceKeys, sentenceKeys.dropFirst()).allSatisfy({ $0 <= $1 }) {
            // Mentions not in document order (a registry made from inputs given so): all pairs as one document.
            documentPairs = zip(sentenceKeys, sentenceOwners).map { ($0, $1) }
            sentenceKeys.removeAll()
            sentenceOwners.removeAll()
            Self.flush(&documentPairs, into: &sentenceKeys, &sentenceOwners)
        }
        for (pair, count) in aliasCounts {
            entities[Int(pair >> 32)].aliases[Self.singleSpaced(names.strings[Int(pair & 0xFFFF_FFFF)]), default: 0] += Int(count)
        }
        aliasCounts = [:]
        names = NameTable()
        // Documents, and for `cooccurrences` each entity's pairs, from the pairs (in document order).
        // Counted first, so that every array is made at its size.
        var documentCounts = [Int32](repeating: 0, count: entities.count)
        var lastDocument = [Int64](repeating: -1, count: entities.count)
        for (key, owner) in zip(sentenceKeys, sentenceOwners) where lastDocument[Int(owner)] != key >> 32 {
            lastDocument[Int(owner)] = key >> 32
            documentCounts[Int(owner)] += 1
        }
        for id in entities.indices { entities[id].documents.reserveCapacity(Int(documentCounts[id])) }
        documentCounts = []
        for (key, owner) in zip(sentenceKeys, sentenceOwners) where entities[Int(owner)].documents.last != Int32(key >> 32) {
            entities[Int(owner)].documents.append(Int32(key >> 32))
        }
        lastDocument = []
        let entitySentences = PairsByEntity(owners: sentenceOwners, entities: entities.count)
        for id in entities.indices {
            // The type most mentions give; a tie goes to the first type (person, location, …).
            let votes = typeVotes[id]
            let best = (0..<4).max { votes[$0] < votes[$1] || (votes[$0] == votes[$1] && $0 > $1) }!
            entities[id].type = EntityType(rawValue: UInt8(best))!
            if entities[id].name.isEmpty { entities[id].name = entities[id].aliases.max { $0.value < $1.value }!.key }
        }
        self.entities = entities
        self.assignment = keys
        self.sentenceKeys = sentenceKeys
        self.sentenceOwners = sentenceOwners
        self.entitySentences = entitySentences
    }

    /// Sorts one document's (sentence, entity) pairs and appends those not yet there; empties `pairs`.
    static func flush(_ pairs: inout [(sentence: Int64, entity: Int32)], into keys: inout [Int64], _ owners: inout [Int32]) {
        pairs.sort { $0 < $1 }
        for (key, owner) in pairs where keys.last != key || owners.last != owner {
            keys.append(key)
            owners.append(owner)
        }
        pairs.removeAll(keepingCapacity: true)
    }

    /// A name in the German genitive ("Antony Blinkens", "Robert Koch-Instituts") is the name, where the
    /// name itself is known in the same class among the mentions `included` selects.
    static func dropGenitives(_ keys: inout [Int32], names: NameTable, of mentions: [NumberedMention], where included: (Int) -> Bool) {
        var known: Set<Int64> = []
        for i in mentions.indices where included(i) { known.insert(group(mentions[i].entityClass, keys[i])) }
        // Per name: the name without its final "s" when that is a name too (else -1); -2 not looked up yet.
        var bases = [Int32](repeating: -2, count: names.count)
        for i in mentions.indices where included(i) {
            let id = Int(keys[i])
            if bases[id] == -2 {
                let key = names.strings[id]
                bases[id] = key.hasSuffix("s") ? names.id(of: String(key.dropLast())) ?? -1 : -1
            }
            if bases[id] >= 0, known.contains(group(mentions[i].entityClass, bases[id])) { keys[i] = bases[id] }
        }
    }

    /// A class and a numbered name as one number: what an entity is, and what a genitive must match.
    @inline(__always)
    static func group(_ entityClass: EntityClass, _ name: Int32) -> Int64 { Int64(entityClass.index) << 32 | Int64(name) }

    /// One-word person names that at least `thingDocuments` documents give, hardly ever with a role, and that
    /// full names rarely contain (their mentions fewer than a quarter of the word's own): a person that
    /// often in the news is introduced by name somewhere ("Corona" is the edge of a few mis-tagged
    /// "Corona Maßnahmen", 1,300 times alone).
    static func namesOfThings(
        _ mentions: [NumberedMention], keys: [Int32], names: NameTable, isPerson: [Bool], fullNames: [Substring: Set<String>], counts: [String: Int]
    ) -> [String] {
        struct Seen { var documents = 0, last: Int32 = -1, mentions = 0, roles = 0, lastRole: Int32 = -1 }
        var seen = [Seen](repeating: Seen(), count: names.count)
        for i in mentions.indices where isPerson[i] {
            let id = Int(keys[i])
            guard names.isOneWord[id] else { continue }
            let document = mentions[i].document
            if seen[id].last != document {
                seen[id].documents += 1
                seen[id].last = document
            }
            seen[id].mentions += 1
            if mentions[i].role >= 0, seen[id].lastRole != document {
                seen[id].roles += 1
                seen[id].lastRole = document
            }
        }
        return seen.indices.filter { id in
            let entry = seen[id]
            // A role in one document of ten is the tagger's or the role finder's slip, not evidence.
            guard entry.documents >= thingDocuments, entry.roles * 10 < entry.documents else { return false }
            let inFullNames = (fullNames[Substring(names.strings[id])] ?? []).reduce(0) { $0 + (counts[$1] ?? 0) }
            return 4 * inFullNames < entry.mentions
        }.map { names.strings[$0] }.sorted()
    }

    /// `namesOfThings` for mentions whose keys are given as strings.
    static func namesOfThings(
        _ mentions: [Input], keys: [String], isPerson: [Bool], fullNames: [Substring: Set<String>], counts: [String: Int]
    ) -> [String] {
        var numbered = Mentions()
        for m in mentions { numbered.append(m) }
        let numbers = keys.map { numbered.names.number($0) }
        return namesOfThings(numbered.list, keys: numbers, names: numbered.names, isPerson: isPerson, fullNames: fullNames, counts: counts)
    }

    /// Whether `text` begins with one of `words` followed by a hyphen ("Sars-CoV-2-Infektion").
    static func leadsCompound(_ text: String, of words: Set<String>) -> Bool {
        var index = text.startIndex
        while let hyphen = text[index...].firstIndex(of: "-") {
            if words.contains(String(text[..<hyphen])) { return true }
            index = text.index(after: hyphen)
        }
        return false
    }

    /// See `namesOfThings`.
    static let thingDocuments = 10

    /// The full name a one-word name joins across the corpus: the only one it begins or ends, or the one
    /// that has at least `dominantShare` of those names' mentions ("Trump" is Donald Trump where a corpus
    /// names him 1,161 times and Melania Trump 12 times); none when the evidence is split.
    static func dominant(_ candidates: Set<String>, counts: [String: Int]) -> String? {
        if candidates.count == 1 { return candidates.first! }
        let ranked = candidates.map { (name: $0, count: counts[$0] ?? 0) }.sorted { ($0.count, $1.name) > ($1.count, $0.name) }
        let total = ranked.reduce(0) { $0 + $1.count }
        return Double(ranked[0].count) >= dominantShare * Double(total) ? ranked[0].name : nil
    }

    /// The share of mentions that makes one full name the reading of a shared one-word name.
    static let dominantShare = 0.8

    /// Full names (of more than one word) by their first and by their last word.
    static func byEdgeWord(_ names: some Sequence<String>) -> [Substring: Set<String>] {
        var index: [Substring: Set<String>] = [:]
        // Names are single-spaced (`key(for:)`): their edge words are found on the UTF-8 view, without
        // splitting every name into words by grapheme.
        for name in names where name.utf8.contains(0x20) {
            let (first, last) = edgeWords(name)
            index[first, default: []].insert(name)
            index[last, default: []].insert(name)
        }
        return index
    }

    /// Whether the words of `long` begin or end with the words of `short`.
    static func extends(_ long: String, _ short: String) -> Bool {
        let l = long.split(separator: " "), s = short.split(separator: " ")
        guard s.count < l.count, !s.isEmpty else { return false }
        return Array(l.prefix(s.count)) == s || Array(l.suffix(s.count)) == s
    }

    public static func key(for m: Input, gazetteer: CuratedGazetteer) -> String {
        key(for: m.text, m.entityClass, gazetteer: gazetteer)
    }

    static func key(for text: String, _ entityClass: EntityClass, gazetteer: CuratedGazetteer) -> String {
        let words = singleSpaced(text)
        if entityClass.type != .person || entityClass.form != .plain {
            if let entry = gazetteer.entries(for: words).first(where: { $0.entityClass.type == entityClass.type }) {
                return entry.canonical
            }
            if entityClass.form == .part, let hyphen = words.firstIndex(of: "-"),
               let entry = gazetteer.entries(for: words[..<hyphen]).first {
                return entry.canonical
            }
            return words
        }
        // A genitive "Hegseths" / "Xi's" is the name itself.
        if words.hasSuffix("'s") || words.hasSuffix("’s") { return String(words.dropLast(2)) }
        return words
    }

    /// The words of `text` joined by single spaces: the text itself when it has no other whitespace, no
    /// run of spaces and none at its ends (nearly every mention).
    static func singleSpaced(_ text: String) -> String {
        var previous: UInt8 = 0x20, clean = true
        for b in text.utf8 {
            if b == 0x0A || b == 0x09 || (b == 0x20 && previous == 0x20) {
                clean = false
                break
            }
            previous = b
        }
        if clean && previous != 0x20 { return text }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }

    /// Entities mentioned together with `id`: in how many sentences and documents, most first; only in
    /// the documents `restrict` holds, when given.
    public func cooccurrences(of id: Int, in restrict: Set<Int32>? = nil) -> [(entity: Entity, sentences: Int, documents: Int)] {
        var sentences: [Int32: Int] = [:]
        var documents: [Int32: Set<Int64>] = [:]
        for row in entitySentences[id] {
            // The sentence's other pairs lie next to this one (the pairs are sorted by sentence).
            let key = sentenceKeys[row]
            if let restrict, !restrict.contains(Int32(truncatingIfNeeded: key >> 32)) { continue }
            var lo = row
            while lo > 0, sentenceKeys[lo - 1] == key { lo -= 1 }
            while lo < sentenceKeys.count, sentenceKeys[lo] == key {
                let other = sentenceOwners[lo]
                if Int(other) != id {
                    sentences[other, default: 0] += 1
                    documents[other, default: []].insert(key >> 32)
                }
                lo += 1
            }
        }
        return sentences.map { (entities[Int($0.key)], $0.value, documents[$0.key]?.count ?? 0) }
            .sorted { ($0.sentences, $0.documents, $1.entity.name, $1.entity.id) > ($1.sentences, $1.documents, $0.entity.name, $0.entity.id) }
    }

    /// The entities a name refers to, best first: those named so or with it as an alias (case-insensitive),
    /// the one with most mentions written so first ("Drosten" is Christian Drosten, mentioned so hundreds of
    /// times, before a one-mention "Drosten" the tagger typed as a thing); then those whose name begins
    /// with it; then those whose name contains it as a run of words.
    public func find(_ name: String) -> [Entity] {
        let wanted = name.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
        let byMentions: ([Entity]) -> [Entity] = { $0.sorted { ($0.mentionCount, $1.name) > ($1.mentionCount, $0.name) } }
        // Mentions written as the name (an entity named so without such an alias counts all its mentions).
        func written(_ entity: Entity) -> Int {
            let alias = entity.aliases.reduce(0) { $0 + (Self.lowercased($1.key, equals: wanted) ? $1.value : 0) }
            return Self.lowercased(entity.name, equals: wanted) ? max(alias, entity.mentionCount) : alias
        }
        let named = entities.compactMap { entity in
            let count = written(entity)
            return count > 0 ? (entity, count) : nil
        }
        if !named.isEmpty {
            return named.sorted { ($0.1, $0.0.mentionCount, $1.0.name) > ($1.1, $1.0.mentionCount, $0.0.name) }.map(\.0)
        }
        let prefix = entities.filter { $0.name.lowercased().hasPrefix(wanted) }
        if !prefix.isEmpty { return byMentions(prefix) }
        // A surname or any run of the name's words: "Glaser" finds Bonnie Glaser.
        let words = wanted.split(separator: " ")
        return byMentions(entities.filter { entity in
            let nameWords = entity.name.lowercased().split(separator: " ")
            return nameWords.count > words.count
                && (0...(nameWords.count - words.count)).contains { Array(nameWords[$0..<($0 + words.count)]) == words }
        })
    }

    /// Whether `text` lower-cased is `lowered`, without lower-casing it while the two are ASCII: a name
    /// lookup compares every alias of the corpus.
    static func lowercased(_ text: String, equals lowered: String) -> Bool {
        var a = text.utf8.makeIterator(), b = lowered.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return true
            case (let x?, let y?) where x < 0x80 && y < 0x80:
                let folded = x >= 0x41 && x <= 0x5A ? x | 0x20 : x
                if folded != y { return false }
            case (let x?, _) where x < 0x80:
                return false  // ASCII lower-cases to ASCII
            default:
                return text.lowercased() == lowered
            }
        }
    }

    /// An entity's roles, one per role and affiliation, with the documents that give them: a rank is left
    /// out (see `ranks`), and a role named without an affiliation joins the same role with the entity's
    /// most attested affiliation ("Präsident" → "Präsident (USA)").
    public static func roles(of entity: Entity) -> [(fact: RoleFact, documents: [Int32])] {
        var byRole: [RoleFact: Set<Int32>] = [:]
        for (fact, documents) in entity.roles where fact.role != nil {
            var plain = fact
            plain.rank = nil
            byRole[plain, default: []].formUnion(documents)
        }
        for (fact, documents) in byRole where fact.affiliation == nil && fact.subject == nil {
            let affiliated = byRole.filter { $0.key.role == fact.role && $0.key.affiliation != nil }
            guard let best = affiliated.max(by: { ($0.value.count, $1.key.description) < ($1.value.count, $0.key.description) }) else { continue }
            byRole[best.key, default: []].formUnion(documents)
            byRole[fact] = nil
        }
        return byRole.map { ($0.key, $0.value.sorted()) }.sorted { ($0.documents.count, $1.fact.description) > ($1.documents.count, $0.fact.description) }
    }

    /// An entity's ranks with the documents that give them.
    public static func ranks(of entity: Entity) -> [(rank: String, documents: [Int32])] {
        var byRank: [String: Set<Int32>] = [:]
        for (fact, documents) in entity.roles { if let rank = fact.rank { byRank[rank, default: []].formUnion(documents) } }
        return byRank.map { ($0.key, $0.value.sorted()) }.sorted { $0.rank < $1.rank }
    }

    /// The name with its class when it is a derived or part form: "China (LOCderiv)".
    public static func label(_ entity: Entity) -> String {
        entity.form == .plain ? entity.name : "\(entity.name) (\(EntityClass(entity.type, entity.form)))"
    }

    /// The entities by mentions, most first, optionally of one type.
    public func ranked(type: EntityType? = nil) -> [Entity] {
        entities.filter { type == nil || $0.type == type }.sorted {
            ($0.mentionCount, $1.name) > ($1.mentionCount, $0.name)
        }
    }
}
