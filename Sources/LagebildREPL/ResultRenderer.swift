public import LagebildEngine
import Foundation

/// Prints a `ResultTable` in an `OutputMode`. Terminal tables are width-aware, use box drawing, align numbers
/// right, cut long cells with "…" (or wrap the last column of running text), and list notes below.
public struct ResultRenderer: Sendable {
    public var mode: OutputMode
    /// Terminal width in columns (tables only).
    public var width: Int
    /// Rows printed at most in table mode; the rest are counted in a note.
    public var maximumRows: Int
    /// Colour marked entity mentions in terminal tables (a terminal without NO_COLOR); otherwise they
    /// are written `[Pete Hegseth|PER]`.
    public var colour: Bool

    public init(mode: OutputMode = .table, width: Int = 100, maximumRows: Int = 1000, colour: Bool = false) {
        self.mode = mode
        self.width = max(20, width)
        self.maximumRows = maximumRows
        self.colour = colour
    }

    /// ANSI colours by entity type; search matches bold and underlined.
    static let colours = ["PER": "1;33", "LOC": "32", "ORG": "36", "OTH": "35", "mat": "1;4"]

    public func render(_ table: ResultTable) -> String {
        let marked = table.rows.contains { $0.contains { if case .text(let s) = $0 { s.contains("\u{E000}") } else { false } } }
        guard marked else { return renderUnmarked(table) }
        if mode == .table && colour { return renderTable(table) }
        var plain = table
        plain.rows = table.rows.map { $0.map { if case .text(let s) = $0 { .text(EntityMarkup.bracketed(s)) } else { $0 } } }
        return renderUnmarked(plain)
    }

    func renderUnmarked(_ table: ResultTable) -> String {
        switch mode {
        case .table: renderTable(table)
        case .json: renderJSON(table)
        case .jsonl: renderJSONLines(table)
        case .csv: renderCSV(table)
        case .markdown: renderMarkdown(table)
        case .line: renderLines(table)
        case .dot: Self.edges(table) != nil ? renderDOT(table) : renderTable(table)
        case .graphml: Self.edges(table) != nil ? renderGraphML(table) : renderTable(table)
        case .svg: table.kind == "timeline" ? TimelineSVG.render(table) : renderTable(table)
        }
    }

    // MARK: - table

