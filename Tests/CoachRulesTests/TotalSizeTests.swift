// TotalSizeTests.swift — a rule set's files together hold at most 32 MiB: each file may hold
// 8 MiB, and a thousand such files would take hundreds of gigabytes to compile. The limit is
// said before any file is parsed, for folders and for files given in memory alike.

import CoachRules
import CoachSource
import Foundation
import Testing

@Suite struct TotalSizeTests {
    /// A rule file of about `megabytes` MiB: an empty rule list and a long comment.
    static func padded(_ megabytes: Int) -> String {
        "area: listings\nrules: []\n" + String(repeating: "# " + String(repeating: "x", count: 1_000) + "\n", count: megabytes * 1_040)
    }

    @Test func `files over 32 MiB together are refused before parsing, from folders and from memory`() throws {
        let files = (1...5).map { ("Rules/padding-\($0).yaml", Optional(Self.padded(7))) }
        let fixture = try RuleSetFixture(files: files)
        defer { fixture.remove() }
        let started = Date()
        do {
            _ = try fixture.load()
            Issue.record("loaded")
        } catch {
            let said = error.diagnostics.map { "\($0.code) \($0.message)" }
            #expect(said.count == 1 && said[0].hasPrefix("rules.too-large") && said[0].contains("over the limit of 33554432 bytes"), "\(said)")
        }
        #expect(Date().timeIntervalSince(started) < 10, "refused before parsing")
        let texts = files.map { (name: $0.0, text: $0.1 ?? "") }
        #expect(throws: DiagnosticError.self) { try RuleSetLoader.load(texts: texts) }
        do {
            _ = try RuleSetLoader.load(texts: texts)
        } catch {
            #expect(error.diagnostics.map(\.code) == ["rules.too-large"])
            #expect(error.diagnostics.first?.message.hasPrefix("the 5 files given hold") == true)
        }
    }

    @Test func `files just under the limit together are read`() throws {
        let fixture = try RuleSetFixture(files: (1...4).map { ("Rules/padding-\($0).yaml", Optional(Self.padded(7))) })
        defer { fixture.remove() }
        #expect(try fixture.load().rules.count > 0)
    }
}
