// RuleSetCompiler+Rules.swift — the rules pass: each rule's area, condition, tip,
// escalation, inhibitions, checklist items, priority and text fallbacks, every reference
// checked against the rest of the rule set.

import CoachExpr
import CoachSource

extension RuleSetCompiler {
    /// What a rule is checked against: the rule ids (where each first appears, and the
    /// index each will have), the checklist items and the resources.
    struct RuleReferences {
        var firstByID: [String: SourceLocation] = [:]
        var plannedIndex: [String: Int] = [:]
        var allIDs: [String] = []
        let items: [CompiledItem]
        let resources: [String: Resource]
        /// Each item's index by id (the first of an id given twice).
        var itemIndex: [String: Int] = [:]
        /// Every item id a playbook declares, compiled or not: an item refused for a problem
        /// of its own (an unknown phase, say) is not also unknown to the rules that add it.
        var declaredItems: Set<String> = []
    }

    /// The compiled rules, in file order; a duplicate id is reported, and only its first rule
    /// kept (the others are compiled too, so that their own mistakes are said).
    func compileRules(_ context: Context, items: [CompiledItem], resources: [String: Resource],
                      _ bag: inout DiagnosticBag) -> [CompiledRule] {
        var refs = RuleReferences(items: items, resources: resources)
        refs.itemIndex = Dictionary(items.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        refs.declaredItems = Set(sources.playbooks.flatMap { $0.phases.flatMap { $0.items.map(\.id.value) } })
        var idPlaces = Set<SourceLocation>()  // where each rule's id is written (a copy's is its original's)
        for r in sources.rules {
            defer { idPlaces.insert(r.id.location) }
            if let first = refs.firstByID[r.id.value] {
                // A rule that takes its id from another through a YAML alias or merge: said
                // where the copy is, since its id's place is the original's.
                let copied = idPlaces.contains(r.id.location) && r.location != r.id.location
                bag.error("duplicate rule id '\(r.id.value)'" + (copied ? ", taken through a YAML alias or merge" : ""),
                          at: copied ? r.location : r.id.location, length: copied ? 1 : r.id.value.count,
                          hint: copied ? "give this rule an id of its own after the merge (id: …), or remove the copy"
                              : "rule ids must be unique across all rule files",
                          notes: [.init("first defined here", at: first)], code: .rulesDuplicateId)
            } else {
                refs.firstByID[r.id.value] = r.id.location
            }
        }
        refs.allIDs = sources.rules.map(\.id.value)
        // Where each rule will sit (only used when every rule compiles; otherwise loading fails).
        for r in sources.rules where refs.plannedIndex[r.id.value] == nil { refs.plannedIndex[r.id.value] = refs.plannedIndex.count }
        // Each rule compiled on its own (several at once), with its own diagnostics; then
        // taken in file order, so that everything is said in the order a loop would say it.
        let all = sources.rules
        let compiled = Parallel.map(all.count) { i in
            var said = DiagnosticBag()
            let rule = compileRule(all[i], context, refs, &said)
            return (rule, said)
        }
        var rules: [CompiledRule] = []
        rules.reserveCapacity(compiled.count)
        var seenIDs = Set<String>()
        for (k, (rule, said)) in compiled.enumerated() {
            bag.add(contentsOf: said.items)
            if seenIDs.insert(all[k].id.value).inserted, let rule { rules.append(rule) }
        }
        return rules
    }

    /// One rule; nil (with its problems reported) when its condition does not compile.
    func compileRule(_ r: RuleSpec, _ context: Context, _ refs: RuleReferences, _ bag: inout DiagnosticBag) -> CompiledRule? {
        let start = bag.mark
        let allowed = lintAllow(r.lintAllow, &bag)
        defer { bag.silence(allowed, since: start) }
        let area = ruleArea(r, &bag)
        let condition = context.condition(r.when, &bag)
        let tip = r.tip.flatMap { compileTip($0, context, refs.resources, &bag) }
        let escalation = r.escalation.flatMap { compileEscalation($0, context, &bag) }
        let (inhibitsAreas, inhibitsRuleIDs) = resolveInhibits(r, refs, &bag)
        let checklist = resolveChecklist(r.checklist, refs, &bag)
        // Compiled whether or not the condition did, so that its problems are said in the same run.
        let priorityProgram = self.priorityProgram(r.priorityExpr, context, &bag)
        guard let condition else { return nil }
        var programs = condition.leaves.map(\.program)
        if let priorityProgram { programs.append(priorityProgram) }
        let required = Set(context.signals(programs))
        let texts = TextParts(rule: r, tip: tip, escalation: escalation, condition: context.present(whenHolds: condition, required: required),
                              required: required,
                              context: context, catalog: sources.catalog, env: context.env, &bag)
        let written = [tip, texts.fallbacks.tip].compactMap { $0 }.flatMap(\.templates)
            + [escalation, texts.fallbacks.escalation].compactMap { $0 }.flatMap(\.templates)
        bag.add(contentsOf: OptionalFieldChecks.rule(condition: condition, texts: written, priority: priorityProgram, context.env))
        let rule = CompiledRule(
            id: r.id.value, area: area, priority: r.priority, group: r.group?.value,
            cooldownDays: r.cooldownDays ?? (escalation != nil ? manifest.escalationCooldownDays : nil),
            inhibitsAreas: inhibitsAreas, inhibitsRules: inhibitsRuleIDs.compactMap { refs.plannedIndex[$0] }, condition: condition,
            tip: tip, escalation: escalation, checklist: checklist, signalsRead: texts.signalsRead, location: r.location,
            lintAllow: allowed, mustShow: r.mustShow?.value ?? false, priorityProgram: priorityProgram,
            dismissalDays: r.dismissalDays ?? manifest.dismissals.byArea[area] ?? manifest.dismissals.defaultDays,
            texts: texts.fallbacks)
        return rule
    }

    /// The rule's area: its own or its file's, one of the manifest's; a rule with a tip needs one.
    func ruleArea(_ r: RuleSpec, _ bag: inout DiagnosticBag) -> String {
        guard let a = r.area else {
            if r.tip != nil {
                bag.error("rule '\(r.id.value)' shows a tip but has no area", at: r.id.location,
                          hint: "add 'area:' to the rule, or to the top of its file", code: .rulesMissingKey)
            }
            return ""
        }
        if manifest.areas.contains(a.value) { return a.value }
        bag.error("unknown area '\(a.value)'", at: a.location, length: a.value.count,
                  hint: Suggestions.didYouMean(a.value, in: manifest.areas) ?? "areas are declared in ruleset.yaml: \(manifest.areas.joined(separator: ", "))",
                  code: .rulesUnknownArea)
        return ""
    }

    /// The tip's templates and learning links; nil when a template does not compile.
    func compileTip(_ t: TipSpec, _ context: Context, _ resources: [String: Resource], _ bag: inout DiagnosticBag) -> CompiledTip? {
        let title = context.template(t.title, &bag)
        let body = context.template(t.body, &bag)
        let actions = t.actions.compactMap { context.template($0, &bag) }
        let learn = checkLearn(t.learn, resources, &bag)
        guard let title, let body, actions.count == t.actions.count else { return nil }
        return CompiledTip(title: title, body: body, actions: actions, learn: learn)
    }

    /// The escalation's routes (checked against the manifest's) and templates; nil when a
    /// template does not compile.
    func compileEscalation(_ e: EscalationSpec, _ context: Context, _ bag: inout DiagnosticBag) -> CompiledEscalation? {
        checkRoute(e.to, &bag)
        if let also = e.also {
            if also.value == e.to.value {
                bag.error("'also' names '\(also.value)', the route the escalation goes to already", at: also.location, length: also.value.count,
                          hint: "name another route, or remove 'also'", code: .rulesUnknownRoute)
            } else {
                checkRoute(also, &bag)
            }
        }
        let reason = context.template(e.reason, &bag)
        let notice = e.notice.flatMap { context.template($0, &bag) }
        let points = e.talkingPoints.compactMap { context.template($0, &bag) }
        guard let reason, (notice != nil) == (e.notice != nil), points.count == e.talkingPoints.count else { return nil }
        return CompiledEscalation(to: e.to.value, severity: e.severity, reason: reason, also: e.also?.value,
                                  notice: notice, talkingPoints: points)
    }

    /// Reports a route the manifest does not declare.
    func checkRoute(_ route: Located<String>, _ bag: inout DiagnosticBag) {
        guard !manifest.routes.contains(route.value) else { return }
        bag.error("unknown route '\(route.value)'", at: route.location, length: route.value.count,
                  hint: Suggestions.didYouMean(route.value, in: manifest.routes) ?? "routes are declared in ruleset.yaml: \(manifest.routes.joined(separator: ", "))",
                  code: .rulesUnknownRoute)
    }

    /// The areas and rule ids the rule inhibits; anything else, or the rule itself, is reported.
    func resolveInhibits(_ r: RuleSpec, _ refs: RuleReferences, _ bag: inout DiagnosticBag) -> (areas: [String], rules: [String]) {
        var areas: [String] = []
        var rules: [String] = []
        for target in r.inhibits {
            if manifest.areas.contains(target.value), refs.firstByID[target.value] != nil {
                // Read as the area, the rule of that name was not held back, and nothing said so.
                bag.error("'\(target.value)' in 'inhibits' is both an area and a rule id, so which one it holds back cannot be told",
                          at: target.location, length: target.value.count,
                          hint: "rename the rule: rule ids are usually written area.name, as 'listings.few-photos'", code: .rulesInhibits)
            } else if manifest.areas.contains(target.value) {
                areas.append(target.value)
            } else if refs.firstByID[target.value] != nil {
                if target.value == r.id.value {
                    bag.error("rule '\(r.id.value)' inhibits itself", at: target.location, code: .rulesInhibits)
                }
                rules.append(target.value)
            } else {
                let d = Diagnostic.error("'\(target.value)' in 'inhibits' is neither a rule id nor an area", at: target.location,
                                         length: target.value.count, code: .rulesUnknownReference)
                bag.add(d.withHint(.init(name: target.value, among: [refs.allIDs, manifest.areas], excluding: r.id.value), deferring: true))
            }
        }
        return (areas, rules)
    }

    /// The indices of the on-demand items a rule adds; an unknown item, or one always on the
    /// checklist, is reported.
    func resolveChecklist(_ added: [Located<String>], _ refs: RuleReferences, _ bag: inout DiagnosticBag) -> [Int] {
        var checklist: [Int] = []
        for ref in added {
            guard let index = refs.itemIndex[ref.value] else {
                if refs.declaredItems.contains(ref.value) { continue }  // declared, and refused with its own error
                let d = Diagnostic.error("unknown checklist item '\(ref.value)'", at: ref.location, length: ref.value.count,
                                         code: .rulesUnknownItem)
                let ids = candidates.list(.items) { refs.items.map(\.id) }
                bag.add(d.withHint(.init(name: ref.value, among: [ids], fallback: "declare it in a playbook with 'on_demand: true'"),
                                   deferring: true))
                continue
            }
            if !refs.items[index].onDemand {
                bag.error("checklist item '\(ref.value)' is always on the checklist, so a rule cannot add it", at: ref.location,
                          length: ref.value.count,
                          hint: "mark the item 'on_demand: true' in its playbook", code: .rulesItemNotOnDemand)
            }
            checklist.append(index)
        }
        return checklist
    }

    /// What an expression can give: the branches of its `?:`s, through nested ones (the
    /// parser bounds the depth), or the expression itself.
    static func branchResults(_ e: Expr) -> [Expr] {
        guard case .call(nil, Operator.conditional, let args) = e.kind, args.count == 3 else { return [e] }
        return branchResults(args[1]) + branchResults(args[2])
    }

    /// A priority given as an expression, which must give a whole number; nil for a constant
    /// priority, or (reported) for a word or an expression of another type.
    func priorityProgram(_ expr: ExprText?, _ context: Context, _ bag: inout DiagnosticBag) -> Program? {
        guard let e = expr else { return nil }
        if Identifier.isValid(e.text), context.env.variable(e.text) == nil {
            // `priority: high`: a word, not an expression of anything the rule set knows.
            bag.error("'priority' must be a whole number from 0 to 100, or an expression giving one; '\(e.text)' is neither",
                      at: e.location, hint: "write 90, or an expression such as \"violations > 0 ? 90 : 60\"", code: .rulesType)
            return nil
        }
        guard let p = context.program(e, &bag) else { return nil }
        var refused = false
        if let root = p.parsed?.root {
            for branch in Self.branchResults(root) {
                guard case .literal(.int(let v)) = branch.kind, !(0...100).contains(v) else { continue }
                bag.error("priority \(v) is outside 0–100", at: p.location(of: branch), length: String(v).count,
                          hint: "a priority is from 0 to 100; higher is shown first", code: .rulesRange)
            }
        }
        // A branch of another type (`x > 3 ? 50.5 : 40`, or through a definition) makes the
        // whole a `dyn` the checker only warns about; as a priority it could never be used.
        if p.resultType == .dyn {
            for (t, node, program) in context.resultTypes(p) where t != .int && t != .dyn && t != .error {
                bag.error("'priority' must be a whole number from 0 to 100, but \(program === p ? "this branch" : "this branch of a definition it reads") gives \(t)",
                          at: program.startLocation(of: node), hint: "give every branch a whole number, e.g. \"orders_30d > 3 ? 50 : 40\"",
                          notes: program === p ? [] : [.init("the priority that reads it", at: e.location)], code: .rulesNotNumber)
                refused = true
            }
        }
        if refused { return nil }
        if p.resultType == .int || p.resultType == .dyn { return p }
        bag.error("'priority' must be a whole number from 0 to 100, but this expression gives \(p.resultType)", at: e.location,
                  hint: "for example: late_shipment_rate > 0.08 ? 95 : 70", code: .rulesNotNumber)
        return nil
    }

    /// The lint warnings a rule's `lint_allow` names; those unknown, or catalog-wide, are
    /// reported and left out.
    func lintAllow(_ codes: [Located<String>], _ bag: inout DiagnosticBag) -> [DiagnosticCode] {
        codes.compactMap { code in
            guard let kind = DiagnosticCode(rawValue: code.value),
                  DiagnosticCode.lintWarnings.contains(kind) || DiagnosticCode.ruleLoadWarnings.contains(kind) else {
                bag.error("unknown lint warning '\(code.value)'", at: code.location, length: code.value.count,
                          hint: Suggestions.didYouMean(code.value, in: RuleFormat.lintCodes) ?? "one of: \(RuleFormat.lintCodes.joined(separator: ", "))",
                          code: .rulesLintCode)
                return nil
            }
            guard !kind.isCatalogWide else {
                bag.error("'\(code.value)' cannot be silenced at a rule", at: code.location, length: code.value.count,
                          hint: "it is about a catalog entry, param or resource, not a rule: remove what is unused, or use it",
                          code: .rulesLintCode)
                return nil
            }
            return kind
        }
    }
}
