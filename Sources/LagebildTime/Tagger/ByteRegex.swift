/// A regular expression matched on lower-cased UTF-8 bytes: the temporal rules' matcher.
///
/// It reads the part of ICU's syntax the rules files use — literals, `.`, classes (`[…]`, `\d`, `\s`,
/// `\w` and their negations), `\b` and `\B`, groups (plain, non-capturing, named `(?<name>…)`),
/// look-ahead and bounded look-behind (`(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`), alternation, and the
/// greedy and lazy quantifiers `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}` — and matches with ICU's
/// semantics: backtracking, alternatives in order, the leftmost match, `\b` as ICU's default boundary
/// between word and non-word characters (combining marks and format characters such as the soft hyphen
/// are transparent), `\s` as Unicode's White_Space, `\d` as `\p{Nd}`, look-arounds seeing past the region
/// searched and never backtracked into.
///
/// Case: the text is lower-cased before matching (`LoweredText`) and the pattern's letters are
/// lower-cased here, which for the rules equals ICU's case-insensitive matching (ICU's full case
/// folding would also match "ß" against "ss"; no rule relies on that).
///
/// Why not `NSRegularExpression`: a rule was run on a bridged UTF-16 copy of the window around each
/// anchor, case-folding as it went, and the temporal tagger cost a tenth of a whole load. Here a rule
/// runs on the bytes in place, skips start positions by the bytes a match can begin with, and a list of
/// words (`@month`) is one trie step instead of dozens of alternatives tried in turn.
struct ByteRegex: Sendable {
    /// One step of the backtracking program.
    enum Op: Sendable {
        /// The bytes `literals[start ..< start + count]`.
        case bytes(start: Int32, count: Int32)
        /// One character of class `k`.
        case scalarClass(Int32)
        /// One of word list `k`'s words, the longest first (the alternatives of a literal alternation,
        /// in ICU's order when they are sorted longest first, as `@list`s are; see `WordTrie`).
        case words(Int32)
        /// Goes on at `first`; on failure, at `second`.
        case split(first: Int32, second: Int32)
        case jump(Int32)
        /// Slot `k` takes the position (group starts and ends; loop entries).
        case save(Int32)
        /// Fails unless the position moved since slot `k` was saved (a loop whose body matched nothing).
        case progressed(Int32)
        /// `\b` (true) or `\B` (false).
        case boundary(Bool)
        /// Look-around `k`.
        case look(Int32)
        case succeed
    }

    struct LookAround: Sendable {
        var ahead: Bool
        var negative: Bool
        /// Where its program starts.
        var start: Int32
        /// For a look-behind: the lengths in bytes what it matches can have.
        var minimum: Int
        var maximum: Int
    }

    struct ParseError: Error, CustomStringConvertible {
        var message: String
        var offset: Int
        var description: String { "\(message) at character \(offset + 1)" }
    }

    let pattern: String
    private(set) var program: [Op] = []
    private(set) var literals: [UInt8] = []
    private(set) var classes: [ScalarClass] = []
    private(set) var wordLists: [WordTrie] = []
    private(set) var looks: [LookAround] = []
    /// Named groups' numbers: group k spans slots 2k and 2k + 1.
    private(set) var groupNames: [String: Int] = [:]
    private(set) var slotCount = 0
    /// The bytes a match can start with (nil: any, when a match can be empty or start anywhere).
    private(set) var firstBytes: ByteSet256?

    init(_ pattern: String) throws(ParseError) {
        self.pattern = pattern
        var parser = Parser(Array(pattern.unicodeScalars))
        let tree = try parser.parse()
        groupNames = parser.groupNames
        slotCount = parser.groupNames.count * 2
        var compiler = Compiler()
        compiler.slotCount = slotCount
        compiler.emit(tree)
        compiler.program.append(.succeed)
        try compiler.emitPendingLooks()
        program = compiler.program
        literals = compiler.literals
        classes = compiler.classes
        wordLists = compiler.wordLists
        looks = compiler.looks
        slotCount = compiler.slotCount
        firstBytes = compiler.firstBytes(of: tree)
    }

    /// A match: its byte range, and the slots (`-1`: the group took no part).
    struct Match: Equatable {
        var range: Range<Int>
        var slots: [Int32]
    }

    func group(_ name: String, of match: Match) -> Range<Int>? {
        guard let k = groupNames[name] else { return nil }
        let lo = match.slots[2 * k], hi = match.slots[2 * k + 1]
        return lo >= 0 && hi >= lo ? Int(lo)..<Int(hi) : nil
    }

