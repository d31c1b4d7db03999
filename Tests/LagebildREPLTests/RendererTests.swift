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
