// LibyamlHints.swift — plain-language hints for libyaml's syntax errors.

/// Turns libyaml's terse problem texts into advice an author can act on.
enum LibyamlHints {
    static func hint(problem: String, context: String?, characterAt c: Character?) -> String? {
        if c == "\t" || problem.contains("tab") {
            return "YAML does not allow tabs for indentation; indent with spaces"
        }
        if problem.contains("cannot start any token") {
            if c == "@" || c == "`" { return "'\(c.map(String.init) ?? "")' is reserved in YAML; put the value in quotes" }
            if c == "%" { return "a value starting with '%' must be quoted" }
            return "put the value in quotes"
        }
        if problem.contains("mapping values are not allowed") {
            return "a ': ' inside an unquoted value starts a new mapping; quote the value, or check the indentation of this line"
        }
        if problem.contains("did not find expected key") {
            return "check the indentation: the keys of one mapping must start in the same column"
        }
        if problem.contains("did not find expected '-' indicator") {
            return "check the indentation: the items of one list must start with '- ' in the same column"
        }
        if problem.contains("did not find expected ',' or ']'") {
            return "a flow list needs commas between items and a closing ']'"
        }
        if problem.contains("did not find expected ',' or '}'") {
            return "a flow mapping needs commas between entries and a closing '}'"
        }
        if problem.contains("could not find expected ':'") {
            return "a key must be followed by ': ' (a colon and a space); a multi-line value needs quotes or '|'"
        }
        if problem.contains("did not find expected node content") {
            return "a value is missing here"
        }
        if problem.contains("block sequence entries are not allowed") {
            return "a '- ' list cannot start on the same line as a key; put it on the next line, indented"
        }
        if problem.contains("end of stream") {
            return "the file ends in the middle of a value; check for a missing closing quote or bracket"
        }
        if problem.contains("undefined tag handle") {
            return "only the '!!' tag handle is predefined; remove the tag"
        }
        if problem.contains("found duplicate %YAML directive") || problem.contains("incompatible YAML document") {
            return "remove the %YAML directive; coach reads YAML 1.2"
        }
        if let context, context.contains("block scalar") {
            return "check the indentation of the '|' or '>' block"
        }
        return nil
    }
}