    /// The matches starting in `region` and lying in it, one after the other as ICU's `matches(in:range:)`
    /// finds them; look-arounds and `\b` see the whole text.
    func matches(in text: UnsafeBufferPointer<UInt8>, region: Range<Int>, scratch: inout Scratch) -> [Match] {
        var out: [Match] = []
        var start = region.lowerBound
        let end = region.upperBound
        scratch.prepare(slots: slotCount)
        withTables { tables in
            var run = Run(tables: tables, text: text, scratch: Scratch())
            swap(&run.scratch, &scratch)
            defer { swap(&run.scratch, &scratch) }
            while start <= end {
                if let first = firstBytes {
                    while start < end, !first.contains(text[start]) { start += 1 }
                    if start == end { break }
                } else if start < text.count, UTF8.isContinuation(text[start]) {
                    start += 1
                    continue
                }
                run.resetSlots()
                if let stop = run.run(0, start, limit: end, mustEnd: nil) {
                    out.append(Match(range: start..<stop, slots: run.scratch.slots))
                    run.scratch.stack.removeAll(keepingCapacity: true)
                    start = stop > start ? stop : start + 1
                } else {
                    start += 1
                }
            }
        }
        return out
    }

    /// The matcher's working memory, kept between calls.
    struct Scratch {
        var stack: [Entry] = []
        var slots: [Int32] = []

        init() {}

        mutating func prepare(slots count: Int) {
            if slots.count != count { slots = Array(repeating: -1, count: count) }
            stack.removeAll(keepingCapacity: true)
        }
    }

    /// A choice to come back to (`pc >= 0`: go on at `pc`, position `value`) or a slot to restore
    /// (`pc = -1 - slot`, its old value `value`).
    struct Entry {
        var pc: Int32
        var value: Int32
    }
}

// MARK: - Running

extension ByteRegex {
    /// The compiled tables, borrowed for one search (read in place, never copied or retained per step).
    fileprivate struct Tables {
        let program: UnsafeBufferPointer<Op>
        let literals: UnsafeBufferPointer<UInt8>
        let classes: UnsafeBufferPointer<ScalarClass>
        let wordLists: UnsafeBufferPointer<WordTrie>
        let looks: UnsafeBufferPointer<LookAround>
    }

    fileprivate func withTables<R>(_ body: (Tables) -> R) -> R {
        program.withUnsafeBufferPointer { program in
            literals.withUnsafeBufferPointer { literals in
                classes.withUnsafeBufferPointer { classes in
                    wordLists.withUnsafeBufferPointer { wordLists in
                        looks.withUnsafeBufferPointer { looks in
                            body(Tables(program: program, literals: literals, classes: classes, wordLists: wordLists, looks: looks))
                        }
                    }
                }
            }
        }
    }

