public import LagebildText

// Writing and reading the entity layer for the snapshot file (see `BinaryWriter`).

extension EntityClass {
    func write(to w: inout BinaryWriter) {
        w.write(type.rawValue)
        w.write(form.rawValue)
    }

    init(from r: inout BinaryReader) throws(BinaryReader.Failure) {
        let t: UInt8 = try r.read()
        let f: UInt8 = try r.read()
        guard let type = EntityType(rawValue: t), let form = EntityForm(rawValue: f) else {
            throw BinaryReader.Failure("damaged snapshot: unknown entity class \(t)/\(f)")
        }
        self.init(type, form)
    }
}

extension RoleFact {
    func write(to w: inout BinaryWriter) {
        w.write(role)
        w.write(rank)
        w.write(affiliation)
        w.write(subject)
    }

    init(from r: inout BinaryReader) throws(BinaryReader.Failure) {
        self.init(role: try r.readOptionalString(), rank: try r.readOptionalString(),
                  affiliation: try r.readOptionalString(), subject: try r.readOptionalString())
    }
}

extension EntityMention {
    public func write(to w: inout BinaryWriter) {
        span.write(to: &w)
        entityClass.write(to: &w)
        w.write(sentence)
        w.write(role != nil)
        role?.write(to: &w)
    }

    public init(from r: inout BinaryReader) throws(BinaryReader.Failure) {
        let span = try TextSpan(from: &r)
        let entityClass = try EntityClass(from: &r)
        let sentence: Int32 = try r.read()
        let role = try r.readBool() ? try RoleFact(from: &r) : nil
        self.init(span: span, entityClass: entityClass, sentence: sentence, role: role)
    }
}

extension Quote {
    public func write(to w: inout BinaryWriter) {
        span.write(to: &w)
        w.write(sentence)
        w.write(speaker ?? -1)
    }

    public init(from r: inout BinaryReader) throws(BinaryReader.Failure) {
        let span = try TextSpan(from: &r)
        let sentence: Int32 = try r.read()
        let speaker: Int32 = try r.read()
        self.init(span: span, sentence: sentence, speaker: speaker < 0 ? nil : speaker)
    }
}

extension EntityRegistry {
    public func write(to w: inout BinaryWriter) {
        w.write(entities) { w, e in
            w.write(e.id)
            w.write(e.name)
            EntityClass(e.type, e.form).write(to: &w)
            w.write(e.aliases.sorted { $0.key < $1.key }) { w, alias in
                w.write(alias.key)
                w.write(alias.value)
            }
            w.write(e.mentionCount)
            w.write(e.documents)
            w.write(e.roles.sorted { $0.value.first ?? 0 < $1.value.first ?? 0 }) { w, role in
                role.key.write(to: &w)
                w.write(role.value)
            }
        }
        w.write(assignment.map { Int64($0) })
        w.write(sentenceKeys)
        w.write(sentenceOwners)
        // Per entity its sentence keys (the pairs by entity are derived on reading), as an array of arrays.
        w.write(UInt64(entitySentences.entityCount))
        for id in 0..<entitySentences.entityCount {
            let rows = entitySentences[id]
            w.write(count: rows.count, of: Int64.self) { put in for row in rows { put(sentenceKeys[row]) } }
        }
    }

    public init(from r: inout BinaryReader) throws(BinaryReader.Failure) {
        self.init()
        r.section = "entities"
        entities = try r.readArray { (r: inout BinaryReader) throws(BinaryReader.Failure) -> Entity in
            let id = try r.readInt()
            let name = try r.readString()
            let entityClass = try EntityClass(from: &r)
            var aliases: [String: Int] = [:]
            for (form, count) in try r.readArray({ (r: inout BinaryReader) throws(BinaryReader.Failure) in (try r.readString(), try r.readInt()) }) {
                aliases[form] = count
            }
            let mentionCount = try r.readInt()
            let documents: [Int32] = try r.readArray()
            var roles: [RoleFact: [Int32]] = [:]
            for (fact, documents) in try r.readArray({ (r: inout BinaryReader) throws(BinaryReader.Failure) in
                (try RoleFact(from: &r), try r.readArray(Int32.self))
            }) {
                roles[fact] = documents
            }
            return Entity(id: id, name: name, type: entityClass.type, form: entityClass.form, aliases: aliases,
                          mentionCount: mentionCount, documents: documents, roles: roles)
        }
        try r.check(entities.indices.allSatisfy { entities[$0].id == $0 }, "entity ids are out of order")
        let assigned: [Int64] = try r.readArray()
        let sentences: [Int64] = try r.readArray()
        let owners: [Int32] = try r.readArray()
        try r.check(sentences.count == owners.count && owners.allSatisfy { $0 >= 0 && Int($0) < entities.count }
                    && zip(sentences, sentences.dropFirst()).allSatisfy { $0 <= $1 }
                    && assigned.allSatisfy { $0 >= 0 && $0 < Int64(entities.count) }, "entity sentences do not fit the entities")
        assignment = assigned.map { Int32($0) }
        sentenceKeys = sentences
        sentenceOwners = owners
        // Each entity's sentence keys as written must be those of its pairs.
        let byEntity = PairsByEntity(owners: owners, entities: entities.count)
        var listed = 0, consistent = true
        _ = try r.readArray { (r: inout BinaryReader) throws(BinaryReader.Failure) -> Bool in
            let keys = try r.readArray(Int64.self)
            consistent = consistent && listed < entities.count && keys.elementsEqual(byEntity[listed].lazy.map { sentences[$0] })
            listed += 1
            return consistent
        }
        try r.check(consistent && (listed == entities.count || listed == 0), "entity sentences do not fit the entities")
        entitySentences = byEntity
    }
}
