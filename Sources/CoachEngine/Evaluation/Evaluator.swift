// Evaluator.swift — evaluates sellers against a rule set: conditions, cooldowns, inhibitions,
// groups, limits and the checklist decided by index; texts written only for what is shown.
// One evaluator per thread keeps its working storage from one seller to the next.

import CoachExpr
@_spi(Streaming) import CoachJSON
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

/// Evaluates sellers one after another for one rule set, reusing its working storage.
///
/// Not thread-safe: keep one per thread (a ``RuleSet`` itself is shared freely). The results
/// are those of ``RuleSet/evaluate(_:)``, byte for byte once rendered.
public final class Evaluator {
    /// The rule set it evaluates.
    public let ruleSet: RuleSet
    let plan: EvaluationPlan
    let activation: Activation
    /// What one seller's evaluation may spend over all its expressions (limits.md): the
    /// default, or less for a test.
    package var evaluationBudget: Int {
        get { activation.evaluationBudget }
        set { activation.evaluationBudget = newValue }
    }
    let manifest: Manifest

    // The seller being evaluated, and what was decided for it. Reset, not rebuilt, per seller.
    // An evaluator is confined to one thread, so its fields skip dynamic exclusivity checks
    // (they cost more than the work they guard).
    @exclusivity(unchecked) var snapshot = Snapshot(sellerID: "", category: nil, enrolledDay: 0, asOfDay: 0, signals: [])
    @exclusivity(unchecked) var missing: [Bool]
    /// The same as a bit set, when the catalog has at most 64 signals (``EvaluationPlan/signalMasks``).
    @exclusivity(unchecked) var missingMask: UInt64 = 0
    /// Per rule: what was decided for it, and whether its condition held.
    let perRule: RuleDecisionBuffers
    var state: UnsafeMutableBufferPointer<RuleState> { perRule.state }
    var holding: UnsafeMutableBufferPointer<Bool> { perRule.holding }
    @exclusivity(unchecked) var failures: [RuleFailure] = []
    @exclusivity(unchecked) var suppressions: [SuppressionRecord] = []
    @exclusivity(unchecked) var shownTips: [Int] = []
    @exclusivity(unchecked) var escalations: [Int] = []
    @exclusivity(unchecked) var perArea: [Int]
    @exclusivity(unchecked) var skippedCount = 0
    @exclusivity(unchecked) var current = 0
    let checklist: ChecklistDecisions
    /// Each rule's priority for this seller, and the rules and escalations in rank order
    /// (the plan's, unless a priority depends on the seller).
    @exclusivity(unchecked) var priorities: [Int]
    @exclusivity(unchecked) var rankOrder: [Int]
    @exclusivity(unchecked) var escalationRankOrder: [Int]
    /// Each rule's place in ``rankOrder``; the rules whose condition held, in rule order; and
    /// a bit per place in ``rankOrder`` (``forEachFiredByRank(adding:_:)``, all clear between uses):
    /// the passes after the conditions look at these few rules, not at every rule.
    @exclusivity(unchecked) var rankPosition: [Int]
    @exclusivity(unchecked) var fired: [Int] = []
    @exclusivity(unchecked) var rankBits: [UInt64] = []
    /// Whether a priority depending on the seller moved a rule in ``rankOrder`` (then the late
    /// rules' places are found again, into ``RuleDecisionBuffers/lateBits``).
    @exclusivity(unchecked) var rankMoved = false
    /// Whether ``rankOrder``, ``escalationRankOrder`` and ``rankPosition`` are the plan's
    /// written orders (set by ``situationalPriorities()``, which then need not set them again).
    @exclusivity(unchecked) var rankWritten = false
    /// The delivery history the history functions read (for a rule set whose expressions ask),
    /// made once and reset per seller. Its function reads this evaluator's snapshot without
    /// retaining the evaluator, which owns it (and its activation, the only other holder).
    @exclusivity(unchecked) var history: DeliveryHistory?
    /// The last seller's `seller` object, to fill again (``ObjectValue/refill(_:type:filling:)``).
    @exclusivity(unchecked) var sellerObject: ObjectValue?
    /// Escalations held back by an acknowledgement (per rule, and the list of those set);
    /// notes about the seller's state and benchmark row.
    @exclusivity(unchecked) var escalationHeld: [Bool]
    @exclusivity(unchecked) var heldEscalations: [Int] = []
    /// The room tips are written into as JSON (``Texts/tipJSON``), kept from one seller to the next.
    let tipScratch = ByteBuffer(capacity: 8192)
    /// The shown checklist items grouped by status, for the ids form (``appendIDs(_:to:)``).
    @exclusivity(unchecked) var itemsByStatus: [Int] = []
    /// Room for a tip written through a stream (``writeTip(_:_:_:into:)``, for a stream no
    /// text is written ahead for): its texts, quoted, one after the other, and the stream.
    let tipTexts = ByteBuffer(capacity: 2048)
    @exclusivity(unchecked) var tipTextEnds: [Int] = []
    /// The shown checklist entries' titles as JSON (quoted, escaped), one after the other, and
    /// where each ends: for a result written as JSON with its entries' heads written ahead
    /// (``checklistTitles(_:headsWritten:)``), kept from one seller to the next.
    let titleJSON = ByteBuffer(capacity: 2048)
    @exclusivity(unchecked) var titleEnds: [Int] = []
    /// Each phase's due date quoted, one after the other, and where each is (nil: a date that
    /// is not plain digits and `-`, written by the entry's writer instead): for the entries
    /// written whole (``writeCommonEntry(_:title:variant:to:)``).
    let dueJSON = ByteBuffer(capacity: 64)
    @exclusivity(unchecked) var dueJSONRanges: [Range<Int>?] = []
    /// The texts escalations, held-back rules and dated changes are laid out from
    /// (``writeHeldBack(_:to:)``, ``writeChangesIndented(at:to:)``), made for the last
    /// indentation and depth written at.
    let escalationLayout = KeyLayout(Evaluator.escalationKeys, lists: true)
    let suppressionLayout = KeyLayout(Evaluator.suppressionKeys, lists: false)
    let datedLayout = KeyLayout(Evaluator.datedKeys, lists: false)
    /// The held-back rules' order in a result (``writeSuppressed(to:)``).
    @exclusivity(unchecked) var suppressedOrder: [Int] = []
    /// The result's day quoted, for its dated changes.
    let dayJSON = ByteBuffer(capacity: 16)
    @exclusivity(unchecked) var tipStream = JSONStream(indent: 2, capacity: 2048)
    @exclusivity(unchecked) var notes = DiagnosticBag()
    /// Per rule (by index) with any: the last day it was delivered up to today, the last day
    /// the seller dismissed its tip, the last day its tip is snoozed until. Made by the passes
    /// that hold back (``cooldowns()``, ``applyState()``), read by them and by the late rules.
    @exclusivity(unchecked) var lastDelivered: [Int: Int] = [:]
    @exclusivity(unchecked) var dismissedOn: [Int: Int] = [:]
    @exclusivity(unchecked) var snoozedUntil: [Int: Int] = [:]
    /// Whether this evaluation leaves the plan's late rules (``LateRules``) to the limits:
    /// only when what is shown is all that is asked for.
    @exclusivity(unchecked) var decidesLate = false
    /// How many late rules the limits' pass of the last evaluation decided (none when it was
    /// not ids-only: every rule is then decided in the conditions' pass).
    @exclusivity(unchecked) package internal(set) var lateRulesDecided = 0

