import Testing

@testable import LagebildText

/// Roles on made-up pages (not the seeds), to check that the rules generalise.
struct ParagraphClassifierTests {
    static func roles(_ text: String) -> [(ParagraphRole, String)] {
        var scratch = TextAnalyzer.Scratch()
        let structure = TextAnalyzer().analyze(text, scratch: &scratch)
        return structure.paragraphs.map { ($0.role, String(text.slice($0.span))) }
    }

    @Test func typicalGermanNewsPage() {
        let page = """
            Bundestag beschließt Haushalt
            Nach langer Debatte hat der Bundestag den Haushalt für das kommende Jahr verabschiedet. Die Opposition stimmte dagegen.
            Bundesfinanzminister bei der Debatte im Plenum.
            Foto: dpa
            Teilen
            Die Regierung plant Ausgaben von fast 500 Milliarden Euro. Der größte Posten ist der Sozialetat.
            Streit um die Schuldenbremse
            Die Union kritisierte die hohe Neuverschuldung und kündigte eine Klage an. (dpa)
            Lesen Sie auch
            Wie die Schuldenbremse funktioniert
            """
        let r = Self.roles(page)
        #expect(r.map(\.0) == [.title, .lead, .caption, .credit, .boilerplate, .body, .heading, .body, .boilerplate,
                               .boilerplate])
    }

    @Test func gluedCreditIsSplitFromItsCaption() {
        let page = """
            Gipfel in Brüssel
            Die Staats- und Regierungschefs der EU haben sich am Donnerstag in Brüssel getroffen und über Hilfen beraten.
            Die Kommissionspräsidentin vor dem Gipfel.Reuters / Yves Herman
            Die Beratungen sollen am Freitag fortgesetzt werden, hieß es aus Diplomatenkreisen.
            """
        let r = Self.roles(page)
        #expect(r.map(\.0) == [.title, .lead, .caption, .credit, .body])
        #expect(r[3].1 == "Reuters / Yves Herman")
    }

    @Test func readerNoticeIsBoilerplateWithoutAMarker() {
        let page = """
            Neue Studie zu Pendlern
            Immer mehr Menschen pendeln zur Arbeit in eine andere Stadt, zeigt eine neue Auswertung der Arbeitsagentur.
            Die Zahl stieg im vergangenen Jahr um drei Prozent auf einen neuen Höchststand.
            Wenn Euch unsere Artikel gefallen, teilt sie gern. Unterstützt unsere Arbeit und abonniert unseren Newsletter, damit Ihr keinen Beitrag verpasst.
            """
        #expect(Self.roles(page).last?.0 == .boilerplate)
    }

    @Test func embeddedPostAndItsAttribution() {
        let page = """
            Minister reagiert auf Kritik
            Der Minister wies die Vorwürfe am Montag auf der Plattform X zurück und kündigte eine Prüfung an.
            We will review every single case and report back to Parliament.
            — Jane Doe (@janedoe) March 3, 2025
            Die Opposition zeigte sich davon unbeeindruckt und forderte weitere Konsequenzen.
            """
        let r = Self.roles(page)
        #expect(r.map(\.0) == [.title, .lead, .embed, .credit, .body])
    }

    @Test func languagePerParagraph() {
        var scratch = TextAnalyzer.Scratch()
        let text = """
            Die Regierung hat am Montag neue Maßnahmen beschlossen, die ab sofort gelten.
            The government said on Monday that the new rules would apply from now on.
            """
        let structure = TextAnalyzer().analyze(text, scratch: &scratch)
        #expect(structure.paragraphs.map(\.language) == [.german, .english])
    }
}
