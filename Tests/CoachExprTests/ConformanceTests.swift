// ConformanceTests.swift — runs the CEL conformance cases (converted from cel-spec's simple
// tests) when the data directory is present; never copies the data into the repository.

import Foundation
import Testing
@testable import CoachExpr

/// Where the conformance data lives: `COACH_CONFORMANCE_DIR`, else `../shared/conformance/cel`
/// relative to the package root.
enum ConformanceData {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var directory: URL {
        if let env = ProcessInfo.processInfo.environment["COACH_CONFORMANCE_DIR"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance/cel")
    }

    static let coreFiles = ["basic", "comparisons", "conversions", "fields", "fp_math", "integer_math", "lists", "logic", "macros", "namespace", "parse", "plumbing", "string"]
    static let adoptedExtensions = ["string_ext", "math_ext", "macros2", "bindings_ext", "encoders_ext", "type_deduction"]

    /// A typed value from the case format as a runtime value.
    static func value(_ any: Any?) -> Value? {
        guard let obj = any as? [String: Any], let type = obj["type"] as? String else { return nil }
        switch type {
        case "null": return .null
        case "bool": return (obj["value"] as? Bool).map(Value.bool)
        case "int": return (obj["value"] as? String).flatMap { Int64($0) }.map(Value.int)
        case "uint": return (obj["value"] as? String).flatMap { UInt64($0) }.map(Value.uint)
        case "double":
            guard let s = obj["value"] as? String else { return nil }
            switch s {
            case "NaN": return .double(.nan)
            case "Infinity": return .double(.infinity)
            case "-Infinity": return .double(-.infinity)
            default: return Double(s).map(Value.double)
            }
        case "string": return (obj["value"] as? String).map(Value.string)
        case "bytes": return (obj["value"] as? String).flatMap { Base64.decode($0) }.map(Value.bytes)
        case "list":
            guard let items = obj["items"] as? [Any] else { return nil }
            var out: [Value] = []
            for i in items { guard let v = value(i) else { return nil }; out.append(v) }
            return .list(out)
        case "map":
            guard let entries = obj["entries"] as? [[String: Any]] else { return nil }
            var pairs: [(MapKey, Value)] = []
            for e in entries {
                guard let k = value(e["key"]).flatMap(MapKey.init), let v = value(e["value"]) else { return nil }
                pairs.append((k, v))
            }
            return .map(MapValue(pairs))
        case "type":
            guard let s = obj["value"] as? String else { return nil }
            return CELType.parse(s).map(Value.type) ?? .type(.object(ObjectType(name: s, fields: [])))
        default: return nil
        }
    }

