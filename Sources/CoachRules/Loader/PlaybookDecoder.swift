// PlaybookDecoder.swift — playbook files (phases of items, and resources).

import CoachSource
import CoachYAML

enum PlaybookDecoder {
    static let fileKeys = RuleFormat.playbookFileKeys
    static let itemKeys = RuleFormat.itemKeys
    static let resourceKeys = RuleFormat.resourceKeys
    static let kinds = RuleFormat.resourceKinds

    static func decode(_ node: Node, _ bag: inout DiagnosticBag) -> (playbook: PlaybookSpec?, resources: [Resource]) {
        guard var r = MappingReader(node, what: "playbook file", bag: &bag) else { return (nil, []) }
        defer { r.finish(&bag, allowed: fileKeys) }
        var resources: [Resource] = []
        if let res = r.take("resources") {
            if let items = res.sequence {
                resources = items.compactMap { decodeResource($0, &bag) }
            } else {
                bag.error("'resources' must be a list", at: res.location, code: .rulesType)
            }
        }
        let idNode = r.take("playbook")
        let phasesNode = r.take("phases")
        let title = r.shownText("title", &bag)
        let applies = r.take("applies_when").flatMap { RuleDecoder.expr($0, what: "'applies_when'", &bag) }
        guard let idNode else {
            if let phasesNode {
                bag.error("a playbook with phases needs a name", at: phasesNode.location, hint: "add 'playbook: <id>'", code: .rulesMissingKey)
            }
            return (nil, resources)
        }
        guard let id = Decode.name(idNode, what: "'playbook'", &bag) else { return (nil, resources) }
        var phases: [PlaybookPhaseSpec] = []
        if let phasesNode {
            if let items = phasesNode.sequence {
                for item in items {
                    guard var pr = MappingReader(item, what: "playbook phase", bag: &bag) else { continue }
                    let phaseNode = pr.require("phase", &bag, hint: "name a phase from the manifest, e.g. 'phase: days-1-30'")
                    let phase = phaseNode.flatMap { Decode.string($0, what: "'phase'", &bag) }
                    var specs: [ItemSpec] = []
                    if let list = pr.require("items", &bag) {
                        if let entries = list.sequence {
                            specs = entries.compactMap { decodeItem($0, &bag) }
                        } else {
                            bag.error("'items' must be a list", at: list.location, code: .rulesType)
                        }
                    }
                    pr.finish(&bag, allowed: RuleFormat.playbookPhaseKeys)
                    if let phase, let phaseNode { phases.append(PlaybookPhaseSpec(phase: Located(phase, at: phaseNode.location), items: specs)) }
                }
            } else {
                bag.error("'phases' must be a list", at: phasesNode.location, code: .rulesType)
            }
        }
        return (PlaybookSpec(id: Located(id, at: idNode.location), title: title, appliesWhen: applies, phases: phases), resources)
    }

    static func decodeItem(_ node: Node, _ bag: inout DiagnosticBag) -> ItemSpec? {
        guard var r = MappingReader(node, what: "checklist item", bag: &bag) else { return nil }
        defer { r.finish(&bag, allowed: itemKeys) }
        guard let idNode = r.require("id", &bag), let id = Decode.name(idNode, what: "'id'", &bag) else { return nil }
        let title = r.require("title", &bag).flatMap { RuleDecoder.template($0, what: "'title'", &bag) }
        let done = r.require("done_when", &bag, hint: "say when the item is done, e.g. 'done_when: active_listings >= 10'")
            .flatMap { RuleDecoder.expr($0, what: "'done_when'", &bag) }
        let applies = r.take("applies_when").flatMap { RuleDecoder.expr($0, what: "'applies_when'", &bag) }
        let progress = r.take("progress").flatMap { RuleDecoder.expr($0, what: "'progress'", &bag) }
        let learn = r.nameSet("learn", &bag) ?? []
        let onDemand = r.bool("on_demand", &bag) ?? false
        let standard = r.bool("standard", &bag) ?? false
        guard let title, let done else { return nil }
        return ItemSpec(id: Located(id, at: idNode.location), title: title, doneWhen: done, appliesWhen: applies,
                        progress: progress, learn: learn, onDemand: onDemand, standard: standard)
    }

