// RuleSet.swift — a loaded, checked and compiled rule set: immutable and Sendable.

import CoachExpr
import CoachSource

/// The engine's version, compared with a manifest's `requires`.
public enum CoachVersion {
    /// This engine's version.
    public static let current = "0.1.0"
}

/// A rule set after loading: every expression type-checked and compiled, every reference
/// resolved. Immutable and `Sendable`: load once, evaluate from any number of threads.
///
/// Load one with ``RuleSetLoader/load(rules:playbooks:)``; evaluate with the engine
/// (`CoachEngine`).
public final class RuleSet: Sendable {
    /// The manifest.
    public let manifest: Manifest
    /// The signal catalog.
    public let catalog: SignalCatalog
    /// The rules, in file order.
    public let rules: [CompiledRule]
    /// The named definitions, in dependency order.
    public let definitions: [CompiledDefinition]
    /// The playbooks, in file order.
    public let playbooks: [CompiledPlaybook]
    /// Every checklist item of every playbook, in phase order then file order.
    public let items: [CompiledItem]
    /// The learning resources by id.
    public let resources: [String: Resource]
    /// A stable hash of the rule set's files and the engine version.
    public let fingerprint: String
    /// Warnings found while loading (the rule set works, but something looks wrong).
    public let warnings: [Diagnostic]
    /// The declarations every expression was compiled against.
    public let environment: Environment
    /// Where the engine's own values and each signal live in an activation.
    public let slots: Slots
    /// Name tables for reading snapshots.
    public let inputSchema: InputSchema
    /// The files it was compiled from: what ``replica()`` compiles again.
    let files: RuleSetFiles
    /// Each rule's index by id (rule ids are unique).
    private let indexByID: [String: Int]

    /// Whether any expression asks for the seller's delivery history (`shown_count`,
    /// `days_since_shown`): an evaluation then builds it for the activation.
    package let usesHistory: Bool

