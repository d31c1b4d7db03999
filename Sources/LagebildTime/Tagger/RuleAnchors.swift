import Foundation

/// What any match of a rule's regular expression must contain: each of a few requirements, and a
/// requirement is one of some lower-cased strings ("januar", "jänner", … for a rule built on the month
/// list) or a digit. Found by reading the expression once, so that the rules files need no extra
/// annotation; a rule whose expression gives nothing certain has no anchors and is always run on the
/// whole text.
///
/// The tagger runs a rule only around the places where its rarest requirement is met in the text at
/// hand. This is exact as long as the analysis is conservative: every requirement it reports is one that
/// every match meets.
struct RuleAnchors: Equatable, Sendable {
    /// Every match meets all of these.
    var requirements: [Requirement]

    /// One of some strings occurs in the match (lower-cased), or (when `digit`) a decimal digit does.
    struct Requirement: Hashable, Sendable {
        var strings: [String]
        var digit: Bool
        /// The strings' UTF-8 bytes.
        let bytes: [[UInt8]]
        /// The strings' numbers among all the rules' strings (`TimexRules` gives them), so that a text
        /// searches each string once; empty when not numbered.
        var ids: [Int] = []

        init(strings: some Sequence<String>, digit: Bool = false) {
            self.strings = Array(Set(strings)).sorted()
            self.digit = digit
            bytes = self.strings.map { Array($0.utf8) }
        }

        static func == (a: Requirement, b: Requirement) -> Bool { a.strings == b.strings && a.digit == b.digit }
        func hash(into hasher: inout Hasher) {
            hasher.combine(strings)
            hasher.combine(digit)
        }

        /// How selective the requirement looks before any text is seen: its shortest string's length
        /// (a digit counts as 1), less for many alternatives.
        var strength: Int {
            let shortest = min(strings.map(\.count).min() ?? 1, digit ? 1 : .max)
            return shortest * 4 - min(3, strings.count / 8)
        }

        func union(_ other: Requirement) -> Requirement {
            Requirement(strings: strings + other.strings, digit: digit || other.digit)
        }
    }

    /// Numbers every string of the requirements, the same string the same number across rules.
    mutating func number(_ numbers: inout [[UInt8]: Int]) {
        for r in requirements.indices {
            requirements[r].ids = requirements[r].bytes.map { bytes in
                if let known = numbers[bytes] { return known }
                numbers[bytes] = numbers.count
                return numbers.count - 1
            }
        }
    }

    /// Anchors of an ICU pattern (matched case-insensitively), or nil when nothing is certain.
    static func of(pattern: String) -> RuleAnchors? {
        var reader = Reader(Array(pattern))
        let requirements = reader.alternation()
        guard reader.atEnd, !requirements.isEmpty, !requirements.contains(where: { $0.strings.contains("") }) else { return nil }
        return RuleAnchors(requirements: requirements)
    }

    /// A recursive-descent reader of the ICU syntax the rules files use: alternation, groups (plain,
    /// named, non-capturing, look-arounds), classes, escapes, quantifiers.
    struct Reader {
        let chars: [Character]
        var i = 0

        init(_ chars: [Character]) { self.chars = chars }

        var atEnd: Bool { i >= chars.count }

        /// `a|b|…`: one branch's requirements; for several, the union of each branch's strongest (none
        /// when a branch has none).
        mutating func alternation() -> [Requirement] {
            var branches = [sequence()]
            while i < chars.count && chars[i] == "|" {
                i += 1
                branches.append(sequence())
            }
            if branches.count == 1 { return branches[0] }
            var union: Requirement? = nil
            for branch in branches {
                guard let strongest = branch.max(by: { $0.strength < $1.strength }) else { return [] }
                union = union.map { $0.union(strongest) } ?? strongest
            }
            return union.map { [$0] } ?? []
        }

        /// A sequence: literal runs become strings; every element's requirements hold for the sequence.
        mutating func sequence() -> [Requirement] {
            var all: [Requirement] = []
            var run = ""
            func flush() {
                if !run.isEmpty, !all.contains(Requirement(strings: [run])) { all.append(Requirement(strings: [run])) }
                run = ""
            }
            while i < chars.count && chars[i] != "|" && chars[i] != ")" {
                let element = atom()
                let (minimum, quantified) = quantifier()
                switch element {
                case .literal(let c):
                    if !quantified {
                        run.append(contentsOf: String(c).lowercased())
                    } else {
                        if minimum > 0 { run.append(contentsOf: String(c).lowercased()) }
                        flush()
                    }
                case .requirements(let r):
                    flush()
                    if minimum > 0 { for one in r where !all.contains(one) { all.append(one) } }
                case .zeroWidth:
                    // \b, ^, $, negative look-arounds: they consume nothing, so a literal run goes on across them.
                    break
                case .other:
                    flush()
                }
            }
            flush()
            return all
        }

