// BadInputTests.swift — the bad-input corpus (Tests/BadInput/*.case): each case runs the
// `coach` binary as a user would (a shell command line where `coach` is the built binary),
// on the base rule set with the case's files added or replaced, and must end with exactly
// the expected status, standard error and standard output — never a crash (a signal),
// never a hang. COACH_UPDATE_GOLDEN=1 rewrites the expected sections (review
// the diff). The format is described in Tests/BadInput/README.md.

import CoachTestSupport
import Foundation
import Testing

@Suite struct BadInputTests {
    @Test(arguments: BadInputCase.all())
    func `bad input gets its exact error, never a crash or a hang`(_ c: BadInputCase) throws {
        let coach = try #require(TestPaths.coachBinary, "build coach first")
        let dir = try c.materialize()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try RunProcess.run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "coach() { \"$COACH\" \"$@\"; }\n\(c.command)"], in: dir,
            environment: ["COACH": coach.path], timeout: BadInputCase.timeout)
        #expect(!result.timedOut, "\(c.name) ran for over \(Int(BadInputCase.timeout)) s")
        // The shell reports a child stopped by a signal as 128 + the signal's number.
        #expect(!result.signalled && result.status < 128, "\(c.name) was stopped by a signal (status \(result.status))")
        var actual = "exit \(result.status)\n" + c.relative(result.stderr, in: dir)
        if !result.stdout.isEmpty { actual += "--- stdout\n" + c.relative(result.stdout, in: dir) }
        if ProcessInfo.processInfo.environment["COACH_UPDATE_GOLDEN"] == "1" { try c.updateExpected(actual) }
        #expect(actual == c.expected)
    }

    @Test func `the corpus holds at least eighty cases`() {
        #expect(BadInputCase.all().count >= 80)
    }

    @Test func `repeat blocks and escapes expand as documented`() throws {
        let text = "=== command\ncoach check\n=== a.yaml (escaped)\nx\\x41\\t\\\\\n@repeat 3\n- {n}\n@end\n=== expected\nexit 0\n"
        let c = try BadInputCase(name: "t", url: URL(fileURLWithPath: "/dev/null"), text: text)
        #expect(c.files.first?.content.map { String(decoding: $0, as: UTF8.self) } == "xA\t\\\n- 1\n- 2\n- 3\n")
        #expect(c.command == "coach check")
        #expect(c.expected == "exit 0\n")
    }
}

/// One case of the corpus: a shell command line, files to write into a copy of the base rule
/// set, and the expected exit status, standard error and (after `--- stdout`) standard output.
struct BadInputCase: CustomTestStringConvertible, Sendable {
    static let folder = TestPaths.inPackage("Tests/BadInput")
    static let base = TestPaths.inPackage("Tests/CoachRulesTests/Fixtures/base")
    /// Longer than any case should take; a case that runs this long has hung.
    static let timeout: TimeInterval = 30

    struct File: Sendable {
        let path: String
        /// `nil` deletes the base's file.
        let content: [UInt8]?
    }

    let name: String
    let url: URL
    let command: String
    let files: [File]
    let expected: String
    var testDescription: String { name }

