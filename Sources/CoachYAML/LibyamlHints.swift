// LibyamlHints.swift — plain-language hints for libyaml's syntax errors.

import CoachSource

/// Turns libyaml's terse problem texts into advice an author can act on.
enum LibyamlHints {
    /// `span`: the lines of the flow collection the problem is in, up to the problem's.
    static func hint(problem: String, context: String?, characterAt c: Character?, line: String? = nil, span: String? = nil) -> String? {
        if c == "\t" || problem.contains("tab") {
            return "YAML does not allow tabs for indentation; indent with spaces"
        }
        if c == "\u{FEFF}" || line?.unicodeScalars.contains("\u{FEFF}") == true {
            return "the line holds an invisible byte-order mark (U+FEFF), as when files are joined with cat; delete it"
        }
        if let value = line.flatMap(value(on:)), let hint = valueHint(value, problem: problem, context: context) { return hint }
        if problem.contains("cannot start any token") {
            if c == "@" || c == "`" { return "'\(c.map(String.init) ?? "")' is reserved in YAML; put the value in quotes" }
            if c == "%" { return "a value starting with '%' must be quoted" }
            return "put the value in quotes"
        }
        if problem.contains("mapping values are not allowed"), let line, let colon = line.range(of: ": ") ?? line.range(of: ":"),
           line.distance(from: line.startIndex, to: colon.lowerBound) > 1024 {
            return "a key is at most 1024 characters long in YAML (this one is longer, quoted or not); shorten it"
        }
        if problem.contains("did not find expected <document start>") {
            return "check the indentation: a file's top-level keys start in its first column, every one of them"
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
        if problem.contains("did not find expected ',' or"), let text = span ?? line, text.contains(" #") {
            return "a ' #' inside a flow list or mapping starts a comment, which hides the rest of the line: quote the item that holds the '#'"
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

    /// Advice on the way a value starts, where YAML read it as something else: an
    /// expression negated with `!` (a tag), a value quoted only in part, a template starting
    /// with `{{` (a mapping).
    static func valueHint(_ value: Substring, problem: String, context: String?) -> String? {
        guard let first = value.first else { return nil }
        let shown = value.clipped()
        switch first {
        case "!" where !value.hasPrefix("!!"):
            return negationHint(String(value))
        case "'" where endsEarly(value, quote: "'"):
            return "a value in single quotes ends at the next ', and YAML allows nothing after it: to write an apostrophe inside, write it twice ('It''s'); to quote part of an expression, quote the whole value in double quotes"
        case "\"" where endsEarly(value, quote: "\""):
            let how = value.contains("'") ? "write it as a block: '>-' after the colon, and the value on the next line, indented"
                : "quote the whole value with the other kind of quotes: '\(shown)'"
            return "a quoted value ends at its closing quote, and YAML allows nothing after it; \(how)"
        case "*", "&":
            let what = first == "*" ? "an alias (a copy of an anchored value)" : "an anchor's name"
            return "a value starting with '\(first)' is read as \(what); to write text, quote the whole value: \(quoted(String(value)))"
        case "{", "[":
            // Where a block mapping or list wanted its next entry: a flow list's own errors are not this.
            guard problem.contains("expected key") || problem.contains("comment or line break") || problem.contains("'-' indicator")
            else { return nil }
            let kind = first == "{" ? "mapping" : "list"
            return "a value starting with '\(first)' is read as a YAML \(kind); to write text, quote the whole value: \"\(shown)\""
        default:
            return nil
        }
    }

    /// The hint for a value starting with `!`, which YAML reads as a tag: quote the whole
    /// value (in the quotes it does not hold).
    package static func negationHint(_ value: String) -> String {
        "a value starting with '!' is read as a YAML tag; to negate an expression, quote it whole: " + quoted(value)
    }

    /// `value` in the quotes it does not hold; a block when it holds both.
    package static func quoted(_ value: String) -> String {
        let shown = value.clipped()
        return !shown.contains("\"") ? "\"\(shown)\"" : !shown.contains("'") ? "'\(shown)'"
            : "a block: '>-' after the colon, and the expression on the next line, indented"
    }

    /// The value written on a line: after the `- ` of list items and a `key: ` (a quoted key
    /// too); nil for a line that has neither (the inside of a flow collection, say, where
    /// the line alone cannot tell what went wrong).
    static func value(on line: String) -> Substring? {
        var rest = line.drop { $0 == " " }
        var structured = false
        while rest.hasPrefix("- ") {
            rest = rest.dropFirst(2).drop { $0 == " " }
            structured = true
        }
        if let quote = rest.first, quote == "'" || quote == "\"" {
            // A quoted key: its value follows the closing quote and ': '.
            if let close = rest.dropFirst().firstIndex(of: quote), rest[rest.index(after: close)...].hasPrefix(": ") {
                rest = rest[rest.index(close, offsetBy: 3)...].drop { $0 == " " }
                structured = true
            }
        } else if let first = rest.first, !"{[!".contains(first), let colon = rest.range(of: ": ") {
            rest = rest[colon.upperBound...].drop { $0 == " " }
            structured = true
        }
        while let last = rest.last, last == " " { rest = rest.dropLast() }
        return structured ? rest : nil
    }

    /// Whether a value starting with `quote` has more than spaces or a comment after the
    /// quote that closes it (a doubled `''`, or a `\"` escape, does not close it).
    static func endsEarly(_ value: Substring, quote: Character) -> Bool {
        var i = value.index(after: value.startIndex)
        while i < value.endIndex {
            let c = value[i]
            let next = value.index(after: i)
            if quote == "\"", c == "\\" {
                i = next < value.endIndex ? value.index(after: next) : next
                continue
            }
            if c == quote {
                if quote == "'", next < value.endIndex, value[next] == "'" { i = value.index(after: next); continue }
                let after = value[next...].drop { $0 == " " }
                return !after.isEmpty && !after.hasPrefix("#")
            }
            i = next
        }
        return false
    }
}
