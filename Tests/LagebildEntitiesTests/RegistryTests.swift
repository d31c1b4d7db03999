import Testing
@testable import LagebildEntities

@Suite struct RegistryTests {
    func input(_ document: Int32, _ text: String, _ code: String = "PER") -> EntityRegistry.Input {
        EntityRegistry.Input(document: document, text: text, entityClass: EntityClass(code: code)!)
    }

    /// A corpus holds one of each per mention while it loads: their size is the load's memory.
    @Test func perMentionRecordsStaySmall() {
        #expect(MemoryLayout<RoleFact?>.stride == 8)
        #expect(MemoryLayout<EntityMention>.stride <= 24)
        #expect(MemoryLayout<EntityRegistry.Input>.stride <= 64)
        // The boxed role fact still reads and compares by its fields.
        var fact = RoleFact(role: "Verteidigungsminister", affiliation: "China")
        let copy = fact
        fact.rank = "Admiral"
        #expect(copy.rank == nil && fact.rank == "Admiral" && fact.affiliation == "China")
        #expect(fact != copy && RoleFact(role: "Verteidigungsminister", affiliation: "China") == copy)
        #expect(Set([copy, RoleFact(role: "Verteidigungsminister", affiliation: "China")]).count == 1)
    }

    @Test func shortNamesJoinTheFullNameInTheirDocumentAndAcrossTheCorpus() throws {
        let registry = EntityRegistry(mentions: [
            input(0, "Pete Hegseth"), input(0, "Hegseth"), input(1, "Hegseth"),
            input(0, "Dong Jun"), input(2, "Dong"), input(1, "Xi"), input(3, "Xi Jinping"),
        ], gazetteer: .empty)
        let names = registry.assignment.map { registry.entities[$0].name }
        #expect(names == ["Pete Hegseth", "Pete Hegseth", "Pete Hegseth", "Dong Jun", "Dong Jun", "Xi Jinping", "Xi Jinping"])
        let hegseth = registry.entities[registry.assignment[0]]
        #expect(hegseth.mentionCount == 3)
        #expect(hegseth.documents == [0, 1])
        #expect(hegseth.aliases == ["Pete Hegseth": 1, "Hegseth": 2])
    }

    @Test func anAmbiguousSurnameIsNotMerged() {
        let registry = EntityRegistry(mentions: [
            input(0, "Olaf Scholz"), input(1, "Anna Scholz"), input(2, "Scholz"), input(0, "Scholz"),
        ], gazetteer: .empty)
        let names = registry.assignment.map { registry.entities[$0].name }
        // In document 0 Scholz is Olaf Scholz; in document 2 it could be either, so it stays apart.
        #expect(names == ["Olaf Scholz", "Anna Scholz", "Scholz", "Olaf Scholz"])
    }

    @Test func placesAndOrganisationsUseTheGazetteersCanonicalName() throws {
        let gazetteer = try CuratedGazetteer.bundled()
        let registry = EntityRegistry(mentions: [
            input(0, "Chinas", "LOC"), input(1, "China", "LOC"), input(1, "chinesischen", "LOCderiv"),
            input(2, "Nato", "ORG"), input(2, "NATO", "ORG"), input(3, "US-Verteidigungsminister", "LOCpart"),
        ], gazetteer: gazetteer)
        let names = registry.assignment.map { "\(registry.entities[$0].name)/\(registry.entities[$0].form)" }
        #expect(names == ["China/plain", "China/plain", "China/derived", "NATO/plain", "NATO/plain", "USA/part"])
        #expect(registry.ranked(type: .location).first?.mentionCount == 2)
        #expect(registry.ranked(type: .organisation).map(\.name) == ["NATO"])
    }
}