    static func all() -> [BadInputCase] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".case") }.sorted()
        return names.compactMap { n in
            let url = folder.appendingPathComponent(n)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
            return try? BadInputCase(name: String(n.dropLast(5)), url: url, text: text)
        }
    }

    init(name: String, url: URL, text: String) throws {
        self.name = name
        self.url = url
        var sections: [(String, [Substring])] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("=== ") {
                sections.append((String(line.dropFirst(4)), []))
            } else if !sections.isEmpty {
                sections[sections.count - 1].1.append(line)
            }
        }
        var command = "coach check", files: [File] = [], expected = ""
        for (header, lines) in sections {
            let body = Self.expand(lines)
            switch header {
            case "command": command = body.trimmingCharacters(in: .whitespacesAndNewlines)
            case "expected": expected = Self.trimmed(body)
            default:
                if header.hasSuffix(" (deleted)") {
                    files.append(File(path: String(header.dropLast(10)), content: nil))
                } else if let r = header.range(of: " (repeat "), header.hasSuffix(")"),
                          let n = Int(header[r.upperBound...].dropLast()) {
                    let path = String(header[..<r.lowerBound])
                    for k in 1...max(n, 1) {
                        let number = String(k)
                        files.append(File(path: path.replacingOccurrences(of: "{n}", with: number),
                                          content: Array(body.replacingOccurrences(of: "{n}", with: number).utf8)))
                    }
                } else if header.hasSuffix(" (escaped)") {
                    files.append(File(path: String(header.dropLast(10)), content: Self.unescape(body)))
                } else {
                    files.append(File(path: header, content: Array(body.utf8)))
                }
            }
        }
        self.command = command
        self.files = files
        self.expected = expected
    }

    /// Lines with `@repeat N` … `@end` blocks written out N times, `{n}` counting from 1.
    static func expand(_ lines: [Substring]) -> String {
        var out: [Substring] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if line.hasPrefix("@repeat "), let n = Int(line.dropFirst(8)),
               let end = lines[i...].firstIndex(of: "@end") {
                let block = lines[(i + 1)..<end]
                for k in 0..<n {
                    for b in block { out.append(Substring(b.replacingOccurrences(of: "{n}", with: String(k + 1)))) }
                }
                i = end + 1
            } else {
                out.append(line)
                i += 1
            }
        }
        var text = out.joined(separator: "\n")
        if !out.isEmpty { text += "\n" }
        while text.hasSuffix("\n\n") { text.removeLast() }
        return text
    }

    static func trimmed(_ s: String) -> String {
        var s = s
        while s.hasSuffix("\n\n") { s.removeLast() }
        return s
    }

    /// `\xHH`, `\r`, `\t`, `\n` and `\\` decoded into bytes; anything else kept.
    static func unescape(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\"), i + 1 < bytes.count else { out.append(b); i += 1; continue }
            switch bytes[i + 1] {
            case UInt8(ascii: "r"): out.append(13); i += 2
            case UInt8(ascii: "t"): out.append(9); i += 2
            case UInt8(ascii: "n"): out.append(10); i += 2
            case UInt8(ascii: "\\"): out.append(b); i += 2
            case UInt8(ascii: "x") where i + 3 < bytes.count:
                if let v = UInt8(String(decoding: bytes[(i + 2)...(i + 3)], as: UTF8.self), radix: 16) {
                    out.append(v); i += 4
                } else {
                    out.append(b); i += 1
                }
            default: out.append(b); i += 1
            }
        }
        return out
    }

    /// A fresh copy of the base rule set with this case's files written.
    func materialize() throws -> URL {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("coach-bad-\(UUID().uuidString)")
        try fm.copyItem(at: Self.base, to: root)
        for f in files {
            let target = root.appendingPathComponent(f.path)
            if let content = f.content {
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(content).write(to: target)
            } else {
                try? fm.removeItem(at: target)
            }
        }
        return root
    }

    func relative(_ text: String, in dir: URL) -> String {
        text.replacingOccurrences(of: dir.path + "/", with: "")
            .replacingOccurrences(of: dir.resolvingSymlinksInPath().path + "/", with: "")
    }

    /// Rewrites the file's expected section.
    func updateExpected(_ actual: String) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let range = text.range(of: "=== expected\n") else { return }
        var rest = String(text[range.upperBound...])
        let tail = rest.range(of: "\n=== ").map { String(rest[$0.lowerBound...]) } ?? ""
        rest = actual.hasSuffix("\n") ? actual : actual + "\n"
        try (String(text[..<range.upperBound]) + rest + tail.dropFirst()).write(to: url, atomically: true, encoding: .utf8)
    }
}
