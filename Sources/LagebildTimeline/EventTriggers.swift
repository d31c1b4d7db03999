import Foundation

/// The words that make a sentence an event candidate, by event type: a data table per language pair
/// (`Resources/triggers.tsv`), so types and forms change without code changes.
public struct EventTriggers: Sendable {
    /// Types in table order: the first type one of a sentence's words matches wins.
    public private(set) var types: [String] = []
    /// Forms by the hash of their bytes (FNV-1a of the lower-cased UTF-8).
    private var exact = FormTable()
    /// Compound heads ("treffen" for "Gipfeltreffen") by the hash of their bytes read backwards
    /// (`backwardHash`: one pass from a word's end gives the hash of each of its endings), and whether a
    /// head has a length, by length in bytes.
    private var heads = FormTable()
    private var isHeadLength: [Bool] = []
    /// The length of the shortest form, in bytes: a shorter word triggers nothing.
    public private(set) var shortest = Int.max
    /// The last four bytes (lower-cased UTF-8) of every form of four bytes or more, with and without a case
    /// ending, as bits of a 64-kilobit filter; and the three bytes of every three-byte form in a second
    /// one (such a form can end a longer word as a compound head). A word whose ending hits no bit is no
    /// trigger, and is not looked up. (Three bytes alone let one word in three through: "-ten", "-gen".)
    private var endings = EndingFilter()
    private var shortEndings = EndingFilter()

    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "triggers.tsv:\(line): \(message)" }
    }

    public init(tsv: String) throws {
        var headForms: [(form: [UInt8], type: Int)] = []
        var forms: [[UInt8]] = []
        var exact: [UInt64: Int] = [:], heads: [UInt64: Int] = [:]
        for (n, line) in tsv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let fields = trimmed.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2 else { throw ParseError(line: n + 1, message: "expected a type, a tab and word forms") }
            let type = types.count
            types.append(String(fields[0]))
            for form in fields[1].split(separator: " ") {
                if form.hasPrefix("~") {
                    let bytes = Array(form.dropFirst().lowercased().utf8)
                    headForms.append((bytes, type))
                    forms.append(bytes)
                } else {
                    let bytes = Array(form.lowercased().utf8)
                    let key = bytes.withUnsafeBufferPointer { Self.hash($0) }
                    if exact[key] == nil { exact[key] = type }
                    forms.append(bytes)
                }
            }
        }
        // The first form of the table winning.
        for head in headForms {
            let key = head.form.withUnsafeBufferPointer { Self.backwardHash($0) }
            if heads[key] == nil { heads[key] = head.type }
        }
        self.exact = FormTable(exact)
        self.heads = FormTable(heads)
        isHeadLength = Array(repeating: false, count: (headForms.map(\.form.count).max() ?? 0) + 1)
        for head in headForms { isHeadLength[head.form.count] = true }
        shortest = forms.map(\.count).min() ?? .max
        for form in forms {
            for ending in [[]] + Self.caseEndings {
                let bytes = form + ending
                if bytes.count >= 4 {
                    endings.insert(bytes.suffix(4).reduce(0) { $0 << 8 | UInt32($1) })
                } else if bytes.count == 3 {
                    shortEndings.insert(bytes.reduce(0) { $0 << 8 | UInt32($1) })
                }
            }
        }
    }

    public static func bundled() throws -> EventTriggers {
        guard let url = Bundle.module.url(forResource: "triggers", withExtension: "tsv") else {
            throw ParseError(line: 0, message: "triggers.tsv not found in the package resources")
        }
        return try EventTriggers(tsv: String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = fnvSeed
        for b in bytes { h = fnv(h, b) }
        return h
    }

    /// The type index a lower-cased word triggers (see `type(ofWord:)`).
    public func type(of word: String) -> Int? {
        Array(word.utf8).withUnsafeBufferPointer { type(ofWord: $0) }
    }

    /// The type index a word triggers, given as its UTF-8 bytes in any case: as a form of its own, or
    /// ending in a compound head (at least three bytes before it); also without a German case ending
    /// ("Gipfels", "Treffens"). Only a word that ends like some form is looked up.
    public func type(ofWord word: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = word.count
        guard n >= 3, n >= shortest else { return nil }
        @inline(__always) func lowered(_ k: Int) -> UInt8 {
            let b = word[k]
            // ASCII capitals; Latin-1 capitals (Ä Ö Ü …) are C3 80–9E, their second byte moves up by 0x20.
            return b >= 0x41 && b <= 0x5A ? b | 0x20 : k > 0 && word[k - 1] == 0xC3 && b >= 0x80 && b <= 0x9E && b != 0x97 ? b + 0x20 : b
        }
        // Most words end like no form: they are turned away on their last bytes alone.
        let last3 = UInt32(lowered(n - 3)) << 16 | UInt32(lowered(n - 2)) << 8 | UInt32(lowered(n - 1))
        guard shortEndings.contains(last3) || n >= 4 && endings.contains(UInt32(lowered(n - 4)) << 24 | last3) else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n) { lower -> Int? in
            for k in 0..<n { lower[k] = lowered(k) }
            let whole = UnsafeBufferPointer(lower)
            if let t = lookUp(whole) { return t }
            // Without each case ending the word has, in the list's order (compared byte by byte: a generic
            // suffix comparison cost more than the lookups).
            for ending in Self.caseEndings where n > ending.count + 3 {
                var k = 1
                while k <= ending.count && whole[n - k] == ending[ending.count - k] { k += 1 }
                if k > ending.count, let t = lookUp(UnsafeBufferPointer(rebasing: whole[..<(n - ending.count)])) { return t }
            }
            return nil
        }
    }

    static let caseEndings: [[UInt8]] = [Array("es".utf8), Array("s".utf8), Array("en".utf8), Array("n".utf8)]

    static let fnvSeed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// One byte of FNV-1a.
    @inline(__always)
    static func fnv(_ h: UInt64, _ byte: UInt8) -> UInt64 { (h ^ UInt64(byte)) &* 0x100_0000_01b3 }

    /// FNV-1a over the bytes from the last to the first.
    @inline(__always)
    static func backwardHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = fnvSeed
        for b in bytes.reversed() { h = fnv(h, b) }
        return h
    }

    /// A form, a word ending in a head with at least three bytes before it (the longest such head), or a
    /// head on its own. The endings are hashed in one pass backwards from the word's end.
    private func lookUp(_ w: UnsafeBufferPointer<UInt8>) -> Int? {
        if let t = exact[Self.hash(w)] { return t }
        let n = w.count, longest = min(n, isHeadLength.count - 1)
        guard longest > 0 else { return nil }
        var h = Self.fnvSeed
        var compound: Int? = nil
        for length in 1...longest {
            h = Self.fnv(h, w[n - length])
            guard isHeadLength[length] else { continue }
            if length == n { return compound ?? heads[h] }
            if length + 3 <= n, let t = heads[h] { compound = t }
        }
        return compound
    }
}

