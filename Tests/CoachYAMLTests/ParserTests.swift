// ParserTests.swift — positions, limits, documents and aliases, checked in code.

@_spi(Streaming) import CoachJSON
import CoachSource
import CoachYAML
import Testing

private func parse(_ text: String, limits: YAMLLimits = .default) throws(DiagnosticError) -> [Node] {
    try YAMLParser(limits: limits).parse(text: text, path: "test.yaml")
}

private func hints(_ text: String) -> [String] {
    do {
        _ = try parse(text)
        return []
    } catch {
        return error.diagnostics.compactMap(\.hint)
    }
}

private func codes(_ text: String, limits: YAMLLimits = .default) -> [String] {
    do {
        _ = try parse(text, limits: limits)
        return []
    } catch {
        return error.diagnostics.compactMap(\.code)
    }
}

@Suite struct ParserTests {
    @Test func `every node carries its 1-based line and column`() throws {
        let docs = try parse("a: 1\nlist:\n  - x\n  - {k: v}\n")
        let root = try #require(docs.first)
        #expect(root.location.line == 1 && root.location.column == 1)
        let list = try #require(root["list"])
        #expect(list.location.line == 3 && list.location.column == 3)
        let items = try #require(list.sequence)
        #expect(items[0].location.line == 3 && items[0].location.column == 5)
        let map = items[1]
        #expect(map.location.line == 4 && map.location.column == 5)
        let v = try #require(map["k"])
        #expect(v.location.line == 4 && v.location.column == 9)
        #expect(v.location.path == "test.yaml")
    }

    @Test func `columns count characters, not bytes`() throws {
        let docs = try parse("é: ü\n")
        let value = try #require(docs.first?["é"])
        #expect(value.location.column == 4)
    }

    @Test func `several documents come back in order, an empty one as null`() throws {
        let docs = try parse("a: 1\n---\n---\n- b\n")
        #expect(docs.count == 3)
        #expect(docs[1].scalar?.value == .null)
        #expect(docs[2].sequence?.count == 1)
    }

    @Test func `an empty stream has no documents`() throws {
        #expect(try parse("").isEmpty)
        #expect(try parse("# only a comment\n").isEmpty)
    }

