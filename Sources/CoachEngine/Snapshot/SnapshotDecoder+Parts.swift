// SnapshotDecoder+Parts.swift — the passes of decoding a snapshot: its top-level keys, the
// seller, the signals (in catalog order, defaults filled in) and the delivery history.

import CoachExpr
import CoachRules
import CoachSource

/// Where each top-level part of a snapshot is in its document.
struct TopLevelRefs<Ref> {
    var seller: Ref?
    var asOf: Ref?
    var signals: Ref?
    var delivered: Ref?
    var state = StateRefs<Ref>()
}

/// The seller part of a snapshot.
struct SellerPart {
    var id = ""
    var category: String?
    var enrolled: Int?
}

extension SnapshotDecoder {
    /// The top-level members: each known key once (a key given twice is refused: which one
    /// would win is a guess), unknown ones warned about. Known keys are matched on their
    /// bytes; only an unknown key becomes a String.
    func topLevel(_ root: D.Ref, _ errors: inout DiagnosticBag) -> TopLevelRefs<D.Ref> {
        let doc = document
        var top = TopLevelRefs<D.Ref>()
        var unknown: [(String, D.Ref)] = []
        // seller, as_of, signals, delivered, then the state lists: SnapshotReader.topKeys
        forEachMemberOnce(root, keyTables.top, keyTables.topInOrder, duplicate: { "the snapshot gives '\($0)' twice" }, &errors) { known, key, value, _ in
            switch known {
            case 0?: top.seller = value
            case 1?: top.asOf = value
            case 2?: top.signals = value
            case 3?: top.delivered = value
            case let k? where k >= 4: top.state[k - 4] = value
            default: unknown.append((String(decoding: key, as: UTF8.self), value))
            }
        }
        for (key, value) in unknown {
            diagnostics.add(.warning("unknown snapshot key '\(key.clipped(to: 100))' is ignored", at: doc.keyLocation(value),
                                     hint: Suggestions.didYouMean(key, in: SnapshotReader.topKeys), code: .snapshotUnknownKey))
        }
        return top
    }

    /// `seller`: its id, category and enrolment date. A missing id is a warning (the output
    /// cannot say whose it is), a missing category a note (the default benchmarks apply), a
    /// missing enrolment date an error.
    func decodeSeller(_ seller: D.Ref?, _ root: D.Ref, _ errors: inout DiagnosticBag) -> SellerPart {
        let doc = document
        var part = SellerPart()
        guard let seller, doc.kind(seller) == .object else {
            errors.add(.error(seller == nil ? "the snapshot has no 'seller'" : "'seller' must be an object with id, category and enrolled_on",
                              at: seller.flatMap { doc.location($0) } ?? doc.location(root),
                              hint: "add \"seller\": {\"id\": ..., \"category\": ..., \"enrolled_on\": \"YYYY-MM-DD\"}", code: .snapshotSeller))
            return part
        }
        var enrolledRef: D.Ref?
        var givesID = false
        var categoryInvalid = false
        // id, category, enrolled_on: SnapshotReader.sellerKeys
        forEachMemberOnce(seller, keyTables.seller, keyTables.sellerInOrder, duplicate: { "seller.\($0) is given twice" }, &errors) { known, key, value, errors in
            if known == 0 { givesID = true }
            switch known {
            case 0?: part.id = sellerID(value, &errors)
            case 1?:
                if doc.kind(value) == .null { break }
                part.category = sellerText(value, "seller.category", &errors)
                categoryInvalid = part.category == nil
            case 2?: enrolledRef = value
            default:
                let other = String(decoding: key, as: UTF8.self)
                diagnostics.add(.warning("unknown seller key '\(other)' is ignored", at: doc.keyLocation(value),
                                         hint: Suggestions.didYouMean(other, in: SnapshotReader.sellerKeys), code: .snapshotUnknownKey))
            }
        }
        if !givesID {
            diagnostics.add(.warning("seller.id is missing", at: doc.location(seller), hint: "give the seller's id, so the output says whose it is",
                                     code: .snapshotSeller))
        }
        if part.category == nil, !categoryInvalid {
            diagnostics.add(Diagnostic(.note, "seller.category is not given, so the default benchmarks apply", at: doc.location(seller),
                                       code: .snapshotSeller))
        }
        if let enrolledRef {
            part.enrolled = date(enrolledRef, "seller.enrolled_on", &errors)
        } else {
            errors.add(.error("seller.enrolled_on is missing", at: doc.location(seller), hint: "give the enrolment date as YYYY-MM-DD", code: .snapshotSeller))
        }
        return part
    }

