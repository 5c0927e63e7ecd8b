// MappingReader.swift — reads a YAML mapping key by key, with typed accessors that report
// wrong types at the value's position, and unknown keys with "did you mean".

import CoachSource
import CoachYAML

/// Reads one YAML mapping of a rule-set file. Every key taken is remembered; ``finish(_:)``
/// reports the keys nobody took as unknown, suggesting the closest allowed key.
package struct MappingReader {
    /// The mapping node.
    package let node: Node
    /// What the mapping is, for messages: `rule`, `tip`, `manifest`.
    package let what: String
    private var entries: [(String, Pair)] = []
    /// Each key's position in ``entries``, built only for a mapping of more than
    /// ``MappingReader/scanLimit`` keys (a generated file may hold tens of thousands); a
    /// small one is searched in order, which costs less than hashing its keys.
    private var index: [String: Int]?
    /// Per entry: whether a decoder took its key.
    private var used: [Bool] = []
    /// Every key a decoder asked for, present or not, in order: the keys this mapping knows.
    private var taken: [String] = []

    /// Mappings of up to this many keys are searched in order rather than hashed.
    static let scanLimit = 16

    /// A reader for `node`, or `nil` (with an error) when it is not a mapping.
    package init?(_ node: Node, what: String, bag: inout DiagnosticBag) {
        guard let pairs = node.mapping else {
            bag.error("\(what) must be a mapping, not \(node.kindWithArticle)", at: node.location,
                      hint: "write it as 'key: value' lines", code: .rulesType)
            return nil
        }
        self.node = node
        self.what = what
        entries.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let key = pair.key.scalar?.text else {
                bag.error("keys of a \(what) must be plain names", at: pair.key.location, code: .rulesType)
                continue
            }
            // `1` and `"1"` are different YAML keys but the same name here: never let one
            // silently win.
            if let first = position(of: key) {
                bag.error("key '\(key)' is given twice in \(what)", at: pair.key.location, length: key.count,
                          hint: "remove one of the two", notes: [.init("first given here", at: entries[first].1.key.location)], code: .rulesDuplicateKey)
                continue
            }
            if index != nil {
                index?[key] = entries.count
            } else if entries.count == MappingReader.scanLimit {
                var all = [String: Int](minimumCapacity: pairs.count)
                for (i, e) in entries.enumerated() { all[e.0] = i }
                all[key] = entries.count
                index = all
            }
            entries.append((key, pair))
        }
        used = Array(repeating: false, count: entries.count)
    }

    /// Where `key` is in ``entries``.
    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return entries.firstIndex { $0.0 == key }
    }

    /// The location of the mapping.
    package var location: SourceLocation { node.location }

    /// Every key written, in order.
    package var keys: [String] { entries.map(\.0) }

    /// The value node under `key`, marking the key as known.
    package mutating func take(_ key: String) -> Node? {
        taken.append(key)
        guard let i = position(of: key) else { return nil }
        used[i] = true
        return entries[i].1.value
    }

    /// The key node for `key`, for pointing at the key rather than its value.
    package func keyNode(_ key: String) -> Node? { position(of: key).map { entries[$0].1.key } }
    /// The value under `key`, taken or not (for a problem found after reading it).
    package func valueNode(_ key: String) -> Node? { position(of: key).map { entries[$0].1.value } }

    /// Reports every key that is not allowed (by default: every key not taken) as unknown:
    /// the first ``MappingReader/unknownKeysShown`` one by one with a suggestion, the rest in
    /// one error that counts them (a generated file can hold thousands).
    package func finish(_ bag: inout DiagnosticBag, allowed: [String]? = nil) {
        let allowedSet = allowed.flatMap { $0.count > MappingReader.scanLimit ? Set($0) : nil }
        func isKnown(_ i: Int) -> Bool {
            guard let allowed else { return used[i] }
            return allowedSet?.contains(entries[i].0) ?? allowed.contains(entries[i].0)
        }
        var shown = 0, more = 0
        var known: [String]?  // worked out for the first unknown key only
        for (i, (key, pair)) in entries.enumerated() where !isKnown(i) {
            guard shown < MappingReader.unknownKeysShown else { more += 1; continue }
            shown += 1
            let names = known ?? allowed ?? unique(taken)
            known = names
            let hint = Suggestions.didYouMean(key, in: names)
                ?? "allowed here: \(names.sorted().joined(separator: ", "))"
            bag.error("unknown key '\(key)' in \(what)", at: pair.key.location, length: key.count, hint: hint,
                      code: .rulesUnknownKey)
        }
        if more > 0, let names = known {
            bag.error("… and \(more) more unknown key\(more == 1 ? "" : "s") in this \(what)", at: node.location,
                      hint: "allowed here: \(names.sorted().joined(separator: ", "))", code: .rulesUnknownKey)
        }
    }

    /// `names` without repeats, in their first order.
    private func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// How many unknown keys of one mapping are reported one by one.
    package static let unknownKeysShown = 50

    // MARK: typed accessors

    /// A required value: reports its absence at the mapping, or at `at` (the key that holds
    /// the mapping), as `owner` (the mapping's own name by default) missing it.
    package mutating func require(_ key: String, _ bag: inout DiagnosticBag, hint: String? = nil,
                                  at: SourceLocation? = nil, owner: String? = nil) -> Node? {
        if let n = take(key) { return n }
        bag.error("\(owner ?? what) is missing '\(key)'", at: at ?? node.location, hint: hint, code: .rulesMissingKey)
        return nil
    }

    /// The text under `key`, reporting a wrong type.
    package mutating func string(_ key: String, required: Bool = false, _ bag: inout DiagnosticBag) -> String? {
        guard let n = required ? require(key, &bag) : take(key) else { return nil }
        return Decode.string(n, what: "'\(key)'", &bag)
    }

    /// The text under `key` that a seller or a mentor reads (a title): as ``string(_:required:_:)``,
    /// with a warning when YAML took part of it for a comment or an anchor.
    package mutating func shownText(_ key: String, required: Bool = false, _ bag: inout DiagnosticBag) -> String? {
        guard let n = required ? require(key, &bag) : take(key) else { return nil }
        guard let s = Decode.string(n, what: "'\(key)'", &bag) else { return nil }
        Decode.warnIfCutByComment(n, what: "'\(key)'", &bag)
        return s
    }

    /// The name under `key` (an id): text that is not empty.
    package mutating func name(_ key: String, required: Bool = false, _ bag: inout DiagnosticBag) -> String? {
        guard let n = required ? require(key, &bag) : take(key) else { return nil }
        return Decode.name(n, what: "'\(key)'", &bag)
    }

    /// The whole number under `key`, reporting a wrong type.
    package mutating func int(_ key: String, required: Bool = false, _ bag: inout DiagnosticBag) -> Int64? {
        guard let n = required ? require(key, &bag) : take(key) else { return nil }
        return Decode.int(n, what: "'\(key)'", &bag)
    }

    /// The boolean under `key`, reporting a wrong type.
    package mutating func bool(_ key: String, _ bag: inout DiagnosticBag) -> Bool? {
        guard let n = take(key) else { return nil }
        return Decode.bool(n, what: "'\(key)'", &bag)
    }

    /// The list of texts under `key` (a single text counts as a list of one).
    package mutating func stringList(_ key: String, _ bag: inout DiagnosticBag) -> [Located<String>]? {
        guard let n = take(key) else { return nil }
        return Decode.stringList(n, what: "'\(key)'", &bag)
    }

    /// The list of names under `key` (ids a rule or item refers to), each at most once: a
    /// name given twice is an error (a learning link would be shown twice).
    package mutating func nameSet(_ key: String, _ bag: inout DiagnosticBag) -> [Located<String>]? {
        guard let list = stringList(key, &bag) else { return nil }
        var first: [String: SourceLocation] = [:]
        return list.filter { name in
            if let at = first[name.value] {
                bag.error("'\(key)' names '\(name.value)' twice", at: name.location, length: max(1, name.value.count),
                          hint: "remove the second", notes: [.init("first given here", at: at)], code: .rulesDuplicateId)
                return false
            }
            first[name.value] = name.location
            return true
        }
    }
}

