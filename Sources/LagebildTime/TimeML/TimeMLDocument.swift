import Foundation

/// A TIMEX3 annotation: its extent in a document's plain text (UTF-8 byte offsets into the content of
/// `<TEXT>` with the TIMEX3 tags removed), its type and its value.
public struct Timex: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case date = "DATE", time = "TIME", duration = "DURATION", set = "SET"
    }

    public var range: Range<Int>
    public var kind: Kind?
    /// The TIMEX3 `value`: "2025-11-02", "XXXX-06-02", "P5Y", "PRESENT_REF", … (as written; malformed
    /// gold values are kept as they are).
    public var value: String
    public var tid: String?

    public init(range: Range<Int>, kind: Kind?, value: String, tid: String? = nil) {
        self.range = range
        self.kind = kind
        self.value = value
        self.tid = tid
    }
}

/// A TimeML file: the bytes around `<TEXT>`, the document creation time, the plain text inside `<TEXT>`
/// and the TIMEX3 annotations in it. Reading and writing back without annotations gives the same bytes.
public struct TimeMLDocument: Sendable {
    /// Everything up to and including `<TEXT>`.
    public var head: [UInt8]
    /// The text inside `<TEXT>…</TEXT>` with TIMEX3 tags removed (other markup and entities as they were).
    public var text: [UInt8]
    /// From `</TEXT>` to the end.
    public var tail: [UInt8]
    /// The DCT's TIMEX3 value, if the file has one ("1995-04-07").
    public var creationTime: String?
    public var timexes: [Timex]

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var message: String
        public var description: String { message }
    }

    public init(bytes: [UInt8]) throws(ParseError) {
        guard let open = Self.find(Array("<TEXT>".utf8), in: bytes, from: 0) else {
            throw ParseError(message: "no <TEXT> element")
        }
        let contentStart = open + 6
        guard let close = Self.find(Array("</TEXT>".utf8), in: bytes, from: contentStart) else {
            throw ParseError(message: "<TEXT> is not closed")
        }
        head = Array(bytes[..<contentStart])
        tail = Array(bytes[close...])
        creationTime = Self.dctValue(head)
        var text: [UInt8] = []
        var timexes: [Timex] = []
        var openTag: (start: Int, attributes: [String: String])?
        var i = contentStart
        let startTag = Array("<TIMEX3".utf8), endTag = Array("</TIMEX3>".utf8)
        while i < close {
            if bytes[i] == 0x3C, Self.matches(startTag, bytes, at: i) {
                guard let end = Self.find([0x3E], in: bytes, from: i), end < close else {
                    throw ParseError(message: "unterminated <TIMEX3 tag at byte \(i)")
                }
                let attributes = Self.attributes(bytes[(i + startTag.count)..<end])
                if bytes[end - 1] == 0x2F {  // <TIMEX3 … /> : an empty annotation
                    timexes.append(Self.timex(text.count..<text.count, attributes))
                } else {
                    guard openTag == nil else { throw ParseError(message: "nested <TIMEX3> at byte \(i)") }
                    openTag = (text.count, attributes)
                }
                i = end + 1
            } else if bytes[i] == 0x3C, Self.matches(endTag, bytes, at: i) {
                guard let tag = openTag else { throw ParseError(message: "</TIMEX3> without <TIMEX3> at byte \(i)") }
                timexes.append(Self.timex(tag.start..<text.count, tag.attributes))
                openTag = nil
                i += endTag.count
            } else {
                text.append(bytes[i])
                i += 1
            }
        }
        if openTag != nil { throw ParseError(message: "<TIMEX3> not closed before </TEXT>") }
        self.text = text
        self.timexes = timexes
    }

    /// The file with `timexes` as TIMEX3 tags (ids t1, t2, … in text order) and the text otherwise
    /// byte-identical.
    public func rendered(with timexes: [Timex]) -> [UInt8] {
        var out = head
        var at = 0
        for (n, timex) in timexes.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }).enumerated() {
            guard timex.range.lowerBound >= at else { continue }  // overlapping: the first wins
            out.append(contentsOf: text[at..<timex.range.lowerBound])
            var tag = "<TIMEX3 tid=\"t\(n + 1)\""
            if let kind = timex.kind { tag += " type=\"\(kind.rawValue)\"" }
            tag += " value=\"\(Self.escaped(timex.value))\">"
            out.append(contentsOf: tag.utf8)
            out.append(contentsOf: text[timex.range])
            out.append(contentsOf: "</TIMEX3>".utf8)
            at = timex.range.upperBound
        }
        out.append(contentsOf: text[at...])
        out.append(contentsOf: tail)
        return out
    }

    public var plainText: String { String(decoding: text, as: UTF8.self) }

    // MARK: - Bytes

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var i = start
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0], matches(needle, bytes, at: i) { return i }
            i += 1
        }
        return nil
    }

    static func matches(_ needle: [UInt8], _ bytes: [UInt8], at i: Int) -> Bool {
        guard i + needle.count <= bytes.count else { return false }
        for k in needle.indices where bytes[i + k] != needle[k] { return false }
        return true
    }

    /// `name="value"` pairs of a tag.
    static func attributes(_ bytes: ArraySlice<UInt8>) -> [String: String] {
        let s = String(decoding: bytes, as: UTF8.self)
        var out: [String: String] = [:]
        var rest = Substring(s)
        while let eq = rest.firstIndex(of: "=") {
            let name = rest[..<eq].trimmingCharacters(in: CharacterSet(charactersIn: " \t\n/"))
            let afterEq = rest[rest.index(after: eq)...].drop(while: { $0 == " " })
            guard let quote = afterEq.first, quote == "\"" || quote == "'" else { break }
            let valueStart = afterEq.index(after: afterEq.startIndex)
            guard let valueEnd = afterEq[valueStart...].firstIndex(of: quote) else { break }
            out[name] = String(afterEq[valueStart..<valueEnd])
            rest = afterEq[afterEq.index(after: valueEnd)...]
        }
        return out
    }

    static func timex(_ range: Range<Int>, _ attributes: [String: String]) -> Timex {
        Timex(range: range, kind: attributes["type"].flatMap(Timex.Kind.init(rawValue:)), value: attributes["value"] ?? "",
              tid: attributes["tid"])
    }

    static func dctValue(_ head: [UInt8]) -> String? {
        guard let dct = find(Array("<DCT>".utf8), in: head, from: 0),
              let tag = find(Array("<TIMEX3".utf8), in: head, from: dct),
              let end = find([0x3E], in: head, from: tag)
        else { return nil }
        return attributes(head[(tag + 7)..<end])["value"]
    }

    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;")
    }
}

