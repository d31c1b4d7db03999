public import LagebildText

/// One entity mention in a document: the byte span of its words, its class, the sentence it is in, and
/// the role the text gives it there ("US-Verteidigungsminister Pete Hegseth").
public struct EntityMention: Sendable, Hashable {
    public var span: TextSpan
    public var entityClass: EntityClass
    public var sentence: Int32
    public var role: RoleFact?

    public init(span: TextSpan, entityClass: EntityClass, sentence: Int32, role: RoleFact? = nil) {
        self.span = span
        self.entityClass = entityClass
        self.sentence = sentence
        self.role = role
    }
}

/// What one mention says about a person's position: "der chinesische Verteidigungsminister Admiral Dong
/// Jun" → role Verteidigungsminister, affiliation China, rank Admiral; "China-Expertin Bonnie Glaser vom
/// German Marshall Fund" → role Experte, subject China, affiliation German Marshall Fund.
public struct RoleFact: Sendable, Hashable {
    /// The four fields live in one shared, immutable box, so that a mention without a role costs one
    /// nil pointer and a mention with one costs a pointer (a corpus has millions of mentions and few
    /// distinct roles); setting a field puts a new box in place.
    private final class Fields: Sendable {
        let role: String?, rank: String?, affiliation: String?, subject: String?

        init(_ role: String?, _ rank: String?, _ affiliation: String?, _ subject: String?) {
            self.role = role
            self.rank = rank
            self.affiliation = affiliation
            self.subject = subject
        }
    }

    private var fields: Fields

    public init(role: String? = nil, rank: String? = nil, affiliation: String? = nil, subject: String? = nil) {
        fields = Fields(role, rank, affiliation, subject)
    }

    public var role: String? {
        get { fields.role }
        set { fields = Fields(newValue, fields.rank, fields.affiliation, fields.subject) }
    }

    public var rank: String? {
        get { fields.rank }
        set { fields = Fields(fields.role, newValue, fields.affiliation, fields.subject) }
    }

    public var affiliation: String? {
        get { fields.affiliation }
        set { fields = Fields(fields.role, fields.rank, newValue, fields.subject) }
    }

    public var subject: String? {
        get { fields.subject }
        set { fields = Fields(fields.role, fields.rank, fields.affiliation, newValue) }
    }

    public static func == (a: RoleFact, b: RoleFact) -> Bool {
        a.fields === b.fields
            || (a.role == b.role && a.rank == b.rank && a.affiliation == b.affiliation && a.subject == b.subject)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(role)
        hasher.combine(rank)
        hasher.combine(affiliation)
        hasher.combine(subject)
    }

    /// "Verteidigungsminister (China)", "Experte für China (German Marshall Fund)".
    public var description: String {
        var text = role ?? rank ?? ""
        if let subject { text += " für " + subject }
        if let affiliation { text += " (" + affiliation + ")" }
        return text
    }
}

/// Finds the entity mentions of a document's story text: the tagger per sentence, the curated
/// gazetteer's multi-word names ("German Marshall Fund"), role words that anchor persons and give their
/// role, rank and affiliation, and checks that undo the tagger's implausible chunks. One per worker.
///
/// Everything here looks words up by the key the tagger already computed for them (the hash of the
/// lower-cased word), so the common case (a sentence without a role word or a gazetteer phrase) builds
/// no strings at all.
public struct MentionExtractor {
    private var tagger: EntityTagger
    public let gazetteer: CuratedGazetteer
    private let roles: RoleTable
    public let quotes: QuoteFinder
    private var roleFacts: [(token: Int, fact: RoleFact)] = []
    private var ranges: [Range<Int>] = []
    private var tags: [EntityTag] = []

    public init(model: EntityModel, gazetteer: CuratedGazetteer, roles: RoleTable, quotes: QuoteFinder) {
        tagger = EntityTagger(model: model)
        self.gazetteer = gazetteer
        self.roles = roles
        self.quotes = quotes
    }