    /// One search's state: the tables, the text, the backtracking stack and the slots.
    fileprivate struct Run {
        let tables: Tables
        let text: UnsafeBufferPointer<UInt8>
        var scratch: Scratch

        mutating func resetSlots() {
            for k in scratch.slots.indices { scratch.slots[k] = -1 }
        }

        /// Runs the program from `pc` at `position`, consuming no byte at or after `limit`; with
        /// `mustEnd`, a match must end there. Returns where the match ends, leaving the entries it
        /// pushed on the stack (the caller keeps or drops them); nil with the stack and slots as they were.
        mutating func run(_ pc: Int32, _ position: Int, limit: Int, mustEnd: Int?) -> Int? {
            let base = scratch.stack.count
            let program = tables.program
            var pc = Int(pc), pos = position
            while true {
                var ok = true
                switch program[pc] {
                case .bytes(let start, let count):
                    let n = Int(count)
                    if pos + n <= limit {
                        var k = 0
                        let literal = tables.literals.baseAddress! + Int(start)
                        while k < n && text[pos + k] == literal[k] { k += 1 }
                        ok = k == n
                    } else {
                        ok = false
                    }
                    if ok { pos += n; pc += 1 }
                case .scalarClass(let k):
                    if pos < limit, let (scalar, length) = Unicode.decode(text, at: pos), pos + length <= limit,
                       tables.classes[Int(k)].contains(scalar) {
                        pos += length
                        pc += 1
                    } else {
                        ok = false
                    }
                case .words(let k):
                    // Every word found is a choice (shortest first, so the next longest is on top); the
                    // longest is taken now.
                    let mark = scratch.stack.count
                    tables.wordLists[Int(k)].push(text, at: pos, limit: limit, then: Int32(pc + 1), onto: &scratch.stack)
                    if scratch.stack.count > mark {
                        pos = Int(scratch.stack.removeLast().value)
                        pc += 1
                    } else {
                        ok = false
                    }
                case .split(let first, let second):
                    scratch.stack.append(Entry(pc: second, value: Int32(pos)))
                    pc = Int(first)
                case .jump(let to):
                    pc = Int(to)
                case .save(let k):
                    scratch.stack.append(Entry(pc: -1 - k, value: scratch.slots[Int(k)]))
                    scratch.slots[Int(k)] = Int32(pos)
                    pc += 1
                case .progressed(let k):
                    ok = Int(scratch.slots[Int(k)]) != pos
                    if ok { pc += 1 }
                case .boundary(let wanted):
                    ok = Unicode.isWordBoundary(text, at: pos) == wanted
                    if ok { pc += 1 }
                case .look(let k):
                    ok = look(tables.looks[Int(k)], at: pos)
                    if ok { pc += 1 }
                case .succeed:
                    if let mustEnd, pos != mustEnd {
                        ok = false
                    } else {
                        return pos
                    }
                }
                if ok { continue }
                // Back to the last choice, restoring slots on the way; none left: no match here.
                var resumed = false
                while scratch.stack.count > base {
                    let entry = scratch.stack.removeLast()
                    if entry.pc < 0 {
                        scratch.slots[Int(-1 - entry.pc)] = entry.value
                    } else {
                        pc = Int(entry.pc)
                        pos = Int(entry.value)
                        resumed = true
                        break
                    }
                }
                if !resumed { return nil }
            }
        }

        /// Whether look-around `l` holds at `pos`. A positive one that holds keeps what its groups
        /// captured (undone when the match backtracks past it), but none of its choices: ICU never
        /// backtracks into a look-around either.
        mutating func look(_ l: LookAround, at pos: Int) -> Bool {
            let mark = scratch.stack.count
            var held = false
            if l.ahead {
                held = run(l.start, pos, limit: text.count, mustEnd: nil) != nil
            } else {
                var start = max(0, pos - l.maximum)
                while start <= pos - l.minimum {
                    if start == text.count || !UTF8.isContinuation(text[start]),
                       run(l.start, start, limit: pos, mustEnd: pos) != nil {
                        held = true
                        break
                    }
                    start += 1
                }
            }
            guard held else { return l.negative }
            if l.negative {
                // Undo what it captured.
                while scratch.stack.count > mark {
                    let entry = scratch.stack.removeLast()
                    if entry.pc < 0 { scratch.slots[Int(-1 - entry.pc)] = entry.value }
                }
                return false
            }
            var kept = mark
            for i in mark..<scratch.stack.count where scratch.stack[i].pc < 0 {
                scratch.stack[kept] = scratch.stack[i]
                kept += 1
            }
            scratch.stack.removeLast(scratch.stack.count - kept)
            return true
        }
    }
}

// MARK: - Characters

extension UTF8 {
    @inline(__always)
    static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}

extension Unicode {
    /// The scalar starting at byte `i` of valid UTF-8, and its length in bytes.
    @inline(__always)
    static func decode(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int)? {
        let b = text[i]
        if b < 0x80 { return (Unicode.Scalar(b), 1) }
        let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
        guard i + length <= text.count else { return nil }
        var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { value = value << 6 | UInt32(text[i + k] & 0x3F) }
        return Unicode.Scalar(value).map { ($0, length) }
    }

    /// ICU's `\w`: `[\p{Alphabetic}\p{Mark}\p{Nd}\p{Pc}\u200C\u200D]`.
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 {
            return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39) || v == 0x5F
        }
        // Latin-1 letters (the umlauts, ß): all of U+00C0 … U+00FF but × and ÷.
        if v >= 0xC0 && v <= 0xFF { return v != 0xD7 && v != 0xF7 }
        if v == 0x200C || v == 0x200D { return true }
        let p = s.properties
        if p.isAlphabetic { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }

    /// What ICU's `\b` looks through: combining (grapheme-extending) and format characters.
    static func isTransparentToBoundaries(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0xAD { return false }
        if v == 0xAD { return true }  // the soft hyphen
        if v < 0x300 { return false }
        return s.properties.isGraphemeExtend || s.properties.generalCategory == .format
    }

    /// ICU's default `\b` at byte `i`: a word character on one side and none on the other, looking
    /// through combining and format characters; never just before one of them.
    static func isWordBoundary(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        var after = false
        if i < text.count, let (s, _) = decode(text, at: i) {
            if isTransparentToBoundaries(s) { return false }
            after = isWordScalar(s)
        }
        var before = false
        var j = i
        while j > 0 {
            j -= 1
            while j > 0 && UTF8.isContinuation(text[j]) { j -= 1 }
            guard let (s, _) = decode(text, at: j) else { break }
            if isTransparentToBoundaries(s) { continue }
            before = isWordScalar(s)
            break
        }
        return after != before
    }
}