    init(manifest: Manifest, catalog: SignalCatalog, rules: [CompiledRule], definitions: [CompiledDefinition],
         playbooks: [CompiledPlaybook], items: [CompiledItem], resources: [String: Resource], fingerprint: String,
         warnings: [Diagnostic], environment: Environment, slots: Slots, files: RuleSetFiles, usesHistory: Bool) {
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
        self.indexByID = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The rule with id `id`.
    public func rule(_ id: String) -> CompiledRule? { ruleIndex(id).map { rules[$0] } }

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
public struct Slots: Sendable {
    /// `day`.
    public let day: Int
    /// `phase`.
    public let phase: Int
    /// `seller`.
    public let seller: Int
    /// `params`.
    public let params: Int
    /// `benchmark`.
    public let benchmark: Int
    /// One per catalog signal, by catalog index.
    public let signals: [Int]
    /// The object type of `seller`.
    public let sellerType: ObjectType
    /// The object type of `benchmark`.
    public let benchmarkType: ObjectType
    /// The value of `params` (the same for every seller).
    public let paramsValue: Value
}

/// A compiled `when` tree.
public indirect enum Condition: Sendable {
    /// One expression.
    case leaf(Leaf)
    /// Every member holds.
    case all([Condition])
    /// At least one member holds.
    case any([Condition])
    /// The member does not hold.
    case not(Condition)

    /// Every leaf, in order.
    public var leaves: [Leaf] {
        switch self {
        case .leaf(let l): return [l]
        case .all(let cs), .any(let cs): return cs.flatMap(\.leaves)
        case .not(let c): return c.leaves
        }
    }
}

/// One condition expression of a `when` tree.
public struct Leaf: Sendable {
    /// The compiled expression.
    public let program: Program
    /// Where it is written.
    public let location: SourceLocation
    /// Where each character of it is, for tools that point inside it.
    public let origin: TextOrigin
}

/// A compiled rule. A class, so that the engine's passes over the rules share one copy.
public final class CompiledRule: Sendable {
    /// Its id.
    public let id: String
    /// Its area.
    public let area: String
    /// 0–100; higher is shown first.
    public let priority: Int
    /// Its exclusive group, if any.
    public let group: String?
    /// Days it stays quiet after being delivered.
    public let cooldownDays: Int?
    /// Areas it holds back while it fires.
    public let inhibitsAreas: [String]
    /// Rules (by index) it holds back while it fires.
    public let inhibitsRules: [Int]
    /// When it fires.
    public let condition: Condition
    /// The tip it shows.
    public let tip: CompiledTip?
    /// The escalation it raises.
    public let escalation: CompiledEscalation?
    /// Checklist items (by index in ``RuleSet/items``) it adds.
    public let checklist: [Int]
    /// Catalog indexes of every signal it reads, directly or through definitions.
    public let signalsRead: [Int]
    /// Where it is written.
    public let location: SourceLocation
    /// Lint warnings deliberately silenced for this rule (`lint_allow`).
    public let lintAllow: [String]
    /// Whether its tip is shown whenever its condition holds (`must_show: true`): no limit,
    /// group or inhibition holds it back; only its cooldown does.
    public let mustShow: Bool
    /// The priority for each seller, when it depends on the seller (an int expression);
    /// ``priority`` is then only the default.
    public let priorityProgram: Program?
    /// The texts written instead when a value only the texts read is missing.
    public let texts: RuleTextFallbacks
    /// Days a dismissed tip of this rule is held back (its own `dismissal`, its area's, or
    /// the manifest's default).
    public let dismissalDays: Int

    init(id: String, area: String, priority: Int, group: String?, cooldownDays: Int?, inhibitsAreas: [String],
         inhibitsRules: [Int], condition: Condition, tip: CompiledTip?, escalation: CompiledEscalation?, checklist: [Int],
         signalsRead: [Int], location: SourceLocation, lintAllow: [String], mustShow: Bool = false,
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
public struct RuleTextFallbacks: Sendable {
    /// Catalog indexes of the signals the tip's texts read and the condition does not: when
    /// one is missing, the tip's fallback is written.
    public var tipSignals: [Int] = []
    /// The same for the escalation's texts.
    public var escalationSignals: [Int] = []
    /// The tip to write when one of ``tipSignals`` is missing.
    public var tip: CompiledTip?
    /// The escalation to write when one of ``escalationSignals`` is missing.
    public var escalation: CompiledEscalation?

    /// No fallback.
    public init() {}
}

/// A compiled tip.
public struct CompiledTip: Sendable {
    /// The title template.
    public let title: Template
    /// The body template.
    public let body: Template
    /// The action templates.
    public let actions: [Template]
    /// Resource ids.
    public let learn: [String]
}

/// A compiled escalation.
public struct CompiledEscalation: Sendable {
    /// The route.
    public let to: String
    /// How urgent it is.
    public let severity: Severity
    /// The reason template.
    public let reason: Template
    /// A second route told of it.
    public let also: String?
    /// What the seller is told, when anything.
    public let notice: Template?
    /// What the mentor could raise with the seller.
    public let talkingPoints: [Template]

    /// Every template of the escalation: the reason, the notice, the talking points.
    public var templates: [Template] { [reason] + (notice.map { [$0] } ?? []) + talkingPoints }
}

/// A compiled named definition.
public struct CompiledDefinition: Sendable {
    /// Its name.
    public let name: String
    /// Its activation slot.
    public let slot: Int
    /// Its compiled expression.
    public let program: Program
    /// Where each character of its expression is.
    public let origin: TextOrigin
    /// Catalog indexes of every signal it reads, directly or through other definitions.
    public let signalsRead: [Int]
    /// Where it is declared.
    public let location: SourceLocation
}

/// A compiled playbook.
public struct CompiledPlaybook: Sendable {
    /// Its id.
    public let id: String
    /// Its title.
    public let title: String
    /// Which sellers get it (`nil`: everyone).
    public let appliesWhen: Program?
    /// Catalog indexes of the signals `appliesWhen` reads.
    public let signalsRead: [Int]
}

/// A compiled checklist item.
public final class CompiledItem: Sendable {
    /// Its id.
    public let id: String
    /// Index in ``RuleSet/playbooks``.
    public let playbook: Int
    /// Index in the manifest's phases.
    public let phase: Int
    /// The title template.
    public let title: Template
    /// When it is done.
    public let doneWhen: Program
    /// Which sellers get it (`nil`: everyone).
    public let appliesWhen: Program?
    /// How far along it is, 0…1.
    public let progress: Program?
    /// Resource ids.
    public let learn: [String]
    /// Whether only rules add it.
    public let onDemand: Bool
    /// A standard that must keep holding (`standard: true`): done only while `done_when`
    /// holds. Any other item, once done, stays done (the host sends it back as `done`).
    public let standard: Bool
    /// Catalog indexes of every signal its expressions read.
    public let signalsRead: [Int]
    /// Where it is written.
    public let location: SourceLocation

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
public struct InputSchema: Sendable {
    /// Catalog signal names.
    public let signals: NameTable
    /// For each catalog signal whose elements are objects: the field names and object type.
    public let objectFields: [NameTable?]
    /// The object type of each such signal's elements.
    public let objectTypes: [ObjectType?]
    /// How to read each signal.
    public let plans: [SignalReadPlan]

    init(catalog: SignalCatalog, environment: Environment) {
        signals = NameTable(catalog.signals.map(\.name))
        plans = catalog.signals.map(SignalReadPlan.init)
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
}

/// How the snapshot reader reads one signal: its shape and scalar kind, its range, whether
/// it is required, and for a list of objects each field's kind and range. A class, so that
/// the reader consults it with one reference count, not one per array it holds.
public final class SignalReadPlan: Sendable {
    /// A scalar kind.
    public enum Scalar: UInt8, Sendable {
        case int, double, bool, string
    }

    /// What the signal holds.
    public enum Shape: Sendable, Equatable {
        /// One scalar.
        case scalar(Scalar)
        /// A list of scalars.
        case list(Scalar)
        /// A list of objects (fields in ``fieldKinds``).
        case objects
    }

    /// The shape.
    public let shape: Shape
    /// The signal's range (for lists: each element's).
    public let range: ValueRange?
    /// Whether the catalog says `absent: required`.
    public let required: Bool
    /// For a list of objects: each field's name, kind and range, in declared order.
    public let fieldNames: [String]
    public let fieldKinds: [Scalar]
    public let fieldRanges: [ValueRange?]
    /// For a list of objects: whether each field may be left out (`absent: optional`).
    public let fieldOptional: [Bool]

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
        case .list(let element):
            shape = .list(scalar(element))
            fieldNames = []; fieldKinds = []; fieldRanges = []; fieldOptional = []
        default:
            shape = .scalar(scalar(signal.type))
            fieldNames = []; fieldKinds = []; fieldRanges = []; fieldOptional = []
        }
        range = signal.range
        if case .required = signal.absence { required = true } else { required = false }
    }
}
