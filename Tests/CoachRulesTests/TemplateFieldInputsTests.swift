// TemplateFieldInputsTests.swift — a text showing a field of an object variable
// (`percent(benchmark.conversion_rate, 1)`) is checked, in ids-only output, by the field's
// value instead of being written; over objects whose field is unset, NaN, infinite, of
// another kind, or of another type, the check fails exactly where writing the text fails.

import CoachExpr
import CoachSource
import Testing
@testable import CoachRules

@Suite struct TemplateFieldInputsTests {
    static let row = ObjectType(name: "Row", fields: [.init("rate", .double), .init("count", .int)])
    static let lookalike = ObjectType(name: "Row", fields: [.init("rate", .double)])
    /// Another type, its fields in another order: read by name, never by the row's indices.
    static let other = ObjectType(name: "Other", fields: [.init("count", .int), .init("rate", .double)])

    @Test("a field's check agrees with writing the text", arguments: [
        "{{ percent(row.rate, 1) }}", "{{ number(row.rate) }} and {{ plural(row.count, \"order\") }}", "{{ row.rate }}",
        "{{ days(row.count) }}",
    ])
    func agrees(_ text: String) throws {
        var env = Environment()
        for f in Formatting.functions(currency: "USD") { env.declare(function: f) }
        let slot = env.declare("row", .object(Self.row))
        let file = SourceFile(path: "t.yaml", text: text)
        var bag = DiagnosticBag()
        let t = try #require(Template.compile(TemplateText(text: text, origin: TextOrigin(file: file, line: 1, column: 1),
                                                           location: SourceLocation(file: file, line: 1, column: 1)),
                                              environment: env, &bag))
        #expect(t.inputs?.allSatisfy { $0.field >= 0 } == true, "\(text) is not checked by its fields")
        let rates: [Value?] = [nil, .double(0.25), .double(.nan), .double(.infinity), .int(3), .uint(2), .string("x"), .bool(true), .null]
        let counts: [Value?] = [nil, .int(4), .int(-1), .double(2), .string("2")]
        var passed = 0, failed = 0
        for rate in rates {
            for count in counts {
                for type in [Self.row, Self.lookalike, Self.other] {
                    let a = Activation(environment: env)
                    let fields = type === Self.row ? [rate, count] : type === Self.other ? [count, rate] : [rate]
                    a[slot] = .object(ObjectValue.make(type: type, fields: fields))
                    let check = t.cannotFail(a), problem = t.evaluatedProblem(a)
                    // What the check passes writes without a problem; what it does not is left
                    // to writing, which then finds what `problem` finds.
                    if check { passed += 1; #expect(problem == nil, "\(text) with \(String(describing: rate)), \(String(describing: count))") }
                    if problem != nil { failed += 1 }
                    #expect(t.problem(a)?.message == problem?.message)
                }
            }
        }
        #expect(passed > 0 && failed > 0)
    }
    /// `size()` of a list or map variable checked by the count it has, a `filter` definition
    /// counted without its list: the check passes only where writing the text succeeds, the
    /// budget included (`size()` charges one a element).
    @Test("a size's check agrees with writing the text", arguments: [
        "{{ plural(xs.size(), \"listing\") }}", "{{ size(m) }} keys", "{{ number(kept.size()) }} kept, {{ plural(xs.size(), \"one\", \"many\") }}",
        "{{ days(kept.size()) }}",
    ])
    func sizes(_ text: String) throws {
        for budget in [1_000_000, 12] {
            var env = Environment()
            env.limits.costBudget = budget
            for f in Formatting.functions(currency: "USD") { env.declare(function: f) }
            let xs = env.declare("xs", .list(.int)), m = env.declare("m", .map(.string, .int)), kept = env.declare("kept", .list(.int))
            let keptProgram = try env.compile("xs.filter(x, x > 1)")
            let file = SourceFile(path: "t.yaml", text: text)
            var bag = DiagnosticBag()
            let t = try #require(Template.compile(TemplateText(text: text, origin: TextOrigin(file: file, line: 1, column: 1),
                                                               location: SourceLocation(file: file, line: 1, column: 1)),
                                                  environment: env, &bag))
            #expect(t.inputs?.contains { $0.sizeAtMost != nil } == true, "\(text) is not checked by its sizes")
            var passed = 0, failed = 0
            for n in [0, 1, 3, 4, 5, 6, 7, 11, 12, 13, 40] {  // around the limits of a budget of 12
                for value in [Value.list((0..<n).map { .int(Int64($0)) }), .map(MapValue((0..<n).map { (.string("k\($0)"), .int(1)) })), .string("x"), .null, nil] as [Value?] {
                    let a = Activation(environment: env)
                    if let value { a[xs] = value; a[m] = value }
                    a.bindLazy(kept, to: keptProgram)
                    let check = t.cannotFail(a)
                    let fresh = Activation(environment: env)
                    if let value { fresh[xs] = value; fresh[m] = value }
                    fresh.bindLazy(kept, to: keptProgram)
                    let problem = t.evaluatedProblem(fresh)
                    if check { passed += 1; #expect(problem == nil, "\(text) budget \(budget) with \(n) \(String(describing: value))") }
                    if problem != nil { failed += 1 }
                    #expect(t.problem(a)?.message == problem?.message)
                }
            }
            #expect(passed > 0 && failed > 0, "\(text) budget \(budget)")
        }
    }
}