    public init(_ resources: Resources) {
        self.init(model: resources.model, gazetteer: resources.gazetteer, roles: resources.roles, quotes: resources.quotes)
    }

    /// The model and the lists a worker needs.
    public struct Resources: Sendable {
        public var model: EntityModel
        public var gazetteer: CuratedGazetteer
        public var roles: RoleTable
        public var quotes: QuoteFinder
    }

    /// The shared bundled model and lists, loaded once, or why they could not be read.
    public static let bundled: Result<Resources, any Error> = Result {
        Resources(
            model: try EntityModel.bundled(), gazetteer: try CuratedGazetteer.bundled(), roles: try RoleTable.bundled(),
            quotes: try QuoteFinder.bundled())
    }

    /// One sentence being worked on: the text, its tokens, and the tagger's facts about them.
    private struct Sentence {
        let text: UnsafeBufferPointer<UInt8>
        let tokens: ArraySlice<Token>
        let infos: [TokenInfo]

        var count: Int { infos.count }
        /// The key of word `k` (the hash of its lower-cased bytes) and of its parts around an inner
        /// hyphen (0 without one).
        func key(_ k: Int) -> UInt64 { infos[k].word }
        func head(_ k: Int) -> UInt64 { infos[k].head }
        func tail(_ k: Int) -> UInt64 { infos[k].tail }
        func token(_ k: Int) -> Token { tokens[tokens.startIndex + k] }
        func bytes(_ k: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: text[token(k).span.range]) }
        func word(_ k: Int) -> String { String(decoding: bytes(k), as: UTF8.self) }

        /// Whether the word starts with a capital letter (ASCII or Latin-1).
        func isCapitalised(_ k: Int) -> Bool {
            let b = bytes(k)
            guard let first = b.first else { return false }
            if first >= 0x41 && first <= 0x5A { return true }
            return first == 0xC3 && b.count > 1 && b[1] >= 0x80 && b[1] <= 0x9E && b[1] != 0x97
        }

        func startsWithDigit(_ k: Int) -> Bool { bytes(k).first.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        func endsWithS(_ k: Int) -> Bool { bytes(k).last == 0x73 }
    }

    /// Tags the tokens of one sentence and appends its mentions.
    public mutating func extract(
        _ text: UnsafeBufferPointer<UInt8>, tokens: ArraySlice<Token>, sentence: Int32, into mentions: inout [EntityMention]
    ) {
        guard !tokens.isEmpty else { return }
        ranges.removeAll(keepingCapacity: true)
        for token in tokens { ranges.append(token.span.range) }
        tags.removeAll(keepingCapacity: true)
        let r = ranges
        r.withUnsafeBufferPointer { tagger.tag(text, tokens: $0, into: &tags) }
        let s = Sentence(text: text, tokens: tokens, infos: tagger.lastTokens)
        applyGazetteerPhrases(s)
        applyRoles(s)
        dropImplausibleChunks(s)
        let base = tokens.startIndex
        for chunk in EntitySpan.chunks(tags) {
            let span = TextSpan(tokens[base + chunk.start].span.lowerBound, tokens[base + chunk.end - 1].span.upperBound)
            let role = chunk.entityClass == EntityClass(.person) ? roleFacts.first { $0.token == chunk.start }?.fact : nil
            mentions.append(EntityMention(span: span, entityClass: chunk.entityClass, sentence: sentence, role: role))
        }
    }

