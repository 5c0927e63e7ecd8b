// RuleSet.swift — a loaded, checked and compiled rule set: immutable and Sendable.

import CoachExpr
import CoachSource

/// The engine's version, compared with a manifest's `requires`.
package enum CoachVersion {
    /// This engine's version.
    package static let current = "0.1.0"
}

/// A rule set after loading: every expression type-checked and compiled, every reference
/// resolved. Immutable and `Sendable`: load once, evaluate from any number of threads.
///
/// Load one with ``load(rules:playbooks:)`` or ``load(texts:)``; evaluate it with
/// ``evaluate(_:)`` or an ``Evaluator``, explain a rule with ``explain(_:rule:)``.
public final class RuleSet: Sendable {
    /// The manifest.
    package let manifest: Manifest
    /// The signal catalog.
    package let catalog: SignalCatalog
    /// The rules, in file order.
    package let rules: [CompiledRule]
    /// The named definitions, in dependency order.
    package let definitions: [CompiledDefinition]
    /// The playbooks, in file order.
    package let playbooks: [CompiledPlaybook]
    /// Every checklist item of every playbook, in phase order then file order.
    package let items: [CompiledItem]
    /// The learning resources by id.
    package let resources: [String: Resource]
    /// A stable hash of the rule set's files and the engine version.
    public let fingerprint: String
    /// Warnings found while loading (the rule set works, but something looks wrong).
    public let warnings: [Diagnostic]
    /// The declarations every expression was compiled against.
    package let environment: Environment
    /// Where the engine's own values and each signal live in an activation.
    package let slots: Slots
    /// Name tables for reading snapshots.
    package let inputSchema: InputSchema
    /// The files it was compiled from: what ``replica()`` compiles again.
    let files: RuleSetFiles
    /// Each rule's index by id (rule ids are unique).
    private let indexByID: [String: Int]

    /// Whether any expression asks for the seller's delivery history (`shown_count`,
    /// `days_since_shown`): an evaluation then builds it for the activation.
    package let usesHistory: Bool
    /// The slots of the definitions an evaluation counts rather than lists
    /// (``CountedDefinitions``).
    package let countedDefinitions: Set<Int>
    /// What the engine works out from the rule set once for all its evaluators (its
    /// evaluation plan), made by the first evaluator and kept here with the rule set: an
    /// evaluator made for one evaluation (``evaluate(_:)``, explain) then costs no more than
    /// its own working state.
    package let derived = Locked<AnyObject?>(nil)

    /// The signals the rule set's texts write as a percentage (`percent(cogs_share)`): the
    /// preview and explain write their values and thresholds so too, as the tips do, whatever
    /// the signal's range (a ratio of 0 to 1 is one anyway). Worked out on first use.
    package var signalsWrittenAsPercent: Set<String> {
        percentSignals.withLock { kept in
            if let kept { return kept }
            var names: Set<String> = []
            for program in programs {
                for node in program.parsed?.root.allNodes ?? [] {
                    guard case .call(nil, "percent", let args) = node.kind, let first = args.first,
                          case .ident(let name, _) = first.kind, catalog.index(of: name) != nil else { continue }
                    names.insert(name)
                }
            }
            kept = names
            return names
        }
    }
    private let percentSignals = Locked<Set<String>?>(nil)

    /// The definitions whose value depends on the seller: those reading a signal, the day,
    /// the phase, the seller or such a definition (`revenue_target`, from params and the
    /// category's benchmark row, does not). Explain takes the others as thresholds. Worked
    /// out on first use.
    package var sellerDefinitions: Set<String> {
        sellerDefinitionNames.withLock { kept in
            if let kept { return kept }
            var varying = Set(catalog.signals.map(\.name) + ["day", "phase", "seller"])
            let reads = definitions.map { d in
                Set((d.program.parsed?.root.allNodes ?? []).compactMap { node -> String? in
                    if case .ident(let name, _) = node.kind { return name }
                    return nil
                })
            }
            var found: Set<String> = []
            var changed = true
            while changed {  // at most one pass a definition: each pass adds one or stops
                changed = false
                for (k, d) in definitions.enumerated() where !found.contains(d.name) && !reads[k].isDisjoint(with: varying) {
                    found.insert(d.name)
                    varying.insert(d.name)
                    changed = true
                }
            }
            kept = found
            return found
        }
    }
    private let sellerDefinitionNames = Locked<Set<String>?>(nil)