        enum Atom {
            case literal(Character)
            case requirements([Requirement])
            case zeroWidth
            case other
        }

        mutating func atom() -> Atom {
            let c = chars[i]
            i += 1
            switch c {
            case "(":
                var lookaround = false, negative = false
                if i < chars.count && chars[i] == "?" {
                    i += 1
                    if i < chars.count && (chars[i] == "=" || chars[i] == "!") {
                        lookaround = true
                        negative = chars[i] == "!"
                        i += 1
                    } else if i + 1 < chars.count && chars[i] == "<" && (chars[i + 1] == "=" || chars[i + 1] == "!") {
                        lookaround = true
                        negative = chars[i + 1] == "!"
                        i += 2
                    } else if i < chars.count && chars[i] == "<" {
                        while i < chars.count && chars[i] != ">" { i += 1 }
                        i += 1
                    } else if i < chars.count && chars[i] == ":" {
                        i += 1
                    } else {
                        // Flags or other group kinds: read the group, promise nothing.
                        _ = alternation()
                        if i < chars.count { i += 1 }
                        return .other
                    }
                }
                let inner = alternation()
                if i < chars.count { i += 1 } // ")"
                // A negative look-around promises nothing. A positive one consumes nothing, but what it
                // looks for is in the text next to the match: its requirements hold for the text and lie
                // within a match's reach of it (a clock time "\\d{1,2}(?=… uhr)" needs an "uhr").
                if lookaround && negative { return .zeroWidth }
                return .requirements(inner)
            case "[":
                if i < chars.count && chars[i] == "^" { i += 1 }
                if i < chars.count && chars[i] == "]" { i += 1 }
                while i < chars.count && chars[i] != "]" {
                    if chars[i] == "\\" { i += 1 }
                    i += 1
                }
                i += 1
                return .other
            case "\\":
                guard i < chars.count else { return .other }
                let e = chars[i]
                i += 1
                switch e {
                case "d": return .requirements([Requirement(strings: [], digit: true)])
                case "b", "B", "A", "z", "Z", "G": return .zeroWidth
                case "s", "S", "w", "W", "D", "p", "P", "n", "t", "r", "h", "H", "v", "V", "X", "R":
                    if (e == "p" || e == "P") && i < chars.count && chars[i] == "{" {
                        while i < chars.count && chars[i] != "}" { i += 1 }
                        i += 1
                    }
                    return .other
                default:
                    return e.isLetter || e.isNumber ? .other : .literal(e)
                }
            case "^", "$":
                return .zeroWidth
            case ".":
                return .other
            default:
                return .literal(c)
            }
        }

        /// A quantifier after an atom: its minimum count, and whether there was one.
        mutating func quantifier() -> (minimum: Int, quantified: Bool) {
            guard i < chars.count else { return (1, false) }
            var minimum = 1
            switch chars[i] {
            case "?", "*":
                minimum = 0
                i += 1
            case "+":
                i += 1
            case "{":
                var j = i + 1, digits = ""
                while j < chars.count && chars[j].isNumber {
                    digits.append(chars[j])
                    j += 1
                }
                guard !digits.isEmpty, j < chars.count, chars[j] == "," || chars[j] == "}" else { return (1, false) }
                while j < chars.count && chars[j] != "}" { j += 1 }
                i = j + 1
                minimum = Int(digits) ?? 0
            default:
                return (1, false)
            }
            if i < chars.count && (chars[i] == "?" || chars[i] == "+") { i += 1 }
            return (minimum, true)
        }
    }
}

/// The rules' requirements as flat numbers, to tell in one quick pass over a text's found strings which
/// rules can match it at all: a rule can only when each of its requirements is met (one of its strings
/// occurs, or it accepts a digit and the text has one). A rule without anchors, and a requirement with a
/// string that has no number, always pass. Most rules fail on a sentence, and this test costs a few
/// array reads, where gathering windows for them cost more than matching the rest.
struct AnchorGate: Sendable {
    /// Rule `r`'s requirements are `ruleStarts[r] ..< ruleStarts[r + 1]`.
    private var ruleStarts: [Int32] = [0]
    /// Requirement `q`'s string numbers are `ids[idStarts[q] ..< idStarts[q + 1]]`.
    private var idStarts: [Int32] = [0]
    private var ids: [Int32] = []
    /// Per requirement: met by a digit; met whatever the text (a string without a number).
    private var digit: [Bool] = []
    private var always: [Bool] = []