/// A set of bytes.
struct ByteSet256: Sendable, Equatable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init() {}

    mutating func insert(_ b: UInt8) {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    mutating func formUnion(_ other: ByteSet256) {
        words = (words.0 | other.words.0, words.1 | other.words.1, words.2 | other.words.2, words.3 | other.words.3)
    }

    @inline(__always)
    func contains(_ b: UInt8) -> Bool {
        let word: UInt64
        switch b >> 6 {
        case 0: word = words.0
        case 1: word = words.1
        case 2: word = words.2
        default: word = words.3
        }
        return word >> UInt64(b & 63) & 1 != 0
    }

    static func == (a: ByteSet256, b: ByteSet256) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }
}

/// A character class: ASCII by a bitmap, other scalars by ranges and Unicode properties.
struct ScalarClass: Sendable {
    enum Property: Sendable { case digit, space, word }

    var negated = false
    private(set) var ascii = ByteSet256()
    private(set) var ranges: [ClosedRange<UInt32>] = []
    private(set) var properties: [(property: Property, negated: Bool)] = []

    mutating func insert(_ range: ClosedRange<UInt32>) {
        if range.lowerBound < 0x80 { for v in range.lowerBound...min(range.upperBound, 0x7F) { ascii.insert(UInt8(v)) } }
        if range.upperBound >= 0x80 { ranges.append(max(range.lowerBound, 0x80)...range.upperBound) }
    }

    mutating func insert(_ property: Property, negated: Bool) {
        properties.append((property, negated))
        for v in UInt32(0)..<0x80 where Self.has(property, Unicode.Scalar(v)!) != negated { ascii.insert(UInt8(v)) }
    }

    static func has(_ property: Property, _ s: Unicode.Scalar) -> Bool {
        switch property {
        case .digit:
            return s.value < 0x80 ? s.value >= 0x30 && s.value <= 0x39 : s.properties.numericType == .decimal
        case .space:
            // ICU's \s is Unicode's White_Space (with \v and U+0085, which its documentation leaves out).
            return s.value < 0x80 ? s.value == 0x20 || (s.value >= 0x09 && s.value <= 0x0D) : s.properties.isWhitespace
        case .word:
            return Unicode.isWordScalar(s)
        }
    }

    /// Whether a scalar is in the class.
    @inline(__always)
    func contains(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return ascii.contains(UInt8(s.value)) != negated }
        var inside = ranges.contains { $0.contains(s.value) }
        if !inside { inside = properties.contains { Self.has($0.property, s) != $0.negated } }
        return inside != negated
    }

    /// Whether it can match a scalar outside ASCII (for the bytes a match can start with).
    var reachesBeyondASCII: Bool { negated || !ranges.isEmpty || !properties.isEmpty }

    /// The length in bytes of a character it matches.
    var lengths: ClosedRange<Int> { reachesBeyondASCII ? (ascii == ByteSet256() && !negated ? 2 : 1)...4 : 1...1 }
}

/// Words (lower-cased UTF-8) as a trie: the words found at a position, shortest first.
struct WordTrie: Sendable {
    /// Node k's children are `edges[firstEdge[k] ..< firstEdge[k + 1]]` (byte, child), by byte.
    private var firstEdge: [Int32] = []
    private var edgeBytes: [UInt8] = []
    private var edgeTargets: [Int32] = []
    private var terminal: [Bool] = []
    /// The root's children by byte (-1: none).
    private var root = [Int32](repeating: -1, count: 256)

    init(_ words: [[UInt8]]) {
        // Built as dictionaries, then laid out flat.
        var children: [[UInt8: Int]] = [[:]]
        var isWord: [Bool] = [false]
        for word in words {
            var node = 0
            for b in word {
                if let next = children[node][b] {
                    node = next
                } else {
                    children.append([:])
                    isWord.append(false)
                    children[node][b] = children.count - 1
                    node = children.count - 1
                }
            }
            isWord[node] = true
        }
        for node in children.indices {
            firstEdge.append(Int32(edgeBytes.count))
            for (b, child) in children[node].sorted(by: { $0.key < $1.key }) {
                edgeBytes.append(b)
                edgeTargets.append(Int32(child))
            }
        }
        firstEdge.append(Int32(edgeBytes.count))
        terminal = isWord
        for (b, child) in children[0] { root[Int(b)] = Int32(child) }
    }

