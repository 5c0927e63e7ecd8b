// FixtureTests.swift — the YAML surface as fixture files: Fixtures/resolve/*.yaml must
// resolve to the JSON beside them; Fixtures/errors/*.yaml must be refused with exactly the
// diagnostics in the .expected file beside them (position, snippet, caret, hint).
//
// Set COACH_UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change, then
// review the diff.

@_spi(Streaming) import CoachJSON
import CoachSource
import CoachTestSupport
import CoachYAML
import Foundation
import Testing

struct Fixture: CustomTestStringConvertible, Sendable {
    let name: String
    let url: URL
    var testDescription: String { name }

    static func all(in folder: String) -> [Fixture] {
        let dir = TestPaths.inPackage("Tests/CoachYAMLTests/Fixtures/\(folder)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map {
            Fixture(name: $0, url: dir.appendingPathComponent($0))
        }
    }

    func sibling(_ ext: String) -> URL { url.deletingPathExtension().appendingPathExtension(ext) }
}

private var updating: Bool { ProcessInfo.processInfo.environment["COACH_UPDATE_GOLDEN"] == "1" }

/// Parses with the fixture's name as its path, so goldens do not depend on the checkout.
private func parseFixture(_ f: Fixture) throws(DiagnosticError) -> [Node] {
    let dir = f.url.deletingLastPathComponent()
    let bytes = try FileReader.read(path: f.url.path, maxBytes: YAMLLimits.default.maxFileBytes)
    let file = SourceFile(path: "\(dir.lastPathComponent)/\(f.name)", text: String(decoding: bytes, as: UTF8.self))
    return try YAMLParser().parse(bytes: bytes, file: file)
}

@Suite struct FixtureTests {
    @Test(arguments: Fixture.all(in: "resolve"))
    func `resolves to the expected JSON`(_ f: Fixture) throws {
        let docs = try parseFixture(f)
        let actual = JSONWriter().write(.array(docs.map(\.json))) + "\n"
        if updating { try actual.write(to: f.sibling("json"), atomically: true, encoding: .utf8) }
        let expected = try String(contentsOf: f.sibling("json"), encoding: .utf8)
        #expect(actual == expected)
    }

    @Test(arguments: Fixture.all(in: "errors"))
    func `is refused with the expected diagnostics`(_ f: Fixture) throws {
        var rendered = ""
        do {
            _ = try parseFixture(f)
            Issue.record("\(f.name) was accepted")
        } catch {
            rendered = DiagnosticRenderer(color: false).render(error.diagnostics)
        }
        if updating { try rendered.write(to: f.sibling("expected"), atomically: true, encoding: .utf8) }
        let expected = try String(contentsOf: f.sibling("expected"), encoding: .utf8)
        #expect(rendered == expected)
    }

    @Test func `every error fixture has an expected file and every resolve fixture a JSON file`() {
        let errors = Fixture.all(in: "errors")
        let resolves = Fixture.all(in: "resolve")
        #expect(errors.count >= 10)
        #expect(resolves.count >= 5)
        for f in errors { #expect(FileManager.default.fileExists(atPath: f.sibling("expected").path), "\(f.name)") }
        for f in resolves { #expect(FileManager.default.fileExists(atPath: f.sibling("json").path), "\(f.name)") }
    }
}
