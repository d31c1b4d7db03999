import Testing
@testable import LagebildEntities

@Suite struct RegistryTests {
    /// The sentence and the class an input packs together read back as given.
    @Test func inputsKeepTheirPackedFields() {
        for entityClass in EntityClass.all {
            var input = EntityRegistry.Input(document: 3, text: "Dong Jun", entityClass: entityClass, sentence: (1 << 24) - 1)
            #expect(input.entityClass == entityClass && input.sentence == (1 << 24) - 1)
            input.sentence = 7
            input.entityClass = EntityClass(.location, .derived)
            #expect(input.sentence == 7 && input.entityClass == EntityClass(.location, .derived) && input.document == 3)
        }
    }

    func input(_ document: Int32, _ text: String, _ code: String = "PER") -> EntityRegistry.Input {
        EntityRegistry.Input(document: document, text: text, entityClass: EntityClass(code: code)!)
    }

    /// A corpus holds one of each per mention while it loads: their size is the load's memory.
    @Test func perMentionRecordsStaySmall() {
        #expect(MemoryLayout<RoleFact?>.stride == 8)
        #expect(MemoryLayout<EntityMention>.stride <= 24)
        #expect(MemoryLayout<EntityRegistry.Input>.stride <= 48)
        #expect(MemoryLayout<EntityRegistry.NumberedMention>.stride == 20)
        // The boxed role fact still reads and compares by its fields.
        var fact = RoleFact(role: "Verteidigungsminister", affiliation: "China")
        let copy = fact
        fact.rank = "Admiral"
        #expect(copy.rank == nil && fact.rank == "Admiral" && fact.affiliation == "China")
        #expect(fact != copy && RoleFact(role: "Verteidigungsminister", affiliation: "China") == copy)
        #expect(Set([copy, RoleFact(role: "Verteidigungsminister", affiliation: "China")]).count == 1)
    }

