// DiagnosticCode.swift — every kind of problem coach reports, as a typed constant: the one
// list of codes. docs/diagnostics.md explains each (a test holds the two to each other), and
// a diagnostic's stable text code (`yaml.duplicate-key`) is its raw value.

/// The kind of a diagnostic. Its raw value is the stable code scripts and `lint_allow` name.
package enum DiagnosticCode: String, CaseIterable, Sendable, Hashable {
    // MARK: Reading YAML (`yaml.`, `io.`)
    case ioDirectory = "io.directory"
    case ioNotFound = "io.not-found"
    case ioUnreadable = "io.unreadable"
    case yamlBadMerge = "yaml.bad-merge"
    case yamlDuplicateKey = "yaml.duplicate-key"
    case yamlFileTooLarge = "yaml.file-too-large"
    case yamlFloatRange = "yaml.float-range"
    case yamlIntegerRange = "yaml.integer-range"
    case yamlInvalidUtf8 = "yaml.invalid-utf8"
    case yamlJsonKeyClash = "yaml.json-key-clash"
    case yamlMemory = "yaml.memory"
    case yamlNonSpecificTag = "yaml.non-specific-tag"
    case yamlReader = "yaml.reader"
    case yamlRecursiveAlias = "yaml.recursive-alias"
    case yamlSyntax = "yaml.syntax"
    case yamlTagMismatch = "yaml.tag-mismatch"
    case yamlTooDeep = "yaml.too-deep"
    case yamlTooManyDocuments = "yaml.too-many-documents"
    case yamlTooManyItems = "yaml.too-many-items"
    case yamlTooManyNodes = "yaml.too-many-nodes"
    case yamlTooMuchAliasedText = "yaml.too-much-aliased-text"
    case yamlTextCutByComment = "yaml.text-cut-by-comment"
    case yamlUnknownAnchor = "yaml.unknown-anchor"
    case yamlUnknownTag = "yaml.unknown-tag"

    // MARK: Loading a rule set (`rules.`, `template.`)
    case rulesBenchmarks = "rules.benchmarks"
    case rulesCondition = "rules.condition"
    case rulesCurrency = "rules.currency"
    case rulesDefinitionCycle = "rules.definition-cycle"
    case rulesDefinitionDepth = "rules.definition-depth"
    case rulesDismissal = "rules.dismissal"
    case rulesDocuments = "rules.documents"
    case rulesDuplicateId = "rules.duplicate-id"
    case rulesDuplicateKey = "rules.duplicate-key"
    case rulesDuration = "rules.duration"
    case rulesEmptyFile = "rules.empty-file"
    case rulesEngineVersion = "rules.engine-version"
    case rulesFallback = "rules.fallback"
    case rulesFileName = "rules.file-name"
    case rulesHistoryId = "rules.history-id"
    case rulesInhibits = "rules.inhibits"
    case rulesItemNotOnDemand = "rules.item-not-on-demand"
    case rulesLintCode = "rules.lint-code"
    case rulesMissingKey = "rules.missing-key"
    case rulesMustShow = "rules.must-show"
    case rulesName = "rules.name"
    case rulesNoCatalog = "rules.no-catalog"
    case rulesNoDirectory = "rules.no-directory"
    case rulesNoManifest = "rules.no-manifest"
    case rulesNotBool = "rules.not-bool"
    case rulesNotChecked = "rules.not-checked"
    case rulesNotNumber = "rules.not-number"
    case rulesPhaseOrder = "rules.phase-order"
    case rulesRange = "rules.range"
    case rulesSeverity = "rules.severity"
    case rulesSignalType = "rules.signal-type"
    case rulesTextNeedsFallback = "rules.text-needs-fallback"
    case rulesTooDeep = "rules.too-deep"
    case rulesTooLarge = "rules.too-large"
    case rulesTooMany = "rules.too-many"
    case rulesType = "rules.type"
    case rulesUnknownArea = "rules.unknown-area"
    case rulesUnknownItem = "rules.unknown-item"
    case rulesUnknownKey = "rules.unknown-key"
    case rulesUnknownPhase = "rules.unknown-phase"
    case rulesUnknownReference = "rules.unknown-reference"
    case rulesUnknownResource = "rules.unknown-resource"
    case rulesUnknownRoute = "rules.unknown-route"
    case rulesUrl = "rules.url"
    case rulesVersionNumber = "rules.version-number"
    case templateEmpty = "template.empty"
    case templatePlural = "template.plural"
    case templateType = "template.type"
    case templateUnclosed = "template.unclosed"

    // MARK: Expressions (`expr.`, in `coach expr` and inside rule-set errors)
    case exprBadArgument = "expr.bad-argument"
    case exprBadKey = "expr.bad-key"
    case exprBadRange = "expr.bad-range"
    case exprCheck = "expr.check"
    case exprEval = "expr.eval"
    case exprMixedBranches = "expr.mixed-branches"
    case exprNoField = "expr.no-field"
    case exprNoOverload = "expr.no-overload"
    case exprOptionalField = "expr.optional-field"
    case exprParse = "expr.parse"
    case exprTypeMismatch = "expr.type-mismatch"
    case exprUnknownFunction = "expr.unknown-function"
    case exprUnknownName = "expr.unknown-name"
    case exprVars = "expr.vars"

    // MARK: Snapshots and evaluation (`snapshot.`, `json.`, `rule.`, `item.`, `benchmark.`, `diff.`)
    case benchmarkNoRow = "benchmark.no-row"
    case benchmarkUnknownBand = "benchmark.unknown-band"
    case diffUnmatched = "diff.unmatched"
    case itemError = "item.error"
    case itemSkipped = "item.skipped"
    case itemTemplate = "item.template"
    case jsonDuplicateKey = "json.duplicate-key"
    case jsonRange = "json.range"
    case jsonSyntax = "json.syntax"
    case ruleError = "rule.error"
    case ruleMustShow = "rule.must-show"
    case ruleSkipped = "rule.skipped"
    case ruleTemplate = "rule.template"
    case snapshotAsOf = "snapshot.as-of"
    case snapshotDate = "snapshot.date"
    case snapshotDelivered = "snapshot.delivered"
    case snapshotDocuments = "snapshot.documents"
    case snapshotDuplicateKey = "snapshot.duplicate-key"
    case snapshotEmpty = "snapshot.empty"
    case snapshotFutureDelivery = "snapshot.future-delivery"
    case snapshotInvalidSignal = "snapshot.invalid-signal"
    case snapshotJson = "snapshot.json"
    case snapshotMissingSignal = "snapshot.missing-signal"
    case snapshotMore = "snapshot.more"
    case snapshotNoSignals = "snapshot.no-signals"
    case snapshotSeller = "snapshot.seller"
    case snapshotShape = "snapshot.shape"
    case snapshotState = "snapshot.state"
    case snapshotTooLarge = "snapshot.too-large"
    case snapshotUnknownDelivery = "snapshot.unknown-delivery"
    case snapshotUnknownField = "snapshot.unknown-field"
    case snapshotUnknownID = "snapshot.unknown-id"
    case snapshotUnknownKey = "snapshot.unknown-key"
    case snapshotUnknownSignal = "snapshot.unknown-signal"

    // MARK: Linting and rule tests (`coach lint` codes, `test.`)
    case lintAlwaysTrue = "always-true"
    case lintEscalationWithoutCooldown = "escalation-without-cooldown"
    case lintIntDivision = "int-division"
    case lintMutualInhibition = "mutual-inhibition"
    case lintNeverTrue = "never-true"
    case lintOutranked = "outranked"
    case testContradiction = "test.contradiction"
    case testDocuments = "test.documents"
    case testDuplicateName = "test.duplicate-name"
    case testEmpty = "test.empty"
    case testNotATip = "test.not-a-tip"
    case testNotAnEscalation = "test.not-an-escalation"
    case testPhase = "test.phase"
    case testReason = "test.reason"
    case testSnapshot = "test.snapshot"
    case testStatus = "test.status"
    case testType = "test.type"
    case testUnknownItem = "test.unknown-item"
    case testUnknownRule = "test.unknown-rule"
    case testUnknownSignal = "test.unknown-signal"
    case lintTextTooLong = "text-too-long"
    case lintTipWithoutAction = "tip-without-action"
    case lintTipWithoutLearn = "tip-without-learn"
    case lintUnusedParam = "unused-param"
    case lintUnusedResource = "unused-resource"
    case lintUnusedSignal = "unused-signal"

    // MARK: The command line (`cli.`, `test.`, `diff.`)
    case cliUnknownRule = "cli.unknown-rule"
    case diffNothingCompared = "diff.nothing-compared"
    case diffSaved = "diff.saved"
    case testNone = "test.none"
    case testNotATestFile = "test.not-a-test-file"
    case testNotFound = "test.not-found"

    // MARK: The C ABI (`abi.`)
    case abiArgument = "abi.argument"
}

extension DiagnosticCode {
    /// The warnings of `coach lint`, in the order its help lists them; a rule's `lint_allow`
    /// names them by raw value.
    package static let lintWarnings: [DiagnosticCode] = [
        .lintNeverTrue, .lintAlwaysTrue, .lintOutranked, .lintIntDivision, .lintUnusedSignal, .lintUnusedParam,
        .lintUnusedResource, .lintTipWithoutAction, .lintTipWithoutLearn, .lintTextTooLong, .lintMutualInhibition,
        .lintEscalationWithoutCooldown,
    ]

    /// Warnings loading gives about one rule (not `coach lint`'s own): its `lint_allow` may
    /// name them too, so that `coach lint --strict`, which fails on any warning, can be kept
    /// quiet where the rule means what it says.
    package static let ruleLoadWarnings: [DiagnosticCode] = [.exprMixedBranches, .exprOptionalField, .rulesFallback]

    /// Whether this lint warning is about a catalog entry, param or resource rather than a
    /// rule, so that no rule's `lint_allow` can silence it.
    package var isCatalogWide: Bool { self == .lintUnusedSignal || self == .lintUnusedParam || self == .lintUnusedResource }
}
