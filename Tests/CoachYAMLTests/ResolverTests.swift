// ResolverTests.swift — the YAML 1.2 core schema, one plain scalar at a time.

import CoachYAML
import Testing

@Suite struct ResolverTests {
    static let cases: [(String, ScalarValue)] = [
        ("", .null), ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("nULL", .string("nULL")),
        ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)), ("false", .bool(false)),
        ("yes", .string("yes")), ("no", .string("no")), ("NO", .string("NO")), ("on", .string("on")),
        ("off", .string("off")), ("y", .string("y")), ("n", .string("n")),
        ("0", .int(0)), ("-0", .int(0)), ("+12", .int(12)), ("012", .int(12)), ("0x1A", .int(26)), ("0o17", .int(15)),
        ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
        ("0x", .string("0x")), ("0o9", .string("0o9")), ("1_000", .string("1_000")), ("0b1", .string("0b1")),
        ("1.5", .float(1.5)), ("-.5", .float(-0.5)), ("1.", .float(1)), ("1e3", .float(1000)), ("1E-2", .float(0.01)),
        (".inf", .float(.infinity)), ("-.Inf", .float(-.infinity)), ("+.INF", .float(.infinity)),
        ("1e", .string("1e")), (".", .string(".")), ("e3", .string("e3")), ("1.2.3", .string("1.2.3")),
        ("12:30", .string("12:30")), ("2026-11-24", .string("2026-11-24")), ("0.1.2", .string("0.1.2")),
    ]

    @Test(arguments: cases)
    func `plain scalar resolves by the core schema`(_ text: String, _ expected: ScalarValue) throws {
        #expect(try Resolver.resolvePlain(text) == expected)
    }

    @Test func `nan resolves to a NaN float`() throws {
        for text in [".nan", ".NaN", ".NAN"] {
            guard case .float(let d) = try Resolver.resolvePlain(text) else { Issue.record("\(text) did not resolve to a float"); continue }
            #expect(d.isNaN)
        }
    }

    @Test func `an integer beyond 64 bits is an error, not a float`() {
        #expect(throws: Resolver.Failure.integerOutOfRange) { try Resolver.resolvePlain("9223372036854775808") }
        #expect(throws: Resolver.Failure.integerOutOfRange) { try Resolver.resolvePlain("0xFFFFFFFFFFFFFFFFFF") }
    }

    @Test func `explicit tags`() throws {
        #expect(try Resolver.resolve("12", tag: Resolver.Tag.str) == .string("12"))
        #expect(try Resolver.resolve("12", tag: Resolver.Tag.float) == .float(12))
        #expect(try Resolver.resolve("12", tag: Resolver.Tag.nonSpecific) == .string("12"))
        #expect(throws: Resolver.Failure.doesNotMatch(tag: "!!bool")) { try Resolver.resolve("yes", tag: Resolver.Tag.bool) }
    }
}
