// FuzzFixtures.swift — what the fuzz targets evaluate against: a small environment of every
// kind of variable, the shipped rules, and the shipped example snapshots (read from the
// package's folder: COACH_ROOT, or the current directory).

import CoachEngine
import CoachExpr
import CoachRules
import CoachSource
import Foundation

extension FuzzTargets {
    /// Variables of every kind, for the expression target.
    static let environment: Environment = {
        var env = Environment()
        _ = env.declare("x", .int)
        _ = env.declare("d", .double)
        _ = env.declare("s", .string)
        _ = env.declare("b", .bool)
        _ = env.declare("l", .list(.int))
        _ = env.declare("m", .map(.string, .int))
        return env
    }()

    static let variables: [String: Value] = [
        "x": .int(7), "d": .double(2.5), "s": .string("héllo"), "b": .bool(true),
        "l": .list([.int(1), .int(2), .int(3)]), "m": .map(MapValue([(.string("a"), .int(1))])),
    ]

    /// The package's folder.
    static let root = ProcessInfo.processInfo.environment["COACH_ROOT"] ?? FileManager.default.currentDirectoryPath

    /// The shipped rule set, or why it does not load.
    static let shippedLoad: Result<RuleSet, DiagnosticError> = {
        do throws(DiagnosticError) {
            return .success(try RuleSetLoader.load(rules: root + "/Rules", playbooks: root + "/Playbooks"))
        } catch {
            return .failure(error)
        }
    }()

    /// The shipped rule set (nil when it does not load: ``unready(_:)`` says so before a run).
    static var shippedRules: RuleSet? { try? shippedLoad.get() }

    /// Why target `name` cannot run here, if it cannot: the targets that evaluate against the
    /// shipped rules would otherwise do nothing with every input, and a run of millions of
    /// inputs would test nothing (a fuzz program built before a change to the rule format
    /// cannot load rules written after it).
    package static func unready(_ name: String) -> String? {
        guard name == "snapshot" || name == "shipped", case .failure(let error) = shippedLoad else { return nil }
        let first = error.diagnostics.first.map { DiagnosticRenderer().render([$0]) } ?? "unknown error"
        return "the shipped rule set in \(root) does not load, so target '\(name)' would test nothing:\n\(first)"
    }

    /// The shipped example snapshots, as JSON text.
    static let examples: [String] = {
        let dir = root + "/Examples"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { try? String(contentsOfFile: dir + "/" + $0, encoding: .utf8) }
    }()
}
