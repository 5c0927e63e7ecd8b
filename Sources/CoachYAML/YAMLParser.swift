// YAMLParser.swift — composes libyaml's events into a node tree. The only file that
// talks to libyaml.

internal import CYAML
import CoachSource
@_spi(Streaming) import CoachJSON

/// Parses YAML text into documents of ``Node``s, every node carrying its file, line and
/// column.
///
/// - YAML 1.2 core schema for plain scalars (see ``Resolver``); explicit standard tags
///   honoured, any other tag is an error.
/// - Anchors and aliases, with an expansion budget (``YAMLLimits/maxNodes``) that refuses
///   alias bombs quickly; merge keys (`<<: *base` and lists of them).
/// - Duplicate keys are errors naming both positions.
/// - Invalid UTF-8, too-deep nesting and too-large files are errors with positions.
///
/// Problems the composer can recover from (an unknown tag, a duplicate key) are all
/// collected; a syntax error from libyaml ends the parse. Either way the parse throws a
/// ``DiagnosticError`` holding every problem found.
package struct YAMLParser: Sendable {
    /// The limits applied.
    package var limits: YAMLLimits

    /// Creates a parser with the given limits.
    package init(limits: YAMLLimits = .default) { self.limits = limits }

    /// Reads and parses the file at `path`. The returned ``SourceFile`` is what diagnostics
    /// about the nodes will quote.
    package func parse(path: String) throws(DiagnosticError) -> (file: SourceFile, documents: [Node]) {
        try parse(fileBytes: try FileReader.read(path: path, maxBytes: limits.maxFileBytes), path: path)
    }

    /// Parses a file's bytes as a file holds them (a byte-order mark and all), labelled
    /// `path`: what ``parse(path:)`` does once it has read them, so the same bytes held in
    /// memory give the same nodes and the same problems, at the same places.
    package func parse(fileBytes: [UInt8], path: String) throws(DiagnosticError) -> (file: SourceFile, documents: [Node]) {
        if fileBytes.count > limits.maxFileBytes {  // as FileReader says it of a file, before reading
            throw DiagnosticError(.error("file is \(fileBytes.count) bytes, over the limit of \(limits.maxFileBytes) bytes",
                                         hint: "split the content over several files", code: .yamlFileTooLarge).inFile(path))
        }
        var bytes = fileBytes
        // A byte-order mark is not content: without it, line 1's columns count from the text.
        ByteOrderMark.strip(&bytes)
        let file = SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self))
        return (file, try parse(bytes: bytes, file: file))
    }

    /// Parses `text`, labelled `path` in diagnostics.
    package func parse(text: String, path: String) throws(DiagnosticError) -> [Node] {
        return try parse(SourceFile(path: path, text: ByteOrderMark.stripped(text)))
    }

    /// Parses the text of `file`.
    package func parse(_ file: SourceFile) throws(DiagnosticError) -> [Node] {
        try parse(bytes: Array(file.text.utf8), file: file)
    }

    /// Parses raw bytes; `file` holds the same content as text, for diagnostics.
    package func parse(bytes: [UInt8], file: SourceFile) throws(DiagnosticError) -> [Node] {
        if bytes.starts(with: ByteOrderMark.bytes) {
            // A byte-order mark is not content; positions count from the text after it.
            var rest = bytes
            ByteOrderMark.strip(&rest)
            return try parse(bytes: rest, file: SourceFile(path: file.path, text: ByteOrderMark.stripped(file.text)))
        }
        if bytes.count > limits.maxFileBytes {
            throw DiagnosticError(.error(
                "file is \(bytes.count) bytes, over the limit of \(limits.maxFileBytes) bytes",
                at: file.location(line: 1, column: 1),
                hint: "split the content over several files",
                code: .yamlFileTooLarge))
        }
        let result: Result<[Node], DiagnosticError> = bytes.withUnsafeBufferPointer { buffer in
            if let problem = YAMLParser.invalidUTF8(in: buffer, file: file) { return .failure(DiagnosticError(problem)) }
            let composer = Composer(file: file, limits: limits)
            return composer.run(buffer)
        }
        return try result.get()
    }

    /// The error for the first byte of `bytes` that is not UTF-8, at its line and column in
    /// `file` (which holds the same content as text); nil when all of it is UTF-8.
    static func invalidUTF8(in bytes: UnsafeBufferPointer<UInt8>, file: SourceFile) -> Diagnostic? {
        guard let problem = UTF8Check.firstProblem(in: bytes) else { return nil }
        let hex = String(problem.byte, radix: 16, uppercase: true)
        return .error("invalid UTF-8 (byte 0x\(hex) at offset \(problem.byteOffset))",
                      at: file.location(line: problem.line, column: problem.column), hint: "save the file as UTF-8",
                      code: .yamlInvalidUtf8)
    }
}