    /// Names get dense numbers in order of first sight, the same number when seen again (also after the
    /// table grew), one-word flags by the space, and lookups without numbering.
    @Test func nameTableNumbersEachNameOnce() {
        var table = EntityRegistry.NameTable()
        let names = (0..<5_000).map { "Name \($0) Müller" } + ["Jürgen", "Straße", "Strasse", "", "Ⅻ", "Dong Jun"]
        for (k, name) in names.enumerated() { #expect(table.number(name) == Int32(k)) }
        for (k, name) in names.enumerated().reversed() { #expect(table.number(name) == Int32(k)) }
        #expect(table.count == names.count && table.strings == names)
        #expect(table.isOneWord[names.count - 6] && !table.isOneWord[names.count - 1])
        #expect(table.id(of: "Straße") == Int32(names.count - 5) && table.id(of: "Strasse") == Int32(names.count - 4))
        #expect(table.id(of: "Dong") == nil && table.id(of: "Name 5000 Müller") == nil && table.count == names.count)
        table.dropLookup()
        #expect(table.id(of: "Jürgen") == nil && table.strings == names)
    }

    /// A name finds the entity most of its mentions belong to: "Drosten" is Christian Drosten (three
    /// mentions written so), not the one-mention "Drosten" the tagger typed as a thing, although that one
    /// is named exactly so.
    @Test func aNameFindsTheEntityMostOfItsMentionsBelongTo() {
        let registry = EntityRegistry(mentions: [
            input(0, "Christian Drosten"), input(0, "Drosten"), input(1, "Drosten"), input(1, "Drosten"),
            input(2, "Drosten", "OTH"),
        ], gazetteer: .empty)
        let found = registry.find("drosten")
        #expect(found.map(\.name) == ["Christian Drosten", "Drosten"])
        #expect(found.first?.type == .person)
        #expect(registry.find("Christian Drosten").map(\.name) == ["Christian Drosten"])
        #expect(registry.find("Chris").map(\.name) == ["Christian Drosten"])  // a name that begins so
        #expect(registry.find("DROSTEN").first?.name == "Christian Drosten")
    }

    @Test func namesCompareLowerCasedWithoutLowerCasingASCII() {
        #expect(EntityRegistry.lowercased("Drosten", equals: "drosten"))
        #expect(EntityRegistry.lowercased("MÜLLER", equals: "müller"))
        #expect(EntityRegistry.lowercased("Ärzte ohne Grenzen", equals: "ärzte ohne grenzen"))
        #expect(!EntityRegistry.lowercased("Müller", equals: "muller"))
        #expect(!EntityRegistry.lowercased("Dros", equals: "drosten"))
        #expect(!EntityRegistry.lowercased("Drostens", equals: "drosten"))
        #expect(!EntityRegistry.lowercased("Drosten", equals: "drostén"))
        #expect(EntityRegistry.lowercased("", equals: ""))
    }

    @Test func shortNamesJoinTheFullNameInTheirDocumentAndAcrossTheCorpus() throws {
        let registry = EntityRegistry(mentions: [
            input(0, "Pete Hegseth"), input(0, "Hegseth"), input(1, "Hegseth"),
            input(0, "Dong Jun"), input(2, "Dong"), input(1, "Xi"), input(3, "Xi Jinping"),
        ], gazetteer: .empty)
        let names = registry.assignment.map { registry.entities[Int($0)].name }
        #expect(names == ["Pete Hegseth", "Pete Hegseth", "Pete Hegseth", "Dong Jun", "Dong Jun", "Xi Jinping", "Xi Jinping"])
        let hegseth = registry.entities[Int(registry.assignment[0])]
        #expect(hegseth.mentionCount == 3)
        #expect(hegseth.documents == [0, 1])
        #expect(hegseth.aliases == ["Pete Hegseth": 1, "Hegseth": 2])
    }

    /// Who is mentioned with whom: sentences shared (a sentence counts once however often the two are
    /// named in it) and documents shared; documents listed once each, in order, whatever order the
    /// mentions came in.
    @Test func cooccurrencesCountSharedSentencesAndDocuments() throws {
        func at(_ document: Int32, _ sentence: Int32, _ text: String, _ code: String = "PER") -> EntityRegistry.Input {
            EntityRegistry.Input(document: document, text: text, entityClass: EntityClass(code: code)!, sentence: sentence)
        }
        let registry = EntityRegistry(mentions: [
            at(0, 0, "Pete Hegseth"), at(0, 0, "Dong Jun"), at(0, 0, "Dong Jun"), at(0, 1, "Hegseth"), at(0, 1, "Malaysia", "LOC"),
            at(2, 4, "Dong Jun"), at(2, 4, "Pete Hegseth"), at(2, 5, "Malaysia", "LOC"),
            at(1, 0, "Pete Hegseth"), at(1, 0, "Malaysia", "LOC"),
        ], gazetteer: .empty)
        let hegseth = try #require(registry.find("Pete Hegseth").first)
        #expect(hegseth.documents == [0, 1, 2] && hegseth.mentionCount == 4)
        let with = registry.cooccurrences(of: hegseth.id).map { ($0.entity.name, $0.sentences, $0.documents) }
        #expect(with.count == 2)
        #expect(with.first { $0.0 == "Dong Jun" }.map { [$0.1, $0.2] } == [2, 2])
        #expect(with.first { $0.0 == "Malaysia" }.map { [$0.1, $0.2] } == [2, 2])
        let malaysia = try #require(registry.find("Malaysia").first)
        #expect(registry.cooccurrences(of: malaysia.id).map(\.entity.name) == ["Pete Hegseth"])
    }

    /// Batches numbered on their own (as workers number them) and renumbered by the builder in any order
    /// cluster as the same mentions given at once; a mention left out by `kept` maps to -1.
    @Test func batchesRenumberedByTheBuilderClusterAsOneList() async throws {
        let admiral = RoleFact(rank: "Admiral"), minister = RoleFact(role: "Verteidigungsminister", affiliation: "China")
        var inputs = [
            input(0, "Pete Hegseth"), input(0, "Hegseth"), input(1, "Dong Jun"), input(1, "Dong"),
            input(2, "Dong"), input(2, "China", "LOC"), input(3, "Hegseth"), input(3, "Peking", "LOC"), input(3, "Dong Jun"),
        ]
        inputs[2].role = admiral
        inputs[8].role = minister
        inputs[3].sentence = 4
        let kept: [[Bool]] = [[true, true], [true, false], [true, true], [true, true, true]]
        var prepared: [EntityRegistry.Input] = []
        for d in 0..<4 {
            var document = inputs.filter { $0.document == d }
            EntityRegistry.prepare(document: &document, gazetteer: .empty)
            prepared += document
        }
        let builder = EntityRegistryBuilder()
        // Two batches, each numbered from its own first name, handed over last one first.
        for (first, range) in [(Int32(2), 4..<9), (Int32(0), 0..<4)] {
            var batch = EntityRegistry.Mentions()
            for m in prepared[range] { batch.append(m) }
            await builder.add(batch, firstDocument: first)
        }
        let (built, mentionEntities) = await builder.build(gazetteer: .empty, kept: kept)
        let keptInputs = zip(prepared, kept.flatMap { $0 }).filter(\.1).map(\.0)
        let direct = EntityRegistry(mentions: keptInputs, gazetteer: .empty)
        #expect(built.entities.map(\.name) == direct.entities.map(\.name))
        #expect(built.entities.map(\.aliases) == direct.entities.map(\.aliases))
        #expect(built.entities.map(\.roles) == direct.entities.map(\.roles))
        #expect(built.assignment == direct.assignment)
        let dong = try #require(built.find("Dong Jun").first)
        #expect(dong.mentionCount == 3 && dong.documents == [1, 2, 3] && dong.roles == [admiral: [1], minister: [3]])
        #expect(mentionEntities[1] == [Int32(dong.id), -1])
        #expect(mentionEntities.map(\.count) == [2, 2, 2, 3])
    }

    @Test func anAmbiguousSurnameIsNotMerged() {
        let registry = EntityRegistry(mentions: [
            input(0, "Olaf Scholz"), input(1, "Anna Scholz"), input(2, "Scholz"), input(0, "Scholz"),
        ], gazetteer: .empty)
        let names = registry.assignment.map { registry.entities[Int($0)].name }
        // In document 0 Scholz is Olaf Scholz; in document 2 it could be either, so it stays apart.
        #expect(names == ["Olaf Scholz", "Anna Scholz", "Scholz", "Olaf Scholz"])
    }

    @Test func placesAndOrganisationsUseTheGazetteersCanonicalName() throws {
        let gazetteer = try CuratedGazetteer.bundled()
        let registry = EntityRegistry(mentions: [
            input(0, "Chinas", "LOC"), input(1, "China", "LOC"), input(1, "chinesischen", "LOCderiv"),
            input(2, "Nato", "ORG"), input(2, "NATO", "ORG"), input(3, "US-Verteidigungsminister", "LOCpart"),
        ], gazetteer: gazetteer)
        let names = registry.assignment.map { "\(registry.entities[Int($0)].name)/\(registry.entities[Int($0)].form)" }
        #expect(names == ["China/plain", "China/plain", "China/derived", "NATO/plain", "NATO/plain", "USA/part"])
        #expect(registry.ranked(type: .location).first?.mentionCount == 2)
        #expect(registry.ranked(type: .organisation).map(\.name) == ["NATO"])
    }

    @Test func aSurnameJoinsTheFullNameThatHasMostOfItsMentions() {
        var mentions = (0..<8).map { input(Int32($0), "Donald Trump") }
        mentions += [input(8, "Melania Trump"), input(9, "Trump"), input(9, "Trumps")]
        // 8 of 9 full-name mentions: Donald Trump; with 3 of 5 ("Anna Scholz" twice) the evidence is split.
        mentions += [input(10, "Olaf Scholz"), input(10, "Olaf Scholz"), input(10, "Olaf Scholz"),
                     input(11, "Anna Scholz"), input(11, "Anna Scholz"), input(12, "Scholz")]
        let registry = EntityRegistry(mentions: mentions, gazetteer: .empty)
        let names = registry.assignment.map { registry.entities[Int($0)].name }
        #expect(names[9] == "Donald Trump" && names[10] == "Donald Trump")
        #expect(names[8] == "Melania Trump")
        #expect(names.last == "Scholz")
        #expect(EntityRegistry.dominant(["A B", "C B"], counts: ["A B": 4, "C B": 1]) == "A B")
        #expect(EntityRegistry.dominant(["A B", "C B"], counts: ["A B": 3, "C B": 1]) == nil)
    }

    @Test func aOneWordPersonThatManyDocumentsNameButNeverIntroduceIsAThing() {
        let slip = RoleFact(role: "Abgeordneter")
        var mentions: [EntityRegistry.Input] = []
        for d in Int32(0)..<12 {
            // "Corona" alone everywhere, once with a mis-read role, once in a mis-tagged "full name".
            mentions.append(EntityRegistry.Input(document: d, text: "Corona", entityClass: EntityClass(.person), role: d == 3 ? slip : nil))
            mentions.append(input(d, "Corona-Pandemie", "PERpart"))
            // A pope: named alone, with his office in two documents of ten.
            let pope = d < 2 ? RoleFact(role: "Papst") : nil
            mentions.append(EntityRegistry.Input(document: d, text: "Franziskus", entityClass: EntityClass(.person), role: pope))
        }
        mentions.append(input(12, "Corona Maßnahmen"))
        // Named alone in nine documents only: not enough evidence either way, stays a person.
        for d in Int32(0)..<9 { mentions.append(input(d, "Bhakdi")) }
        let registry = EntityRegistry(mentions: mentions, gazetteer: .empty)
        func entity(_ text: String) -> EntityRegistry.Entity {
            registry.entities[Int(registry.assignment[mentions.firstIndex { $0.text == text }!])]
        }
        #expect(entity("Corona").type == .other && entity("Corona").mentionCount == 12 && entity("Corona").roles.isEmpty)
        #expect(entity("Corona-Pandemie").type == .other && entity("Corona-Pandemie").form == .part)
        #expect(entity("Franziskus").type == .person)
        #expect(entity("Bhakdi").type == .person)
        #expect(entity("Corona Maßnahmen").type == .person)
        #expect(EntityRegistry.leadsCompound("Sars-CoV-2-Infektion", of: ["Sars-CoV-2"]))
        #expect(!EntityRegistry.leadsCompound("Coronavirus-Test", of: ["Corona"]) && !EntityRegistry.leadsCompound("Corona", of: ["Corona"]))
        #expect(EntityRegistry.namesOfThings(mentions, keys: mentions.map(\.text), isPerson: mentions.map { $0.entityClass == EntityClass(.person) },
                                             fullNames: [:], counts: [:]) == ["Corona"])
    }

    @Test func otherNamesInTheGenitiveJoinTheName() {
        let registry = EntityRegistry(mentions: [
            input(0, "Robert Koch-Institut", "ORG"), input(1, "Robert Koch-Instituts", "ORG"), input(1, "Hamburgs", "LOC"),
            input(2, "Hamburg", "LOC"), input(2, "Olaf\nScholz"), input(3, "Paris", "LOC"),
        ], gazetteer: .empty)
        let names = registry.assignment.map { registry.entities[Int($0)].name }
        #expect(names == ["Robert Koch-Institut", "Robert Koch-Institut", "Hamburg", "Hamburg", "Olaf Scholz", "Paris"])
        // Aliases are single-spaced like the names.
        #expect(registry.entities[Int(registry.assignment[4])].aliases == ["Olaf Scholz": 1])
    }
}