    func renderTable(_ table: ResultTable) -> String {
        guard !table.columns.isEmpty else { return table.notes.joined(separator: "\n") + "\n" }
        let shown = Array(table.rows.prefix(maximumRows))
        let cells = shown.map { row in row.map { $0.description.replacingOccurrences(of: "\n", with: " ") } }
        let n = table.columns.count
        var widths = table.columns.map { DisplayWidth.of($0.name) }
        for row in cells {
            for k in 0..<n { widths[k] = max(widths[k], min(DisplayWidth.of(row[k]), 80)) }
        }
        // Fit: borders take 3 columns per column plus 1.
        let budget = width - (3 * n + 1)
        // Running text in the last column gets at least 40 % of the width (other columns give way).
        let shrinkable = table.wrapsLastColumn ? Array(0..<(n - 1)) : Array(0..<n)
        if table.wrapsLastColumn {
            let others = widths.dropLast().reduce(0, +)
            widths[n - 1] = max(min(widths[n - 1], max(10, budget * 2 / 5)), budget - others)
        }
        // A number is never cut (a cut number reads as another number): numeric columns give way only down to
        // their widest value, their headers take the "…"; a table of many numeric columns may then be wider
        // than the terminal.
        let numeric = table.columns.map { $0.type != .text }
        let narrowest = (0..<n).map { k in numeric[k] ? max(6, cells.map { DisplayWidth.of($0[k]) }.max() ?? 0) : 6 }
        while widths.reduce(0, +) > budget,
            let widest = shrinkable.filter({ widths[$0] > narrowest[$0] }).max(by: { widths[$0] < widths[$1] })
        {
            widths[widest] -= 1
        }
        var out = ""
        func border(_ left: String, _ middle: String, _ right: String) {
            out += left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right + "\n"
        }
        func line(_ values: [String], numeric: [Bool], colouredLast: String? = nil, lastWidth: Int = 0) {
            out += "│"
            for k in 0..<n {
                if k == n - 1, let colouredLast {
                    out += " " + colouredLast + String(repeating: " ", count: max(0, widths[k] - lastWidth)) + " │"
                    continue
                }
                let text = DisplayWidth.truncate(values[k], to: widths[k])
                let pad = String(repeating: " ", count: max(0, widths[k] - DisplayWidth.of(text)))
                out += " " + (numeric[k] ? pad + text : text + pad) + " │"
            }
            out += "\n"
        }
        border("┌", "┬", "┐")
        line(table.columns.map(\.name), numeric: Array(repeating: false, count: n))
        border("├", "┼", "┤")
        for row in cells {
            if table.wrapsLastColumn {
                // Marked mentions are coloured after wrapping their plain text, line by line.
                let (plain, spans) = EntityMarkup.parse(row[n - 1])
                let wrapped = DisplayWidth.wrap(plain, to: widths[n - 1])
                let characters = spans.isEmpty ? [] : Array(plain)
                var offset = 0
                for (i, piece) in wrapped.enumerated() {
                    var values = i == 0 ? row.map { EntityMarkup.bracketed($0) } : Array(repeating: "", count: n)
                    values[n - 1] = piece
                    guard !spans.isEmpty else {
                        line(values, numeric: numeric)
                        continue
                    }
                    // Where the piece is in the plain text (wrapping dropped one space between pieces).
                    if offset < characters.count, characters[offset] == " ", !piece.hasPrefix(" ") { offset += 1 }
                    let range = offset..<min(characters.count, offset + piece.count)
                    offset = range.upperBound
                    line(values, numeric: numeric, colouredLast: Self.coloured(piece, range, spans), lastWidth: DisplayWidth.of(piece))
                }
            } else {
                line(row, numeric: numeric)
            }
        }
        border("└", "┴", "┘")
        var notes = table.notes
        if table.rows.count > shown.count {
            notes.append("\(table.rows.count - shown.count) more rows not shown (use .mode csv or a limit)")
        }
        for note in notes { out += note + "\n" }
        return out
    }

    /// One wrapped line of plain text (`range` in the whole text's characters) with the mentions that
    /// fall in it coloured; a mention cut by the line break is coloured on both lines.
    static func coloured(_ piece: String, _ range: Range<Int>, _ spans: [EntityMarkup.Span]) -> String {
        var out = ""
        let characters = Array(piece)
        var k = 0
        for span in spans where span.range.overlaps(range) {
            let start = max(span.range.lowerBound, range.lowerBound) - range.lowerBound
            let end = min(span.range.upperBound, range.upperBound, range.lowerBound + characters.count) - range.lowerBound
            guard start >= k, start < end else { continue }
            out += String(characters[k..<start])
            out += "\u{1B}[" + (colours[String(span.entityClass.prefix(3))] ?? "1") + "m" + String(characters[start..<end]) + "\u{1B}[0m"
            k = end
        }
        return out + String(characters[k...])
    }

    /// The edges of a result that is a graph: `graph` (`source`, `target`, `sentences`) or `cooccur`
    /// (`with`, `entity`, `sentences`: a star around one entity); the weight is the shared sentences.
    static func edges(_ table: ResultTable) -> [(source: String, target: String, weight: String)]? {
        let names = table.columns.map(\.name)
        let pair = table.kind == "cooccur" ? ("with", "entity") : ("source", "target")
        guard let s = names.firstIndex(of: pair.0), let t = names.firstIndex(of: pair.1), let w = names.firstIndex(of: "sentences") else {
            return nil
        }
        return table.rows.map { ($0[s].description, $0[t].description, $0[w].description) }
    }

