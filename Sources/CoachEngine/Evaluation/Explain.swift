// Explain.swift — why each rule fired or not: the value of every leaf condition and of
// every signal it read.

import CoachExpr
@_spi(Streaming) import CoachJSON
import CoachRules
import CoachSource

/// The explanation of one evaluation.
public struct Explanation: Sendable {
    /// What the seller sees.
    public var recommendations: Recommendations
    /// One entry per explained rule, in rule-set order.
    public var rules: [RuleExplanation]
}

/// Why one rule did what it did.
public struct RuleExplanation: Sendable {
    /// The rule's id.
    public var id: String
    /// Its area.
    public var area: String
    /// Where it is written.
    public var location: SourceLocation
    /// What happened.
    public var outcome: RuleOutcome
    /// Its condition, with the value of every part.
    package var condition: ConditionTrace
    /// Every value it read (signals, engine values, definitions), by name, in name order;
    /// `nil` for a missing signal.
    package var reads: [(name: String, value: Value?)]
    /// Suppression detail, when held back.
    public var detail: String?
    /// What holds back its parts, one entry per part held (a tip and an escalation may be held
    /// back for different reasons), as the result lists them; empty when nothing is.
    public var heldBack: [Suppression] = []
    /// What would change it: per comparison of a seller's value with a threshold in its
    /// condition, in the order written (empty when the rule was skipped).
    public var changes: [ThresholdNote] = []
}

/// A `when` tree with values.
package indirect enum ConditionTrace: Sendable {
    /// One expression, its value (`nil` when it was not evaluated) and whether it held.
    case leaf(text: String, location: SourceLocation, value: Value?, holds: Bool?)
    /// `all`, with whether it held.
    case all([ConditionTrace], holds: Bool?)
    /// `any`, with whether it held.
    case any([ConditionTrace], holds: Bool?)
    /// `not`, with whether it held.
    case not(ConditionTrace, holds: Bool?)

    /// Whether this part held (`nil` when it could not be evaluated).
    package var holds: Bool? {
        switch self {
        case .leaf(_, _, _, let h), .all(_, let h), .any(_, let h), .not(_, let h): return h
        }
    }
}

extension RuleSet {
    /// Evaluates a seller and explains every rule (or only the rule `ruleID`).
    public func explain(_ snapshot: Snapshot, rule ruleID: String? = nil) -> Explanation {
        explain(snapshot, rule: ruleID, reads: true)
    }

    /// Evaluates a seller and gives each rule's outcome, condition trace and detail, without
    /// what it read or what would change it (empty): what a rule test checks and its coverage
    /// counts, at a fraction of the cost on long conditions.
    package func explainOutcomes(_ snapshot: Snapshot) -> Explanation {
        explain(snapshot, rule: nil, reads: false)
    }

