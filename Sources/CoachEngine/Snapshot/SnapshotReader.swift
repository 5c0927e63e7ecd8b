// SnapshotReader.swift — reads a seller snapshot (JSON or YAML) straight into catalog-ordered
// values, validating every signal on the way.

import CoachExpr
import CoachRules
import CoachSource
import CoachYAML

/// Reads seller snapshots for one rule set.
///
/// JSON goes through simdjson and is read straight into the values the engine needs — no
/// intermediate dictionaries. A reader owns a JSON parser and its buffers: keep one per
/// thread and reuse it.
public final class SnapshotReader {
    /// The rule set whose catalog validates the snapshots.
    public let ruleSet: RuleSet
    private let json = JSONParserHandle()

    /// A reader for snapshots evaluated by `ruleSet`.
    public init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        missingRequired = ruleSet.catalog.signals.map { signal in
            guard case .required = signal.absence else { return nil }
            return .missingRequiredSignal(signal.name)
        }
    }

    /// Whether plain scalar signals and plain objects of a list are read in one pass
    /// (``InputDocument/plainScalar(_:_:)``, ``InputDocument/readPlainObject(_:_:into:)``);
    /// off only to compare the two ways in tests.
    package var plainReading = true

    /// The keys of a snapshot, top level.
    package static let topKeys = ["seller", "as_of", "signals", "delivered"] + stateLists
    /// The lists of the host's state, in the order of ``SellerState``'s fields.
    package static let stateLists = ["dismissed", "snoozed", "done", "acknowledged"]
    /// The keys of a snapshot's `seller`.
    package static let sellerKeys = ["id", "category", "enrolled_on"]
    /// The keys of one entry of a snapshot's `delivered`.
    package static let deliveryKeys = ["id", "at"]
    /// The key tables, one set per reader (per thread), not shared between threads.
    let keyTables = SnapshotKeyTables()
    /// The list objects of the last two reads, filled again once nothing else holds them.
    let objects = ObjectPool()
    /// The hints for unknown signals this reader has met.
    let hints = UnknownSignalHints()
    /// Per catalog signal, the error a snapshot without it gets when it is required (nil when
    /// it is not): made once per reader, not a message made for every snapshot that lacks it.
    let missingRequired: [Diagnostic?]

    /// Takes back the signals array of a snapshot this reader read, once nothing else holds
    /// it (``Evaluator/releaseSignals()``), to write the next snapshot's signals into it.
    package func recycle(signals: [Value?]) { objects.keep(signals: signals) }

    /// Reads a JSON snapshot. `path` labels diagnostics.
    public func read(json bytes: UnsafeRawBufferPointer, path: String = "<snapshot>") throws(DiagnosticError) -> Snapshot {
        try read(json: bytes, path: path, padded: false)
    }

    /// The readable bytes that must follow a snapshot read with `padded` true.
    package static let padding = 64

    /// Reads a JSON snapshot; `padded`: at least ``padding`` readable bytes (of any content)
    /// follow `bytes`, so they are parsed where they are instead of copied first (`coach
    /// batch` reads its lines from a buffer kept so).
    package func read(json bytes: UnsafeRawBufferPointer, path: String, padded: Bool) throws(DiagnosticError) -> Snapshot {
        if bytes.count > SnapshotLimits.maxBytes { throw DiagnosticError(SnapshotLimits.tooLarge(path: path, bytes: bytes.count)) }
        // Nothing but white space is an empty snapshot, as a file of it is (the first byte
        // decides, for any snapshot that has content).
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
            throw DiagnosticError(.error("\(path) is empty", code: .snapshotEmpty))
        }
        objects.beginRead()
        let result = json.withDocument(bytes, padded: padded) { doc in
            let decoder = SnapshotDecoder(document: doc, ruleSet: ruleSet, path: path, keyTables: keyTables)
            decoder.plainReading = plainReading
            decoder.objects = objects
            decoder.hints = hints
            decoder.missingRequired = missingRequired
            // A refused snapshot is read again, its problems placed (while the tape lives).
            return decoder.decode().mapError { _ in located(doc, bytes: bytes, path: path) }
        }
        switch result {
        case .success(let decoded):
            switch decoded {
            case .success(let snapshot):
                // Warnings on an accepted snapshot name a file only when it was read from one
                // (read(path:)): a line of a population or an embedder's bytes have none.
                return snapshot
            case .failure(let error): throw error
            }
        case .failure(let syntax):
            let message = syntax.message
            let file = LocatedJSONDocument.file(bytes, path: path)
            let located = JSONErrorLocator.locate(Array(bytes))
            let location = located.map { file.location(atScalarOffset: $0.scalarOffset) }
            throw DiagnosticError(Diagnostic.error("malformed JSON: \(located?.message ?? message)", at: location,
                                                    hint: located?.hint, code: .snapshotJson).inFile(path))
        }
    }

    /// The problems of a refused JSON snapshot, with their lines and columns: the tape read
    /// again through a document that finds where each value is (``LocatedJSONDocument``).
    /// A key given twice anywhere is said at both places, as in a YAML file.
    private func located(_ doc: JSONDocument, bytes: UnsafeRawBufferPointer, path: String) -> DiagnosticError {
        let placed = LocatedJSONDocument(doc, bytes: bytes, path: path)
        let decoder = SnapshotDecoder(document: placed, ruleSet: ruleSet, path: path, keyTables: keyTables)
        decoder.duplicates = placed.duplicateKeys(most: SnapshotLimits.maxDiagnostics)
        switch decoder.decode() {
        case .failure(let error): return DiagnosticError(error.diagnostics.map { $0.inFile(path) })
        case .success: return DiagnosticError(.error("the snapshot could not be read", code: .snapshotJson).inFile(path))
        }
    }

    /// Reads a JSON snapshot from bytes.
    public func read(json bytes: [UInt8], path: String = "<snapshot>") throws(DiagnosticError) -> Snapshot {
        let result: Result<Snapshot, DiagnosticError> = bytes.withUnsafeBytes { raw in
            do throws(DiagnosticError) { return .success(try read(json: raw, path: path)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Reads a YAML snapshot (positions are kept for diagnostics).
    public func read(yaml text: String, path: String = "<snapshot>") throws(DiagnosticError) -> Snapshot {
        if text.utf8.count > SnapshotLimits.maxBytes { throw DiagnosticError(SnapshotLimits.tooLarge(path: path, bytes: text.utf8.count)) }
        let docs = try SnapshotLimits.yamlParser.parse(text: text, path: path)
        guard let root = docs.first else {
            throw DiagnosticError(.error("\(path) is empty", code: .snapshotEmpty))
        }
        if docs.count > 1 {
            throw DiagnosticError(.error("\(path) holds \(docs.count) YAML documents; a snapshot is one seller", at: docs[1].location,
                                         hint: "give each seller its own file", code: .snapshotDocuments))
        }
        return try read(yaml: root, path: path)
    }

    /// Reads a snapshot from a YAML node (as rule tests embed them).
    package func read(yaml node: Node, path: String = "<snapshot>") throws(DiagnosticError) -> Snapshot {
        let decoder = SnapshotDecoder(document: YAMLDocument(root: node), ruleSet: ruleSet, path: path, keyTables: keyTables)
        return try decoder.decode().get()
    }

    /// Reads the file at `path`: JSON when it ends in `.json` or starts with `{`, else YAML.
    /// Warnings on the snapshot name the file. `-` reads standard input.
    public func read(path: String) throws(DiagnosticError) -> Snapshot {
        try read(path: path, placingWarnings: false)
    }

    /// ``read(path:)``; `placingWarnings`: an accepted JSON snapshot's warnings are given
    /// their lines and columns too (`coach eval` of a file; a JSON result of standard input
    /// keeps the bytes the C ABI gives for the same snapshot, whose warnings have none).
    package func read(path: String, placingWarnings: Bool) throws(DiagnosticError) -> Snapshot {
        let isStdin = path == "-"
        var bytes: [UInt8]
        do {
            bytes = try FileReader.read(path: isStdin ? "/dev/stdin" : path, maxBytes: SnapshotLimits.maxBytes)
        } catch {
            throw DiagnosticError(error.diagnostics.map { d in
                d.kind == .yamlFileTooLarge ? SnapshotLimits.tooLarge(path: path) : d
            })
        }
        if isStdin {
            let snapshot = try read(contents: bytes, path: "<stdin>", json: false)
            return placingWarnings ? placed(snapshot, bytes, path: "<stdin>") : snapshot
        }
        var snapshot = try read(contents: bytes, path: path, json: path.hasSuffix(".json"))
        if placingWarnings { snapshot = placed(snapshot, bytes, path: path) }
        snapshot.diagnostics = snapshot.diagnostics.map { $0.inFile(path) }
        return snapshot
    }

    /// An accepted JSON snapshot read from a file, its warnings given their lines and
    /// columns: the tape read again through ``LocatedJSONDocument``, as for a refused one.
    /// Only `coach eval` and explain pay for it, and only when a warning has no place: a
    /// line of a population or an embedder's bytes keep their warnings unplaced (the caller
    /// knows where the bytes came from), and a snapshot without problems is read once. (A
    /// required signal left out stays without a place; one given as null gets its value's.)
    private func placed(_ snapshot: Snapshot, _ contents: [UInt8], path: String) -> Snapshot {
        guard snapshot.diagnostics.contains(where: { $0.location == nil && $0.severity != .note }) else { return snapshot }
        var bytes = contents
        ByteOrderMark.strip(&bytes)
        guard bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{") || path.hasSuffix(".json")
        else { return snapshot }
        let again: Result<Snapshot, DiagnosticError>? = bytes.withUnsafeBytes { raw in
            try? json.withDocument(raw, padded: false) { doc in
                SnapshotDecoder(document: LocatedJSONDocument(doc, bytes: raw, path: path), ruleSet: ruleSet, path: path,
                                keyTables: keyTables).decode()
            }.get()
        }
        guard case .success(let located)? = again, located.diagnostics.count == snapshot.diagnostics.count else { return snapshot }
        var result = snapshot
        result.diagnostics = located.diagnostics
        return result
    }

    /// Reads a snapshot's bytes: JSON when `json` or when they start with `{`, else YAML.
    /// `path` labels diagnostics that have a position; warnings on an accepted JSON snapshot
    /// name no file (the caller knows where the bytes came from).
    package func read(contents: [UInt8], path: String, json: Bool = false) throws(DiagnosticError) -> Snapshot {
        var bytes = contents
        ByteOrderMark.strip(&bytes)  // a byte-order mark is not content
        let firstNonSpace = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        // Nothing but white space is an empty snapshot, whichever form its name says.
        guard firstNonSpace != nil else { throw DiagnosticError(.error("\(path) is empty", code: .snapshotEmpty)) }
        if json || firstNonSpace == UInt8(ascii: "{") {
            return try read(json: bytes, path: path)
        }
        return try read(yaml: String(decoding: bytes, as: UTF8.self), path: path)
    }
}

/// The unknown fields met in a list of objects: each name once, where it is first given and
/// in which item.
struct UnknownFields<Ref> {
    private(set) var found: [(name: String, at: Ref, item: Int)] = []
    private var seen = Set<String>()
    /// The item being read.
    var item = 0

    mutating func add(_ name: String, at: Ref) {
        if seen.insert(name).inserted { found.append((name, at, item)) }
    }
}

/// Walks a snapshot document for one rule set.
final class SnapshotDecoder<D: InputDocument> {
    let document: D
    let ruleSet: RuleSet
    let path: String
    let keyTables: SnapshotKeyTables
    /// Warnings and notes about the snapshot (errors go to the passes' own lists). A decoder
    /// is confined to one read, so the field skips dynamic exclusivity checks.
    @exclusivity(unchecked) var diagnostics = DiagnosticBag()
    /// See ``SnapshotReader/plainReading``.
    var plainReading = true
    /// Where a plain list's objects come from (nil: each made new).
    var objects: ObjectPool?
    /// Where an unknown signal's hint is remembered (nil: worked out each time).
    var hints: UnknownSignalHints?
    /// ``SnapshotReader/missingRequired`` (nil: each made when needed).
    var missingRequired: [Diagnostic?]?
    /// Where in the signal being read its problem is, when more precise than the signal's
    /// value: the item of a list, or the field of an object in it (set by ``list`` and
    /// ``object``; cleared for each signal).
    var problemAt: D.Ref?
    /// A refused JSON snapshot's keys given twice (``LocatedJSONDocument/duplicateKeys(most:)``):
    /// the first ones made, and how many more there are.
    var duplicates: (shown: [Diagnostic], unshown: Int)?

    init(document: D, ruleSet: RuleSet, path: String, keyTables: SnapshotKeyTables) {
        self.document = document
        self.ruleSet = ruleSet
        self.path = path
        self.keyTables = keyTables
    }


    /// The snapshot, in passes: its top-level keys, the seller, `as_of`, the signals, the
    /// delivery history and the seller's state (SnapshotDecoder+Parts.swift).
    func decode() -> Result<Snapshot, DiagnosticError> {
        let doc = document
        let root = doc.root
        guard doc.kind(root) == .object else {
            return .failure(DiagnosticError(.error("a snapshot must be an object with seller, as_of and signals, not \(doc.describe(root))",
                                                   at: doc.location(root), code: .snapshotShape)))
        }
        var errors = DiagnosticBag()
        let top = topLevel(root, &errors)
        let seller = decodeSeller(top.seller, root, &errors)
        var asOfDay: Int?
        if let asOf = top.asOf { asOfDay = date(asOf, "as_of", &errors) } else {
            errors.add(.error("the snapshot has no 'as_of' date", at: doc.location(root), hint: "add \"as_of\": \"YYYY-MM-DD\"", code: .snapshotAsOf))
        }
        if let e = seller.enrolled, let a = asOfDay, a < e {
            errors.add(.error("as_of (\(CivilDate.format(a))) is before the enrolment date (\(CivilDate.format(e)))",
                              at: top.asOf.flatMap { doc.location($0) }, code: .snapshotAsOf))
        }
        let values = decodeSignals(top.signals, root, &errors)
        let deliveries = top.delivered.map { decodeDeliveries($0, asOf: asOfDay, &errors) } ?? []
        let state = top.state.any ? sellerState(top.state, asOf: asOfDay, enrolled: seller.enrolled, &errors) : SellerState()
        guard !errors.hasErrors, let enrolled = seller.enrolled, let asOfDay else {
            guard errors.hasErrors else { return .failure(DiagnosticError([.error("the snapshot is incomplete", code: .snapshotShape)])) }
            // Keys given twice, found over the whole document with both places: in place of
            // the walk's own word on those it met, among the other problems.
            if let d = duplicates, !d.shown.isEmpty {
                let others = errors.items.filter { $0.kind != .snapshotDuplicateKey }
                return .failure(DiagnosticError(SnapshotLimits.capped((others + d.shown).sortedByLocation(), unshown: d.unshown)))
            }
            return .failure(DiagnosticError(SnapshotLimits.capped(errors.items)))
        }
        return .success(Snapshot(sellerID: seller.id, category: seller.category, enrolledDay: enrolled, asOfDay: asOfDay, signals: values,
                                 delivered: deliveries, state: state, diagnostics: SnapshotLimits.capped(diagnostics.items)))
    }

    func date(_ r: D.Ref, _ what: String, _ errors: inout DiagnosticBag) -> Int? {
        guard document.kind(r) == .string, let d = CivilDate.parse(document.string(r)) else {
            errors.add(.error("\(what) must be a date written YYYY-MM-DD, not \(document.describe(r))", at: document.location(r), code: .snapshotDate))
            return nil
        }
        return d
    }

    func deliveryList(_ r: D.Ref, _ errors: inout DiagnosticBag) -> [Delivery] {
        let doc = document
        guard doc.kind(r) == .array else {
            errors.add(.error("'delivered' must be a list of {id, at}", at: doc.location(r), code: .snapshotDelivered))
            return []
        }
        if doc.count(r) > SnapshotLimits.maxDeliveries {
            errors.add(.error("'delivered' lists \(doc.count(r)) entries, over the limit of \(SnapshotLimits.maxDeliveries)", at: doc.location(r),
                              hint: "send the deliveries of the last year at most", code: .snapshotTooLarge))
            return []
        }
        var out: [Delivery] = []
        out.reserveCapacity(doc.count(r))
        doc.forEachElement(r) { item in
            var id: String?
            var at: Int?
            var badDate = false
            if doc.kind(item) == .object {
                // The two keys matched on their bytes, each seen once; only another key becomes
                // a String (a set of names per entry cost more than the rest of reading it).
                var seenID = false, seenAt = false
                var seenOther = Set<String>()
                doc.forEachMember(item) { key, value in
                    let isID = key.elementsEqual("id".utf8), isAt = !isID && key.elementsEqual("at".utf8)
                    let first: Bool
                    if isID { first = !seenID; seenID = true } else if isAt { first = !seenAt; seenAt = true } else {
                        first = seenOther.insert(String(decoding: key, as: UTF8.self)).inserted
                    }
                    guard first else {
                        errors.add(.error("a 'delivered' entry gives '\(String(decoding: key, as: UTF8.self))' twice", at: doc.keyLocation(value),
                                          code: .snapshotDuplicateKey))
                        badDate = true
                        return
                    }
                    switch (isID, isAt) {
                    case (true, _): if doc.kind(value) == .string { id = doc.string(value) }
                    case (_, true):
                        at = date(value, "delivered[].at", &errors)
                        badDate = at == nil
                    default:
                        let other = String(decoding: key, as: UTF8.self)
                        diagnostics.add(.warning("unknown key '\(other)' in a 'delivered' entry is ignored", at: doc.keyLocation(value),
                                                 hint: Suggestions.didYouMean(other, in: SnapshotReader.deliveryKeys), code: .snapshotUnknownKey))
                    }
                }
            }
            if let id, let at { out.append(Delivery(id: id, day: at)) } else if !badDate {
                errors.add(.error("each 'delivered' entry needs an id and a date: {\"id\": \"rule.id\", \"at\": \"YYYY-MM-DD\"}",
                                  at: doc.location(item), code: .snapshotDelivered))
            }
        }
        return out
    }

    /// The validated value of signal `i`, or `nil` (with a diagnostic) when it is invalid.
    func signalValue(_ r: D.Ref, _ i: Int) -> Value? {
        let plan = ruleSet.inputSchema.plans[i]
        func name() -> String { ruleSet.catalog.signals[i].name }
        if document.kind(r) == .null {
            if plan.required {
                diagnostics.add(.error("required signal '\(name())' is null", at: document.location(r),
                                       hint: "rules that read it are skipped", code: .snapshotMissingSignal))
            }
            return nil
        }
        var problem: String?
        var unknownFields = UnknownFields<D.Ref>()
        problemAt = nil
        let v = read(r, i, plan, &problem, &unknownFields)
        // Each unknown field at its first key (in a list of 200 listings, the one that has it),
        // with the item it is in.
        for field in unknownFields.found {
            // Past the problems a snapshot shows (SnapshotLimits.capped), one is only counted:
            // no closest name looked for, no position (thousands of made-up fields).
            guard diagnostics.mark < SnapshotLimits.maxDiagnostics else {
                diagnostics.add(.warning("unknown field", code: .snapshotUnknownField))
                continue
            }
            diagnostics.add(.warning("signal '\(name())' has unknown field '\(field.name.clipped(to: 100))' (first in \(name())[\(field.item)]), ignored",
                                     at: document.keyLocation(field.at),
                                     hint: Suggestions.didYouMean(field.name, in: plan.fieldNames),
                                     code: .snapshotUnknownField))
        }
        if let problem {
            // A required signal that is unusable is as serious as a missing one. One with a
            // default does not get it: a wrong value is unknown, not absent (docs/decisions.md).
            var message = "signal '\(name())' \(problem); it is treated as missing"
            if case .defaultValue = ruleSet.catalog.signals[i].absence { message += " (its default is for an absent signal only)" }
            // At the value, or at the item of a list (or the field in it) that is wrong.
            let at = document.location(problemAt ?? r)
            if plan.required {
                diagnostics.add(.error(message, at: at, hint: "rules that read it are skipped", code: .snapshotInvalidSignal))
            } else {
                diagnostics.add(.warning(message, at: at, code: .snapshotInvalidSignal))
            }
            return nil
        }
        return v
    }

    /// Signal `i`'s value read by its plan, or nil with `problem` set.
    func read(_ r: D.Ref, _ i: Int, _ plan: SignalReadPlan, _ problem: inout String?,
              _ unknownFields: inout UnknownFields<D.Ref>) -> Value? {
        switch plan.shape {
        case .scalar(let kind): return scalar(r, kind, range: plan.range, problem: &problem)
        case .list(let kind):
            let layout = ruleSet.inputSchema.signalLayout
            if plainReading, i < layout.count, layout.fields[i].list, let v = plainScalars(r, layout.fields[i]) { return v }
            return list(r, signal: i, &problem) { item, _, p in scalar(item, kind, range: plan.range, problem: &p) }
        case .objects:
            guard let table = ruleSet.inputSchema.objectFields[i], let type = ruleSet.inputSchema.objectTypes[i] else { return nil }
            if plainReading, let layout = plan.plainFields, let v = plainObjects(r, layout, type) { return v }
            return list(r, signal: i, &problem) { item, k, p in
                unknownFields.item = k
                return object(item, plan, table, type, problem: &p, unknownFields: &unknownFields)
            }
        }
    }

    /// One scalar of `kind` within `range`, or nil with `problem` set.
    func scalar(_ r: D.Ref, _ kind: SignalReadPlan.Scalar, range: ValueRange?, problem: inout String?) -> Value? {
        let doc = document
        func wrong(_ expected: String) -> Value? {
            problem = "is \(doc.describe(r)) (\(doc.typeName(r))), expected \(expected)"
            return nil
        }
        func checked(_ d: Double, _ v: Value) -> Value? {
            if d.isNaN { problem = "is not a number"; return nil }
            if d.isInfinite { problem = "is \(d < 0 ? "minus " : "")infinity, expected a finite number"; return nil }
            if let range, !range.contains(d) {
                problem = "is \(doc.describe(r)), outside its range \(range.description)"
                return nil
            }
            return v
        }
        switch kind {
        case .int:
            switch doc.kind(r) {
            case .int:
                let i = doc.int(r)
                if let range, !range.contains(int: i) {
                    problem = "is \(doc.describe(r)), outside its range \(range.description)"
                    return nil
                }
                return .int(i)
            case .uint: problem = "is \(doc.describe(r)), too large for an int"; return nil
            case .double:
                // A whole number written with a point (`4.0`, as pandas and many exports write
                // integers) is that int: JSON has one kind of number, and JSON Schema's
                // "integer" takes it too. A fraction is still the wrong type.
                let d = doc.double(r)
                guard d.isFinite, d.rounded(.towardZero) == d else { return d.isFinite ? wrong("an int (a whole number)") : checked(d, .null) }
                guard d >= -9.223372036854775808e18, d < 9.223372036854775808e18 else {
                    problem = "is \(doc.describe(r)), too large for an int"
                    return nil
                }
                let i = Int64(d)
                if let range, !range.contains(int: i) {
                    problem = "is \(doc.describe(r)), outside its range \(range.description)"
                    return nil
                }
                return .int(i)
            default: return wrong("an int")
            }
        case .double:
            switch doc.kind(r) {
            case .int: let i = doc.int(r); return checked(Double(i), .double(Double(i)))
            case .uint: let u = Double(doc.uint(r)); return checked(u, .double(u))
            case .double: let d = doc.double(r); return checked(d, .double(d))
            default: return wrong("a number")
            }
        case .bool:
            return doc.kind(r) == .bool ? .bool(doc.bool(r)) : wrong("true or false")
        case .string:
            guard doc.kind(r) == .string else { return wrong("text") }
            let text = doc.string(r)
            if text.utf8.count > SnapshotLimits.maxTextBytes {
                problem = "is a text of \(text.utf8.count) bytes, over the limit of \(SnapshotLimits.maxTextBytes)"
                return nil
            }
            return .string(text)
        }
    }

    /// A list of objects each plain (``InputDocument/readPlainObject(_:_:into:)``), read
    /// without the general reading's set-up per object; nil when any object is not.
    func plainObjects(_ r: D.Ref, _ layout: PlainFields, _ type: ObjectType) -> Value? {
        let doc = document
        return plainList(r) { element in
            var plain = false
            let object: ObjectValue
            if let objects {
                object = objects.object(type: type) { fields in plain = doc.readPlainObject(element, layout, into: fields) }
            } else {
                object = ObjectValue.make(type: type) { fields in plain = doc.readPlainObject(element, layout, into: fields) }
            }
            return plain ? .object(object) : nil
        }
    }

    /// A list of scalars each plain for `field` (of its kind, within its range); nil when
    /// any element is not.
    func plainScalars(_ r: D.Ref, _ field: PlainFields.Field) -> Value? {
        let doc = document
        return plainList(r) { doc.plainScalar($0, field) }
    }

    /// A list whose every element `plain` reads, in one pass; nil when the list or any
    /// element is not plain, and the general reading then reads the whole list, with its
    /// messages.
    @inline(__always)
    func plainList(_ r: D.Ref, _ plain: (D.Ref) -> Value?) -> Value? {
        let doc = document
        guard doc.kind(r) == .array else { return nil }
        let count = doc.count(r)
        guard count <= SnapshotLimits.maxListItems else { return nil }
        var items: [Value] = []
        items.reserveCapacity(count)
        var failed = false
        doc.forEachElement(r) { element in
            guard !failed else { return }
            if let v = plain(element) { items.append(v) } else { failed = true }
        }
        return failed ? nil : .list(items)
    }

    /// A list whose items `item` reads; the first bad item makes the problem. The items after
    /// it are still read, for what they say apart from that (an unknown field in a later item
    /// is warned about too), their own problems left unsaid: the list is refused anyway.
    func list(_ r: D.Ref, signal i: Int, _ problem: inout String?, _ item: (D.Ref, Int, inout String?) -> Value?) -> Value? {
        let doc = document
        guard doc.kind(r) == .array else {
            problem = "is \(doc.describe(r)) (\(doc.typeName(r))), expected a list"
            return nil
        }
        let count = doc.count(r)
        if count > SnapshotLimits.maxListItems {
            problem = "is a list of \(count) items, over the limit of \(SnapshotLimits.maxListItems)"
            return nil
        }
        var items: [Value] = []
        items.reserveCapacity(count)
        var failed = false
        var index = 0
        var firstProblemAt: D.Ref?
        doc.forEachElement(r) { element in
            defer { index += 1 }
            var p: String?
            if failed {
                _ = item(element, index, &p)
                return
            }
            if let v = item(element, index, &p) {
                items.append(v)
            } else {
                // Placed at the item, or where in it the problem is (``problemAt``).
                problem = "has an invalid item, \(ruleSet.catalog.signals[i].name.clipped(to: 100))[\(index)]: " + (p ?? "invalid")
                if problemAt == nil { problemAt = element }
                firstProblemAt = problemAt
                failed = true
            }
        }
        if failed { problemAt = firstProblemAt }
        return failed ? nil : .list(items)
    }

    /// One object of a list of objects: every declared field, each valid.
    func object(_ r: D.Ref, _ plan: SignalReadPlan, _ table: NameTable, _ type: ObjectType, problem: inout String?,
                unknownFields: inout UnknownFields<D.Ref>) -> Value? {
        let doc = document
        guard doc.kind(r) == .object else {
            problem = "is \(doc.describe(r)) (\(doc.typeName(r))), expected an object"
            return nil
        }
        let count = plan.fieldKinds.count
        var given = FieldSet(count: count)
        var failed = false
        var expected = 0  // every element of a list writes its fields in the same order
        var problemHere: String?
        var filled = 0
        var plain = false
        var unknownHere = Set<String>()  // an unknown field given twice is refused as a known one is
        // The fields are written in place into the buffer the object keeps (no copy).
        let object = ObjectValue.make(type: type) { fields in
            if plainReading, let layout = plan.plainFields, doc.readPlainObject(r, layout, into: fields) {
                plain = true
                return
            }
            for i in fields.indices { fields[i] = nil }  // what the plain reading wrote before it stopped
            doc.forEachMember(r) { key, value in
                guard !failed else { return }
                guard let f = table.index(of: key, expected: expected) else {
                    let name = String(decoding: key, as: UTF8.self)
                    unknownFields.add(name, at: value)
                    if !unknownHere.insert(name).inserted {
                        problemHere = "gives field '\(name.clipped(to: 100))' twice"
                        problemAt = value
                        failed = true
                    }
                    return
                }
                if given.contains(f) {
                    problemHere = "gives field '\(plan.fieldNames[f])' twice"
                    problemAt = value
                    failed = true
                    return
                }
                given.insert(f)
                expected = f + 1
                if doc.kind(value) == .null { return }
                var p: String?
                if let v = scalar(value, plan.fieldKinds[f], range: plan.fieldRanges[f], problem: &p), f < fields.count {
                    fields[f] = v
                    filled += 1
                } else {
                    problemHere = "field '\(plan.fieldNames[f])' " + (p ?? "is invalid")
                    problemAt = value
                    failed = true
                }
            }
        }
        if plain { return .object(object) }
        if failed { problem = problemHere; return nil }
        // Every required field is needed: a rule reading an unset one could not be evaluated.
        // An optional one stays unset (`has(l.field)` is false).
        if filled < count,
           let f = (0..<count).first(where: { object[$0] == nil && !plan.fieldOptional[$0] }) {
            problem = "has no value for field '\(plan.fieldNames[f])'"
            return nil
        }
        return .object(object)
    }
}

/// Which fields of an object were given: bits for up to 64 fields (no allocation), a set
/// beyond.
struct FieldSet {
    private var bits: UInt64 = 0
    private var more: Set<Int> = []

    init(count: Int) {}

    func contains(_ f: Int) -> Bool { f < 64 ? bits & (1 << UInt64(f)) != 0 : more.contains(f) }

    mutating func insert(_ f: Int) {
        if f < 64 { bits |= 1 << UInt64(f) } else { more.insert(f) }
    }
}

/// Name tables for a snapshot's own keys (top level and `seller`). A class: each read's
/// decoder holds the reader's tables by one reference, not a copy of every table.
final class SnapshotKeyTables: Sendable {
    let top = NameTable(SnapshotReader.topKeys)
    let seller = NameTable(SnapshotReader.sellerKeys)
    /// The same names laid out to be matched in order, before any hashing.
    let topInOrder = SnapshotKeyTables.layout(SnapshotReader.topKeys)
    let sellerInOrder = SnapshotKeyTables.layout(SnapshotReader.sellerKeys)

    static func layout(_ names: [String]) -> PlainFields {
        PlainFields(names: names, kinds: names.map { _ in nil }, ranges: names.map { _ in nil }, optional: names.map { _ in false })
    }
}