    /// For each word `text` has at `i` (ending at or before `limit`), shortest first, a choice to go
    /// on at `pc` after it.
    func push(_ text: UnsafeBufferPointer<UInt8>, at i: Int, limit: Int, then pc: Int32, onto stack: inout [ByteRegex.Entry]) {
        guard i < limit else { return }
        var node = Int(root[Int(text[i])])
        var k = i + 1
        while node >= 0 {
            if terminal[node] { stack.append(ByteRegex.Entry(pc: pc, value: Int32(k))) }
            guard k < limit else { break }
            let b = text[k]
            var next = -1
            for e in Int(firstEdge[node])..<Int(firstEdge[node + 1]) where edgeBytes[e] == b {
                next = Int(edgeTargets[e])
                break
            }
            node = next
            k += 1
        }
    }
}

// MARK: - Parsing

extension ByteRegex {
    indirect enum Node {
        case literal([UInt8])
        case scalarClass(ScalarClass)
        case words([[UInt8]])
        case sequence([Node])
        case alternation([Node])
        /// A named group, by number.
        case group(Node, index: Int)
        case look(Node, ahead: Bool, negative: Bool)
        case boundary(Bool)
        case repetition(Node, minimum: Int, maximum: Int?, greedy: Bool)

        /// The bytes it consumes, when it is a literal (a word of a word list).
        var literalBytes: [UInt8]? {
            switch self {
            case .literal(let bytes): return bytes
            case .sequence(let parts):
                var all: [UInt8] = []
                for part in parts {
                    guard let bytes = part.literalBytes else { return nil }
                    all += bytes
                }
                return all
            default: return nil
            }
        }

        /// The lengths in bytes of what it matches (nil: unbounded).
        var lengths: (minimum: Int, maximum: Int?) {
            switch self {
            case .literal(let bytes): return (bytes.count, bytes.count)
            case .scalarClass(let c): return (c.lengths.lowerBound, c.lengths.upperBound)
            case .words(let words): return (words.map(\.count).min() ?? 0, words.map(\.count).max() ?? 0)
            case .sequence(let parts):
                var lo = 0, hi: Int? = 0
                for part in parts {
                    let l = part.lengths
                    lo += l.minimum
                    hi = hi.flatMap { h in l.maximum.map { h + $0 } }
                }
                return (lo, hi)
            case .alternation(let branches):
                let all = branches.map(\.lengths)
                let hi = all.contains { $0.maximum == nil } ? nil : all.compactMap(\.maximum).max() ?? 0
                return (all.map(\.minimum).min() ?? 0, hi)
            case .group(let inner, _): return inner.lengths
            case .look, .boundary: return (0, 0)
            case .repetition(let inner, let minimum, let maximum, _):
                let l = inner.lengths
                return (l.minimum * minimum, maximum.flatMap { m in l.maximum.map { $0 * m } })
            }
        }
    }

    struct Parser {
        let chars: [Unicode.Scalar]
        var i = 0
        var groupNames: [String: Int] = [:]

        init(_ chars: [Unicode.Scalar]) { self.chars = chars }

        mutating func parse() throws(ParseError) -> Node {
            let node = try alternation()
            guard i == chars.count else { throw ParseError(message: "unbalanced `)`", offset: i) }
            return node
        }

        mutating func alternation() throws(ParseError) -> Node {
            var branches = [try sequence()]
            while i < chars.count && chars[i] == "|" {
                i += 1
                branches.append(try sequence())
            }
            if branches.count == 1 { return branches[0] }
            // A list of words: one trie (ICU tries them in order; sorted longest first, as the rules'
            // lists are, that is the trie's order; otherwise they stay alternatives).
            let words = branches.compactMap(\.literalBytes)
            if words.count == branches.count, !words.contains([]), Self.longerFirst(words) {
                return .words(words)
            }
            return .alternation(branches)
        }

