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

    public init(mode: OutputMode = .table, width: Int = 100, maximumRows: Int = 1000) {
        self.mode = mode
        self.width = max(20, width)
        self.maximumRows = maximumRows
    }

    public func render(_ table: ResultTable) -> String {
        switch mode {
        case .table: renderTable(table)
        case .json: renderJSON(table)
        case .jsonl: renderJSONLines(table)
        case .csv: renderCSV(table)
        case .markdown: renderMarkdown(table)
        case .line: renderLines(table)
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
        if table.wrapsLastColumn {
            let others = widths.dropLast().reduce(0, +)
            widths[n - 1] = max(10, budget - others)
        }
        while widths.reduce(0, +) > budget, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }),
            widths[widest] > 6
        {
            widths[widest] -= 1
        }
        var out = ""
        func border(_ left: String, _ middle: String, _ right: String) {
            out += left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right + "\n"
        }
        func line(_ values: [String], numeric: [Bool]) {
            out += "│"
            for k in 0..<n {
                let text = DisplayWidth.truncate(values[k], to: widths[k])
                let pad = String(repeating: " ", count: max(0, widths[k] - DisplayWidth.of(text)))
                out += " " + (numeric[k] ? pad + text : text + pad) + " │"
            }
            out += "\n"
        }
        let numeric = table.columns.map { $0.type != .text }
        border("┌", "┬", "┐")
        line(table.columns.map(\.name), numeric: Array(repeating: false, count: n))
        border("├", "┼", "┤")
        for row in cells {
            if table.wrapsLastColumn {
                let wrapped = DisplayWidth.wrap(row[n - 1], to: widths[n - 1])
                for (i, piece) in wrapped.enumerated() {
                    var values = i == 0 ? row : Array(repeating: "", count: n)
                    values[n - 1] = piece
                    line(values, numeric: numeric)
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

    // MARK: - machine formats

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

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
