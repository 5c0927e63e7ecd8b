// WhatWouldChange.swift — for each comparison of a seller's value with a threshold in a rule's
// condition, the value at which it flips and whether that alone would change the rule
// ("goes away when return_rate ≤ 12%", "would fire at 8 or more unanswered_messages"),
// worked out from the compiled condition; where it cannot be, it says why.

import CoachExpr
import CoachRules
import CoachSource

/// What would change one comparison of a rule's condition.
public struct ThresholdNote: Sendable, Equatable {
    /// The comparison, as written.
    public var expression: String
    /// What is compared: a signal or definition name, or an expression over them.
    public var subject: String?
    /// The subject's value for this seller.
    public var value: Double?
    /// The comparison that would make the change (`<=`, `>=`, `<`, `>`, `==`, `!=`), with
    /// the subject on the left, and its threshold.
    public var op: String?
    public var threshold: Double?
    /// Whether the comparison holds now.
    public var holds: Bool?
    /// Whether flipping this comparison alone changes whether the rule's condition holds.
    public var changesRule: Bool
    /// The note in words: what would change, or why it cannot be worked out.
    public var text: String
    /// Both sides are whole numbers (an int `> 7` then reads `≥ 8`).
    var wholeNumbers = false
    /// The seller's side is a whole number, whatever the threshold (an int `> 2.5` then
    /// reads `≥ 3`).
    var wholeSubject = false
}

/// Works out the threshold notes of a rule's condition for one seller.
struct ThresholdAnalysis {
    let ruleSet: RuleSet
    let activation: Activation
    /// Names whose values come from the seller (signals, the definitions that read them, the
    /// day, the phase, the seller's id and category).
    let sellerNames: Set<String>
    /// The rule set's definitions by name.
    let definitions: [String: CompiledDefinition]
    /// Whether the notes speak of a rule firing or an item being done.
    var wording = Wording.rule

    enum Wording { case rule, item }

