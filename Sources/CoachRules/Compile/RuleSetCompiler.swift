// RuleSetCompiler.swift — checks references across files and compiles every expression and
// template against the signal catalog into a RuleSet, in named passes: the engine's names,
// the signals, the definitions (RuleSetCompiler+Definitions.swift), resources and playbooks
// (+Playbooks.swift), then the rules (+Rules.swift).

import CoachExpr
import CoachSource

struct RuleSetCompiler {
    /// Names the engine provides to every expression.
    static let engineNames: Set<String> = ["day", "phase", "seller", "params", "benchmark"]
    /// The prefixes of the standard functions (`math.greatest`, `strings.quote`, `base64.encode`): a signal or
    /// definition of that name would hide every one of them ("undeclared function 'greatest'").
    static let functionNamespaces: Set<String> = ["base64", "math", "strings"]

    let sources: RuleSetLoader.Sources
    let manifest: Manifest
    let fingerprint: String
    /// The name lists unknown names are compared with, made once each.
    let candidates = CandidateNames()

    init(sources: RuleSetLoader.Sources, manifest: Manifest, fingerprint: String) {
        self.sources = sources
        self.manifest = manifest
        self.fingerprint = fingerprint
    }

    func compile(_ bag: inout DiagnosticBag) -> RuleSet? {
        var env = Environment()
        env.deferNameHints = true
        for f in Formatting.functions(currency: manifest.currency) { env.declare(function: f) }
        for f in History.functions { env.declare(function: f) }
        let engine = declareEngineNames(&env)
        let signals = declareSignals(&env, &bag)
        let definitions = compileDefinitions(&env, signals.index, &bag)
        let context = Context(env: env, signalIndex: signals.index, definitionSignals: definitions.signals,
                              definitionPresence: definitions.presence,
                              definitionPrograms: Dictionary(definitions.compiled.map { ($0.name, $0.program) }, uniquingKeysWith: { a, _ in a }))
        let resources = collectResources(&bag)
        let (playbooks, items) = compilePlaybooks(context, resources, &bag)
        let rules = compileRules(context, items: items, resources: resources, &bag)

        let ruleIDSet = Set(rules.map(\.id))
        let programs = RuleSetPrograms.all(rules: rules, definitions: definitions.compiled, items: items, playbooks: playbooks)
        let asking = programs.filter(History.mayUse)
        let ruleIDList = rules.map(\.id)
        let itemIDs = History.Items(ids: Set(items.map(\.id)), list: items.map(\.id), standards: Set(items.filter(\.standard).map(\.id)))
        for p in asking { History.check(p, ruleIDs: ruleIDSet, among: ruleIDList, items: itemIDs, &bag) }
        resolveNameHints(env, &bag)
        env.deferNameHints = false  // tools compiling against the rule set's names later get theirs at once
        if bag.hasErrors { return nil }
        let slots = Slots(day: engine.day, phase: engine.phase, seller: engine.seller, params: engine.params,
                          benchmark: engine.benchmark, signals: signals.slots, sellerType: engine.sellerType,
                          benchmarkType: engine.benchmarkType, paramsValue: engine.paramsValue)
        return RuleSet(manifest: manifest, catalog: sources.catalog, rules: rules, definitions: definitions.compiled,
                       playbooks: playbooks, items: items, resources: resources, fingerprint: fingerprint,
                       warnings: bag.items.filter { $0.severity != .error }, environment: env, slots: slots,
                       files: RuleSetFiles(rulesFolder: sources.rulesFolder, files: sources.files),
                       usesHistory: asking.contains(where: History.isUsed),
                       countedDefinitions: CountedDefinitions.slots(definitions: definitions.compiled, programs: programs))
    }

    /// At most this many unknown names get a "did you mean" in one load, within
    /// ``nameHintWork`` cells of comparison (about a second's work: names of up to 64 bytes
    /// cost a cell a byte of each candidate, longer ones seven).
    static let mostNameHints = 100
    static let nameHintWork = 60_000_000

    /// The "did you mean" of the first ``mostNameHints`` unknown names, in the order they
    /// are shown, among the rule set's names; a note says how many more were not looked for.
    func resolveNameHints(_ env: Environment, _ bag: inout DiagnosticBag) {
        let left = bag.resolveNameHints(environment: env.variables.map(\.name), most: Self.mostNameHints, work: Self.nameHintWork)
        guard left > 0 else { return }
        bag.add(Diagnostic(.note, "\(left) of the unknown names \(left == 1 ? "was" : "were") not compared with the rule set's names for a \"did you mean\" (a load compares the first \(Self.mostNameHints) shown, within a budget of work)",
                           code: .exprUnknownName))
    }

    /// The slots and types of the names the engine gives every expression.
    struct EngineNames {
        let day, phase, seller, params, benchmark: Int
        let sellerType, benchmarkType: ObjectType
        let paramsValue: Value
    }

    /// Declares `day`, `phase`, `seller`, `params` (the same for every seller, so read as
    /// constants) and `benchmark`.
    func declareEngineNames(_ env: inout Environment) -> EngineNames {
        let sellerType = ObjectType(name: "seller", fields: [.init("id", .string), .init("category", .string)])
        let paramsType = ObjectType(name: "params", fields: manifest.params.map { .init($0.name, $0.type) })
        let benchmarkType = ObjectType(name: "benchmark", fields: manifest.benchmarks.keys.map { .init($0, .double) })
        let day = env.declare("day", .int)
        let phase = env.declare("phase", .string)
        let seller = env.declare("seller", .object(sellerType))
        let paramsValue = Value.object(ObjectValue.make(type: paramsType, fields: manifest.params.map { $0.value }))
        let params = env.declareConstant("params", .object(paramsType), paramsValue)
        let benchmark = env.declare("benchmark", .object(benchmarkType))
        return EngineNames(day: day, phase: phase, seller: seller, params: params, benchmark: benchmark,
                           sellerType: sellerType, benchmarkType: benchmarkType, paramsValue: paramsValue)
    }

    /// Declares every signal of the catalog, in catalog order, and checks that each benchmark
    /// band is of `day` or of a numeric signal.
    func declareSignals(_ env: inout Environment, _ bag: inout DiagnosticBag) -> (slots: [Int], index: [String: Int]) {
        var slots: [Int] = []
        var index: [String: Int] = [:]
        for (i, s) in sources.catalog.signals.enumerated() {
            slots.append(env.declare(s.name, s.celType))
            index[s.name] = i
        }
        for case .band(let band) in manifest.benchmarks.by where band.of != "day" {
            let type = index[band.of].map { sources.catalog.signals[$0].celType }
            if type != .int && type != .double {
                bag.error("band '\(band.name)' is of '\(band.of)', which is neither 'day' nor an int or double signal", at: band.location,
                          hint: index[band.of] != nil ? "a band needs a number: write of: day, or the name of an int or double signal"
                              : Suggestions.didYouMean(band.of, in: ["day"] + sources.catalog.signals.map(\.name)) ?? "write of: day, or the name of a numeric signal",
                          code: .rulesBenchmarks)
            }
        }
        return (slots, index)
    }

    /// The signals `programs` read (directly or through definitions, whose signals
    /// `definitions` gives) outside a guard of their own `has()`: the ones whose absence
    /// skips a rule.
    static func signals(of programs: [Program], index: [String: Int], definitions: [String: [Int]]) -> Set<Int> {
        var out = Set<Int>()
        for p in programs {
            for name in p.requiredRead {
                if let i = index[name] { out.insert(i) }
                if let s = definitions[name] { out.formUnion(s) }
            }
        }
        return out
    }
}
