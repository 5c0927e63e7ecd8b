// Evaluator+Checklist.swift — the checklist decided by index: which items a seller has, and
// each one's status and progress. Titles are written only for full output.

import CoachExpr
import CoachRules

/// The checklist decisions for one seller, in storage kept between sellers. The per-item
/// values live in buffers allocated once per evaluator: written by index, without the
/// uniqueness check (and the call it makes) an array held by an object costs on each write;
/// the few arrays left are only ever used by their evaluator's thread (no access checks).
/// Every buffer has one element per item (``applies``: per playbook), and items are only
/// ever indexed by their index in the rule set.
final class ChecklistDecisions {
    /// Items shown, in checklist order (by phase; on-demand items join the current phase).
    @exclusivity(unchecked) var shown: [Int] = []
    /// Room for ``shown`` put in phase order.
    @exclusivity(unchecked) var ordered: [Int] = []
    /// Per item: its status, whether it was checked, its progress, the rule that added it
    /// (-1: none), and the errors its `done_when` and its `progress` gave.
    let status: UnsafeMutableBufferPointer<ItemStatus>
    let checked: UnsafeMutableBufferPointer<Bool>
    let progress: UnsafeMutableBufferPointer<Double?>
    let addedBy: UnsafeMutableBufferPointer<Int>
    let doneError: UnsafeMutableBufferPointer<EvalError?>
    let progressError: UnsafeMutableBufferPointer<EvalError?>
    let phase: UnsafeMutableBufferPointer<Int>
    /// Per playbook: whether it applies to the seller.
    let applies: UnsafeMutableBufferPointer<Bool>
    /// Whether any item's `done_when` or `progress` gave an error (the buffers are cleared only then).
    @exclusivity(unchecked) var anyItemError = false
    /// Per item: the day the host's state marked it done (``notMarked``: none; a day before
    /// 1970 is a negative day, so no day can stand for "none"); the items marked.
    let marked: UnsafeMutableBufferPointer<Int>
    static let notMarked = Int.min
    @exclusivity(unchecked) var markedItems: [Int] = []

    init(items: Int, playbooks: Int) {
        func buffer<T>(_ n: Int, _ value: T) -> UnsafeMutableBufferPointer<T> {
            let b = UnsafeMutableBufferPointer<T>.allocate(capacity: n)
            b.initialize(repeating: value)
            return b
        }
        status = buffer(items, .open)
        checked = buffer(items, true)
        progress = buffer(items, nil)
        addedBy = buffer(items, -1)
        doneError = buffer(items, nil)
        progressError = buffer(items, nil)
        phase = buffer(items, 0)
        applies = buffer(playbooks, true)
        marked = buffer(items, Self.notMarked)
    }

    deinit {
        doneError.deinitialize()
        progressError.deinitialize()
        status.deallocate()
        checked.deallocate()
        progress.deallocate()
        addedBy.deallocate()
        doneError.deallocate()
        progressError.deallocate()
        phase.deallocate()
        applies.deallocate()
        marked.deallocate()
    }
}

extension Evaluator {
    /// 7. The checklist.
    func decideChecklist() {
        let items = ruleSet.items
        let phases = manifest.phases.count
        checklist.shown.removeAll(keepingCapacity: true)
        for k in items.indices { checklist.addedBy[k] = -1 }
        if checklist.anyItemError {
            for k in items.indices {
                checklist.doneError[k] = nil
                checklist.progressError[k] = nil
            }
            checklist.anyItemError = false
        }
        let rules = ruleSet.rules
        for i in plan.rulesAddingItems where holding[i] {
            for item in rules[i].checklist where checklist.addedBy[item] < 0 { checklist.addedBy[item] = i }
        }
        for (p, playbook) in ruleSet.playbooks.enumerated() {
            if let program = playbook.appliesWhen {
                checklist.applies[p] = !anyMissing(playbook.signalsRead) && program.evaluate(activation).isTrue
            } else {
                checklist.applies[p] = true
            }
        }
        let currentPhase = min(current, phases - 1)
        var laterPhases = false
        let plan = self.plan.items
        for k in 0..<min(items.count, plan.done.count) {
            guard checklist.applies[plan.playbook[k]] else { continue }
            if plan.onDemand[k] {
                guard checklist.addedBy[k] >= 0 else { continue }
            } else if let a = plan.applies[k] {
                guard !itemReadsMissing(k), a._withUnsafeGuaranteedRef({ $0.evaluate(activation) }).isTrue else { continue }
            }
            let phase = plan.onDemand[k] ? currentPhase : plan.phase[k]
            decideItem(k, plan, phase: phase)
            checklist.phase[k] = phase
            if let last = checklist.shown.last, checklist.phase[last] > phase { laterPhases = true }
            checklist.shown.append(k)
        }
        // By phase (an on-demand item joins the current one), keeping file order within a phase.
        if laterPhases { orderByPhase() }
    }

    /// The shown items put in phase order, keeping their order within a phase: one pass per
    /// phase over the few items shown, into storage kept between sellers (a sort made arrays
    /// of pairs each time).
    private func orderByPhase() {
        var lowest = Int.max, highest = Int.min
        for k in checklist.shown {
            lowest = min(lowest, checklist.phase[k])
            highest = max(highest, checklist.phase[k])
        }
        guard lowest <= highest else { return }
        checklist.ordered.removeAll(keepingCapacity: true)
        var p = lowest
        while true {
            for k in checklist.shown where checklist.phase[k] == p { checklist.ordered.append(k) }
            if p == highest { break }
            p += 1
        }
        swap(&checklist.shown, &checklist.ordered)
    }

    /// Whether item `k` reads a signal missing for this seller.
    @inline(__always)
    private func itemReadsMissing(_ k: Int) -> Bool {
        if let masks = plan.itemMasks { return masks[k] & missingMask != 0 }
        return anyMissing(plan.items.signalsRead, k)
    }

    /// One item's status, whether it could be checked, and its progress.
    private func decideItem(_ k: Int, _ plan: ItemPlan, phase: Int) {
        var done = false
        var progress: Double?
        if checklist.marked[k] != ChecklistDecisions.notMarked {  // marked done, and not a standard: done stays done
            checklist.checked[k] = true
            checklist.progress[k] = plan.progress[k] == nil ? nil : 1
            checklist.status[k] = .done
            return
        }
        let checked = !itemReadsMissing(k)
        if checked {
            switch plan.done[k]._withUnsafeGuaranteedRef({ $0.evaluate(activation) }) {
            case .bool(let b): done = b
            case .error(let e):
                checklist.doneError[k] = e
                checklist.anyItemError = true
            default: break
            }
            if let p = plan.progress[k] {
                let value = p._withUnsafeGuaranteedRef { $0.evaluate(activation) }
                if let d = value.number, !d.isNaN {
                    progress = min(1, max(0, d))
                } else {
                    // Shown without progress, and said (as a failing `done_when` is).
                    if case .error(let e) = value { checklist.progressError[k] = e } else {
                        checklist.progressError[k] = EvalError("its value is \(value.number == nil ? "not a number" : "NaN"), so no progress is shown")
                    }
                    checklist.anyItemError = true
                }
            }
            // Done is 1; not done is at most 0.999, so that neither the JSON (three
            // decimals) nor the text view (rounded down) ever reads 100% before it is done,
            // whatever the expression gives.
            if let p = progress { progress = done ? 1 : min(p, 0.999) }
        }
        checklist.checked[k] = checked
        checklist.progress[k] = progress
        checklist.status[k] = done ? .done : (plan.onDemand[k] || phase == current) ? .open : phase < current ? .overdue : .upcoming
    }
}