/// A set of word endings (up to four bytes as one number) as bits of a 64-kilobit filter: `contains` may
/// say yes for an ending never inserted, never no for one inserted.
struct EndingFilter: Sendable {
    private var bits = [UInt64](repeating: 0, count: 1024)

    @inline(__always)
    private static func bit(_ ending: UInt32) -> Int { Int(truncatingIfNeeded: (ending &* 0x9E37_79B1) >> 16) }

    mutating func insert(_ ending: UInt32) {
        let b = Self.bit(ending)
        bits[b >> 6] |= 1 << UInt64(b & 63)
    }

    @inline(__always)
    func contains(_ ending: UInt32) -> Bool {
        let b = Self.bit(ending)
        return bits.withUnsafeBufferPointer { $0[b >> 6] } & (1 << UInt64(b & 63)) != 0
    }
}

/// Forms by the FNV-1a hash of their bytes, for the trigger lookups of every word: open addressing over
/// a power-of-two array at most a quarter full, probed from the hash's top bits (the hash is already
/// mixed; `Dictionary` would hash it again), so a lookup is a shift and a probe or two.
struct FormTable: Sendable {
    private var keys: [UInt64] = [0, 0]
    private var types: [Int32] = [0, 0]
    private var shift: UInt64 = 63

    init() {}

    init(_ entries: [UInt64: Int]) {
        var bits: UInt64 = 3
        while 1 << bits < entries.count * 4 { bits += 1 }
        keys = Array(repeating: 0, count: 1 << bits)
        types = Array(repeating: 0, count: 1 << bits)
        shift = 64 - bits
        for (key, type) in entries {
            var i = slot(key)
            while keys[i] != 0 { i = (i + 1) & (keys.count - 1) }
            keys[i] = Self.stored(key)
            types[i] = Int32(type)
        }
    }

    /// Key 0 marks an empty slot.
    @inline(__always)
    private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: Self.stored(key) >> shift) }

    subscript(key: UInt64) -> Int? {
        let wanted = Self.stored(key)
        var i = slot(key)
        return keys.withUnsafeBufferPointer { k in
            while true {
                if k[i] == wanted { return Int(types[i]) }
                if k[i] == 0 { return nil }
                i = (i + 1) & (k.count - 1)
            }
        }
    }
}
