/// The REPL's own commands (they start with a dot and act on the session, not the corpus).
public struct MetaCommand: Sendable {
    public var name: String
    public var syntax: String
    public var summary: String
}

public enum MetaCommands {
    public static let all: [MetaCommand] = [
        MetaCommand(name: ".help", syntax: ".help [command]", summary: "commands and their syntax"),
        MetaCommand(name: ".mode", syntax: ".mode table|json|jsonl|csv|markdown|line|dot", summary: "output format"),
        MetaCommand(name: ".timer", syntax: ".timer on|off", summary: "print wall time and rows after each query"),
        MetaCommand(name: ".width", syntax: ".width N", summary: "table width in columns (default: the terminal's)"),
        MetaCommand(name: ".open", syntax: ".open PATH", summary: "load another corpus (folder, .jsonl, .jsonl.gz, snapshot file)"),
        MetaCommand(name: ".save", syntax: ".save PATH", summary: "save the analysed corpus as a snapshot file (open it again in a second)"),
        MetaCommand(name: ".read", syntax: ".read FILE", summary: "run the lines of a script"),
        MetaCommand(name: ".output", syntax: ".output [FILE]", summary: "send results to a file; alone: back to the screen"),
        MetaCommand(name: ".quit", syntax: ".quit", summary: "leave (also .exit and Ctrl-D)"),
        MetaCommand(name: ".exit", syntax: ".exit", summary: "leave"),
    ]
}
