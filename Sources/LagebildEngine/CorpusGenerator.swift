import Foundation
import LagebildText

/// German news-like articles at any scale, with known ground truth: which persons, places and written
/// dates each article contains and which events it reports (who met whom, where, when). Deterministic for
/// a seed, so a scale test can check at 1 GB what it checked at 1 MB.
///
/// The articles follow a few dozen sentence patterns of agency news on diplomacy: meetings, visits,
/// agreements, calls, with roles ("Außenministerin", "Regierungschef"), places after "in", dates written
/// out ("am 3. März 2024") or as weekdays, quotes, and filler paragraphs. Names are drawn from pools that
/// mix German and international names, so an entity tagger meets unseen combinations.
public struct CorpusGenerator {
    public struct Event: Codable, Sendable, Equatable {
        public var type: String
        public var participants: [String]
        public var place: String
        /// ISO date, written out in the article.
        public var date: String
    }

    /// What one generated article contains.
    public struct Truth: Codable, Sendable, Equatable {
        public var id: String
        public var persons: [String]
        public var places: [String]
        public var dates: [String]
        public var events: [Event]
    }

    public struct Article: Sendable {
        public var id: String
        public var date: String
        public var source: String
        public var title: String
        public var text: String
        public var truth: Truth
    }

    static let firstNames = ["Anna", "Lukas", "Maria", "Jonas", "Sophie", "Felix", "Lena", "Paul", "Clara", "Max", "Ingrid", "Tomasz",
                             "Amira", "Kenji", "Olga", "Rafael", "Sanna", "Diego", "Mei", "Kwame", "Elena", "Henrik", "Yusuf", "Ines"]
    static let surnames = ["Bergmann", "Schulte", "Novak", "Lindqvist", "Okafor", "Moreau", "Tanaka", "Kowalski", "Petrov", "Haddad",
                           "Ferreira", "Keller", "Brandt", "Vogel", "Nakamura", "Rossi", "Hansen", "Dubois", "Yilmaz", "Andersen",
                           "Krüger", "Schäfer", "Wagner", "Richter"]
    static let places = ["Berlin", "Wien", "Paris", "Brüssel", "Warschau", "Madrid", "Rom", "Oslo", "Helsinki", "Tokio", "Nairobi",
                         "Ankara", "Lissabon", "Prag", "Budapest", "Stockholm", "Kopenhagen", "Athen", "Kairo", "Seoul"]
    static let roles = ["Außenministerin", "Außenminister", "Verteidigungsminister", "Regierungschefin", "Regierungschef",
                        "Wirtschaftsministerin", "Handelsminister", "Präsidentin", "Präsident"]
    static let months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
                         "Dezember"]
    static let sources = ["Nordkurier Agentur", "Tagesblick", "Rundschau Online", "Abendpost", "Depeschendienst"]
    static let topics = ["die Energieversorgung", "den Handel", "die Sicherheitslage", "den Klimaschutz", "die Migration",
                         "die Zusammenarbeit der Streitkräfte", "Forschungsprojekte", "die Lage im Nahen Osten"]
    static let fillers = [
        "Beobachter werteten das als wichtiges Signal für die Region.",
        "Einzelheiten wurden zunächst nicht bekannt.",
        "Die Opposition kritisierte das Vorgehen als übereilt.",
        "Weitere Gespräche sollen in den kommenden Monaten folgen.",
        "Beide Seiten betonten die Bedeutung enger Abstimmung.",
        "Fachleute rechnen nicht mit schnellen Ergebnissen.",
        "Die Verhandlungen hatten sich über mehrere Wochen hingezogen.",
    ]

    var rng: SeededGenerator

    public init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &rng)! }

    mutating func person() -> String { pick(Self.firstNames) + " " + pick(Self.surnames) }

    /// Article `number` (ids are `gen-000001`, …; dates within 2020–2025).
    public mutating func article(_ number: Int) -> Article {
        let dayNumber = Int.random(in: 0..<(6 * 365), using: &rng)
        let published = Calendar(identifier: .gregorian).date(byAdding: .day, value: dayNumber, to: Self.epoch)!
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: published)
        let (year, month, day) = (parts.year!, parts.month!, parts.day!)
        var truth = Truth(id: String(format: "gen-%06d", number), persons: [], places: [], dates: [], events: [])
        var paragraphs: [String] = []
        var title = ""
        for k in 0..<Int.random(in: 1...3, using: &rng) {
            // An event a few days before publication, written out with its date.
            let eventDay = max(1, day - Int.random(in: 0...4, using: &rng))
            let date = String(format: "%04d-%02d-%02d", year, month, eventDay)
            let written = "\(eventDay). \(Self.months[month - 1]) \(year)"
            let a = person(), b = person(), place = pick(Self.places), roleA = pick(Self.roles), roleB = pick(Self.roles)
            let topic = pick(Self.topics)
            var event = Event(type: "meeting", participants: [a, b], place: place, date: date)
            var sentence: String
            switch Int.random(in: 0..<4, using: &rng) {
            case 0:
                sentence = "\(roleA) \(a) hat am \(written) in \(place) \(roleB == roleA ? "den Amtskollegen" : roleB) \(b) getroffen."
            case 1:
                sentence = "Am \(written) trafen sich \(a) und \(b) in \(place), um über \(topic) zu sprechen."
            case 2:
                event.type = "agreement"
                sentence = "\(a) und \(b) vereinbarten am \(written) in \(place) eine engere Zusammenarbeit für \(topic)."
            default:
                event.type = "visit"
                event.participants = [a]
                sentence = "\(roleA) \(a) besuchte am \(written) \(place) und sprach dort über \(topic)."
            }
            if k == 0 { title = event.type == "visit" ? "\(a) besucht \(place)" : "\(a.split(separator: " ").last!) und \(b.split(separator: " ").last!) in \(place)" }
            let quote = "„Wir haben offen gesprochen“, sagte \(a.split(separator: " ").last!) nach dem Treffen."
            paragraphs.append(sentence + " " + pick(Self.fillers))
            paragraphs.append(quote + " " + pick(Self.fillers))
            truth.events.append(event)
            for p in event.participants where !truth.persons.contains(p) { truth.persons.append(p) }
            if !truth.places.contains(place) { truth.places.append(place) }
            if !truth.dates.contains(date) { truth.dates.append(date) }
        }
        for _ in 0..<Int.random(in: 1...4, using: &rng) { paragraphs.append(pick(Self.fillers) + " " + pick(Self.fillers)) }
        let text = title + "\n" + paragraphs.joined(separator: "\n")
        return Article(id: truth.id, date: String(format: "%04d-%02d-%02d", year, month, day), source: pick(Self.sources), title: title,
                       text: text, truth: truth)
    }

    static let epoch = Calendar(identifier: .gregorian).date(from: DateComponents(timeZone: TimeZone(identifier: "UTC"), year: 2020, month: 1, day: 10))!

    /// One JSONL line for an article (fields `date`, `id`, `source`, `text`, `title`, in that order: what
    /// `JSONSerialization` with sorted keys and unescaped slashes wrote, at a fraction of its cost).
    public static func jsonLine(_ article: Article) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(article.text.utf8.count + 256)
        JSONText.appendObject([
            ("date", { JSONText.appendQuoted(article.date, to: &$0) }),
            ("id", { JSONText.appendQuoted(article.id, to: &$0) }),
            ("source", { JSONText.appendQuoted(article.source, to: &$0) }),
            ("text", { JSONText.appendQuoted(article.text, to: &$0) }),
            ("title", { JSONText.appendQuoted(article.title, to: &$0) }),
        ], to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The ground truth as one JSON line, keys sorted (as `JSONEncoder` with sorted keys wrote it).
    public static func truthLine(_ truth: Truth) -> String {
        var out: [UInt8] = []
        JSONText.appendObject([
            ("dates", { JSONText.appendArray(truth.dates, to: &$0) }),
            ("events", { out in
                out.append(0x5B)
                for (k, event) in truth.events.enumerated() {
                    if k > 0 { out.append(0x2C) }
                    JSONText.appendObject([
                        ("date", { JSONText.appendQuoted(event.date, to: &$0) }),
                        ("participants", { JSONText.appendArray(event.participants, to: &$0) }),
                        ("place", { JSONText.appendQuoted(event.place, to: &$0) }),
                        ("type", { JSONText.appendQuoted(event.type, to: &$0) }),
                    ], to: &out)
                }
                out.append(0x5D)
            }),
            ("id", { JSONText.appendQuoted(truth.id, to: &$0) }),
            ("persons", { JSONText.appendArray(truth.persons, to: &$0) }),
            ("places", { JSONText.appendArray(truth.places, to: &$0) }),
        ], to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
