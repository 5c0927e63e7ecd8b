// CompileCache.swift — each text compiled once per place it is written. A YAML alias repeats
// its anchor's text, at the anchor's position, wherever it is used: 300 aliases of a list of
// 900 template parts compiled 270,000 templates (41 s and 1 GB for a 66 KB file). Compiling
// is deterministic given the text, its position and the one environment the rule set's
// rules and items compile against, so a copy's result (and its diagnostics, said again for
// each copy as they were) is the first one's.

import CoachExpr
import CoachSource

/// Programs and templates already compiled, by text and position; shared by the threads
/// that compile rules at once.
final class CompileCache: Sendable {
    struct Key: Hashable {
        let text: String
        let at: SourceLocation
        let template: Bool

        /// Hashed by position alone (the file by identity): hashing every text and path cost
        /// 4% of loading 10,000 rules; the text is compared only where positions meet.
        func hash(into hasher: inout Hasher) {
            hasher.combine(ObjectIdentifier(at.file))
            hasher.combine(at.line)
            hasher.combine(at.column)
        }

        static func == (a: Key, b: Key) -> Bool {
            a.at.file === b.at.file && a.at.line == b.at.line && a.at.column == b.at.column && a.template == b.template
                && a.text == b.text
        }
    }

    private let programs = Memo<Program>()
    private let templates = Memo<Template>()

    /// `compile`'s result for `key`, made once: its diagnostics added to `bag` each time.
    func program(_ key: Key, _ bag: inout DiagnosticBag, _ compile: (inout DiagnosticBag) -> Program?) -> Program? {
        programs.value(key, &bag, compile)
    }

    /// As ``program(_:_:_:)``, for a template.
    func template(_ key: Key, _ bag: inout DiagnosticBag, _ compile: (inout DiagnosticBag) -> Template?) -> Template? {
        templates.value(key, &bag, compile)
    }

    /// Results of one kind by key, each with the diagnostics its making said.
    private final class Memo<Value: Sendable>: Sendable {
        private let made = Locked<[Key: (Value?, [Diagnostic])]>([:])

        func value(_ key: Key, _ bag: inout DiagnosticBag, _ make: (inout DiagnosticBag) -> Value?) -> Value? {
            if let (v, said) = made.withLock({ $0[key] }) {
                bag.add(contentsOf: said)
                return v
            }
            var said = DiagnosticBag()
            let v = make(&said)
            made.withLock { $0[key] = (v, said.items) }
            bag.add(contentsOf: said.items)
            return v
        }
    }
}
