// RuleTestRunner+Expectations.swift — one case's expectations checked against what the
// engine gave (its explanation): a failure each, with the position of the expectation and a
// diff of expected against actual.

import CoachEngine
import CoachRules
import CoachSource
import CoachYAML

/// What one case's evaluation gave, and the checks of its expectations.
struct CaseCheck {
    let explanation: Explanation
    let r: Recommendations
    let shown: [String]
    let raised: [String]
    /// Signals the case gives a value for. One of them missing from the snapshot was refused
    /// (a wrong type, out of range): a rule skipped for it proves nothing by not being shown.
    /// (A signal left out on purpose is a fair test of skipping.)
    let given: Set<String>

    typealias Failure = CaseResult.Failure

    /// The ids of the rules that show a tip.
    let tipRules: Set<String>

    init(explanation: Explanation, snapshot: Node, tipRules: Set<String>) {
        self.explanation = explanation
        self.tipRules = tipRules
        r = explanation.recommendations
        shown = r.tips.map(\.id)
        raised = r.escalations.map(\.id)
        given = Set(snapshot["signals"]?.mapping?.compactMap { pair -> String? in
            if case .null? = pair.value.scalar?.value { return nil }
            return pair.key.scalar?.text
        } ?? [])
    }

    /// The failures of one expectation (none when it holds).
    func failures(_ e: Expectation) -> [Failure] {
        switch e {
        case .tips(let ids): return presence(ids, of: .tip, expected: true)
        case .notTips(let ids): return presence(ids, of: .tip, expected: false)
        case .escalations(let ids): return presence(ids, of: .escalation, expected: true)
        case .notEscalations(let ids): return presence(ids, of: .escalation, expected: false)
        case .onlyTips(let ids, let at):
            guard ids.map(\.value) != shown else {
                // A tip rule that failed might have been shown: the list proves nothing of it.
                return explanation.rules.compactMap { e -> Failure? in
                    guard tipRules.contains(e.id), case .failed(let message) = e.outcome else { return nil }
                    return .init(message: "'\(e.id)' failed: \(message); the tips shown prove nothing about it", location: at,
                                 diff: ["- \(e.id) evaluated", "+ \(e.id) failed"])
                }
            }
            return [.init(message: "the tips shown differ", location: at, diff: ["- tips: \(list(ids.map(\.value)))", "+ tips: \(list(shown))"])]
        case .checklist(let pairs): return pairs.compactMap(checklist)
        case .suppressed(let pairs): return pairs.compactMap(suppressed)
        case .contains(let pairs): return pairs.compactMap(contains)
        case .phase(let p):
            guard r.phase != p.value else { return [] }
            return [.init(message: "the phase is \(r.phase), not \(p.value)", location: p.location,
                          diff: ["- phase: \(p.value)", "+ phase: \(r.phase)"])]
        case .noErrors(let at):
            let errors = r.diagnostics.filter { $0.severity == .error }
            guard !errors.isEmpty else { return [] }
            return [.init(message: "the evaluation reported \(errors.count) error\(errors.count == 1 ? "" : "s")", location: at,
                          diff: errors.map { "+ \($0.message)" })]
        }
    }

    /// A tip shown, or an escalation raised.
    enum Kind {
        case tip, escalation
        var noun: String { self == .tip ? "tip" : "escalation" }
        var plural: String { self == .tip ? "tips" : "escalations" }
    }

