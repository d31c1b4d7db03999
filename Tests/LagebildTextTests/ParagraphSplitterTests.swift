import Testing

@testable import LagebildText

struct ParagraphSplitterTests {
    static func paragraphs(_ text: String) -> [String] {
        var copy = text
        return copy.withUTF8 { p in
            ParagraphSplitter.split(p).map { String(decoding: p[$0.span.range], as: UTF8.self) }
        }
    }

    @Test func onePerLineStaysOnePerLine() {
        let text = "Gipfel in Berlin\nDie Minister trafen sich am Montag.\nTeilen\nDie Beratungen gehen weiter."
        #expect(Self.paragraphs(text).count == 4)
    }

    @Test func hardWrappedTextWithoutBlankLinesIsReflowed() {
        let text = """
            Die Corona-Zahlen in Hamburg steigen, gefeiert wird weiter und das mancherorts
            scheinbar mit wenig Hemmungen. Bei Kontrollen auf dem Kiez wurden am Wochenende
            etliche Verstöße gegen die Auflagen festgestellt, sagte ein Sprecher der Polizei.
            In
            aller Kürze
            Die Schulen bleiben geöffnet, teilte die Behörde mit, und der Unterricht soll
            weitergehen wie bisher. Eltern können ihre Kinder aber auch zu Hause lassen.
            """
        #expect(Self.paragraphs(text).map { $0.replacingOccurrences(of: "\n", with: " ") } == [
            "Die Corona-Zahlen in Hamburg steigen, gefeiert wird weiter und das mancherorts scheinbar mit wenig Hemmungen. Bei Kontrollen auf dem Kiez wurden am Wochenende etliche Verstöße gegen die Auflagen festgestellt, sagte ein Sprecher der Polizei.",
            "In aller Kürze",
            "Die Schulen bleiben geöffnet, teilte die Behörde mit, und der Unterricht soll weitergehen wie bisher. Eltern können ihre Kinder aber auch zu Hause lassen.",
        ])
    }

    @Test func functionWordsAndCommasNeverEndAParagraph() {
        #expect(Self.paragraphs("\"Was,\nwenn keiner mehr kommt?\"\nDie\nZahlen steigen wieder.").count == 2)
    }

    @Test func markdownHeadingsAndListsStandAlone() {
        let text = "# Titel\nErster Satz ohne Punkt\n- Punkt eins\n- Punkt zwei"
        #expect(Self.paragraphs(text) == ["Titel", "Erster Satz ohne Punkt", "- Punkt eins", "- Punkt zwei"])
    }
}
