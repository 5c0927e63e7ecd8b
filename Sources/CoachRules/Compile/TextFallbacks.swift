// TextFallbacks.swift — values a rule's texts read but its condition does not. Such a value
// never silences a rule whose condition holds: when the snapshot lacks it, the rule's
// `fallback` texts are written instead, and a rule that would need one and has none does
// not load.

import CoachExpr
import CoachSource

enum TextFallbacks {
    /// The signals `templates` read that the condition does not (`condition`) and that a
    /// snapshot may lack: not `required`, and not asked about with `has()` in the same text.
    static func textOnly(_ templates: [Template], condition: Set<Int>, _ context: RuleSetCompiler.Context,
                         _ catalog: SignalCatalog) -> [Int] {
        var out = Set<Int>()
        for program in templates.flatMap(\.programs) {
            let guarded = Set(program.presenceRead.compactMap { context.signalIndex[$0] })
            for i in context.signals(program) where !condition.contains(i) && !guarded.contains(i) {
                if case .required = catalog.signals[i].absence { continue }
                out.insert(i)
            }
        }
        return out.sorted()
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
    static func check<Part>(_ part: String, of id: String, at location: SourceLocation, reads textOnly: [Int],
                            fallback: Part?, fallbackReads: [Int], spec: FallbackSpec?, _ catalog: SignalCatalog,
                            _ bag: inout DiagnosticBag) -> Part? {
        func names(_ signals: [Int]) -> String { signals.map { "'\(catalog.signals[$0].name)'" }.joined(separator: ", ") }
        guard let spec else {
            if !textOnly.isEmpty {
                bag.error("rule '\(id)': its \(part) reads \(names(textOnly)), which its condition does not; a seller without \(textOnly.count == 1 ? "it" : "them") would get a rule that fires with no text",
                          at: location,
                          hint: "give the \(part) a 'fallback' with texts that do without \(textOnly.count == 1 ? "it" : "them"), write the text as has(x) ? … : …, or read \(textOnly.count == 1 ? "it" : "them") in 'when'",
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
            let still = fallbackReads.filter(textOnly.contains)
            let what = still.isEmpty ? "which the condition does not read either" : "the value\(still.count == 1 ? "" : "s") it stands in for"
            bag.error("rule '\(id)': the \(part)'s 'fallback' reads \(names(fallbackReads)), \(what)",
                      at: spec.location, hint: "write the fallback's texts without \(names(fallbackReads)), or give a text the fallback leaves out",
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

    /// `condition`: every signal the condition and priority read (a text reading one of them
    /// needs no fallback); `required`: those they cannot do without (guarded reads left out).
    init(rule r: RuleSpec, tip: CompiledTip?, escalation: CompiledEscalation?, condition: Set<Int>, required: Set<Int>,
         context: RuleSetCompiler.Context, catalog: SignalCatalog, env: Environment, _ bag: inout DiagnosticBag) {
        var all: [Template] = []
        if let tip, let spec = r.tip {
            let texts = [tip.title, tip.body] + tip.actions
            let reads = TextFallbacks.textOnly(texts, condition: condition, context, catalog)
            let fallback = spec.fallback.flatMap { TextFallbacks.tip(tip, $0, env, &bag) }
            let fallbackReads = fallback.map { TextFallbacks.textOnly([$0.title, $0.body] + $0.actions, condition: condition, context, catalog) } ?? []
            fallbacks.tip = TextFallbacks.check("tip", of: r.id.value, at: spec.location, reads: reads, fallback: fallback,
                                                fallbackReads: fallbackReads, spec: spec.fallback, catalog, &bag)
            fallbacks.tipSignals = reads
            all += texts
        }
        if let escalation, let spec = r.escalation {
            let reads = TextFallbacks.textOnly(escalation.templates, condition: condition, context, catalog)
            let fallback = spec.fallback.flatMap { TextFallbacks.escalation(escalation, $0, env, &bag) }
            let fallbackReads = fallback.map { TextFallbacks.textOnly($0.templates, condition: condition, context, catalog) } ?? []
            fallbacks.escalation = TextFallbacks.check("escalation", of: r.id.value, at: spec.location, reads: reads, fallback: fallback,
                                                       fallbackReads: fallbackReads, spec: spec.fallback, catalog, &bag)
            fallbacks.escalationSignals = reads
        }
        if let escalation { all += escalation.templates }
        var read = required
        for i in context.signals(all.flatMap(\.programs)) {
            if case .required = catalog.signals[i].absence { read.insert(i) }
        }
        signalsRead = read.sorted()
    }
}