    /// Adds the next rule's anchors (numbered; nil for none).
    mutating func append(_ anchors: RuleAnchors?) {
        for requirement in anchors?.requirements ?? [] {
            ids += requirement.ids.map { Int32($0) }
            idStarts.append(Int32(ids.count))
            digit.append(requirement.digit)
            always.append(requirement.ids.count != requirement.bytes.count)
        }
        ruleStarts.append(Int32(digit.count))
    }

    /// Whether rule `r` can match a text in which the numbered strings `present` occur (and a digit,
    /// when `hasDigits`).
    @inline(__always)
    func passes(_ r: Int, present: UnsafeBufferPointer<Bool>, hasDigits: Bool) -> Bool {
        ruleStarts.withUnsafeBufferPointer { rules in
            idStarts.withUnsafeBufferPointer { starts in
                ids.withUnsafeBufferPointer { ids in
                    for q in Int(rules[r])..<Int(rules[r + 1]) {
                        if always[q] || digit[q] && hasDigits { continue }
                        var met = false
                        for k in Int(starts[q])..<Int(starts[q + 1]) {
                            let id = Int(ids[k])
                            if id >= present.count || present[id] { met = true; break }
                        }
                        if !met { return false }
                    }
                    return true
                }
            }
        }
    }
}

/// The rules' anchor strings (lower-cased UTF-8), numbered, indexed by their first two bytes so that
/// one pass over a text finds every occurrence of every string.
struct AnchorStrings: Sendable {
    let count: Int
    /// The strings' bytes one after another: string k is `bytes[starts[k] ..< starts[k + 1]]`.
    private let bytes: [UInt8]
    private let starts: [Int32]
    /// `heads[key] ..< heads[key + 1]`: the entries of strings starting with the two bytes `key`
    /// (first byte low). Strings of one byte: `singleHeads[b] ..< singleHeads[b + 1]` of `singles`.
    private let heads: [Int32]
    private let entries: [Int32]
    private let singleHeads: [Int32]
    private let singles: [Int32]
    /// Bit `key`: some string starts with the two bytes `key`. Most places of a text start none, and
    /// these 8 kilobytes answer that from the first-level cache (the 256-kilobyte `heads` would not).
    private let pairs: [UInt64]

    /// No strings (its tables are built once: they are 256 kilobytes).
    static let empty = AnchorStrings([])

    init(_ strings: [[UInt8]]) {
        count = strings.count
        var byKey = Array(repeating: [Int32](), count: 1 << 16)
        var byByte = Array(repeating: [Int32](), count: 256)
        var pairs = [UInt64](repeating: 0, count: (1 << 16) / 64)
        var bytes: [UInt8] = [], starts: [Int32] = [0]
        for (id, string) in strings.enumerated() {
            bytes += string
            starts.append(Int32(bytes.count))
            if string.count == 1 { byByte[Int(string[0])].append(Int32(id)) }
            if string.count >= 2 {
                let key = Int(string[0]) | Int(string[1]) << 8
                byKey[key].append(Int32(id))
                pairs[key >> 6] |= 1 << UInt64(key & 63)
            }
        }
        func flatten(_ lists: [[Int32]]) -> (heads: [Int32], entries: [Int32]) {
            var heads: [Int32] = [0], entries: [Int32] = []
            heads.reserveCapacity(lists.count + 1)
            for list in lists {
                entries += list
                heads.append(Int32(entries.count))
            }
            return (heads, entries)
        }
        (heads, entries) = flatten(byKey)
        (singleHeads, singles) = flatten(byByte)
        self.bytes = bytes
        self.starts = starts
        self.pairs = pairs
    }

