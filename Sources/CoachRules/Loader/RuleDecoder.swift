// RuleDecoder.swift — rule files (area, rules, define) into RuleSpecs and DefinitionSpecs.

import CoachSource
import CoachYAML

enum RuleDecoder {
    static let fileKeys = RuleFormat.ruleFileKeys
    static let ruleKeys = RuleFormat.ruleKeys
    static let tipKeys = RuleFormat.tipKeys
    static let escalationKeys = RuleFormat.escalationKeys
    static let tipFallbackKeys = RuleFormat.tipFallbackKeys
    static let escalationFallbackKeys = RuleFormat.escalationFallbackKeys

    /// Decodes one rule file's document.
    static func decode(_ node: Node, _ bag: inout DiagnosticBag) -> (rules: [RuleSpec], definitions: [DefinitionSpec]) {
        guard var r = MappingReader(node, what: "rule file", bag: &bag) else { return ([], []) }
        var fileArea: Located<String>?
        if let a = r.take("area"), let s = Decode.string(a, what: "'area'", &bag) { fileArea = Located(s, at: a.location) }
        var rules: [RuleSpec] = []
        if let list = r.take("rules") {
            if let items = list.sequence {
                for item in items { if let rule = decodeRule(item, fileArea: fileArea, &bag) { rules.append(rule) } }
            } else {
                bag.error("'rules' must be a list of rules", at: list.location, hint: "start each rule with '- id: ...'", code: .rulesType)
            }
        }
        var definitions: [DefinitionSpec] = []
        if let d = r.take("define") { definitions = decodeDefinitions(d, &bag) }
        r.finish(&bag, allowed: fileKeys)
        return (rules, definitions)
    }

    static func decodeDefinitions(_ node: Node, _ bag: inout DiagnosticBag) -> [DefinitionSpec] {
        guard let pairs = node.mapping else {
            bag.error("'define' must map names to expressions", at: node.location, code: .rulesType)
            return []
        }
        var out: [DefinitionSpec] = []
        for pair in pairs {
            guard let name = pair.key.scalar?.text else { continue }
            guard Identifier.isValid(name) else {
                bag.error("definition name '\(name)' is not a valid identifier", at: pair.key.location,
                          hint: "use letters, digits and underscores, starting with a letter", code: .rulesName)
                continue
            }
            guard let e = expr(pair.value, what: "definition '\(name)'", &bag) else { continue }
            out.append(DefinitionSpec(name: Located(name, at: pair.key.location), expr: e))
        }
        return out
    }

