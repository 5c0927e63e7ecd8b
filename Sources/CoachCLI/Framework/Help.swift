// Help.swift — usage lines and help pages generated from the command table.

enum Help {
    static func usage(_ spec: CommandSpec) -> String {
        var parts = ["coach", spec.name]
        for o in spec.options {
            let short = o.short.map { "-\($0)|" } ?? ""
            if let v = o.valueName {
                let shown = o.allowed.map { $0.joined(separator: "|") } ?? v
                parts.append("[\(short)--\(o.name) \(shown)]")
            } else {
                parts.append("[\(short)--\(o.name)]")
            }
        }
        for a in spec.arguments {
            switch a.arity {
            case .one: parts.append(a.name)
            case .optional: parts.append("[\(a.name)]")
            case .oneOrMore: parts.append("\(a.name)...")
            case .zeroOrMore: parts.append("[\(a.name)...]")
            }
        }
        return parts.joined(separator: " ")
    }

    static func page(_ spec: CommandSpec) -> String {
        var out = "OVERVIEW: \(spec.abstract)\n\nUSAGE: \(usage(spec))\n"
        if !spec.arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            for a in spec.arguments { out += row(a.name, a.help) }
        }
        out += "\nOPTIONS:\n"
        for o in spec.options {
            var left = o.short.map { "-\($0), " } ?? ""
            left += "--\(o.name)"
            if let v = o.valueName { left += " <\(v.lowercased())>" }
            var help = o.help
            if let allowed = o.allowed { help += " (\(allowed.joined(separator: ", ")))" }
            if let range = o.range { help += " (\(range.lowerBound) to \(range.upperBound))" }
            if let d = o.defaultValue { help += " (default: \(d))" }
            out += row(left, help)
        }
        out += row("-h, --help", "Show help information.")
        if !spec.discussion.isEmpty { out += "\n" + spec.discussion + (spec.discussion.hasSuffix("\n") ? "" : "\n") }
        return out
    }

    static func overview(_ commands: [CommandSpec], version: String) -> String {
        var out = """
        OVERVIEW: coach \(version) — rules and recommendations for seller-mentorship programs.

        USAGE: coach <command> [options] [arguments]

        COMMANDS:

        """
        for c in commands { out += row(c.name, c.abstract) }
        out += """

        Run 'coach help <command>' or 'coach <command> --help' for a command's options.
        Exit status: 0 success, 1 errors in the input or a failed check, 64 a wrong command line.

        """
        return out
    }

    private static func row(_ left: String, _ right: String) -> String {
        let width = 24
        if left.count + 2 >= width + 2 {
            return "  \(left)\n" + String(repeating: " ", count: width + 2) + right + "\n"
        }
        return "  " + left + String(repeating: " ", count: width - left.count) + right + "\n"
    }
}
