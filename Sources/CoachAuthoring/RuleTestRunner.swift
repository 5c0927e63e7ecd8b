// RuleTestRunner.swift — runs rule test cases against a rule set, checks expectations, and
// gathers coverage: which rules fired and did not, and which leaf conditions were seen
// both true and false.

import CoachEngine
import CoachRules
import CoachSource
import CoachYAML

/// The outcome of one case.
public struct CaseResult: Sendable {
    /// The case's name.
    public var name: String
    /// Where the case is written.
    public var location: SourceLocation
    /// Why it failed; empty when it passed.
    public var failures: [Failure]

    /// Whether every expectation held.
    public var passed: Bool { failures.isEmpty }

    /// One failed expectation, with where it is written and what differed.
    public struct Failure: Sendable {
        /// What was expected, in words.
        public var message: String
        /// Where the expectation is written.
        public var location: SourceLocation?
        /// Expected and actual, as `- expected` / `+ actual` lines.
        public var diff: [String]
    }
}

/// Coverage gathered over many cases.
public struct Coverage: Sendable {
    /// Per rule: its condition was seen true.
    public var ruleTrue: [Bool]
    /// Per rule: its condition was seen false.
    public var ruleFalse: [Bool]
    /// Per rule, per leaf: seen true.
    public var leafTrue: [[Bool]]
    /// Per rule, per leaf: seen false.
    public var leafFalse: [[Bool]]
    /// Per checklist item (rule-set order): seen done.
    public var itemDone: [Bool]
    /// Per checklist item: seen on the checklist, checked, and not done.
    public var itemNotDone: [Bool]
    /// Per checklist item: on demand (on the checklist only while a rule asks for it, so
    /// seeing it there is what there is to see: its rule's coverage shows the rest).
    public var itemOnDemand: [Bool]

    /// Whether item `i` was exercised: seen done and not done, or, on demand, seen at all.
    public func itemCovered(_ i: Int) -> Bool {
        itemOnDemand[i] ? itemDone[i] || itemNotDone[i] : itemDone[i] && itemNotDone[i]
    }

    init(ruleSet: RuleSet) {
        ruleTrue = Array(repeating: false, count: ruleSet.rules.count)
        ruleFalse = ruleTrue
        leafTrue = ruleSet.rules.map { Array(repeating: false, count: $0.condition.leaves.count) }
        leafFalse = leafTrue
        itemDone = Array(repeating: false, count: ruleSet.items.count)
        itemNotDone = itemDone
        itemOnDemand = ruleSet.items.map(\.onDemand)
    }

    /// Checklist items exercised (see ``itemCovered(_:)``).
    public var itemsCovered: Int { itemDone.indices.filter(itemCovered).count }

    /// Rules seen both firing and not firing.
    public var rulesCovered: Int { zip(ruleTrue, ruleFalse).filter { $0 && $1 }.count }
    /// Leaves seen both true and false.
    public var leavesCovered: Int { zip(leafTrue, leafFalse).map { zip($0, $1).filter { $0 && $1 }.count }.reduce(0, +) }
    /// All leaves.
    public var leafCount: Int { leafTrue.map(\.count).reduce(0, +) }
    /// The share of rules covered, 0…100.
    public var rulePercent: Double { ruleTrue.isEmpty ? 100 : Double(rulesCovered) * 100 / Double(ruleTrue.count) }
}

/// Runs rule tests.
public struct RuleTestRunner {
    let ruleSet: RuleSet
    /// Coverage so far.
    public private(set) var coverage: Coverage

