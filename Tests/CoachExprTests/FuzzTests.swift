// FuzzTests.swift — random token soup (fixed seeds, so runs are repeatable) must compile to
// a program or to located diagnostics, and evaluate to a value or an error value: never crash.

import CoachTestSupport
import Testing
@testable import CoachExpr

@Suite struct FuzzTests {
    static let tokens = [
        "1", "0u", "1.5", "-9223372036854775808", "0x7f", "1e3", "'a'", "\"b\"", "b'x'", "r'\\d'", "'''t'''", "null", "true",
        "x", "l", "m", "o", "(", ")", "[", "]", "{", "}", ",", ":", ".", "?", "+", "-", "*", "/", "%", "==", "!=", "<", ">=",
        "&&", "||", "!", "in", "size", "exists", "all", "map", "filter", "exists_one", "has", "matches", "'(a+)+$'", "'['",
        "int", "uint", "double", "string", "bytes", "type", "dyn", "max", "min", "sum", "avg", "pct_change", "clamp", "ratio",
        "`k`", "photos", "cel", "bind", "format", "'%d'", "split", "replace", "\\", "'", "0x", "1e", "9223372036854775808",
    ]

    static func environment() -> Environment {
        var env = Environment()
        env.declare("x", .int)
        env.declare("l", .list(.int))
        env.declare("m", .map(.string, .dyn))
        env.declare("o", .object(listingType))
        return env
    }

    @Test(arguments: [1, 2, 3, 4])
    func randomExpressionsNeverCrash(_ seed: Int) {
        var rng = SplitMix(state: UInt64(seed))
        let env = FuzzTests.environment()
        let act = Activation(environment: env)
        act[0] = .int(3)
        act[1] = .list([.int(1), .int(2)])
        act[2] = .map(MapValue([(.string("k"), .int(1))]))
        act[3] = listing(2, 10, true)
        var compiled = 0
        for _ in 0..<600 {
            let n = Int.random(in: 1...14, using: &rng)
            let text = (0..<n).map { _ in FuzzTests.tokens[Int.random(in: 0..<FuzzTests.tokens.count, using: &rng)] }.joined(separator: " ")
            for check in [true, false] {
                do {
                    let p = try env.compile(text, check: check)
                    compiled += 1
                    _ = p.evaluate(act, budget: 10_000)
                } catch {
                    #expect(error.diagnostics.allSatisfy { $0.location != nil && !$0.message.isEmpty }, "\(text)")
                }
            }
        }
        #expect(compiled > 0)
    }

    @Test(arguments: [7, 8])
    func randomPatternsNeverCrash(_ seed: Int) {
        var rng = SplitMix(state: UInt64(seed))
        let alphabet = ["a", "b", ".", "*", "+", "?", "(", ")", "[", "]", "^", "$", "|", "{2}", "{1,3}", "\\d", "\\w", "\\b", "(?i)", "[^a]", "-", "\\", "{", "}"]
        var valid = 0
        for _ in 0..<1500 {
            let n = Int.random(in: 1...10, using: &rng)
            let pattern = (0..<n).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }.joined()
            switch Regex.compile(pattern) {
            case .success(let re):
                valid += 1
                _ = re.search("aab ba 12 aaaaaaaaaaaaaaaaaaaa!")
            case .failure(let f):
                #expect(!f.message.isEmpty)
            }
        }
        #expect(valid > 100)
    }
}
