// SnapshotBuilderTests.swift — a snapshot built by signal name from values in memory is the
// snapshot the same values give as JSON, and bad values get the JSON reader's diagnostics,
// naming the signal, without positions in text the host never wrote.

import CoachCLI
import CoachEngine
import CoachExpr
import CoachRules
import CoachSource
import CoachTestSupport
import Foundation
import Testing

@Suite struct SnapshotBuilderTests {
    static func shipped() throws -> RuleSet {
        try RuleSet.load(rules: TestPaths.inPackage("Rules").path, playbooks: TestPaths.inPackage("Playbooks").path)
    }

    /// The builder for a JSON snapshot's contents (signals of every kind, listings included).
    static func builder(fromJSON path: String) throws -> SnapshotBuilder {
        let text = try String(contentsOf: TestPaths.inPackage(path), encoding: .utf8)
        guard case .map(let root) = try JSONValueReader.read(text, what: path),
              case .map(let seller)? = root[.string("seller")], case .string(let id)? = seller[.string("id")],
              case .string(let enrolled)? = seller[.string("enrolled_on")], case .string(let asOf)? = root[.string("as_of")],
              case .map(let signals)? = root[.string("signals")] else { throw DiagnosticError(.error("not a snapshot: \(path)", code: .snapshotShape)) }
        var category: String?
        if case .string(let c)? = seller[.string("category")] { category = c }
        var b = SnapshotBuilder(seller: id, category: category, enrolledOn: enrolled, asOf: asOf)
        for (key, value) in signals.entries {
            if case .string(let name) = key { b.set(name, signalValue(value)) }
        }
        if case .list(let delivered)? = root[.string("delivered")] {
            for case .map(let d) in delivered {
                if case .string(let rule)? = d[.string("id")], case .string(let at)? = d[.string("at")] { b.delivered(rule, on: at) }
            }
        }
        return b
    }

    static func signalValue(_ v: Value) -> SignalValue {
        switch v {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int(i))
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .list(let items): return .list(items.map(signalValue))
        case .map(let m):
            var fields: [String: SignalValue] = [:]
            for (k, v) in m.entries { if case .string(let name) = k { fields[name] = signalValue(v) } }
            return .object(fields)
        default: return .null
        }
    }

    @Test(arguments: ["Examples/new-seller-day-3.json", "Examples/high-returns-day-45.json", "Examples/thriving-day-80.json",
                      "Examples/slipping-day-58.json"])
    func `a built snapshot evaluates as its JSON does`(_ path: String) throws {
        let rs = try Self.shipped()
        let built = try Self.builder(fromJSON: path).build(for: rs)
        let read = try SnapshotReader(ruleSet: rs).read(path: TestPaths.inPackage(path).path)
        #expect(built.sellerID == read.sellerID && built.asOf == read.asOf && built.enrolledOn == read.enrolledOn)
        var (fromBuilder, fromJSON) = (rs.evaluate(built), rs.evaluate(read))
        #expect(fromBuilder.diagnostics.allSatisfy { $0.location == nil })
        #expect(fromBuilder.diagnostics.map(\.message) == fromJSON.diagnostics.map(\.message))
        (fromBuilder.diagnostics, fromJSON.diagnostics) = ([], [])  // the JSON file's have positions
        #expect(fromBuilder == fromJSON)
        #expect(!fromJSON.tips.isEmpty)
    }

    @Test func `wrong values are named, not placed`() throws {
        let rs = try Self.shipped()
        var b = try Self.builder(fromJSON: "Examples/new-seller-day-3.json")
        b.set("orders_30d", .string("many"))
        b.set("not_a_signal", .int(1))
        let snapshot = try b.build(for: rs)
        let messages = snapshot.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("signal 'orders_30d' is \"many\"") })
        #expect(messages.contains { $0.contains("unknown signal 'not_a_signal'") })
        #expect(snapshot.diagnostics.allSatisfy { $0.location == nil })
    }

    @Test func `a bad date is an error`() throws {
        let rs = try Self.shipped()
        var b = try Self.builder(fromJSON: "Examples/new-seller-day-3.json")
        b.asOf = "2026-13-40"
        #expect(throws: DiagnosticError.self) { try b.build(for: rs) }
        do {
            _ = try b.build(for: rs)
        } catch {
            #expect(error.diagnostics.contains { $0.message.contains("as_of") && $0.location == nil })
        }
    }
}

@Suite struct SnapshotBuilderStateTests {
    @Test func `the seller's state set through the builder holds back what it says`() throws {
        let rs = try SnapshotBuilderTests.shipped()
        let plain = try SnapshotBuilderTests.builder(fromJSON: "Examples/new-seller-day-3.json")
        let shown = rs.evaluate(try plain.build(for: rs))
        let first = try #require(shown.tips.first)
        var b = plain
        b.dismissed(first.id, on: b.asOf)
        let after = rs.evaluate(try b.build(for: rs))
        #expect(!after.tips.contains { $0.id == first.id })
        #expect(after.suppressed.contains { $0.id == first.id && $0.reason == .dismissed })
    }
}
