// SchemaTests.swift — the JSON Schemas in schemas/ against the loader: the same keys and the
// same closed value lists; the shipped YAML valid under them, checked by a real JSON-Schema
// validator (scripts/check-schemas.py, Python's jsonschema); broken files refused with the
// expected messages (Fixtures/schema/*.yaml against *.expected).

import CoachAuthoring
import CoachEngine
import CoachRules
import CoachSource
import CoachTestSupport
import CoachYAML
import Foundation
import Testing

@Suite struct SchemaTests {
    /// A schema file read as a node tree (JSON is YAML).
    static func schema(_ name: String) throws -> Node {
        let path = TestPaths.inPackage("schemas/\(name).schema.json").path
        return try #require(try YAMLParser().parse(path: path).documents.first)
    }

    /// The node at `path` (keys, or decimal indexes into lists) under `root`.
    static func at(_ root: Node, _ path: [String]) -> Node? {
        var node: Node? = root
        for step in path {
            if let i = Int(step), let items = node?.sequence { node = i < items.count ? items[i] : nil } else { node = node?[step] }
        }
        return node
    }

    static func texts(_ node: Node?) -> [String] { node?.sequence?.compactMap { $0.scalar?.text } ?? [] }

    struct Closed: Sendable, CustomTestStringConvertible {
        let schema: String
        let path: [String]
        let keys: [String]
        var testDescription: String { "\(schema): \(path.isEmpty ? "top level" : path.joined(separator: "."))" }
    }

    /// Every mapping of the rule format, where its schema describes it, and the keys the loader allows there.
    static let closed: [Closed] = [
        Closed(schema: "manifest", path: [], keys: RuleFormat.manifestKeys),
        Closed(schema: "manifest", path: ["properties", "limits"], keys: RuleFormat.limitsKeys),
        Closed(schema: "manifest", path: ["properties", "phases", "items"], keys: RuleFormat.phaseKeys),
        Closed(schema: "signals", path: [], keys: RuleFormat.catalogKeys),
        Closed(schema: "signals", path: ["definitions", "signal"], keys: RuleFormat.signalKeys),
        Closed(schema: "signals", path: ["definitions", "field", "anyOf", "1"], keys: RuleFormat.fieldKeys),
        Closed(schema: "rules", path: [], keys: RuleFormat.ruleFileKeys),
        Closed(schema: "rules", path: ["definitions", "rule"], keys: RuleFormat.ruleKeys),
        Closed(schema: "rules", path: ["definitions", "tip"], keys: RuleFormat.tipKeys),
        Closed(schema: "rules", path: ["definitions", "escalation"], keys: RuleFormat.escalationKeys),
        Closed(schema: "playbook", path: [], keys: RuleFormat.playbookFileKeys),
        Closed(schema: "playbook", path: ["properties", "phases", "items"], keys: RuleFormat.playbookPhaseKeys),
        Closed(schema: "playbook", path: ["definitions", "item"], keys: RuleFormat.itemKeys),
        Closed(schema: "playbook", path: ["definitions", "resource"], keys: RuleFormat.resourceKeys),
        Closed(schema: "test", path: [], keys: RuleTestDecoder.fileKeys),
        Closed(schema: "test", path: ["definitions", "case"], keys: RuleTestDecoder.caseKeys),
        Closed(schema: "test", path: ["definitions", "expect"], keys: RuleTestDecoder.expectKeys),
        Closed(schema: "test", path: ["definitions", "snapshot"], keys: SnapshotReader.topKeys),
        Closed(schema: "test", path: ["definitions", "snapshot", "properties", "seller"], keys: SnapshotReader.sellerKeys),
        Closed(schema: "snapshot", path: [], keys: SnapshotReader.topKeys),
        Closed(schema: "snapshot", path: ["properties", "seller"], keys: SnapshotReader.sellerKeys),
        Closed(schema: "snapshot", path: ["properties", "delivered", "items"], keys: SnapshotReader.deliveryKeys),
        Closed(schema: "test", path: ["definitions", "delivered", "items"], keys: SnapshotReader.deliveryKeys),
        Closed(schema: "manifest", path: ["properties", "escalations"], keys: RuleFormat.manifestEscalationKeys),
        Closed(schema: "manifest", path: ["properties", "benchmarks", "properties", "bands", "additionalProperties"], keys: RuleFormat.bandKeys),
        Closed(schema: "rules", path: ["definitions", "tip", "properties", "fallback"], keys: RuleFormat.tipFallbackKeys),
        Closed(schema: "rules", path: ["definitions", "escalation", "properties", "fallback"], keys: RuleFormat.escalationFallbackKeys),
    ] + SnapshotReader.stateLists.flatMap { list in [
        Closed(schema: "snapshot", path: ["properties", list, "items"], keys: SnapshotReader.stateKeys[list] ?? []),
        Closed(schema: "test", path: ["definitions", list, "items"], keys: SnapshotReader.stateKeys[list] ?? []),
    ] }

    @Test(arguments: closed) func `a schema allows exactly the keys the loader allows, and no others`(_ c: Closed) throws {
        let object = try #require(Self.at(try Self.schema(c.schema), c.path), "no \(c.testDescription) in the schema")
        let properties = object["properties"]?.mapping?.compactMap { $0.key.scalar?.text } ?? []
        #expect(properties.sorted() == c.keys.sorted())
        #expect(object["additionalProperties"]?.scalar?.value == .bool(false), "\(c.testDescription) must refuse unknown keys")
    }