    init(manifest: Manifest, catalog: SignalCatalog, rules: [CompiledRule], definitions: [CompiledDefinition],
         playbooks: [CompiledPlaybook], items: [CompiledItem], resources: [String: Resource], fingerprint: String,
         warnings: [Diagnostic], environment: Environment, slots: Slots, files: RuleSetFiles, usesHistory: Bool,
         countedDefinitions: Set<Int>) {
        self.files = files
        self.manifest = manifest
        self.catalog = catalog
        self.rules = rules
        self.definitions = definitions
        self.playbooks = playbooks
        self.items = items
        self.resources = resources
        self.fingerprint = fingerprint
        self.warnings = warnings
        self.environment = environment
        self.slots = slots
        self.inputSchema = InputSchema(catalog: catalog, environment: environment)
        self.usesHistory = usesHistory
        self.countedDefinitions = countedDefinitions
        self.indexByID = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every compiled program of the rule set (``RuleSetPrograms/all(rules:definitions:items:playbooks:)``),
    /// for checks that must see all of them.
    package var programs: [Program] {
        RuleSetPrograms.all(rules: rules, definitions: definitions, items: items, playbooks: playbooks)
    }

    /// The rule with id `id`.
    package func rule(_ id: String) -> CompiledRule? { ruleIndex(id).map { rules[$0] } }

    /// The index in ``rules`` of the rule with id `id`.
    package func ruleIndex(_ id: String) -> Int? { indexByID[id] }

    /// The same rule set compiled again from the same files: equal in every result, sharing
    /// no object with this one. Threads that evaluate many sellers each use their own, so
    /// they do not contend for the reference counts of shared compiled objects (about 15% of
    /// the CPU time of two threads on one shared rule set). Nil if the files no longer compile
    /// to the same fingerprint (they cannot, short of a change to the engine between calls).
    public func replica() -> RuleSet? {
        guard let copy = try? RuleSetLoader.load(files), copy.fingerprint == fingerprint else { return nil }
        return copy
    }
}

/// The files a rule set was compiled from, as read: paths as given, texts, and which are
/// rule files (the rest are playbooks).
struct RuleSetFiles: Sendable {
    struct File: Sendable {
        var path: String
        var text: String
        var isRuleFile: Bool
    }

