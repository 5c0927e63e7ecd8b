// RuleSetCompiler.swift — checks references across files and compiles every expression and
// template against the signal catalog into a RuleSet.

import CoachExpr
import CoachSource

struct RuleSetCompiler {
    /// Names the engine provides to every expression.
    static let engineNames: Set<String> = ["day", "phase", "seller", "params", "benchmark"]

    let sources: RuleSetLoader.Sources
    let manifest: Manifest
    let fingerprint: String

    init(sources: RuleSetLoader.Sources, manifest: Manifest, fingerprint: String) {
        self.sources = sources
        self.manifest = manifest
        self.fingerprint = fingerprint
    }

    func compile(_ bag: inout DiagnosticBag) -> RuleSet? {
        var env = Environment()
        for f in Formatting.functions(currency: manifest.currency) { env.declare(function: f) }
        for f in History.functions { env.declare(function: f) }

        // Engine-provided names.
        let sellerType = ObjectType(name: "seller", fields: [.init("id", .string), .init("category", .string)])
        let paramsType = ObjectType(name: "params", fields: manifest.params.map { .init($0.name, $0.type) })
        let benchmarkType = ObjectType(name: "benchmark", fields: manifest.benchmarks.keys.map { .init($0, .double) })
        let daySlot = env.declare("day", .int)
        let phaseSlot = env.declare("phase", .string)
        let sellerSlot = env.declare("seller", .object(sellerType))
        // The params are the same for every seller: expressions read their fields as constants.
        let paramsValue = Value.object(ObjectValue(type: paramsType, fields: manifest.params.map { $0.value }))
        let paramsSlot = env.declareConstant("params", .object(paramsType), paramsValue)
        let benchmarkSlot = env.declare("benchmark", .object(benchmarkType))

        // Signals.
        var signalSlots: [Int] = []
        var signalIndex: [String: Int] = [:]
        for (i, s) in sources.catalog.signals.enumerated() {
            signalSlots.append(env.declare(s.name, s.celType))
            signalIndex[s.name] = i
        }
        for case .band(let band) in manifest.benchmarks.by where band.of != "day" {
            let type = signalIndex[band.of].map { sources.catalog.signals[$0].celType }
            if type != .int && type != .double {
                bag.error("band '\(band.name)' is of '\(band.of)', which is neither 'day' nor an int or double signal", at: band.location,
                          hint: signalIndex[band.of] != nil ? "a band needs a number: write of: day, or the name of an int or double signal"
                              : Suggestions.didYouMean(band.of, in: ["day"] + sources.catalog.signals.map(\.name)) ?? "write of: day, or the name of a numeric signal",
                          code: "rules.benchmarks")
            }
        }

        // Definitions: find what each reads, order them, then compile with real types.
        var definitionSpecs: [String: DefinitionSpec] = [:]
        for d in sources.definitions {
            let name = d.name.value
            if Self.engineNames.contains(name) || signalIndex[name] != nil {
                bag.error("definition '\(name)' has the name of \(signalIndex[name] != nil ? "a signal" : "an engine value")",
                          at: d.name.location, length: name.count, hint: "rename the definition", code: "rules.duplicate-id")
                continue
            }
            if let first = definitionSpecs[name] {
                bag.error("definition '\(name)' is defined twice", at: d.name.location, length: name.count,
                          notes: [.init("first defined here", at: first.name.location)], code: "rules.duplicate-id")
                continue
            }
            definitionSpecs[name] = d
        }
        var probe = env
        for name in definitionSpecs.keys { probe.declare(name, .dyn) }
        var dependencies: [String: [String]] = [:]
        for (name, d) in definitionSpecs {
            let reads = (try? probe.compile(d.expr.text, origin: d.expr.origin, check: false).variablesRead) ?? []
            dependencies[name] = reads.filter { definitionSpecs[$0] != nil }
        }
        let order = Self.topologicalOrder(definitionSpecs, dependencies, &bag)
        var definitionSlots: [String: Int] = [:]
        for name in definitionSpecs.keys.sorted() { definitionSlots[name] = env.declare(name, .dyn) }
        var definitions: [CompiledDefinition] = []
        var definitionSignals: [String: [Int]] = [:]
        var definitionReads: [String: [Int]] = [:]
        for name in order {
            guard let d = definitionSpecs[name], let slot = definitionSlots[name] else { continue }
            do {
                let program = try env.compile(d.expr.text, origin: d.expr.origin)
                env.declare(name, program.resultType)
                let signals = signalsRead(program, signalIndex, definitionSignals)
                definitionSignals[name] = signals
                definitionReads[name] = signalsRead(program, signalIndex, definitionReads, guarded: true)
                definitions.append(CompiledDefinition(name: name, slot: slot, program: program, origin: d.expr.origin, signalsRead: signals,
                                                      location: d.name.location))
            } catch {
                bag.add(contentsOf: error.diagnostics)
            }
        }
        // Recompile so that every definition sees the final types of those it uses.
        let finalEnv = env
        definitions = definitions.compactMap { d in
            guard let spec = definitionSpecs[d.name], let p = try? finalEnv.compile(spec.expr.text, origin: spec.expr.origin) else { return d }
            return CompiledDefinition(name: d.name, slot: d.slot, program: p, origin: d.origin, signalsRead: d.signalsRead, location: d.location)
        }

        let context = Context(env: finalEnv, signalIndex: signalIndex, definitionSignals: definitionSignals,
                              definitionReads: definitionReads)

        // Resources.
        var resources: [String: Resource] = [:]
        for r in sources.resources {
            if let first = resources[r.id] {
                bag.error("duplicate resource id '\(r.id)'", at: r.location, notes: [.init("first defined here", at: first.location)],
                          code: "rules.duplicate-id")
                continue
            }
            resources[r.id] = r
        }
        let resourceIDs = resources.keys.sorted()
        func checkLearn(_ learn: [Located<String>], _ bag: inout DiagnosticBag) -> [String] {
            learn.compactMap { l in
                guard resources[l.value] != nil else {
                    bag.error("unknown resource '\(l.value)'", at: l.location, length: l.value.count,
                              hint: Suggestions.didYouMean(l.value, in: resourceIDs) ?? "declare it under 'resources:' in a playbook file",
                              code: "rules.unknown-resource")
                    return nil
                }
                return l.value
            }
        }

        // Playbooks and items.
        var playbooks: [CompiledPlaybook] = []
        var itemsByPhase: [[CompiledItem]] = Array(repeating: [], count: manifest.phases.count)
        var itemLocations: [String: SourceLocation] = [:]
        var playbookIDs: [String: SourceLocation] = [:]
        let phaseIDs = manifest.phases.map(\.id)
        for spec in sources.playbooks {
            // A duplicate playbook, an unknown phase or a duplicate item is reported, and what
            // it holds is still checked, so one run shows every problem.
            var keep = true
            if let first = playbookIDs[spec.id.value] {
                bag.error("duplicate playbook '\(spec.id.value)'", at: spec.id.location, notes: [.init("first defined here", at: first)],
                          code: "rules.duplicate-id")
                keep = false
            } else {
                playbookIDs[spec.id.value] = spec.id.location
            }
            let applies = spec.appliesWhen.flatMap { context.boolProgram($0, what: "'applies_when'", &bag) }
            let playbookIndex = playbooks.count
            if keep {
                playbooks.append(CompiledPlaybook(id: spec.id.value, title: spec.title ?? spec.id.value, appliesWhen: applies,
                                                  signalsRead: applies.map { context.signals($0) } ?? []))
            }
            for phaseSpec in spec.phases {
                let phase = phaseIDs.firstIndex(of: phaseSpec.phase.value)
                if phase == nil {
                    bag.error("unknown phase '\(phaseSpec.phase.value)'", at: phaseSpec.phase.location, length: phaseSpec.phase.value.count,
                              hint: Suggestions.didYouMean(phaseSpec.phase.value, in: phaseIDs) ?? "phases are declared in ruleset.yaml: \(phaseIDs.joined(separator: ", "))",
                              code: "rules.unknown-phase")
                }
                for item in phaseSpec.items {
                    var unique = true
                    if let first = itemLocations[item.id.value] {
                        bag.error("duplicate checklist item '\(item.id.value)'", at: item.id.location,
                                  notes: [.init("first defined here", at: first)], code: "rules.duplicate-id")
                        unique = false
                    } else {
                        itemLocations[item.id.value] = item.id.location
                    }
                    let title = Template.compile(item.title, environment: finalEnv, &bag)
                    let done = context.boolProgram(item.doneWhen, what: "'done_when'", &bag)
                    let applies = item.appliesWhen.flatMap { context.boolProgram($0, what: "'applies_when'", &bag) }
                    let progress = item.progress.flatMap { context.numberProgram($0, what: "'progress'", &bag) }
                    let learn = checkLearn(item.learn, &bag)
                    guard keep, unique, let phase, let title, let done else { continue }
                    var programs = [done] + title.programs
                    if let applies { programs.append(applies) }
                    if let progress { programs.append(progress) }
                    itemsByPhase[phase].append(CompiledItem(
                        id: item.id.value, playbook: playbookIndex, phase: phase, title: title, doneWhen: done,
                        appliesWhen: applies, progress: progress, learn: learn, onDemand: item.onDemand, standard: item.standard,
                        signalsRead: context.signals(programs), location: item.id.location))
                }
            }
        }
        let items = itemsByPhase.flatMap { $0 }
        let itemIDs = items.map(\.id)

        // Rules.
        var ruleIDs: [String: SourceLocation] = [:]
        for r in sources.rules {
            if let first = ruleIDs[r.id.value] {
                bag.error("duplicate rule id '\(r.id.value)'", at: r.id.location, length: r.id.value.count,
                          hint: "rule ids must be unique across all rule files", notes: [.init("first defined here", at: first)],
                          code: "rules.duplicate-id")
            } else {
                ruleIDs[r.id.value] = r.id.location
            }
        }
        let allRuleIDs = sources.rules.map(\.id.value)
        var rules: [CompiledRule] = []
        var seenIDs = Set<String>()
        // Where each rule will sit (only used when every rule compiles; otherwise loading fails).
        var plannedIndex: [String: Int] = [:]
        for r in sources.rules where plannedIndex[r.id.value] == nil { plannedIndex[r.id.value] = plannedIndex.count }
        for r in sources.rules where seenIDs.insert(r.id.value).inserted {
            var area = ""
            if let a = r.area {
                if manifest.areas.contains(a.value) { area = a.value } else {
                    bag.error("unknown area '\(a.value)'", at: a.location, length: a.value.count,
                              hint: Suggestions.didYouMean(a.value, in: manifest.areas) ?? "areas are declared in ruleset.yaml: \(manifest.areas.joined(separator: ", "))",
                              code: "rules.unknown-area")
                }
            } else if r.tip != nil {
                bag.error("rule '\(r.id.value)' shows a tip but has no area", at: r.id.location,
                          hint: "add 'area:' to the rule, or to the top of its file", code: "rules.missing-key")
            }
            let condition = context.condition(r.when, &bag)
            var tip: CompiledTip?
            if let t = r.tip {
                let title = Template.compile(t.title, environment: finalEnv, &bag)
                let body = Template.compile(t.body, environment: finalEnv, &bag)
                let actions = t.actions.compactMap { Template.compile($0, environment: finalEnv, &bag) }
                let learn = checkLearn(t.learn, &bag)
                if let title, let body, actions.count == t.actions.count {
                    tip = CompiledTip(title: title, body: body, actions: actions, learn: learn)
                }
            }
            var escalation: CompiledEscalation?
            if let e = r.escalation {
                if !manifest.routes.contains(e.to.value) {
                    bag.error("unknown route '\(e.to.value)'", at: e.to.location, length: e.to.value.count,
                              hint: Suggestions.didYouMean(e.to.value, in: manifest.routes) ?? "routes are declared in ruleset.yaml: \(manifest.routes.joined(separator: ", "))",
                              code: "rules.unknown-route")
                }
                if let also = e.also {
                    if also.value == e.to.value {
                        bag.error("'also' names '\(also.value)', the route the escalation goes to already", at: also.location, length: also.value.count,
                                  hint: "name another route, or remove 'also'", code: "rules.unknown-route")
                    } else if !manifest.routes.contains(also.value) {
                        bag.error("unknown route '\(also.value)'", at: also.location, length: also.value.count,
                                  hint: Suggestions.didYouMean(also.value, in: manifest.routes) ?? "routes are declared in ruleset.yaml: \(manifest.routes.joined(separator: ", "))",
                                  code: "rules.unknown-route")
                    }
                }
                let reason = Template.compile(e.reason, environment: finalEnv, &bag)
                let notice = e.notice.flatMap { Template.compile($0, environment: finalEnv, &bag) }
                let points = e.talkingPoints.compactMap { Template.compile($0, environment: finalEnv, &bag) }
                if let reason, (notice != nil) == (e.notice != nil), points.count == e.talkingPoints.count {
                    escalation = CompiledEscalation(to: e.to.value, severity: e.severity, reason: reason, also: e.also?.value,
                                                    notice: notice, talkingPoints: points)
                }
            }
            var inhibitsAreas: [String] = []
            var inhibitsRuleIDs: [String] = []
            for target in r.inhibits {
                if manifest.areas.contains(target.value) {
                    inhibitsAreas.append(target.value)
                } else if ruleIDs[target.value] != nil {
                    if target.value == r.id.value {
                        bag.error("rule '\(r.id.value)' inhibits itself", at: target.location, code: "rules.inhibits")
                    }
                    inhibitsRuleIDs.append(target.value)
                } else {
                    bag.error("'\(target.value)' in 'inhibits' is neither a rule id nor an area", at: target.location, length: target.value.count,
                              hint: Suggestions.didYouMean(target.value, in: allRuleIDs + manifest.areas), code: "rules.unknown-reference")
                }
            }
            var checklist: [Int] = []
            for ref in r.checklist {
                guard let index = itemIDs.firstIndex(of: ref.value) else {
                    bag.error("unknown checklist item '\(ref.value)'", at: ref.location, length: ref.value.count,
                              hint: Suggestions.didYouMean(ref.value, in: itemIDs) ?? "declare it in a playbook with 'on_demand: true'",
                              code: "rules.unknown-item")
                    continue
                }
                if !items[index].onDemand {
                    bag.error("checklist item '\(ref.value)' is always on the checklist, so a rule cannot add it", at: ref.location,
                              length: ref.value.count,
                              hint: "mark the item 'on_demand: true' in its playbook", code: "rules.item-not-on-demand")
                }
                checklist.append(index)
            }
            guard let condition else { continue }
            var priorityProgram: Program?
            if let e = r.priorityExpr, Identifier.isValid(e.text), finalEnv.variable(e.text) == nil {
                // `priority: high`: a word, not an expression of anything the rule set knows.
                bag.error("'priority' must be a whole number from 0 to 100, or an expression giving one; '\(e.text)' is neither",
                          at: e.location, hint: "write 90, or an expression such as \"violations > 0 ? 90 : 60\"", code: "rules.type")
            } else if let e = r.priorityExpr, let p = context.program(e, &bag) {
                if p.resultType == .int || p.resultType == .dyn {
                    priorityProgram = p
                } else {
                    bag.error("'priority' must be a whole number from 0 to 100, but this expression gives \(p.resultType)", at: e.location,
                              hint: "for example: late_shipment_rate > 0.08 ? 95 : 70", code: "rules.not-number")
                }
            }
            var programs = condition.leaves.map(\.program)
            if let priorityProgram { programs.append(priorityProgram) }
            let texts = TextParts(rule: r, tip: tip, escalation: escalation, condition: context.reads(programs),
                                  required: Set(context.signals(programs)),
                                  context: context, catalog: sources.catalog, env: finalEnv, &bag)
            rules.append(CompiledRule(
                id: r.id.value, area: area, priority: r.priority, group: r.group?.value,
                cooldownDays: r.cooldownDays ?? (escalation != nil ? manifest.escalationCooldownDays : nil),
                inhibitsAreas: inhibitsAreas, inhibitsRules: inhibitsRuleIDs.compactMap { plannedIndex[$0] }, condition: condition,
                tip: tip, escalation: escalation, checklist: checklist, signalsRead: texts.signalsRead, location: r.location,
                lintAllow: r.lintAllow.map(\.value), mustShow: r.mustShow?.value ?? false, priorityProgram: priorityProgram,
                dismissalDays: r.dismissalDays ?? manifest.dismissals.byArea[area] ?? manifest.dismissals.defaultDays,
                texts: texts.fallbacks))
            for code in r.lintAllow where code.value.hasPrefix("unused-") {
                bag.error("'\(code.value)' cannot be silenced at a rule", at: code.location, length: code.value.count,
                          hint: "it is about a catalog entry, param or resource, not a rule: remove what is unused, or use it",
                          code: "rules.lint-code")
            }
            for code in r.lintAllow where !RuleFormat.lintCodes.contains(code.value) {
                bag.error("unknown lint warning '\(code.value)'", at: code.location, length: code.value.count,
                          hint: Suggestions.didYouMean(code.value, in: RuleFormat.lintCodes) ?? "one of: \(RuleFormat.lintCodes.joined(separator: ", "))",
                          code: "rules.lint-code")
            }
        }

        let ruleIDSet = Set(rules.map(\.id))
        let asking = History.programs(rules: rules, definitions: definitions, items: items).filter(History.mayUse)
        for p in asking { History.check(p, ruleIDs: ruleIDSet, &bag) }
        if bag.hasErrors { return nil }
        let slots = Slots(day: daySlot, phase: phaseSlot, seller: sellerSlot, params: paramsSlot, benchmark: benchmarkSlot,
                          signals: signalSlots, sellerType: sellerType, benchmarkType: benchmarkType, paramsValue: paramsValue)
        return RuleSet(manifest: manifest, catalog: sources.catalog, rules: rules, definitions: definitions, playbooks: playbooks,
                       items: items, resources: resources, fingerprint: fingerprint,
                       warnings: bag.items.filter { $0.severity != .error }, environment: finalEnv, slots: slots,
                       files: RuleSetFiles(rulesFolder: sources.rulesFolder, files: sources.files),
                       usesHistory: asking.contains(where: History.isUsed))
    }