/// A value with the place it was written.
package struct Located<T: Sendable>: Sendable {
    /// The value.
    package let value: T
    /// Where it was written.
    package let location: SourceLocation
    /// Creates a located value.
    package init(_ value: T, at location: SourceLocation) { self.value = value; self.location = location }
}

extension Located: Equatable where T: Equatable {}

/// Typed reading of single nodes, reporting mistakes into a ``DiagnosticBag``.
package enum Decode {
    /// The hint for a text that is not a scalar: `title: {{ n }}` is a mapping whose key is
    /// a mapping, a template left unquoted.
    package static func notTextHint(_ n: Node) -> String? {
        if n.mapping?.first?.key.mapping != nil {
            return "a value starting with '{' is read as a YAML mapping; quote a text that starts with '{{': \"{{ … }}\""
        }
        if n.sequence != nil { return "a list is not text; a text that starts with '[' is written in quotes: \"[…] …\"" }
        return nil
    }

    /// The hint for a key with no value: `title: #1 tip` holds a comment, not a value.
    package static let emptyHint = "write a value after the colon (a '#' after a space starts a comment: quote a value that holds one)"

    /// ``emptyHint``, or for an item of a list (`actions: [x, ~]`, `- ` with nothing after
    /// it), which has no colon, the same said of an item.
    package static func emptyHint(for n: Node) -> String {
        let line = n.location.file.lineScalars(n.location.line)
        var i = min(line.count, max(0, n.location.column - 1)) - 1
        while i >= 0, line[i] == " " || line[i] == "\t" { i -= 1 }
        guard i >= 0, line[i] == "-" || line[i] == "[" || line[i] == "," else { return emptyHint }
        return "write the item, or remove it (a '#' after a space starts a comment: quote a value that holds one)"
    }

    /// A node as text, reporting anything else.
    package static func string(_ n: Node, what: String, _ bag: inout DiagnosticBag) -> String? {
        guard let s = n.scalar else {
            bag.error("\(what) must be text, not \(n.kindWithArticle)", at: n.location, hint: notTextHint(n), code: .rulesType)
            return nil
        }
        if case .null = s.value {
            bag.error("\(what) is empty", at: n.location, hint: emptyHint(for: n), code: .rulesType)
            return nil
        }
        if let e = taggedNotText(n, what: what) {
            bag.add(e)
            return nil
        }
        return s.text
    }

    /// The error for a scalar tagged as something other than text (`title: !!float 1`),
    /// where text is needed: the tag says the author meant a number, or a bool.
    package static func taggedNotText(_ n: Node, what: String) -> Diagnostic? {
        guard let tag = n.tag, tag != Resolver.Tag.str, n.scalar != nil else { return nil }
        return .error("\(what) must be text, not a value tagged \(Resolver.shortName(tag))", at: n.location,
                      hint: "remove the tag: a text needs none", code: .rulesType)
    }

    /// Warns when a comment cuts a plain text short on its line (`body: like #handmade`
    /// shows "like"): for texts a seller reads, and phrases a test looks for, where a '#'
    /// is far more often meant as text than as the start of a comment.
    package static func warnIfCutByComment(_ n: Node, what: String, _ bag: inout DiagnosticBag) {
        // Once per place: an alias's copy of the text is the same text at the same place.
        func once(_ d: Diagnostic) {
            if !bag.items.contains(where: { $0.location == d.location && $0.message == d.message }) { bag.add(d) }
        }
        // `title: &amp Raise quality`: YAML takes `&amp` for an anchor's name, and drops it.
        if let anchor = n.anchor, let s = n.scalar, s.style == .plain {
            once(.warning("\(what) is read as '\(s.text.clipped())': YAML takes '&\(anchor)' before it for an anchor's name, not text",
                             at: n.location, hint: "to keep '&\(anchor)' in the text, quote the whole text (\"…\"); for an anchor an alias uses, quote the text after it",
                             code: .yamlTextCutByComment))
        }
        guard let at = n.commentAfter, let text = n.scalar?.text else { return }
        once(.warning("\(what) is read as '\(text.clipped())': in YAML, ' #' starts a comment, and the rest of the line is dropped",
                         at: at, hint: "to keep the '#' in the text, quote the whole text (\"…\"); for a comment, put it on a line of its own",
                         code: .yamlTextCutByComment))
    }

    /// A node as a name (an id): text, not empty nor only spaces; anything else reported.
    /// `refusingHidden` false: the caller checks the name's characters itself (a rule id is
    /// ASCII letters, digits and `.-_` only).
    package static func name(_ n: Node, what: String, example: String = "first-sale", refusingHidden: Bool = true,
                             _ bag: inout DiagnosticBag) -> String? {
        guard let s = string(n, what: what, &bag) else { return nil }
        guard !s.allSatisfy(\.isWhitespace) else {
            bag.error("\(what) is empty", at: n.location, hint: "give it a name such as '\(example)'", code: .rulesName)
            return nil
        }
        if refusingHidden { refuseHidden(s, what: what, at: n.location, &bag) }
        return s
    }

    /// Reports `s`, a name shown on terminals and pages (an id, the rule set's name, a
    /// phase's title), when it holds a control character (an escape sequence drove the
    /// terminal of whoever ran `coach check`) or an invisible one (a zero-width space made
    /// two names look the same): the first such character, by name.
    package static func refuseHidden(_ s: String, what: String, at location: SourceLocation?, _ bag: inout DiagnosticBag) {
        let scalars = Array(s.unicodeScalars)
        guard let k = scalars.indices.first(where: { scalars[$0].value < 0x20 || (0x7F...0x9F).contains(scalars[$0].value) || TerminalStyle.isInvisible(scalars, at: $0) })
        else { return }
        let c = scalars[k]
        let kind = c.value < 0x20 || (0x7F...0x9F).contains(c.value) ? "a control character" : "an invisible character"
        bag.error("\(what) holds \(TerminalStyle.scalarName(c.value)), \(kind) ('\(TerminalStyle.oneLine(s).clipped(to: 60))')",
                  at: location, hint: "names and titles are shown on terminals and pages: write them with visible characters only", code: .rulesName)
    }

    /// A node as a whole number, reporting anything else.
    package static func int(_ n: Node, what: String, _ bag: inout DiagnosticBag) -> Int64? {
        if case .int(let i)? = n.scalar?.value { return i }
        bag.error("\(what) must be a whole number, not \(describe(n))", at: n.location, code: .rulesType)
        return nil
    }

    /// A node as a number, reporting anything else.
    package static func double(_ n: Node, what: String, _ bag: inout DiagnosticBag) -> Double? {
        switch n.scalar?.value {
        case .int(let i)?: return Double(i)
        case .float(let d)? where d.isFinite: return d
        case .float?:
            bag.error("\(what) must be a finite number, not \(describe(n))", at: n.location,
                      hint: what == "a range bound" ? "for an open end of a range, write null" : nil, code: .rulesType)
            return nil
        default:
            bag.error("\(what) must be a number, not \(describe(n))", at: n.location, code: .rulesType)
            return nil
        }
    }

    /// A node as true/false, reporting anything else (with a hint for yes/no).
    package static func bool(_ n: Node, what: String, _ bag: inout DiagnosticBag) -> Bool? {
        if case .bool(let b)? = n.scalar?.value { return b }
        var hint: String?
        if case .string(let s)? = n.scalar?.value, ["yes", "no", "on", "off", "y", "n"].contains(s.lowercased()) {
            hint = "write true or false ('\(s)' is text in YAML 1.2)"
        }
        bag.error("\(what) must be true or false, not \(describe(n))", at: n.location, hint: hint, code: .rulesType)
        return nil
    }

    /// A list of strings; a single string is accepted as a list of one.
    package static func stringList(_ n: Node, what: String, _ bag: inout DiagnosticBag) -> [Located<String>]? {
        if n.scalar != nil {
            return string(n, what: what, &bag).map { [Located($0, at: n.location)] }
        }
        guard let items = n.sequence else {
            bag.error("\(what) must be a list, not \(n.kindWithArticle)", at: n.location, code: .rulesType)
            return nil
        }
        return items.compactMap { item in string(item, what: "an item of \(what)", &bag).map { Located($0, at: item.location) } }
    }

    /// A node's value in words, for messages.
    package static func describe(_ n: Node) -> String {
        switch n.scalar?.value {
        case .string(let s)?: return "'\(s)'"
        case .int(let i)?: return "\(i)"
        case .float(let d)?: return "\(d)"
        case .bool(let b)?: return "\(b)"
        case .null?: return "an empty value"
        case nil: return "\(n.kindWithArticle)"
        }
    }
}
