// Inhibitions.swift — which rules a rule's `inhibits` holds back, worked out from the rule set
// as evaluation decides it (a named rule, or a tip-only rule of a named area; a must-show rule
// never), for the linter's `mutual-inhibition` check.

import CoachRules

/// The rules each rule's `inhibits` can hold back.
struct Inhibitions {
    let rules: [CompiledRule]
    /// Each rule's named rules, as a set.
    let named: [Set<Int>]
    /// Each rule's named areas, as a set.
    let areas: [Set<String>]
    /// The tip-only rules of each area, in rule order: those an area's inhibition holds back.
    let tipOnlyByArea: [String: [Int]]

    init(_ rules: [CompiledRule]) {
        self.rules = rules
        named = rules.map { Set($0.inhibitsRules) }
        areas = rules.map { Set($0.inhibitsAreas) }
        var byArea: [String: [Int]] = [:]
        for (j, r) in rules.enumerated() where Self.isTipOnly(r) { byArea[r.area, default: []].append(j) }
        tipOnlyByArea = byArea
    }

    /// A rule whose area's inhibition holds it back: a tip and no escalation.
    static func isTipOnly(_ r: CompiledRule) -> Bool { r.tip != nil && r.escalation == nil }

    /// Whether rule `i`, when its condition holds, holds back rule `j`.
    func holdsBack(_ i: Int, _ j: Int) -> Bool {
        guard i != j, !rules[j].mustShow else { return false }
        return named[i].contains(j) || (Self.isTipOnly(rules[j]) && areas[i].contains(rules[j].area))
    }

    /// The rules `i` holds back: those it names, then the tip-only rules of the areas it names.
    func heldBack(by i: Int) -> [Int] {
        var out = rules[i].inhibitsRules
        for area in rules[i].inhibitsAreas { out += tipOnlyByArea[area] ?? [] }
        return out.filter { holdsBack(i, $0) }
    }

    /// How `i` holds back `j` when it is through an area only ("'x' inhibits area 'a'"); nil
    /// when `i` names `j`.
    func areaNamed(by i: Int, holding j: Int) -> String? {
        guard !named[i].contains(j) else { return nil }
        return "'\(rules[i].id)' inhibits area '\(rules[j].area)'"
    }
}