        mutating func sequence() throws(ParseError) -> Node {
            var parts: [Node] = []
            while i < chars.count && chars[i] != "|" && chars[i] != ")" {
                let start = i
                var atom = try self.atom()
                atom = try quantified(atom, at: start)
                // Literal runs are one literal.
                if case .literal(let bytes) = atom, case .literal(let previous)? = parts.last {
                    parts[parts.count - 1] = .literal(previous + bytes)
                } else {
                    parts.append(atom)
                }
            }
            return parts.count == 1 ? parts[0] : .sequence(parts)
        }

        mutating func quantified(_ atom: Node, at start: Int) throws(ParseError) -> Node {
            guard i < chars.count else { return atom }
            var minimum = 1, maximum: Int? = 1
            switch chars[i] {
            case "?": (minimum, maximum) = (0, 1); i += 1
            case "*": (minimum, maximum) = (0, nil); i += 1
            case "+": (minimum, maximum) = (1, nil); i += 1
            case "{":
                var j = i + 1
                func number() -> Int? {
                    var digits = ""
                    while j < chars.count, chars[j].properties.numericType == .decimal, chars[j].isASCII {
                        digits.unicodeScalars.append(chars[j])
                        j += 1
                    }
                    return Int(digits)
                }
                guard let lo = number() else { return atom }  // a literal brace
                minimum = lo
                maximum = lo
                if j < chars.count && chars[j] == "," {
                    j += 1
                    maximum = number()
                }
                guard j < chars.count && chars[j] == "}" else { throw ParseError(message: "unclosed `{`", offset: i) }
                if let maximum, maximum < minimum { throw ParseError(message: "`{n,m}` with m below n", offset: i) }
                i = j + 1
            default:
                return atom
            }
            var greedy = true
            if i < chars.count && chars[i] == "?" {
                greedy = false
                i += 1
            } else if i < chars.count && chars[i] == "+" {
                throw ParseError(message: "possessive quantifiers are not supported", offset: i)
            }
            switch atom {
            case .look, .boundary: throw ParseError(message: "a quantifier after a zero-width assertion", offset: start)
            default: break
            }
            if maximum == nil && atom.lengths.minimum == 0 {
                throw ParseError(message: "an unbounded repetition of something that can match nothing", offset: start)
            }
            return .repetition(atom, minimum: minimum, maximum: maximum, greedy: greedy)
        }

        mutating func atom() throws(ParseError) -> Node {
            let start = i
            let c = chars[i]
            i += 1
            switch c {
            case "(":
                var name: String? = nil
                var look: (ahead: Bool, negative: Bool)? = nil
                if i < chars.count && chars[i] == "?" {
                    i += 1
                    guard i < chars.count else { throw ParseError(message: "unfinished group", offset: start) }
                    switch chars[i] {
                    case ":": i += 1
                    case "=", "!":
                        look = (true, chars[i] == "!")
                        i += 1
                    case "<" where i + 1 < chars.count && (chars[i + 1] == "=" || chars[i + 1] == "!"):
                        look = (false, chars[i + 1] == "!")
                        i += 2
                    case "<":
                        i += 1
                        var n = ""
                        while i < chars.count && chars[i] != ">" {
                            n.unicodeScalars.append(chars[i])
                            i += 1
                        }
                        guard i < chars.count, !n.isEmpty else { throw ParseError(message: "unfinished group name", offset: start) }
                        i += 1
                        name = n
                    default:
                        throw ParseError(message: "unsupported group `(?\(chars[i])`", offset: start)
                    }
                }
                if let name {
                    guard groupNames[name] == nil else { throw ParseError(message: "a second group named \(name)", offset: start) }
                    groupNames[name] = groupNames.count
                }
                let inner = try alternation()
                guard i < chars.count && chars[i] == ")" else { throw ParseError(message: "unclosed `(`", offset: start) }
                i += 1
                if let look {
                    if !look.ahead && inner.lengths.maximum == nil {
                        throw ParseError(message: "a look-behind needs a bounded length", offset: start)
                    }
                    return .look(inner, ahead: look.ahead, negative: look.negative)
                }
                return name.map { .group(inner, index: groupNames[$0]!) } ?? inner
            case "[":
                return .scalarClass(try bracket(start))
            case "\\":
                guard i < chars.count else { throw ParseError(message: "a lone `\\` at the end", offset: start) }
                let e = chars[i]
                i += 1
                switch e {
                case "b": return .boundary(true)
                case "B": return .boundary(false)
                default:
                    if let c = escapeClass(e) { return .scalarClass(c) }
                    return .literal(Self.lowered(try escapedScalar(e, at: start)))
                }
            case ".":
                var c = ScalarClass()
                for terminator: UInt32 in [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029] { c.insert(terminator...terminator) }
                c.negated = true
                return .scalarClass(c)
            case ")":
                throw ParseError(message: "unbalanced `)`", offset: start)
            case "^", "$", "*", "+", "?":
                throw ParseError(message: "unsupported or misplaced `\(c)`", offset: start)
            default:
                return .literal(Self.lowered(c))
            }
        }