    /// An evaluator for `ruleSet`.
    public init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        plan = EvaluationPlan.shared(ruleSet)
        manifest = ruleSet.manifest
        activation = Activation(environment: ruleSet.environment)
        for d in ruleSet.definitions { activation.bindLazy(d.slot, to: d.program, counted: ruleSet.countedDefinitions.contains(d.slot)) }
        activation.set(ruleSet.slots.params, ruleSet.slots.paramsValue)
        let n = ruleSet.rules.count
        missing = [Bool](repeating: false, count: ruleSet.catalog.signals.count)
        perRule = RuleDecisionBuffers(rules: n, late: plan.late)
        escalationHeld = [Bool](repeating: false, count: n)
        perArea = [Int](repeating: 0, count: plan.areas.count)
        checklist = ChecklistDecisions(items: ruleSet.items.count, playbooks: ruleSet.playbooks.count)
        priorities = ruleSet.rules.map(\.priority)
        rankOrder = plan.byRank
        escalationRankOrder = plan.escalationOrder
        rankPosition = EvaluationPlan.positions(plan.byRank)
    }

    /// Lets go of the last seller's signals and returns them (the evaluator reads them only
    /// while it evaluates): for its reader to write the next seller's into
    /// (``SnapshotReader/recycle(signals:)``) when nothing else holds the snapshot.
    package func releaseSignals() -> [Value?] {
        activation.dropBorrowed()  // the activation borrows from them (``Activation/setSignals(_:slots:missing:)``)
        var signals: [Value?] = []
        swap(&signals, &snapshot.signals)
        return signals
    }

    /// The decisions for one seller: what ids-only outputs need, without writing any text.
    public func decide(_ snapshot: consuming Snapshot) -> Decisions {
        run(consume snapshot, texts: nil, shownOnly: true)
        return Decisions(seller: self.snapshot.sellerID, tips: shownTips, escalations: escalations, items: checklist.shown,
                         statuses: checklist.shown.map { checklist.status[$0] })
    }

    /// The ids of the rules that failed in the last evaluation (a condition, priority or text
    /// that gave an error), each once, in rule order: what `coach diff` compares besides the
    /// decisions.
    package var failedRuleIDs: [String] {
        guard !failures.isEmpty else { return [] }
        return Set(failures.map(\.rule)).sorted().map { ruleSet.rules[$0].id }
    }

    /// The same decisions with every rule decided, none left undecided because its tip could
    /// not be shown (``LateRules``): for comparing with a reference that decides every rule.
    package func decideEveryRule(_ snapshot: consuming Snapshot) -> Decisions {
        run(consume snapshot, texts: nil)
        return Decisions(seller: self.snapshot.sellerID, tips: shownTips, escalations: escalations, items: checklist.shown,
                         statuses: checklist.shown.map { checklist.status[$0] })
    }

    /// Evaluates one seller.
    public func evaluate(_ snapshot: consuming Snapshot) -> Recommendations {
        var texts = Texts()
        run(consume snapshot, texts: &texts)
        return recommendations(texts)
    }

    /// Evaluates one seller and writes the result as JSON into `s`: the bytes of writing
    /// ``evaluate(_:)``'s result, without the checklist's entries, the skipped rules' and the
    /// changes made (each is written from the decisions), and the tips (each written as JSON
    /// while it is rendered).
    package func evaluate(_ snapshot: consuming Snapshot, writingTo s: inout JSONStream) {
        // Tips written as JSON as they are rendered, as elements of the tips array, two levels
        // below where the result starts. The texts are a `let` from here on: read as the
        // `var` they are made in, the whole of them was copied at each use.
        let written = run(consume snapshot, tipsAt: (s.indentation, s.openContainers + 2))
        // Entries are written three containers in (the result, `checklist`, the entry).
        let entryVariant = PrewrittenJSON.variant(indent: s.indentation, depth: s.openContainers + 3)
        let headsWritten = entryVariant != nil
        let parts = resultParts(written, asValues: false, headsWritten: headsWritten)
        let dueDates = phaseDueDates()
        // As ``Recommendations/write(to:)`` writes it: the head, the escalations, the held-back
        // rules and the diagnostics by its writers, the rest from the evaluator's own state.
        s.beginObject()
        Recommendations.writeHead(name: manifest.name, version: manifest.version, fingerprint: ruleSet.fingerprint,
                                  seller: self.snapshot.sellerID, category: self.snapshot.category,
                                  asOf: CivilDate.format(self.snapshot.asOfDay), day: self.snapshot.day, phase: phaseID, to: &s)
        s.key("tips")
        s.beginArray()
        if written.writesTipJSON { written.writeTips(to: &s) } else { for t in written.tips { t.write(to: &s) } }
        s.endArray()
        s.key("checklist")
        s.beginArray()
        if headsWritten {
            // The titles written as JSON while the parts were made, one after the other.
            // Most entries whole from the text written ahead, the others member by member.
            quoteDueDates(dueDates)
            let all = titleJSON.view
            var start = 0
            for n in 0..<min(checklist.shown.count, titleEnds.count) {
                let k = checklist.shown[n]
                let title = UnsafeBufferPointer(rebasing: all[start..<titleEnds[n]])
                if !writeCommonEntry(k, title: title, variant: entryVariant, to: &s) {
                    writeChecklistEntry(k, title: .quoted(title), dueDates: dueDates, variant: entryVariant, to: &s)
                }
                start = titleEnds[n]
            }
        } else {
            let titles = parts.titles
            for n in 0..<min(checklist.shown.count, titles.count) {
                writeChecklistEntry(checklist.shown[n], title: .text(titles[n]), dueDates: dueDates, variant: entryVariant, to: &s)
            }
        }
        s.endArray()
        writeHeldBack(parts.escalations, to: &s)
        s.key("skipped"); s.beginArray(); writeSkipped(to: &s); s.endArray()
        s.key("changes"); writeChanges(to: &s)
        Recommendations.writeDiagnostics(parts.diagnostics, to: &s)
        s.endObject()
    }

    /// ``run(_:texts:shownOnly:)`` with the tips written as JSON for a stream at `tipsAt`,
    /// into the buffer kept from the last seller.
    private func run(_ snapshot: consuming Snapshot, tipsAt stream: (indent: Int?, depth: Int)) -> Texts {
        var texts = Texts()
        tipScratch.truncate(to: 0)
        texts.tipJSON = .passUnretained(tipScratch)
        texts.tipStream = stream
        run(consume snapshot, texts: &texts)
        return texts
    }

    /// Evaluates one seller and also returns each rule's outcome (for explain, and the
    /// benchmark's check that the hand-coded reference decides as coach does).
    package func evaluateWithOutcomes(_ snapshot: Snapshot) -> (Recommendations, [RuleOutcome]) {
        let r = evaluate(snapshot)
        return (r, ruleSet.rules.indices.map(outcome))
    }

    /// Runs every stage for `snapshot`; with `texts`, writes the texts of what is shown. With
    /// `shownOnly`, only what is shown is decided for certain (the tips, escalations and
    /// checklist): a late rule whose tip could not be shown anyway is left undecided, so the
    /// other rules' outcomes and the notes are not those of a full evaluation.
    /// The snapshot is kept (``snapshot``) until the next seller's: taken, not copied, when
    /// the caller lets go of it.
    func run(_ snapshot: consuming Snapshot, texts: UnsafeMutablePointer<Texts>?, shownOnly: Bool = false) {
        decidesLate = shownOnly && plan.late != nil
        lateRulesDecided = 0
        prepare(consume snapshot)
        conditions()
        if !plan.situationalPriority.isEmpty { situationalPriorities() }
        if plan.hasCooldowns, !self.snapshot.delivered.isEmpty { cooldowns() }
        if !self.snapshot.state.isEmpty { applyState() }
        if plan.hasInhibitions { inhibitions() }
        if plan.hasGroups { groups() }
        limits()
        shownTexts(texts)
        decideChecklist()
    }

    /// Sets the activation and the per-seller state for `snapshot`.
    func prepare(_ snapshot: consuming Snapshot) {
        // The activation borrows the signals' values from the snapshot kept here: once it is
        // replaced, nothing reads the signals' slots until they are set again, below.
        self.snapshot = consume snapshot
        // The seller's evaluation may spend so much over all its expressions (limits.md).
        activation.remaining = activation.evaluationBudget
        let slots = ruleSet.slots
        let day = self.snapshot.day
        current = ruleSet.phaseIndex(day: day)
        activation.set(slots.day, .int(Int64(day)))
        activation.set(slots.phase, .string(current < manifest.phases.count ? manifest.phases[current].id : Phase.graduated))
        // The `seller` object filled again for each seller once nothing else holds it (the
        // activation lets go of it first), not made anew.
        activation.set(slots.seller, .null)
        let seller = ObjectValue.refill(&sellerObject, type: slots.sellerType) { fields in
            guard fields.count == 2 else { return }
            fields[0] = .string(self.snapshot.sellerID)
            fields[1] = .string(self.snapshot.category ?? "")
        }
        activation.set(slots.seller, .object(seller))
        let signals = self.snapshot.signals
        missingMask = missing.withUnsafeMutableBufferPointer { activation.setSignals(signals, slots: slots.signals, missing: $0) }
        if ruleSet.usesHistory {
            // One history kept for every seller, reset (an object and a function made per
            // seller before); it asks for the deliveries of the snapshot being evaluated.
            if let history { history.reset(asOf: self.snapshot.asOfDay) } else {
                history = DeliveryHistory(asOf: self.snapshot.asOfDay, deliveries: { [unowned(unsafe) self] in
                    self.snapshot.delivered.map { ($0.id, $0.day) }
                }, marks: { [unowned(unsafe) self] in
                    self.snapshot.state.done.map { ($0.id, $0.day) }
                })
            }
            if activation.host !== history { activation.host = history }
        }
        activation.rearmLazy()
        // One uniqueness check per array, not one per element.
        state.update(repeating: .notFired)
        holding.update(repeating: false)
        perArea.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        failures.removeAll(keepingCapacity: true)
        suppressions.removeAll(keepingCapacity: true)
        shownTips.removeAll(keepingCapacity: true)
        escalations.removeAll(keepingCapacity: true)
        skippedCount = 0
        fired.removeAll(keepingCapacity: true)
        if !lastDelivered.isEmpty { lastDelivered.removeAll(keepingCapacity: true) }
        if !dismissedOn.isEmpty { dismissedOn.removeAll(keepingCapacity: true) }
        if !snoozedUntil.isEmpty { snoozedUntil.removeAll(keepingCapacity: true) }
        if !heldEscalations.isEmpty || !notes.items.isEmpty || !checklist.markedItems.isEmpty || !self.snapshot.state.done.isEmpty {
            for i in heldEscalations { escalationHeld[i] = false }
            heldEscalations.removeAll(keepingCapacity: true)
            notes.removeAll()
            markItems()
        }
        activation.set(slots.benchmark, benchmarkRow())
    }

    /// Whether any of `signals` (catalog indices) is missing for this seller.
    @inline(__always)
    func anyMissing(_ signals: [Int]) -> Bool {
        for s in signals where missing[s] { return true }
        return false
    }

    /// The names of the missing signals among `signals`.
    func missingNames(_ signals: [Int]) -> [String] {
        var count = 0
        for s in signals where missing[s] { count += 1 }
        guard count > 0 else { return [] }
        var names: [String] = []
        names.reserveCapacity(count)  // one array, made with its room
        names.append(contentsOf: missingSignalNames(signals))
        return names
    }

    /// The same, read as they are needed (for writing them without an array).
    func missingSignalNames(_ signals: [Int]) -> LazyMapSequence<LazyFilterSequence<[Int]>, String> {
        let catalog = ruleSet.catalog.signals, missing = self.missing
        return signals.lazy.filter { missing[$0] }.map { catalog[$0].name }
    }

    /// 1. Each rule's condition.
    func conditions() {
        let reads = plan.signalsRead, masks = plan.signalMasks ?? []
        let c = plan.conditions  // once, not once per rule: a copy retains its arrays
        let count = min(plan.ruleCount, state.count, holding.count, c.single.count)
        let missingMask = self.missingMask, activation = self.activation
        // The late rules are decided by the limits, if at all.
        let decided = decidesLate ? plan.early : plan.every
        var skipped = 0
        // The rules' expressions and masks read through their arrays' buffers: one bounds
        // check per array, not per rule.
        let state = self.state, holding = self.holding
        c.single.withUnsafeBufferPointer { single in
            masks.withUnsafeBufferPointer { masks in
                for rule in decided {
                    let i = Int(rule)
                    guard i < count else { break }  // rule order: the rest are past it too
                    let readsMissing = masks.isEmpty ? anyMissing(reads, i) : masks[i] & missingMask != 0
                    if readsMissing {
                        state[i] = .skipped
                        skipped += 1
                        continue
                    }
                    // A single expression (most rules) evaluated here, and a bool taken
                    // without a `Result`; a tree by ``holds(at:)``.
                    let result: Result<Bool, EvalError>
                    if let program = single[i] {
                        let v = program._withUnsafeGuaranteedRef { $0.evaluate(activation) }
                        if case .bool(let b) = v {
                            if b { holding[i] = true; state[i] = .fired; fired.append(i) }
                            continue
                        }
                        result = Evaluator.truth(v) { c.singleLocation(i) }
                    } else {
                        result = holds(at: c.start[i]).0
                    }
                    switch result {
                    case .success(true): holding[i] = true; state[i] = .fired; fired.append(i)
                    case .success(false): break
                    case .failure(let e):
                        state[i] = .failed
                        failures.append(RuleFailure(rule: i, stage: .condition, error: e))
                    }
                }
            }
        }
        skippedCount += skipped
    }

    /// Whether rule `i` reads a signal missing for this seller.
    @inline(__always)
    func anyMissing(_ reads: FlatLists, _ i: Int) -> Bool {
        var k = reads.starts[i]
        let end = reads.starts[i + 1]
        while k < end {
            if missing[Int(reads.items[k])] { return true }
            k += 1
        }
        return false
    }

    @inline(__always)
    static func truth(_ v: Value, at location: () -> SourceLocation?) -> Result<Bool, EvalError> {
        switch v {
        case .bool(let b): return .success(b)
        case .error(let e): return .failure(e)
        case let other: return .failure(EvalError("condition gave \(other.typeName), not a bool", at: location()))
        }
    }

    /// The outcome of rule `i`, in the public form.
    func outcome(_ i: Int) -> RuleOutcome {
        switch state[i] {
        case .fired:
            // Its escalation acknowledged: a rule with a tip still shows it, so it fired; one
            // without shows nothing, so it is held back, as the result says.
            if escalationHeld[i], ruleSet.rules[i].tip == nil,
               let s = suppressions.first(where: { $0.rule == i && $0.kind.isEscalationOnly }) {
                return .suppressed(s.kind.reason, by: nil)
            }
            return .fired
        case .notFired: return .notFired
        case .skipped: return .skipped(missing: missingNames(ruleSet.rules[i].signalsRead))
        case .failed:
            return .failed(failures.last { $0.rule == i }?.error.message ?? "evaluation failed")
        case .suppressed:
            // Its tip held back (a dismissal, a snooze or a limit) while its escalation is
            // raised: the rule shows something, so it fired, as the result says; what holds
            // back the tip is its detail.
            if ruleSet.rules[i].escalation != nil, escalations.contains(i) { return .fired }
            guard let s = suppressions.first(where: { $0.rule == i && !$0.kind.isEscalationOnly }) else { return .fired }
            return .suppressed(s.kind.reason, by: s.by >= 0 ? ruleSet.rules[s.by].id : nil)
        }
    }
}