    /// One sense per document: a word that begins or ends a person's full name elsewhere in the document
    /// ("Xi" with "Xi Jinping", "Dong" with "Dong Jun") is that person wherever the tagger left it
    /// untagged. Mentions stay in text order.
    public static func propagateNames(
        _ text: UnsafeBufferPointer<UInt8>, tokens: [Token], sentences: [SentenceTokens], mentions: inout [EntityMention]
    ) {
        var edges: Set<UInt64> = []
        var filter = ByteFilter()
        for m in mentions where m.entityClass == EntityClass(.person) {
            let range = m.span.range
            guard let firstSpace = text[range].firstIndex(of: 0x20), let lastSpace = text[range].lastIndex(of: 0x20) else { continue }
            let first = range.lowerBound..<firstSpace, last = (lastSpace + 1)..<range.upperBound
            edges.insert(FeatureHash.bytes(text, first))
            edges.insert(FeatureHash.bytes(text, last))
            filter.add(text, first)
            filter.add(text, last)
        }
        guard !edges.isEmpty else { return }
        var added: [EntityMention] = []
        var next = 0  // the first mention that does not end before the current token
        for sentence in sentences {
            for token in tokens[sentence.tokens] where token.kind == .word {
                while next < mentions.count, mentions[next].span.upperBound <= token.span.lowerBound { next += 1 }
                if next < mentions.count, mentions[next].span.lowerBound < token.span.upperBound { continue }
                guard filter.mayContain(text, token.span.range), edges.contains(FeatureHash.bytes(text, token.span.range)) else { continue }
                // Right after a person's name ("Wang" + "Yi"): the name goes on.
                if next > 0, mentions[next - 1].entityClass == EntityClass(.person),
                   mentions[next - 1].span.upperBound + 1 == token.span.lowerBound, text[token.span.lowerBound - 1] == 0x20
                {
                    mentions[next - 1].span = TextSpan(mentions[next - 1].span.lowerBound, token.span.upperBound)
                    continue
                }
                // Right before one ("Xi" + "Jinpings"): the name starts here.
                if next < mentions.count, mentions[next].entityClass == EntityClass(.person),
                   mentions[next].span.lowerBound == token.span.upperBound + 1, text[token.span.upperBound] == 0x20
                {
                    mentions[next].span = TextSpan(token.span.lowerBound, mentions[next].span.upperBound)
                    continue
                }
                added.append(EntityMention(span: token.span, entityClass: EntityClass(.person), sentence: sentence.sentence))
            }
        }
        guard !added.isEmpty else { return }
        mentions = (mentions + added).sorted { $0.span.lowerBound < $1.span.lowerBound }
    }

    /// The first bytes and lengths of some words: nearly every other word is turned away by these two bit
    /// tests before it is hashed and looked up.
    struct ByteFilter {
        /// A bit per byte value (256 bits).
        private var firstBytes = SIMD4<UInt64>()
        private var lengths: UInt64 = 0

        mutating func add(_ text: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) {
            guard !word.isEmpty else { return }
            let b = text[word.lowerBound]
            firstBytes[Int(b >> 6)] |= 1 << UInt64(b & 63)
            lengths |= 1 << UInt64(min(word.count, 63))
        }

        /// False when no added word has the first byte and the length of `word`.
        @inline(__always)
        func mayContain(_ text: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
            guard !word.isEmpty, lengths & (1 << UInt64(min(word.count, 63))) != 0 else { return false }
            let b = text[word.lowerBound]
            return firstBytes[Int(b >> 6)] & (1 << UInt64(b & 63)) != 0
        }
    }

