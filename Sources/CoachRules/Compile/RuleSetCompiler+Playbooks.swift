// RuleSetCompiler+Playbooks.swift — the resources and playbooks passes: learning resources
// by id, then each playbook's phases and items compiled against the final environment.

import CoachExpr
import CoachSource

extension RuleSetCompiler {
    /// The resources by id; a duplicate id is reported (the first one stands).
    func collectResources(_ bag: inout DiagnosticBag) -> [String: Resource] {
        var resources: [String: Resource] = [:]
        for r in sources.resources {
            if let first = resources[r.id] {
                bag.error("duplicate resource id '\(r.id)'", at: r.location, notes: [.init("first defined here", at: first.location)],
                          code: .rulesDuplicateId)
                continue
            }
            resources[r.id] = r
        }
        return resources
    }

    /// The resource ids of `learn` that exist; an unknown one is reported and left out.
    func checkLearn(_ learn: [Located<String>], _ resources: [String: Resource], _ bag: inout DiagnosticBag) -> [String] {
        learn.compactMap { l in
            guard resources[l.value] != nil else {
                let d = Diagnostic.error("unknown resource '\(l.value)'", at: l.location, length: l.value.count, code: .rulesUnknownResource)
                let ids = candidates.list(.resources) { Array(resources.keys) }
                bag.add(d.withHint(.init(name: l.value, among: [ids], fallback: "declare it under 'resources:' in a playbook file"),
                                   deferring: true))
                return nil
            }
            return l.value
        }
    }

    /// The playbooks, and their items in phase order. A duplicate playbook, an unknown phase
    /// or a duplicate item is reported, and what it holds is still checked, so one run shows
    /// every problem.
    func compilePlaybooks(_ context: Context, _ resources: [String: Resource],
                          _ bag: inout DiagnosticBag) -> (playbooks: [CompiledPlaybook], items: [CompiledItem]) {
        var playbooks: [CompiledPlaybook] = []
        var itemsByPhase: [[CompiledItem]] = Array(repeating: [], count: manifest.phases.count)
        var itemLocations: [String: SourceLocation] = [:]
        var playbookIDs: [String: SourceLocation] = [:]
        for spec in sources.playbooks {
            var keep = true
            if let first = playbookIDs[spec.id.value] {
                bag.error("duplicate playbook '\(spec.id.value)'", at: spec.id.location, notes: [.init("first defined here", at: first)],
                          code: .rulesDuplicateId)
                keep = false
            } else {
                playbookIDs[spec.id.value] = spec.id.location
            }
            let applies = spec.appliesWhen.flatMap { context.boolProgram($0, what: "'applies_when'", &bag) }
            bag.add(contentsOf: OptionalFieldChecks.warnings(applies, context.env))
            let playbookIndex = playbooks.count
            if keep {
                playbooks.append(CompiledPlaybook(id: spec.id.value, title: spec.title ?? spec.id.value, appliesWhen: applies,
                                                  signalsRead: applies.map { context.signals($0) } ?? []))
            }
            for phaseSpec in spec.phases {
                let phase = phaseIndex(phaseSpec.phase, &bag)
                for item in phaseSpec.items {
                    var unique = true
                    if let first = itemLocations[item.id.value] {
                        bag.error("duplicate checklist item '\(item.id.value)'", at: item.id.location,
                                  notes: [.init("first defined here", at: first)], code: .rulesDuplicateId)
                        unique = false
                    } else {
                        itemLocations[item.id.value] = item.id.location
                    }
                    let compiled = compileItem(item, playbook: playbookIndex, phase: phase ?? 0, context, resources, &bag)
                    guard keep, unique, let phase, let compiled else { continue }
                    itemsByPhase[phase].append(compiled)
                }
            }
        }
        return (playbooks, itemsByPhase.flatMap { $0 })
    }

    /// The index of a playbook phase among the manifest's phases; an unknown one is reported.
    func phaseIndex(_ id: Located<String>, _ bag: inout DiagnosticBag) -> Int? {
        let phaseIDs = manifest.phases.map(\.id)
        if let i = phaseIDs.firstIndex(of: id.value) { return i }
        bag.error("unknown phase '\(id.value)'", at: id.location, length: id.value.count,
                  hint: Suggestions.didYouMean(id.value, in: phaseIDs) ?? "phases are declared in ruleset.yaml: \(phaseIDs.joined(separator: ", "))",
                  code: .rulesUnknownPhase)
        return nil
    }

    /// One checklist item: its title, `done_when`, `applies_when`, `progress` and learning
    /// links; nil (with the problems reported) when any part does not compile.
    func compileItem(_ item: ItemSpec, playbook: Int, phase: Int, _ context: Context, _ resources: [String: Resource],
                     _ bag: inout DiagnosticBag) -> CompiledItem? {
        let title = context.template(item.title, &bag)
        let done = context.boolProgram(item.doneWhen, what: "'done_when'", &bag)
        let applies = item.appliesWhen.flatMap { context.boolProgram($0, what: "'applies_when'", &bag) }
        let progress = item.progress.flatMap { context.numberProgram($0, what: "'progress'", &bag) }
        if let e = item.progress, let p = progress {
            // A whole number is 0 or "all done": `listings.size()` for 1 of 5 listings was shown
            // as 99%. So is a branch of one, beside a double (`x > 3 ? listings.size() : 0.5`),
            // or through a definition.
            let ints = p.resultType == .int ? [] : context.resultTypes(p).filter { $0.type == .int || $0.type == .uint }
            if p.resultType == .int {
                bag.error("'progress' is a share from 0 to 1, but this expression gives an int (a whole number)", at: e.location,
                          hint: "divide by the target as a double, e.g. double(listings.size()) / 5.0", code: .rulesNotNumber)
            }
            for (_, node, program) in ints {
                bag.error("'progress' is a share from 0 to 1, but \(program === p ? "this branch" : "this branch of a definition it reads") gives an int (a whole number)",
                          at: program.startLocation(of: node), hint: "divide by the target as a double, e.g. double(listings.size()) / 5.0",
                          notes: program === p ? [] : [.init("the progress that reads it", at: e.location)], code: .rulesNotNumber)
            }
        }
        let learn = checkLearn(item.learn, resources, &bag)
        guard let title, let done else { return nil }
        for p in [done] + [applies, progress].compactMap({ $0 }) + title.programs {
            bag.add(contentsOf: OptionalFieldChecks.warnings(p, context.env))
        }
        var programs = [done] + title.programs
        if let applies { programs.append(applies) }
        if let progress { programs.append(progress) }
        return CompiledItem(
            id: item.id.value, playbook: playbook, phase: phase, title: title, doneWhen: done,
            appliesWhen: applies, progress: progress, learn: learn, onDemand: item.onDemand, standard: item.standard,
            signalsRead: context.signals(programs), location: item.id.location)
    }
}
