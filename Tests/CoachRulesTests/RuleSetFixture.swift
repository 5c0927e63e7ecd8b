// RuleSetFixture.swift — builds rule sets for tests: the base fixture copied to a fresh
// directory, with files replaced, added or deleted by a `.case` file.

import CoachRules
import CoachSource
import CoachTestSupport
import Foundation

/// A temporary rule set directory built from `Fixtures/base` plus overrides.
struct RuleSetFixture {
    let root: URL

    static let base = TestPaths.inPackage("Tests/CoachRulesTests/Fixtures/base")

    /// Copies the base fixture and applies `files` (path → content; `nil` deletes).
    init(files: [(String, String?)] = []) throws {
        let fm = FileManager.default
        root = fm.temporaryDirectory.appendingPathComponent("coach-test-\(UUID().uuidString)")
        try fm.copyItem(at: Self.base, to: root)
        for (path, content) in files {
            let url = root.appendingPathComponent(path)
            if let content {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try content.write(to: url, atomically: true, encoding: .utf8)
            } else {
                try? fm.removeItem(at: url)
            }
        }
    }

    var rules: String { root.appendingPathComponent("Rules").path }
    var playbooks: String { root.appendingPathComponent("Playbooks").path }

    func load() throws(DiagnosticError) -> RuleSet {
        try RuleSetLoader.load(rules: rules, playbooks: playbooks)
    }

    /// Text with this fixture's directory removed from paths, so goldens are stable.
    func relative(_ text: String) -> String {
        text.replacingOccurrences(of: root.path + "/", with: "")
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// A `.case` file: a comment, files to override, and the expected output.
struct CaseFile: CustomTestStringConvertible, Sendable {
    let name: String
    let url: URL
    let files: [(String, String?)]
    let expected: String
    var testDescription: String { name }

    static func all(in folder: String) -> [CaseFile] {
        let dir = TestPaths.inPackage("Tests/CoachRulesTests/Fixtures/\(folder)")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".case") }.sorted()
        return names.compactMap { try? CaseFile(url: dir.appendingPathComponent($0)) }
    }

    init(url: URL) throws {
        self.url = url
        name = url.deletingPathExtension().lastPathComponent
        let text = try String(contentsOf: url, encoding: .utf8)
        var files: [(String, String?)] = []
        var expected = ""
        var current: String?
        var body: [Substring] = []
        func flush() {
            guard let current else { return }
            let content = body.joined(separator: "\n") + (body.isEmpty ? "" : "\n")
            if current == "expected" {
                expected = content
            } else if current.hasSuffix(" (deleted)") {
                files.append((String(current.dropLast(" (deleted)".count)), nil))
            } else {
                files.append((current, content))
            }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("=== ") {
                flush()
                current = String(line.dropFirst(4))
                body = []
            } else if current != nil {
                body.append(line)
            }
        }
        flush()
        while expected.hasSuffix("\n\n") { expected.removeLast() }
        self.files = files
        self.expected = expected
    }

    /// Rewrites the file's expected section.
    func updateExpected(_ actual: String) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let range = text.range(of: "=== expected\n") else { return }
        try (String(text[..<range.upperBound]) + actual).write(to: url, atomically: true, encoding: .utf8)
    }
}

import Testing
