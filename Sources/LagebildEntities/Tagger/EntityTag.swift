/// The GermEval 2014 entity scheme: four types, each plain, `-deriv` ("chinesischen") or `-part`
/// ("US-Verteidigungsminister"), tagged BIO over the outer chunks.
public enum EntityType: UInt8, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case person, location, organisation, other

    public var code: String {
        switch self {
        case .person: "PER"
        case .location: "LOC"
        case .organisation: "ORG"
        case .other: "OTH"
        }
    }

    public var description: String { code }

    public init?(code: some StringProtocol) {
        switch code.uppercased() {
        case "PER": self = .person
        case "LOC": self = .location
        case "ORG": self = .organisation
        case "OTH", "MISC": self = .other
        default: return nil
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

public enum EntityForm: UInt8, Sendable, CaseIterable {
    /// The name itself: "China", "Pete Hegseth".
    case plain
    /// A word derived from a name: "chinesischen", "Pekinger".
    case derived
    /// A word that contains a name: "US-Verteidigungsminister", "Pentagon-Chef".
    case part

    public var suffix: String {
        switch self {
        case .plain: ""
        case .derived: "deriv"
        case .part: "part"
        }
    }
}

/// One of the twelve fine classes: a type and a form.
public struct EntityClass: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var type: EntityType
    public var form: EntityForm

    public init(_ type: EntityType, _ form: EntityForm = .plain) {
        self.type = type
        self.form = form
    }

    public static let count = EntityType.allCases.count * EntityForm.allCases.count

    public static let all: [EntityClass] = EntityType.allCases.flatMap { type in
        EntityForm.allCases.map { EntityClass(type, $0) }
    }

    public var index: Int { Int(type.rawValue) * EntityForm.allCases.count + Int(form.rawValue) }

    public init(index: Int) {
        let forms = EntityForm.allCases.count
        self.init(EntityType(rawValue: UInt8(index / forms))!, EntityForm(rawValue: UInt8(index % forms))!)
    }

    /// Parses "PER", "LOCderiv", "ORGpart" (case of the suffix ignored).
    public init?(code: some StringProtocol) {
        let code = String(code)
        guard code.count >= 3, let type = EntityType(code: code.prefix(3)) else { return nil }
        switch code.dropFirst(3).lowercased() {
        case "": self.init(type)
        case "deriv": self.init(type, .derived)
        case "part": self.init(type, .part)
        default: return nil
        }
    }

    public var description: String { type.code + form.suffix }

    public static func < (a: Self, b: Self) -> Bool { a.index < b.index }
}

/// A BIO tag as a small integer: 0 is `O`; class `c` begins with `1 + 2c` and continues with `2 + 2c`.
public struct EntityTag: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8

    public static let count = 1 + 2 * EntityClass.count
    public static let outside = EntityTag(rawValue: 0)

    public init(rawValue: UInt8) {
        precondition(Int(rawValue) < Self.count)
        self.rawValue = rawValue
    }

    public static func begin(_ c: EntityClass) -> Self { Self(rawValue: UInt8(1 + 2 * c.index)) }
    public static func inside(_ c: EntityClass) -> Self { Self(rawValue: UInt8(2 + 2 * c.index)) }

    public var entityClass: EntityClass? {
        rawValue == 0 ? nil : EntityClass(index: (Int(rawValue) - 1) / 2)
    }

    public var isBegin: Bool { rawValue != 0 && rawValue % 2 == 1 }
    public var isInside: Bool { rawValue != 0 && rawValue % 2 == 0 }

    /// Whether this tag may follow `previous`: an `I-X` continues only a chunk of class X.
    public func canFollow(_ previous: EntityTag) -> Bool {
        guard isInside else { return true }
        return previous.rawValue == rawValue || previous.rawValue == rawValue - 1
    }

    /// Parses "O", "B-PER", "I-LOCderiv". Unknown classes give nil.
    public init?(code: some StringProtocol) {
        if code == "O" { self = .outside; return }
        let code = String(code)
        guard code.count > 2, code.dropFirst().first == "-", let c = EntityClass(code: code.dropFirst(2)) else {
            return nil
        }
        switch code.first {
        case "B": self = .begin(c)
        case "I": self = .inside(c)
        default: return nil
        }
    }

    public var description: String {
        guard let c = entityClass else { return "O" }
        return (isBegin ? "B-" : "I-") + c.description
    }
}

/// A chunk of consecutive tokens `[start, end)` with one class.
public struct EntitySpan: Hashable, Sendable {
    public var start: Int
    public var end: Int
    public var entityClass: EntityClass

    public init(start: Int, end: Int, entityClass: EntityClass) {
        self.start = start
        self.end = end
        self.entityClass = entityClass
    }

    /// The chunks of a tag sequence, read the way conlleval reads them: an `I-X` that does not
    /// continue an X chunk starts a new one.
    public static func chunks(_ tags: some Collection<EntityTag>) -> [EntitySpan] {
        var spans: [EntitySpan] = []
        var open: EntitySpan?
        for (i, tag) in tags.enumerated() {
            guard let c = tag.entityClass else {
                if let o = open { spans.append(o); open = nil }
                continue
            }
            if tag.isInside, var o = open, o.entityClass == c {
                o.end = i + 1
                open = o
            } else {
                if let o = open { spans.append(o) }
                open = EntitySpan(start: i, end: i + 1, entityClass: c)
            }
        }
        if let o = open { spans.append(o) }
        return spans
    }
}