    /// How many definitions deep a definition may rest on others: evaluating one computes
    /// those it uses first, each a level deeper on the stack, so a very long chain (a
    /// generated file, a careless copy) is refused at load rather than overflowing the stack.
    static let maxDefinitionDepth = 64

    /// Definitions ordered so each comes after those it uses; cycles, and chains deeper than
    /// ``maxDefinitionDepth``, are reported. Iterative: a chain of any length cannot overflow
    /// the stack here.
    static func topologicalOrder(_ specs: [String: DefinitionSpec], _ deps: [String: [String]], _ bag: inout DiagnosticBag) -> [String] {
        var order: [String] = []
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var depth: [String: Int] = [:]  // definitions in the longest chain below, itself included
        let sortedDeps = deps.mapValues { $0.sorted() }
        for root in specs.keys.sorted() where state[root] == nil {
            var path: [String] = [root]  // the names being visited, outermost first
            var next: [Int] = [0]  // per path entry, the next dependency to visit
            state[root] = 1
            while let name = path.last {
                let ds = sortedDeps[name] ?? []
                let k = next[next.count - 1]
                if k < ds.count {
                    next[next.count - 1] = k + 1
                    let d = ds[k]
                    switch state[d] {
                    case 2?: continue
                    case 1?:
                        let cycle = (path.drop { $0 != d } + [d]).joined(separator: " → ")
                        if let spec = specs[d] {
                            bag.error("definitions use each other in a cycle: \(cycle)", at: spec.name.location, length: d.count,
                                      hint: "a definition cannot depend on itself, directly or through others", code: "rules.definition-cycle")
                        }
                    default:
                        state[d] = 1
                        path.append(d)
                        next.append(0)
                    }
                    continue
                }
                path.removeLast()
                next.removeLast()
                state[name] = 2
                order.append(name)
                depth[name] = 1 + (ds.map { depth[$0] ?? 0 }.max() ?? 0)
            }
        }
        // One error for the deepest chain (it names where the chain starts).
        if let (name, d) = depth.filter({ specs[$0.key] != nil }).max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
           d > maxDefinitionDepth, let spec = specs[name] {
            bag.error("definition '\(name)' rests on a chain of \(d) definitions, deeper than the \(maxDefinitionDepth) allowed",
                      at: spec.name.location, length: name.count,
                      hint: "write the chain's steps into fewer definitions", code: "rules.definition-depth")
        }
        return order
    }