    /// Undoes the tagger's implausible chunks: two person chunks side by side (again, after the roles and
    /// gazetteer phrases); a one-word name the lexicon knows only as a lower-case
    /// word ("Größtes" opening a sentence); a plain name that does not start with a capital or a digit;
    /// a person's name running into a compound that names a place ("Blinkens Peking-Reise") or a
    /// country's genitive ("Ahn Nordkoreas"); a one-word
    /// "person" that the gazetteer knows as a place or organisation ("Washingtons").
    private mutating func dropImplausibleChunks(_ s: Sentence) {
        EntityTagger.joinAdjacentPersons(&tags, from: 0)
        for chunk in EntitySpan.chunks(tags) {
            if chunk.end - chunk.start == 1, chunk.entityClass.form == .plain || chunk.entityClass.type == .person,
               isOrdinaryWord(s.key(chunk.start))
            {
                tags[chunk.start] = .outside
                continue
            }
            // A derived form is one word ("chinesischen"); a longer "derived" chunk keeps only the places
            // the gazetteer knows in it ("Sowohl Peking").
            if chunk.entityClass.form == .derived, chunk.end - chunk.start > 1 {
                for k in chunk.start..<chunk.end {
                    let place = gazetteer.entries(forKey: s.key(k)).first { $0.entityClass.type != .person }
                    tags[k] = place.map { .begin($0.entityClass) } ?? .outside
                }
                continue
            }
            // A person's name leading a compound whose head is an institution or a place names that
            // ("Robert Koch-Institut", "Konrad-Adenauer-Stiftung", "Karl-Marx-Allee").
            if chunk.entityClass.type == .person, let type = Self.compoundHeads[s.tail(chunk.end - 1)] {
                tags[chunk.start] = .begin(EntityClass(type))
                for k in (chunk.start + 1)..<chunk.end { tags[k] = .inside(EntityClass(type)) }
                continue
            }
            // A person "part" word whose parts name a place is that place's ("ROK-US-Bündnis").
            if chunk.entityClass == EntityClass(.person, .part) {
                for k in chunk.start..<chunk.end {
                    let gazetteer = self.gazetteer
                    let places = s.word(k).split(separator: "-").compactMap { part in
                        gazetteer.entries(for: part).first { $0.entityClass.type != .person }
                    }
                    if let place = places.first {
                        tags[k] = .begin(EntityClass(place.entityClass.type, .part))
                    }
                }
                continue
            }
            guard chunk.entityClass.form == .plain else { continue }
            guard s.isCapitalised(chunk.start) || s.startsWithDigit(chunk.start) else {
                for k in chunk.start..<chunk.end { tags[k] = .outside }
                continue
            }
            // A name does not end with a country's genitive ("beschrieb Ahn Nordkoreas Fähigkeiten"): the
            // country is a word of its own.
            if chunk.entityClass.type == .person, chunk.end - chunk.start > 1, s.endsWithS(chunk.end - 1),
               let country = gazetteer.entries(forKey: s.key(chunk.end - 1)).first(where: { $0.kind == "country" })
            {
                tags[chunk.end - 1] = .begin(country.entityClass)
            }
            if chunk.entityClass.type == .person, chunk.end - chunk.start > 1, s.head(chunk.end - 1) != 0,
               let place = gazetteer.entries(forKey: s.head(chunk.end - 1)).first, place.entityClass.type != .person
            {
                tags[chunk.end - 1] = .begin(EntityClass(place.entityClass.type, .part))
            }
            if chunk.end - chunk.start == 1, chunk.entityClass.type == .person {
                var entry = gazetteer.entries(forKey: s.key(chunk.start)).first
                if entry == nil, s.endsWithS(chunk.start) {
                    let b = s.bytes(chunk.start)
                    entry = gazetteer.entries(for: String(decoding: b[..<(b.endIndex - 1)], as: UTF8.self)).first
                }
                if let entry, entry.entityClass.type != .person { tags[chunk.start] = .begin(EntityClass(entry.entityClass.type)) }
            }
        }
    }

    /// Heads after a compound's last hyphen that make a name it begins with an organisation, a place or
    /// another thing (keys of the lower-cased head, with the genitive forms).
    static let compoundHeads: [UInt64: EntityType] = {
        let heads: [(EntityType, [String])] = [
            (.organisation, ["institut", "instituts", "stiftung", "gymnasium", "gymnasiums", "schule", "hochschule",
                             "universität", "klinik", "klinikum", "klinikums", "krankenhaus", "krankenhauses", "museum",
                             "museums", "gesellschaft", "verein", "vereins", "zentrum", "zentrums", "akademie", "bibliothek",
                             "theater", "theaters", "stiftungen", "institute", "schulen"]),
            (.location, ["straße", "strasse", "platz", "platzes", "allee", "weg", "weges", "ring", "rings", "brücke",
                         "bahnhof", "bahnhofs", "flughafen", "flughafens", "park", "parks", "ufer", "ufers", "damm",
                         "damms", "kaserne", "tunnel", "tunnels", "insel"]),
            (.other, ["preis", "preises", "preisträger", "medaille"]),
        ]
        var table: [UInt64: EntityType] = [:]
        for (type, words) in heads { for word in words { table[EntityTrainer.wordKey(word)] = type } }
        return table
    }()

