// Decisions.swift — what an evaluation decided, by index and without texts: the form
// population work (`coach batch --output ids`, summaries, diffs) needs.

@_spi(Streaming) import CoachJSON
import CoachRules

/// The decisions of one evaluation: which rules' tips are shown and which escalate, and the
/// status of each checklist item shown. Indices are into the rule set's `rules` and `items`.
public struct Decisions: Sendable, Equatable, Encodable {
    /// The seller's id.
    public var seller: String
    /// Tips shown, best first (indices into `rules`).
    public var tips: [Int]
    /// Escalations raised, most severe first (indices into `rules`).
    public var escalations: [Int]
    /// Checklist items shown, in checklist order (indices into `items`), with their status.
    public var items: [Int]
    /// The status of each entry of ``items``.
    public var statuses: [ItemStatus]

    /// Empty decisions.
    public init(seller: String = "", tips: [Int] = [], escalations: [Int] = [], items: [Int] = [], statuses: [ItemStatus] = []) {
        self.seller = seller
        self.tips = tips
        self.escalations = escalations
        self.items = items
        self.statuses = statuses
    }

    /// Appends `{"seller", "tips", "escalations", "checklist": {status: [ids]}}` on one line
    /// (no newline): the same bytes as ``Recommendations/appendIDs(to:)`` for the same seller.
    public func appendIDs(_ ruleSet: RuleSet, to out: inout [UInt8]) {
        IDsForm.append(seller: seller, tips: tips.lazy.map { ruleSet.rules[$0].id },
                       escalations: escalations.lazy.map { ruleSet.rules[$0].id },
                       checklist: items.indices.lazy.map { (statuses[$0], ruleSet.items[items[$0]].id) }, to: &out)
    }
}

extension Evaluator {
    /// Decides for `snapshot` and appends its ids form on one line (no newline): the same
    /// bytes as `decide(snapshot).appendIDs(ruleSet, to:)`, written from the evaluator's own
    /// state with ids quoted once per rule set.
    package func appendIDs(_ snapshot: Snapshot, to out: inout [UInt8]) {
        run(snapshot, texts: nil, shownOnly: true)
        put("{\"seller\":", &out)
        JSONWriter.appendQuoted(snapshot.sellerID, to: &out)
        put(",\"tips\":", &out)
        appendList(shownTips, plan.quotedRuleIDs, to: &out)
        put(",\"escalations\":", &out)
        appendList(escalations, plan.quotedRuleIDs, to: &out)
        put(",\"checklist\":{\"done\":", &out)
        appendItems(.done, to: &out)
        put(",\"open\":", &out)
        appendItems(.open, to: &out)
        put(",\"overdue\":", &out)
        appendItems(.overdue, to: &out)
        put(",\"upcoming\":", &out)
        appendItems(.upcoming, to: &out)
        put("}}", &out)
    }

    /// Appends the bytes of a literal (copied, not walked as a `String`).
    @inline(__always)
    private func put(_ s: StaticString, _ out: inout [UInt8]) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    private func appendList(_ indices: [Int], _ ids: QuotedStrings, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (n, i) in indices.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            ids.append(i, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private func appendItems(_ status: ItemStatus, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        var first = true
        for k in checklist.shown where checklist.status[k] == status {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            plan.quotedItemIDs.append(k, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