/// The event loop: one per parse, never shared.
private final class Composer {
    let file: SourceFile
    let limits: YAMLLimits
    var parser = yaml_parser_t()
    var diagnostics = DiagnosticBag()
    var anchors: [String: Built] = [:]
    /// Where the document being read starts.
    var documentStart: SourceLocation?
    /// The anchors of the documents before this one (an alias cannot reach them).
    var earlierAnchors: Set<String> = []
    var openAnchors: Set<String> = []
    /// Placeholders standing for aliases that could not be resolved (already reported).
    var placeholders: Set<SourceLocation> = []
    var totalNodes = 0
    /// The bytes of scalar text aliases have brought in so far (``YAMLLimits/maxAliasedBytes``).
    var aliasedBytes = 0
    var stack: [Frame] = []
    var documents: [Node] = []

    /// A node with the number of nodes it holds (itself included), for the alias budget,
    /// and how deeply collections nest inside it (0 for a scalar), for the depth limit:
    /// an alias brings its anchor's whole depth along.
    struct Built {
        var node: Node
        var size: Int
        var depth = 0
        /// The bytes of scalar text it holds, for the aliases' byte budget.
        var bytes = 0
        /// Where an alias stood, when this is its copy of the anchored node.
        var writtenAt: SourceLocation?
    }

    enum Frame {
        case document(root: Built?)
        case sequence(Open, items: [Node])
        /// `keysAt`: where each key was written (for an alias, where the alias is, not its anchor).
        case mapping(Open, pairs: [Pair], keysAt: [SourceLocation], pendingKey: Built?)
    }

    struct Open {
        let location: SourceLocation
        let anchor: String?
        let tag: String?
        var size: Int
        /// The bytes of scalar text among the children so far.
        var bytes = 0
        /// The deepest nesting among the children so far.
        var childDepth = 0
    }

    struct Fatal: Error {}

    init(file: SourceFile, limits: YAMLLimits) {
        self.file = file
        self.limits = limits
    }

    deinit { yaml_parser_delete(&parser) }