    static func decodeRule(_ node: Node, fileArea: Located<String>?, _ bag: inout DiagnosticBag) -> RuleSpec? {
        guard var r = MappingReader(node, what: "rule", bag: &bag) else { return nil }
        defer { r.finish(&bag, allowed: ruleKeys) }
        guard let idNode = r.require("id", &bag, hint: "give every rule an id such as 'pricing.above-market'"),
              let id = Decode.name(idNode, what: "'id'", example: "pricing.above-market", refusingHidden: false, &bag) else { return nil }
        if !RuleID.isValid(id) {
            bag.error("rule id '\(id)' may hold only ASCII letters (a to z, A to Z), digits, '.', '-' and '_'", at: idNode.location, code: .rulesName)
        }
        var area = fileArea
        if let a = r.take("area"), let s = Decode.string(a, what: "'area'", &bag) { area = Located(s, at: a.location) }
        // A `when` missing or wrong is reported; the rule stays, holding a condition of no
        // parts, so that the rest of it (texts, resources, references) is still checked: the
        // rule set does not load either way.
        let errorsBefore = bag.errorCount
        let read = r.require("when", &bag, hint: "say when the rule fires, e.g. 'when: conversion_rate < 0.01'", owner: "rule '\(id)'")
            .flatMap { condition($0, &bag) }
        if read == nil, bag.errorCount == errorsBefore {
            // The stand-in must never load: a condition of no parts holds for every seller.
            bag.error("rule '\(id)': its condition could not be read", at: node.location, code: .rulesCondition)
        }
        let when = read ?? .all([], node.location)
        var priority = 50
        var priorityExpr: ExprText?
        if let p = r.take("priority") {
            if case .string? = p.scalar?.value {
                // Text: an expression giving the priority for each seller (0–100).
                priorityExpr = expr(p, what: "'priority'", &bag)
            } else if let v = Decode.int(p, what: "'priority'", &bag) {
                if v < 0 || v > 100 {
                    bag.error("priority \(v) is outside 0–100", at: p.location, code: .rulesRange)
                } else {
                    priority = Int(v)
                }
            }
        }
        var group: Located<String>?
        if let g = r.take("group"), let s = Decode.string(g, what: "'group'", &bag) {
            Decode.refuseHidden(s, what: "group", at: g.location, &bag)
            group = Located(s, at: g.location)
        }
        var cooldown: Int?
        if let c = r.take("cooldown") { cooldown = Duration.days(c, &bag) }
        var dismissal: Int?
        if let d = r.take("dismissal") {
            dismissal = Duration.days(d, &bag)
            if r.keyNode("tip") == nil {
                bag.error("rule '\(id)' gives 'dismissal' but has no tip a seller could dismiss", at: d.location,
                          hint: "remove 'dismissal', or give the rule a tip", code: .rulesDismissal)
            }
        }
        let inhibits = r.nameSet("inhibits", &bag) ?? []
        let checklist = r.nameSet("checklist", &bag) ?? []
        let lintAllow = r.nameSet("lint_allow", &bag) ?? []
        let mustShow = r.take("must_show").flatMap { n in Decode.bool(n, what: "'must_show'", &bag).map { Located($0, at: n.location) } }
        if mustShow?.value == true, r.keyNode("tip") == nil {
            bag.error("rule '\(id)' says 'must_show: true' but has no tip to show", at: mustShow?.location,
                      hint: "must_show keeps a tip from being held back; an escalation is never limited anyway", code: .rulesMustShow)
        }
        let tipKey = r.keyNode("tip")?.location, escalateKey = r.keyNode("escalate")?.location
        let tip = r.take("tip").flatMap { decodeTip($0, rule: id, key: tipKey, &bag) }
        let escalation = r.take("escalate").flatMap { decodeEscalation($0, rule: id, key: escalateKey, &bag) }
        if r.keyNode("tip") == nil && r.keyNode("escalate") == nil && r.keyNode("checklist") == nil {
            bag.error("rule '\(id)' does nothing: it needs a 'tip', an 'escalate' or a 'checklist'", at: idNode.location,
                      code: .rulesMissingKey)
        }
        return RuleSpec(id: Located(id, at: idNode.location), area: area, when: when, priority: priority, group: group,
                        cooldownDays: cooldown, inhibits: inhibits, tip: tip, escalation: escalation, checklist: checklist,
                        location: node.aliasedAt ?? node.location, lintAllow: lintAllow, mustShow: mustShow, priorityExpr: priorityExpr,
                        dismissalDays: dismissal)
    }

    /// A rule's `tip:` (`key`: where that key is written). A title or body missing is
    /// reported there; the tip stays, with an empty text in its place, so that its other
    /// parts are still checked (the rule set does not load either way).
    static func decodeTip(_ node: Node, rule: String, key: SourceLocation?, _ bag: inout DiagnosticBag) -> TipSpec? {
        guard var r = MappingReader(node, what: "tip", bag: &bag) else { return nil }
        defer { r.finish(&bag, allowed: tipKeys) }
        let owner = "the tip of rule '\(rule)'"
        let title = r.require("title", &bag, hint: "give the tip a 'title': one line the seller sees first", at: key, owner: owner)
            .flatMap { template($0, what: "'title'", &bag) } ?? placeholder(at: node)
        let body = r.require("body", &bag, hint: "give the tip a 'body': what is happening and why it matters", at: key, owner: owner)
            .flatMap { template($0, what: "'body'", &bag) } ?? placeholder(at: node)
        var actions: [TemplateText] = []
        if let a = r.take("actions") {
            if let items = a.sequence {
                actions = items.compactMap { template($0, what: "an action", &bag) }
            } else if let t = template(a, what: "'actions'", &bag) {
                actions = [t]
            }
        }
        let learn = r.nameSet("learn", &bag) ?? []
        let fallback = r.take("fallback").flatMap { decodeFallback($0, what: "tip", keys: tipFallbackKeys, &bag) }
        return TipSpec(title: title, body: body, actions: actions, learn: learn, location: node.location, fallback: fallback)
    }

