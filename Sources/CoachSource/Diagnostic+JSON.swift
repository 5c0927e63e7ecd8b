// Diagnostic+JSON.swift — the one JSON form of a diagnostic, and of a refusal holding several:
// every command, `coach batch`'s error records, the C ABI and the bindings write these.

@_spi(Streaming) import CoachJSON

extension Diagnostic.Note {
    /// `{"message": …, "location": {…}}`, the location only when the note has one.
    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [("message", .string(message))]
        if let location { pairs.append(("location", location.json)) }
        return .object(pairs)
    }
}

extension SourceLocation {
    /// `{"file": …, "line": …, "column": …}`.
    package var json: JSONValue {
        .object([("file", .string(path)), ("line", .int(Int64(line))), ("column", .int(Int64(column)))])
    }
}

extension Diagnostic {
    /// The diagnostic as JSON: severity, code, message, and where known the location, hint
    /// and notes (schemas/diagnostic.schema.json).
    package var json: JSONValue { json(namingFile: true) }

    /// The same; `namingFile: false` leaves out the file of a problem with no position: a
    /// result's warnings are the same bytes whether its snapshot came from a file, standard
    /// input, a batch line or the C ABI, which knows no file (the text view still names it).
    package func json(namingFile: Bool) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("severity", .string(severity.rawValue)), ("code", .string(code)),
                                            ("message", .string(message))]
        if let location {
            pairs.append(("location", location.json))
        } else if namingFile, let file {
            // A problem about a whole file (a rule set's empty file, a snapshot refused with
            // no position): the same shape, with the file only.
            pairs.append(("location", .object([("file", .string(file))])))
        }
        if let hint { pairs.append(("hint", .string(hint))) }
        if !notes.isEmpty { pairs.append(("notes", .array(notes.map(\.json)))) }
        return .object(pairs)
    }
}

extension Diagnostic {
    /// Writes ``json`` into `s` without making the tree (results write their diagnostics this
    /// way; a test holds the two equal).
    /// `namingFile: false` leaves out the file of a problem with no position, as
    /// ``json(namingFile:)`` does.
    package func write(to s: inout JSONStream, namingFile: Bool = true) {
        let file = namingFile ? self.file : nil
        if s.isOneLine, notes.isEmpty {
            writeOnOneLine(to: &s, file: file)
            return
        }
        s.beginObject()
        s.key("severity"); s.string(severity.rawValue)
        s.key("code"); s.string(code)
        s.key("message"); s.string(message)
        if let location {
            s.key("location"); location.write(to: &s)
        } else if let file {
            s.key("location"); s.beginObject(); s.key("file"); s.string(file); s.endObject()
        }
        if let hint { s.key("hint"); s.string(hint) }
        if !notes.isEmpty {
            s.key("notes")
            s.beginArray()
            for n in notes {
                s.beginObject()
                s.key("message"); s.string(n.message)
                if let l = n.location { s.key("location"); l.write(to: &s) }
                s.endObject()
            }
            s.endArray()
        }
        s.endObject()
    }
}

extension Diagnostic {
    /// ``write(to:)`` on one line, for a diagnostic without notes (those a result holds), laid
    /// out here rather than a key at a time through the stream: the same text.
    private func writeOnOneLine(to s: inout JSONStream, file: String?) {
        s.beginLaidOutValue()
        s.put("{\"severity\":"); s.putQuoted(severity.rawValue)
        s.put(",\"code\":"); s.putQuoted(code)
        s.put(",\"message\":"); s.putQuoted(message)
        if let location {
            s.put(",\"location\":{\"file\":"); s.putQuoted(location.path)
            s.put(",\"line\":"); s.putInt(location.line)
            s.put(",\"column\":"); s.putInt(location.column)
            s.put("}")
        } else if let file {
            s.put(",\"location\":{\"file\":"); s.putQuoted(file); s.put("}")
        }
        if let hint { s.put(",\"hint\":"); s.putQuoted(hint) }
        s.put("}")
    }
}

extension SourceLocation {
    /// Writes ``json`` into `s`.
    func write(to s: inout JSONStream) {
        s.beginObject()
        s.key("file"); s.string(path)
        s.key("line"); s.int(line)
        s.key("column"); s.int(column)
        s.endObject()
    }
}

extension Diagnostic: Encodable {
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension DiagnosticError {
    /// `{…context, "error": first error's message, "diagnostics": [...]}` (schemas/error.schema.json):
    /// how anything refused is reported as JSON. `context` names what was refused (an input
    /// line, an expression's stage) and comes first.
    package func json(context: [(String, JSONValue)] = []) -> JSONValue {
        let first = diagnostics.first { $0.severity == .error } ?? diagnostics.first
        return .object(context + [("error", .string(first?.message ?? "failed")), ("diagnostics", .array(diagnostics.map(\.json)))])
    }
}
