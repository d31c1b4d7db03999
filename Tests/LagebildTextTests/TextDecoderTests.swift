import Testing

@testable import LagebildText

struct TextDecoderTests {
    @Test func validUTF8PassesUnchanged() throws {
        let text = "Südchinesisches Meer – „Frieden“"
        let decoded = try TextDecoder.decode(Array(text.utf8))
        #expect(decoded.text == text)
        #expect(decoded.repairs.reportable.isEmpty)
    }

    @Test func invalidUTF8FallsBackToWindows1252() throws {
        // "Grüße – €5" in Windows-1252.
        let bytes: [UInt8] = [0x47, 0x72, 0xFC, 0xDF, 0x65, 0x20, 0x96, 0x20, 0x80, 0x35]
        let decoded = try TextDecoder.decode(bytes)
        #expect(decoded.text == "Grüße – €5")
        #expect(decoded.repairs.invalidUTF8Bytes == 4)
        #expect(decoded.repairs.firstInvalidOffset == 2)
        #expect(decoded.repairs.reportable.first?.contains("Windows-1252") == true)
    }

    @Test func mixedEncodingKeepsTheValidParts() throws {
        let bytes = Array("Größe ".utf8) + [0xE4, 0x20] + Array("Maß".utf8)
        #expect(try TextDecoder.decode(bytes).text == "Größe ä Maß")
    }

    @Test func byteOrderMarkAndLineEndings() throws {
        let decoded = try TextDecoder.decode([0xEF, 0xBB, 0xBF] + Array("eins\r\nzwei\rdrei".utf8))
        #expect(decoded.text == "eins\nzwei\ndrei")
        #expect(decoded.repairs.byteOrderMark)
        #expect(decoded.repairs.lineBreaksConverted == 2)
    }

    @Test func nulBytesAreRemovedAndReported() throws {
        let decoded = try TextDecoder.decode(Array("ab".utf8) + [0] + Array("cd".utf8))
        #expect(decoded.text == "abcd")
        #expect(decoded.repairs.nulBytes == 1)
    }

    @Test func emptyAndBinaryInputsAreRejected() {
        #expect(throws: TextDecoder.Failure.empty) { try TextDecoder.decode([]) }
        #expect(throws: TextDecoder.Failure.empty) { try TextDecoder.decode(Array("  \n\t ".utf8)) }
        #expect(throws: TextDecoder.Failure.binary("PNG image")) {
            try TextDecoder.decode([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 100))
        }
        let noise = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        #expect(throws: (any Error).self) { try TextDecoder.decode(noise) }
    }

    @Test func normalisesToNFCAndCleansInvisibleCharacters() throws {
        let decomposed = "Su\u{0308}dkorea"  // u + combining diaeresis
        let decoded = try TextDecoder.decode(Array(decomposed.utf8))
        #expect(Array(decoded.text.unicodeScalars) == Array("Südkorea".unicodeScalars))
        #expect(decoded.repairs.normalisedToNFC)
        #expect(try TextDecoder.decode(Array("Verteidi\u{00AD}gungs\u{200B}minister\u{00A0}Dong".utf8)).text
            == "Verteidigungsminister Dong")
        // A C1 control left by a Latin-1 round trip is read as Windows-1252 (U+0094 → ”).
        #expect(try TextDecoder.decode(Array("gut\u{0094}".utf8)).text == "gut\u{201D}")
    }
}
