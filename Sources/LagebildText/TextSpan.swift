/// A half-open range of UTF-8 byte offsets into a document's normalised text.
///
/// Stored as two `Int32`s (8 bytes) rather than `Range<Int>` (16 bytes): a corpus holds millions of them.
public struct TextSpan: Hashable, Sendable, Codable {
    public var start: Int32
    public var end: Int32

    @inlinable
    public init(_ start: Int, _ end: Int) {
        self.start = Int32(truncatingIfNeeded: start)
        self.end = Int32(truncatingIfNeeded: end)
    }

    @inlinable public var lowerBound: Int { Int(start) }
    @inlinable public var upperBound: Int { Int(end) }
    @inlinable public var count: Int { Int(end - start) }
    @inlinable public var isEmpty: Bool { start >= end }
    @inlinable public var range: Range<Int> { Int(start)..<Int(end) }
}

extension String {
    /// The text of `span`, which must lie on scalar boundaries of this string's UTF-8 view.
    public func slice(_ span: TextSpan) -> Substring {
        let utf = self.utf8
        let lower = utf.index(utf.startIndex, offsetBy: span.lowerBound)
        let upper = utf.index(lower, offsetBy: span.count)
        return self[lower..<upper]
    }
}
