// DiagnosticsDocTests.swift — docs/diagnostics.md lists every diagnostic code the sources
// use, and no code they do not: a new code without its line in the doc fails here.

import CoachTestSupport
import Foundation
import Testing

@Suite struct DiagnosticsDocTests {
    /// The codes written as `code: "…"` in Sources/.
    static func sourceCodes() throws -> Set<String> {
        let root = TestPaths.inPackage("Sources")
        var codes = Set<String>()
        let files = FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []
        let pattern = try Regex(#"code: "([a-z0-9.-]+)""#)
        for file in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: pattern) {
                if let code = match.output[1].substring { codes.insert(String(code)) }
            }
        }
        return codes
    }

    /// The codes in the first column of the doc's tables.
    static func documentedCodes() throws -> Set<String> {
        let doc = try String(contentsOf: TestPaths.inPackage("docs/diagnostics.md"), encoding: .utf8)
        let pattern = try Regex(#"(?m)^\| `([a-z0-9.-]+)` \|"#)
        return Set(doc.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) })
    }

    @Test func `every code the sources use is documented, and every documented code is used`() throws {
        let used = try Self.sourceCodes()
        let documented = try Self.documentedCodes()
        #expect(used.count > 100, "the scan found the codes")
        #expect(used.subtracting(documented).sorted() == [], "codes missing from docs/diagnostics.md")
        #expect(documented.subtracting(used).sorted() == [], "codes in docs/diagnostics.md that nothing reports")
    }
}