    /// `seller.id`: text, or a whole number, as written (a YAML `00123` is "00123").
    func sellerID(_ value: D.Ref, _ errors: inout DiagnosticBag) -> String {
        switch document.kind(value) {
        case .int: return document.wholeNumberText(value)
        case .string: return sellerText(value, "seller.id", &errors) ?? ""
        case .uint:
            errors.add(.error("seller.id \(document.describe(value)) is too large for a whole-number id (at most 9223372036854775807)",
                              at: document.location(value), hint: "write the id as text: \"\(document.describe(value))\"", code: .snapshotSeller))
            return ""
        default:
            errors.add(.error("seller.id must be text or a whole number, not \(document.describe(value))", at: document.location(value),
                              hint: "a number with a fraction, even .0, is not an id: write 1000, or \"1000\"", code: .snapshotSeller))
            return ""
        }
    }

    /// A text of the seller part, within the length limit; nil (reported) otherwise.
    func sellerText(_ value: D.Ref, _ what: String, _ errors: inout DiagnosticBag) -> String? {
        let doc = document
        guard doc.kind(value) == .string else {
            errors.add(.error("\(what) must be text, not \(doc.describe(value))", at: doc.location(value), code: .snapshotSeller))
            return nil
        }
        let text = doc.string(value)
        if text.utf8.count > SnapshotLimits.maxIDBytes {
            errors.add(.error("\(what) is \(text.utf8.count) bytes long, over the limit of \(SnapshotLimits.maxIDBytes)",
                              at: doc.location(value), code: .snapshotSeller))
        }
        return text
    }

    /// `signals`: each catalog signal's value in catalog order (nil for missing or unknown),
    /// defaults filled in for absent ones; unknown signals warned about, a required one
    /// missing an error diagnostic.
    func decodeSignals(_ signals: D.Ref?, _ root: D.Ref, _ errors: inout DiagnosticBag) -> [Value?] {
        let doc = document
        let catalog = ruleSet.catalog.signals
        // Every value unset, written directly (`Array(repeating:count:)` copies the optional
        // into each element through a loop of its own, about 30 instructions each).
        let count = catalog.count
        var values = objects?.signals(count: count) ?? [Value?](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<min(count, buffer.count) { buffer.initializeElement(at: i, to: nil) }
            initialized = min(count, buffer.count)
        }
        var seen = FieldSet(count: catalog.count)
        if let signals, doc.kind(signals) == .object {
            let table = ruleSet.inputSchema.signals
            let layout = ruleSet.inputSchema.signalLayout
            var expected = 0  // producers tend to write signals in the catalog's order
            var unknownSeen = Set<String>()  // an unknown key given twice is refused as a known one is
            // Written through the buffer: one uniqueness check for the array, not one per signal.
            values.withUnsafeMutableBufferPointer { values in
                doc.forEachMember(signals) { key, value in
                    guard let i = SnapshotDecoder.next(key, after: expected, layout) ?? table.index(of: key) else {
                        let name = String(decoding: key, as: UTF8.self)
                        guard unknownSeen.insert(name).inserted else {
                            errors.add(.error("signal '\(name.clipped(to: 100))' is given twice", at: doc.keyLocation(value), hint: "keep one of them",
                                              code: .snapshotDuplicateKey))
                            return
                        }
                        // Past the problems a snapshot shows (SnapshotLimits.capped), one is only
                        // counted: no closest name looked for (a million unknown keys took 28 s).
                        guard diagnostics.mark < SnapshotLimits.maxDiagnostics else {
                            diagnostics.add(.warning("unknown signal", code: .snapshotUnknownSignal))
                            return
                        }
                        diagnostics.add(.warning("unknown signal '\(name.clipped(to: 100))' is ignored", at: doc.keyLocation(value),
                                                 hint: unknownSignalHint(name) ?? "the catalog (Rules/signals.yaml) does not declare it",
                                                 code: .snapshotUnknownSignal))
                        return
                    }
                    guard i < values.count else { return }  // a catalog index: always in range
                    if seen.contains(i) {
                        errors.add(.error("signal '\(catalog[i].name)' is given twice", at: doc.keyLocation(value), hint: "keep one of them",
                                          code: .snapshotDuplicateKey))
                        return
                    }
                    seen.insert(i)
                    expected = i + 1
                    // A plain scalar (of its kind, within range) needs none of the general
                    // reading's checks and messages.
                    if plainReading, i < layout.count, layout.fields[i].scalar, let v = doc.plainScalar(value, layout.fields[i]) {
                        values[i] = v
                        return
                    }
                    values[i] = signalValue(value, i)
                }
            }
        } else if let signals {
            errors.add(.error("'signals' must be an object of signal values, not \(doc.describe(signals))", at: doc.location(signals), code: .snapshotShape))
        } else {
            diagnostics.add(.warning("the snapshot has no 'signals'", at: doc.location(root), code: .snapshotNoSignals))
        }
        // By index: copying each signal's declaration out of the catalog costs reference counts.
        for i in values.indices where values[i] == nil {
            switch catalog[i].absence {
            case .defaultValue(let v) where !seen.contains(i): values[i] = v  // absent: the default; null or invalid: unknown
            case .required where !seen.contains(i):
                if let made = missingRequired, i < made.count, let d = made[i] { diagnostics.add(d) } else {
                    diagnostics.add(.missingRequiredSignal(catalog[i].name))
                }
            default: break
            }
        }
        return values
    }

