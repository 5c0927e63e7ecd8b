// YAMLConformanceTests.swift — runs the YAML test suite's cases (../shared/conformance/yaml)
// through the YAML layer. Every case passes or is listed in KnownDifferences.txt.

@_spi(Streaming) import CoachJSON
import CoachTestSupport
import CoachYAML
import Foundation
import Testing

@Suite struct YAMLConformanceTests {
    struct Case: Decodable {
        let id: String
        let name: String
        let yaml: String
        let json: String?
        let error: Bool
    }

    /// `ID: reason` lines; `#` starts a comment.
    static func knownDifferences() throws -> [String: String] {
        let text = try String(contentsOf: TestPaths.inPackage("Tests/CoachYAMLTests/KnownDifferences.txt"), encoding: .utf8)
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            result[String(line[..<colon]).trimmingCharacters(in: .whitespaces)] =
                String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    /// Why a case fails, or `nil` when it passes; `skip` when the suite gives nothing to compare.
    enum Outcome: Equatable { case pass, skip, fail(String) }

    static func run(_ c: Case) -> Outcome {
        let parser = YAMLParser()
        do {
            let docs = try parser.parse(text: c.yaml, path: c.id)
            if c.error { return .fail("accepted invalid input") }
            guard let json = c.json else { return .skip }
            let expected = try TestJSON.parseStream(json)
            let actualText = docs.map { JSONWriter(indent: nil).write($0.json) }.joined(separator: "\n")
            let actual = try TestJSON.parseStream(actualText)
            return actual == expected ? .pass : .fail("got \(actual), expected \(expected)")
        } catch let error as DiagnosticErrorBox {
            return .fail(error.text)
        } catch {
            if c.error { return .pass }
            return .fail("refused valid input: \("\(error)".split(separator: "\n").first ?? "")")
        }
    }

    struct DiagnosticErrorBox: Error { let text: String }

    @Test func `YAML test suite cases pass or are listed as known differences`() throws {
        guard let dir = TestPaths.conformanceDirectory else {
            print("YAML conformance: ../shared/conformance is absent; skipping the YAML test suite cases")
            return
        }
        let data = try Data(contentsOf: dir.appendingPathComponent("yaml/cases.json"))
        let cases = try JSONDecoder().decode([Case].self, from: data)
        let known = try Self.knownDifferences()
        var passed = 0, failed: [String] = [], skipped = 0, listed = 0
        var unexpected: [String] = []
        var stale: [String] = []
        for c in cases {
            switch Self.run(c) {
            case .pass:
                passed += 1
                if known[c.id] != nil { stale.append(c.id) }
            case .skip:
                skipped += 1
            case .fail(let why):
                failed.append(c.id)
                if known[c.id] != nil { listed += 1 } else { unexpected.append("\(c.id) (\(c.name)): \(why)") }
            }
        }
        print("YAML conformance: \(passed) passed, \(failed.count) failed (\(listed) listed as known differences), \(skipped) skipped (no JSON to compare); failing: \(failed.joined(separator: " "))")
        #expect(unexpected.isEmpty, "cases failing that KnownDifferences.txt does not list:\n\(unexpected.joined(separator: "\n"))")
        #expect(stale.isEmpty, "cases listed in KnownDifferences.txt that now pass (remove them): \(stale.joined(separator: " "))")
    }
}