    func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<[Node], DiagnosticError> {
        guard yaml_parser_initialize(&parser) == 1 else {
            return .failure(DiagnosticError(.error("could not start the YAML parser (out of memory)", code: .yamlMemory)))
        }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        if let base = buffer.baseAddress {
            yaml_parser_set_input_string(&parser, base, buffer.count)
        } else {
            let empty: [UInt8] = [0]
            empty.withUnsafeBufferPointer { yaml_parser_set_input_string(&parser, $0.baseAddress, 0) }
        }
        do {
            var done = false
            while !done {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    diagnostics.add(libyamlError())
                    throw Fatal()
                }
                defer { yaml_event_delete(&event) }
                done = try handle(&event)
            }
        } catch {
            return .failure(DiagnosticError(diagnostics.items.sortedByLocation()))
        }
        if !diagnostics.items.isEmpty { return .failure(DiagnosticError(diagnostics.items.sortedByLocation())) }
        return .success(documents)
    }

    func location(_ mark: yaml_mark_t) -> SourceLocation {
        file.location(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    /// Handles one event; returns true at the end of the stream.
    func handle(_ event: inout yaml_event_t) throws -> Bool {
        let start = location(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return false
        case YAML_STREAM_END_EVENT:
            return true
        case YAML_DOCUMENT_START_EVENT:
            if documents.count >= limits.maxDocuments {
                diagnostics.add(.error(
                    "the stream holds more than \(limits.maxDocuments) documents", at: start,
                    hint: "each '---' starts a document; a rule file holds one", code: .yamlTooManyDocuments))
                throw Fatal()
            }
            if let version = event.data.document_start.version_directive, version.pointee.major == 1, version.pointee.minor != 2 {
                // libyaml takes %YAML 1.1 too, but coach reads every file as YAML 1.2: the
                // file would say its values mean what they do not (yes, 017, 1_000).
                let at = directive(before: start)
                diagnostics.add(.error(
                    "the file says '\(file.lineText(at.line).map { $0.trimmingCharacters(in: .whitespaces).clipped() } ?? "%YAML 1.\(version.pointee.minor)")', but coach reads YAML 1.2, where some values mean something else",
                    at: at,
                    hint: "remove the %YAML directive, and check values YAML 1.1 read otherwise: yes/no/on/off are text, 017 is 17, 1_000 is text",
                    code: .yamlSyntax))
            }
            earlierAnchors.formUnion(anchors.keys)
            documentStart = start
            anchors = [:]
            stack.append(.document(root: nil))
        case YAML_DOCUMENT_END_EVENT:
            guard case .document(let root)? = stack.popLast() else { return false }
            var node = root?.node ?? Node(.scalar(Scalar(text: "", style: .plain, value: .null)), at: documentStart ?? start)
            // An empty document is where its '---' is, not past the file's end.
            if case .scalar(let s) = node.content, s.text.isEmpty, s.style == .plain, node.tag == nil, node.anchor == nil {
                node.location = marker(before: node.location)
                node.endLocation = node.location
            }
            documents.append(node)
        case YAML_ALIAS_EVENT:
            try alias(string(event.data.alias.anchor) ?? "", at: start)
        case YAML_SCALAR_EVENT:
            try scalar(event, at: start)
        case YAML_SEQUENCE_START_EVENT:
            let s = event.data.sequence_start
            try open(at: start)
            let tag = string(s.tag)
            checkCollectionTag(tag, expected: Resolver.Tag.seq, kind: "sequence", at: start)
            let anchor = string(s.anchor)
            if let anchor { openAnchors.insert(anchor) }
            stack.append(.sequence(Open(location: start, anchor: anchor, tag: tag, size: 1), items: []))
        case YAML_SEQUENCE_END_EVENT:
            guard case .sequence(let open, let items)? = stack.popLast() else { return false }
            try finish(Node(.sequence(items), at: open.location, end: location(event.end_mark), anchor: open.anchor, tag: open.tag), open)
        case YAML_MAPPING_START_EVENT:
            let m = event.data.mapping_start
            try open(at: start)
            let tag = string(m.tag)
            checkCollectionTag(tag, expected: Resolver.Tag.map, kind: "mapping", at: start)
            let anchor = string(m.anchor)
            if let anchor { openAnchors.insert(anchor) }
            stack.append(.mapping(Open(location: start, anchor: anchor, tag: tag, size: 1), pairs: [], keysAt: [], pendingKey: nil))
        case YAML_MAPPING_END_EVENT:
            guard case .mapping(let open, let pairs, let keysAt, _)? = stack.popLast() else { return false }
            let merged = mergeAndCheck(pairs, keysAt: keysAt)
            try finish(Node(.mapping(merged), at: open.location, end: location(event.end_mark), anchor: open.anchor, tag: open.tag), open)
        default:
            break
        }
        return false
    }

    /// An alias: the anchored node again (counted towards the expansion limit), or an error
    /// and a null in its place for an unknown or recursive anchor.
    func alias(_ name: String, at start: SourceLocation) throws {
        if var built = anchors[name] {
            try count(built.size, at: start, alias: name)
            try countAliased(built.bytes, at: start, alias: name)
            built.writtenAt = start
            built.node.aliasedAt = start
            try add(built)
        } else {
            if openAnchors.contains(name) {
                diagnostics.add(.error(
                    "alias '*\(name)' is inside the node it refers to", at: start, length: name.count + 1,
                    hint: "recursive structures are not supported; copy the values instead", code: .yamlRecursiveAlias))
            } else {
                let hint = Suggestions.didYouMean(name, in: anchors.keys)
                    ?? (earlierAnchors.contains(name) ? "anchors do not reach across '---': define '&\(name)' again in this document"
                        : "define the anchor with '&\(name)' before using it; to write text that starts with '*', quote the whole value")
                diagnostics.add(.error("unknown anchor '\(name)'", at: start, length: name.count + 1, hint: hint, code: .yamlUnknownAnchor))
            }
            placeholders.insert(start)
            try add(Built(node: Node(.scalar(Scalar(text: "", style: .plain, value: .null)), at: start), size: 1))
        }
    }

    /// A scalar: its text, style, tag and resolved value; remembered under its anchor.
    func scalar(_ event: yaml_event_t, at start: SourceLocation) throws {
        let s = event.data.scalar
        let text: String
        if let value = s.value {
            text = String(decoding: UnsafeBufferPointer(start: value, count: Int(s.length)), as: UTF8.self)
        } else {
            text = ""
        }
        let style: Scalar.Style
        switch s.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: style = .literal
        case YAML_FOLDED_SCALAR_STYLE: style = .folded
        default: style = .plain
        }
        let tag = string(s.tag)
        let value = resolve(text, style: style, tag: tag, at: start)
        let anchor = string(s.anchor)
        try count(1, at: start, alias: nil)
        let node = Node(.scalar(Scalar(text: text, style: style, value: value)), at: start,
                        end: location(event.end_mark), anchor: anchor, tag: tag)
        let built = Built(node: node, size: 1, bytes: Int(s.length))
        if let anchor { anchors[anchor] = built }
        try add(built)
    }

    func open(at location: SourceLocation) throws {
        let depth = stack.count - 1  // every frame but the document's is a collection
        if depth >= limits.maxDepth {
            diagnostics.add(.error(
                "nesting deeper than \(limits.maxDepth) levels",
                at: location,
                hint: "rule files never need this much nesting; check for unbalanced '[' or '{'",
                code: .yamlTooDeep))
            throw Fatal()
        }
        try count(1, at: location, alias: nil)
    }

    func finish(_ node: Node, _ open: Open) throws {
        let built = Built(node: node, size: open.size, depth: open.childDepth + 1, bytes: open.bytes)
        if built.depth > limits.maxDepth {
            diagnostics.add(.error(
                "nesting deeper than \(limits.maxDepth) levels (counting what aliases bring in)",
                at: open.location,
                hint: "rule files never need this much nesting; an alias inside deeply nested anchors multiplies the depth",
                code: .yamlTooDeep))
            throw Fatal()
        }
        if let anchor = open.anchor {
            anchors[anchor] = built
            openAnchors.remove(anchor)
        }
        try add(built)
    }

    /// The `%YAML` line before `location` (a document's start), or the file's first line.
    func directive(before location: SourceLocation) -> SourceLocation {
        var line = min(location.line, file.lineCount)
        while line >= 1 {
            if let text = file.lineText(line), text.hasPrefix("%YAML") { return file.location(line: line, column: 1) }
            line -= 1
        }
        return file.location(line: 1, column: 1)
    }

    /// The `---` line at or before `location` (libyaml places an empty document after it,
    /// on a line past a file's end when the file ends there); `location` when there is none.
    func marker(before location: SourceLocation) -> SourceLocation {
        var line = min(location.line, file.lineCount)
        while line >= 1 {
            if let text = file.lineText(line), text.hasPrefix("---") { return file.location(line: line, column: 1) }
            // Only blank and comment lines between: anything else is not this document's.
            if let text = file.lineText(line)?.drop(while: { $0 == " " }), !text.isEmpty, !text.hasPrefix("#") { break }
            line -= 1
        }
        return location
    }

    func count(_ n: Int, at location: SourceLocation, alias: String?) throws {
        totalNodes += n
        if totalNodes > limits.maxNodes {
            let what = alias.map { "expanding alias '*\($0)' makes" } ?? "the file holds"
            diagnostics.add(.error(
                "\(what) more than \(limits.maxNodes) nodes",
                at: location,
                hint: alias == nil ? "split the content over several files" : "aliases that nest other aliases multiply; this looks like an alias bomb",
                code: .yamlTooManyNodes))
            throw Fatal()
        }
    }

    /// Counts the text an alias brings in; an error past ``YAMLLimits/maxAliasedBytes``.
    func countAliased(_ bytes: Int, at location: SourceLocation, alias: String) throws {
        aliasedBytes += bytes
        if aliasedBytes > limits.maxAliasedBytes {
            diagnostics.add(.error(
                "the aliases up to '*\(alias)' bring in more than \(limits.maxAliasedBytes >> 20) MiB of text",
                at: location, length: alias.utf8.count + 1,
                hint: "an alias copies its anchor's text each time it is used; write long texts once, or shorten them",
                code: .yamlTooMuchAliasedText))
            throw Fatal()
        }
    }

    func add(_ built: Built) throws {
        guard var top = stack.popLast() else { return }
        switch top {
        case .document:
            top = .document(root: built)
        case .sequence(var open, var items):
            // Drop the frame's own reference first, so the append is in place rather than a
            // copy of every item so far (which made long lists quadratic).
            top = .document(root: nil)
            items.append(built.node)
            if items.count > limits.maxItems { try tooMany("items in one sequence", at: built.writtenAt ?? built.node.location) }
            open.size += built.size
            open.bytes += built.bytes
            open.childDepth = max(open.childDepth, built.depth)
            top = .sequence(open, items: items)
        case .mapping(var open, var pairs, var keysAt, let pendingKey):
            top = .document(root: nil)
            open.size += built.size
            open.bytes += built.bytes
            open.childDepth = max(open.childDepth, built.depth)
            if let key = pendingKey {
                pairs.append(Pair(key: key.node, value: built.node))
                if pairs.count > limits.maxItems { try tooMany("keys in one mapping", at: key.writtenAt ?? key.node.location) }
                keysAt.append(key.writtenAt ?? key.node.location)
                top = .mapping(open, pairs: pairs, keysAt: keysAt, pendingKey: nil)
            } else {
                top = .mapping(open, pairs: pairs, keysAt: keysAt, pendingKey: built)
            }
        }
        stack.append(top)
    }

    func tooMany(_ what: String, at location: SourceLocation) throws {
        diagnostics.add(.error(
            "more than \(limits.maxItems) \(what)", at: location,
            hint: "split the content over several files", code: .yamlTooManyItems))
        throw Fatal()
    }

    func resolve(_ text: String, style: Scalar.Style, tag: String?, at location: SourceLocation) -> ScalarValue {
        do throws(Resolver.Failure) {
            if let tag {
                if tag == Resolver.Tag.nonSpecific {
                    diagnostics.add(nonSpecificTag(on: text, style: style, at: location))
                    return .string(text)
                }
                if tag == Resolver.Tag.seq || tag == Resolver.Tag.map {
                    diagnostics.add(.error("tag '\(Resolver.shortName(tag))' cannot be used on a scalar", at: location,
                                           hint: "remove the tag, or write a \(tag == Resolver.Tag.seq ? "sequence" : "mapping")", code: .yamlTagMismatch))
                    return .string(text)
                }
                if !Self.scalarTags.contains(tag) {
                    diagnostics.add(unknownTag(tag, text: text, at: location))
                    return .string(text)
                }
                return try Resolver.resolve(text, tag: tag)
            }
            return style == .plain ? try Resolver.resolvePlain(text) : .string(text)
        } catch {
            switch error {
            case .integerOutOfRange:
                diagnostics.add(.error(
                    "integer \(text) does not fit in 64 bits", at: location, length: text.count,
                    hint: "quote it to keep it as text", code: .yamlIntegerRange))
            case .floatOutOfRange:
                diagnostics.add(.error(
                    "number \(text) is too large for a double", at: location, length: text.count,
                    hint: "write .inf for infinity, or quote it to keep it as text", code: .yamlFloatRange))
            case .floatUnderflow:
                diagnostics.add(.error(
                    "number \(text) is too small for a double: it would read as 0", at: location, length: text.count,
                    hint: "write 0 if zero is meant, or quote it to keep it as text", code: .yamlFloatRange))
            case .doesNotMatch(let tagName):
                diagnostics.add(.error(
                    "'\(text)' is not a valid \(tagName)", at: location,
                    hint: "remove the tag, or write a value of that type", code: .yamlTagMismatch))
            }
        }
        return .string(text)
    }

    static let scalarTags: Set<String> = [
        Resolver.Tag.str, Resolver.Tag.int, Resolver.Tag.float, Resolver.Tag.bool, Resolver.Tag.null,
    ]

    /// `! text`: YAML's non-specific tag, which it drops, keeping the text. In coach's files it
    /// is always a negation meant for an expression (`when: ! has(x)` would read `has(x)`,
    /// the opposite), so it is refused, never dropped.
    func nonSpecificTag(on text: String?, style: Scalar.Style? = nil, at location: SourceLocation) -> Diagnostic {
        guard let text else {
            return .error("'!' before a list or mapping is a YAML tag, which YAML would drop", at: location,
                          hint: "remove the '!'", code: .yamlNonSpecificTag)
        }
        let shown = text.trimmingCharacters(in: .whitespacesAndNewlines).clipped()
        let hint: String
        switch style {
        case .plain?: hint = LibyamlHints.negationHint("! " + shown) + "; otherwise remove the '!'"
        case .literal?, .folded?: hint = "to negate an expression, write the '!' at the start of the block's text; otherwise remove the '!'"
        default: hint = "to negate an expression, put the '!' inside the quotes; otherwise remove the '!'"
        }
        return .error("'!' before a value is a YAML tag, not a negation: YAML would drop it and read '\(shown)'", at: location,
                      hint: hint, code: .yamlNonSpecificTag)
    }

    func unknownTag(_ tag: String, text: String? = nil, at location: SourceLocation) -> Diagnostic {
        // `when: !has(x)` is a tag named `!has(x)`: a negation meant for an expression (a
        // scalar's, so `text` is given; a collection's tag is not that).
        let local = tag.hasPrefix("!") && !tag.hasPrefix("!!") && text != nil
        let text = text ?? ""
        let known = "coach understands only !!str, !!int, !!float, !!bool, !!null, !!seq and !!map"
        return .error("unknown tag '\(Resolver.shortName(tag))'", at: location,
                      hint: local ? known + "; if the '!' is a negation, quote the whole value: " + LibyamlHints.quoted(text.isEmpty ? tag : tag + " " + text)
                          : known,
                      code: .yamlUnknownTag)
    }

    func checkCollectionTag(_ tag: String?, expected: String, kind: String, at location: SourceLocation) {
        guard let tag, tag != expected else { return }
        if tag == Resolver.Tag.nonSpecific {
            diagnostics.add(nonSpecificTag(on: nil, at: location))
            return
        }
        if tag == Resolver.Tag.seq || tag == Resolver.Tag.map || Self.scalarTags.contains(tag) {
            diagnostics.add(.error("tag '\(Resolver.shortName(tag))' cannot be used on a \(kind)", at: location,
                                   hint: "remove the tag", code: .yamlTagMismatch))
        } else {
            diagnostics.add(unknownTag(tag, at: location))
        }
    }

    /// A collection key's content as text: mappings with their keys sorted, since
    /// `{a: 1, b: 2}` and `{b: 2, a: 1}` are the same mapping.
    static func canonical(_ node: Node) -> String {
        switch node.content {
        case .scalar(let s): return "\(s.value.kindName):" + JSONWriter(indent: nil).write(s.value.json)
        case .sequence(let items): return "[" + items.map(canonical).joined(separator: ",") + "]"
        case .mapping(let pairs): return "{" + pairs.map { canonical($0.key) + ":" + canonical($0.value) }.sorted().joined(separator: ",") + "}"
        }
    }

    /// The mappings a merge key's value brings in (a mapping, or a list of mappings); none,
    /// with an error, for anything else (no second error for a value already reported).
    func mergeSources(_ value: Node) -> [Node] {
        switch value.content {
        case .mapping: return [value]
        case .sequence(let items) where items.allSatisfy({ $0.mapping != nil }): return items
        default:
            if placeholders.contains(value.location) { return [] }
            // In a list, point at the item that is not a mapping.
            let culprit = value.sequence?.first { $0.mapping == nil } ?? value
            if placeholders.contains(culprit.location) { return [] }
            diagnostics.add(.error(
                value.sequence != nil
                    ? "a merge key's list holds mappings only, not \(culprit.kindWithArticle)"
                    : "a merge key '<<' needs a mapping or a list of mappings, not \(value.kindWithArticle)",
                at: culprit.location, hint: "write '<<: *anchor' where the anchor names a mapping",
                code: .yamlBadMerge))
            return []
        }
    }

    /// Applies merge keys and reports duplicate keys. Merged pairs take the place of the
    /// `<<` entry; keys written in the mapping itself win over merged ones, and earlier
    /// merge sources win over later ones.
    func mergeAndCheck(_ pairs: [Pair], keysAt: [SourceLocation]) -> [Pair] {
        /// What makes two keys the same: equal scalar values, or collections with equal contents.
        enum KeyIdentity: Hashable {
            case scalar(ScalarValue)
            case collection(String)
        }
        func identity(_ key: Node) -> KeyIdentity {
            if let s = key.scalar { return .scalar(s.value) }
            return .collection(Self.canonical(key))
        }
        var seen: [KeyIdentity: SourceLocation] = [:]
        var result: [Pair] = []
        func isMergeKey(_ key: Node) -> Bool {
            guard let s = key.scalar, s.text == "<<" else { return false }
            return (s.style == .plain && key.tag == nil) || key.tag == "tag:yaml.org,2002:merge"
        }
        // Explicit keys first, so that merged keys never shadow them.
        for (i, pair) in pairs.enumerated() where !isMergeKey(pair.key) {
            let key = identity(pair.key)
            let at = i < keysAt.count ? keysAt[i] : pair.key.location
            if let first = seen[key] {
                let shown = pair.key.scalar?.text ?? JSONWriter(indent: nil).write(pair.key.json)
                diagnostics.add(.error(
                    "duplicate key '\(shown)'", at: at,
                    length: max(1, pair.key.scalar?.text.count ?? 1),
                    hint: "remove one of the two, or rename it",
                    notes: [.init("first defined here", at: first)],
                    code: .yamlDuplicateKey))
            } else {
                seen[key] = at
            }
        }
        // `<<` given twice is a duplicate key as any other (YAML 1.1); the second would
        // otherwise be merged silently after the first.
        var firstMerge: SourceLocation?
        for (i, pair) in pairs.enumerated() where isMergeKey(pair.key) {
            let at = i < keysAt.count ? keysAt[i] : pair.key.location
            guard let first = firstMerge else { firstMerge = at; continue }
            diagnostics.add(.error(
                "duplicate key '<<'", at: at, length: 2,
                hint: "merge several mappings with one key: '<<: [*first, *second]'",
                notes: [.init("first defined here", at: first)], code: .yamlDuplicateKey))
        }
        var mergedKeys = Set<KeyIdentity>()
        for pair in pairs {
            guard isMergeKey(pair.key) else { result.append(pair); continue }
            for source in mergeSources(pair.value) {
                for merged in source.mapping ?? [] {
                    let key = identity(merged.key)
                    if seen[key] != nil || mergedKeys.contains(key) { continue }
                    mergedKeys.insert(key)
                    result.append(merged)
                }
            }
        }
        return result
    }

    func libyamlError() -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown YAML error"
        let context = parser.context.map { String(cString: $0) }
        if parser.error == YAML_MEMORY_ERROR {
            return .error("out of memory while reading YAML", code: .yamlMemory)
        }
        if parser.error == YAML_READER_ERROR {
            // The reader reports a byte offset, not a mark.
            let prefix = Array(file.text.utf8).prefix(Int(parser.problem_offset))
            let at = file.location(atScalarOffset: prefix.reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 })
            return .error("cannot read the file: \(problem)", at: at, hint: "save the file as UTF-8 text", code: .yamlReader)
        }
        var problemAt = location(parser.problem_mark)
        // At the end of the file libyaml points past the last line; point at its end instead,
        // so the line is shown.
        if problemAt.column == 1, (file.lineText(problemAt.line) ?? "").isEmpty, problemAt.line > 1 {
            var line = problemAt.line - 1
            while line > 1, (file.lineText(line) ?? "").isEmpty { line -= 1 }
            problemAt = file.location(line: line, column: (file.lineText(line)?.unicodeScalars.count ?? 0) + 1)
        }
        let contextAt = context == nil ? nil : location(parser.context_mark)
        // The lines of the flow list or mapping the problem is in (from where it opened, at
        // most 200): a ' #' on an earlier one hid the rest of that line as a comment, and
        // libyaml reports the missing ',' only on the next line.
        let span = contextAt.flatMap { c -> String? in
            guard c.line <= problemAt.line else { return nil }
            return (max(c.line, problemAt.line - 200)...problemAt.line).compactMap { file.lineText($0) }.joined(separator: "\n")
        }
        let hint = LibyamlHints.hint(problem: problem, context: context, characterAt: character(at: problemAt),
                                     line: file.lineText(problemAt.line).map { String($0) }, span: span)
        if context == "while scanning a quoted scalar", problem.contains("end of stream"), let contextAt {
            return .error("quoted string is never closed", at: contextAt,
                          hint: "add the closing quote; the file ended at \(problemAt.line):\(problemAt.column) while still inside the string",
                          code: .yamlSyntax)
        }
        var notes: [Diagnostic.Note] = []
        // Contexts that only restate the scanner's state ("while scanning a plain scalar")
        // add nothing; those naming an enclosing collection show where it began.
        if let context, let contextAt, contextAt != problemAt, context.hasPrefix("while parsing") {
            notes.append(.init(context, at: contextAt))
        }
        return .error(problem, at: problemAt, hint: hint, notes: notes, code: .yamlSyntax)
    }

    func character(at location: SourceLocation) -> Character? {
        guard let line = file.lineText(location.line) else { return nil }
        let scalars = Array(line.unicodeScalars)
        guard location.column - 1 < scalars.count, location.column >= 1 else { return nil }
        return Character(scalars[location.column - 1])
    }
}