    struct Values: Sendable, CustomTestStringConvertible {
        let schema: String
        let path: [String]
        let values: [String]
        var testDescription: String { "\(schema): \(path.joined(separator: "."))" }
    }

    /// Closed lists of values: what the schema enumerates, and what the loader accepts.
    static let values: [Values] = [
        Values(schema: "signals", path: ["definitions", "signal", "properties", "type", "enum"], values: RuleFormat.signalTypes),
        Values(schema: "signals", path: ["definitions", "scalarType", "enum"], values: RuleFormat.elementTypes),
        Values(schema: "signals", path: ["definitions", "signal", "properties", "absent", "enum"], values: RuleFormat.absentModes),
        Values(schema: "signals", path: ["properties", "signals", "propertyNames", "allOf", "1", "not", "enum"], values: RuleFormat.engineNames),
        Values(schema: "rules", path: ["definitions", "escalation", "properties", "severity", "enum"], values: EscalationSeverity.allCases.map(\.rawValue)),
        Values(schema: "rules", path: ["definitions", "lintCode", "enum"], values: RuleFormat.lintCodes),
        Values(schema: "playbook", path: ["definitions", "resource", "properties", "kind", "enum"], values: RuleFormat.resourceKinds),
        Values(schema: "test", path: ["definitions", "expect", "properties", "checklist", "additionalProperties", "enum"],
               values: RuleTestDecoder.checklistStatuses),
        Values(schema: "test", path: ["definitions", "expect", "properties", "suppressed", "additionalProperties", "enum"],
               values: SuppressionReason.allCases.map(\.rawValue)),
    ] + ["manifest", "signals", "rules"].map {
        Values(schema: $0, path: ["definitions", "identifier", "not", "enum"], values: RuleFormat.reservedWords)
    }

    @Test(arguments: values) func `a schema lists exactly the values the loader accepts`(_ v: Values) throws {
        let list = try #require(Self.at(try Self.schema(v.schema), v.path), "no \(v.testDescription) in the schema")
        #expect(Self.texts(list).sorted() == v.values.sorted())
    }

    /// Runs scripts/check-schemas.py with the built coach; the validator must be installed
    /// (`make deps` installs it), so a missing one fails rather than skips.
    static func checkSchemas(_ arguments: [String]) throws -> ProcessResult {
        let coach = try #require(TestPaths.coachBinary, "build coach first (swift build)")
        let python = URL(fileURLWithPath: "/usr/bin/env")
        let result = try RunProcess.run(python, ["python3", TestPaths.inPackage("scripts/check-schemas.py").path, "--coach", coach.path] + arguments,
                                        in: TestPaths.packageRoot)
        #expect(result.status != 2, "the schema check could not run: \(result.stderr)")
        return result
    }

    @Test func `the shipped rules, playbooks, rule tests and tutorial are valid under the schemas`() throws {
        let directories = ["Rules", "Playbooks", "docs/tutorial/Rules", "docs/tutorial/Playbooks"]
        let result = try Self.checkSchemas(directories)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        func yamlFiles(_ dir: String, suffix: String = ".yaml") -> Int {
            ((try? FileManager.default.contentsOfDirectory(atPath: TestPaths.inPackage(dir).path)) ?? []).filter { $0.hasSuffix(suffix) }.count
        }
        let files = directories.map { yamlFiles($0) + yamlFiles($0 + "/tests", suffix: ".test.yaml") }.reduce(0, +)
        #expect(files > 20)
        #expect(result.stdout == "\(files) files checked against the schemas: all valid\n", "every shipped file is checked")
    }

    static let fixtures = TestPaths.inPackage("Tests/CoachAuthoringTests/Fixtures/schema")

    static var brokenFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test(arguments: brokenFiles) func `a broken file is refused with the expected messages`(_ name: String) throws {
        let result = try Self.checkSchemas([Self.fixtures.appendingPathComponent(name).path])
        #expect(result.status == 1)
        let shown = result.stdout.replacingOccurrences(of: Self.fixtures.path + "/", with: "")
        let expectedFile = Self.fixtures.appendingPathComponent(name.replacingOccurrences(of: ".yaml", with: ".expected"))
        if ProcessInfo.processInfo.environment["COACH_UPDATE_GOLDEN"] == "1" { try shown.write(to: expectedFile, atomically: true, encoding: .utf8) }
        #expect(shown == (try String(contentsOf: expectedFile, encoding: .utf8)))
    }

    @Test func `there are broken-file fixtures for every schema`() {
        let kinds = Set(Self.brokenFiles.compactMap { $0.split(separator: "-").first.map(String.init) })
        #expect(kinds == ["manifest", "signals", "rules", "playbook", "test"])
    }

    @Test func `the tutorial's first draft breaks the rule schema where the loader breaks`() throws {
        let result = try Self.checkSchemas(["docs/tutorial/draft"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("docs/tutorial/draft/reviews.yaml: at rules[0]: Additional properties are not allowed ('priorty' was unexpected)"))
    }
}