    static func decodeResource(_ node: Node, _ bag: inout DiagnosticBag) -> Resource? {
        guard var r = MappingReader(node, what: "resource", bag: &bag) else { return nil }
        defer { r.finish(&bag, allowed: resourceKeys) }
        let id = r.name("id", required: true, &bag)
        let title = r.shownText("title", required: true, &bag)
        let url = r.string("url", required: true, &bag)
        var kind = "guide"
        if let k = r.take("kind"), let s = Decode.string(k, what: "'kind'", &bag) {
            if kinds.contains(s) { kind = s } else {
                bag.error("unknown resource kind '\(s)'", at: k.location,
                          hint: Suggestions.didYouMean(s, in: kinds) ?? "one of: \(kinds.joined(separator: ", "))", code: .rulesType)
            }
        }
        let minutes = r.int("minutes", &bag).map(Int.init)
        if let minutes, minutes <= 0 || minutes > 10_000 {
            bag.error("resource minutes must be from 1 to 10000, not \(minutes)", at: r.keyNode("minutes")?.location, code: .rulesRange)
        }
        guard let id, let title, let url else { return nil }
        // A scheme's case does not matter (RFC 3986 §3.1): `HTTPS://` is kept as written.
        let scheme = url.prefix(8).lowercased()
        if !(scheme.hasPrefix("https://") || scheme.hasPrefix("http://")) {
            bag.error("resource '\(id)' needs a web address starting with https:// (or http://)", at: r.keyNode("url")?.location ?? node.location,
                      code: .rulesUrl)
        } else if let problem = Self.urlProblem(url) {
            bag.error("resource '\(id)' has a web address \(problem.message)", at: r.keyNode("url")?.location ?? node.location,
                      hint: problem.hint, code: .rulesUrl)
        }
        return Resource(id: id, title: title, url: url, kind: kind, minutes: minutes, location: node.location)
    }

    /// What is wrong with the host and port after `scheme://`: user information before an
    /// `@` (which hides the host the link goes to), no host, an
    /// IPv6 address not closed by ']', a port that is not a number from 1 to 65535.
    static func authorityProblem(_ url: String) -> String? {
        let rest = url.drop { $0 != "/" }.dropFirst(2)  // after "https://"
        var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") {
            // `https://learn.example.com@other.example/`: the link goes to the host after the
            // '@', and a page showing the resource's title hides which one that is.
            let host = authority[authority.index(after: at)...].prefix { $0 != ":" }
            if host.isEmpty { return "with no host after the //" }
            let user = authority[..<at]
            return user.isEmpty ? "with an '@' before its host '\(String(host).clipped())'"
                : "with user information before '@', so it leads to '\(String(host).clipped())', not '\(String(user).clipped())'"
        }
        var port: Substring?
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { return "whose IPv6 host has no closing ']'" }
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { return "with something other than a port after its IPv6 host" }
                port = after.dropFirst()
            }
            if authority.index(after: authority.startIndex) == close { return "with no host after the //" }
        } else {
            if let colon = authority.lastIndex(of: ":") {
                port = authority[authority.index(after: colon)...]
                authority = authority[..<colon]
            }
            if authority.isEmpty { return "with no host after the //" }
        }
        if let port, !port.isEmpty, !(port.utf8.allSatisfy({ (48...57).contains($0) }) && (Int(port).map { (1...65_535).contains($0) } ?? false)) {
            return "whose port '\(String(port).clipped())' is not a number from 1 to 65535"
        }
        return nil
    }

    /// What is wrong with a web address that starts with its scheme: no host or a bad port, or
    /// a character no address holds as it is (a space, a quote, `<`, `>`, a backslash, a
    /// control, direction or other invisible format character), which a page would link
    /// differently from what the JSON says, or not at all. Nil when fine.
    static func urlProblem(_ url: String) -> (message: String, hint: String)? {
        if let problem = authorityProblem(url) { return (problem, "write the address in full: https://learn.example.com/page") }
        for s in url.unicodeScalars {
            let v = s.value
            // Invisible format characters too (a zero-width space, a soft hyphen, a mark):
            // the link would not be the address it looks like.
            // `|`, `{`, `}`, `^` and a backquote are common in real links, and a browser takes
            // them as they are; a backslash it reads as '/'.
            if v <= 0x20 || (0x7F...0x9F).contains(v) || "\"<>\\".unicodeScalars.contains(s) || TerminalStyle.isDirectionControl(v)
                || v == 0x2028 || v == 0x2029 || s.properties.isWhitespace
                || (s.properties.generalCategory == .format && v != 0x200C && v != 0x200D) {  // joiners spell Persian words and emoji
                let shown = v < 0x21 || v > 0x7E ? TerminalStyle.scalarName(v) : "'\(s)'"
                return ("holding \(v == 0x20 ? "a space" : shown), which a link cannot hold as it is",
                        "write a space as %20 and a quote as %22; a link is one address, nothing after it")
            }
        }
        return nil
    }
}
