// RuleSetCompiler+Definitions.swift — the definitions pass: names checked, ordered so each
// comes after those it uses (cycles and over-deep chains refused), compiled, then compiled
// again once every definition's type is known.

import CoachExpr
import CoachSource

extension RuleSetCompiler {
    /// What the definitions pass gives the later ones.
    struct Definitions {
        var compiled: [CompiledDefinition] = []
        /// Per definition, the signals whose absence skips what reads it.
        var signals: [String: [Int]] = [:]
        /// Per definition, the signals its value proves present (`has_x: has(x)`).
        var presence: [String: ImpliedPresence.Sets] = [:]
    }

    /// Compiles the definitions into `env`, which holds them with their final types after.
    func compileDefinitions(_ env: inout Environment, _ signalIndex: [String: Int], _ bag: inout DiagnosticBag) -> Definitions {
        let specs = definitionSpecs(signalIndex, &bag)
        var probe = env
        for name in specs.keys { probe.declare(name, .dyn) }
        var dependencies: [String: [String]] = [:]
        for (name, d) in specs {
            let reads = (try? probe.compile(d.expr.text, origin: d.expr.origin, check: false).variablesRead) ?? []
            dependencies[name] = reads.filter { specs[$0] != nil }
        }
        let order = Self.topologicalOrder(specs, dependencies, &bag)
        var slots: [String: Int] = [:]
        for name in specs.keys.sorted() { slots[name] = env.declare(name, .dyn) }
        var out = Definitions()
        for name in order {
            guard let d = specs[name], let slot = slots[name] else { continue }
            do {
                let program = try env.compile(d.expr.text, origin: d.expr.origin)
                env.declare(name, program.resultType)
                let signals = Self.signals(of: [program], index: signalIndex, definitions: out.signals).sorted()
                out.signals[name] = signals
                if let root = program.parsed?.root {
                    out.presence[name] = ImpliedPresence(signalIndex: signalIndex, definitions: out.presence).sets(root)
                }
                out.compiled.append(CompiledDefinition(name: name, slot: slot, program: program, origin: d.expr.origin,
                                                       signalsRead: signals, location: d.name.location))
            } catch {
                bag.add(contentsOf: error.diagnostics)
            }
        }
        // Recompile so that every definition sees the final types of those it uses; the
        // checker's warnings are those of this compilation.
        let finalEnv = env
        out.compiled = out.compiled.compactMap { d in
            guard let spec = specs[d.name], let p = try? finalEnv.compile(spec.expr.text, origin: spec.expr.origin) else { return d }
            bag.add(contentsOf: p.warnings)
            bag.add(contentsOf: OptionalFieldChecks.warnings(p, finalEnv))
            return CompiledDefinition(name: d.name, slot: d.slot, program: p, origin: d.origin, signalsRead: d.signalsRead, location: d.location)
        }
        return out
    }

    /// The definitions by name; one named like a signal or an engine value, or defined
    /// twice, is reported and left out.
    func definitionSpecs(_ signalIndex: [String: Int], _ bag: inout DiagnosticBag) -> [String: DefinitionSpec] {
        var specs: [String: DefinitionSpec] = [:]
        for d in sources.definitions {
            let name = d.name.value
            if Self.functionNamespaces.contains(name) {
                bag.error("definition '\(name)' has the name of the \(name).* functions, which it would hide", at: d.name.location,
                          length: name.count, hint: "rename the definition", code: .rulesDuplicateId)
                continue
            }
            if Self.engineNames.contains(name) || signalIndex[name] != nil {
                bag.error("definition '\(name)' has the name of \(signalIndex[name] != nil ? "a signal" : "an engine value")",
                          at: d.name.location, length: name.count, hint: "rename the definition", code: .rulesDuplicateId)
                continue
            }
            if let first = specs[name] {
                bag.error("definition '\(name)' is defined twice", at: d.name.location, length: name.count,
                          notes: [.init("first defined here", at: first.name.location)], code: .rulesDuplicateId)
                continue
            }
            specs[name] = d
        }
        return specs
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
                                      hint: "a definition cannot depend on itself, directly or through others", code: .rulesDefinitionCycle)
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
                      hint: "write the chain's steps into fewer definitions", code: .rulesDefinitionDepth)
        }
        return order
    }
}
