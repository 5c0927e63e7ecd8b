// NonFileEntriesTests.swift — what a rule set's folder names but is not a file to read: a
// link to nothing or to itself, a directory, a FIFO (which would wait for a writer forever).
// Each is an error naming it, never a file silently left out, never a hang.

import CoachRules
import CoachSource
import Foundation
import Testing

@Suite struct NonFileEntriesTests {
    @Test func `entries of the folder that are not files are errors, each named`() throws {
        let fixture = try RuleSetFixture()
        defer { fixture.remove() }
        let rules = fixture.rules
        try FileManager.default.createSymbolicLink(atPath: rules + "/gone.yaml", withDestinationPath: rules + "/nowhere/gone.yaml")
        try FileManager.default.createSymbolicLink(atPath: rules + "/loop-a.yaml", withDestinationPath: rules + "/loop-b.yaml")
        try FileManager.default.createSymbolicLink(atPath: rules + "/loop-b.yaml", withDestinationPath: rules + "/loop-a.yaml")
        try FileManager.default.createDirectory(atPath: rules + "/folder.yaml", withIntermediateDirectories: false)
        #expect(mkfifo(rules + "/fifo.yaml", 0o644) == 0)
        do {
            _ = try fixture.load()
            Issue.record("loaded")
        } catch {
            let said = error.diagnostics.map { "\($0.code) \($0.message)" }
            for (code, name) in [("io.unreadable", "gone.yaml"), ("io.unreadable", "loop-a.yaml"), ("io.unreadable", "loop-b.yaml"),
                                 ("io.directory", "folder.yaml"), ("io.unreadable", "fifo.yaml")] {
                #expect(said.contains { $0.hasPrefix(code) && $0.contains(rules + "/" + name) }, "\(name): \(said)")
            }
        }
    }

    /// The folder's listing gives a name whose bytes are not UTF-8 with U+FFFD in their place:
    /// the file is there, so "no such file" would be wrong; its name is the problem.
    @Test func `a file whose name is not UTF-8 is said to be so, not missing`() throws {
        let fixture = try RuleSetFixture()
        defer { fixture.remove() }
        let name = Array((fixture.rules + "/x").utf8) + [0xFF] + Array(".yaml".utf8) + [0]
        let fd = name.withUnsafeBufferPointer { p in p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: name.count) { open($0, O_CREAT | O_WRONLY, 0o644) } }
        #expect(fd >= 0)
        _ = "area: listings\nrules: []\n".withCString { write(fd, $0, strlen($0)) }
        close(fd)
        do {
            _ = try fixture.load()
            Issue.record("loaded")
        } catch {
            let said = error.diagnostics.map { "\($0.code) \($0.message)" }
            #expect(said.contains { $0.hasPrefix("rules.file-name") && $0.contains("the file's name is not UTF-8") }, "\(said)")
            #expect(!said.contains { $0.contains("No such file") }, "\(said)")
        }
    }

    /// A rules folder that is a loop of links is one that cannot be read, not a missing one
    /// (and so not one "without ruleset.yaml"), and a folder without read permission too.
    @Test func `a rules folder that cannot be read is said to be so, not missing`() throws {
        let fixture = try RuleSetFixture()
        defer { fixture.remove() }
        let loopA = fixture.root.path + "/loop-a", loopB = fixture.root.path + "/loop-b"
        try FileManager.default.createSymbolicLink(atPath: loopA, withDestinationPath: loopB)
        try FileManager.default.createSymbolicLink(atPath: loopB, withDestinationPath: loopA)
        do {
            _ = try RuleSetLoader.load(rules: loopA, playbooks: fixture.playbooks)
            Issue.record("loaded")
        } catch {
            let said = error.diagnostics.map { "\($0.code) \($0.message)" }
            #expect(said == ["io.unreadable rules directory '\(loopA)' cannot be read (\(String(cString: strerror(ELOOP))))"])
        }
        // Without read permission (a root user reads it anyway: then it loads).
        #expect(chmod(fixture.rules, 0o311) == 0)
        defer { chmod(fixture.rules, 0o755) }
        if getuid() != 0 {
            do {
                _ = try fixture.load()
                Issue.record("loaded")
            } catch {
                let said = error.diagnostics.map { "\($0.code) \($0.message)" }
                #expect(said == ["io.unreadable rules directory '\(fixture.rules)' cannot be read (\(String(cString: strerror(EACCES))))"])
            }
        }
    }

    /// `Pricing.YAML` is a rule file too: left out, its rules would be missing unsaid.
    @Test func `a rule file's extension is read in any case`() throws {
        let fixture = try RuleSetFixture(files: [("Rules/Extra.YAML", "area: listings\nrules: []\n"), ("Rules/more.Yml", "area: listings\nrules: []\nx: 1\n")])
        defer { fixture.remove() }
        do {
            _ = try fixture.load()
            Issue.record("loaded")
        } catch {
            let said = error.diagnostics.map { "\($0.code) \($0.location.map { "\($0)" } ?? "")" }
            #expect(said == ["rules.unknown-key \(fixture.rules)/more.Yml:3:1"], "\(said)")
        }
    }

    @Test func `a link to a file is read as the file`() throws {
        let fixture = try RuleSetFixture()
        defer { fixture.remove() }
        let plain = try fixture.load()
        let rules = fixture.rules
        let names = try FileManager.default.contentsOfDirectory(atPath: rules).filter { $0.hasSuffix(".yaml") && $0 != "ruleset.yaml" && $0 != "signals.yaml" }
        let name = try #require(names.sorted().first)
        try FileManager.default.moveItem(atPath: rules + "/" + name, toPath: fixture.root.path + "/" + name)
        try FileManager.default.createSymbolicLink(atPath: rules + "/" + name, withDestinationPath: fixture.root.path + "/" + name)
        #expect(try fixture.load().fingerprint == plain.fingerprint)
    }
}

/// One mistake, said once: an item refused for its own problem is not also unknown to the
/// rules that add it.
@Suite struct RefusedItemTests {
    @Test func `a playbook phase misspelt is one error, not also one per rule adding its items`() throws {
        let plan = try String(contentsOf: RuleSetFixture.base.appendingPathComponent("Playbooks/plan.yaml"), encoding: .utf8)
        let fixture = try RuleSetFixture(files: [("Playbooks/plan.yaml", plan.replacingOccurrences(of: "- phase: middle", with: "- phase: midle"))])
        defer { fixture.remove() }
        do {
            _ = try fixture.load()
            Issue.record("loaded")
        } catch {
            let codes = error.diagnostics.map(\.code)
            #expect(codes.contains("rules.unknown-phase"), "\(codes)")
            #expect(!codes.contains("rules.unknown-item"), "\(error.diagnostics.map(\.message))")
        }
    }
}
