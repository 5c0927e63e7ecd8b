// Linter+Phases.swift — `phase` compared with a text that names no phase of the manifest:
// `phase == "days-1-3"` can never hold, and an author who misspelt a phase id gets no other
// message (a playbook's or a test's unknown phase is refused; a condition's text is not).

import CoachExpr
import CoachRules
import CoachSource

extension Linter {
    /// The phase ids a seller can be in: the manifest's, and `graduated` past the last.
    var phaseIDs: [String] { ruleSet.manifest.phases.map(\.id) + [Phase.graduated] }

    /// A warning for each text compared with `phase` (`==`, `!=`, `in [...]`) that is not a
    /// phase id, in a rule's condition or a definition (`origin`: where its text is).
    func phaseWarnings(_ program: Program, origin: TextOrigin) -> [Diagnostic] {
        guard let parsed = program.parsed else { return [] }
        let known = phaseIDs
        return phaseComparisons(parsed.root).compactMap { (text, offset, op) in
            guard !known.contains(text) else { return nil }
            let always = op == Operator.notEquals
            let message = op == Operator.in
                ? "\"\(text)\" in the list 'phase in' tests is not a phase of the manifest: it never matches"
                : "'phase \(Operator.display(op)) \"\(text)\"' is always \(always): the manifest has no phase '\(text)'"
            let hint = Suggestions.didYouMean(text, in: known) ?? "the phases are \(known.joined(separator: ", "))"
            return .warning(message, at: origin.location(atOffset: offset), length: text.count + 2, hint: hint,
                            code: always ? .lintAlwaysTrue : .lintNeverTrue)
        }
    }

    /// Each text literal compared with the name `phase`, with its offset and the operator.
    func phaseComparisons(_ e: Expr) -> [(String, Int, String)] {
        guard case .call(nil, let fn, let args) = e.kind, args.count == 2 else {
            return children(e).flatMap(phaseComparisons)
        }
        func text(_ x: Expr) -> (String, Int)? {
            if case .literal(.string(let s)) = x.kind { return (s, x.offset) }
            return nil
        }
        switch fn {
        case Operator.equals, Operator.notEquals:
            if name(args[0]) == "phase", let (s, at) = text(args[1]) { return [(s, at, fn)] }
            if name(args[1]) == "phase", let (s, at) = text(args[0]) { return [(s, at, fn)] }
        case Operator.in:
            if name(args[0]) == "phase", case .list(let items) = args[1].kind {
                return items.compactMap(text).map { ($0.0, $0.1, fn) }
            }
        default: break
        }
        return args.flatMap(phaseComparisons)
    }
}