    private func explain(_ snapshot: Snapshot, rule ruleID: String?, reads withReads: Bool) -> Explanation {
        let run = Evaluator(ruleSet: self)
        let (recommendations, outcomes) = run.evaluateWithOutcomes(snapshot)
        let activation = run.activation  // prepared for this seller by the evaluation
        // The traces run the conditions again: within a budget of their own, not what the
        // evaluation left of the seller's.
        activation.remaining = activation.evaluationBudget
        let analysis = ThresholdAnalysis(ruleSet: self, activation: activation)
        let definitionPrograms = Dictionary(definitions.map { ($0.name, $0.program) }, uniquingKeysWith: { a, _ in a })
        var out: [RuleExplanation] = []
        func held(_ id: String) -> [Suppression] { recommendations.suppressed.filter { $0.id == id } }
        for (i, rule) in rules.enumerated() where ruleID == nil || rule.id == ruleID {
            let skipping = !run.missingNames(rule.signalsRead).isEmpty
            let trace = Self.trace(rule.condition, activation, skip: skipping)
            let detail = Self.detail(rule.id, outcomes[i], recommendations)
            guard withReads else {
                out.append(RuleExplanation(id: rule.id, area: rule.area, location: rule.location, outcome: outcomes[i],
                                           condition: trace, reads: [], detail: detail, heldBack: held(rule.id)))
                continue
            }
            // Every name the condition reads, and every name the definitions it reads read in
            // turn (a signal read behind `has()` too): the figures an author checks it by.
            var (names, programs) = Self.namesRead(by: rule.condition.leaves.map(\.program), definitions: definitionPrograms)
            for s in rule.signalsRead { names.insert(catalog.signals[s].name) }
            let missing = Set(run.missingNames(names.compactMap { catalog.index(of: $0) }.sorted()))
            // params and benchmark are shown field by field, only the fields read.
            var fields: [(String, Value?)] = []
            for object in ["params", "benchmark"] where names.contains(object) {
                names.remove(object)
                guard let v = environment.variable(object), case .object(let o) = activation[v.slot] else { continue }
                let used = Set(programs.flatMap { Self.fields(of: object, readBy: $0) })
                for (i, field) in o.type.fields.enumerated() where used.contains(field.name) {
                    fields.append(("\(object).\(field.name)", o[i]))
                }
            }
            let reads: [(String, Value?)] = (names.compactMap { name -> (String, Value?)? in
                if missing.contains(name) { return (name, nil) }
                guard let v = environment.variable(name) else { return nil }
                return (name, activation[v.slot])
            } + fields).sorted { $0.0 < $1.0 }
            out.append(RuleExplanation(id: rule.id, area: rule.area, location: rule.location, outcome: outcomes[i],
                                       condition: trace, reads: reads, detail: detail, heldBack: held(rule.id),
                                       // A skipped rule has none (a signal it cannot do without is
                                       // missing); one that read a missing signal behind has() has
                                       // them, that signal's saying it is missing.
                                       changes: skipping ? [] : analysis.notes(rule.condition)))
        }
        return Explanation(recommendations: recommendations, rules: out)
    }

    /// A fired rule's detail is what holds back one of its two parts: its escalation's
    /// acknowledgement (its tip shown), or its tip's hold (its escalation raised); a held-back
    /// rule's is what holds back its tip, and its escalation's hold when another holds it.
    /// A must-show tip the seller dismissed or snoozed says so too: it is shown anyway.
    static func detail(_ id: String, _ outcome: RuleOutcome, _ recommendations: Recommendations) -> String? {
        let held = recommendations.suppressed.filter { $0.id == id }
        let prefix = "tip '\(id)' "
        let shownAnyway = outcome != .fired ? nil : recommendations.diagnostics
            .first { $0.kind == .ruleMustShow && $0.message.hasPrefix(prefix) }.map { String($0.message.dropFirst(prefix.count)) }
        if outcome == .fired, held.isEmpty { return shownAnyway }
        if outcome == .fired, let h = held.first {
            return h.reason == .acknowledged ? [h.detail, shownAnyway].compactMap { $0 }.joined(separator: "; ")
                : "its tip is held back (\(h.reason.rawValue): \(h.detail)); its escalation is raised"
        }
        // Held back: what holds back its tip (or its one part), and what holds back its
        // escalation when that is something else.
        guard let first = held.first(where: { $0.reason != .acknowledged }) ?? held.first else { return nil }
        let others = held.filter { $0 != first }.map { "its escalation is held back too (\($0.reason.rawValue): \($0.detail))" }
        return ([first.detail] + others).joined(separator: "; ")
    }

    static func short(_ s: String) -> String { s.count > 160 ? String(s.prefix(157)) + "..." : s }

    /// The fields of `object` (`params`, `benchmark`) that `program` selects, read from its
    /// syntax tree.
    /// The names `programs` read, and those the definitions among them read in turn; and
    /// the programs that read them (`programs`, then each definition's once).
    static func namesRead(by programs: [Program], definitions: [String: Program]) -> (Set<String>, [Program]) {
        var names = Set<String>(), all = programs
        var next = 0
        while next < all.count {
            for name in all[next].variablesRead where names.insert(name).inserted {
                if let d = definitions[name] { all.append(d) }
            }
            next += 1
        }
        return (names, all)
    }

    static func fields(of object: String, readBy program: Program) -> [String] {
        guard let root = program.parsed?.root else { return [] }
        return root.allNodes.compactMap { e in
            guard case .select(let operand, let field, _) = e.kind, case .ident(object, _) = operand.kind else { return nil }
            return field
        }
    }

