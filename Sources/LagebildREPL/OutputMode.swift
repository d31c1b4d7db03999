/// How results are printed. Modes are data: the renderer switches on them, the REPL and CLI parse them.
public enum OutputMode: String, Sendable, CaseIterable {
    case table, json, jsonl, csv, markdown, line
    /// Graphviz DOT, for results that are graphs (`graph`, `cooccur`); other results are written as a table.
    case dot
    /// GraphML (Gephi, yEd, networkx), for the same results.
    case graphml
    /// A self-contained SVG picture, for results that have one (`timeline`); other results as a table.
    case svg
}
