// TextFallbacks.swift — values a rule's texts read but its condition does not. Such a value
// never silences a rule whose condition holds: when the snapshot lacks it, the rule's
// `fallback` texts are written instead, and a rule that would need one and has none does
// not load.

import CoachExpr
import CoachSource

enum TextFallbacks {
    /// A signal a text reads that the condition does not prove present: the name written in
    /// the text (the signal's, or a definition's that reads it) and where.
    struct Read {
        let signal: Int
        let name: String
        let location: SourceLocation?
    }

    /// The signals `templates` read that a snapshot may lack (not `required` ones) and that
    /// neither `condition` (what it proves present when it holds) nor a `has()` guarding the
    /// read makes sure of; the first read of each, in the order written.
    static func textOnly(_ templates: [Template], condition: Set<Int>, _ context: RuleSetCompiler.Context,
                         _ catalog: SignalCatalog) -> [Read] {
        // The lookups taken out of the context, not the context itself, into the closure.
        let signalIndex = context.signalIndex, definitionSignals = context.definitionSignals
        let presence = ImpliedPresence(signalIndex: signalIndex, definitions: context.definitionPresence)
        let mayLack: (Int) -> Bool = { i in
            // A default stands in only for an absent key: a null or wrong value is missing still.
            if case .required = catalog.signals[i].absence { return false }
            return !condition.contains(i)
        }
        var out: [Int: Read] = [:]
        var reads: [ImpliedPresence.Read] = []
        for program in templates.flatMap(\.programs) {
            guard let root = program.parsed?.root else { continue }
            reads.removeAll(keepingCapacity: true)
            presence.unguardedReads(root, known: .init(), signals: { name in
                (signalIndex[name].map { [$0] } ?? definitionSignals[name] ?? []).filter(mayLack)
            }, into: &reads)
            for r in reads where out[r.signal] == nil {
                out[r.signal] = Read(signal: r.signal, name: r.name, location: program.location(of: r.node))
            }
        }
        // In the order written (the first read is where the error points), unplaced ones last.
        return out.values.sorted { a, b in
            switch (a.location, b.location) {
            case let (x?, y?): return (x.line, x.column, a.signal) < (y.line, y.column, b.signal)
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return a.signal < b.signal
            }
        }
    }

    /// The tip with its fallback's texts in place of the ones it gives.
    static func tip(_ original: CompiledTip, _ spec: FallbackSpec, _ env: Environment, _ bag: inout DiagnosticBag) -> CompiledTip? {
        let title = spec.texts["title"].map { Template.compile($0, environment: env, &bag) } ?? original.title
        let body = spec.texts["body"].map { Template.compile($0, environment: env, &bag) } ?? original.body
        let actions = spec.list.map { $0.compactMap { Template.compile($0, environment: env, &bag) } } ?? original.actions
        guard let title, let body, actions.count == (spec.list?.count ?? original.actions.count) else { return nil }
        return CompiledTip(title: title, body: body, actions: actions, learn: original.learn)
    }

    /// The escalation with its fallback's texts in place of the ones it gives.
    static func escalation(_ original: CompiledEscalation, _ spec: FallbackSpec, _ env: Environment,
                           _ bag: inout DiagnosticBag) -> CompiledEscalation? {
        let reason = spec.texts["reason"].map { Template.compile($0, environment: env, &bag) } ?? original.reason
        let notice = spec.texts["notice"].map { Template.compile($0, environment: env, &bag) } ?? original.notice
        let points = spec.list.map { $0.compactMap { Template.compile($0, environment: env, &bag) } } ?? original.talkingPoints
        guard let reason, points.count == (spec.list?.count ?? original.talkingPoints.count) else { return nil }
        return CompiledEscalation(to: original.to, severity: original.severity, reason: reason, also: original.also,
                                  notice: notice, talkingPoints: points)
    }

