// FlatConditions.swift — the rules' `when` trees (all / any / not over expressions) laid out in
// prefix order with unretained programs, so deciding them does no reference counting.

import CoachExpr
import CoachRules
import CoachSource

/// Every rule's condition tree in prefix order, in one list of steps: each step is followed by
/// its members, and an `all` or `any` says where its subtree ends (to skip the members it no
/// longer needs once decided). A tree's depth is bounded when the rule set is loaded (the
/// YAML nesting limit).
struct FlatConditions {
    enum Step {
        /// Expression `k` of ``programs``.
        case leaf(Int)
        /// Every member holds / at least one holds; the subtree ends before `end`.
        case all(end: Int)
        case any(end: Int)
        /// The next step's subtree does not hold.
        case not
    }

    private(set) var steps: [Step] = []
    /// Where each rule's tree starts in ``steps``.
    private(set) var start: [Int] = []
    /// The expressions, held unmanaged: the rule set keeps them alive.
    private(set) var programs: [Unmanaged<Program>] = []
    /// Where each expression is written (read only when one fails).
    private(set) var locations: [SourceLocation] = []
    /// Per rule: its expression when its tree is that one expression (most rules), so that
    /// deciding it is one load, not three; nil for a tree.
    private(set) var single: [Unmanaged<Program>?] = []

    init(_ conditions: [Condition]) {
        for c in conditions {
            start.append(steps.count)
            add(c)
            if case .leaf(let k) = steps[start[start.count - 1]] { single.append(programs[k]) } else { single.append(nil) }
        }
    }

    /// Where rule `i`'s expression is written, when its tree is one expression.
    func singleLocation(_ i: Int) -> SourceLocation? {
        guard case .leaf(let k) = steps[start[i]] else { return nil }
        return locations[k]
    }

    private mutating func add(_ c: Condition) {
        switch c {
        case .leaf(let l):
            steps.append(.leaf(programs.count))
            programs.append(.passUnretained(l.program))
            locations.append(l.location)
        case .all(let members), .any(let members):
            let at = steps.count
            steps.append(.not)  // replaced once the members are laid out
            for m in members { add(m) }
            if case .all = c { steps[at] = .all(end: steps.count) } else { steps[at] = .any(end: steps.count) }
        case .not(let m):
            steps.append(.not)
            add(m)
        }
    }
}

extension Evaluator {
    /// Decides the subtree at `step` of the plan's conditions: true, false, or an error (an
    /// error loses to a member that decides: `all` with a false member is false, `any` with a
    /// true one true). Returns the decision and the step after the subtree.
    func holds(at step: Int) -> (Result<Bool, EvalError>, next: Int) {
        let c = plan.conditions
        switch c.steps[step] {
        case .leaf(let k):
            let v = c.programs[k]._withUnsafeGuaranteedRef { $0.evaluate(activation) }
            return (Evaluator.truth(v) { c.locations[k] }, step + 1)
        case .not:
            let (r, next) = holds(at: step + 1)
            return (r.map { !$0 }, next)
        case .all(let end), .any(let end):
            var decides = true  // the member value that decides the whole
            if case .all = c.steps[step] { decides = false }
            var error: EvalError?
            var k = step + 1
            while k < end {
                let (r, next) = holds(at: k)
                switch r {
                case .success(let b) where b == decides: return (.success(decides), end)
                case .failure(let e): if error == nil { error = e }
                case .success: break
                }
                k = next
            }
            return (error.map { .failure($0) } ?? .success(!decides), end)
        }
    }
}