    /// An undirected graph in Graphviz DOT: edge weight and label are the shared sentences.
    func renderDOT(_ table: ResultTable) -> String {
        func id(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        var out = "graph comentions {\n  node [shape=box, style=rounded];\n"
        for edge in Self.edges(table) ?? [] {
            out += "  \(id(edge.source)) -- \(id(edge.target)) [weight=\(edge.weight), label=\"\(edge.weight)\"];\n"
        }
        return out + "}\n"
    }

    /// The same graph in GraphML, with node labels and integer edge weights.
    func renderGraphML(_ table: ResultTable) -> String {
        func xml(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let edges = Self.edges(table) ?? []
        var nodes: [String: Int] = [:]
        var order: [String] = []
        for edge in edges {
            for name in [edge.source, edge.target] where nodes[name] == nil {
                nodes[name] = order.count
                order.append(name)
            }
        }
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="label" for="node" attr.name="label" attr.type="string"/>
              <key id="weight" for="edge" attr.name="weight" attr.type="int"/>
              <graph id="comentions" edgedefault="undirected">

            """
        for (k, name) in order.enumerated() { out += "    <node id=\"n\(k)\"><data key=\"label\">\(xml(name))</data></node>\n" }
        for edge in edges {
            out += "    <edge source=\"n\(nodes[edge.source]!)\" target=\"n\(nodes[edge.target]!)\"><data key=\"weight\">\(xml(edge.weight))</data></edge>\n"
        }
        return out + "  </graph>\n</graphml>\n"
    }

    // MARK: - machine formats

    static func jsonString(_ s: String) -> String { JSONText.quoted(s) }

    static func jsonValue(_ v: ResultTable.Value) -> String {
        switch v {
        case .text(let s): jsonString(s)
        case .integer(let i): String(i)
        case .number(let d): d.isFinite ? String(format: "%.6g", d) : "null"
        case .null: "null"
        }
    }

    func jsonObject(_ table: ResultTable, _ row: [ResultTable.Value]) -> String {
        "{" + zip(table.columns, row).map { "\(Self.jsonString($0.name)):\(Self.jsonValue($1))" }
            .joined(separator: ",") + "}"
    }

    func renderJSON(_ table: ResultTable) -> String {
        let columns = table.columns.map { "{\"name\":\(Self.jsonString($0.name)),\"type\":\"\($0.type.rawValue)\"}" }
        var out = "{\"kind\":\(Self.jsonString(table.kind)),\"columns\":[\(columns.joined(separator: ","))],\"rows\":["
        out += table.rows.map { "\n  " + jsonObject(table, $0) }.joined(separator: ",")
        out += (table.rows.isEmpty ? "" : "\n") + "],\"notes\":[" + table.notes.map(Self.jsonString).joined(separator: ",")
        return out + "]}\n"
    }

    func renderJSONLines(_ table: ResultTable) -> String {
        table.rows.map { jsonObject(table, $0) + "\n" }.joined()
    }

    func renderCSV(_ table: ResultTable) -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = table.columns.map { field($0.name) }.joined(separator: ",") + "\r\n"
        for row in table.rows {
            out += row.map { field($0 == .null ? "" : $0.description) }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    func renderMarkdown(_ table: ResultTable) -> String {
        func cell(_ s: String) -> String {
            s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var out = "| " + table.columns.map { cell($0.name) }.joined(separator: " | ") + " |\n"
        out += "|" + table.columns.map { $0.type == .text ? " --- |" : " ---: |" }.joined() + "\n"
        for row in table.rows { out += "| " + row.map { cell($0.description) }.joined(separator: " | ") + " |\n" }
        for note in table.notes { out += "\n" + note + "\n" }
        return out
    }

    func renderLines(_ table: ResultTable) -> String {
        let nameWidth = table.columns.map { DisplayWidth.of($0.name) }.max() ?? 0
        var blocks: [String] = []
        for row in table.rows {
            blocks.append(zip(table.columns, row).map { column, value in
                String(repeating: " ", count: nameWidth - DisplayWidth.of(column.name)) + column.name + " = "
                    + value.description
            }.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n") + (blocks.isEmpty ? "" : "\n")
            + table.notes.map { $0 + "\n" }.joined()
    }
}
