import LagebildEngine
import LagebildTime

/// A timeline result as a self-contained SVG picture: one row per entry, a dot for a day, a bar for a
/// week or month, two red dots joined by a dashed line where the sources disagree about the day; filled
/// when a source states the date, hollow when only the document's date stands in; a tooltip with the
/// summary and the sources. Undated and underspecified entries are listed under the chart.
enum TimelineSVG {
    /// Julian day number of 1970-01-01: the chart counts days from there.
    static let epoch = 2_440_588

    /// Days since 1970-01-01 of an ISO date "YYYY-MM-DD", nil when it is not one.
    static func day(_ iso: String) -> Int? { CalendarDate(iso: iso).map { $0.julianDay - epoch } }

    static func iso(_ days: Int) -> String { CalendarDate(julianDay: days + epoch).description }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let palette = ["meeting": "#1f77b4", "summit": "#9467bd", "agreement": "#2ca02c", "visit": "#17becf", "call": "#8c564b",
                          "exercise": "#ff7f0e", "sale": "#bcbd22", "announcement": "#7f7f7f", "statement": "#aaaaaa"]

    static func render(_ table: ResultTable) -> String {
        let names = table.columns.map(\.name)
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        guard let when = column("when"), let start = column("start"), let end = column("end"), let certainty = column("certainty"),
            let event = column("event"), let participants = column("participants"), let place = column("place"),
            let sources = column("sources"), let summary = column("summary")
        else { return "" }
        typealias Row = (row: [ResultTable.Value], from: Int, to: Int, days: [Int])
        var dated: [Row] = []
        var undated: [[ResultTable.Value]] = []
        for row in table.rows {
            guard let from = day(row[start].description), let to = day(row[end].description) else {
                undated.append(row)
                continue
            }
            let conflict = row[when].description.components(separatedBy: " or ").compactMap(day)
            dated.append((row, from, to, conflict.count > 1 ? conflict : []))
        }
        let width = 1100, left = 330, right = 1080, top = 70, rowHeight = 26
        let first = (dated.map(\.from) + dated.flatMap(\.days)).min() ?? 0
        let last = max((dated.map(\.to) + dated.flatMap(\.days)).max() ?? 1, first + 1)
        func x(_ day: Int) -> Double { Double(left) + Double(day - first) / Double(last - first + 1) * Double(right - left) }
        let listed = undated.count
        let height = top + dated.count * rowHeight + 40 + (listed > 0 ? 24 + listed * 18 : 0)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
            font-family="Helvetica, Arial, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="20" y="28" font-size="18" font-weight="bold">Timeline</text>
            <text x="20" y="48" fill="#555">\(escape(String(table.notes.joined(separator: " · ").prefix(170))))</text>

            """
        // Axis: a tick per week (Mondays) for spans up to ten weeks, else per month's first day.
        let span = last - first
        var tick = first
        var ticks: [Int] = []
        while tick <= last {
            let date = iso(tick)
            let isMonday = CalendarDate(julianDay: tick + epoch).weekday == 1
            if span <= 70 ? isMonday : date.hasSuffix("-01") { ticks.append(tick) }
            tick += 1
        }
        if ticks.isEmpty { ticks = [first] }
        // At most twelve labelled ticks: every k-th.
        let every = max(1, (ticks.count + 11) / 12)
        ticks = ticks.enumerated().filter { $0.offset % every == 0 }.map(\.element)
        let axisBottom = top + dated.count * rowHeight
        for t in ticks {
            let label = span <= 70 ? iso(t) : String(iso(t).prefix(7))
            svg += "<line x1=\"\(x(t))\" y1=\"\(top - 10)\" x2=\"\(x(t))\" y2=\"\(axisBottom)\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(x(t))\" y=\"\(top - 14)\" fill=\"#555\" font-size=\"10\" text-anchor=\"middle\">\(label)</text>\n"
        }
        for (i, item) in dated.enumerated() {
            let row = item.row
            let y = top + i * rowHeight + rowHeight / 2
            let type = row[event].description
            let colour = palette[type] ?? "#333"
            let filled = row[certainty].description == "stated"
            var label = type + ": " + row[participants].description
            if label.count > 52 { label = String(label.prefix(51)) + "…" }
            let tooltip = escape(["\(row[when]) (\(row[certainty]))", type, row[participants].description,
                                  row[place].description.isEmpty ? "" : "in " + row[place].description,
                                  "sources: " + row[sources].description, row[summary].description].filter { !$0.isEmpty }
                .joined(separator: "\n"))
            svg += "<g><title>\(tooltip)</title>"
            svg += "<text x=\"20\" y=\"\(y + 4)\">\(escape(label))</text>"
            if item.days.count > 1 {
                let xs = item.days.map(x)
                svg += "<line x1=\"\(xs.min()!)\" y1=\"\(y)\" x2=\"\(xs.max()!)\" y2=\"\(y)\" stroke=\"#d62728\" stroke-dasharray=\"3,3\"/>"
                for p in xs { svg += "<circle cx=\"\(p)\" cy=\"\(y)\" r=\"5\" fill=\"#d62728\"/>" }
            } else if item.from == item.to {
                svg += "<circle cx=\"\(x(item.from))\" cy=\"\(y)\" r=\"5\" fill=\"\(filled ? colour : "white")\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            } else {
                let w = max(3, x(item.to + 1) - x(item.from))
                svg += "<rect x=\"\(x(item.from))\" y=\"\(y - 5)\" width=\"\(w)\" height=\"10\" rx=\"3\" fill=\"\(filled ? colour : "white")\" "
                    + "stroke=\"\(colour)\" stroke-width=\"2\" fill-opacity=\"0.6\"/>"
            }
            // The date beside the marker: to its right, or to its left near the right edge.
            let nearEdge = x(item.to + 1) > Double(right) - 120
            let above = nearEdge && x(item.from) - 10 < Double(left) + 120  // a wide bar: the date goes above it
            let labelX = above ? x(item.from) + 4 : nearEdge ? x(item.from) - 10 : x(item.to + 1) + 8
            svg += "<text x=\"\(labelX)\" y=\"\(above ? y - 7 : y + 4)\" fill=\"#555\" font-size=\"\(above ? 9 : 10)\" "
                + "text-anchor=\"\(nearEdge && !above ? "end" : "start")\">"
                + "\(escape(row[when].description))</text>"
            svg += "</g>\n"
        }
        if listed > 0 {
            var y = axisBottom + 40
            svg += "<text x=\"20\" y=\"\(y)\" font-weight=\"bold\">Without a calendar date</text>\n"
            for row in undated {
                y += 18
                var line = "\(row[when]) · \(row[event]): \(row[participants]) — \(row[summary])"
                if line.count > 160 { line = String(line.prefix(159)) + "…" }
                svg += "<text x=\"20\" y=\"\(y)\" fill=\"#333\"><title>\(escape("sources: " + row[sources].description))</title>\(escape(line))</text>\n"
            }
        }
        return svg + "</svg>\n"
    }
}
