internal import LagebildText

extension EntityRegistry {
    /// Where a mention sits and what it is, in 32 bits: its sentence (below 16 M) and its class.
    struct SentenceAndClass: Sendable, Equatable {
        private var bits: UInt32 = 0

        var sentence: Int32 {
            get { Int32(bits >> 8) }
            set {
                precondition(newValue >= 0 && newValue < 1 << 24, "a document has fewer than 16 M sentences")
                bits = UInt32(newValue) << 8 | bits & 0xFF
            }
        }

        var entityClass: EntityClass {
            get { EntityClass(index: Int(bits & 0xFF)) }
            set { bits = bits & ~0xFF | UInt32(newValue.index) }
        }
    }

    /// Distinct names by number: the registry's passes work on numbers, and a corpus's mentions hold each
    /// name's bytes once. Names are looked up by their UTF-8 bytes in an open-addressing table of their
    /// own (a `[String: Int32]` hashed every name with SipHash after checking its normalisation, and
    /// compared non-ASCII names through it: 2 % of a load's CPU); the text is NFC, so equal bytes are
    /// what equal names are. (Not a `TermInterner`: that keeps the bytes in an arena of its own, and the
    /// names would be held twice at the end of a load, where its memory peaks.)
    struct NameTable: Sendable {
        private(set) var strings: [String] = []
        /// Per slot: the upper half of the name's hash and its number + 1 (0: an empty slot).
        private var slots: [UInt64] = []
        /// Per name: whether it is one word (no space).
        private(set) var isOneWord: [Bool] = []

        var count: Int { strings.count }

        /// Lets go of what numbering needs (the lookup by name, the one-word flags), keeping the names.
        mutating func dropLookup() {
            slots = []
            isOneWord = []
        }

        /// The name's number, if it has one.
        func id(of name: String) -> Int32? { find(name).id }

        /// The name's number, a new one when it is new (not after `dropLookup`).
        mutating func number(_ name: String) -> Int32 {
            precondition(isOneWord.count == strings.count, "names are numbered before the lookup is dropped")
            if slots.isEmpty { slots = Array(repeating: 0, count: 64) }
            let found = find(name)
            if let id = found.id { return id }
            let id = Int32(strings.count)
            strings.append(name)
            isOneWord.append(!name.utf8.contains(0x20))
            slots[found.slot] = Self.entry(found.hash, id)
            if strings.count * 2 > slots.count { grow() }
            return id
        }

        /// The name's hash, and the slot holding the name or the empty slot where it would go.
        private func find(_ name: String) -> (hash: UInt64, slot: Int, id: Int32?) {
            var name = name
            return name.withUTF8 { bytes in
                let h = Self.hash(bytes)
                let (slot, id) = find(bytes, hash: h)
                return (h, slot, id)
            }
        }

        private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> (slot: Int, id: Int32?) {
            guard !slots.isEmpty else { return (0, nil) }
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: h) & mask
            while true {
                let entry = slots[slot]
                if entry == 0 { return (slot, nil) }
                if entry >> 32 == h >> 32 {
                    let id = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                    let stored = strings[Int(id)].utf8
                    if stored.count == bytes.count,
                        stored.withContiguousStorageIfAvailable({ $0.elementsEqual(bytes) }) ?? stored.elementsEqual(bytes)
                    {
                        return (slot, id)
                    }
                }
                slot = (slot + 1) & mask
            }
        }

        private mutating func grow() {
            slots = Array(repeating: 0, count: slots.count * 2)
            let mask = slots.count - 1
            for id in strings.indices {
                let h = Self.hash(strings[id])
                var slot = Int(truncatingIfNeeded: h) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Self.entry(h, Int32(id))
            }
        }

        @inline(__always)
        private static func entry(_ h: UInt64, _ id: Int32) -> UInt64 { h & 0xFFFF_FFFF_0000_0000 | UInt64(id + 1) }