    /// The index of the name `key` spells among the four that come next from `expected` in
    /// `layout` (producers write signals in the catalog's order, leaving some out), or nil.
    @inline(__always)
    static func next(_ key: UnsafeRawBufferPointer, after expected: Int, _ layout: PlainFields) -> Int? {
        guard let at = key.baseAddress else { return nil }
        var i = expected
        while i < min(layout.count, expected &+ 4) {
            if layout.fields[i].isSpelled(by: at, key.count) { return i }
            i += 1
        }
        return nil
    }

    /// The "did you mean" for a signal the catalog lacks: remembered by the reader when it
    /// keeps hints.
    func unknownSignalHint(_ name: String) -> String? {
        if let hints { return hints.hint(name, ruleSet) }
        return Suggestions.didYouMean(name, in: ruleSet.catalog.signals.map(\.name))
    }

    /// `delivered`: the history of tips shown and escalations raised. A delivery the rule set
    /// cannot use is kept (the host's history may name retired rules) but said, so a typo in
    /// an id is not silently without effect; so is one dated after `as_of`.
    func decodeDeliveries(_ delivered: D.Ref, asOf: Int?, _ errors: inout DiagnosticBag) -> [Delivery] {
        let doc = document
        let deliveries = deliveryList(delivered, &errors)
        for d in deliveries where ruleSet.ruleIndex(d.id) == nil {
            diagnostics.add(Diagnostic(.note, "'delivered' names '\(d.id.clipped(to: 100))', which is not a rule of this rule set", at: doc.location(delivered),
                                       hint: Suggestions.didYouMean(d.id, in: ruleSet.rules.map(\.id)), code: .snapshotUnknownDelivery))
        }
        if let asOf {
            for d in deliveries where d.day > asOf {
                diagnostics.add(.warning("'delivered' says '\(d.id.clipped(to: 100))' was delivered on \(CivilDate.format(d.day)), after as_of (\(CivilDate.format(asOf)))",
                                         at: doc.location(delivered), hint: "check the dates; a delivery after as_of is not counted for cooldowns",
                                         code: .snapshotFutureDelivery))
            }
        }
        return deliveries
    }

    /// Calls `body` for each member of the object `r` once, with the index of its key in
    /// `table` (nil for an unknown key). A key given twice is refused with `duplicate`'s
    /// message (JSON allows it; which one would win is a guess). Known keys are matched on
    /// their bytes; only an unknown key becomes a String.
    func forEachMemberOnce(_ r: D.Ref, _ table: NameTable, _ inOrder: PlainFields, duplicate: (String) -> String, _ errors: inout DiagnosticBag,
                           _ body: (Int?, UnsafeRawBufferPointer, D.Ref, inout DiagnosticBag) -> Void) {
        let doc = document
        var seen = FieldSet(count: table.count)
        var unknownSeen = Set<String>()
        var expected = 0
        doc.forEachMember(r) { key, value in
            let known = SnapshotDecoder.next(key, after: expected, inOrder) ?? table.index(of: key)
            if let known { expected = known + 1 }
            let first = known.map { !seen.contains($0) } ?? unknownSeen.insert(String(decoding: key, as: UTF8.self)).inserted
            guard first else {
                errors.add(.error(duplicate(String(decoding: key, as: UTF8.self)), at: doc.keyLocation(value),
                                  hint: "keep one of them", code: .snapshotDuplicateKey))
                return
            }
            if let known { seen.insert(known) }
            body(known, key, value, &errors)
        }
    }
}

extension Diagnostic {
    /// The error for a snapshot without required signal `name`.
    static func missingRequiredSignal(_ name: String) -> Diagnostic {
        .error("required signal '\(name)' is missing", hint: "rules that read it are skipped", code: .snapshotMissingSignal)
    }
}