    /// A runner for `ruleSet`.
    public init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        self.coverage = Coverage(ruleSet: ruleSet)
    }

    /// Runs one case; a snapshot the engine refuses is a failure of the case, with the reason.
    public mutating func run(_ c: RuleTestCase, file: String) -> CaseResult {
        let snapshot: Snapshot
        do {
            snapshot = try SnapshotReader(ruleSet: ruleSet).read(yaml: c.snapshot, path: file)
        } catch {
            return CaseResult(name: c.name, location: c.location, failures: error.diagnostics.map {
                .init(message: "the snapshot is refused: \($0.message)", location: $0.location ?? c.location, diff: [])
            })
        }
        let explanation = ruleSet.explain(snapshot)
        record(explanation)
        let r = explanation.recommendations
        var failures: [CaseResult.Failure] = []
        let shown = r.tips.map(\.id)
        let raised = r.escalations.map(\.id)
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
        // Signals the case gives a value for. One of them missing from the snapshot was
        // refused (a wrong type, out of range): a rule skipped for it proves nothing by not
        // being shown. (A signal left out on purpose is a fair test of skipping.)
        let given = Set(c.snapshot["signals"]?.mapping?.compactMap { pair -> String? in
            if case .null? = pair.value.scalar?.value { return nil }
            return pair.key.scalar?.text
        } ?? [])
        func skippedBecause(_ id: String) -> [String]? {
            guard case .skipped(let missing)? = explanation.rules.first(where: { $0.id == id })?.outcome else { return nil }
            let refused = missing.filter(given.contains)
            return refused.isEmpty ? nil : refused
        }
        for e in c.expectations {
            switch e {
            case .tips(let ids):
                for id in ids where !shown.contains(id.value) {
                    failures.append(.init(message: "expected tip '\(id.value)' to be shown, but \(why(id.value))", location: id.location,
                                          diff: ["- tips include \(id.value)", "+ tips: \(list(shown))"]))
                }
            case .notTips(let ids):
                for id in ids where shown.contains(id.value) {
                    failures.append(.init(message: "expected tip '\(id.value)' not to be shown, but it is", location: id.location,
                                          diff: ["- tips exclude \(id.value)", "+ tips: \(list(shown))"]))
                }
                for id in ids where !shown.contains(id.value) {
                    if let missing = skippedBecause(id.value) {
                        failures.append(.init(message: "'\(id.value)' was not evaluated: the value given for \(missing.joined(separator: ", ")) was refused, so its absence proves nothing",
                                              location: id.location, diff: ["- \(id.value) evaluated and not shown", "+ \(id.value) skipped"]))
                    }
                }
            case .escalations(let ids):
                for id in ids where !raised.contains(id.value) {
                    failures.append(.init(message: "expected escalation '\(id.value)', but \(why(id.value))", location: id.location,
                                          diff: ["- escalations include \(id.value)", "+ escalations: \(list(raised))"]))
                }
            case .notEscalations(let ids):
                for id in ids where raised.contains(id.value) {
                    failures.append(.init(message: "expected no escalation '\(id.value)', but it is raised", location: id.location,
                                          diff: ["- escalations exclude \(id.value)", "+ escalations: \(list(raised))"]))
                }
                for id in ids where !raised.contains(id.value) {
                    if let missing = skippedBecause(id.value) {
                        failures.append(.init(message: "'\(id.value)' was not evaluated: the value given for \(missing.joined(separator: ", ")) was refused, so its absence proves nothing",
                                              location: id.location, diff: ["- \(id.value) evaluated and not raised", "+ \(id.value) skipped"]))
                    }
                }
            case .onlyTips(let ids, let at):
                if ids.map(\.value) != shown {
                    failures.append(.init(message: "the tips shown differ", location: at,
                                          diff: ["- tips: \(list(ids.map(\.value)))", "+ tips: \(list(shown))"]))
                }
            case .checklist(let pairs):
                for (id, status) in pairs {
                    let actual = r.checklist.first { $0.id == id.value }?.status.rawValue ?? "absent"
                    if actual != status {
                        failures.append(.init(message: "checklist item '\(id.value)' is \(actual), not \(status)", location: id.location,
                                              diff: ["- \(id.value): \(status)", "+ \(id.value): \(actual)"]))
                    }
                }
            case .suppressed(let pairs):
                for (id, reason) in pairs {
                    // A rule can be held back twice (its escalation acknowledged, its tip limited).
                    let held = r.suppressed.filter { $0.id == id.value }
                    let actual = held.first { $0.reason == reason } ?? held.first
                    if actual?.reason != reason {
                        failures.append(.init(message: "expected '\(id.value)' held back by \(reason.rawValue), but \(why(id.value))",
                                              location: id.location,
                                              diff: ["- \(id.value): \(reason.rawValue)", "+ \(id.value): \(actual.map { "\($0.reason.rawValue) — \($0.detail)" } ?? "not held back")"]))
                    }
                }
            case .contains(let pairs):
                for (id, phrase) in pairs {
                    let text: String?
                    if let t = r.tips.first(where: { $0.id == id.value }) {
                        text = ([t.title, t.body] + t.actions).joined(separator: "\n")
                    } else if let esc = r.escalations.first(where: { $0.id == id.value }) {
                        text = esc.reason
                    } else {
                        text = nil
                    }
                    guard let text else {
                        failures.append(.init(message: "'\(id.value)' shows no text to search, because \(why(id.value))", location: id.location, diff: []))
                        continue
                    }
                    if !text.contains(phrase) {
                        failures.append(.init(message: "the text of '\(id.value)' does not contain the phrase", location: id.location,
                                              diff: ["- contains: \(phrase)"] + text.split(separator: "\n").map { "+ \($0)" }))
                    }
                }
            case .phase(let p):
                if r.phase != p.value {
                    failures.append(.init(message: "the phase is \(r.phase), not \(p.value)", location: p.location,
                                          diff: ["- phase: \(p.value)", "+ phase: \(r.phase)"]))
                }
            case .noErrors(let at):
                let errors = r.diagnostics.filter { $0.severity == .error }
                if !errors.isEmpty {
                    failures.append(.init(message: "the evaluation reported \(errors.count) error\(errors.count == 1 ? "" : "s")", location: at,
                                          diff: errors.map { "+ \($0.message)" }))
                }
            }
        }
        return CaseResult(name: c.name, location: c.location, failures: failures)
    }

    private func list(_ ids: [String]) -> String { ids.isEmpty ? "(none)" : ids.joined(separator: ", ") }

    private mutating func record(_ e: Explanation) {
        for entry in e.recommendations.checklist where entry.checked {
            guard let i = ruleSet.items.firstIndex(where: { $0.id == entry.id }) else { continue }
            if entry.status == .done { coverage.itemDone[i] = true } else { coverage.itemNotDone[i] = true }
        }
        for (i, r) in e.rules.enumerated() {
            switch r.outcome {
            case .fired, .suppressed: coverage.ruleTrue[i] = true
            case .notFired: coverage.ruleFalse[i] = true
            default: break
            }
            for (j, holds) in Self.leafValues(r.condition).enumerated() where j < coverage.leafTrue[i].count {
                if holds == true { coverage.leafTrue[i][j] = true }
                if holds == false { coverage.leafFalse[i][j] = true }
            }
        }
    }

    static func leafValues(_ t: ConditionTrace) -> [Bool?] {
        switch t {
        case .leaf(_, _, _, let h): return [h]
        case .all(let ms, _), .any(let ms, _): return ms.flatMap(leafValues)
        case .not(let m, _): return leafValues(m)
        }
    }
}