/// A rule's state in one evaluation.
enum RuleState: UInt8 {
    case notFired, fired, skipped, failed, suppressed
}

/// The per-rule decisions of the seller being evaluated, in buffers allocated once per
/// evaluator and written by index: an array held by an object checks that it is not shared
/// (a call) on every write, and these are written for every rule decided. Rules are only
/// ever indexed by their index in the rule set, below the count given here.
final class RuleDecisionBuffers {
    let state: UnsafeMutableBufferPointer<RuleState>
    let holding: UnsafeMutableBufferPointer<Bool>
    /// The plan's late rules (``LateRules``), read here without a reference count: whether
    /// each rule is late, their places in the plan's rank order (a bit each), and their
    /// places in this seller's when a priority moved a rule (``Evaluator/placeLateRules(_:)``).
    let isLate: UnsafeMutableBufferPointer<Bool>
    let lateRankBits: UnsafeMutableBufferPointer<UInt64>
    let lateBits: UnsafeMutableBufferPointer<UInt64>

    init(rules n: Int, late: LateRules?) {
        state = .allocate(capacity: n)
        state.initialize(repeating: .notFired)
        holding = .allocate(capacity: n)
        holding.initialize(repeating: false)
        isLate = .allocate(capacity: n)
        isLate.initialize(repeating: false)
        if let late { for i in 0..<min(n, late.isLate.count) { isLate[i] = late.isLate[i] } }
        let words = (n + 63) >> 6
        lateRankBits = .allocate(capacity: words)
        lateRankBits.initialize(repeating: 0)
        if let late { for w in 0..<min(words, late.rankBits.count) { lateRankBits[w] = late.rankBits[w] } }
        lateBits = .allocate(capacity: words)
        lateBits.initialize(repeating: 0)
    }

