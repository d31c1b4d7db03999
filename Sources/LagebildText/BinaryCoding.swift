/// Little-endian binary encoding for the snapshot file: fixed-width integers, doubles, length-prefixed
/// strings and arrays. Arrays of plain integers are copied in bulk. Each module writes and reads its own
/// types with these, field by field, so the file layout never depends on how Swift lays out a struct.
public struct BinaryWriter {
    public var bytes: [UInt8] = []
    /// Where a streaming writer's bytes go (nil: they stay in `bytes`).
    @usableFromInline var drain: ((UnsafeRawBufferPointer) -> Void)?
    @usableFromInline var drainSize = Int.max

    public init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    /// A streaming writer: whenever `size` bytes or more are waiting they are handed to `drain` and let
    /// go, and arrays of integers at least that large go to `drain` directly (a snapshot section written
    /// to its file piece by piece, with no more than about `size` bytes held). Call `flush` at the end.
    public init(draining size: Int, into drain: @escaping (UnsafeRawBufferPointer) -> Void) {
        bytes.reserveCapacity(size + 4096)
        self.drain = drain
        drainSize = size
    }

    /// Hands what is waiting to the drain (a writer without one keeps it).
    public mutating func flush() {
        guard let drain, !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { drain($0) }
        bytes.removeAll(keepingCapacity: true)
    }

    @inlinable
    mutating func flushIfFull() {
        if bytes.count >= drainSize { flush() }
    }

    @inlinable
    public mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        flushIfFull()
    }

    public mutating func write(_ value: Int) { write(Int64(value)) }
    public mutating func write(_ value: Double) { write(value.bitPattern) }
    public mutating func write(_ value: Bool) { write(UInt8(value ? 1 : 0)) }

    public mutating func write(_ value: String) {
        var copy = value
        copy.withUTF8 { p in
            write(UInt32(p.count))
            bytes.append(contentsOf: p)
        }
        flushIfFull()
    }

    public mutating func write(_ value: String?) {
        write(value != nil)
        if let value { write(value) }
    }

    /// An array of integers: its count, then the elements in bulk (this machine and the format are both
    /// little-endian; `BinaryReader` checks the host).
    @inlinable
    public mutating func write<T: FixedWidthInteger>(_ values: [T]) {
        write(UInt64(values.count))
        values.withUnsafeBytes { raw(contentsOf: $0) }
    }

    public mutating func write(_ values: [Double]) {
        write(UInt64(values.count))
        values.withUnsafeBytes { raw(contentsOf: $0) }
    }

    /// `count` integers handed over one by one (`each` calls `put` with each), written as `write(_: [T])`
    /// writes an array of them: for values that are not in an array of their own (decoded from a
    /// compact form while saving), so that none has to be made.
    public mutating func write<T: FixedWidthInteger>(count: Int, of _: T.Type, _ each: (_ put: (T) -> Void) -> Void) {
        write(UInt64(count))
        var written = 0
        each { value in
            write(value)
            written += 1
        }
        precondition(written == count, "as many integers as announced")
    }

    /// An array of anything, element by element.
    @inlinable
    public mutating func write<T>(_ values: [T], each: (inout BinaryWriter, T) -> Void) {
        write(UInt64(values.count))
        for v in values { each(&self, v) }
    }

    public mutating func append(raw: some Sequence<UInt8>) {
        bytes.append(contentsOf: raw)
        flushIfFull()
    }

    /// Bytes in bulk: a streaming writer hands a large block to its drain as it is.
    @inlinable
    mutating func raw(contentsOf p: UnsafeRawBufferPointer) {
        if let drain, p.count >= drainSize {
            flush()
            drain(p)
        } else {
            bytes.append(contentsOf: p)
            flushIfFull()
        }
    }
}

/// Reads what `BinaryWriter` wrote. Every read checks the bytes left, so a truncated or damaged file
/// gives `BinaryReader.Failure` naming what was being read, never a crash.
public struct BinaryReader {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(_ description: String) { self.description = description }

        @usableFromInline
        static func pastEnd(_ section: String) -> Failure {
            Failure("damaged snapshot: \(section.isEmpty ? "data" : section) runs past the end of the file")
        }
    }

    @usableFromInline let base: UnsafeRawBufferPointer
    public var offset: Int
    /// What is being read, for error messages ("documents", "index postings").
    public var section = ""

    /// Reads from `buffer`, which must outlive the reader.
    public init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
        base = buffer
        self.offset = offset
    }

    public var remaining: Int { base.count - offset }

    @inlinable
    func need(_ n: Int) throws(Failure) {
        guard n >= 0, n <= remaining else {
            throw Failure.pastEnd(section)
        }
    }

    @inlinable
    public mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(Failure) -> T {
        try need(MemoryLayout<T>.size)
        let v = base.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: v)
    }

    public mutating func readInt() throws(Failure) -> Int { Int(try read(Int64.self)) }
    public mutating func readDouble() throws(Failure) -> Double { Double(bitPattern: try read(UInt64.self)) }
    public mutating func readBool() throws(Failure) -> Bool { try read(UInt8.self) != 0 }

    public mutating func readString() throws(Failure) -> String {
        let n = Int(try read(UInt32.self))
        try need(n)
        let s = String(decoding: UnsafeRawBufferPointer(rebasing: base[offset..<(offset + n)]), as: UTF8.self)
        offset += n
        return s
    }

    /// Skips a string written by `write(_: String)`; returns where its bytes are in the buffer.
    public mutating func skipString() throws(Failure) -> Range<Int> {
        let n = Int(try read(UInt32.self))
        try need(n)
        defer { offset += n }
        return offset..<(offset + n)
    }

    public mutating func readOptionalString() throws(Failure) -> String? {
        try readBool() ? try readString() : nil
    }

    /// A count, checked against the bytes left (each element takes at least `minimumSize` bytes).
    @inlinable
    public mutating func readCount(minimumSize: Int = 1) throws(Failure) -> Int {
        let n = try read(UInt64.self)
        guard n <= UInt64(remaining / max(1, minimumSize)) else {
            throw Failure("damaged snapshot: \(section.isEmpty ? "a count" : section + " count") (\(n)) exceeds the file")
        }
        return Int(n)
    }

    @inlinable
    public mutating func readArray<T: FixedWidthInteger>(_: T.Type = T.self) throws(Failure) -> [T] {
        let n = try readCount(minimumSize: MemoryLayout<T>.size)
        let size = n * MemoryLayout<T>.size
        let out = [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: base[offset..<(offset + size)]))
            initialized = n
        }
        offset += size
        return out
    }

    public mutating func readDoubles() throws(Failure) -> [Double] {
        try readArray(UInt64.self).map { Double(bitPattern: $0) }
    }

    @inlinable
    public mutating func readArray<T>(minimumSize: Int = 1, _ each: (inout BinaryReader) throws(Failure) -> T) throws(Failure) -> [T] {
        let n = try readCount(minimumSize: minimumSize)
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try each(&self)) }
        return out
    }

    /// Fails unless `condition` holds, naming what is inconsistent.
    @inlinable
    public func check(_ condition: Bool, _ what: @autoclosure () -> String) throws(Failure) {
        if !condition { throw Failure("damaged snapshot: \(what())") }
    }
}

extension TextSpan {
    public func write(to w: inout BinaryWriter) {
        w.write(start)
        w.write(end)
    }

    public init(from r: inout BinaryReader) throws(BinaryReader.Failure) {
        let start: Int32 = try r.read()
        let end: Int32 = try r.read()
        try r.check(start <= end && start >= 0, "a text span is reversed")
        self.init(Int(start), Int(end))
    }
}