        @inline(__always)
        private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            FeatureHash.mix(FeatureHash.bytes(bytes, 0..<bytes.count))
        }

        private static func hash(_ name: String) -> UInt64 {
            var name = name
            return name.withUTF8 { hash($0) }
        }
    }

    /// One mention with its names and role as numbers into the tables of its `Mentions`: 20 bytes.
    struct NumberedMention: Sendable {
        var text: Int32
        /// The name it is grouped under (see `prepare`).
        var key: Int32
        /// Into the roles; -1: none.
        var role: Int32
        var document: Int32
        var place: SentenceAndClass

        var entityClass: EntityClass {
            get { place.entityClass }
            set { place.entityClass = newValue }
        }
    }

    /// Prepared mentions as a load holds them until its end: each distinct name and role once, in tables,
    /// and 20 bytes a mention (an `Input` is 48 and holds its own strings). Workers fill one per batch; the
    /// registry builder renumbers each into its corpus-wide tables as it arrives.
    public struct Mentions: Sendable {
        var names = NameTable()
        var roles: [RoleFact] = []
        private var roleIDs: [RoleFact: Int32] = [:]
        var list: [NumberedMention] = []

        public init() {}

        public var count: Int { list.count }
        public var isEmpty: Bool { list.isEmpty }

        /// Appends a prepared input (its key set by `prepare`; an empty key is the text's own).
        public mutating func append(_ input: Input) {
            let text = names.number(input.text)
            list.append(NumberedMention(
                text: text, key: input.key.isEmpty ? text : names.number(input.key), role: input.role.map { number($0) } ?? -1,
                document: input.document, place: input.place))
        }

        /// Adds `offset` to every mention's document (a batch's documents are numbered from 0).
        public mutating func shiftDocuments(by offset: Int32) {
            for k in list.indices { list[k].document += offset }
        }

        /// Drops the growth slack of the list: a load keeps it until its end.
        public mutating func shrink() { list.dropGrowthSlack() }

        mutating func number(_ role: RoleFact) -> Int32 {
            if let id = roleIDs[role] { return id }
            let id = Int32(roles.count)
            roleIDs[role] = id
            roles.append(role)
            return id
        }

        /// `other`'s mentions with their names and roles numbered in this one's tables (which grow as
        /// needed).
        mutating func renumber(_ other: consuming Mentions) -> [NumberedMention] {
            let nameMap = other.names.strings.map { names.number($0) }
            let roleMap = other.roles.map { number($0) }
            var list: [NumberedMention] = []
            swap(&list, &other.list)  // rewritten in place, not copied
            for k in list.indices {
                list[k].text = nameMap[Int(list[k].text)]
                list[k].key = nameMap[Int(list[k].key)]
                if list[k].role >= 0 { list[k].role = roleMap[Int(list[k].role)] }
            }
            return list
        }
    }
}

extension EntityRegistry {
    /// For each entity, the indices of its (sentence, entity) pairs, ascending: compressed rows, one array
    /// for all entities instead of an array of sentence keys each (on FANG-COVID 170,000 arrays, 22 MB
    /// against 7).
    struct PairsByEntity: Sendable {
        private var start: [Int32] = [0]
        private var rows: [Int32] = []

        init() {}

        /// Groups pair indices by their owner (`owners[i]` is pair i's entity, below `entities`).
        init(owners: [Int32], entities: Int) {
            precondition(owners.count < Int(Int32.max), "fewer than 2 G entity pairs")
            start = Array(repeating: 0, count: entities + 1)
            for owner in owners { start[Int(owner) + 1] += 1 }
            for e in 0..<entities { start[e + 1] += start[e] }
            var fill = start
            rows = Array(repeating: 0, count: owners.count)
            for (i, owner) in owners.enumerated() {
                rows[Int(fill[Int(owner)])] = Int32(i)
                fill[Int(owner)] += 1
            }
        }

        var entityCount: Int { start.count - 1 }

        /// Entity `e`'s pair indices.
        subscript(e: Int) -> LazyMapSequence<ArraySlice<Int32>, Int> {
            rows[Int(start[e])..<Int(start[e + 1])].lazy.map { Int($0) }
        }
    }
}