    /// Each id shown (raised), or not; not shown because it was skipped for a value the case
    /// gave and the engine refused proves nothing, and fails too.
    func presence(_ ids: [Located<String>], of kind: Kind, expected: Bool) -> [Failure] {
        let actual = kind == .tip ? shown : raised
        var out: [Failure] = []
        for id in ids where actual.contains(id.value) != expected {
            let message = expected
                ? (kind == .tip ? "expected tip '\(id.value)' to be shown, but \(why(id.value))" : "expected escalation '\(id.value)', but \(why(id.value))")
                : (kind == .tip ? "expected tip '\(id.value)' not to be shown, but it is" : "expected no escalation '\(id.value)', but it is raised")
            out.append(.init(message: message, location: id.location,
                             diff: ["- \(kind.plural) \(expected ? "include" : "exclude") \(id.value)", "+ \(kind.plural): \(list(actual))"]))
        }
        guard !expected else { return out }
        for id in ids where !actual.contains(id.value) {
            // A rule that failed (its condition's or its text's error) is not shown, but
            // not because the seller does not call for it: the failure is what to fix.
            if case .failed(let message)? = explanation.rules.first(where: { $0.id == id.value })?.outcome {
                out.append(.init(message: "'\(id.value)' is not \(kind == .tip ? "shown" : "raised") because it failed: \(message); its absence proves nothing",
                                 location: id.location,
                                 diff: ["- \(id.value) evaluated and not \(kind == .tip ? "shown" : "raised")", "+ \(id.value) failed"]))
                continue
            }
            guard let missing = skippedBecause(id.value) else { continue }
            out.append(.init(message: "'\(id.value)' was not evaluated: the value given for \(missing.joined(separator: ", ")) was refused, so its absence proves nothing",
                             location: id.location,
                             diff: ["- \(id.value) evaluated and not \(kind == .tip ? "shown" : "raised")", "+ \(id.value) skipped"]))
        }
        return out
    }

    func checklist(_ pair: (Located<String>, String)) -> Failure? {
        let (id, status) = pair
        let actual = r.checklist.first { $0.id == id.value }?.status.rawValue ?? "absent"
        guard actual != status else { return nil }
        return .init(message: "checklist item '\(id.value)' is \(actual), not \(status)", location: id.location,
                     diff: ["- \(id.value): \(status)", "+ \(id.value): \(actual)"])
    }

    func suppressed(_ pair: (Located<String>, SuppressionReason)) -> Failure? {
        let (id, reason) = pair
        // A rule can be held back twice (its escalation acknowledged, its tip limited).
        let held = r.suppressed.filter { $0.id == id.value }
        let actual = held.first { $0.reason == reason } ?? held.first
        guard actual?.reason != reason else { return nil }
        return .init(message: "expected '\(id.value)' held back by \(reason.rawValue), but \(why(id.value))", location: id.location,
                     diff: ["- \(id.value): \(reason.rawValue)", "+ \(id.value): \(actual.map { "\($0.reason.rawValue) — \($0.detail)" } ?? "not held back")"])
    }

    func contains(_ pair: (Located<String>, String)) -> Failure? {
        let (id, phrase) = pair
        let text: String
        if let t = r.tips.first(where: { $0.id == id.value }) {
            text = ([t.title, t.body] + t.actions).joined(separator: "\n")
        } else if let esc = r.escalations.first(where: { $0.id == id.value }) {
            text = esc.reason
        } else {
            return .init(message: "'\(id.value)' shows no text to search, because \(why(id.value))", location: id.location, diff: [])
        }
        guard !text.contains(phrase) else { return nil }
        return .init(message: "the text of '\(id.value)' does not contain the phrase", location: id.location,
                     diff: ["- contains: \(phrase)"] + text.split(separator: "\n").map { "+ \($0)" })
    }

    /// Why a rule's tip or escalation is not there, in words.
    func why(_ id: String) -> String {
        guard let e = explanation.rules.first(where: { $0.id == id }) else { return "" }
        switch e.outcome {
        case .fired: return "it is shown"
        case .notFired: return "its condition does not hold"
        case .skipped(let missing): return "it was skipped: \(missing.joined(separator: ", ")) missing"
        case .failed(let m): return "it failed: \(m)"
        case .suppressed(let reason, let by): return "it was held back (\(reason.rawValue)\(by.map { " by \($0)" } ?? ""))"
        }
    }

    /// The signals the case gave and the engine refused, when the rule was skipped for them.
    func skippedBecause(_ id: String) -> [String]? {
        guard case .skipped(let missing)? = explanation.rules.first(where: { $0.id == id })?.outcome else { return nil }
        let refused = missing.filter(given.contains)
        return refused.isEmpty ? nil : refused
    }

    func list(_ ids: [String]) -> String { ids.isEmpty ? "(none)" : ids.joined(separator: ", ") }
}
