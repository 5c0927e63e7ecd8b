// Evaluator.swift — evaluates one seller against a rule set: conditions, cooldowns,
// inhibitions, groups, limits, templates and the checklist.

import CoachExpr
import CoachRules
import CoachSource

/// What happened to one rule in one evaluation.
public enum RuleOutcome: Sendable, Equatable {
    /// Its condition holds and it is shown.
    case fired
    /// Its condition does not hold.
    case notFired
    /// It reads a signal the snapshot lacks (names given).
    case skipped(missing: [String])
    /// Evaluating it failed (message given).
    case failed(String)
    /// Its condition holds, but it is held back.
    case suppressed(SuppressionReason, by: String?)
}

extension RuleSet {
    /// Evaluates one seller.
    ///
    /// Deterministic: the same snapshot gives the same result, byte for byte once rendered.
    /// Thread-safe: a rule set can evaluate sellers from many threads at once.
    public func evaluate(_ snapshot: Snapshot) -> Recommendations {
        var run = EvaluationRun(ruleSet: self, snapshot: snapshot)
        return run.recommendations()
    }

    /// Evaluates one seller and also returns each rule's outcome (for explain).
    public func evaluateWithOutcomes(_ snapshot: Snapshot) -> (Recommendations, [RuleOutcome]) {
        var run = EvaluationRun(ruleSet: self, snapshot: snapshot)
        let r = run.recommendations()
        return (r, run.outcomes)
    }

    /// The phase index for `day` (the number of phases when past the last).
    public func phaseIndex(day: Int) -> Int {
        manifest.phases.firstIndex { day <= $0.untilDay } ?? manifest.phases.count
    }

    /// Makes the activation for a snapshot: engine values, signals, lazy definitions.
    public func activation(for snapshot: Snapshot) -> Activation {
        let act = Activation(environment: environment)
        let day = snapshot.day
        let phase = phaseIndex(day: day)
        act.set(slots.day, .int(Int64(day)))
        act.set(slots.phase, .string(phase < manifest.phases.count ? manifest.phases[phase].id : "graduated"))
        act.set(slots.seller, .object(ObjectValue(type: slots.sellerType, fields: [
            .string(snapshot.sellerID), snapshot.category.map { .string($0) } ?? .string(""),
        ])))
        act.set(slots.params, slots.paramsValue)
        let row = manifest.benchmarks.row(for: snapshot.category)
        act.set(slots.benchmark, .object(ObjectValue(type: slots.benchmarkType, fields: row.map { .double($0) })))
        for (i, slot) in slots.signals.enumerated() {
            if i < snapshot.signals.count, let v = snapshot.signals[i] { act.set(slot, v) } else { act.setAbsent(slot) }
        }
        for d in definitions { act.bindLazy(d.slot, to: d.program) }
        return act
    }
}

/// The state of one evaluation.
struct EvaluationRun {
    let ruleSet: RuleSet
    let snapshot: Snapshot
    let activation: Activation
    var outcomes: [RuleOutcome]
    var diagnostics: [Diagnostic]
    var missing: [Bool]

    init(ruleSet: RuleSet, snapshot: Snapshot) {
        self.ruleSet = ruleSet
        self.snapshot = snapshot
        self.activation = ruleSet.activation(for: snapshot)
        self.outcomes = Array(repeating: .notFired, count: ruleSet.rules.count)
        self.diagnostics = snapshot.diagnostics
        self.missing = ruleSet.catalog.signals.indices.map { $0 >= snapshot.signals.count || snapshot.signals[$0] == nil }
    }

    func missingNames(_ signals: [Int]) -> [String] {
        guard signals.contains(where: { missing[$0] }) else { return [] }
        return signals.filter { missing[$0] }.map { ruleSet.catalog.signals[$0].name }
    }

    /// Evaluates a condition tree: true, false, or an error (errors lose to a deciding side).
    func holds(_ c: Condition) -> Result<Bool, EvalError> {
        switch c {
        case .leaf(let leaf):
            switch leaf.program.evaluate(activation) {
            case .bool(let b): return .success(b)
            case .error(let e): return .failure(e)
            case let other: return .failure(EvalError("condition gave \(other.typeName), not a bool", at: leaf.location))
            }
        case .all(let members):
            var error: EvalError?
            for m in members {
                switch holds(m) {
                case .success(false): return .success(false)
                case .failure(let e): if error == nil { error = e }
                case .success(true): break
                }
            }
            return error.map { .failure($0) } ?? .success(true)
        case .any(let members):
            var error: EvalError?
            for m in members {
                switch holds(m) {
                case .success(true): return .success(true)
                case .failure(let e): if error == nil { error = e }
                case .success(false): break
                }
            }
            return error.map { .failure($0) } ?? .success(false)
        case .not(let m):
            return holds(m).map { !$0 }
        }
    }

