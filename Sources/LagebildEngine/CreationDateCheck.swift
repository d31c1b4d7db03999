import LagebildText
public import LagebildTime

/// How well document dates are inferred from the text: for every document whose metadata give a full
/// date, the date inferred while ignoring the metadata (a dateline, else the latest date the story
/// tells), compared with the given one. Used by `lagebild eval dates` on corpora with dates.
public struct CreationDateCheck: Sendable {
    public struct Tally: Sendable, Equatable {
        /// Documents whose date was inferred from this source.
        public var inferred = 0
        public var sameDay = 0
        /// Within a week either side.
        public var withinWeek = 0
        /// Inferred later than the given date (which no told date should be).
        public var later = 0
        /// How many days before the given date the inferred one lies, per document (later ones negative).
        public var daysBefore: [Int] = []

        public var medianDaysBefore: Int? { daysBefore.isEmpty ? nil : daysBefore.sorted()[daysBefore.count / 2] }
    }

    /// Documents with a full date in their metadata.
    public var dated = 0
    public var dateline = Tally()
    public var text = Tally()
    /// Up to ten documents whose inferred date lies more than a week from the given one: id, given,
    /// inferred and its evidence, for reading.
    public var examples: [(id: String, given: CalendarDate, inferred: CreationDate)] = []

    public init() {}

    public static func run(_ snapshot: Snapshot) -> CreationDateCheck {
        var check = CreationDateCheck()
        guard let finder = EventFinder.bundled else { return check }
        for document in snapshot.documents {
            guard let date = document.metadata.date?.fullDate else { continue }
            check.dated += 1
            var undated = document
            undated.metadata.date = nil
            guard let inferred = finder.documentDate(undated) else { continue }
            let before = date.julianDay - inferred.date.julianDay
            func count(_ tally: inout Tally) {
                tally.inferred += 1
                if before == 0 { tally.sameDay += 1 }
                if abs(before) <= 7 { tally.withinWeek += 1 }
                if before < 0 { tally.later += 1 }
                tally.daysBefore.append(before)
            }
            if inferred.source == .dateline { count(&check.dateline) } else { count(&check.text) }
            if abs(before) > 7, check.examples.count < 10 { check.examples.append((document.metadata.id, date, inferred)) }
        }
        return check
    }
}
