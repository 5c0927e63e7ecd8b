// EngineTests.swift — the serving engine from Swift: rule sets from texts, hot reload that
// keeps the old version when the new one is broken, results naming their fingerprint.

import CoachEngine
import CoachRules
import CoachSource
import CoachTestSupport
import Foundation
import Testing

@Suite struct EngineTests {
    static func shippedTexts() throws -> [(name: String, text: String)] {
        var files: [(name: String, text: String)] = []
        for folder in ["Rules", "Playbooks"] {
            let dir = TestPaths.inPackage(folder).path
            for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".yaml") {
                files.append((folder + "/" + name, try String(contentsOfFile: dir + "/" + name, encoding: .utf8)))
            }
        }
        return files
    }

    static func example(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: TestPaths.inPackage("Examples/\(name).json")))
    }

    func evaluate(_ engine: Engine, _ bytes: [UInt8], oneLine: Bool = false) throws -> [UInt8] {
        let r: Result<[UInt8], DiagnosticError> = bytes.withUnsafeBytes { raw in
            do throws(DiagnosticError) { return .success(try engine.evaluateJSON(raw, oneLine: oneLine)) } catch { return .failure(error) }
        }
        return try r.get()
    }

    @Test func `a worker that read a snapshot over a megabyte is not kept in the pool, so its room is freed`() throws {
        let engine = try Engine(rules: TestPaths.inPackage("Rules").path, playbooks: TestPaths.inPackage("Playbooks").path)
        let small = try Self.example("policy-problem")
        _ = try evaluate(engine, small)
        #expect(engine.pooledWorkers == 1)
        // The same seller with a 2 MB text signal the catalog does not know: read, said, evaluated.
        let text = String(decoding: small, as: UTF8.self)
        let large = Array(text.replacingOccurrences(of: "\"signals\": {", with: "\"signals\": {\"notes\": \"" + String(repeating: "a", count: 2 << 20) + "\", ").utf8)
        #expect(large.count > Engine.pooledAfterAtMost)
        _ = try evaluate(engine, large)
        #expect(engine.pooledWorkers == 0)
        _ = try evaluate(engine, small)
        #expect(engine.pooledWorkers == 1)
    }

    @Test func `a result on one line is the result's JSON on one line, the line coach batch writes`() throws {
        let engine = try Engine(rules: TestPaths.inPackage("Rules").path, playbooks: TestPaths.inPackage("Playbooks").path)
        let rs = try RuleSet.load(rules: TestPaths.inPackage("Rules").path, playbooks: TestPaths.inPackage("Playbooks").path)
        for name in ["policy-problem", "slipping-day-58", "missing-and-malformed", "new-seller-day-3"] {
            let bytes = try Self.example(name)
            let line = try evaluate(engine, bytes, oneLine: true)
            let snapshot = try SnapshotReader(ruleSet: rs).read(json: bytes)
            #expect(line == rs.evaluate(snapshot).jsonBytes(indent: nil) + [0x0A], "\(name)")
            let indented = try evaluate(engine, bytes)
            #expect(line.filter { $0 == 0x0A }.count == 1 && line.count < indented.count, "\(name)")
        }
    }

    @Test func `a rule set from texts is the rule set from its directories`() throws {
        let fromDirs = try Engine(rules: TestPaths.inPackage("Rules").path, playbooks: TestPaths.inPackage("Playbooks").path)
        let fromTexts = try Engine(texts: try Self.shippedTexts())
        #expect(fromDirs.fingerprint == fromTexts.fingerprint)
        let snapshot = try Self.example("policy-problem")
        #expect(try evaluate(fromDirs, snapshot) == evaluate(fromTexts, snapshot))
        let expected = try Data(contentsOf: TestPaths.inPackage("Tests/CoachCLITests/Expected/policy-problem.json"))
        #expect(try evaluate(fromTexts, snapshot) == Array(expected), "the bytes of coach eval --format json")
    }

    @Test(arguments: [("notes.txt", "x"), ("Rules/a/b.yaml", "x"), ("Rules/x.test.yaml", "x"), ("Other/x.yaml", "x")])
    func `a file name a rule set cannot hold is refused`(_ file: (String, String)) throws {
        var files = try Self.shippedTexts()
        files.append((file.0, file.1))
        #expect(throws: DiagnosticError.self) { try Engine(texts: files) }
    }

    @Test func `a broken reload leaves the old version serving and says what is wrong`() throws {
        let engine = try Engine(texts: try Self.shippedTexts())
        let before = engine.fingerprint
        let snapshot = try Self.example("slipping-day-58")
        let answer = try evaluate(engine, snapshot)
        var broken = try Self.shippedTexts()
        broken[broken.firstIndex { $0.name == "Rules/pricing.yaml" }!].text += "\n  - id: pricing.broken\n    when: no_such_signal > 1\n"
        do {
            try engine.reload(from: .texts(broken))
            Issue.record("a broken rule set was swapped in")
        } catch {
            #expect(error.diagnostics.contains { $0.location?.path == "Rules/pricing.yaml" && $0.severity == .error })
        }
        #expect(engine.fingerprint == before)
        #expect(try evaluate(engine, snapshot) == answer)

        var fixed = try Self.shippedTexts()
        fixed[fixed.firstIndex { $0.name == "Rules/ruleset.yaml" }!].text += "\n# a new version\n"
        let after = try engine.reload(from: .texts(fixed))
        #expect(after != before)
        let json = String(decoding: try evaluate(engine, snapshot), as: UTF8.self)
        #expect(json.contains("\"fingerprint\": \"\(after)\""))
        #expect(try engine.reload() == after, "reload() reads the last source again")
    }

    /// The evaluation plan of a version (and its first worker) is made by the load or reload
    /// that brings it in, not by the first evaluation it serves.
    @Test func `a version serves with its evaluation plan already made`() throws {
        let engine = try Engine(texts: try Self.shippedTexts())
        #expect(engine.ruleSet.derived.withLock { $0 != nil })
        var fixed = try Self.shippedTexts()
        fixed[fixed.firstIndex { $0.name == "Rules/ruleset.yaml" }!].text += "\n# a new version\n"
        try engine.reload(from: .texts(fixed))
        #expect(engine.ruleSet.derived.withLock { $0 != nil })
        let snapshot = try Self.example("slipping-day-58")
        let rs = try RuleSet.load(texts: fixed)
        #expect(try evaluate(engine, snapshot, oneLine: true)
                == rs.evaluate(try SnapshotReader(ruleSet: rs).read(json: snapshot)).jsonBytes(indent: nil) + [0x0A])
    }

    @Test func `threads evaluating while the rule set reloads, broken and fixed, each get a whole version`() async throws {
        let engine = try Engine(texts: try Self.shippedTexts())
        let snapshot = try Self.example("slipping-day-58")
        var broken = try Self.shippedTexts()
        broken[0].text += "\n  - id: x.broken\n    when: no_such_signal > 1\n"
        var versions: [String: [UInt8]] = [engine.fingerprint: try evaluate(engine, snapshot)]
        var texts: [[(name: String, text: String)]] = []
        for k in 1...3 {
            var fixed = try Self.shippedTexts()
            fixed[0].text += "\n# version \(k)\n"
            texts.append(fixed)
            let other = try Engine(texts: fixed)
            versions[other.fingerprint] = try evaluate(other, snapshot)
        }
        let expected = versions, brokenTexts = broken, fixedTexts = texts
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<25 {
                        let json = String(decoding: try self.evaluate(engine, snapshot), as: UTF8.self)
                        let fingerprint = expected.keys.first { json.contains("\"fingerprint\": \"\($0)\"") }
                        #expect(fingerprint.map { expected[$0] == Array(json.utf8) } == true, "a result of no whole version")
                    }
                }
            }
            group.addTask {
                for round in 0..<6 {
                    if round % 2 == 0 {
                        #expect(throws: DiagnosticError.self) { try engine.reload(from: .texts(brokenTexts)) }
                    } else {
                        try engine.reload(from: .texts(fixedTexts[round / 2]))
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func `an evaluation keeps the version it started with`() throws {
        let engine = try Engine(texts: try Self.shippedTexts())
        let old = engine.ruleSet
        var fixed = try Self.shippedTexts()
        fixed[0].text += "\n# next\n"
        let snapshot = try Self.example("thriving-day-80")
        // A reader and evaluator of the old version, held as an evaluation in flight holds them.
        let reader = SnapshotReader(ruleSet: old)
        try engine.reload(from: .texts(fixed))
        let s = try reader.read(json: snapshot)
        #expect(Evaluator(ruleSet: old).evaluate(s).ruleSet.fingerprint == old.fingerprint)
        #expect(engine.ruleSet !== old)
    }
}