    deinit {
        state.deallocate()
        holding.deallocate()
        isLate.deallocate()
        lateRankBits.deallocate()
        lateBits.deallocate()
    }
}

/// Why a rule failed: its condition, its tip's texts, or its escalation's reason.
extension Evaluator {
    /// 1b. The priority of each fired rule whose priority depends on the seller, and the
    /// rank orders for this seller. A priority that cannot be worked out, or falls outside
    /// 0–100, fails the rule like a condition that cannot.
    func situationalPriorities() {
        let rules = ruleSet.rules
        for i in plan.situationalPriority {
            priorities[i] = rules[i].priority
            guard state[i] == .fired, let program = rules[i].priorityProgram else { continue }
            switch program.evaluate(activation) {
            case .int(let p) where p >= 0 && p <= 100:
                priorities[i] = Int(p)
            case .error(let e):
                state[i] = .failed
                holding[i] = false  // as for a condition that fails: it holds nothing back
                failures.append(RuleFailure(rule: i, stage: .condition, error: EvalError("its priority: \(e.message)", at: e.location)))
            case let other:
                state[i] = .failed
                holding[i] = false
                // Out of range, or not a whole number at all (a branch of another type).
                let why: String
                if case .int = other { why = "outside 0–100" } else { why = "a \(other.typeName), not a whole number from 0 to 100" }
                failures.append(RuleFailure(rule: i, stage: .condition,
                                            error: EvalError("its priority is \(Display.text(other)), \(why)",
                                                            at: program.startLocation ?? rules[i].location)))
            }
        }
        // Sorted again only when a priority differs from the written one (for most sellers
        // none does: a situational priority is asked only of a rule that fired).
        if plan.situationalPriority.contains(where: { priorities[$0] != rules[$0].priority }) {
            (rankOrder, escalationRankOrder) = EvaluationPlan.rankOrders(priorities, rules, plan.byRank, plan.escalationOrder, plan.idRank)
            rankPosition = EvaluationPlan.positions(rankOrder)
            rankMoved = true
            rankWritten = false
        } else {
            // The written orders (not assigned again when the last seller's were: each
            // assignment is a retain and a release of the plan's arrays).
            if !rankWritten {
                (rankOrder, escalationRankOrder) = plan.writtenRankOrders
                rankPosition = plan.writtenRankPositions
                rankWritten = true
            }
            rankMoved = false
        }
    }

