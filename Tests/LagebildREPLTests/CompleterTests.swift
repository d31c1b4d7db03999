import Testing
@testable import LagebildREPL

@Suite struct CompleterTests {
    let completer = Completer(documentIDs: ["000_1eab", "001_2166"], entityNames: ["Dong Jun", "Donald Trump", "Pete Hegseth"])

    @Test func commandsThenDocumentIDs() {
        #expect(completer.candidates(for: "ent") == ["entities", "entity"])
        #expect(completer.candidates(for: "show 00") == ["000_1eab", "001_2166"])
        #expect(completer.candidates(for: "similar 001") == ["001_2166"])
        #expect(completer.candidates(for: "timeline Pete") == ["Pete Hegseth"])
    }

    @Test func entityNamesCompleteOverSeveralWords() {
        #expect(completer.candidates(for: "entity Do") == ["Donald Trump", "Dong Jun"])
        // The current word is "J": the candidate continues it with the rest of the name.
        #expect(completer.candidates(for: "entity Dong J") == ["Jun"])
        #expect(completer.candidates(for: "cooccur pete") == ["pete Hegseth"])
        #expect(completer.candidates(for: "quotes X").isEmpty)
        // A surname completes too.
        #expect(completer.candidates(for: "quotes Heg") == ["Hegseth"])
    }

    @Test func searchCompletesFieldsOperatorsAndFieldValues() {
        #expect(completer.candidates(for: "search Hegseth pe") == ["person:"])
        #expect(completer.candidates(for: "search Hegseth (N") == ["(NOT"])
        #expect(completer.candidates(for: "search person:Heg") == ["person:\"Pete Hegseth\""])
        #expect(completer.candidates(for: "search entity:Do") == ["entity:\"Donald Trump\"", "entity:\"Dong Jun\""])
        #expect(completer.candidates(for: "search doc:001") == ["doc:001_2166"])
        #expect(completer.candidates(for: "search lang:") == ["lang:de", "lang:en"])
        #expect(completer.candidates(for: "search Taiwan l") == ["lang:", "limit", "loc:"])
    }

    @Test func tabEditsTheLine() {
        // Continuing the typed word, with a space after a single candidate.
        #expect(completer.edit(for: "sho") == Completer.Edit(insert: "w "))
        #expect(completer.edit(for: "entity Dong J") == Completer.Edit(insert: "un "))
        // A candidate that does not continue the typed word replaces it.
        #expect(completer.edit(for: "search person:Heg") == Completer.Edit(delete: 10, insert: "person:\"Pete Hegseth\" "))
        // Several candidates with nothing in common beyond the typed word: listed.
        #expect(completer.edit(for: "search entity:Do")?.list == ["entity:\"Donald Trump\"", "entity:\"Dong Jun\""])
        #expect(completer.edit(for: "search zzz:") == nil)
    }

    @Test func pathsCompleteAfterFileCommands() {
        let files: [String: [String]] = [".": ["seeds/", "script.lq", ".hidden"], "seeds/": ["000.txt", "001.txt", "manifest.jsonl"]]
        let paths = Completer(listFolder: { files[$0.isEmpty ? "." : $0] ?? [] })
        #expect(paths.candidates(for: ".read s") == ["script.lq", "seeds/"])
        #expect(paths.edit(for: ".open se") == Completer.Edit(insert: "eds/"))  // a folder: no space, go on
        #expect(paths.edit(for: ".open seeds/m") == Completer.Edit(insert: "anifest.jsonl "))
        #expect(paths.candidates(for: ".save seeds/00") == ["seeds/000.txt", "seeds/001.txt"])
        #expect(paths.candidates(for: ".output .") == [".hidden"])
        #expect(paths.candidates(for: ".open ") == ["script.lq", "seeds/"])
    }
}
