import Foundation
import LagebildEngine
import Testing
@testable import LagebildREPL

@Suite struct GraphRenderingTests {
    @Test func edgeTablesBecomeDOTAndOtherTablesStayTables() {
        var graph = ResultTable(kind: "graph", columns: [.init("source"), .init("target"), .init("sentences", .integer), .init("docs", .integer)])
        graph.rows = [[.text("Pete Hegseth"), .text("Dong \"DJ\" Jun"), .integer(6), .integer(3)]]
        let dot = ResultRenderer(mode: .dot).render(graph)
        #expect(dot.hasPrefix("graph comentions {"))
        #expect(dot.contains(#""Pete Hegseth" -- "Dong \"DJ\" Jun" [weight=6, label="6"];"#))
        var other = ResultTable(kind: "stats", columns: [.init("metric"), .init("value")])
        other.rows = [[.text("documents"), .text("5")]]
        #expect(ResultRenderer(mode: .dot).render(other).contains("│ documents │"))
    }

    @Test func cooccurrencesAreAStarInDOTAndGraphML() {
        var star = ResultTable(kind: "cooccur", columns: [.init("with"), .init("entity"), .init("type"), .init("sentences", .integer),
                                                          .init("docs", .integer)])
        star.rows = [[.text("Pete Hegseth"), .text("Dong Jun"), .text("PER"), .integer(6), .integer(3)],
                     [.text("Pete Hegseth"), .text("A & B <Co>"), .text("ORG"), .integer(2), .integer(1)]]
        #expect(ResultRenderer(mode: .dot).render(star).contains(#""Pete Hegseth" -- "Dong Jun" [weight=6, label="6"];"#))
        let graphml = ResultRenderer(mode: .graphml).render(star)
        #expect(graphml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml"))
        // Three nodes (the centre once), two weighted edges, labels escaped.
        #expect(graphml.components(separatedBy: "<node ").count - 1 == 3)
        #expect(graphml.contains(#"<edge source="n0" target="n1"><data key="weight">6</data></edge>"#))
        #expect(graphml.contains("A &amp; B &lt;Co&gt;"))
        #expect(graphml.hasSuffix("</graphml>\n"))
    }
}

@Suite struct MarkedTextRenderingTests {
    let table: ResultTable = {
        var t = ResultTable(kind: "show", columns: [.init("#", .integer), .init("text")], wrapsLastColumn: true)
        let text = "Am Sonntag traf " + EntityMarkup.mark("Pete Hegseth", "PER") + " in " + EntityMarkup.mark("Kuala Lumpur", "LOC")
            + " seinen Amtskollegen."
        t.rows = [[.integer(1), .text(text)]]
        return t
    }()

    @Test func bracketsWithoutColourAndInMachineFormats() {
        let plain = ResultRenderer(mode: .table, width: 60).render(table)
        #expect(plain.contains("[Pete Hegseth|PER]"))
        #expect(!plain.contains("\u{1B}["))
        let csv = ResultRenderer(mode: .csv, colour: true).render(table)
        #expect(csv.contains("[Kuala Lumpur|LOC]"))
    }

    @Test func colourKeepsTheTableAligned() {
        let coloured = ResultRenderer(mode: .table, width: 40, colour: true).render(table)
        #expect(coloured.contains("\u{1B}[1;33mPete Hegseth\u{1B}[0m") || coloured.contains("\u{1B}[1;33mPete"))
        #expect(!coloured.contains("|PER]"))
        // Every line has the same visible width once the colour codes are removed.
        let widths = coloured.split(separator: "\n").filter { $0.hasPrefix("│") }.map { line in
            line.replacingOccurrences(of: #"\u{1B}\[[0-9;]*m"#, with: "", options: .regularExpression).count
        }
        #expect(Set(widths).count == 1)
        #expect(widths.count >= 3)  // header plus the wrapped text
    }
}

@Suite struct TimelineSVGTests {
    static let table = ResultTable(
        kind: "timeline",
        columns: ["when", "start", "end", "certainty", "event", "participants", "place", "sources", "summary"].map { ResultTable.Column($0) },
        rows: [
            ["2025-10-31 or 2025-11-01", "2025-10-31", "2025-11-01", "stated", "meeting", "Pete Hegseth, Dong Jun", "Malaysia",
             "000 (2025-11-01), 003 (2025-10-31)", "Hegseth traf Dong <am Rande>"].map { ResultTable.Value.text($0) },
            ["2025-W44", "2025-10-27", "2025-11-02", "document date", "agreement", "USA, China", "", "001 (2025-W44)", "Beide vereinbarten …"]
                .map { ResultTable.Value.text($0) },
            [.text("XXXX-WXX-6"), .null, .null, .text("underspecified"), .text("visit"), .text("Blinken"), .null, .text("002"),
             .text("Blinken besuchte Peking")],
        ],
        notes: ["3 entries"])

