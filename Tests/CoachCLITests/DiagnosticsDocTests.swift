// DiagnosticsDocTests.swift — docs/diagnostics.md lists every diagnostic code coach has (the
// cases of `DiagnosticCode`), and no other; and the sources name codes only through that type.

import CoachRules
import CoachSource
import CoachTestSupport
import Foundation
import Testing

@Suite struct DiagnosticsDocTests {
    /// The codes in the first column of the doc's tables.
    static func documentedCodes() throws -> [String] {
        let doc = try String(contentsOf: TestPaths.inPackage("docs/diagnostics.md"), encoding: .utf8)
        let pattern = try Regex(#"(?m)^\| `([a-z0-9.-]+)` \|"#)
        return doc.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) }
    }

    @Test func `every code is documented once, and every documented code exists`() throws {
        let codes = Set(DiagnosticCode.allCases.map(\.rawValue))
        let documented = try Self.documentedCodes()
        #expect(codes.count == DiagnosticCode.allCases.count, "two cases share a code")
        #expect(codes.count > 100)
        #expect(codes.subtracting(documented).sorted() == [], "codes missing from docs/diagnostics.md")
        #expect(Set(documented).subtracting(codes).sorted() == [], "codes in docs/diagnostics.md that DiagnosticCode lacks")
        #expect(documented.count == Set(documented).count, "a code documented twice")
    }

    /// A code written as text (`code: "yaml.syntax"`, `$0.code == "…"`) in Sources/ would bypass
    /// the typed list; every code is a `DiagnosticCode` case.
    @Test func `the sources name codes only through DiagnosticCode`() throws {
        let root = TestPaths.inPackage("Sources")
        let files = FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []
        let pattern = try Regex(#"code(: | == | != )""#)
        var offenders: [String] = []
        for file in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            if text.contains(pattern) { offenders.append(file) }
        }
        #expect(files.count > 100, "the scan found the sources")
        #expect(offenders == [])
    }

    /// Lint codes are written bare (`lint_allow: [outranked]`); every bare code is a lint
    /// warning, and the dotted ones `lint_allow` accepts are the rule's own load warnings.
    @Test func `the codes lint_allow accepts are the bare ones and a rule's load warnings`() {
        let bare = DiagnosticCode.allCases.filter { !$0.rawValue.contains(".") }
        #expect(Set(bare) == Set(DiagnosticCode.lintWarnings))
        #expect(DiagnosticCode.lintWarnings.count == Set(DiagnosticCode.lintWarnings).count)
        #expect(DiagnosticCode.ruleLoadWarnings.allSatisfy { $0.rawValue.contains(".") })
        // The schema's list is the one the loader accepts.
        let schema = try? String(contentsOf: TestPaths.inPackage("schemas/rules.schema.json"), encoding: .utf8)
        for code in RuleFormat.lintCodes { #expect(schema?.contains("\"\(code)\"") == true, "\(code) missing from the schema") }
    }
}
