// Agreement.swift — the hand-coded reference is only a reference if it decides what coach
// decides: every seller's shown tips, escalations and checklist statuses are compared.

import CoachEngine
import CoachRules

enum Agreement {
    struct Result {
        var sellers = 0
        var differing: [String] = []
        var fired = 0

        var summary: String {
            let firing = String(format: "%.1f", Double(fired) / Double(max(1, sellers)))
            if differing.isEmpty {
                return "the hand-coded reference decides as coach does for all \(sellers) sellers (\(firing) rules fire per seller on average)"
            }
            return "WARNING: the hand-coded reference differs from coach for \(differing.count) of \(sellers) sellers, e.g. "
                + differing.prefix(3).joined(separator: "; ")
        }
    }

    static func check(_ ruleSet: RuleSet, _ hand: HandCoded, _ snapshots: [Snapshot]) -> Result {
        let ruleIndex = Dictionary(uniqueKeysWithValues: ruleSet.rules.enumerated().map { ($1.id, $0) })
        let itemIndex = Dictionary(uniqueKeysWithValues: ruleSet.items.enumerated().map { ($1.id, $0) })
        let handRule = HandCoded.ruleIDs.map { ruleIndex[$0] ?? -1 }
        let handItem = HandCoded.itemIDs.map { itemIndex[$0] ?? -1 }
        if handRule.contains(-1) || handItem.contains(-1) || HandCoded.ruleIDs.count != ruleSet.rules.count {
            var r = Result()
            r.differing = ["the reference's rule or item ids are not the rule set's"]
            return r
        }
        let statusCode: [ItemStatus: UInt8] = [.done: 1, .open: 2, .overdue: 3, .upcoming: 4]
        let evaluator = Evaluator(ruleSet: ruleSet)
        var out = HandCodedResult()
        var result = Result()
        for s in snapshots {
            result.sellers += 1
            let (_, outcomes) = ruleSet.evaluateWithOutcomes(s)
            let d = evaluator.decide(s)
            hand.evaluate(s, &out)
            result.fired += out.fired.filter { $0 }.count
            var problems: [String] = []
            let coachFired = outcomes.map { o -> Bool in
                switch o {
                case .fired, .suppressed: return true
                default: return false
                }
            }
            for (h, c) in handRule.enumerated() where out.fired[h] != coachFired[c] {
                problems.append("\(HandCoded.ruleIDs[h]) fired: reference \(out.fired[h]), coach \(coachFired[c])")
            }
            if out.tips.map({ handRule[$0] }) != d.tips { problems.append("tips differ") }
            if out.escalations.map({ handRule[$0] }) != d.escalations { problems.append("escalations differ") }
            var coachStatus = [UInt8](repeating: 0, count: ruleSet.items.count)
            for (k, item) in d.items.enumerated() { coachStatus[item] = statusCode[d.statuses[k]] ?? 0 }
            for (h, c) in handItem.enumerated() where out.itemStatus[h] != coachStatus[c] {
                problems.append("item \(HandCoded.itemIDs[h]): reference \(out.itemStatus[h]), coach \(coachStatus[c])")
            }
            if !problems.isEmpty { result.differing.append("\(s.sellerID): " + problems.prefix(3).joined(separator: ", ")) }
        }
        return result
    }
}
