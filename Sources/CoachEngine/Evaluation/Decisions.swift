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
    /// state with ids quoted once per rule set. After the seller's id, the pieces are counted,
    /// the array grown once, and each copied in (not one checked append per piece).
    package func appendIDs(_ snapshot: Snapshot, to out: inout [UInt8]) {
        run(snapshot, texts: nil, shownOnly: true)
        Self.put("{\"seller\":", &out)
        JSONWriter.appendQuoted(snapshot.sellerID, to: &out)
        var total = 0
        forEachIDsPiece { total &+= $0.count }
        let at = out.count
        out.append(contentsOf: repeatElement(0, count: total))
        out.withUnsafeMutableBufferPointer { buffer in
            guard var to = buffer.baseAddress.map({ UnsafeMutableRawPointer($0 + at) }) else { return }
            forEachIDsPiece { piece in
                guard let from = piece.baseAddress else { return }
                to.copyMemory(from: from, byteCount: piece.count)
                to += piece.count
            }
        }
    }

    /// Appends the bytes of a literal (copied, not walked as a `String`).
    @inline(__always)
    private static func put(_ s: StaticString, _ out: inout [UInt8]) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// The ids form after the seller's id, piece by piece: the same pieces each time for the
    /// same decisions.
    @inline(__always)
    private func forEachIDsPiece(_ body: (UnsafeRawBufferPointer) -> Void) {
        func literal(_ s: StaticString) { s.withUTF8Buffer { body(UnsafeRawBufferPointer($0)) } }
        func list(_ indices: [Int], _ ids: QuotedStrings) {
            literal("[")
            for (n, i) in indices.enumerated() {
                if n > 0 { literal(",") }
                ids.withBytes(i, body)
            }
            literal("]")
        }
        func items(_ status: ItemStatus) {
            literal("[")
            var first = true
            for k in checklist.shown where checklist.status[k] == status {
                if !first { literal(",") }
                first = false
                plan.quotedItemIDs.withBytes(k, body)
            }
            literal("]")
        }
        literal(",\"tips\":")
        list(shownTips, plan.quotedRuleIDs)
        literal(",\"escalations\":")
        list(escalations, plan.quotedRuleIDs)
        literal(",\"checklist\":{\"done\":")
        items(.done)
        literal(",\"open\":")
        items(.open)
        literal(",\"overdue\":")
        items(.overdue)
        literal(",\"upcoming\":")
        items(.upcoming)
        literal("}}")
    }
}