    @Test func `10,000 nested brackets are an error, not a stack overflow`() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(codes(text) == ["yaml.too-deep"])
        let braces = String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(codes(braces) == ["yaml.too-deep"])
    }

    @Test func `nesting up to the limit is fine`() throws {
        let limits = YAMLLimits(maxDepth: 20)
        let ok = String(repeating: "[", count: 20) + String(repeating: "]", count: 20)
        #expect(try parse(ok, limits: limits).count == 1)
        let tooDeep = String(repeating: "[", count: 21) + String(repeating: "]", count: 21)
        #expect(codes(tooDeep, limits: limits) == ["yaml.too-deep"])
    }

    @Test func `a file over the size limit is refused before parsing`() {
        let limits = YAMLLimits(maxFileBytes: 100)
        #expect(codes(String(repeating: "a: 1\n", count: 30), limits: limits) == ["yaml.file-too-large"])
        #expect(codes(String(repeating: "a: 1\n", count: 10), limits: limits).isEmpty == false)  // duplicate keys
    }

    @Test func `alias expansion counts against the node budget`() {
        let limits = YAMLLimits(maxNodes: 50)
        let bomb = "a: &a [1,2,3,4,5,6,7,8,9,10]\nb: [*a, *a, *a, *a, *a, *a]\n"
        #expect(codes(bomb, limits: limits) == ["yaml.too-many-nodes"])
        let fine = "a: &a [1,2,3]\nb: [*a, *a]\n"
        #expect(codes(fine, limits: limits).isEmpty)
    }

    /// One long text named by many aliases: few nodes, but each use a copy to check and
    /// write (a 7 MiB text under 3,000 aliases took `coach check` minutes).
    @Test func `text brought in by aliases counts against a byte budget`() throws {
        let limits = YAMLLimits(maxAliasedBytes: 100)
        let long = "t: &t \"" + String(repeating: "x", count: 30) + "\"\n"
        #expect(codes(long + "u: [*t, *t, *t]\n", limits: limits).isEmpty)  // 90 bytes
        #expect(codes(long + "u: [*t, *t, *t, *t]\n", limits: limits) == ["yaml.too-much-aliased-text"])
        // Text inside an aliased collection counts too, each time the collection is used.
        let nested = "m: &m {a: \"" + String(repeating: "y", count: 40) + "\", b: [*t]}\n"
        let wider = YAMLLimits(maxAliasedBytes: 120)
        #expect(codes(long + nested + "u: [*m]\n", limits: wider).isEmpty)  // 30, then 72 (40, the keys, 30)
        #expect(codes(long + nested + "u: [*m, *m]\n", limits: wider) == ["yaml.too-much-aliased-text"])
        // At the default budget: a 2 MiB text may be used a few times, not ten.
        let big = "t: &t \"" + String(repeating: "x", count: 2 << 20) + "\"\n"
        #expect(codes(big + "u: [*t, *t]\n").isEmpty)
        #expect(codes(big + "u: [" + Array(repeating: "*t", count: 10).joined(separator: ", ") + "]\n") == ["yaml.too-much-aliased-text"])
    }

    @Test func `an alias is a copy of the anchored node, keeping its position`() throws {
        let docs = try parse("base: &b {x: 1}\nuse: *b\n")
        let use = try #require(docs.first?["use"])
        #expect(use["x"]?.scalar?.value == .int(1))
        #expect(use.location.line == 1)
    }

    @Test func `anchors do not leak from one document to the next`() {
        #expect(codes("a: &x 1\n---\nb: *x\n") == ["yaml.unknown-anchor"])
        // The hint says why, rather than asking for an anchor the file already has.
        #expect(hints("a: &x 1\n---\nb: *x\n") == ["anchors do not reach across '---': define '&x' again in this document"])
    }

    /// What an author meant as text (emphasis, a joined file's mark) gets a hint that says so.
    @Test(arguments: [
        ("title: *bold* tip\n", "a value starting with '*' is read as an alias (a copy of an anchored value); to write text, quote the whole value: \"*bold* tip\""),
        ("title: & more\n", "a value starting with '&' is read as an anchor's name; to write text, quote the whole value: \"& more\""),
        ("a: 1\n\u{FEFF}b: 2\n", "the line holds an invisible byte-order mark (U+FEFF), as when files are joined with cat; delete it"),
        ("\"" + String(repeating: "k", count: 1_100) + "\": 1\n", "a key is at most 1024 characters long in YAML (this one is longer, quoted or not); shorten it"),
        ("  a: 1\nb: 2\n", "check the indentation: a file's top-level keys start in its first column, every one of them"),
        ("actions: [Get to #1 in search, Other]\n", "a ' #' inside a flow list or mapping starts a comment, which hides the rest of the line: quote the item that holds the '#'"),
    ])
    func `text YAML reads as something else gets a hint saying so`(_ text: String, _ hint: String) {
        #expect(hints(text) == [hint])
    }

    @Test func `duplicate keys compare resolved values`() {
        #expect(codes("1: a\n0x1: b\n") == ["yaml.duplicate-key"])
        #expect(codes("1: a\n'1': b\n").isEmpty)
        #expect(codes("a: 1\nb: 2\n").isEmpty)
    }

    @Test func `a duplicate key names both positions`() throws {
        do {
            _ = try parse("a: 1\nb: 2\na: 3\n")
            Issue.record("accepted")
        } catch {
            let d = try #require(error.diagnostics.first)
            #expect(d.location?.line == 3)
            #expect(d.notes.first?.location?.line == 1)
        }
    }

    @Test func `scalars keep their style`() throws {
        let docs = try parse("a: plain\nb: 'single'\nc: \"double\"\nd: |\n  lit\ne: >\n  fold\n")
        let root = try #require(docs.first)
        #expect(root["a"]?.scalar?.style == .plain)
        #expect(root["b"]?.scalar?.style == .singleQuoted)
        #expect(root["c"]?.scalar?.style == .doubleQuoted)
        #expect(root["d"]?.scalar?.style == .literal)
        #expect(root["e"]?.scalar?.style == .folded)
    }

    @Test func `a NUL byte inside a quoted scalar is kept`() throws {
        let docs = try parse("a: \"x\\0y\"\n")
        #expect(docs.first?["a"]?.scalar?.text == "x\u{0}y")
    }
}
