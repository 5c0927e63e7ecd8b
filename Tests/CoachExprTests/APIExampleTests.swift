// APIExampleTests.swift — the Swift example of docs/expressions.md, as a test.

import CoachSource
import Testing
@testable import CoachExpr

@Suite struct APIExampleTests {
    @Test func documentedUsage() throws {
        let file = SourceFile(path: "Rules/listings.yaml", text: "when: conversion_rate < 0.01 && weak_listings.size() >= 2\n")
        let origin = TextOrigin(file: file, line: 1, column: 7)
        let listing = ObjectType(name: "Listing", fields: [.init("photos", .int), .init("title_length", .int)])
        var env = Environment()
        let rate = env.declare("conversion_rate", .double)
        let listings = env.declare("listings", .list(.object(listing)))
        let weak = env.declare("weak_listings", .list(.object(listing)))
        env.declare(function: FunctionDecl("percent", overloads: [
            Overload("percent_double", [.double], .string, implementation: .unary { v in
                v.double.map { Value.string(Display.double(($0 * 1000).rounded() / 10) + "%") } ?? .error("percent needs a double")
            }),
        ]))
        let definition = try env.compile("listings.filter(l, l.photos < 3)")
        let rule = try env.compile("conversion_rate < 0.01 && weak_listings.size() >= 2", origin: origin)
        #expect(rule.resultType == .bool)
        #expect(rule.variablesRead == ["conversion_rate", "weak_listings"])
        #expect(rule.warnings.isEmpty)
        let act = Activation(environment: env)
        act[rate] = .double(0.004)
        let one: Value = .object(ObjectValue.make(type: listing, values: ["photos": 1, "title_length": 40]))
        act[listings] = .list([one, one, .object(ObjectValue.make(type: listing, values: ["photos": 5, "title_length": 40]))])
        act.bindLazy(weak, to: definition)
        #expect(rule.evaluate(act, budget: 100_000).bool == true)
        act.setAbsent(rate)
        let failed = rule.evaluate(act)
        #expect(failed.evalError?.message == "no value for 'conversion_rate'")
        #expect(failed.evalError?.location?.description == "Rules/listings.yaml:1:7")
        #expect(try env.compile("percent(0.1234)").evaluate(act).string == "12.3%")
    }
}