    /// Calls `body` with each rule whose condition held (``fired``), in ``rankOrder``'s order:
    /// their places marked in a bit set, then read back in order.
    /// With `extra`, the places whose bits it sets are visited too, as long as `extraOpen`
    /// says they may still matter (asked after each call of `body`; once false, only the
    /// rules that fired are visited).
    @inline(__always)
    func forEachFiredByRank(adding extra: UnsafeMutableBufferPointer<UInt64> = .init(start: nil, count: 0),
                            while extraOpen: () -> Bool = { true }, _ body: (Int) -> Void) {
        let words = (rankOrder.count &+ 63) >> 6
        if rankBits.count < words { rankBits = [UInt64](repeating: 0, count: words) }
        rankBits.withUnsafeMutableBufferPointer { bits in
            rankPosition.withUnsafeBufferPointer { position in
                for i in fired where i >= 0 && i < position.count {
                    let p = position[i]
                    bits[p >> 6] |= 1 << UInt64(p & 63)
                }
            }
            rankOrder.withUnsafeBufferPointer { order in
                var adding = !extra.isEmpty
                for w in 0..<words {
                    let firedBits = bits[w]
                    var b = firedBits
                    if adding, w < extra.count { b |= extra[w] }
                    bits[w] = 0
                    while b != 0 {
                        body(order[w << 6 | b.trailingZeroBitCount])
                        b &= b &- 1
                        if adding, !extraOpen() {
                            adding = false
                            b &= firedBits
                        }
                    }
                }
            }
        }
    }
}