    /// The signals `p` cannot do without (directly or through definitions): a rule reading a
    /// missing one is skipped. A read guarded by the signal's own `has()` does not count.
    /// With `guarded`, every signal it reads, guarded or not.
    func signalsRead(_ p: Program, _ signalIndex: [String: Int], _ definitionSignals: [String: [Int]],
                     guarded: Bool = false) -> [Int] {
        var out = Set<Int>()
        for name in guarded ? p.variablesRead : p.requiredRead {
            if let i = signalIndex[name] { out.insert(i) }
            if let s = definitionSignals[name] { out.formUnion(s) }
        }
        return out.sorted()
    }

    /// Compiles expressions of rules and items against the final environment.
    struct Context {
        let env: Environment
        let signalIndex: [String: Int]
        let definitionSignals: [String: [Int]]
        /// Every signal each definition reads, guarded by `has()` or not.
        let definitionReads: [String: [Int]]

        /// Every signal `programs` read, guarded by `has()` or not (what a condition that
        /// holds has seen).
        func reads(_ programs: [Program]) -> Set<Int> {
            var out = Set<Int>()
            for p in programs {
                for name in p.variablesRead {
                    if let i = signalIndex[name] { out.insert(i) }
                    if let s = definitionReads[name] { out.formUnion(s) }
                }
            }
            return out
        }

