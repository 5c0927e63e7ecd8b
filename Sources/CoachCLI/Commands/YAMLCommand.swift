// YAMLCommand.swift — `coach yaml`: shows how YAML files resolve, types and all.

@_spi(Streaming) import CoachJSON
import CoachSource
import CoachYAML

extension Commands {
    static let yaml = CommandSpec(
        name: "yaml",
        abstract: "Show how YAML files resolve: every value with its type and position.",
        discussion: """
        What an author runs when a value does not mean what they thought: 'NO' and 'yes'
        stay strings, '010' is the integer 10, '1e3' is a float.

        --format text (default) lists every node with its line:column and resolved type.
        --format json prints, for each file, a JSON array of its documents, types kept
        (non-finite floats as "Infinity", "-Infinity", "NaN"); several files give one
        array after another, in the order given, and a file among them that cannot be read
        gives null in its place, so the values still pair with the files (one file that
        cannot be read gives nothing).

        Errors go to standard error as file:line:column diagnostics; the exit status is 1
        when any file has an error (the other files are still shown).

        EXAMPLES:
          coach yaml Rules/ruleset.yaml
          coach yaml --format json Rules/signals.yaml
        """,
        arguments: [ArgumentSpec("FILE", arity: .oneOrMore, help: "YAML files to read.")],
        options: [.value("format", short: "f", "FORMAT", allowed: OutputFormat.allCases.map(\.rawValue), default: "text",
                         help: "Output format.")],
        run: runYAML
    )

    @Sendable static func runYAML(_ args: ParsedArguments, _ context: CommandContext) -> ExitCode {
        let json = args.format == .json
        var failed = false
        for path in args.positionals {
            do throws(DiagnosticError) {
                let (_, documents) = try YAMLParser().parse(path: path)
                if json {
                    // Refuse rather than print an object with the same key twice.
                    let clashes = documents.flatMap(\.jsonKeyClashes)
                    if !clashes.isEmpty { throw DiagnosticError(clashes) }
                    context.stdout.write(JSONWriter().write(.array(documents.map(\.json))) + "\n")
                } else {
                    context.stdout.write(YAMLTextView.render(path: path, documents: documents))
                }
            } catch {
                failed = true
                context.report(error.diagnostics)
                // Its place kept: the lines pair with the files given.
                if json, args.positionals.count > 1 { context.stdout.write("null\n") }
            }
        }
        return failed ? .failure : .success
    }
}

/// The text view of `coach yaml`: one line per node, position first.
enum YAMLTextView {
    static func render(path: String, documents: [Node]) -> String {
        var out = ""
        if documents.isEmpty { return "\(path): no documents\n" }
        for (i, doc) in documents.enumerated() {
            out += "\(path): document \(i + 1) of \(documents.count)\n"
            var lines: [(String, String)] = []
            walk(doc, label: "", depth: 0, into: &lines)
            let width = lines.map(\.0.count).max() ?? 0
            for (pos, text) in lines {
                out += "  " + pos + String(repeating: " ", count: width - pos.count + 2) + text + "\n"
            }
        }
        return out
    }

    private static func walk(_ node: Node, label: String, depth: Int, into lines: inout [(String, String)]) {
        let indent = String(repeating: "  ", count: depth)
        let pos = "\(node.location.line):\(node.location.column)"
        switch node.content {
        case .scalar(let s):
            lines.append((pos, indent + label + describe(s)))
        case .sequence(let items):
            lines.append((pos, indent + label + "sequence of \(items.count)"))
            for item in items { walk(item, label: "- ", depth: depth + 1, into: &lines) }
        case .mapping(let pairs):
            lines.append((pos, indent + label + "mapping of \(pairs.count)"))
            for pair in pairs {
                let key: String
                if let s = pair.key.scalar, case .string(let text) = s.value {
                    key = isBare(text) ? text : JSONWriter.quoted(text)
                } else {
                    key = "[" + pair.key.jsonKey + "]"
                }
                walk(pair.value, label: key + ": ", depth: depth + 1, into: &lines)
            }
        }
    }

    private static func describe(_ s: Scalar) -> String {
        let style = s.style == .plain ? "" : " (\(s.style.rawValue))"
        switch s.value {
        case .null: return "null" + style
        case .bool(let b): return "boolean \(b)" + style
        case .int(let i): return "integer \(i)" + style
        case .float(let d): return "float \(JSONWriter.number(d).replacingQuotes)" + style
        case .string(let text): return "string \(JSONWriter.quoted(text))" + style
        }
    }

    private static func isBare(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "." }
    }
}

private extension String {
    var replacingQuotes: String { filter { $0 != "\"" } }
}
