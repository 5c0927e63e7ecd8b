// Linter.swift — `coach lint`: warnings about rules that load but are probably wrong.

import CoachExpr
import CoachRules
import CoachSource

/// Finds likely mistakes in a loaded rule set. Each warning has a position, a hint, and a
/// code that a rule's `lint_allow` can name to silence it there deliberately.
package struct Linter {
    let ruleSet: RuleSet

    /// Text budgets, in characters of the written template (a `{{ }}` counts as 6).
    package static let titleBudget = 100
    /// The body's budget.
    package static let bodyBudget = 600
    /// An action's budget.
    package static let actionBudget = 160

    /// A linter for `ruleSet`.
    package init(ruleSet: RuleSet) { self.ruleSet = ruleSet }

    /// Every warning, in file order, minus those a rule silences with `lint_allow`: the rule
    /// set's own (the loader's, and the expression checker's, which `coach check` shows too)
    /// and the linter's.
    package func run() -> [Diagnostic] {
        var out = DiagnosticBag()
        out.add(contentsOf: ruleSet.warnings)
        let groups = GroupMates(ruleSet: ruleSet, linter: self)
        let inhibitions = Inhibitions(ruleSet.rules)
        for (i, rule) in ruleSet.rules.enumerated() {
            var found: [Diagnostic] = []
            found += conditionWarnings(rule)
            found += tipWarnings(rule)
            found += escalationWarnings(rule)
            found += outranked(i, groups)
            found += mutualInhibition(i, inhibitions)
            out.add(contentsOf: found.filter { d in !rule.lintAllow.contains(d.kind) })
        }
        for d in ruleSet.definitions {
            out.add(contentsOf: definitionIntDivision(d.program, origin: d.origin))
            out.add(contentsOf: phaseWarnings(d.program, origin: d.origin))
            out.add(contentsOf: fractionComparedWithInt(d.program, origin: d.origin))
        }
        out.add(contentsOf: unused())
        return out.items.sortedByLocation()
    }

    // MARK: - conditions: ranges and contradictions

    /// A bound on one name from a comparison with a constant.
    struct Atom {
        let name: String
        let op: String
        let value: Double
        let offset: Int
    }

    func conditionWarnings(_ rule: CompiledRule) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var conjunction: [(Atom, Leaf)] = []
        for leaf in rule.condition.leaves {
            guard let parsed = leaf.program.parsed else { continue }
            out += definitionIntDivision(leaf.program, origin: leaf.origin)
            out += phaseWarnings(leaf.program, origin: leaf.origin)
            out += fractionComparedWithInt(leaf.program, origin: leaf.origin)
            // Comparisons that the catalog's range decides.
            for atom in atoms(parsed.root, all: true) {
                guard let range = range(of: atom.name) else { continue }
                if let verdict = decided(atom, by: range) {
                    let text = "\(atom.name) \(Operator.display(atom.op)) \(Formatting.trimmed(atom.value, maxDigits: 6))"
                    out.append(.warning(
                        "'\(text)' is always \(verdict) here: the catalog says \(atom.name) is within \(range.description)",
                        at: leaf.origin.location(atOffset: atom.offset), length: atom.name.count,
                        hint: verdict ? "the comparison tests nothing; check the bound and the signal's unit (a ratio is 0–1, not 0–100)"
                                      : "this can never hold; check the bound and the signal's unit (a ratio is 0–1, not 0–100)",
                        code: verdict ? .lintAlwaysTrue : .lintNeverTrue))
                }
            }
        }
        // Contradictory bounds across a conjunction (an all: tree and && chains).
        for (leaf, atoms) in conjunctionAtoms(rule.condition) {
            for a in atoms { conjunction.append((a, leaf)) }
        }
        var byName: [String: [(Atom, Leaf)]] = [:]
        for entry in conjunction { byName[entry.0.name, default: []].append(entry) }
        for (name, entries) in byName.sorted(by: { $0.key < $1.key }) where entries.count > 1 {
            var lo = -Double.infinity, hi = Double.infinity
            var loStrict = false, hiStrict = false
            for (a, _) in entries {
                switch a.op {
                case Operator.greater: if a.value >= lo { lo = a.value; loStrict = true }
                case Operator.greaterEquals: if a.value > lo { lo = a.value; loStrict = false }
                case Operator.less: if a.value <= hi { hi = a.value; hiStrict = true }
                case Operator.lessEquals: if a.value < hi { hi = a.value; hiStrict = false }
                case Operator.equals: lo = max(lo, a.value); hi = min(hi, a.value)
                default: break
                }
            }
            if lo > hi || (lo == hi && (loStrict || hiStrict)) {
                let (a, leaf) = entries[entries.count - 1]
                let written = entries.map { "\($0.0.name) \(Operator.display($0.0.op)) \(Formatting.trimmed($0.0.value, maxDigits: 6))" }
                out.append(.warning("the condition can never be true: \(written.joined(separator: " and ")) contradict each other",
                                    at: leaf.origin.location(atOffset: a.offset), length: name.count,
                                    hint: "check the bounds; one of them is probably reversed", code: .lintNeverTrue))
            }
        }
        return out
    }

    /// The atoms that must all hold for the rule to fire, with their leaf.
    func conjunctionAtoms(_ c: Condition) -> [(Leaf, [Atom])] {
        switch c {
        case .leaf(let leaf):
            guard let parsed = leaf.program.parsed else { return [] }
            return [(leaf, atoms(parsed.root, all: false))]
        case .all(let members): return members.flatMap(conjunctionAtoms)
        case .any, .not: return []
        }
    }

    /// Comparisons of a name (signal, definition, `params.x`) with a number. With `all`, every
    /// comparison in the tree; otherwise only those joined by `&&` at the top.
    func atoms(_ e: Expr, all: Bool) -> [Atom] {
        guard case .call(nil, let fn, let args) = e.kind else {
            return all ? children(e).flatMap { atoms($0, all: true) } : []
        }
        if fn == Operator.and { return args.flatMap { atoms($0, all: all) } }
        let comparisons = [Operator.less, Operator.lessEquals, Operator.greater, Operator.greaterEquals, Operator.equals]
        if comparisons.contains(fn), args.count == 2 {
            if let name = self.name(args[0]), let v = constant(args[1]) {
                return [Atom(name: name, op: fn, value: v, offset: args[0].offset)]
            }
            if let name = self.name(args[1]), let v = constant(args[0]) {
                let flipped = [Operator.less: Operator.greater, Operator.greater: Operator.less,
                               Operator.lessEquals: Operator.greaterEquals, Operator.greaterEquals: Operator.lessEquals][fn] ?? fn
                return [Atom(name: name, op: flipped, value: v, offset: args[1].offset)]
            }
        }
        return all ? args.flatMap { atoms($0, all: true) } : []
    }

    func children(_ e: Expr) -> [Expr] {
        switch e.kind {
        case .literal, .ident: return []
        case .select(let t, _, _): return [t]
        case .call(let target, _, let args): return (target.map { [$0] } ?? []) + args
        case .list(let items): return items
        case .map(let entries): return entries.flatMap { [$0.key, $0.value] }
        case .comprehension: return []  // inner variables are not the catalog's signals
        }
    }

    func name(_ e: Expr) -> String? {
        if case .ident(let n, _) = e.kind { return n }
        return nil
    }

    /// A numeric literal, a negated one, or a numeric param.
    func constant(_ e: Expr) -> Double? {
        switch e.kind {
        case .literal(.int(let i)): return Double(i)
        case .literal(.uint(let u)): return Double(u)
        case .literal(.double(let d)): return d
        case .call(nil, Operator.negate, let args) where args.count == 1: return constant(args[0]).map { -$0 }
        case .select(let target, let field, false):
            guard name(target) == "params", let p = ruleSet.manifest.params.first(where: { $0.name == field }) else { return nil }
            return p.value.number
        default: return nil
        }
    }

    func range(of name: String) -> ValueRange? {
        ruleSet.catalog.signals.first { $0.name == name }?.range
    }

    /// `true`/`false` when the range decides the comparison, `nil` when it does not.
    func decided(_ a: Atom, by r: ValueRange) -> Bool? {
        let lo = r.min ?? -.infinity, hi = r.max ?? .infinity
        switch a.op {
        case Operator.greater: return lo > a.value ? true : hi <= a.value ? false : nil
        case Operator.greaterEquals: return lo >= a.value ? true : hi < a.value ? false : nil
        case Operator.less: return hi < a.value ? true : lo >= a.value ? false : nil
        case Operator.lessEquals: return hi <= a.value ? true : lo > a.value ? false : nil
        case Operator.equals: return (a.value < lo || a.value > hi) ? false : nil
        default: return nil
        }
    }

    /// `strikes == 2.5`: a whole number never equals a number with a fraction (and `!=`
    /// always holds), whatever the seller's value.
    func fractionComparedWithInt(_ program: Program, origin: TextOrigin) -> [Diagnostic] {
        guard let parsed = program.parsed else { return [] }
        var out: [Diagnostic] = []
        for e in parsed.root.allNodes {
            guard case .call(nil, let fn, let args) = e.kind, args.count == 2, fn == Operator.equals || fn == Operator.notEquals else { continue }
            for (side, other) in [(args[0], args[1]), (args[1], args[0])] {
                guard let t = program.type(of: side), t == .int || t == .uint, program.type(of: other) == .double,
                      let v = constant(other), v.isFinite, v.rounded() != v else { continue }
                let equal = fn == Operator.equals
                let shown = Formatting.trimmed(v, maxDigits: 6)
                // A name as written; anything else (`orders + 1`) as what it is.
                let subject = name(side)
                let message = subject.map { "'\($0) \(Operator.display(fn)) \(shown)' is always \(equal ? "false" : "true"): \($0) is a whole number, and \(shown) is not" }
                    ?? "comparing a whole number with \(shown) by '\(Operator.display(fn))' is always \(equal ? "false" : "true"): \(shown) is not a whole number"
                out.append(.warning(
                    message,
                    at: origin.location(atOffset: side.offset),
                    hint: equal ? "compare with a whole number, or use a range: x >= 2 && x < 3" : "this tests nothing; compare with a whole number",
                    code: equal ? .lintNeverTrue : .lintAlwaysTrue))
            }
        }
        return out
    }

    // MARK: - integer division compared with a double

    /// A definition that divides two integers, compared with a double: the checker warns
    /// about `a / b < 0.5` written out, but cannot see the division behind a name. Both
    /// sides' types, and the definition's tree, are the checker's, kept with each program.
    func definitionIntDivision(_ program: Program, origin: TextOrigin) -> [Diagnostic] {
        guard let parsed = program.parsed else { return [] }
        var out: [Diagnostic] = []
        for e in parsed.root.allNodes {
            guard case .call(nil, let fn, let args) = e.kind, args.count == 2, Self.comparisons.contains(fn) else { continue }
            for (side, other) in [(args[0], args[1]), (args[1], args[0])] where program.type(of: other) == .double {
                guard case .ident(let name, _) = side.kind, let d = ruleSet.definitions.first(where: { $0.name == name }),
                      let root = d.program.parsed?.root, d.program.isIntegerDivision(root) else { continue }
                out.append(.warning(
                    "'\(name)' is an integer division (defined at \(d.location)), compared with a double: the fraction is dropped before the comparison",
                    at: origin.location(atOffset: side.offset), length: name.count,
                    hint: "divide doubles in the definition instead: double(a) / double(b)", code: .lintIntDivision))
            }
        }
        return out
    }

    /// The comparison operators.
    static let comparisons: Set<String> = [
        Operator.less, Operator.lessEquals, Operator.greater, Operator.greaterEquals, Operator.equals, Operator.notEquals,
    ]

    // MARK: - groups

    /// What the group check needs of every rule, worked out once per run (per pair of rules
    /// it made each rule's texts again and scanned every rule: 2,000 rules in one group took
    /// minutes): each rule's conjunction texts, and its possible rivals filed by one text.
    ///
    /// A rival outranks a rule only if all its conjunctions are the rule's, so only if its
    /// rarest one (within the group) is: each rule that can win is filed under that text
    /// alone, best ranked first, and a rule looks only in the files of its own texts, each up
    /// to the first rival that ranks below it. Comparing every pair took 10 s for 9,900
    /// rules in one group.
    struct GroupMates {
        /// Each rule's conjunctions, as numbers (one per distinct text), in order.
        var texts: [[Int]] = []
        /// Each rule's place when all are ranked, best first (priority, then id).
        var rank: [Int] = []
        /// By group, then by a conjunction: the rules filed there, best ranked first.
        var rivals: [String: [Int: [Int]]] = [:]

        init(ruleSet: RuleSet, linter: Linter) {
            let rules = ruleSet.rules
            var inhibitedRules = Set<Int>(), inhibitedAreas = Set<String>()
            for r in rules {
                inhibitedRules.formUnion(r.inhibitsRules)
                inhibitedAreas.formUnion(r.inhibitsAreas)
            }
            rank = [Int](repeating: 0, count: rules.count)
            for (place, i) in rules.indices.sorted(by: { Linter.ranks(rules[$0], above: rules[$1]) }).enumerated() { rank[i] = place }
            var number: [String: Int] = [:]
            var mates: [String: [Int]] = [:]
            for (i, r) in rules.enumerated() {
                if let g = r.group { mates[g, default: []].append(i) }
                let own = r.group == nil ? [] : Set(linter.conjunctionTexts(r.condition))
                texts.append(own.map { t in
                    if let n = number[t] { return n }
                    number[t] = number.count
                    return number.count - 1
                }.sorted())
            }
            for (group, members) in mates {
                var count: [Int: Int] = [:]
                for i in members { for t in texts[i] { count[t, default: 0] += 1 } }
                var filed: [Int: [Int]] = [:]
                for i in members where !texts[i].isEmpty {
                    // A winner that can be held back (its cooldown, a priority of its own,
                    // or a rule that inhibits it or its area) lets its mates through at times.
                    let r = rules[i]
                    if r.cooldownDays != nil || r.priorityProgram != nil
                        || inhibitedRules.contains(i) || inhibitedAreas.contains(r.area) { continue }
                    // The rarest conjunction, the first numbered among equals: the same every run.
                    if let key = texts[i].min(by: { (count[$0] ?? 0, $0) < (count[$1] ?? 0, $1) }) {
                        filed[key, default: []].append(i)
                    }
                }
                for key in filed.keys { filed[key]?.sort { rank[$0] < rank[$1] } }
                rivals[group] = filed
            }
        }

        /// Whether every element of sorted `a` is in sorted `b`.
        static func isSubset(_ a: [Int], of b: [Int]) -> Bool {
            var j = 0
            for x in a {
                while j < b.count, b[j] < x { j += 1 }
                guard j < b.count, b[j] == x else { return false }
                j += 1
            }
            return true
        }
    }

    /// Whether `a` ranks above `b`: a higher priority, or the same and an earlier id.
    static func ranks(_ a: CompiledRule, above b: CompiledRule) -> Bool {
        a.priority > b.priority || (a.priority == b.priority && a.id < b.id)
    }

    /// A tip that can never be shown because a group mate fires whenever it does and ranks
    /// higher; the best ranked such mate is named.
    func outranked(_ i: Int, _ groups: GroupMates) -> [Diagnostic] {
        let rules = ruleSet.rules, rule = rules[i]
        // A must-show tip never loses its group; one whose priority depends on the seller may win it.
        guard let group = rule.group, rule.tip != nil, !rule.mustShow, rule.priorityProgram == nil,
              let filed = groups.rivals[group] else { return [] }
        let mine = groups.texts[i], rank = groups.rank
        var best: Int?
        for text in mine {
            for j in filed[text] ?? [] {
                guard rank[j] < rank[i] else { break }  // the rest rank lower still
                if let b = best, rank[j] >= rank[b] { break }
                if GroupMates.isSubset(groups.texts[j], of: mine) {
                    best = j
                    break
                }
            }
        }
        guard let j = best else { return [] }
        let other = rules[j]
        return [.warning(
            "'\(rule.id)' is always outranked by '\(other.id)' in group '\(group)': whenever it fires, '\(other.id)' fires too and ranks higher",
            at: rule.location, hint: "raise its priority, narrow '\(other.id)', or move one out of the group", code: .lintOutranked)]
    }

    /// Two rules that hold each other back, by naming each other or through an area (a rule
    /// naming an area holds back its tips): when both fire, neither is shown. Reported once,
    /// at the rule whose id comes first.
    func mutualInhibition(_ i: Int, _ inhibitions: Inhibitions) -> [Diagnostic] {
        let rules = ruleSet.rules, rule = rules[i]
        for j in inhibitions.heldBack(by: i) where rule.id < rules[j].id && inhibitions.holdsBack(j, i) {
            let other = rules[j]
            let through = [inhibitions.areaNamed(by: i, holding: j), inhibitions.areaNamed(by: j, holding: i)].compactMap { $0 }
            let detail = through.isEmpty ? "" : " (" + through.joined(separator: "; ") + ")"
            return [.warning("'\(rule.id)' and '\(other.id)' inhibit each other\(detail): when both fire, neither is shown",
                             at: rule.location, hint: "let only the more important one inhibit the other", code: .lintMutualInhibition)]
        }
        return []
    }

    /// The texts of the conditions that must all hold (an all: tree's members, && chains).
    func conjunctionTexts(_ c: Condition) -> [String] {
        switch c {
        case .leaf(let l):
            guard let parsed = l.program.parsed else { return [l.program.text] }
            return conjuncts(parsed.root)
        case .all(let members): return members.flatMap(conjunctionTexts)
        // A member that is not a conjunction is one condition of its own, whole: left out,
        // a rival needing it would be taken to fire whenever the rest holds.
        case .any, .not: return [describeCondition(c)]
        }
    }

    /// A `when` tree as one text, the same for the same tree.
    func describeCondition(_ c: Condition) -> String {
        switch c {
        case .leaf(let l): return l.program.parsed.map { Self.describeExpr($0.root) } ?? l.program.text
        case .all(let members): return "all(" + members.map(describeCondition).joined(separator: ", ") + ")"
        case .any(let members): return "any(" + members.map(describeCondition).joined(separator: ", ") + ")"
        case .not(let member): return "not(" + describeCondition(member) + ")"
        }
    }

    func conjuncts(_ e: Expr) -> [String] {
        if case .call(nil, Operator.and, let args) = e.kind { return args.flatMap { conjuncts($0) } }
        return [Self.describeExpr(e)]
    }

    /// A canonical text of an expression (spacing does not matter).
    static func describeExpr(_ e: Expr) -> String {
        switch e.kind {
        case .literal(let l): return "\(l)"
        case .ident(let n, _): return n
        case .select(let t, let f, let test): return (test ? "has " : "") + describeExpr(t) + "." + f
        case .call(let t, let fn, let args):
            return (t.map { describeExpr($0) + "." } ?? "") + fn + "(" + args.map(describeExpr).joined(separator: ",") + ")"
        case .list(let items): return "[" + items.map(describeExpr).joined(separator: ",") + "]"
        case .map(let entries): return "{" + entries.map { describeExpr($0.key) + ":" + describeExpr($0.value) }.joined(separator: ",") + "}"
        case .comprehension(let c): return c.macro + "(" + c.iterVar + "," + describeExpr(c.range) + "," + describeExpr(c.loopStep) + ")"
        }
    }

    // MARK: - escalations

    /// An escalation with no cooldown (its own, or the manifest's `escalations.cooldown`) is
    /// raised again on every evaluation while its condition holds: a mentor paged daily.
    func escalationWarnings(_ rule: CompiledRule) -> [Diagnostic] {
        guard rule.escalation != nil, rule.cooldownDays == nil else { return [] }
        return [.warning("escalation '\(rule.id)' has no cooldown, so it is raised again on every evaluation while its condition holds",
                         at: rule.location,
                         hint: "give the rule a 'cooldown:', or set a default for all escalations in ruleset.yaml: 'escalations: {cooldown: 14d}'",
                         code: .lintEscalationWithoutCooldown)]
    }

    // MARK: - tips

    func tipWarnings(_ rule: CompiledRule) -> [Diagnostic] {
        guard let tip = rule.tip else { return [] }
        var out: [Diagnostic] = []
        if tip.actions.isEmpty {
            out.append(.warning("tip '\(rule.id)' has no action", at: rule.location,
                                hint: "add 'actions:' with one concrete next step the seller can take today", code: .lintTipWithoutAction))
        }
        if tip.learn.isEmpty {
            out.append(.warning("tip '\(rule.id)' links no learning resource", at: rule.location,
                                hint: "add 'learn:' with a resource from Playbooks/", code: .lintTipWithoutLearn))
        }
        let budgets: [(String, Template, Int)] = [("title", tip.title, Self.titleBudget), ("body", tip.body, Self.bodyBudget)]
            + tip.actions.map { ("action", $0, Self.actionBudget) }
        for (what, t, budget) in budgets {
            let size = Self.writtenLength(t)
            if size > budget {
                out.append(.warning("the \(what) of '\(rule.id)' is about \(size) characters, over the budget of \(budget)", at: rule.location,
                                    hint: "sellers read tips on a phone; keep the \(what) short and move detail to a learning resource",
                                    code: .lintTextTooLong))
            }
        }
        return out
    }

    /// The length of a template as written, each `{{ }}` counted as 6 characters.
    static func writtenLength(_ t: Template) -> Int {
        t.pieces.reduce(0) { n, piece in
            if case .text(let s) = piece { return n + s.count }
            return n + 6
        }
    }

    // MARK: - unused declarations

    func unused() -> [Diagnostic] {
        var read = Set<String>()
        var texts: [String] = []
        // Every program: a signal or param read only by a priority or a fallback text is used.
        for p in ruleSet.programs {
            read.formUnion(p.variablesRead)
            read.formUnion(p.presenceRead)
            texts.append(p.text)
        }
        var out: [Diagnostic] = []
        for s in ruleSet.catalog.signals where !read.contains(s.name) {
            out.append(.warning("signal '\(s.name)' is declared but no rule, definition or checklist item reads it", at: s.location,
                                length: s.name.count, hint: "remove it from the catalog, or write the rule that needs it", code: .lintUnusedSignal))
        }
        for p in ruleSet.manifest.params where !texts.contains(where: { $0.contains("params." + p.name) }) {
            out.append(.warning("param '\(p.name)' is never used", at: p.location, length: p.name.count,
                                hint: "remove it, or use it as params.\(p.name)", code: .lintUnusedParam))
        }
        var linked = Set<String>()
        for r in ruleSet.rules { linked.formUnion(r.tip?.learn ?? []) }
        for i in ruleSet.items { linked.formUnion(i.learn) }
        for r in ruleSet.resources.values.sorted(by: { $0.id < $1.id }) where !linked.contains(r.id) {
            out.append(.warning("resource '\(r.id)' is never linked", at: r.location,
                                hint: "link it from a tip or checklist item with 'learn:', or remove it", code: .lintUnusedResource))
        }
        return out
    }
}