    /// `fallback:` of a tip or an escalation: texts to write instead when a value only the
    /// texts read is missing. The last of `keys` is a list (actions, talking points).
    static func decodeFallback(_ node: Node, what: String, keys: [String], _ bag: inout DiagnosticBag) -> FallbackSpec? {
        guard var r = MappingReader(node, what: "\(what) fallback", bag: &bag) else { return nil }
        defer { r.finish(&bag, allowed: keys) }
        var spec = FallbackSpec(location: node.location)
        for key in keys.dropLast() {
            if let n = r.take(key), let t = template(n, what: "'\(key)'", &bag) { spec.texts[key] = t }
        }
        if let list = keys.last, let n = r.take(list) {
            spec.list = (n.sequence ?? [n]).compactMap { template($0, what: "'\(list)'", &bag) }
        }
        if spec.texts.isEmpty && spec.list == nil {
            bag.error("the \(what)'s 'fallback' gives no text", at: node.location, hint: "give the texts to write when a value they read is missing: \(keys.joined(separator: ", "))",
                      code: .rulesFallback)
        }
        return spec
    }

    /// A rule's `escalate:` (`key`: where that key is written). A reason missing is reported
    /// there, and an empty one stands in, as in ``decodeTip``; without a route the escalation
    /// cannot be checked against the routes, and is dropped after its error.
    static func decodeEscalation(_ node: Node, rule: String, key: SourceLocation?, _ bag: inout DiagnosticBag) -> EscalationSpec? {
        guard var r = MappingReader(node, what: "escalation", bag: &bag) else { return nil }
        defer { r.finish(&bag, allowed: escalationKeys) }
        let owner = "the escalation of rule '\(rule)'"
        let toNode = r.require("to", &bag, hint: "name a route from the manifest, e.g. 'to: mentor'", at: key, owner: owner)
        let to = toNode.flatMap { Decode.string($0, what: "'to'", &bag) }
        var severity: EscalationSeverity?
        if let s = r.require("severity", &bag, hint: "one of: critical, high, medium, low", at: key, owner: owner),
           let text = Decode.string(s, what: "'severity'", &bag) {
            severity = EscalationSeverity(rawValue: text)
            if severity == nil {
                bag.error("unknown severity '\(text)'", at: s.location, length: text.count,
                          hint: Suggestions.didYouMean(text, in: EscalationSeverity.allCases.map(\.rawValue)) ?? "one of: critical, high, medium, low",
                          code: .rulesSeverity)
            }
        }
        let reason = r.require("reason", &bag, hint: "say why the escalation is raised, for the person it goes to", at: key, owner: owner)
            .flatMap { template($0, what: "'reason'", &bag) } ?? placeholder(at: node)
        let also = r.take("also").flatMap { n in Decode.string(n, what: "'also'", &bag).map { Located($0, at: n.location) } }
        let notice = r.take("notice").flatMap { template($0, what: "'notice'", &bag) }
        var talkingPoints: [TemplateText] = []
        if let t = r.take("talking_points") {
            if let items = t.sequence {
                talkingPoints = items.compactMap { template($0, what: "a talking point", &bag) }
            } else {
                bag.error("'talking_points' must be a list of texts", at: t.location, hint: "write one point per line: '- Ask about …'", code: .rulesType)
            }
        }
        // An invalid severity is already reported; keep going so the route is checked too.
        let fallback = r.take("fallback").flatMap { decodeFallback($0, what: "escalation", keys: escalationFallbackKeys, &bag) }
        guard let to, let toNode else { return nil }
        return EscalationSpec(to: Located(to, at: toNode.location), severity: severity ?? .low, reason: reason, also: also,
                              notice: notice, talkingPoints: talkingPoints, location: node.location, fallback: fallback)
    }

