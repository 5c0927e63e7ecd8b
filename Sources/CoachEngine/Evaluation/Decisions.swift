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
    package func appendIDs(_ snapshot: consuming Snapshot, to out: inout [UInt8]) {
        run(consume snapshot, texts: nil, shownOnly: true)
        let groups = groupItemsByStatus()
        Self.put("{\"seller\":", &out)
        JSONWriter.appendQuoted(self.snapshot.sellerID, to: &out)
        var total = 0
        forEachIDsPiece(groups) { total &+= $0.count }
        let at = out.count
        out.append(contentsOf: repeatElement(0, count: total))
        out.withUnsafeMutableBufferPointer { buffer in
            guard var to = buffer.baseAddress.map({ UnsafeMutableRawPointer($0 + at) }) else { return }
            var left = total  // the same pieces as counted; never past the room made, whatever
            forEachIDsPiece(groups) { piece in
                guard let from = piece.baseAddress, piece.count <= left else { return }
                to.copyMemory(from: from, byteCount: piece.count)
                to += piece.count
                left -= piece.count
            }
        }
    }

    /// Appends the bytes of a literal (copied, not walked as a `String`).
    @inline(__always)
    private static func put(_ s: StaticString, _ out: inout [UInt8]) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// The shown checklist items grouped by status into ``itemsByStatus`` (done, open,
    /// overdue, upcoming; each group in checklist order), in one pass; where each group ends.
    private func groupItemsByStatus() -> SIMD4<Int> {
        // Counted and placed through four slots indexed by the status's group: no branch on
        // a status (a seller's statuses are all but random, and a branch on each was
        // mispredicted), and no SIMD lane picked at run time (which goes through memory).
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 4) { slots in
            slots.initialize(repeating: 0)
            for k in checklist.shown { slots[Self.group(checklist.status[k])] &+= 1 }
            let ends = SIMD4<Int>(slots[0], slots[0] &+ slots[1], slots[0] &+ slots[1] &+ slots[2],
                                  slots[0] &+ slots[1] &+ slots[2] &+ slots[3])
            slots[0] = 0
            slots[1] = ends[0]
            slots[2] = ends[1]
            slots[3] = ends[2]
            itemsByStatus.removeAll(keepingCapacity: true)
            itemsByStatus.append(contentsOf: repeatElement(0, count: checklist.shown.count))
            itemsByStatus.withUnsafeMutableBufferPointer { out in
                for k in checklist.shown {
                    let g = Self.group(checklist.status[k])
                    out[slots[g]] = k
                    slots[g] &+= 1
                }
            }
            return ends
        }
    }

    /// The group of a status in the ids form (done, open, overdue, upcoming): its place in
    /// the declaration, which these are in.
    @inline(__always)
    private static func group(_ status: ItemStatus) -> Int {
        switch status {
        case .done: return 0
        case .open: return 1
        case .overdue: return 2
        case .upcoming: return 3
        }
    }

    /// The ids form after the seller's id, piece by piece: the same pieces each time for the
    /// same decisions (`groups`: where each status's items end in ``itemsByStatus``).
    @inline(__always)
    private func forEachIDsPiece(_ groups: SIMD4<Int>, _ body: (UnsafeRawBufferPointer) -> Void) {
        func literal(_ s: StaticString) { s.withUTF8Buffer { body(UnsafeRawBufferPointer($0)) } }
        func list(_ indices: ArraySlice<Int>, _ ids: QuotedStrings) {
            literal("[")
            var first = true
            for i in indices {
                if !first { literal(",") }
                first = false
                ids.withBytes(i, body)
            }
            literal("]")
        }
        func items(_ g: Int) { list(itemsByStatus[(g == 0 ? 0 : groups[g - 1])..<groups[g]], plan.quotedItemIDs) }
        literal(",\"tips\":")
        list(shownTips[...], plan.quotedRuleIDs)
        literal(",\"escalations\":")
        list(escalations[...], plan.quotedRuleIDs)
        literal(",\"checklist\":{\"done\":")
        items(0)
        literal(",\"open\":")
        items(1)
        literal(",\"overdue\":")
        items(2)
        literal(",\"upcoming\":")
        items(3)
        literal("}}")
    }
}
