// RuleTestDecoder.swift — reads `*.test.yaml` files: snapshot sources, overrides and
// expectations, every id checked against the rule set.

import CoachEngine
import CoachRules
import CoachSource
import CoachYAML
import Foundation

/// Reads rule test files for one rule set.
package struct RuleTestDecoder {
    let ruleSet: RuleSet

    /// A decoder checking ids against `ruleSet`.
    package init(ruleSet: RuleSet) { self.ruleSet = ruleSet }

    /// The keys of a test file, top level.
    package static let fileKeys = ["base", "cases"]
    /// The keys of a test case.
    package static let caseKeys = ["name", "snapshot", "snapshot_file", "base", "signals", "day", "as_of", "category", "delivered"]
        + SnapshotReader.stateLists + ["expect"]
    /// The keys of a case's `expect`.
    package static let expectKeys = ["tips", "not_tips", "escalations", "not_escalations", "only_tips", "checklist", "suppressed", "contains", "phase", "no_errors"]
    /// The statuses `expect.checklist` may name: an item's status, or `absent`.
    package static let checklistStatuses = ["done", "open", "overdue", "upcoming", "absent"]

    /// Decodes the test file at `path`; every problem is reported with its position.
    package func decode(path: String) throws(DiagnosticError) -> RuleTestFile {
        let (_, docs) = try YAMLParser().parse(path: path)
        var bag = DiagnosticBag()
        guard let root = docs.first else { throw DiagnosticError(.error("\(path) is empty", code: .testEmpty)) }
        if docs.count > 1 {
            bag.error("\(path) holds \(docs.count) YAML documents; a test file holds one", at: docs[1].location,
                      hint: "put every case under one 'cases:' list", code: .testDocuments)
        }
        // A bare file name's folder is the current one ("" would make `base: x.json` "/x.json").
        let folder = (path as NSString).deletingLastPathComponent
        let directory = folder.isEmpty ? "." : folder
        var cases: [RuleTestCase] = []
        if var r = MappingReader(root, what: "test file", bag: &bag) {
            let baseNode = r.take("base")
            let base = baseNode.flatMap { loadSnapshotFile($0, directory: directory, &bag) }
            if let list = r.require("cases", &bag, hint: "list the cases under 'cases:'") {
                if let items = list.sequence {
                    if items.isEmpty { bag.error("'cases' is empty", at: list.location, hint: "add at least one case", code: .testEmpty) }
                    for item in items {
                        if let c = decodeCase(item, base: base, baseGiven: baseNode != nil, directory: directory, &bag) { cases.append(c) }
                    }
                    Self.duplicateNames(cases, &bag)
                } else {
                    bag.error("'cases' must be a list", at: list.location, code: .testType)
                }
            }
            r.finish(&bag, allowed: Self.fileKeys)
        }
        if bag.hasErrors { throw DiagnosticError(bag.sorted) }
        return RuleTestFile(path: path, cases: cases, warnings: bag.sorted)
    }

    /// A case named as an earlier one of the file: its result could not be told apart.
    static func duplicateNames(_ cases: [RuleTestCase], _ bag: inout DiagnosticBag) {
        var first: [String: SourceLocation] = [:]
        for c in cases {
            if let earlier = first[c.name] {
                bag.add(Diagnostic(.error, "a case named '\(c.name)' is already in this file", at: c.location,
                                   hint: "give each case a name of its own", notes: [.init("first named here", at: earlier)],
                                   code: .testDuplicateName))
            } else {
                first[c.name] = c.location
            }
        }
    }

    /// Reads a snapshot file (JSON or YAML) into a node tree; JSON goes through the YAML
    /// layer too, which keeps positions for messages.
    func loadSnapshotFile(_ node: Node, directory: String, _ bag: inout DiagnosticBag) -> Node? {
        guard let relative = Decode.string(node, what: "a snapshot path", &bag) else { return nil }
        let path = relative.hasPrefix("/") ? relative : directory + "/" + relative
        // A FIFO would wait for a writer forever; a directory or a device is no snapshot.
        var probe = DiagnosticBag()
        guard RuleSetLoader.readable(path, &probe) else {
            bag.error("cannot read snapshot file '\(relative)'", at: node.location, hint: probe.items.first?.message, code: .testSnapshot)
            return nil
        }
        do {
            let (_, docs) = try YAMLParser().parse(jsonOrYAMLPath: path)
            guard let doc = docs.first else {
                bag.error("snapshot file '\(relative)' is empty", at: node.location, code: .testSnapshot)
                return nil
            }
            return doc
        } catch {
            bag.error("cannot read snapshot file '\(relative)'", at: node.location,
                      hint: error.diagnostics.first?.message, code: .testSnapshot)
            return nil
        }
    }

    /// One case; `base` is the file's snapshot, nil when it gives none or could not be read
    /// (`baseGiven`: it gave one, whose problem is said once, not again for every case).
    func decodeCase(_ node: Node, base: Node?, baseGiven: Bool, directory: String, _ bag: inout DiagnosticBag) -> RuleTestCase? {
        guard var r = MappingReader(node, what: "test case", bag: &bag) else { return nil }
        defer { r.finish(&bag, allowed: Self.caseKeys) }
        let name = r.string("name", required: true, &bag) ?? "unnamed"
        let sources = ["snapshot", "snapshot_file", "base"].filter { r.keyNode($0) != nil }
        if sources.count > 1 {
            bag.error("a case takes one of 'snapshot', 'snapshot_file' and 'base', not \(sources.joined(separator: " and "))",
                      at: node.location, code: .testSnapshot)
        }
        var snapshot: Node?
        if let inline = r.take("snapshot") {
            snapshot = inline
        } else if let file = r.take("snapshot_file") {
            snapshot = loadSnapshotFile(file, directory: directory, &bag)
        } else if let b = r.take("base") {
            snapshot = loadSnapshotFile(b, directory: directory, &bag)
        } else {
            snapshot = base
        }
        guard var snap = snapshot else {
            if sources.isEmpty && !baseGiven {
                bag.error("case '\(name)' has no snapshot", at: node.location,
                          hint: "give 'snapshot', 'snapshot_file' or 'base' (here or at the top of the file)", code: .testSnapshot)
            }
            return nil
        }
        snap = applyOverrides(&r, to: snap, &bag)
        var expectations: [Expectation] = []
        if let e = r.require("expect", &bag, hint: "say what must hold, e.g. 'expect: {tips: [rule.id]}'") {
            expectations = decodeExpectations(e, &bag)
        }
        return RuleTestCase(name: name, location: node.location, snapshot: snap, expectations: expectations)
    }

    /// Applies `signals`, `day`, `as_of`, `category` and `delivered` to a snapshot node.
    func applyOverrides(_ r: inout MappingReader, to snapshot: Node, _ bag: inout DiagnosticBag) -> Node {
        var snap = snapshot
        if let signals = r.take("signals") {
            if let pairs = signals.mapping {
                var existing = snap["signals"]?.mapping ?? []
                for pair in pairs {
                    guard let key = pair.key.scalar?.text else { continue }
                    if ruleSet.catalog.index(of: key) == nil {
                        bag.error("unknown signal '\(key)'", at: pair.key.location, length: key.count,
                                  hint: Suggestions.didYouMean(key, in: ruleSet.catalog.signals.map(\.name)), code: .testUnknownSignal)
                        continue
                    }
                    existing.removeAll { $0.key.scalar?.text == key }
                    if case .null? = pair.value.scalar?.value { continue }
                    existing.append(pair)
                }
                snap = snap.setting("signals", to: Node(.mapping(existing), at: signals.location))
            } else {
                bag.error("'signals' must map signal names to values", at: signals.location, code: .testType)
            }
        }
        if let category = r.take("category") {
            let seller = snap["seller"] ?? Node(.mapping([]), at: category.location)
            snap = snap.setting("seller", to: seller.setting("category", to: category))
        }
        if r.keyNode("as_of") != nil, let day = r.keyNode("day") {
            bag.error("a case takes 'day' or 'as_of', not both", at: day.location, hint: "keep the one you mean", code: .testSnapshot)
        }
        if let asOf = r.take("as_of") { snap = snap.setting("as_of", to: asOf) }
        if let dayNode = r.take("day"), let day = Decode.int(dayNode, what: "'day'", &bag) {
            guard let enrolledText = snap["seller"]?["enrolled_on"]?.scalar?.text, let enrolled = CivilDate.parse(enrolledText) else {
                bag.error("'day' needs the snapshot's seller.enrolled_on", at: dayNode.location, code: .testSnapshot)
                return snap
            }
            // The day from enrolment, within the dates a snapshot can give (0000–9999).
            let (asOf, overflow) = enrolled.addingReportingOverflow(Int(day))
            guard !overflow, (CivilDate.days(year: 0, month: 1, day: 1)...CivilDate.days(year: 9999, month: 12, day: 31)).contains(asOf) else {
                bag.error("'day' \(day) puts the snapshot's date outside the years 0000–9999", at: dayNode.location,
                          hint: "a day counts from seller.enrolled_on (\(enrolledText))", code: .testSnapshot)
                return snap
            }
            let text = CivilDate.format(asOf)
            snap = snap.setting("as_of", to: Node(.scalar(Scalar(text: text, style: .plain, value: .string(text))), at: dayNode.location))
        }
        // History and the host's state, as a snapshot gives them.
        for key in ["delivered"] + SnapshotReader.stateLists {
            if let list = r.take(key) { snap = snap.setting(key, to: list) }
        }
        return snap
    }

    func decodeExpectations(_ node: Node, _ bag: inout DiagnosticBag) -> [Expectation] {
        guard var r = MappingReader(node, what: "expectations", bag: &bag) else { return [] }
        defer { r.finish(&bag, allowed: Self.expectKeys) }
        var out: [Expectation] = []
        // An expectation refused below (an unknown id, status or reason) is said there; the
        // case then checks nothing only because of it, which is not a second problem.
        let errorsBefore = bag.errorCount
        let ruleIDs = ruleSet.rules.map(\.id)
        func ids(_ key: String, tips: Bool) -> [Located<String>]? {
            guard let list = r.stringList(key, &bag) else { return nil }
            return list.filter { id in
                guard let rule = ruleSet.rule(id.value) else {
                    bag.error("unknown rule '\(id.value)'", at: id.location, length: id.value.count,
                              hint: Suggestions.didYouMean(id.value, in: ruleIDs), code: .testUnknownRule)
                    return false
                }
                if tips, rule.tip == nil {
                    bag.error("rule '\(id.value)' shows no tip", at: id.location, length: id.value.count,
                              hint: rule.escalation != nil ? "use 'escalations' / 'not_escalations' for it" : nil, code: .testNotATip)
                    return false
                }
                if !tips, rule.escalation == nil {
                    bag.error("rule '\(id.value)' raises no escalation", at: id.location, length: id.value.count,
                              hint: "use 'tips' / 'not_tips' for it", code: .testNotAnEscalation)
                    return false
                }
                return true
            }
        }
        let tips = ids("tips", tips: true), notTips = ids("not_tips", tips: true)
        let escalations = ids("escalations", tips: false), notEscalations = ids("not_escalations", tips: false)
        let onlyAt = r.keyNode("only_tips")?.location, onlyTips = onlyAt == nil ? nil : ids("only_tips", tips: true)
        // A rule expected both ways can never pass: said here, not as a failure at run time.
        Self.contradictions(tips ?? [], notTips ?? [], "tips", "not_tips", &bag)
        Self.contradictions(onlyTips ?? [], notTips ?? [], "only_tips", "not_tips", &bag)
        Self.contradictions(escalations ?? [], notEscalations ?? [], "escalations", "not_escalations", &bag)
        if let v = tips { out.append(.tips(v)) }
        if let v = notTips { out.append(.notTips(v)) }
        if let v = escalations { out.append(.escalations(v)) }
        if let v = notEscalations { out.append(.notEscalations(v)) }
        if let at = onlyAt, let v = onlyTips { out.append(.onlyTips(v, at)) }
        let maps = decodeIDMaps(&r, ruleIDs, &bag)
        // `contains` needs the tip shown, which `not_tips` says it is not; `suppressed` says it
        // is held back, which `tips` says it is not.
        for expectation in maps {
            switch expectation {
            case .contains(let pairs): Self.contradictions(notTips ?? [], pairs.map(\.0), "not_tips", "contains", &bag)
            case .suppressed(let pairs): Self.contradictions(tips ?? [], pairs.map(\.0), "tips", "suppressed", &bag)
            default: break
            }
        }
        out += maps
        if let p = r.take("phase"), let text = Decode.string(p, what: "'phase'", &bag) {
            let phases = ruleSet.manifest.phases.map(\.id) + [Phase.graduated]
            if phases.contains(text) { out.append(.phase(Located(text, at: p.location))) } else {
                bag.error("unknown phase '\(text)'", at: p.location, hint: Suggestions.didYouMean(text, in: phases), code: .testPhase)
            }
        }
        if let n = r.take("no_errors"), Decode.bool(n, what: "'no_errors'", &bag) == true { out.append(.noErrors(n.location)) }
        if !out.contains(where: \.checksSomething), bag.errorCount == errorsBefore {
            bag.error("the case expects nothing", at: node.location, hint: "add at least one expectation (empty lists check nothing)", code: .testEmpty)
        }
        return out
    }

    /// Each id expected under `yes` and under `no` of one case, at its place under `no`.
    static func contradictions(_ yes: [Located<String>], _ no: [Located<String>], _ yesKey: String, _ noKey: String,
                               _ bag: inout DiagnosticBag) {
        let expected = Set(yes.map(\.value))
        for id in no where expected.contains(id.value) {
            bag.error("rule '\(id.value)' is expected under both '\(yesKey)' and '\(noKey)'", at: id.location, length: id.value.count,
                      hint: "a case can never pass expecting both; keep the one you mean", code: .testContradiction)
        }
    }

    /// The expectations that map ids to values (`checklist`, `suppressed`, `contains`), each
    /// id and value checked with its position.
    func decodeIDMaps(_ r: inout MappingReader, _ ruleIDs: [String], _ bag: inout DiagnosticBag) -> [Expectation] {
        var out: [Expectation] = []
        // A mapping of known ids to values.
        func idMap<V>(_ key: String, what: String, ids known: [String], unknown: String, code: DiagnosticCode, _ value: (Node, inout DiagnosticBag) -> V?) -> [(Located<String>, V)]? {
            guard let m = r.take(key) else { return nil }
            guard let pairs = m.mapping else {
                bag.error("'\(key)' must map \(what)", at: m.location, code: .testType)
                return []
            }
            return pairs.compactMap { pair in
                guard let id = pair.key.scalar?.text else { return nil }
                guard known.contains(id) else {
                    bag.error("unknown \(unknown) '\(id)'", at: pair.key.location, length: id.count,
                              hint: Suggestions.didYouMean(id, in: known), code: code)
                    return nil
                }
                return value(pair.value, &bag).map { (Located(id, at: pair.key.location), $0) }
            }
        }
        let statuses = Self.checklistStatuses
        if let v = idMap("checklist", what: "item ids to statuses", ids: ruleSet.items.map(\.id), unknown: "checklist item", code: .testUnknownItem, { (n, bag) -> String? in
            guard let status = Decode.string(n, what: "a status", &bag) else { return nil }
            guard statuses.contains(status) else {
                bag.error("unknown status '\(status)'", at: n.location, length: status.count,
                          hint: Suggestions.didYouMean(status, in: statuses) ?? "one of: \(statuses.joined(separator: ", "))", code: .testStatus)
                return nil
            }
            return status
        }) { out.append(.checklist(v)) }
        if let v = idMap("suppressed", what: "rule ids to reasons", ids: ruleIDs, unknown: "rule", code: .testUnknownRule, { (n, bag) -> SuppressionReason? in
            guard let text = Decode.string(n, what: "a reason", &bag) else { return nil }
            guard let reason = SuppressionReason(rawValue: text) else {
                bag.error("unknown reason '\(text)'", at: n.location, length: text.count,
                          hint: Suggestions.didYouMean(text, in: SuppressionReason.allCases.map(\.rawValue))
                              ?? "one of: \(SuppressionReason.allCases.map(\.rawValue).joined(separator: ", "))", code: .testReason)
                return nil
            }
            return reason
        }) { out.append(.suppressed(v)) }
        if let v = idMap("contains", what: "rule ids to phrases", ids: ruleIDs, unknown: "rule", code: .testUnknownRule, { (n, bag) -> String? in
            guard let phrase = Decode.string(n, what: "a phrase", &bag) else { return nil }
            Decode.warnIfCutByComment(n, what: "the phrase", &bag)
            // Every text contains the empty phrase: the expectation would check nothing.
            if phrase.allSatisfy(\.isWhitespace) {
                bag.error("an empty phrase is in every text", at: n.location, hint: "give words the text must contain", code: .testType)
                return nil
            }
            return phrase
        }) { out.append(.contains(v)) }
        return out
    }
}

extension Node {
    /// A copy of this mapping with `key` set to `value` (added at the end when absent).
    func setting(_ key: String, to value: Node) -> Node {
        var pairs = mapping ?? []
        if let i = pairs.firstIndex(where: { $0.key.scalar?.text == key }) {
            pairs[i].value = value
        } else {
            pairs.append(Pair(key: Node(.scalar(Scalar(text: key, style: .plain, value: .string(key))), at: value.location), value: value))
        }
        var copy = self
        copy.content = .mapping(pairs)
        return copy
    }
}
