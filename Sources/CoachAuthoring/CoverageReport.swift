// CoverageReport.swift — the coverage of a run of rule tests, in words: which rules, conditions
// and checklist items the tests never saw both ways. `coach test --coverage` prints it.

import CoachRules
import CoachSource

extension Coverage {
    /// The report: a summary line, then what was never seen firing, never seen not firing,
    /// checklist items not seen both done and not done, and conditions not seen both true
    /// and false (each with its position).
    package func report(for rs: RuleSet) -> String {
        var out = "Coverage: \(rulesCovered) of \(counted(rs.rules.count, "rule")) seen firing and not firing"
            + " (\(Self.oneDecimal(rulePercent))%); \(leavesCovered) of \(counted(leafCount, "condition")) seen true and false\n"
        let neverFired = rs.rules.indices.filter { !ruleTrue[$0] }
        let neverQuiet = rs.rules.indices.filter { !ruleFalse[$0] }
        if !neverFired.isEmpty {
            out += "  never seen firing:\n"
            for i in neverFired { out += "    \(rs.rules[i].location)  \(rs.rules[i].id)\n" }
        }
        if !neverQuiet.isEmpty {
            out += "  never seen not firing:\n"
            for i in neverQuiet { out += "    \(rs.rules[i].location)  \(rs.rules[i].id)\n" }
        }
        let items = rs.items
        if !items.isEmpty {
            out += "  \(itemsCovered) of \(counted(items.count, "checklist item")) seen done and not done (on-demand ones: seen added)\n"
        }
        let itemLines = items.indices.filter { !itemCovered($0) }.map { i -> String in
            let never = !itemDone[i] && !itemNotDone[i] ? "never checked" : itemDone[i] ? "never seen not done" : "never seen done"
            return "    \(items[i].location)  \(items[i].id)  (\(never))"
        }
        if !itemLines.isEmpty {
            out += "  checklist items not seen both done and not done:\n" + itemLines.joined(separator: "\n") + "\n"
        }
        var leafLines: [String] = []
        for (i, rule) in rs.rules.enumerated() {
            for (j, leaf) in rule.condition.leaves.enumerated() where !(leafTrue[i][j] && leafFalse[i][j]) {
                let never = !leafTrue[i][j] && !leafFalse[i][j] ? "never evaluated" : leafTrue[i][j] ? "never false" : "never true"
                leafLines.append("    \(leaf.location)  \(leaf.program.text)  (\(never))")
            }
        }
        if !leafLines.isEmpty {
            out += "  conditions not seen both true and false:\n" + leafLines.joined(separator: "\n") + "\n"
        }
        return out
    }

    /// `x` with one decimal, as `%.1f` writes it.
    static func oneDecimal(_ x: Double) -> String {
        let tenths = (x * 10).rounded()
        let whole = Int(tenths / 10)
        let frac = Int(abs(tenths.truncatingRemainder(dividingBy: 10)))
        return "\(whole).\(frac)"
    }
}