        func signals(_ p: Program) -> [Int] { signals([p]) }

        func signals(_ programs: [Program]) -> [Int] {
            var out = Set<Int>()
            for p in programs {
                for name in p.requiredRead {
                    if let i = signalIndex[name] { out.insert(i) }
                    if let s = definitionSignals[name] { out.formUnion(s) }
                }
            }
            return out.sorted()
        }

        func program(_ e: ExprText, _ bag: inout DiagnosticBag) -> Program? {
            do {
                return try env.compile(e.text, origin: e.origin)
            } catch {
                bag.add(contentsOf: error.diagnostics)
                return nil
            }
        }

        func boolProgram(_ e: ExprText, what: String, _ bag: inout DiagnosticBag) -> Program? {
            guard let p = program(e, &bag) else { return nil }
            switch p.resultType {
            case .bool, .dyn: return p
            default:
                bag.error("\(what) must be true or false, but this expression gives \(p.resultType)", at: e.location,
                          hint: "compare it with something, e.g. '\(e.text) > 0'", code: "rules.not-bool")
                return nil
            }
        }

        func numberProgram(_ e: ExprText, what: String, _ bag: inout DiagnosticBag) -> Program? {
            guard let p = program(e, &bag) else { return nil }
            switch p.resultType {
            case .double, .int, .dyn: return p
            default:
                bag.error("\(what) must be a number, but this expression gives \(p.resultType)", at: e.location, code: "rules.not-number")
                return nil
            }
        }

        func condition(_ spec: ConditionSpec, _ bag: inout DiagnosticBag) -> Condition? {
            switch spec {
            case .expr(let e):
                return boolProgram(e, what: "a condition", &bag).map { .leaf(Leaf(program: $0, location: e.location, origin: e.origin)) }
            case .all(let members, _):
                let cs = members.compactMap { condition($0, &bag) }
                return cs.count == members.count ? .all(cs) : nil
            case .any(let members, _):
                let cs = members.compactMap { condition($0, &bag) }
                return cs.count == members.count ? .any(cs) : nil
            case .not(let member, _):
                return condition(member, &bag).map { .not($0) }
            }
        }
    }
}