    /// The rules folder as given (`Rules`, `bench/Rules`): where the manifest is looked for.
    var rulesFolder: String
    var files: [File]
}

/// Activation slots of the engine-provided names and of the signals.
package struct Slots: Sendable {
    /// `day`.
    package let day: Int
    /// `phase`.
    package let phase: Int
    /// `seller`.
    package let seller: Int
    /// `params`.
    package let params: Int
    /// `benchmark`.
    package let benchmark: Int
    /// One per catalog signal, by catalog index.
    package let signals: [Int]
    /// The object type of `seller`.
    package let sellerType: ObjectType
    /// The object type of `benchmark`.
    package let benchmarkType: ObjectType
    /// The value of `params` (the same for every seller).
    package let paramsValue: Value
}

/// A compiled `when` tree.
package indirect enum Condition: Sendable {
    /// One expression.
    case leaf(Leaf)
    /// Every member holds.
    case all([Condition])
    /// At least one member holds.
    case any([Condition])
    /// The member does not hold.
    case not(Condition)

    /// Every leaf, in order.
    package var leaves: [Leaf] {
        switch self {
        case .leaf(let l): return [l]
        case .all(let cs), .any(let cs): return cs.flatMap(\.leaves)
        case .not(let c): return c.leaves
        }
    }
}

/// One condition expression of a `when` tree.
package struct Leaf: Sendable {
    /// The compiled expression.
    package let program: Program
    /// Where it is written.
    package let location: SourceLocation
    /// Where each character of it is, for tools that point inside it.
    package let origin: TextOrigin
}

/// A compiled rule. A class, so that the engine's passes over the rules share one copy.
package final class CompiledRule: Sendable {
    /// Its id.
    package let id: String
    /// Its area.
    package let area: String
    /// 0–100; higher is shown first.
    package let priority: Int
    /// Its exclusive group, if any.
    package let group: String?
    /// Days it stays quiet after being delivered.
    package let cooldownDays: Int?
    /// Areas it holds back while it fires.
    package let inhibitsAreas: [String]
    /// Rules (by index) it holds back while it fires.
    package let inhibitsRules: [Int]
    /// When it fires.
    package let condition: Condition
    /// The tip it shows.
    package let tip: CompiledTip?
    /// The escalation it raises.
    package let escalation: CompiledEscalation?
    /// Checklist items (by index in ``RuleSet/items``) it adds.
    package let checklist: [Int]
    /// Catalog indexes of every signal it reads, directly or through definitions.
    package let signalsRead: [Int]
    /// Where it is written.
    package let location: SourceLocation
    /// Lint warnings deliberately silenced for this rule (`lint_allow`).
    package let lintAllow: [DiagnosticCode]
    /// Whether its tip is shown whenever its condition holds (`must_show: true`): no limit,
    /// group or inhibition holds it back; only its cooldown does.
    package let mustShow: Bool
    /// The priority for each seller, when it depends on the seller (an int expression);
    /// ``priority`` is then only the default.
    package let priorityProgram: Program?
    /// The texts written instead when a value only the texts read is missing.
    package let texts: RuleTextFallbacks
    /// Days a dismissed tip of this rule is held back (its own `dismissal`, its area's, or
    /// the manifest's default).
    package let dismissalDays: Int

    init(id: String, area: String, priority: Int, group: String?, cooldownDays: Int?, inhibitsAreas: [String],
         inhibitsRules: [Int], condition: Condition, tip: CompiledTip?, escalation: CompiledEscalation?, checklist: [Int],
         signalsRead: [Int], location: SourceLocation, lintAllow: [DiagnosticCode], mustShow: Bool = false,
         priorityProgram: Program? = nil, dismissalDays: Int = 30, texts: RuleTextFallbacks = RuleTextFallbacks()) {
        self.dismissalDays = dismissalDays
        self.texts = texts
        self.lintAllow = lintAllow
        self.mustShow = mustShow
        self.priorityProgram = priorityProgram
        self.id = id
        self.area = area
        self.priority = priority
        self.group = group
        self.cooldownDays = cooldownDays
        self.inhibitsAreas = inhibitsAreas
        self.inhibitsRules = inhibitsRules
        self.condition = condition
        self.tip = tip
        self.escalation = escalation
        self.checklist = checklist
        self.signalsRead = signalsRead
        self.location = location
    }
}

/// What a rule writes when a value only its texts read is missing: the signals whose absence
/// calls for it, and the tip and escalation with their `fallback` texts in place.
package struct RuleTextFallbacks: Sendable {
    /// Catalog indexes of the signals the tip's texts read and the condition does not: when
    /// one is missing, the tip's fallback is written.
    package var tipSignals: [Int] = []
    /// The same for the escalation's texts.
    package var escalationSignals: [Int] = []
    /// The tip to write when one of ``tipSignals`` is missing.
    package var tip: CompiledTip?
    /// The escalation to write when one of ``escalationSignals`` is missing.
    package var escalation: CompiledEscalation?

    /// No fallback.
    package init() {}
}

/// A compiled tip.
package struct CompiledTip: Sendable {
    /// The title template.
    package let title: Template
    /// The body template.
    package let body: Template
    /// The action templates.
    package let actions: [Template]
    /// Resource ids.
    package let learn: [String]
    /// Its texts: title, body, actions.
    package var templates: [Template] { [title, body] + actions }
}

/// A compiled escalation.
package struct CompiledEscalation: Sendable {
    /// The route.
    package let to: String
    /// How urgent it is.
    package let severity: EscalationSeverity
    /// The reason template.
    package let reason: Template
    /// A second route told of it.
    package let also: String?
    /// What the seller is told, when anything.
    package let notice: Template?
    /// What the mentor could raise with the seller.
    package let talkingPoints: [Template]

    /// Every template of the escalation: the reason, the notice, the talking points.
    package var templates: [Template] { [reason] + (notice.map { [$0] } ?? []) + talkingPoints }
}

/// A compiled named definition.
package struct CompiledDefinition: Sendable {
    /// Its name.
    package let name: String
    /// Its activation slot.
    package let slot: Int
    /// Its compiled expression.
    package let program: Program
    /// Where each character of its expression is.
    package let origin: TextOrigin
    /// Catalog indexes of every signal it reads, directly or through other definitions.
    package let signalsRead: [Int]
    /// Where it is declared.
    package let location: SourceLocation
}

/// A compiled playbook.
package struct CompiledPlaybook: Sendable {
    /// Its id.
    package let id: String
    /// Its title.
    package let title: String
    /// Which sellers get it (`nil`: everyone).
    package let appliesWhen: Program?
    /// Catalog indexes of the signals `appliesWhen` reads.
    package let signalsRead: [Int]
}

/// A compiled checklist item.
package final class CompiledItem: Sendable {
    /// Its id.
    package let id: String
    /// Index in ``RuleSet/playbooks``.
    package let playbook: Int
    /// Index in the manifest's phases.
    package let phase: Int
    /// The title template.
    package let title: Template
    /// When it is done.
    package let doneWhen: Program
    /// Which sellers get it (`nil`: everyone).
    package let appliesWhen: Program?
    /// How far along it is, 0…1.
    package let progress: Program?
    /// Resource ids.
    package let learn: [String]
    /// Whether only rules add it.
    package let onDemand: Bool
    /// A standard that must keep holding (`standard: true`): done only while `done_when`
    /// holds. Any other item, once done, stays done (the host sends it back as `done`).
    package let standard: Bool
    /// Catalog indexes of every signal its expressions read.
    package let signalsRead: [Int]
    /// Where it is written.
    package let location: SourceLocation

    init(id: String, playbook: Int, phase: Int, title: Template, doneWhen: Program, appliesWhen: Program?, progress: Program?,
         learn: [String], onDemand: Bool, standard: Bool = false, signalsRead: [Int], location: SourceLocation) {
        self.id = id
        self.standard = standard
        self.playbook = playbook
        self.phase = phase
        self.title = title
        self.doneWhen = doneWhen
        self.appliesWhen = appliesWhen
        self.progress = progress
        self.learn = learn
        self.onDemand = onDemand
        self.signalsRead = signalsRead
        self.location = location
    }
}

/// What the snapshot reader needs to find signals and fields by name quickly.
package struct InputSchema: Sendable {
    /// Catalog signal names.
    package let signals: NameTable
    /// For each catalog signal whose elements are objects: the field names and object type.
    package let objectFields: [NameTable?]
    /// The object type of each such signal's elements.
    package let objectTypes: [ObjectType?]
    /// How to read each signal.
    package let plans: [SignalReadPlan]
    /// The signals' names and plain readings laid out for reading a snapshot's signals.
    package let signalLayout: PlainFields

    init(catalog: SignalCatalog, environment: Environment) {
        signals = NameTable(catalog.signals.map(\.name))
        plans = catalog.signals.map(SignalReadPlan.init)
        signalLayout = PlainFields(names: catalog.signals.map(\.name), kinds: plans.map { plan -> SignalReadPlan.Scalar? in
            switch plan.shape {
            case .scalar(let kind), .list(let kind): return kind
            case .objects: return nil
            }
        }, ranges: plans.map(\.range), optional: plans.map { _ in false }, lists: plans.map { plan in
            if case .list = plan.shape { return true }
            return false
        })
        var fields: [NameTable?] = []
        var types: [ObjectType?] = []
        for s in catalog.signals {
            // The very object type the expressions were compiled against, so that reading a
            // field is an identity check and an index, not a comparison of names.
            if case .list(.object(let fs)) = s.type, case .list(.object(let t)) = environment.variable(s.name)?.type ?? s.celType {
                fields.append(NameTable(fs.map(\.name)))
                types.append(t)
            } else {
                fields.append(nil)
                types.append(nil)
            }
        }
        objectFields = fields
        objectTypes = types
    }
}

extension RuleSet {
    /// Loads, checks and compiles the rule set in the directory `rules` with the playbooks
    /// in `playbooks`.
    ///
    /// - Throws: every problem in every file, each with its file, line and column; a rule
    ///   set loads completely or not at all.
    public static func load(rules: String = "Rules", playbooks: String = "Playbooks") throws(DiagnosticError) -> RuleSet {
        try RuleSetLoader.load(rules: rules, playbooks: playbooks)
    }