    /// Role words anchor persons: the capitalised words after "Verteidigungsminister" (past a rank such as
    /// "Admiral") are a name, whatever the tagger said, and the role, rank and affiliation are kept.
    private mutating func applyRoles(_ s: Sentence) {
        roleFacts.removeAll(keepingCapacity: true)
        let n = s.count
        var i = 0
        while i < n {
            defer { i += 1 }
            var entry = roles.entry(forKey: s.key(i))
            var prefix: UInt64 = 0
            if entry == nil, s.tail(i) != 0 {
                entry = roles.entry(forKey: s.tail(i))
                prefix = s.head(i)
            }
            guard let entry, entry.kind != .rank else { continue }
            var fact = RoleFact(role: entry.role, affiliation: entry.affiliation)
            if prefix != 0, let place = placeOrOrganisation(prefix) {
                if entry.kind == .expert { fact.subject = place } else if fact.affiliation == nil { fact.affiliation = place }
            }
            if fact.affiliation == nil, entry.kind != .expert, i > 0 {
                fact.affiliation = placeOrOrganisation(s.key(i - 1))
            }
            var j = i + 1
            // "Verteidigungsminister Chinas und Russlands, Dong Jun und …": a genitive after the role.
            if fact.affiliation == nil, j < n, entry.kind != .expert, s.endsWithS(j), let place = placeOrOrganisation(s.key(j)) {
                fact.affiliation = place
                j += 1
            }
            while j < n, let r = roles.entry(forKey: s.key(j)), r.kind == .rank {
                fact.rank = r.role
                tags[j] = .outside
                j += 1
            }
            let start = j
            while j < n, j - start < 4, isCapitalisedName(j, s) { j += 1 }
            // Right after an office ("Staatschef Xi") a capitalised word is a name even if it is also a
            // noun; after "Kollegen" it may be the object ("seinem Kollegen Respekt zollen"). Common nouns
            // at the end are the sentence going on, unless the tagger saw a person there.
            // A noun that ends the sentence or clause is more likely the name's last word ("Außenminister
            // Qin Gang.").
            while j > start + 1, tags[j - 1].entityClass?.type != .person, isCommonNoun(s.key(j - 1)),
                  j < n, s.token(j).kind != .punctuation
            {
                j -= 1
            }
            guard j > start else { continue }
            if j == start + 1, entry.kind != .office, tags[start].entityClass?.type != .person, isCommonNoun(s.key(start)) { continue }
            let person = EntityClass(.person)
            markPerson(start..<j)
            // The tagger's chunk ran into the rank or role ("China-Expertin Bonnie Glaser"): cut it there.
            var k = start - 1
            while k >= i, tags[k].entityClass == person {
                tags[k] = .outside
                k -= 1
            }
            if let organisation = organisationAfter(j, s) { fact.affiliation = organisation }
            roleFacts.append((start, fact))
            // "den Präsidenten Lee Jae-myung und Xi Jinping": a second full name joined by "und" holds the
            // same office (its affiliation may differ, so none is given).
            if j + 2 < n, ["und", "and"].contains(s.word(j)) {
                let second = j + 1
                var end = second
                while end < n, end - second < 4, isCapitalisedName(end, s) { end += 1 }
                if end - second >= 2 {
                    markPerson(second..<end)
                    roleFacts.append((second, RoleFact(role: fact.role, rank: nil, affiliation: nil, subject: fact.subject)))
                    j = end
                }
            }
            i = j - 1
        }
    }

