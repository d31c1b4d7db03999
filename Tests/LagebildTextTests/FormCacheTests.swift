import Testing
@testable import LagebildText

@Suite struct FormCacheTests {
    @Test func keysAreTheFormsBytes() {
        let cache = FormCache<Int32>(bits: 8, empty: -1)
        let text = Array("Merkel merkel Merkels Verteidigungsministerium Merkel".utf8)
        text.withUnsafeBufferPointer { p in
            let first = cache.key(p, 0..<6)!, last = cache.key(p, (p.count - 6)..<p.count)!
            // Read with two loads at the start, byte by byte at the end: the same key.
            #expect(first.k0 == last.k0 && first.k1 == last.k1 && first.length == last.length && first.slot == last.slot)
            let lower = cache.key(p, 7..<13)!, genitive = cache.key(p, 14..<21)!
            #expect(lower.k0 != first.k0)
            #expect(genitive.length == 7 && genitive.k0 != first.k0)
            // A form of exactly 16 bytes is cached, its last eight bytes in the second half of the key.
            let sixteen = cache.key(p, 22..<38)!
            #expect(sixteen.length == 16 && sixteen.k1 != 0)
            #expect(cache.key(p, 22..<45) == nil)  // 23 bytes: never cached
            #expect(cache.key(p, 0..<0) == nil)
        }
    }

    @Test func aValueIsFoundOnlyUnderItsOwnForm() {
        var cache = FormCache<Int32>(bits: 2, empty: -1)  // four entries: forms share them
        let forms = ["Peking", "Moskau", "Washington", "Kuala", "Lumpur", "Berlin", "Paris", "Rom", "Wien"]
        let text = Array(forms.joined(separator: " ").utf8)
        text.withUnsafeBufferPointer { p in
            var ranges: [Range<Int>] = []
            var start = 0
            for form in forms {
                ranges.append(start..<(start + form.utf8.count))
                start += form.utf8.count + 1
            }
            for (k, range) in ranges.enumerated() {
                let key = cache.key(p, range)!
                #expect(cache.value(key) == nil || cache.value(key) == Int32(k))
                cache.store(Int32(k), for: key)
                #expect(cache.value(key) == Int32(k))
            }
            // Each form's value is its own or gone (evicted by a later form in its entry), never another's.
            var kept = 0
            for (k, range) in ranges.enumerated() {
                if let value = cache.value(cache.key(p, range)!) {
                    #expect(value == Int32(k))
                    kept += 1
                }
            }
            #expect(kept >= 1 && kept <= 4)
        }
    }
}