    /// A `when` tree: a string, or a mapping with exactly one of all / any / not.
    static func condition(_ node: Node, _ bag: inout DiagnosticBag, depth: Int = 0) -> ConditionSpec? {
        if depth > 32 {
            bag.error("condition nested more than 32 levels deep", at: node.location, code: .rulesTooDeep)
            return nil
        }
        if node.scalar != nil { return expr(node, what: "a condition", &bag).map { .expr($0) } }
        if node.sequence != nil {
            bag.error("a condition cannot be a bare list", at: node.location,
                      hint: "write 'all:' (every one must hold) or 'any:' (one is enough) above the list", code: .rulesCondition)
            return nil
        }
        guard let pairs = node.mapping else { return nil }
        guard pairs.count == 1, let key = pairs[0].key.scalar?.text else {
            bag.error("a condition mapping holds exactly one of 'all', 'any' or 'not'", at: node.location, code: .rulesCondition)
            return nil
        }
        let value = pairs[0].value
        switch key {
        case "all", "any":
            guard let items = value.sequence, !items.isEmpty else {
                bag.error("'\(key)' needs a non-empty list of conditions", at: value.location, code: .rulesCondition)
                return nil
            }
            // Members that failed are reported; the rest stay in the tree so that their
            // expressions are still checked (the rule set does not load either way).
            let members = items.compactMap { condition($0, &bag, depth: depth + 1) }
            guard !members.isEmpty else { return nil }
            return key == "all" ? .all(members, node.location) : .any(members, node.location)
        case "not":
            return condition(value, &bag, depth: depth + 1).map { .not($0, node.location) }
        default:
            bag.error("unknown condition '\(key)'", at: pairs[0].key.location, length: key.count,
                      hint: Suggestions.didYouMean(key, in: ["all", "any", "not"]) ?? "use 'all', 'any' or 'not'", code: .rulesCondition)
            // Still read what it holds, so mistakes inside are reported in the same run.
            let members = (value.sequence ?? [value]).compactMap { condition($0, &bag, depth: depth + 1) }
            return members.isEmpty ? nil : .all(members, node.location)
        }
    }

    static func expr(_ node: Node, what: String, _ bag: inout DiagnosticBag) -> ExprText? {
        guard let s = node.scalar else {
            bag.error("\(what) must be an expression (text), not \(node.kindWithArticle)", at: node.location, code: .rulesType)
            return nil
        }
        var text = s.text
        switch s.value {
        case .null:
            bag.error("\(what) is empty", at: node.location, hint: Decode.emptyHint(for: node), code: .rulesType)
            return nil
        case .bool(let b): text = b ? "true" : "false"
        default: break
        }
        guard let origin = node.textOrigin() else { return nil }
        return ExprText(text: text, origin: origin, location: node.location)
    }

    /// An empty text at `node`, standing in for one whose absence was reported.
    static func placeholder(at node: Node) -> TemplateText {
        TemplateText(text: "", origin: TextOrigin(file: node.location.file, line: node.location.line, column: node.location.column),
                     location: node.location)
    }

    static func template(_ node: Node, what: String, _ bag: inout DiagnosticBag) -> TemplateText? {
        guard let s = node.scalar, let origin = node.textOrigin() else {
            bag.error("\(what) must be text, not \(node.kindWithArticle)", at: node.location, hint: Decode.notTextHint(node), code: .rulesType)
            return nil
        }
        if case .null = s.value {
            bag.error("\(what) is empty", at: node.location, hint: Decode.emptyHint(for: node), code: .rulesType)
            return nil
        }
        if let e = Decode.taggedNotText(node, what: what) {
            bag.add(e)
            return nil
        }
        // A text of nothing but spaces is shown as nothing: a blank line in the portal.
        if s.text.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
            bag.error("\(what) is empty", at: node.location, hint: "write the text it shows; a text of only spaces shows nothing",
                      code: .rulesType)
            return nil
        }
        Decode.warnIfCutByComment(node, what: what, &bag)
        return TemplateText(text: s.text, origin: origin, location: node.location)
    }
}

/// Rule ids: letters, digits, `.`, `-`, `_`.
enum RuleID {
    static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy {
            $0.isASCIILetter || $0.isASCIIDigit || $0 == "." || $0 == "-" || $0 == "_"
        }
    }
}

/// `14d`, `2w`: at most ``Duration/maxDays``.
enum Duration {
    /// The longest duration: a hundred years, far past any program, and far from overflowing
    /// date arithmetic.
    static let maxDays = 36_500

    static func days(_ node: Node, _ bag: inout DiagnosticBag) -> Int? {
        guard let text = node.scalar?.text else {
            bag.error("a duration is text such as 14d, not \(node.kindWithArticle)", at: node.location,
                      hint: "write a number of days or weeks: 14d, 2w", code: .rulesDuration)
            return nil
        }
        if let last = text.last, last == "d" || last == "w", let n = Int(text.dropLast()), n >= 0 {
            let perUnit = last == "w" ? 7 : 1
            if n <= maxDays / perUnit { return n * perUnit }
            bag.error("'\(text)' is longer than \(maxDays) days (a hundred years)", at: node.location,
                      hint: "write a duration of at most \(maxDays)d", code: .rulesDuration)
            return nil
        }
        bag.error("'\(text)' is not a duration", at: node.location, hint: "write a number of days or weeks: 14d, 2w", code: .rulesDuration)
        return nil
    }
}
