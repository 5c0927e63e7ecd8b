// FunctionNamespaceTests.swift — every prefix of the standard functions (`math.greatest`,
// `base64.encode`) is a name no definition may take: one that did hid every function of it
// behind "undeclared function". Found from the rule set's own functions, so a prefix added
// later is covered.

import CoachRules
import CoachSource
import Foundation
import Testing

@Suite struct FunctionNamespaceTests {
    @Test func `a definition named like any function prefix is refused at its name`() throws {
        let base = try RuleSetFixture().load()
        let prefixes = Set(base.environment.functions.keys.compactMap { name -> String? in
            guard let dot = name.firstIndex(of: "."), !name.hasPrefix(".") else { return nil }
            return String(name[..<dot])
        })
        #expect(prefixes.isSuperset(of: ["math", "strings", "base64"]), "\(prefixes)")
        for prefix in prefixes.sorted() {
            let fixture = try RuleSetFixture(files: [("Rules/named.yaml", "define:\n  \(prefix): sessions_30d > 1\n")])
            defer { fixture.remove() }
            do {
                _ = try fixture.load()
                Issue.record("a definition named '\(prefix)' loaded")
            } catch {
                #expect(error.diagnostics.contains { $0.message.hasPrefix("definition '\(prefix)' has the name of the \(prefix).* functions") },
                        "\(error.diagnostics.map(\.message))")
            }
        }
    }
}