        /// `\d`, `\s`, `\w` and their negations as classes; nil for other escapes.
        func escapeClass(_ e: Unicode.Scalar) -> ScalarClass? {
            var c = ScalarClass()
            switch e {
            case "d": c.insert(.digit, negated: false)
            case "D": c.insert(.digit, negated: true)
            case "s": c.insert(.space, negated: false)
            case "S": c.insert(.space, negated: true)
            case "w": c.insert(.word, negated: false)
            case "W": c.insert(.word, negated: true)
            default: return nil
            }
            return c
        }

        /// The character an escape stands for: `\t`, `\n`, `\r`, `\f`, or punctuation as itself.
        func escapedScalar(_ e: Unicode.Scalar, at start: Int) throws(ParseError) -> Unicode.Scalar {
            switch e {
            case "t": return "\t"
            case "n": return "\n"
            case "r": return "\r"
            case "f": return "\u{0C}"
            default:
                guard !e.properties.isAlphabetic, e.properties.numericType == nil else {
                    throw ParseError(message: "unsupported escape `\\\(e)`", offset: start)
                }
                return e
            }
        }

        /// `[…]` after its `[`: characters, ranges, `\d` `\s` `\w` and their negations; `^` negates.
        mutating func bracket(_ start: Int) throws(ParseError) -> ScalarClass {
            var c = ScalarClass()
            if i < chars.count && chars[i] == "^" {
                c.negated = true
                i += 1
            }
            var first = true
            while i < chars.count && (chars[i] != "]" || first) {
                first = false
                var lo = chars[i]
                i += 1
                if lo == "[" { throw ParseError(message: "nested classes are not supported", offset: i - 1) }
                if lo == "\\" {
                    guard i < chars.count else { break }
                    let e = chars[i]
                    i += 1
                    if let inner = escapeClass(e) {
                        for p in inner.properties { c.insert(p.property, negated: p.negated) }
                        continue
                    }
                    lo = try escapedScalar(e, at: i - 2)
                }
                var hi = lo
                if i + 1 < chars.count && chars[i] == "-" && chars[i + 1] != "]" {
                    hi = chars[i + 1]
                    i += 2
                    if hi == "\\" {
                        guard i < chars.count else { break }
                        hi = try escapedScalar(chars[i], at: i - 1)
                        i += 1
                    }
                    guard lo.value <= hi.value else { throw ParseError(message: "a range backwards", offset: i - 3) }
                }
                // The text is lower-cased: a letter stands for its lower case (ASCII ranges of capitals too).
                if lo == hi {
                    let l = Self.lowered(lo)
                    if let only = String(decoding: l, as: UTF8.self).unicodeScalars.first, l.count == only.utf8.count {
                        c.insert(only.value...only.value)
                    }
                } else if lo.value >= 0x41 && hi.value <= 0x5A {
                    c.insert((lo.value | 0x20)...(hi.value | 0x20))
                } else {
                    c.insert(lo.value...hi.value)
                }
            }
            guard i < chars.count else { throw ParseError(message: "unclosed `[`", offset: start) }
            i += 1
            return c
        }

        /// Whether no word comes after a longer one it begins (two words both found at a position are
        /// such a pair: then ICU's order and the trie's agree).
        static func longerFirst(_ words: [[UInt8]]) -> Bool {
            for (i, a) in words.enumerated() {
                for b in words[(i + 1)...] where b.count > a.count && b.starts(with: a) { return false }
            }
            return true
        }

        static func lowered(_ c: Unicode.Scalar) -> [UInt8] {
            c.properties.changesWhenLowercased ? Array(c.properties.lowercaseMapping.utf8) : Array(String(c).utf8)
        }
    }
}

// MARK: - Compiling

extension ByteRegex {
    struct Compiler {
        var program: [Op] = []
        var literals: [UInt8] = []
        var classes: [ScalarClass] = []
        var wordLists: [WordTrie] = []
        var looks: [LookAround] = []
        var slotCount = 0
        private var pending: [(index: Int, node: Node)] = []