    /// Every occurrence of every string in `text` (byte offsets), by string number.
    func occurrences(in text: UnsafeBufferPointer<UInt8>, visit: (_ id: Int, _ start: Int, _ end: Int) -> Void) {
        let n = text.count
        guard n > 0, count > 0 else { return }
        pairs.withUnsafeBufferPointer { pairs in
            heads.withUnsafeBufferPointer { heads in
                entries.withUnsafeBufferPointer { entries in
                    bytes.withUnsafeBufferPointer { bytes in
                        starts.withUnsafeBufferPointer { starts in
                            singleHeads.withUnsafeBufferPointer { singleHeads in
                                for i in 0..<n {
                                    let b = Int(text[i])
                                    for e in Int(singleHeads[b])..<Int(singleHeads[b + 1]) { visit(Int(singles[e]), i, i + 1) }
                                    guard i + 1 < n else { break }
                                    let key = b | Int(text[i + 1]) << 8
                                    guard pairs[key >> 6] >> UInt64(key & 63) & 1 != 0 else { continue }
                                    for e in Int(heads[key])..<Int(heads[key + 1]) {
                                        let id = Int(entries[e])
                                        let from = Int(starts[id]), length = Int(starts[id + 1]) - from
                                        guard i + length <= n else { continue }
                                        var j = 2
                                        while j < length && text[i + j] == bytes[from + j] { j += 1 }
                                        if j == length { visit(id, i, i + length) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A text lower-cased once, for anchor searches and for the rules' matcher (`ByteRegex`), with the
/// offset in the original UTF-8 of every lower-cased byte's character, and where its digits are.
/// Offsets are in the lower-cased bytes unless said otherwise.
final class LoweredText {
    // Everything but `found` is set once, in `init`: `let`s, which a class reads without the run-time
    // exclusivity checks its `var`s need (they cost more than the reads in the tagger's loops).
    let bytes: [UInt8]
    /// `origin[k]`: where the character lower-cased byte `k` came from starts in the original text's
    /// UTF-8; one more entry for the end.
    let origin: [Int32]
    /// The first byte of every run of decimal digits.
    let digitRuns: [Int32]
    /// Every occurrence of a numbered string, found in one pass at the first need: string, start, end.
    private var hits: [(id: Int32, start: Int32, end: Int32)] = []
    private var present: [Bool] = []
    /// `hits` grouped by string, at the first need: string k's are `byString[firstOf[k] ..< firstOf[k + 1]]`.
    private var firstOf: [Int32] = []
    private var byString: [(Int, Int)] = []
    private let strings: AnchorStrings
    /// The original text's UTF-8 bytes.
    let original: [UInt8]

    /// `strings`: the strings the rules number (see `RuleAnchors.number`).
    init(_ text: String, strings: AnchorStrings = .empty) {
        self.strings = strings
        let original = Array(text.utf8)
        let n = original.count
        var bytes: [UInt8] = [], origin: [Int32] = [], digitRuns: [Int32] = []
        bytes.reserveCapacity(n)
        origin.reserveCapacity(n + 1)
        var inDigits = false
        var i = 0
        original.withUnsafeBufferPointer { p in
            while i < n {
                let b = p[i]
                if b < 0x80 {
                    // ASCII: one byte.
                    let digit = b >= 0x30 && b <= 0x39
                    if digit && !inDigits { digitRuns.append(Int32(bytes.count)) }
                    inDigits = digit
                    bytes.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                    origin.append(Int32(i))
                    i += 1
                    continue
                }
                // (A String's bytes are valid UTF-8: `decode` fails on none of them.)
                let (scalar, length) = Unicode.decode(p, at: i) ?? ("\u{FFFD}", 1)
                let digit = scalar.properties.numericType == .decimal
                if digit && !inDigits { digitRuns.append(Int32(bytes.count)) }
                inDigits = digit
                let start = bytes.count
                if scalar.properties.changesWhenLowercased {
                    bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
                } else {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<min(n, i + length)]))
                }
                for _ in start..<bytes.count { origin.append(Int32(i)) }
                i += length
            }
        }
        origin.append(Int32(n))
        self.original = original
        self.bytes = bytes
        self.origin = origin
        self.digitRuns = digitRuns
    }

    /// A range of the lower-cased bytes as a range of the original's.
    func originalRange(_ range: Range<Int>) -> Range<Int> {
        Int(origin[range.lowerBound])..<Int(origin[range.upperBound])
    }

    /// The length in UTF-16 units of the original text a range comes from (the measure ICU's matches
    /// had, for choosing the longest).
    func utf16Length(_ range: Range<Int>) -> Int {
        var units = 0
        for b in original[originalRange(range)] where b & 0xC0 != 0x80 { units += b >= 0xF0 ? 2 : 1 }
        return units
    }

    /// The ranges within `margin` bytes of the places where the rule's rarest requirement is met here,
    /// overlapping ones merged, in text order, cut at characters; none when a requirement is not met.
    func windows(around anchors: RuleAnchors, margin: Int) -> [Range<Int>] {
        // (The tagger asks `AnchorGate` first whether a requirement is unmet; here an unmet one simply
        // gathers no places.)
        var hits: [(Int, Int)]? = nil
        for requirement in anchors.requirements {
            let these = occurrences(of: requirement)
            if these.count < (hits?.count ?? .max) { hits = these }
            if these.isEmpty { return [] }
        }
        guard var hits, !hits.isEmpty else { return [] }
        hits.sort { $0.0 < $1.0 }
        let n = bytes.count
        func window(_ start: Int, _ end: Int) -> (Int, Int) {
            var lo = max(0, start - margin), hi = min(n, end + margin)
            while lo > 0 && bytes[lo] & 0xC0 == 0x80 { lo -= 1 }
            while hi < n && bytes[hi] & 0xC0 == 0x80 { hi += 1 }
            return (lo, hi)
        }
        var out: [Range<Int>] = []
        var (lo, hi) = window(hits[0].0, hits[0].1)
        for (start, end) in hits.dropFirst() {
            let (a, b) = window(start, end)
            if a <= hi {
                hi = max(hi, b)
            } else {
                out.append(lo..<hi)
                (lo, hi) = (a, b)
            }
        }
        out.append(lo..<hi)
        return out
    }

    /// Where a requirement is met (unordered).
    func occurrences(of requirement: RuleAnchors.Requirement) -> [(Int, Int)] {
        var hits: [(Int, Int)] = []
        if requirement.digit {
            for start in digitRuns { hits.append((Int(start), Int(start) + 1)) }
        }
        group()
        for (k, needle) in requirement.bytes.enumerated() {
            if k < requirement.ids.count, requirement.ids[k] + 1 < firstOf.count {
                let id = requirement.ids[k]
                hits += byString[Int(firstOf[id])..<Int(firstOf[id + 1])]
            } else {
                hits += occurrences(of: needle)
            }
        }
        return hits
    }

    /// Per numbered string, whether it occurs in the text.
    func presentStrings() -> [Bool] {
        findAll()
        return present
    }

    var hasDigits: Bool { !digitRuns.isEmpty }

    /// Finds every anchor string's occurrences, once.
    private func findAll() {
        guard present.isEmpty else { return }
        var present = [Bool](repeating: false, count: strings.count)
        var hits: [(id: Int32, start: Int32, end: Int32)] = []
        bytes.withUnsafeBufferPointer { p in
            strings.occurrences(in: p) { id, start, end in
                present[id] = true
                hits.append((Int32(id), Int32(start), Int32(end)))
            }
        }
        self.present = present
        self.hits = hits
    }

    /// Groups the occurrences by string (a counting sort), once.
    private func group() {
        findAll()
        guard firstOf.isEmpty else { return }
        var firstOf = [Int32](repeating: 0, count: strings.count + 1)
        for hit in hits { firstOf[Int(hit.id) + 1] += 1 }
        for k in 0..<strings.count { firstOf[k + 1] += firstOf[k] }
        var fill = firstOf
        var byString = [(Int, Int)](repeating: (0, 0), count: hits.count)
        for hit in hits {
            byString[Int(fill[Int(hit.id)])] = (Int(hit.start), Int(hit.end))
            fill[Int(hit.id)] += 1
        }
        self.firstOf = firstOf
        self.byString = byString
    }

    func occurrences(of needle: [UInt8]) -> [(Int, Int)] {
        var hits: [(Int, Int)] = []
        bytes.withUnsafeBufferPointer { haystack in
            var from = 0
            while let k = Self.find(needle, in: haystack, from: from) {
                hits.append((k, k + needle.count))
                from = k + 1
            }
        }
        return hits
    }

    /// The first occurrence of `needle` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard !needle.isEmpty, from + needle.count <= haystack.count else { return nil }
        let base = haystack.baseAddress!
        let first = Int32(needle[0]), last = haystack.count - needle.count
        var k = from
        while k <= last {
            guard let hit = memchr(base + k, first, last - k + 1) else { return nil }
            k = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var j = 1
            while j < needle.count && base[k + j] == needle[j] { j += 1 }
            if j == needle.count { return k }
            k += 1
        }
        return nil
    }
}