    @Test func chartHasMarkersConflictsAndAnUndatedList() {
        let svg = ResultRenderer(mode: .svg).render(Self.table)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>\n"))
        // The disagreement: two red dots joined by a dashed line.
        #expect(svg.components(separatedBy: "fill=\"#d62728\"").count - 1 == 2)
        #expect(svg.contains("stroke-dasharray=\"3,3\""))
        // A week is a bar, hollow when only the document's date stands in.
        #expect(svg.contains("<rect x=") && svg.contains("fill=\"white\" stroke=\"#2ca02c\""))
        // Undated entries are listed, text is escaped for XML.
        #expect(svg.contains("Without a calendar date") && svg.contains("XXXX-WXX-6 · visit: Blinken"))
        #expect(svg.contains("&lt;am Rande&gt;") && !svg.contains("<am Rande>"))
        // Other results stay tables in this mode.
        #expect(ResultRenderer(mode: .svg).render(ResultTable(kind: "docs", columns: [.init("doc")], rows: [[.text("000")]])).contains("│ 000 │"))
    }

    @Test func civilDaysRoundTrip() {
        #expect(TimelineSVG.day("1970-01-01") == 0)
        #expect(TimelineSVG.day("2025-10-31") == 20_392)
        for d in stride(from: -1000, to: 30_000, by: 37) { #expect(TimelineSVG.day(TimelineSVG.iso(d)) == d) }
        #expect(TimelineSVG.day("2025-13-01") == nil)
    }
}

@Suite struct TableGoldenTests {
    static let table = ResultTable(
        kind: "entities",
        columns: [.init("entity"), .init("type"), .init("mentions", .integer), .init("as")],
        rows: [
            [.text("习近平"), .text("PER"), .integer(12), .text("Xi Jinping, Xi, 习主席")],
            [.text("Südkorea"), .text("LOC"), .integer(7), .text("Südkoreas, südkoreanischen")],
            [.text("Pete Hegseth"), .text("PER"), .integer(13), .text("Hegseth, Pentagon-Chef Pete Hegseth, US-Verteidigungsminister Hegseth")],
        ],
        notes: ["3 entities"])

    /// Recorded from the renderer and checked by eye: CJK characters take two columns, umlauts one; a
    /// narrow terminal cuts every column with "…" and keeps the frame 40 columns wide.
    @Test func wideAndNarrowTerminals() {
        let wide = """
            ┌──────────────┬──────┬──────────┬─────────────────────────────────────────────────────────────────┐
            │ entity       │ type │ mentions │ as                                                              │
            ├──────────────┼──────┼──────────┼─────────────────────────────────────────────────────────────────┤
            │ 习近平       │ PER  │       12 │ Xi Jinping, Xi, 习主席                                          │
            │ Südkorea     │ LOC  │        7 │ Südkoreas, südkoreanischen                                      │
            │ Pete Hegseth │ PER  │       13 │ Hegseth, Pentagon-Chef Pete Hegseth, US-Verteidigungsminister … │
            └──────────────┴──────┴──────────┴─────────────────────────────────────────────────────────────────┘
            3 entities

            """
        let narrow = """
            ┌─────────┬──────┬──────────┬──────────┐
            │ entity  │ type │ mentions │ as       │
            ├─────────┼──────┼──────────┼──────────┤
            │ 习近平  │ PER  │       12 │ Xi Jinp… │
            │ Südkor… │ LOC  │        7 │ Südkore… │
            │ Pete H… │ PER  │       13 │ Hegseth… │
            └─────────┴──────┴──────────┴──────────┘
            3 entities

            """
        #expect(ResultRenderer(mode: .table, width: 100).render(Self.table) == wide)
        #expect(ResultRenderer(mode: .table, width: 40).render(Self.table) == narrow)
        for line in narrow.split(separator: "\n").prefix(7) { #expect(DisplayWidth.of(String(line)) == 40) }
    }
}

@Suite struct NumericColumnTests {
    @Test func numbersAreNeverCutHeadersGiveWay() {
        var table = ResultTable(kind: "bench", columns: [.init("workers", .integer), .init("wall ms", .number), .init("tokens per second", .number),
                                                         .init("note")])
        table.rows = [[.integer(1), .number(17126.5), .number(518390.25), .text("a long note that can be cut")],
                      [.integer(2), .number(8800.125), .number(1008800.5), .text("short")]]
        let rendered = ResultRenderer(mode: .table, width: 40).render(table)
        // Every value whole; the text column and the headers take the cuts.
        for value in ["17126.500", "518390.250", "8800.125", "1008800.500"] { #expect(rendered.contains(value), "\(value) in\n\(rendered)") }
        #expect(rendered.contains("…"))
        #expect(!rendered.contains("a long note that can be cut"))
    }
}
