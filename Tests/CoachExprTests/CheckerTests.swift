// CheckerTests.swift — type checking: unknown names with suggestions, overload errors,
// object fields, result types.

import CoachSource
import Testing
@testable import CoachExpr

@Suite struct CheckerTests {
    static func env() -> Environment {
        var e = Environment()
        e.declare("conversion_rate", .double)
        e.declare("sessions_30d", .int)
        e.declare("category", .string)
        e.declare("listings", .list(.object(listingType)))
        e.declare("tags", .map(.string, .int))
        e.declare("anything", .dyn)
        return e
    }

    struct Case: Sendable, CustomStringConvertible {
        let text: String
        let message: String
        let column: Int
        let hint: String?
        var description: String { text }
    }

    @Test(arguments: [
        Case(text: "conversion_rat < 0.01", message: "undeclared reference to 'conversion_rat'", column: 1, hint: "did you mean 'conversion_rate'?"),
        Case(text: "sessions_30d > 1 && categroy == 'toys'", message: "undeclared reference to 'categroy'", column: 21, hint: "did you mean 'category'?"),
        Case(text: "listings.exists(l, l.photo < 3)", message: "type 'Listing' has no field 'photo'", column: 22, hint: "did you mean 'photos'?"),
        Case(text: "size(1)", message: "no matching overload for size(int)", column: 1, hint: nil),
        Case(text: "category.startsWith(1)", message: "no matching overload for string.startsWith(int)", column: 10, hint: nil),
        Case(text: "sessions_30d + 1.5 > 2.0", message: "no matching overload for +(int, double)", column: 14, hint: nil),
        Case(text: "sizee(category)", message: "undeclared function 'sizee'", column: 1, hint: "did you mean 'size'?"),
        Case(text: "category ? 1 : 2", message: "the condition of '?:' needs a bool, not 'string'", column: 1, hint: nil),
        Case(text: "sessions_30d.foo", message: "type 'int' has no fields (selecting 'foo')", column: 14, hint: nil),
        Case(text: "listings.photos", message: "type 'list(Listing)' has no fields (selecting 'photos')", column: 10, hint: "'photos' belongs to each Listing: use a macro such as .map(x, x.photos) or .exists(x, x.photos …)"),
        Case(text: "category.size > 3", message: "type 'string' has no fields (selecting 'size')", column: 10, hint: "'size' is a function: write .size()"),
        Case(text: "category == 1", message: "comparing 'string' with 'int' is always false", column: 10, hint: "convert one side, e.g. string(x) or int(x)"),
        Case(text: "sessions_30d != 'a'", message: "comparing 'int' with 'string' is always true", column: 14, hint: nil),
        Case(text: "category in [1, 2]", message: "'string' can never be in a list(int)", column: 10, hint: "the element types differ"),
        Case(text: "category in 'toys'", message: "'in' needs a list or a map on the right, not 'string'", column: 10, hint: nil),
        Case(text: "listings[0].photos + 'x'", message: "no matching overload for +(int, string)", column: 20, hint: nil),
    ])
    func errors(_ c: Case) {
        let ds = diagnostics(c.text, env: CheckerTests.env())
        #expect(ds.count == 1, "\(ds)")
        #expect(ds.first?.message == c.message)
        #expect(ds.first?.location?.column == c.column)
        if let hint = c.hint { #expect(ds.first?.hint == hint) }
    }

    /// Every problem is reported, not only the first.
    @Test func reportsAllProblems() {
        let ds = diagnostics("foo > 1 && bar < 2", env: CheckerTests.env())
        #expect(ds.map(\.message) == ["undeclared reference to 'foo'", "undeclared reference to 'bar'"])
    }

    @Test(arguments: [
        ("conversion_rate < 0.01 && sessions_30d > 500", CELType.bool),
        ("sessions_30d < 1.5", .bool),
        ("listings.filter(l, l.photos < 3)", .list(.object(listingType))),
        ("listings.map(l, l.photos)", .list(.int)),
        ("tags['a']", .int),
        ("anything.foo", .dyn),
        ("max(1, 2)", .int),
        ("max(1, 2.0)", .dyn),
        ("[1, 'a']", .list(.dyn)),
        ("category + '!'", .string),
        ("listings.exists(l, l.has_description)", .bool),
    ])
    func resultTypes(_ text: String, _ type: CELType) throws {
        let p = try CheckerTests.env().compile(text)
        #expect(p.resultType == type)
    }

    /// A compiled program keeps its checked tree: every node's type, as the checker gave it,
    /// for the tools that walk the tree (the linter, explain) instead of guessing.
    @Test func `a program keeps the type of every node`() throws {
        let p = try CheckerTests.env().compile("sessions_30d / 3 < 0.5 || double(sessions_30d) > 1.5")
        let root = try #require(p.parsed?.root)
        guard case .call(_, _, let sides) = root.kind, case .call(_, _, let left) = sides[0].kind,
              case .call(_, _, let right) = sides[1].kind else { Issue.record("unexpected tree"); return }
        #expect(p.type(of: root) == .bool)
        #expect(p.type(of: left[0]) == .int)
        #expect(p.type(of: left[1]) == .double)
        #expect(p.type(of: right[0]) == .double)
        #expect(p.isIntegerDivision(left[0]))
        #expect(!p.isIntegerDivision(right[0]))
        let unchecked = try CheckerTests.env().compile("sessions_30d / 3 < 0.5", check: false)
        #expect(unchecked.parsed.map { unchecked.type(of: $0.root) } == .some(nil))
    }

    /// Traps that compile, with a warning at their column: an integer division compared with
    /// a double, and `?:` branches of different types (the result is then dyn).
    @Test(arguments: [
        ("sessions_30d / 3 < 0.01", "int-division", 14),
        ("0.5 > sessions_30d / sessions_30d", "int-division", 20),
        ("double(sessions_30d) / 3.0 < 0.01", nil, 0),
        ("sessions_30d / 3 < 1", nil, 0),
        ("sessions_30d > 1 ? 1 : 'few'", "expr.mixed-branches", 24),
        ("sessions_30d > 1 ? 1 : 0.5", "expr.mixed-branches", 24),
        ("sessions_30d > 1 ? 1 : 2", nil, 0),
        ("sessions_30d > 1 ? [1] : []", nil, 0),
        ("sessions_30d > 1 ? 'a' : null", nil, 0),
    ] as [(String, String?, Int)])
    func warnings(_ text: String, _ code: String?, _ column: Int) throws {
        let p = try CheckerTests.env().compile(text)
        #expect(p.warnings.count == (code == nil ? 0 : 1))
        if let code {
            #expect(p.warnings.first?.severity == .warning)
            #expect(p.warnings.first?.location?.column == column)
            #expect(p.warnings.first?.code == code)
        }
    }

    @Test func emptyEnvironmentKeepsOperators() throws {
        let env = Environment.empty()
        #expect(isTrue(try env.compile("1 + 2 == 3 && !false && -1 < 0 && 2 in [2]").evaluate(Activation(environment: env))))
        #expect(diagnostics("size('a')", env: env).first?.message == "undeclared function 'size'")
    }

    @Test func slotsRead() throws {
        let env = CheckerTests.env()
        let p = try env.compile("listings.exists(l, l.photos < 3) || category == 'toys'")
        #expect(p.variablesRead == ["category", "listings"])
        #expect(p.slotsRead == [env.variable("category")!.slot, env.variable("listings")!.slot].sorted())
    }

    @Test(arguments: ["int", "list(string)", "map(string, list(int))", "dyn", "null_type"])
    func typeStrings(_ text: String) {
        #expect(CELType.parse(text)?.description == text)
    }
}
