/// A corpus's timeline, kept between queries: events arrive in batches, in document order (so the
/// entries never depend on how the work was scheduled), are merged into entries by a `TimelineBuilder`,
/// and queries select entries by participant and date without building anything again.
public actor TimelineStore {
    private var builder: TimelineBuilder
    /// Entry numbers by participant name.
    private var byParticipant: [String: Set<Int>] = [:]
    /// Entry numbers in time order, with each entry's first agreed day; nil after an addition until the
    /// next read.
    private var order: [(entry: Int, day: Int?)]? = nil
    /// Documents with no date (neither given nor inferred): their relative dates stay underspecified.
    public private(set) var undatedDocuments: Set<Int32> = []
    public private(set) var eventCount = 0

    public init(slackDays: Int = 2) {
        builder = TimelineBuilder()
        builder.slackDays = slackDays
    }

    /// Adds the events of the next documents (in document order), and which of those documents have no date.
    public func add(_ events: [Event], undated: [Int32] = []) {
        for event in events {
            let k = builder.add(event)
            eventCount += 1
            for name in event.participants { byParticipant[name, default: []].insert(k) }
        }
        undatedDocuments.formUnion(undated)
        order = nil
    }

    public var entryCount: Int { builder.entries.count }

    /// The entries in time order (undated last), those with `participant` among their sources'
    /// participants when one is given, and with a day within `days` when given (undated entries then
    /// drop out).
    public func entries(involving participant: String? = nil, days: ClosedRange<Int>? = nil) -> [TimelineEntry] {
        if order == nil { order = builder.chronologicalOrder }
        var chosen = order!
        if let participant {
            let own = byParticipant[participant] ?? []
            chosen = chosen.filter { own.contains($0.entry) }
        }
        if let days {
            chosen = chosen.filter { $0.day.map(days.contains) ?? false }
        }
        let entries = builder.entries
        return chosen.map { entries[$0.entry] }
    }
}