        mutating func emit(_ node: Node) {
            switch node {
            case .literal(let bytes):
                program.append(.bytes(start: Int32(literals.count), count: Int32(bytes.count)))
                literals += bytes
            case .scalarClass(let c):
                program.append(.scalarClass(Int32(classes.count)))
                classes.append(c)
            case .words(let words):
                program.append(.words(Int32(wordLists.count)))
                wordLists.append(WordTrie(words))
            case .sequence(let parts):
                for part in parts { emit(part) }
            case .alternation(let branches):
                var jumps: [Int] = []
                for (k, branch) in branches.enumerated() {
                    if k + 1 < branches.count {
                        let split = program.count
                        program.append(.jump(0))
                        emit(branch)
                        jumps.append(program.count)
                        program.append(.jump(0))
                        program[split] = .split(first: Int32(split + 1), second: Int32(program.count))
                    } else {
                        emit(branch)
                    }
                }
                for j in jumps { program[j] = .jump(Int32(program.count)) }
            case .group(let inner, let k):
                program.append(.save(Int32(2 * k)))
                emit(inner)
                program.append(.save(Int32(2 * k + 1)))
            case .look(let inner, let ahead, let negative):
                let l = inner.lengths
                program.append(.look(Int32(looks.count)))
                looks.append(LookAround(ahead: ahead, negative: negative, start: -1, minimum: l.minimum, maximum: l.maximum ?? 0))
                pending.append((looks.count - 1, inner))
            case .boundary(let wanted):
                program.append(.boundary(wanted))
            case .repetition(let inner, let minimum, let maximum, let greedy):
                for _ in 0..<minimum { emit(inner) }
                if let maximum {
                    // Each optional copy nested in the one before: x{1,3} is x(x(x)?)?.
                    var exits: [Int] = []
                    for _ in minimum..<maximum {
                        exits.append(program.count)
                        program.append(.jump(0))
                        emit(inner)
                    }
                    for e in exits { program[e] = choice(Int32(e + 1), Int32(program.count), greedy) }
                } else {
                    // A loop: each round must move on (checked when the body could match nothing).
                    let top = program.count
                    program.append(.jump(0))
                    let body = program.count
                    var progress: Int32? = nil
                    if inner.lengths.minimum == 0 {
                        progress = Int32(slotCount)
                        slotCount += 1
                        program.append(.save(progress!))
                    }
                    emit(inner)
                    if let progress { program.append(.progressed(progress)) }
                    program.append(.jump(Int32(top)))
                    program[top] = choice(Int32(body), Int32(program.count), greedy)
                }
            }
        }

        func choice(_ a: Int32, _ b: Int32, _ greedy: Bool) -> Op {
            greedy ? .split(first: a, second: b) : .split(first: b, second: a)
        }

        /// The look-arounds' programs, after the main one (and theirs after them).
        mutating func emitPendingLooks() throws(ParseError) {
            while let (k, node) = pending.first {
                pending.removeFirst()
                looks[k].start = Int32(program.count)
                emit(node)
                program.append(.succeed)
            }
        }

        /// The bytes a match of `node` can start with; nil when it can be empty (any position).
        func firstBytes(of node: Node) -> ByteSet256? {
            let (set, nullable) = first(node)
            return nullable ? nil : set
        }

        /// The bytes a match can start with, and whether it can be empty.
        private func first(_ node: Node) -> (ByteSet256, nullable: Bool) {
            var set = ByteSet256()
            switch node {
            case .literal(let bytes):
                if let b = bytes.first { set.insert(b) }
                return (set, bytes.isEmpty)
            case .scalarClass(let c):
                for b in 0..<128 where c.contains(Unicode.Scalar(UInt8(b))) { set.insert(UInt8(b)) }
                if c.reachesBeyondASCII { for b in UInt8(0xC2)...0xF4 { set.insert(b) } }
                return (set, false)
            case .words(let words):
                for word in words { if let b = word.first { set.insert(b) } }
                return (set, words.contains([]))
            case .sequence(let parts):
                for part in parts {
                    let (s, nullable) = first(part)
                    set.formUnion(s)
                    if !nullable { return (set, false) }
                }
                return (set, true)
            case .alternation(let branches):
                var nullable = false
                for branch in branches {
                    let (s, n) = first(branch)
                    set.formUnion(s)
                    nullable = nullable || n
                }
                return (set, nullable)
            case .group(let inner, _):
                return first(inner)
            case .look, .boundary:
                return (set, true)
            case .repetition(let inner, let minimum, _, _):
                let (s, nullable) = first(inner)
                return (s, nullable || minimum == 0)
            }
        }
    }
}
