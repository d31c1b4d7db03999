/// Closed word lists the text layer needs. Facts about German and English, kept in one place.
enum Lexicon {
    /// Words that are abbreviations when followed by a period (case-sensitive, without the period).
    static let abbreviations = ByteSet([
        // German
        "Abb", "Abg", "Abs", "Anm", "Art", "Aufl", "Ausg", "Bd", "Bsp", "bzgl", "bzw", "ca", "Chr", "Dipl", "Dr",
        "ehem", "eigtl", "einschl", "evtl", "exkl", "Fa", "ff", "gegr", "geb", "gest", "ggf", "Hrsg", "Hr", "Fr",
        "inkl", "insb", "Ing", "Jh", "Jhd", "Kap", "Mag", "max", "min", "Mio", "Mrd", "Nr", "Präs", "Prof", "Pkt",
        "sog", "stellv", "Std", "Str", "Tel", "Tsd", "usw", "etc", "vgl", "Vors", "zzgl", "ebd", "Ziff", "Verf", "rd",
        "Jan", "Feb", "Mär", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Okt", "Nov", "Dez", "Mo", "Di", "Mi", "Do",
        "Sa", "St", "Bhf", "Reg", "Gen", "Adm", "Oberstlt", "Kpt", "Lt", "Uffz", "Ltd", "Corp", "Co", "Inc",
        // English
        "Mr", "Mrs", "Ms", "Jr", "Sr", "Capt", "Col", "Sgt", "Gov", "Sen", "Rep", "Rev", "Hon", "vs", "approx",
        "Dept", "est", "Mt", "Ave", "Blvd", "Rd", "Bros", "No", "Oct", "Dec", "Mar", "Sgt", "Maj", "Brig",
    ])

    /// Abbreviations that often end a sentence ("… und so weiter usw. Die …").
    static let sentenceFinalAbbreviations = ByteSet(["usw", "etc", "ff", "ebd"])

    /// Capitalised words that typically open a sentence: after "3." they make it a sentence end, not an ordinal.
    static let sentenceStarters = ByteSet([
        "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einen", "Einem", "Einer", "Er", "Sie", "Es", "Wir",
        "Ich", "Ihr", "Man", "Dies", "Diese", "Dieser", "Dieses", "Doch", "Aber", "Und", "Auch", "Als", "Am", "Im",
        "In", "An", "Auf", "Aus", "Bei", "Mit", "Nach", "Von", "Vor", "Zu", "Zum", "Zur", "Für", "Über", "Unter",
        "Seit", "So", "Wie", "Was", "Wer", "Wo", "Wenn", "Dass", "Damit", "Dabei", "Danach", "Dann", "Daher",
        "Deshalb", "Trotzdem", "Zudem", "Außerdem", "Allerdings", "Nun", "Jetzt", "Heute", "Laut", "Nicht", "Kein",
        "Keine", "Nur", "Noch", "Schon", "Mehr", "Alle", "Viele", "Beide", "Bereits", "Gleichzeitig", "Ob",
        "The", "A", "An", "He", "She", "It", "We", "They", "I", "This", "That", "These", "Those", "On", "At", "But",
        "And", "As", "For", "If", "When", "While", "After", "Before", "Since", "There", "In",
    ])

    /// Words that never end a paragraph (lower-case): articles, prepositions, conjunctions.
    static let neverFinal = ByteSet([
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "und", "oder",
        "aber", "sowie", "in", "im", "an", "am", "auf", "aus", "bei", "mit", "nach", "von", "vom", "vor", "zu",
        "zum", "zur", "für", "über", "unter", "um", "durch", "gegen", "seit", "dass", "wenn", "weil", "als", "wie",
        "the", "a", "an", "of", "and", "or", "to", "for", "with", "from", "by", "at", "on", "that",
    ])

    /// Month names (German and English, full and short) that make a preceding "1." an ordinal.
    static let months = ByteSet([
        "januar", "jänner", "februar", "feber", "märz", "april", "mai", "juni", "juli", "august", "september",
        "oktober", "november", "dezember", "january", "february", "march", "may", "june", "july", "october",
        "december", "jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dez", "oct", "dec",
    ])
}
