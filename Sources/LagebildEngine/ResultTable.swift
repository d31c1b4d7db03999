/// A typed table: what every query returns and every renderer prints.
public struct ResultTable: Sendable, Equatable {
    public enum ColumnType: String, Sendable {
        case text, integer, number
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        public var type: ColumnType
        public init(_ name: String, _ type: ColumnType = .text) {
            self.name = name
            self.type = type
        }
    }

    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case text(String)
        case integer(Int)
        case number(Double)
        case null

        public var description: String {
            switch self {
            case .text(let s): s
            case .integer(let i): String(i)
            case .number(let d): String(format: "%.3f", d)
            case .null: ""
            }
        }
    }

    /// What kind of result this is ("search", "docs", …): JSON output names it.
    public var kind: String
    public var columns: [Column]
    public var rows: [[Value]]
    /// Lines printed after the table in terminal modes ("3 of 41,242 documents").
    public var notes: [String]
    /// The last column holds running text that a terminal table should wrap rather than cut.
    public var wrapsLastColumn: Bool

    public init(kind: String, columns: [Column], rows: [[Value]] = [], notes: [String] = [],
                wrapsLastColumn: Bool = false)
    {
        self.kind = kind
        self.columns = columns
        self.rows = rows
        self.notes = notes
        self.wrapsLastColumn = wrapsLastColumn
    }
}

import Foundation