    mutating func recommendations() -> Recommendations {
        let rules = ruleSet.rules
        let manifest = ruleSet.manifest
        var holding = [Bool](repeating: false, count: rules.count)
        var skipped: [[String]: [String]] = [:]

        // 1. Conditions.
        for (i, rule) in rules.enumerated() {
            if rule.signalsRead.contains(where: { missing[$0] }) {
                let absent = missingNames(rule.signalsRead)
                outcomes[i] = .skipped(missing: absent)
                skipped[absent, default: []].append(rule.id)
                continue
            }
            switch holds(rule.condition) {
            case .success(true): holding[i] = true; outcomes[i] = .fired
            case .success(false): outcomes[i] = .notFired
            case .failure(let e):
                outcomes[i] = .failed(e.message)
                diagnostics.append(.error("rule '\(rule.id)' could not be evaluated: \(e.message)", at: e.location ?? rule.location,
                                          code: "rule.error"))
            }
        }
        // One note for all of them: the `skipped` list names each rule and what it lacks.
        if !skipped.isEmpty {
            let count = skipped.values.reduce(0) { $0 + $1.count }
            let signals = Set(skipped.keys.flatMap { $0 }).sorted()
            diagnostics.append(Diagnostic(.note, "\(count) rule\(count == 1 ? " was" : "s were") not evaluated because \(signals.count == 1 ? "this signal is" : "these signals are") missing: \(signals.joined(separator: ", "))",
                                          hint: "'skipped' lists each rule with the signals it lacks", code: "rule.skipped"))
        }

        var suppressed: [Suppression] = []
        func suppress(_ i: Int, _ reason: SuppressionReason, by: String?, _ detail: String) {
            outcomes[i] = .suppressed(reason, by: by)
            suppressed.append(Suppression(id: rules[i].id, reason: reason, by: by, detail: detail))
        }
        func active(_ i: Int) -> Bool { outcomes[i] == .fired }

        // 2. Cooldowns.
        var lastDelivered: [String: Int] = [:]
        for d in snapshot.delivered where d.day <= snapshot.asOf { lastDelivered[d.id] = max(lastDelivered[d.id] ?? d.day, d.day) }
        for (i, rule) in rules.enumerated() where active(i) {
            guard let cooldown = rule.cooldownDays, let last = lastDelivered[rule.id] else { continue }
            let ago = snapshot.asOf - last
            if ago < cooldown {
                suppress(i, .cooldown, by: nil, "delivered \(ago == 0 ? "today" : ago == 1 ? "1 day ago" : "\(ago) days ago") (\(CivilDate.format(last))); cooldown is \(cooldown) days")
            }
        }

        // 3. Inhibitions: every rule whose condition holds, even one held back by its cooldown.
        for (i, rule) in rules.enumerated() where holding[i] && (!rule.inhibitsAreas.isEmpty || !rule.inhibitsRules.isEmpty) {
            for (j, other) in rules.enumerated() where j != i && active(j) {
                if rule.inhibitsRules.contains(j) {
                    suppress(j, .inhibited, by: rule.id, "held back while '\(rule.id)' fires")
                } else if other.tip != nil, other.escalation == nil, rule.inhibitsAreas.contains(other.area) {
                    suppress(j, .inhibited, by: rule.id, "area '\(other.area)' is held back while '\(rule.id)' fires")
                }
            }
        }

        // 4. Groups: the highest priority wins (ties: the smaller id).
        var winners: [String: Int] = [:]
        for (i, rule) in rules.enumerated() where active(i) {
            guard let g = rule.group else { continue }
            if let w = winners[g] {
                if Self.ranksBefore(rule, rules[w]) { winners[g] = i }
            } else {
                winners[g] = i
            }
        }
        for (i, rule) in rules.enumerated() where active(i) {
            if let g = rule.group, let w = winners[g], w != i {
                suppress(i, .group, by: rules[w].id, "group '\(g)': '\(rules[w].id)' ranks higher")
            }
        }

        // 5. Limits on tips: per area, then in total.
        let tipOrder = rules.indices.filter { active($0) && rules[$0].tip != nil }.sorted { Self.ranksBefore(rules[$0], rules[$1]) }
        var perArea: [String: Int] = [:]
        var shownTips: [Int] = []
        for i in tipOrder {
            let area = rules[i].area
            if perArea[area, default: 0] >= manifest.limits.tipsPerArea {
                suppress(i, .limit, by: nil, "already \(manifest.limits.tipsPerArea) tips in area '\(area)'")
                continue
            }
            perArea[area, default: 0] += 1
            shownTips.append(i)
        }
        if shownTips.count > manifest.limits.tips {
            for i in shownTips[manifest.limits.tips...] {
                suppress(i, .limit, by: nil, "already \(manifest.limits.tips) tips in all")
            }
            shownTips = Array(shownTips.prefix(manifest.limits.tips))
        }

        // 6. Texts for what is shown.
        var tips: [Tip] = []
        for i in shownTips {
            guard let tip = rules[i].tip else { continue }
            switch renderTip(rules[i], tip) {
            case .success(let t): tips.append(t)
            case .failure(let e):
                outcomes[i] = .failed(e.message)
                diagnostics.append(.error("rule '\(rules[i].id)': its text could not be written: \(e.message)", at: e.location ?? rules[i].location,
                                          code: "rule.template"))
            }
        }
        var escalations: [Escalation] = []
        for (i, rule) in rules.enumerated() {
            guard let e = rule.escalation else { continue }
            // A rule whose tip was limited still escalates; other suppressions hold back both.
            switch outcomes[i] {
            case .fired, .suppressed(.limit, _): break
            default: continue
            }
            switch e.reason.render(activation) {
            case .success(let reason):
                escalations.append(Escalation(id: rule.id, to: e.to, severity: e.severity, priority: rule.priority, reason: reason))
            case .failure(let err):
                outcomes[i] = .failed(err.message)
                diagnostics.append(.error("rule '\(rule.id)': its escalation reason could not be written: \(err.message)",
                                          at: err.location ?? rule.location, code: "rule.template"))
            }
        }
        escalations.sort { a, b in
            if a.severity != b.severity { return a.severity < b.severity }
            if a.priority != b.priority { return a.priority > b.priority }
            return a.id < b.id
        }
        suppressed.sort { $0.id < $1.id }

        // 7. The checklist.
        let checklist = self.checklist(holding: holding)

        let day = snapshot.day
        let phase = ruleSet.phaseIndex(day: day)
        return Recommendations(
            ruleSet: RuleSetInfo(name: manifest.name, version: manifest.version, fingerprint: ruleSet.fingerprint),
            seller: snapshot.sellerID, category: snapshot.category, asOf: CivilDate.format(snapshot.asOf), day: day,
            phase: phase < manifest.phases.count ? manifest.phases[phase].id : "graduated",
            tips: tips, checklist: checklist, escalations: escalations, suppressed: suppressed,
            skipped: rules.indices.compactMap { i in
                if case .skipped(let missing) = outcomes[i] { return SkippedRule(id: rules[i].id, missing: missing) }
                return nil
            },
            diagnostics: diagnostics)
    }

