/// Finds the head of a German compound among frequent news nouns, so that a search for "Minister" also finds
/// "Verteidigungsminister" and "Außenminister".
///
/// German writes compounds as one word and puts the meaning-bearing head last. The heads are common nouns
/// of news language (a closed list of facts, stemmed with the same stemmer as the index); the longest head
/// that leaves at least four letters of modifier wins. A dictionary-based splitter that also finds the
/// modifiers is future work; the head is what recall for search needs.
public enum CompoundSplitter {
    static let headWords: [String] = [
        "minister", "ministerin", "ministerium", "präsident", "präsidentin", "kanzler", "kanzlerin", "chef", "chefin",
        "sprecher", "sprecherin", "konferenz", "gipfel", "treffen", "gespräch", "politik", "politiker", "partei",
        "regierung", "staat", "land", "krieg", "konflikt", "streit", "vertrag", "abkommen", "gesetz", "recht",
        "markt", "preis", "steuer", "bank", "firma", "unternehmen", "konzern", "industrie", "wirtschaft", "handel",
        "kooperation", "zusammenarbeit", "beziehung", "sicherheit", "verteidigung", "armee", "militär", "truppe",
        "soldat", "rakete", "waffe", "angriff", "krise", "frage", "thema", "bericht", "zeitung", "wahl", "stimme",
        "mehrheit", "koalition", "opposition", "bündnis", "allianz", "union", "gemeinschaft", "gruppe", "verband",
        "rat", "ausschuss", "kommission", "behörde", "gericht", "polizei", "schule", "universität", "forschung",
        "studie", "virus", "impfung", "impfstoff", "maßnahme", "pandemie", "infektion", "zahl", "woche", "monat",
        "stadt", "region", "gebiet", "grenze", "insel", "meer", "hafen", "zentrum", "gebäude", "straße", "verkehr",
        "system", "programm", "projekt", "strategie", "dialog", "kommunikation", "kanal", "besuch", "reise", "rede",
        "erklärung", "mitteilung", "botschaft", "botschafter", "diplomat", "diplomatie", "experte", "expertin",
        "kritik", "protest", "gewalt", "opfer", "flüchtling", "hilfe", "kosten", "schulden", "haushalt", "energie",
        "klima", "umwelt", "wasser", "zone", "lage", "entwicklung", "übung", "manöver", "flotte", "marine",
        "kontrolle", "führung", "leiter", "direktor", "vorsitzende", "mitglied", "bürger", "bevölkerung", "arbeit",
        "dienst", "agentur", "medien", "sender", "netzwerk", "technologie", "daten", "plattform", "rivalität",
        "diplomat", "spannung", "sanktion", "gipfeltreffen", "konsultation", "kooperation", "bedrohung", "abschreckung",
    ]

    /// Stemmed heads in the index's own term form.
    static let heads: TermInterner = {
        var interner = TermInterner(capacity: headWords.count)
        var scalars: [UInt32] = []
        for word in headWords {
            scalars = word.unicodeScalars.map(\.value)
            GermanStemmer.stem(&scalars)
            var bytes: [UInt8] = []
            for v in scalars { Scalars.append(v, to: &bytes) }
            if bytes.count >= 3 { bytes.withUnsafeBufferPointer { _ = interner.intern($0) } }
        }
        return interner
    }()

    /// The head of the stemmed German term `term`, as a range of its bytes, if it is a compound of a known head.
    public static func head(of term: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let n = term.count
        guard n >= 7 else { return nil }
        // Longest head first: try every suffix start from the left that leaves ≥ 4 bytes of modifier.
        var start = 4
        while start <= n - 3 {
            if term[start] & 0xC0 != 0x80,
                heads.find(UnsafeBufferPointer(rebasing: term[start..<n])) != nil
            {
                return start..<n
            }
            start += 1
        }
        return nil
    }
}
