// DomainTests.swift — the seller-coaching functions, and the examples in docs/expressions.md.

import Foundation
import Testing
@testable import CoachExpr

@Suite struct DomainTests {
    @Test(arguments: [
        "max(1, 5, 3) == 5", "max([2.5, 1.0]) == 2.5", "min(4, 2.5) == 2.5", "type(min(4, 2.5)) == double",
        "max([3u, 7u]) == 7u", "min([1]) == 1",
        "abs(-3) == 3", "abs(-2.5) == 2.5", "abs(4u) == 4u",
        "round(2.5) == 3.0", "round(-2.5) == -3.0", "round(1.2345, 2) == 1.23", "round(7) == 7",
        // Half away from zero as the number is written, whichever side of the half its binary value is.
        "round(1.015, 2) == 1.02", "round(1.045, 2) == 1.05", "round(0.285, 2) == 0.29", "round(2.675, 2) == 2.68",
        "round(-1.005, 2) == -1.01", "round(1.0049999, 2) == 1.0", "round(150274887993540.31, 1) == 150274887993540.3",
        "round(0.000035, 5) == 0.00004", "1.0 / round(-0.0, 2) < 0.0", "round(0.000065, 5) == 0.00007", "round(0.0000005, 6) == 0.000001",
        "floor(2.7) == 2.0", "ceil(2.1) == 3.0", "floor(-2.1) == -3.0", "ceil(3) == 3", "floor(5u) == 5u", "ceil(5u) == 5u",
        "clamp(15, 0, 10) == 10", "clamp(-1.5, 0.0, 1.0) == 0.0", "clamp(5, 0, 10) == 5",
        "sum([1, 2, 3]) == 6", "sum([1, 2.5]) == 3.5", "sum([]) == 0", "sum([1u, 2u]) == 3u",
        "avg([1, 2, 3, 4]) == 2.5", "avg([2.0]) == 2.0",
        "median([5]) == 5.0", "median([1.5, 0.5]) == 1.0", "stddev([1, 1, 1]) == 0.0", "stddev([0.0, 2.0]) == 1.0",
        "pct_change([100, 120]) == 0.2", "pct_change([200.0, 150.0, 100.0]) == -0.5", "pct_change([-50, -25]) == 0.5",
        "ratio(1, 4) == 0.25", "ratio(3, 0) == 0.0", "ratio(3, 0, -1.0) == -1.0", "ratio(1, 0, 5) == 5.0", "ratio(1, 0, 5u) == 5.0", "ratio(dyn(3), dyn(0)) == 0.0", "ratio(1u, 2.0) == 0.5",
        "math.greatest(1, 2u, 0.5) == 2u", "math.least([3, 1, 2]) == 1",
    ])
    func values(_ text: String) {
        let v = evaluate(text)
        #expect(isTrue(v), "\(text) gave \(Display.text(v))")
    }

    @Test(arguments: [
        ("max([])", "max of an empty list"),
        ("min([])", "min of an empty list"),
        ("avg([])", "avg of an empty list"),
        ("median([])", "median of an empty list"),
        ("stddev([dyn('x')])", "stddev needs a list of numbers, found 'string'"),
        ("pct_change([5])", "pct_change needs at least two values, got 1"),
        ("pct_change([0, 5])", "pct_change: the first value is zero"),
        ("clamp(1, 10, 0)", "clamp: lower bound is greater than upper bound"),
        ("sum([9223372036854775807, 1])", "integer overflow in sum"),
        ("abs(-9223372036854775808)", "integer overflow"),
        ("avg([dyn('a')])", "avg needs a list of numbers, found 'string'"),
        ("max(dyn('a'), dyn('b'))", "no such overload: max(string, string)"),
        ("min([1, dyn('a')])", "no such overload: min(list)"),
        // What the checker can see is refused before evaluation, naming every argument type.
        ("max('a', 'b')", "compile: no matching overload for max(string, string)"),
        ("sum(['a'])", "compile: no matching overload for sum(list(string))"),
        ("clamp(1, 'a', 3)", "compile: no matching overload for clamp(int, string, int)"),
        ("ratio(null, 2)", "compile: no matching overload for ratio(null_type, int)"),
        // A list of numbers only as the one argument: beside others no implementation takes it.
        ("ratio([1], 2)", "compile: no matching overload for ratio(list(int), int)"),
        ("ratio(1, [2])", "compile: no matching overload for ratio(int, list(int))"),
        ("clamp([1], 0, 1)", "compile: no matching overload for clamp(list(int), int, int)"),
        ("min([1], 2)", "compile: no matching overload for min(list(int), int)"),
        ("max([1], [2])", "compile: no matching overload for max(list(int), list(int))"),
        // Two arguments take a path of their own (no array per call): the same answers.
        ("ratio(dyn('a'), 2)", "no such overload: ratio(string, int)"),
        ("ratio(3, dyn('b'))", "no such overload: ratio(int, string)"),
        ("ratio(3, 0, dyn('x'))", "no such overload: ratio(int, int, string)"),
    ])
    func errors(_ text: String, _ message: String) {
        let v = evaluate(text)
        #expect(errorMessage(v)?.contains(message) == true, "\(text) gave \(Display.text(v))")
    }

    /// Every example in docs/expressions.md's `cel-examples` blocks: `EXPR => RESULT`, where
    /// RESULT is an expression the value must equal, or `error: fragment`.
    @Test func documentedExamples() throws {
        let url = ConformanceData.packageRoot.appendingPathComponent("docs/expressions.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        var inBlock = false
        var count = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```cel-examples") { inBlock = true; continue }
            if line.hasPrefix("```") { inBlock = false; continue }
            guard inBlock, let arrow = line.range(of: " => ") else { continue }
            let expr = String(line[..<arrow.lowerBound])
            let want = String(line[arrow.upperBound...])
            count += 1
            if want.hasPrefix("error: ") {
                let v = evaluate(expr)
                #expect(errorMessage(v)?.contains(want.dropFirst(7)) == true, "\(expr) gave \(Display.text(v))")
            } else {
                let v = evaluate("(\(expr)) == (\(want))")
                #expect(isTrue(v), "\(expr) should be \(want), comparison gave \(Display.text(v))")
            }
        }
        #expect(count >= 20, "docs/expressions.md has too few examples")
    }
}