    static func trace(_ c: Condition, _ act: Activation, skip: Bool) -> ConditionTrace {
        switch c {
        case .leaf(let leaf):
            if skip { return .leaf(text: leaf.program.text, location: leaf.location, value: nil, holds: nil) }
            let v = leaf.program.evaluate(act)
            var holds: Bool?
            if case .bool(let b) = v { holds = b }
            return .leaf(text: leaf.program.text, location: leaf.location, value: v, holds: holds)
        case .all(let members):
            let ts = members.map { trace($0, act, skip: skip) }
            let h: Bool? = ts.contains { $0.holds == false } ? false : ts.allSatisfy { $0.holds == true } ? true : nil
            return .all(ts, holds: h)
        case .any(let members):
            let ts = members.map { trace($0, act, skip: skip) }
            let h: Bool? = ts.contains { $0.holds == true } ? true : ts.allSatisfy { $0.holds == false } ? false : nil
            return .any(ts, holds: h)
        case .not(let m):
            let t = trace(m, act, skip: skip)
            return .not(t, holds: t.holds.map { !$0 })
        }
    }
}

extension RuleOutcome {
    /// `fired`, `not_fired`, `skipped`, `error` or `suppressed`.
    package var name: String {
        switch self {
        case .fired: return "fired"
        case .notFired: return "not_fired"
        case .skipped: return "skipped"
        case .failed: return "error"
        case .suppressed: return "suppressed"
        }
    }
}

extension Explanation {
    /// The explanation as text: per rule, the outcome, the condition tree with values, and
    /// the values read.
    public func text(color: Bool = false) -> String {
        func paint(_ s: String, _ code: String) -> String { TerminalStyle.paint(s, code, if: color) }
        var out = "Seller \(TerminalStyle.oneLine(recommendations.seller)) — day \(recommendations.day), phase \(recommendations.phase)\n"
        for r in rules {
            out += "\n"
            let head: String
            switch r.outcome {
            case .fired: head = paint("FIRED", TerminalStyle.green) + (r.detail.map { " (\(TerminalStyle.oneLine($0)))" } ?? "")
            case .notFired: head = paint("NOT FIRED", TerminalStyle.dim)
            case .skipped(let missing): head = paint("SKIPPED", TerminalStyle.yellow) + " (missing: \(missing.joined(separator: ", ")))"
            case .failed(let m): head = paint("ERROR", TerminalStyle.red) + " (\(TerminalStyle.oneLine(m)))"
            case .suppressed(let reason, let by):
                head = paint("HELD BACK", TerminalStyle.yellow) + " (\(reason.rawValue)\(by.map { " by \($0)" } ?? "")\(r.detail.map { ": \(TerminalStyle.oneLine($0))" } ?? ""))"
            }
            out += "\(r.id) — \(head)\n"
            out += "  \(r.location)\n"
            out += lines(r.condition, indent: "  ", paint)
            if !r.changes.isEmpty {
                out += "  what would change it:\n"
                for note in r.changes { out += "    \(note.expression): \(note.text)\n" }
            }
            if !r.reads.isEmpty {
                out += "  reads:\n"
                for (name, value) in r.reads { out += "    \(name) = \(value.map { TerminalStyle.oneLine(RuleSet.short(Display.text($0))) } ?? "missing")\n" }
            }
        }
        return out
    }

    private func mark(_ h: Bool?, _ paint: (String, String) -> String) -> String {
        switch h {
        case true?: return paint("✓", TerminalStyle.plainGreen)
        case false?: return paint("✗", TerminalStyle.plainRed)
        case nil: return paint("?", TerminalStyle.plainYellow)
        }
    }

    private func lines(_ t: ConditionTrace, indent: String, _ paint: (String, String) -> String) -> String {
        switch t {
        case let .leaf(text, _, value, holds):
            return "\(indent)\(mark(holds, paint)) \(text)   → \(value.map { TerminalStyle.oneLine(RuleSet.short(Display.text($0))) } ?? "not evaluated")\n"
        case let .all(members, holds):
            return "\(indent)\(mark(holds, paint)) all of:\n" + members.map { lines($0, indent: indent + "    ", paint) }.joined()
        case let .any(members, holds):
            return "\(indent)\(mark(holds, paint)) any of:\n" + members.map { lines($0, indent: indent + "    ", paint) }.joined()
        case let .not(member, holds):
            return "\(indent)\(mark(holds, paint)) not:\n" + lines(member, indent: indent + "    ", paint)
        }
    }