    init(ruleSet: RuleSet, activation: Activation) {
        self.ruleSet = ruleSet
        self.activation = activation
        definitions = Dictionary(ruleSet.definitions.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        sellerNames = Set(ruleSet.catalog.signals.map(\.name) + ["day", "phase", "seller"]).union(ruleSet.sellerDefinitions)
    }

    /// A boolean formula over comparisons: the `when` tree, then `&&`, `||` and `!` inside
    /// each leaf.
    indirect enum Formula {
        case atom(Int)
        case and([Formula]), or([Formula]), not(Formula)
    }

    /// One comparison (or other boolean part) of the formula, with its current value.
    struct Atom {
        var note: ThresholdNote?
        var holds: Bool?
        /// The seller's values it reads (signals, definitions, engine values), by name.
        var names: Set<String> = []
    }

    /// The notes for `condition`, in the order the comparisons are written.
    func notes(_ condition: Condition) -> [ThresholdNote] {
        var atoms: [Atom] = []
        let formula = build(condition, &atoms)
        return notes(formula, atoms) { RuleSet.trace(condition, $0, skip: false).holds }
    }

    /// The notes for a yes/no expression (a checklist item's `done_when`).
    func notes(expression program: Program) -> [ThresholdNote] {
        guard let parsed = program.parsed else { return [] }
        var atoms: [Atom] = []
        let text = Array(parsed.text.unicodeScalars)
        let formula = build(parsed.root, program, text, 0..<text.count, depth: 0, &atoms)
        return notes(formula, atoms) { program.evaluate($0).boolValue }
    }

    /// The notes of the atoms, with whether each change alone changes the whole: for a
    /// signal, by evaluating the whole again with the signal at the stated value (it may be
    /// read elsewhere in the condition too); otherwise by flipping the comparison alone, unless
    /// what it compares is read elsewhere in the condition, where that cannot be known.
    private func notes(_ formula: Formula, _ atoms: [Atom], whole: (Activation) -> Bool?) -> [ThresholdNote] {
        let now = value(formula, atoms, flipping: nil)
        var out: [ThresholdNote] = []
        for (i, atom) in atoms.enumerated() {
            guard var note = atom.note else { continue }
            guard note.op != nil, let holds = atom.holds else { out.append(note); continue }
            guard let rule = now else {
                note.text = "cannot be worked out: the condition gives an error for this seller"
                out.append(note)
                continue
            }
            let (target, bound) = self.target(note, holds: holds)
            if note.wholeSubject, target == "==", bound.isFinite, bound.rounded() != bound {
                // `strikes == 2.5`: a whole number is never that, whatever the seller does.
                note.text = "cannot change: \(note.subject ?? "it") is a whole number, never \(Formatting.trimmed(bound, maxDigits: 6))"
            } else if let outside = outOfRange(note, target, bound) {
                note.text = outside
            } else if let signal = signalIndex(note.subject) {
                // A value inside the stated region: the edge itself, or just past a strict one.
                let step = note.wholeSubject ? 1 : bound.ulp
                let probe = target == "<" ? bound - step : target == ">" || target == "!=" ? bound + step : bound
                let flipped = evaluate(whole, signal: signal, at: probe, towards: target)
                note.changesRule = flipped != nil && flipped != rule
                note.text = words(note, target, bound, ruleHolds: rule)
            } else if sharesNames(atoms, i) {
                note.text = "cannot be worked out on its own: what \(note.subject ?? "it") reads is also read elsewhere in the condition"
            } else {
                let flipped = value(formula, atoms, flipping: i)
                note.changesRule = flipped != nil && flipped != rule
                note.text = words(note, target, bound, ruleHolds: rule)
            }
            out.append(note)
        }
        return out
    }

    /// The comparison that changes a note's comparison (its negation when it holds now,
    /// itself otherwise) and the value at its edge (an int `> 7` edges at 8).
    private func target(_ note: ThresholdNote, holds: Bool) -> (op: String, value: Double) {
        guard let op = note.op, let c = note.threshold else { return ("==", 0) }
        var target = holds ? ["<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="][op] ?? op : op
        // "≠ 0" for a count that cannot go below 0 reads better as "≥ 1".
        if target == "!=", let range = signal(note.subject)?.range {
            if range.min == c { target = ">" } else if range.max == c { target = "<" }
        }
        // A whole number passes a threshold at the next whole number: `> 7` and `> 7.5` at 8,
        // `>= 7.5` at 8, `< 7.5` at 7 and below, `<= 7.5` at 7 and below.
        switch (target, note.wholeSubject) {
        case (">", true): return (">=", c.rounded(.down) + 1)
        case (">=", true): return (">=", c.rounded(.up))
        case ("<", true): return ("<=", c.rounded(.up) - 1)
        case ("<=", true): return ("<=", c.rounded(.down))
        default: return (target, c)
        }
    }

    /// Why the change is impossible for a signal whose declared range excludes it; nil when
    /// it is possible (or the subject is not a signal with a range).
    private func outOfRange(_ note: ThresholdNote, _ op: String, _ bound: Double) -> String? {
        guard let s = signal(note.subject), let range = s.range else { return nil }
        let lo = range.min ?? -.infinity, hi = range.max ?? .infinity
        let possible: Bool
        switch op {
        case "<": possible = lo < bound
        case "<=": possible = lo <= bound
        case ">": possible = hi > bound
        case ">=": possible = hi >= bound
        case "==": possible = lo <= bound && bound <= hi
        default: possible = true
        }
        if possible { return nil }
        let f = exactFormat(s.name)
        return "cannot change: \(s.name) stays within its range [\(range.min.map(f) ?? "…"), \(range.max.map(f) ?? "…")]"
    }

    /// The whole condition's truth with signal `index` set to `value` (its definitions
    /// recomputed), the activation restored afterwards.
    private func evaluate(_ whole: (Activation) -> Bool?, signal index: Int, at value: Double, towards op: String) -> Bool? {
        let slot = ruleSet.slots.signals[index]
        let original = activation[slot]
        // The signal keeps its type: an int signal is probed with the nearest int inside the
        // stated region (below a `<` bound, above a `>` one).
        var probe = Value.double(value)
        if case .int = original {
            let rounded = op == "<" || op == "<=" ? value.rounded(.down) : op == "==" ? value : value.rounded(.up)
            guard let i = Int64(exactly: rounded) else { return nil }
            probe = .int(i)
        }
        activation.set(slot, probe)
        activation.rearmLazy()
        defer {
            activation.set(slot, original)
            activation.rearmLazy()
        }
        return whole(activation)
    }

    /// Whether atom `i`'s subject reads a seller's value that another atom reads too.
    private func sharesNames(_ atoms: [Atom], _ i: Int) -> Bool {
        let mine = atoms[i].names
        guard !mine.isEmpty else { return false }
        return atoms.indices.contains { $0 != i && !atoms[$0].names.isDisjoint(with: mine) }
    }

    private func signal(_ name: String?) -> Signal? { signalIndex(name).map { ruleSet.catalog.signals[$0] } }

    private func signalIndex(_ name: String?) -> Int? {
        guard let name else { return nil }
        return ruleSet.catalog.index(of: name)
    }

    private func build(_ c: Condition, _ atoms: inout [Atom]) -> Formula {
        switch c {
        case .leaf(let leaf):
            guard let parsed = leaf.program.parsed else {
                atoms.append(Atom(note: nil, holds: leaf.program.evaluate(activation).boolValue))
                return .atom(atoms.count - 1)
            }
            let text = Array(parsed.text.unicodeScalars)
            return build(parsed.root, leaf.program, text, 0..<text.count, depth: 0, &atoms)
        case .all(let members): return .and(members.map { build($0, &atoms) })
        case .any(let members): return .or(members.map { build($0, &atoms) })
        case .not(let m): return .not(build(m, &atoms))
        }
    }

    /// The formula of expression node `e`, whose source is `text[span]`.
    private func build(_ e: Expr, _ program: Program, _ text: [Unicode.Scalar], _ written: Range<Int>, depth: Int,
                       _ atoms: inout [Atom]) -> Formula {
        let span = Self.trim(text, written)
        if case .call(nil, let fn, let args) = e.kind {
            switch fn {
            case Operator.and where args.count == 2, Operator.or where args.count == 2:
                let l = build(args[0], program, text, span.lowerBound..<e.offset, depth: depth, &atoms)
                let r = build(args[1], program, text, min(e.offset + 2, span.upperBound)..<span.upperBound, depth: depth, &atoms)
                return fn == Operator.and ? .and([l, r]) : .or([l, r])
            case Operator.not where args.count == 1:
                return .not(build(args[0], program, text, min(e.offset + 1, span.upperBound)..<span.upperBound, depth: depth, &atoms))
            default: break
            }
        }
        // A yes/no definition named in the condition: its own comparisons, read through it
        // (definitions are acyclic; the depth bound keeps a long chain's notes short).
        if case .ident(let name, _) = e.kind, depth < Self.maxDefinitionDepth,
           let definition = definitions[name], let parsed = definition.program.parsed {
            let inner = Array(parsed.text.unicodeScalars)
            return build(parsed.root, definition.program, inner, 0..<inner.count, depth: depth + 1, &atoms)
        }
        let holds = program.part(e, in: ruleSet.environment)?.evaluate(activation).boolValue
        var note = comparison(e, program, text, span)
        if note == nil, case .call(nil, Operator.present, let args) = e.kind, case .ident(let name, _) = args.first?.kind, let holds {
            note = ThresholdNote(expression: Self.source(text, span), changesRule: false,
                                 text: holds ? "\(name) is given; this changes if the snapshot leaves it out"
                                             : "\(name) is missing; this changes when the snapshot gives it")
        }
        if note == nil, holds != nil, !Self.isLiteral(e) {
            note = ThresholdNote(expression: Self.source(text, span), changesRule: false,
                                 text: "cannot be worked out: not a comparison of a value with a threshold")
        }
        atoms.append(Atom(note: note, holds: holds, names: names(e)))
        return .atom(atoms.count - 1)
    }

    /// The seller's values `node` reads, by name.
    private func names(_ node: Expr) -> Set<String> {
        switch node.kind {
        case .literal: return []
        case .ident(let name, _): return sellerNames.contains(name) ? [name] : []
        case .select(let operand, _, _): return names(operand)
        case .call(let target, _, let args): return args.reduce(target.map(names) ?? []) { $0.union(names($1)) }
        case .list(let items): return items.reduce([]) { $0.union(names($1)) }
        case .map(let entries): return entries.reduce([]) { $0.union(names($1.key)).union(names($1.value)) }
        case .comprehension(let c):
            return [c.range, c.accuInit, c.loopCondition, c.loopStep, c.result].reduce([]) { $0.union(names($1)) }
        }
    }

    /// How many definitions deep the notes follow a condition.
    static let maxDefinitionDepth = 4

    static func isLiteral(_ e: Expr) -> Bool { if case .literal = e.kind { return true }; return false }

    /// The note of a comparison between a seller's value and a threshold; nil for a part
    /// that compares nothing (a boolean signal, a call).
    private func comparison(_ e: Expr, _ program: Program, _ text: [Unicode.Scalar], _ span: Range<Int>) -> ThresholdNote? {
        let ops = [Operator.less: "<", Operator.lessEquals: "<=", Operator.greater: ">", Operator.greaterEquals: ">=",
                   Operator.equals: "==", Operator.notEquals: "!="]
        guard case .call(nil, let fn, let args) = e.kind, args.count == 2, let op = ops[fn] else { return nil }
        let whole = Self.source(text, span)
        var note = ThresholdNote(expression: whole, changesRule: false, text: "")
        let leftVaries = varies(args[0]), rightVaries = varies(args[1])
        guard leftVaries != rightVaries else {
            note.text = leftVaries ? "cannot be worked out: both sides depend on the seller" : "cannot be worked out: neither side depends on the seller"
            return note
        }
        let subjectNode = leftVaries ? args[0] : args[1], boundNode = leftVaries ? args[1] : args[0]
        let opLen = op.unicodeScalars.count
        let leftSpan = span.lowerBound..<max(span.lowerBound, e.offset)
        let rightSpan = min(e.offset + opLen, span.upperBound)..<span.upperBound
        note.subject = Self.source(text, leftVaries ? leftSpan : rightSpan)
        let subject = program.part(subjectNode, in: ruleSet.environment)?.evaluate(activation)
        let bound = program.part(boundNode, in: ruleSet.environment)?.evaluate(activation)
        guard let x = subject?.number, let c = bound?.number, x.isFinite, c.isFinite else {
            if case .error(let err)? = subject { note.text = "cannot be worked out: \(err.message)" }
            else if case .error(let err)? = bound { note.text = "cannot be worked out: \(err.message)" }
            else { note.text = "cannot be worked out: not a comparison of numbers" }
            return note
        }
        note.value = x
        // With the subject on the left: c < x is x > c.
        let mirrored = leftVaries ? op : ["<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="][op] ?? op
        note.op = mirrored
        note.threshold = c
        note.holds = Self.compare(x, mirrored, c)
        if case .int? = subject {
            note.wholeSubject = true
            if case .int? = bound { note.wholeNumbers = true }
        }
        return note
    }

    /// Whether `node` reads a value of the seller's (a signal, a definition, the day).
    private func varies(_ node: Expr) -> Bool {
        switch node.kind {
        case .literal: return false
        case .ident(let name, _): return sellerNames.contains(name)
        case .select(let operand, _, _): return varies(operand)
        case .call(nil, let f, _) where History.names.contains(f): return true  // the seller's delivery history
        case .call(let target, _, let args): return (target.map(varies) ?? false) || args.contains(where: varies)
        case .list(let items): return items.contains(where: varies)
        case .map(let entries): return entries.contains { varies($0.key) || varies($0.value) }
        case .comprehension(let c): return varies(c.range) || varies(c.loopStep) || varies(c.loopCondition) || varies(c.result) || varies(c.accuInit)
        }
    }

    static func compare(_ x: Double, _ op: String, _ c: Double) -> Bool {
        switch op {
        case "<": return x < c
        case "<=": return x <= c
        case ">": return x > c
        case ">=": return x >= c
        case "==": return x == c
        default: return x != c
        }
    }

    /// Kleene three-valued truth of the formula, with atom `flipping` negated.
    private func value(_ f: Formula, _ atoms: [Atom], flipping: Int?) -> Bool? {
        switch f {
        case .atom(let i):
            guard let h = atoms[i].holds else { return nil }
            return i == flipping ? !h : h
        case .and(let ms):
            let vs = ms.map { value($0, atoms, flipping: flipping) }
            return vs.contains(false) ? false : vs.allSatisfy { $0 == true } ? true : nil
        case .or(let ms):
            let vs = ms.map { value($0, atoms, flipping: flipping) }
            return vs.contains(true) ? true : vs.allSatisfy { $0 == false } ? false : nil
        case .not(let m): return value(m, atoms, flipping: flipping).map { !$0 }
        }
    }

    /// The note in words: the change, and what it does to the outcome.
    private func words(_ note: ThresholdNote, _ target: String, _ bound: Double, ruleHolds: Bool) -> String {
        guard let subject = note.subject else { return note.text }
        let condition = "\(subject) \(Self.phrase(target, bound, format: exactFormat(subject)))"
        if note.changesRule {
            switch (ruleHolds, wording) {
            case (true, .rule): return "goes away when \(condition)"
            case (false, .rule): return "would fire when \(condition)"
            case (true, .item): return "would no longer be done when \(condition)"
            case (false, .item): return "would be done when \(condition)"
            }
        }
        return "\(condition) would not change the outcome on its own"
    }

    /// `≤ 12%`, `≥ 8`, `≠ 0`.
    static func phrase(_ op: String, _ c: Double, format: (Double) -> String) -> String {
        switch op {
        case "<": return "< " + format(c)
        case "<=": return "≤ " + format(c)
        case ">": return "> " + format(c)
        case ">=": return "≥ " + format(c)
        case "==": return "= " + format(c)
        default: return "≠ " + format(c)
        }
    }

    /// How a threshold of `subject` is written: exactly (never rounded to the other side of
    /// the threshold), in the signal's unit.
    func exactFormat(_ subject: String) -> (Double) -> String {
        let s = signal(subject)
        return Self.formatter(s, ruleSet, digits: 6)
    }

    /// How a number of `signal` is written: as a percentage when the texts write it so
    /// (``RuleSet/signalsWrittenAsPercent``) or it is a share (a ratio whose range ends at 1
    /// or below), money with its currency, anything else as a plain number, with up to
    /// `digits` decimals (trailing zeros dropped).
    static func formatter(_ signal: Signal?, _ ruleSet: RuleSet, digits: Int = 2) -> (Double) -> String {
        let percent = signal.map { ruleSet.signalsWrittenAsPercent.contains($0.name) } ?? false
        return formatter(unit: signal?.unit, range: signal?.range, currency: ruleSet.manifest.currency, percent: percent, digits: digits)
    }

    static func formatter(unit: String?, range: ValueRange?, currency: String, percent: Bool = false, digits: Int = 2) -> (Double) -> String {
        switch unit {
        case _ where percent, "ratio"? where (range?.max).map({ $0 <= 1 }) ?? false:
            return { x in Formatting.grouped(Formatting.trimmed(x * 100, maxDigits: digits)) + "%" }
        case let u? where u == currency:
            return { Formatting.currencyPrefix(currency) + Formatting.grouped(Formatting.trimmed($0, maxDigits: max(2, digits))) }
        default:
            return { Formatting.grouped(Formatting.trimmed($0, maxDigits: digits)) }
        }
    }

    /// The source text of `span`, without surrounding spaces and enclosing parentheses.
    static func source(_ text: [Unicode.Scalar], _ span: Range<Int>) -> String {
        String(scalars: text[trim(text, span)])
    }

    /// `span` without surrounding spaces and enclosing parentheses.
    static func trim(_ text: [Unicode.Scalar], _ span: Range<Int>) -> Range<Int> {
        var lo = max(0, min(span.lowerBound, text.count)), hi = max(lo, min(text.count, span.upperBound))
        while true {
            while lo < hi, text[lo].properties.isWhitespace { lo += 1 }
            while hi > lo, text[hi - 1].properties.isWhitespace { hi -= 1 }
            guard hi - lo >= 2, text[lo] == "(", text[hi - 1] == ")", encloses(text, lo, hi) else { break }
            lo += 1
            hi -= 1
        }
        return lo..<hi
    }

    /// Whether the parenthesis at `lo` closes at `hi - 1` (not `(a) + (b)`).
    private static func encloses(_ text: [Unicode.Scalar], _ lo: Int, _ hi: Int) -> Bool {
        var depth = 0
        for k in lo..<hi {
            if text[k] == "(" { depth += 1 }
            if text[k] == ")" {
                depth -= 1
                if depth == 0 && k < hi - 1 { return false }
            }
        }
        return true
    }
}

extension Value {
    /// The value as a bool, or nil.
    var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
}