    /// Higher priority first; ties broken by id.
    static func ranksBefore(_ a: CompiledRule, _ b: CompiledRule) -> Bool {
        a.priority != b.priority ? a.priority > b.priority : a.id < b.id
    }

    func links(_ ids: [String]) -> [LearnLink] {
        ids.compactMap { id in
            ruleSet.resources[id].map { LearnLink(id: $0.id, title: $0.title, url: $0.url, kind: $0.kind, minutes: $0.minutes) }
        }
    }

    func renderTip(_ rule: CompiledRule, _ tip: CompiledTip) -> Result<Tip, EvalError> {
        do throws(EvalError) {
            let title = try tip.title.render(activation).get()
            let body = try tip.body.render(activation).get()
            var actions: [String] = []
            for a in tip.actions { actions.append(try a.render(activation).get()) }
            return .success(Tip(id: rule.id, area: rule.area, priority: rule.priority, title: title, body: body, actions: actions,
                                learn: links(tip.learn)))
        } catch {
            return .failure(error)
        }
    }

    mutating func checklist(holding: [Bool]) -> [ChecklistEntry] {
        let manifest = ruleSet.manifest
        let current = ruleSet.phaseIndex(day: snapshot.day)
        var addedBy: [Int: String] = [:]
        for (i, rule) in ruleSet.rules.enumerated() where holding[i] {
            for item in rule.checklist where addedBy[item] == nil { addedBy[item] = rule.id }
        }
        var applies: [Bool] = []
        for p in ruleSet.playbooks {
            guard let program = p.appliesWhen else { applies.append(true); continue }
            if !missingNames(p.signalsRead).isEmpty { applies.append(false); continue }
            applies.append(program.evaluate(activation).isTrue)
        }
        // Each phase's due date, formatted once.
        let dueDates = manifest.phases.map { CivilDate.format(snapshot.enrolledOn + $0.untilDay) }
        var entries: [(phase: Int, entry: ChecklistEntry)] = []
        var unchecked: [String] = []
        var uncheckedSignals = Set<String>()
        for (index, item) in ruleSet.items.enumerated() {
            guard applies[item.playbook] else { continue }
            if item.onDemand {
                guard addedBy[index] != nil else { continue }
            } else if let a = item.appliesWhen {
                guard missingNames(item.signalsRead).isEmpty, a.evaluate(activation).isTrue else { continue }
            }
            let absent = missingNames(item.signalsRead)
            var done = false
            var progress: Double?
            if absent.isEmpty {
                switch item.doneWhen.evaluate(activation) {
                case .bool(let b): done = b
                case .error(let e):
                    diagnostics.append(.error("checklist item '\(item.id)': 'done_when' could not be evaluated: \(e.message)",
                                              at: e.location ?? item.location, code: "item.error"))
                default: break
                }
                if let p = item.progress {
                    if let d = p.evaluate(activation).numericValue, !d.isNaN { progress = min(1, max(0, d)) }
                }
                if done { progress = progress.map { _ in 1 } }
            } else {
                unchecked.append(item.id)
                uncheckedSignals.formUnion(absent)
            }
            // An on-demand item is work a rule asks for now: it belongs to the current phase.
            let phaseIndex = item.onDemand ? min(current, manifest.phases.count - 1) : item.phase
            let status: ItemStatus = done ? .done : (item.onDemand || phaseIndex == current) ? .open
                : phaseIndex < current ? .overdue : .upcoming
            let phase = manifest.phases[phaseIndex]
            let title: String
            switch item.title.render(activation) {
            case .success(let text): title = text
            case .failure(let e):
                // Shown anyway (the item is work to do), with a gap where the value is missing.
                title = item.title.renderShowingGaps(activation)
                if absent.isEmpty {
                    diagnostics.append(.error("checklist item '\(item.id)': its title could not be written: \(e.message)",
                                              at: e.location ?? item.location, code: "item.template"))
                }
            }
            // Work a rule asks of a graduated seller is due now, not on a day long past.
            let dueNow = item.onDemand && current >= manifest.phases.count
            entries.append((phaseIndex, ChecklistEntry(
                id: item.id, playbook: ruleSet.playbooks[item.playbook].id, phase: phase.id, title: title, status: status,
                due: dueNow ? CivilDate.format(snapshot.asOf) : dueDates[phaseIndex],
                dueDay: dueNow ? snapshot.day : phase.untilDay, progress: progress,
                addedBy: addedBy[index], checked: absent.isEmpty, learn: links(item.learn))))
        }
        if !unchecked.isEmpty {
            diagnostics.append(Diagnostic(.note, "\(unchecked.count) checklist item\(unchecked.count == 1 ? "" : "s") could not be checked, so \(unchecked.count == 1 ? "it is" : "they are") shown as not done: \(unchecked.joined(separator: ", "))",
                                          hint: "missing: \(uncheckedSignals.sorted().joined(separator: ", "))", code: "item.skipped"))
        }
        // By phase (an on-demand item joins the current one), keeping file order within a phase.
        return entries.enumerated().sorted { a, b in
            a.element.phase != b.element.phase ? a.element.phase < b.element.phase : a.offset < b.offset
        }.map(\.element.entry)
    }
}

extension Value {
    /// Whether the value is `true`.
    var isTrue: Bool { if case .bool(true) = self { return true }; return false }
}

extension RuleOutcome {
    public static func == (a: RuleOutcome, b: RuleOutcome) -> Bool {
        switch (a, b) {
        case (.fired, .fired), (.notFired, .notFired): return true
        case let (.skipped(x), .skipped(y)): return x == y
        case let (.failed(x), .failed(y)): return x == y
        case let (.suppressed(r1, b1), .suppressed(r2, b2)): return r1 == r2 && b1 == b2
        default: return false
        }
    }
}

extension RuleSet {
    /// Reads a JSON snapshot and evaluates it: JSON bytes in, ``Recommendations`` out.
    ///
    /// Convenient for one-off calls; when evaluating many sellers, keep a
    /// ``SnapshotReader`` per thread and call ``evaluate(_:)``, which reuses the parser.
    public func evaluate(json: [UInt8]) throws(DiagnosticError) -> Recommendations {
        evaluate(try SnapshotReader(ruleSet: self).read(json: json))
    }
}