    /// Tags `words` as one person's name. What is left of a tagger's chunk that ran past the name was part
    /// of a wrong chunk and is dropped.
    private mutating func markPerson(_ words: Range<Int>) {
        let person = EntityClass(.person)
        tags[words.lowerBound] = .begin(person)
        for k in words.dropFirst() { tags[k] = .inside(person) }
        var rest = words.upperBound
        while rest < tags.count, tags[rest].isInside {
            tags[rest] = .outside
            rest += 1
        }
    }

    /// "… vom German Marshall Fund", "… of the Brookings Institution": an organisation right after a name.
    private func organisationAfter(_ j: Int, _ s: Sentence) -> String? {
        let n = s.count
        guard j < n, ["vom", "von", "of", "bei", "beim"].contains(s.word(j)) else { return nil }
        var k = j + 1
        if k < n, ["der", "dem", "the"].contains(s.word(k)) { k += 1 }
        while k < n, s.token(k).kind == .quote { k += 1 }
        guard k < n, tags[k].isBegin, tags[k].entityClass?.type == .organisation else { return nil }
        var end = k + 1
        while end < n, tags[end].isInside { end += 1 }
        let organisation = (k..<end).map { s.word($0) }.joined(separator: " ")
        return gazetteer.entries(for: organisation).first?.canonical ?? organisation
    }

    /// A capitalised word that is neither a role nor a place or organisation the gazetteer knows.
    private func isCapitalisedName(_ k: Int, _ s: Sentence) -> Bool {
        guard s.token(k).kind == .word, s.isCapitalised(k), roles.entry(forKey: s.key(k)) == nil else { return false }
        if let entry = gazetteer.entries(forKey: s.key(k)).first, entry.entityClass.type != .person { return false }
        return true
    }

    /// A word the common-word lexicon knows only in lower case ("Größtes" at the start of a sentence)
    /// and no name list or gazetteer knows.
    private func isOrdinaryWord(_ key: UInt64) -> Bool {
        let facts = tagger.model.tables.words[key]
        return facts >> TaggerTables.lexiconShift & 3 == Lexicon.lowerEntry && facts & Self.anyName == 0
            && facts & TaggerTables.gazetteerMask == 0
    }

    /// Whether a word is a German common noun and not also a known name.
    private func isCommonNoun(_ key: UInt64) -> Bool {
        let facts = tagger.model.tables.words[key]
        return facts & NameList.nouns.bit != 0 && facts & Self.personName == 0
    }

    static let personName = NameList.firstNames.bit | NameList.surnames.bit
    static let anyName = personName | NameList.places.bit | NameList.toponyms.bit | NameList.properNames.bit

    /// The canonical country or organisation a word names or derives from ("US", "chinesische", "Chinas").
    private func placeOrOrganisation(_ key: UInt64) -> String? {
        gazetteer.entries(forKey: key).first {
            $0.entityClass.type == .location || $0.entityClass.type == .organisation
        }?.canonical
    }

    /// The curated gazetteer's multi-word names replace what the tagger found on their words.
    private mutating func applyGazetteerPhrases(_ s: Sentence) {
        var i = 0
        while i < s.count {
            guard gazetteer.startsPhrase(key: s.key(i)) else {
                i += 1
                continue
            }
            let words = (i..<min(s.count, i + gazetteer.longestPhrase)).map { s.word($0) }
            guard let (entry, length) = gazetteer.phrase(in: words, at: 0) else {
                i += 1
                continue
            }
            tags[i] = .begin(entry.entityClass)
            for k in (i + 1)..<(i + length) { tags[k] = .inside(entry.entityClass) }
            if i + length < tags.count, tags[i + length].isInside { tags[i + length] = .begin(tags[i + length].entityClass!) }
            i += length
        }
    }
}
