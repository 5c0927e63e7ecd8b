// ComprehensionFastPathTests.swift — the fast paths of listing comprehensions (elements
// borrowed into the loop variable; a field compared with a number in one closure) give what
// the general path gives: across int and double, NaN, unset fields, errors that stop the
// loop, nested loops over the same list, and the element itself kept as a value.

import CoachSource
import Testing
@testable import CoachExpr

@Suite struct ComprehensionFastPathTests {
    static let listing = ObjectType(name: "Listing", fields: [.init("photos", .int), .init("price", .double), .init("title", .string)])

    static func run(_ text: String, checked: Bool = true) -> Value {
        var env = Environment()
        let listings = env.declare("listings", .list(.object(listing)))
        let act = Activation(environment: env)
        act[listings] = .list([
            .object(ObjectValue.make(type: listing, fields: [.int(1), .double(2.5), .string("a")])),
            .object(ObjectValue.make(type: listing, fields: [.int(3), .double(.nan), .string("b")])),
            .object(ObjectValue.make(type: listing, fields: [.int(5), nil, .string("c")])),
        ])
        do {
            return try env.compile(text, check: checked).evaluate(act)
        } catch {
            return .error("did not compile: \(error)")
        }
    }

    /// Each expression, and what it must give (the general path's answer).
    @Test(arguments: [
        ("listings.filter(l, l.photos < 3).size()", "1"),
        ("listings.filter(l, 3 <= l.photos).size()", "2"),
        ("listings.filter(l, l.photos > 2.5).size()", "2"),        // int field, double constant
        ("listings.filter(l, 2.5 < l.photos).size()", "2"),
        ("listings.exists(l, l.photos >= 5)", "true"),
        ("listings.all(l, l.photos <= 5)", "true"),
        ("listings.exists(l, l.price > 2)", "true"),                // double field, int constant
        ("listings.exists(l, l.price < 100.0)", "true"),
        ("listings.filter(l, l.price < 100.0).size()", "error: field 'price' of Listing is not set"),
        ("listings.all(l, l.price > 0.0)", "false"),                // NaN > 0 is false, and false absorbs the error
        ("listings.filter(l, l.photos < 5 && l.title != 'x').map(l, l.title)", "[\"a\", \"b\"]"),
        ("listings.map(l, l).size()", "3"),
        ("listings.map(l, l)[2].title", "\"c\""),
        ("listings.exists(l, listings.exists(m, m.photos == l.photos + 2))", "true"),
        ("listings.filter(l, listings.filter(m, m.photos > l.photos).size() == 1)[0].photos", "3"),
        ("listings.filter(l, l.photos / (l.photos - 3) > 0).size()", "error: division by zero"),
        // Predicates combining field comparisons: unset fields, NaN, and int against double
        // for equality, under &&, || and !.
        ("listings.filter(l, l.photos >= 3 && l.price > 1.0).size()", "error: field 'price' of Listing is not set"),
        ("listings.filter(l, l.photos < 3 || l.price > 1.0).size()", "error: field 'price' of Listing is not set"),
        ("listings.filter(l, l.photos > 3 || l.price > 1.0).size()", "2"),
        ("listings.filter(l, l.photos > 3 || l.price > 1.0)[1].photos", "5"),
        ("listings.filter(l, !(l.photos == 3)).size()", "2"),
        ("listings.filter(l, !(l.price < 3.0)).size()", "error: field 'price' of Listing is not set"),
        ("listings.exists(l, l.photos == 3.0)", "true"),
        ("listings.filter(l, l.photos != 3.0).size()", "2"),
        ("listings.all(l, l.photos != 4 && l.price != 0.0)", "error: field 'price' of Listing is not set"),
        ("listings.exists(l, l.price != l.price)", "true"),
        ("listings.all(l, l.photos < 5 || l.price >= 2.5)", "error: field 'price' of Listing is not set"),
        ("listings.exists(l, l.price >= 2.5 && l.photos <= 1)", "true"),
        ("listings.filter(l, 2 < l.photos && 6.0 > l.photos).size()", "2"),
        // A field compared for equality with a number of its own kind, in one closure; of the
        // other kind, unset or NaN, the general path's answer.
        ("listings.filter(l, l.photos == 3).size()", "1"),
        ("listings.filter(l, 5 != l.photos).size()", "2"),
        ("listings.exists(l, l.price == 2.5)", "true"),
        ("listings.filter(l, l.price == 2.5).size()", "error: field 'price' of Listing is not set"),
        ("listings.all(l, l.price != 2.5)", "false"),
        ("listings.filter(l, l.photos == 3 && l.price != 2.5).size()", "1"),
        ("listings.filter(l, l.price == 2).size()", "error: field 'price' of Listing is not set"),
        ("listings.exists(l, l.photos == 5.0)", "true"),
    ])
    func `the fast paths give the general path's answers`(_ text: String, _ expected: String) {
        func shown(_ v: Value) -> String { v.isError ? "error: " + (v.errorMessageForTest ?? "") : Display.text(v) }
        #expect(shown(Self.run(text)) == expected, "\(text)")
        // Unchecked, the compiler knows no types, so a field is read through the general path.
        #expect(shown(Self.run(text, checked: false)) == expected, "\(text), unchecked")
    }

    @Test func `a loop variable is null again after the loop, and values taken from it live on`() {
        // Evaluated many times, so that a reference counted one time too few or too many
        // would crash or corrupt the kept values.
        for _ in 0..<2000 {
            let v = Self.run("listings.map(l, l).map(k, k.title) + listings.filter(l, l.photos > 1).map(l, l.title)")
            #expect(Display.text(v) == "[\"a\", \"b\", \"c\", \"b\", \"c\"]")
        }
    }
}

extension Value {
    var errorMessageForTest: String? {
        if case .error(let e) = self { return e.message }
        return nil
    }
}
