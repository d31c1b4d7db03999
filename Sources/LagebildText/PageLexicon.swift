/// Phrases of web-page furniture and picture credits, German and English. These are facts about how news
/// sites are built (navigation labels, agency names, reader-address formulas), not sentences of any one page.
enum PageLexicon {
    /// Whole short lines that are navigation or page chrome (compared lower-cased, bullets and a final colon
    /// stripped).
    static let navigationLines = ByteSet([
        "drucken", "teilen", "kommentare", "kommentar", "kommentieren", "mehr zum thema", "zum thema",
        "lesen sie auch", "lesen sie mehr", "weiterlesen", "mehr lesen", "zum artikel", "zur startseite",
        "startseite", "newsletter", "anzeige", "werbung", "share", "print", "comments", "read more", "related",
        "advertisement", "e-mail", "email", "facebook", "twitter", "whatsapp", "linkedin", "artikel teilen",
        "artikel drucken", "schließen", "menü", "suche", "impressum", "datenschutz", "kontakt", "nach oben",
        "zurück", "bildergalerie", "galerie", "mehr dazu", "auch interessant", "empfehlungen", "meistgelesen",
        "top-themen", "alle rechte vorbehalten", "weitere artikel", "mehr artikel", "video", "audio", "podcast",
        "abonnieren", "jetzt abonnieren", "anmelden", "registrieren", "login", "logout", "merken", "feedback",
        "themen", "schlagworte", "tags", "quelle", "mehr", "link kopieren", "seite drucken", "artikel merken",
        "sign up", "subscribe", "log in", "more", "trending", "most read", "related articles", "share this article",
    ])

    /// Line openings of navigation and site notices (lower-case; a line that starts with one is page chrome).
    static let navigationPrefixes: [String] = [
        "mehr zum thema", "lesen sie mehr", "lesen sie auch", "lesen sie hier", "hier lesen sie", "mehr zu diesem thema",
        "das könnte sie auch interessieren", "dieser browser wird nicht mehr unterstützt", "bitte wechseln sie zu",
        "noch keine kommentare", "schreiben sie den ersten kommentar", "zum kommentieren", "um kommentare",
        "melden sie sich an", "jetzt abonnieren", "abonnieren sie", "newsletter abonnieren", "folgen sie uns",
        "diesen artikel teilen", "alle rechte vorbehalten", "wir verwenden cookies", "diese website verwendet",
        "ihr browser", "bitte aktivieren sie javascript", "read more", "sign up for", "subscribe to", "related:",
        "more on this", "we use cookies", "your browser", "please enable javascript", "copyright ", "© ",
        "weitere artikel", "mehr artikel", "auch interessant", "empfohlene artikel",
    ]

    static let navigationPrefixBytes = navigationPrefixes.map { Array($0.utf8) }
    static let tailMarkerBytes = tailMarkers.map { Array($0.utf8) }
    static let creditPrefixBytes = creditPrefixes.map { Array($0.utf8) }

    /// Lines after which the story is over: what follows is "read more", comments or site notices.
    static let tailMarkers: [String] = [
        "mehr zum thema", "lesen sie mehr", "lesen sie auch", "mehr zu diesem thema", "das könnte sie auch interessieren",
        "kommentare", "comments", "read more", "related", "weitere artikel", "mehr artikel", "zum thema",
        "auch interessant", "empfohlene artikel",
    ]

    /// Openings of photo and picture credits.
    static let creditPrefixes: [String] = [
        "foto:", "fotos:", "foto ", "bild:", "bilder:", "bildquelle:", "photo:", "photos:", "image:", "quelle:",
        "source:", "credit:", "credits:", "grafik:", "illustration:", "©", "(c) ", "copyright:", "bildnachweis:",
        "titelbild:", "archivbild:", "symbolbild:", "symbolfoto:",
    ]

    /// Picture agencies and wire services whose names make a short line a credit.
    static let agencies = ByteSet([
        "dpa", "afp", "ap", "apa", "reuters", "getty", "imago", "epa", "keystone", "ddp", "kna", "epd", "xinhua",
        "tass", "sputnik", "ria", "anadolu", "shutterstock", "istock", "istockphoto", "picture", "alliance",
        "picture-alliance", "sid", "ullstein", "bloomberg", "efe", "ansa", "belga", "anp", "ritzau", "tt", "ntb",
        "ffp", "sda", "sna", "depositphotos", "unsplash", "pixabay", "wikimedia", "wikipedia", "zuma", "abaca",
    ])

    /// Words that address the reader or name the publisher's own site.
    static let readerAddress = ByteSet([
        "euch", "eure", "euer", "euren", "eurem", "eurer", "unsere", "unserer", "unseren", "unserem", "unser",
    ])
    static let siteWords = ByteSet([
        "website", "webseite", "homepage", "artikel", "artikeln", "beiträge", "beitrag", "accounts", "account",
        "newsletter", "abonnieren", "abonnement", "abo", "browser", "kommentar", "kommentare", "kommentieren",
        "cookies", "javascript", "registrieren", "anmelden", "spenden", "teilen", "teilt", "app", "leser",
        "leserinnen", "redaktion", "adblocker", "journalismus", "subscribe", "subscription", "newsletter",
        "cookie", "share", "readers", "informationsquelle",
    ])
}
