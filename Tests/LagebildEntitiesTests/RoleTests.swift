import LagebildText
import Testing
@testable import LagebildEntities

/// Roles, ranks and affiliations, on sentences of the seeds' kind, through the bundled model and lists.
@Suite struct RoleTests {
    static let resources = try! MentionExtractor.bundled.get()

    /// The mentions of one sentence, with the sentence.
    func extract(_ sentence: String) -> (text: String, mentions: [EntityMention]) {
        var extractor = MentionExtractor(Self.resources)
        var mentions: [EntityMention] = []
        var text = sentence
        let tokens = Tokenizer.tokenize(text)
        text.withUTF8 { p in extractor.extract(p, tokens: tokens[...], sentence: 0, into: &mentions) }
        return (text, mentions)
    }

    /// The persons of one sentence with what the text says about them.
    func persons(_ sentence: String) -> [(name: String, role: String)] {
        let (text, mentions) = extract(sentence)
        return mentions.filter { $0.entityClass == EntityClass(.person) }.map {
            (String(text.slice($0.span)), [$0.role?.rank, $0.role?.description].compactMap { $0 }.joined(separator: " "))
        }
    }

    @Test func officeWithCountryPrefixAdjectiveOrGenitive() {
        #expect(persons("US-Verteidigungsminister Pete Hegseth traf ihn am Sonntag.").first! == ("Pete Hegseth", "Verteidigungsminister (USA)"))
        #expect(persons("Chinas Verteidigungsminister Dong Jun am 2. Juni in Singapur.").first! == ("Dong Jun", "Verteidigungsminister (China)"))
        #expect(persons("Er traf den chinesischen Verteidigungsminister Admiral Dong Jun in Malaysia.").first!
            == ("Dong Jun", "Admiral Verteidigungsminister (China)"))
        #expect(persons("Trumps Treffen mit dem chinesischen Staatschef Xi Jinping Anfang dieser Woche.").last!
            == ("Xi Jinping", "Staatschef (China)"))
    }

    @Test func equivalentRoleWordsAndOrganisations() {
        #expect(persons("Der Pentagon-Chef Pete Hegseth sprach.").first! == ("Pete Hegseth", "Verteidigungsminister (USA)"))
        let glaser = persons("„Das ist gut“, kommentiert China-Expertin Bonnie Glaser vom „German Marshall Fund“.")
        #expect(glaser.first! == ("Bonnie Glaser", "Experte für China (German Marshall Fund)"))
    }

    @Test func aRoleWithoutANameMakesNoPerson() {
        #expect(persons("Die Verteidigungsminister des Staatenverbunds trafen sich.").isEmpty)
    }

    /// Every mention of one sentence as "text/CLASS".
    func mentions(_ sentence: String) -> [String] {
        let (text, mentions) = extract(sentence)
        return mentions.map { "\(text.slice($0.span))/\($0.entityClass)" }
    }

    @Test func aNameLeadingAnInstitutionOrAStreetNamesThat() {
        #expect(mentions("Das Robert Koch-Institut meldete am Montag neue Zahlen.").contains("Robert Koch-Institut/ORG"))
        #expect(mentions("Das Robert-Koch-Institut meldete am Montag neue Zahlen.").contains("Robert-Koch-Institut/ORG"))
        #expect(mentions("Sie arbeitet an der Konrad-Adenauer-Stiftung in Berlin.").contains("Konrad-Adenauer-Stiftung/ORG"))
        // A head that is not an institution leaves the person's compound alone.
        #expect(!mentions("Die Merkel-Regierung beschloss es.").contains { $0.hasSuffix("/ORG") || $0.hasSuffix("/LOC") })
        #expect(MentionExtractor.compoundHeads[EntityTrainer.wordKey("Allee")] == .location)
        // A country's genitive after a name is not part of it.
        let ahn = mentions("In einer Rede beschrieb Ahn Nordkoreas fortschreitende Fähigkeiten.")
        #expect(ahn.contains("Nordkoreas/LOC") && !ahn.contains { $0.hasPrefix("Ahn Nordkoreas") })
    }
}

@Suite struct KeyFilterTests {
    @Test func everyKeyIsKeptAndMostOthersAreTurnedAway() {
        var random = SeededGenerator(seed: 7)
        let keys = (0..<3_000).map { _ in UInt64.random(in: .min ... .max, using: &random) }
        let filter = KeyFilter(keys)
        #expect(keys.allSatisfy(filter.mayContain))
        let others = (0..<100_000).map { _ in UInt64.random(in: .min ... .max, using: &random) }
        let passed = others.filter(filter.mayContain).count
        // 3,000 keys set at most 3,000 of 65,536 bits: under 5 % of other keys pass.
        #expect(passed < 5_000, "\(passed) of 100,000 other keys passed")
        #expect(KeyFilter([]).mayContain(keys[0]) == false)
    }

    @Test func lookupsThroughTheFilterFindWhatTheTablesHold() {
        let roles = RoleTests.resources.roles
        #expect(roles.entry(forKey: EntityTrainer.wordKey("verteidigungsminister"))?.role == "Verteidigungsminister")
        #expect(roles.entry(forKey: EntityTrainer.wordKey("verteidigungsministers")) != nil)
        #expect(roles.entry(forKey: EntityTrainer.wordKey("tisch")) == nil)
    }
}