struct RuleFailure {
    enum Stage { case condition, tipText, escalationReason }
    var rule: Int
    var stage: Stage
    var error: EvalError
}

extension RuleSet {
    /// Evaluates one seller.
    ///
    /// Deterministic: the same snapshot gives the same result, byte for byte once rendered.
    /// Thread-safe: a rule set can evaluate sellers from many threads at once. When
    /// evaluating many sellers, keep an ``Evaluator`` per thread instead: it reuses its storage.
    public func evaluate(_ snapshot: Snapshot) -> Recommendations {
        Evaluator(ruleSet: self).evaluate(snapshot)
    }

    /// Evaluates one seller and also returns each rule's outcome (for explain, and the
    /// benchmark's check that the hand-coded reference decides as coach does).
    package func evaluateWithOutcomes(_ snapshot: Snapshot) -> (Recommendations, [RuleOutcome]) {
        Evaluator(ruleSet: self).evaluateWithOutcomes(snapshot)
    }

    /// The phase index for `day` (the number of phases when past the last).
    package func phaseIndex(day: Int) -> Int {
        manifest.phases.firstIndex { day <= $0.untilDay } ?? manifest.phases.count
    }

    /// Makes the activation for a snapshot: engine values, signals, lazy definitions. It
    /// holds its own values (none borrowed from a snapshot it would outlive).
    package func activation(for snapshot: Snapshot) -> Activation {
        let evaluator = Evaluator(ruleSet: self)
        evaluator.prepare(snapshot)
        evaluator.activation.ownBorrowed()
        return evaluator.activation
    }

    /// Reads a JSON snapshot and evaluates it: JSON bytes in, ``Recommendations`` out.
    ///
    /// Convenient for one-off calls; when evaluating many sellers, keep a
    /// ``SnapshotReader`` and an ``Evaluator`` per thread.
    public func evaluate(json: [UInt8]) throws(DiagnosticError) -> Recommendations {
        evaluate(try SnapshotReader(ruleSet: self).read(json: json))
    }
}

extension Value {
    /// Whether the value is `true`.
    var isTrue: Bool { if case .bool(true) = self { return true }; return false }
}

