import Testing

@testable import LagebildText

/// A streaming writer hands over the same bytes a writer that keeps them would hold, in pieces of about
/// its size (a large array in one piece of its own), and never holds much more than that.
struct BinaryCodingTests {
    static func encode(into w: inout BinaryWriter) {
        w.write("Südchinesisches Meer")
        w.write(Int32(-7))
        w.write([UInt8](repeating: 3, count: 10))
        w.write((0..<5_000).map { Int32($0) })  // 20,000 bytes: larger than the drain's size
        w.write(count: 3_000, of: UInt32.self) { put in for k in 0..<3_000 { put(UInt32(k * 7)) } }
        w.write([1.5, -2.25])
        w.write(Array(repeating: "Hegseth", count: 40)) { w, s in w.write(s) }
        w.write(Optional<String>.none)
    }

    @Test func streamingGivesTheSameBytesInPieces() {
        var whole = BinaryWriter()
        Self.encode(into: &whole)
        var pieces: [[UInt8]] = []
        var streamed = BinaryWriter(draining: 1_000) { pieces.append(Array($0)) }
        Self.encode(into: &streamed)
        let held = streamed.bytes.count
        streamed.flush()
        #expect(pieces.flatMap { $0 } == whole.bytes)
        #expect(held < 1_000 && streamed.bytes.isEmpty)
        // Pieces of about the drain's size, the large array as one piece of its own.
        #expect(pieces.contains { $0.count == 20_000 })
        #expect(pieces.allSatisfy { $0.count == 20_000 || $0.count < 1_000 + 64 })
        // Read back, as a reader of the whole would.
        whole.bytes.withUnsafeBytes { p in
            var r = BinaryReader(p)
            #expect((try? r.readString()) == "Südchinesisches Meer")
            #expect((try? r.read(Int32.self)) == -7)
        }
    }
}