    /// The JSON text's bytes (`indent: nil` for one line), as `coach explain --format json`
    /// writes them.
    public func jsonBytes(indent: Int? = 2) -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter(indent: indent).write(json, into: &out)
        return out
    }

    /// The explanation as JSON, headed by the rule set that made it, as a result is (a host
    /// explaining while the rule set reloads can tell which version answered).
    package var json: JSONValue {
        let rs = recommendations.ruleSet
        return .object([
            ("ruleset", .object([("name", .string(rs.name)), ("version", .string(rs.version)), ("fingerprint", .string(rs.fingerprint))])),
            ("seller", .string(recommendations.seller)), ("day", .int(Int64(recommendations.day))),
            ("phase", .string(recommendations.phase)),
            // What the result says of the input and the state (a misspelt id in `dismissed`,
            // a date past as_of): why a rule may be shown when the host meant otherwise.
            ("diagnostics", .array(recommendations.diagnostics.map { $0.json(namingFile: false) })),
            ("rules", .array(rules.map(\.json))),
        ])
    }
}

extension RuleExplanation {
    /// One rule's explanation as JSON: its outcome, where it is, its condition tree with
    /// values, what would change it, and the values it read.
    package var json: JSONValue {
        var pairs: [(String, JSONValue)] = [("id", .string(id)), ("outcome", .string(outcome.name))]
        switch outcome {
        case .skipped(let missing): pairs.append(("missing", .array(missing.map { .string($0) })))
        case .failed(let m): pairs.append(("error", .string(m)))
        case .suppressed(let reason, let by):
            pairs.append(("reason", .string(reason.rawValue)))
            pairs.append(("by", by.map { .string($0) } ?? .null))
            pairs.append(("detail", detail.map { .string($0) } ?? .null))
        case .fired: if let d = detail { pairs.append(("detail", .string(d))) }  // its escalation acknowledged
        default: break
        }
        // Each part's hold for tools (the detail says them in words): a tip held back for one
        // reason and the escalation for another are two entries.
        if !heldBack.isEmpty {
            pairs.append(("held_back", .array(heldBack.map { h in
                .object([("reason", .string(h.reason.rawValue)), ("by", h.by.map { .string($0) } ?? .null), ("detail", .string(h.detail))])
            })))
        }
        pairs.append(("at", .string(location.description)))
        pairs.append(("when", RuleExplanation.traceJSON(condition)))
        pairs.append(("what_would_change", .array(changes.map(\.json))))
        // Values whole, as JSON (a missing signal is null); the text view shortens them.
        pairs.append(("reads", .object(reads.map { ($0.name, $0.value.map(\.json) ?? .null) })))
        return .object(pairs)
    }

    /// A `when` tree with values, as JSON.
    static func traceJSON(_ t: ConditionTrace) -> JSONValue {
        func h(_ b: Bool?) -> JSONValue { b.map { .bool($0) } ?? .null }
        switch t {
        case let .leaf(text, location, value, holds):
            return .object([("expr", .string(text)), ("at", .string(location.description)), ("value", value.map(\.json) ?? .null),
                            ("holds", h(holds))])
        case let .all(ms, holds): return .object([("all", .array(ms.map(RuleExplanation.traceJSON))), ("holds", h(holds))])
        case let .any(ms, holds): return .object([("any", .array(ms.map(RuleExplanation.traceJSON))), ("holds", h(holds))])
        case let .not(m, holds): return .object([("not", RuleExplanation.traceJSON(m)), ("holds", h(holds))])
        }
    }
}

extension ThresholdNote {
    /// `{"expr", "subject", "value", "holds", "op", "threshold", "changes_rule", "text"}`;
    /// the fields that could not be worked out are null. Where both sides are whole numbers
    /// (an int signal against an int threshold) they are written as ints, as `reads` has them.
    package var json: JSONValue {
        let whole = wholeNumbers
        func number(_ d: Double?) -> JSONValue {
            guard let d else { return .null }
            if whole, let i = Int64(exactly: d) { return .int(i) }
            return .double(d)
        }
        return .object([
            ("expr", .string(expression)), ("subject", subject.map { .string($0) } ?? .null), ("value", number(value)),
            ("holds", holds.map { .bool($0) } ?? .null), ("op", op.map { .string($0) } ?? .null), ("threshold", number(threshold)),
            ("changes_rule", .bool(changesRule)), ("text", .string(text)),
        ])
    }
}