    /// Checks one part (tip or escalation) of rule `id`: texts that read what the condition
    /// does not need a fallback, and the fallback must not read it; a fallback nothing needs
    /// is said. Returns the fallback to use, if any.
    static func check<Part>(_ part: String, of id: String, at location: SourceLocation, reads textOnly: [Read],
                            fallback: Part?, fallbackReads: [Read], spec: FallbackSpec?, _ catalog: SignalCatalog,
                            _ bag: inout DiagnosticBag) -> Part? {
        func names(_ reads: [Read]) -> String {
            reads.map { r in
                let signal = catalog.signals[r.signal].name
                return r.name == signal ? "'\(signal)'" : "'\(signal)' (through '\(r.name)')"
            }.joined(separator: ", ")
        }
        guard let spec else {
            if let first = textOnly.first {
                let them = textOnly.count == 1 ? "it" : "them"
                bag.error("rule '\(id)': its \(part) reads \(names(textOnly)), which its condition does not make sure of; a seller without \(them) would get a rule that fires with no text",
                          at: first.location ?? location,
                          hint: "give the \(part) a 'fallback' with texts that do without \(them), write the text as has(x) ? … : …, or make sure of \(them) in 'when' (read \(them), or ask has())",
                          code: .rulesTextNeedsFallback)
            }
            return nil
        }
        if textOnly.isEmpty {
            bag.add(.warning("rule '\(id)': the \(part)'s 'fallback' is never used: its texts read nothing the condition does not",
                             at: spec.location, hint: "remove 'fallback'", code: .rulesFallback))
            return nil
        }
        // The fallback is written when a value is missing: it may read only what the condition
        // reads (or a required signal), or it could fail in its turn.
        if !fallbackReads.isEmpty {
            let still = fallbackReads.filter { r in textOnly.contains { $0.signal == r.signal } }
            let what = still.isEmpty ? "which the condition does not read either" : "the value\(still.count == 1 ? "" : "s") it stands in for"
            bag.error("rule '\(id)': the \(part)'s 'fallback' reads \(names(fallbackReads)), \(what)",
                      at: spec.location,  // the read may be of a text the fallback keeps from the original
                      hint: "write the fallback's texts without \(names(fallbackReads)), or give a text the fallback leaves out",
                      code: .rulesFallback)
        }
        return fallback
    }
}

/// A rule's texts as the compiler sees them: what they read beyond the condition, the
/// fallbacks that stand in, and the signals whose absence skips the rule.
struct TextParts {
    /// The condition's and priority's signals, and the texts' `required` ones: what skips the rule.
    var signalsRead: [Int]
    var fallbacks = RuleTextFallbacks()

    /// `condition`: the signals present whenever the rule fires (a text reading one of them
    /// needs no fallback); `required`: those the condition and priority cannot do without
    /// (guarded reads left out).
    init(rule r: RuleSpec, tip: CompiledTip?, escalation: CompiledEscalation?, condition: Set<Int>, required: Set<Int>,
         context: RuleSetCompiler.Context, catalog: SignalCatalog, env: Environment, _ bag: inout DiagnosticBag) {
        var all: [Template] = []
        if let tip, let spec = r.tip {
            let texts = tip.templates
            let reads = TextFallbacks.textOnly(texts, condition: condition, context, catalog)
            let fallback = spec.fallback.flatMap { TextFallbacks.tip(tip, $0, env, &bag) }
            let fallbackReads = fallback.map { TextFallbacks.textOnly($0.templates, condition: condition, context, catalog) } ?? []
            fallbacks.tip = TextFallbacks.check("tip", of: r.id.value, at: spec.location, reads: reads, fallback: fallback,
                                                fallbackReads: fallbackReads, spec: spec.fallback, catalog, &bag)
            fallbacks.tipSignals = reads.map(\.signal)
            all += texts
        }
        if let escalation, let spec = r.escalation {
            let reads = TextFallbacks.textOnly(escalation.templates, condition: condition, context, catalog)
            let fallback = spec.fallback.flatMap { TextFallbacks.escalation(escalation, $0, env, &bag) }
            let fallbackReads = fallback.map { TextFallbacks.textOnly($0.templates, condition: condition, context, catalog) } ?? []
            fallbacks.escalation = TextFallbacks.check("escalation", of: r.id.value, at: spec.location, reads: reads, fallback: fallback,
                                                       fallbackReads: fallbackReads, spec: spec.fallback, catalog, &bag)
            fallbacks.escalationSignals = reads.map(\.signal)
        }
        if let escalation { all += escalation.templates }
        var read = required
        for i in context.signals(all.flatMap(\.programs)) {
            if case .required = catalog.signals[i].absence { read.insert(i) }
        }
        signalsRead = read.sorted()
    }
}