    /// Loads, checks and compiles a rule set from texts held in memory: each file's name
    /// (`Rules/ruleset.yaml`, `Rules/signals.yaml`, `Playbooks/…`; the folder says what it
    /// is) and its YAML text.
    ///
    /// - Throws: every problem in every file, as ``load(rules:playbooks:)``.
    public static func load(texts files: [(name: String, text: String)]) throws(DiagnosticError) -> RuleSet {
        try RuleSetLoader.load(texts: files)
    }

    /// The program's name, from its manifest.
    public var name: String { manifest.name }

    /// The program's content version, from its manifest.
    public var version: String { manifest.version }
}

/// How the snapshot reader reads one signal: its shape and scalar kind, its range, whether
/// it is required, and for a list of objects each field's kind and range. A class, so that
/// the reader consults it with one reference count, not one per array it holds.
package final class SignalReadPlan: Sendable {
    /// A scalar kind.
    package enum Scalar: UInt8, Sendable {
        case int, double, bool, string
    }

    /// What the signal holds.
    package enum Shape: Sendable, Equatable {
        /// One scalar.
        case scalar(Scalar)
        /// A list of scalars.
        case list(Scalar)
        /// A list of objects (fields in ``fieldKinds``).
        case objects
    }

    /// The shape.
    package let shape: Shape
    /// The signal's range (for lists: each element's).
    package let range: ValueRange?
    /// Whether the catalog says `absent: required`.
    package let required: Bool
    /// For a list of objects: each field's name, kind and range, in declared order.
    package let fieldNames: [String]
    package let fieldKinds: [Scalar]
    package let fieldRanges: [ValueRange?]
    /// For a list of objects: whether each field may be left out (`absent: optional`).
    package let fieldOptional: [Bool]
    /// For a list of objects: the same fields laid out for reading a plain object in one pass.
    package let plainFields: PlainFields?

    init(_ signal: Signal) {
        func scalar(_ t: SignalType) -> Scalar {
            switch t {
            case .int: return .int
            case .double: return .double
            case .bool: return .bool
            default: return .string
            }
        }
        switch signal.type {
        case .list(.object(let fields)):
            shape = .objects
            fieldNames = fields.map(\.name)
            fieldKinds = fields.map { scalar($0.type) }
            fieldRanges = fields.map(\.range)
            fieldOptional = fields.map(\.optional)
            plainFields = PlainFields(names: fieldNames, kinds: fieldKinds, ranges: fieldRanges, optional: fieldOptional)
        case .list(let element):
            shape = .list(scalar(element))
            fieldNames = []; fieldKinds = []; fieldRanges = []; fieldOptional = []; plainFields = nil
        default:
            shape = .scalar(scalar(signal.type))
            fieldNames = []; fieldKinds = []; fieldRanges = []; fieldOptional = []; plainFields = nil
        }
        range = signal.range
        if case .required = signal.absence { required = true } else { required = false }
    }
}