    /// Typed equality as the conformance suite defines it (int 1 ≠ uint 1; NaN matches NaN; map order ignored).
    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.uint(x), .uint(y)): return x == y
        case let (.double(x), .double(y)): return (x.isNaN && y.isNaN) || (x == y && x.sign == y.sign)
        case let (.string(x), .string(y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case let (.bytes(x), .bytes(y)): return x == y
        case let (.list(x), .list(y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case let (.map(x), .map(y)):
            guard x.count == y.count else { return false }
            for (k, v) in x.entries {
                guard let w = y[k], same(v, w) else { return false }
            }
            return true
        case let (.type(x), .type(y)): return x.runtimeName == y.runtimeName
        default: return false
        }
    }

    struct Outcome {
        var passed: [String] = []
        var failed: [(String, String)] = []
        var skipped: [String] = []
    }

    /// Runs one case; nil reason means it passed.
    static func run(_ c: [String: Any]) -> String? {
        guard let expr = c["expr"] as? String else { return "no expression" }
        var env = Environment()
        if let container = c["container"] as? String { env.container = container }
        for decl in c["type_env"] as? [[String: Any]] ?? [] {
            guard let name = decl["name"] as? String else { continue }
            if let t = decl["type"] as? String { env.declare(name, CELType.parse(t) ?? .dyn) }
        }
        let bindings = c["bindings"] as? [String: Any] ?? [:]
        for name in bindings.keys.sorted() where env.variable(name) == nil { env.declare(name, .dyn) }
        let check = !(c["disable_check"] as? Bool ?? false)
        let program: Program
        do {
            program = try env.compile(expr, check: check)
        } catch {
            return "compile error: \(error.diagnostics.map(\.message).joined(separator: "; "))"
        }
        if check, let deduced = c["deduced_type"] as? String, program.resultType.description != deduced {
            return "checker deduced \(program.resultType), expected \(deduced)"
        }
        let act = Activation(environment: env)
        for (name, raw) in bindings {
            guard let v = value(raw), let d = env.variable(name) else { return "unsupported binding \(name)" }
            act.set(d.slot, v)
        }
        let result = program.evaluate(act)
        let wantError = c["error"] as? Bool ?? false
        if wantError {
            if case .error = result { return nil }
            return "expected an error, got \(Display.text(result))"
        }
        guard let expected = value(c["expect"]) else { return "unsupported expectation" }
        if same(result, expected) { return nil }
        return "expected \(Display.text(expected)), got \(Display.text(result))"
    }

    /// `file/name: reason` lines (file-level entries are `file/*`).
    static func knownDifferences() -> [String: String] {
        let url = packageRoot.appendingPathComponent("Tests/CoachExprTests/KnownDifferences.txt")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            out[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return out
    }
}

@Suite struct ConformanceTests {
    @Test func conformanceFiles() throws {
        let dir = ConformanceData.directory
        guard FileManager.default.fileExists(atPath: dir.path) else {
            print("conformance: \(dir.path) is absent; skipping the CEL conformance run")
            return
        }
        let known = ConformanceData.knownDifferences()
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        let bar = Set(ConformanceData.coreFiles + ConformanceData.adoptedExtensions)
        for file in files {
            let stem = String(file.dropLast(5))
            let data = try Data(contentsOf: dir.appendingPathComponent(file))
            let cases = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
            if !bar.contains(stem) {
                print("conformance \(stem): skipped \(cases.count) (not adopted: \(known["\(stem)/*"] ?? "no reason given"))")
                if !cases.isEmpty {
                    #expect(known["\(stem)/*"] != nil, "file \(stem) is not adopted and has no reason in KnownDifferences.txt")
                }
                continue
            }
            var outcome = ConformanceData.Outcome()
            var nowPassing: [String] = []
            for c in cases {
                let name = c["name"] as? String ?? "?"
                let id = "\(stem)/\(name)"
                if let listed = known[id], listed.hasPrefix("skip:") {
                    outcome.skipped.append(name)
                    continue
                }
                if let reason = ConformanceData.run(c) {
                    outcome.failed.append((name, reason))
                    #expect(known[id] != nil, "\(id) fails and is not listed: \(reason)")
                } else {
                    outcome.passed.append(name)
                    if known[id] != nil { nowPassing.append(name) }
                }
            }
            let total = outcome.passed.count + outcome.failed.count
            var line = "conformance \(stem): passed \(outcome.passed.count)/\(total), failed \(outcome.failed.count), skipped \(outcome.skipped.count)"
            if !outcome.failed.isEmpty { line += " [failing: \(outcome.failed.map(\.0).joined(separator: ", "))]" }
            if !nowPassing.isEmpty { line += " [listed but now passing: \(nowPassing.joined(separator: ", "))]" }
            print(line)
            if ProcessInfo.processInfo.environment["COACH_CONFORMANCE_VERBOSE"] != nil {
                for (n, r) in outcome.failed { print("  \(stem)/\(n): \(r)") }
            }
            if total > 0 {
                #expect(Double(outcome.passed.count) / Double(total) >= 0.95, "\(stem) passes fewer than 95% of its cases")
            }
        }
    }
}
