// OptionDefaultsTests.swift — an option's declared default is what a command reads when the
// option is not given, and it never counts as given: options that only go with another one
// are refused when typed, not when defaulted.

import CoachCLI
import CoachTestSupport
import Foundation
import Testing

@Suite struct OptionDefaultsTests {
    static let population = TestPaths.inPackage("Examples/population.jsonl").path
    static let rules = ["--rules", TestPaths.inPackage("Rules").path, "--playbooks", TestPaths.inPackage("Playbooks").path]

    @Test func `defaults apply without counting as given`() throws {
        // --output (default full) and --format (default text) are not "given" by their defaults.
        let summary = runCoach(["batch", "--summary", "--threads", "1"] + Self.rules + [Self.population])
        #expect(summary.code == .success, "\(summary.stderr)")
        #expect(summary.stdout.contains("sellers"))
        let perSeller = runCoach(["batch", "--threads", "1"] + Self.rules + [Self.population])
        #expect(perSeller.code == .success)
        #expect(perSeller.stdout.hasPrefix("{\"ruleset\""))  // --output's default: the full result
    }

    @Test(arguments: [
        (["--summary", "--output", "full"], "--summary writes counts instead"),
        (["--format", "text"], "--by and --format go with --summary"),
    ])
    func `a typed option that goes with another is refused, even at its default value`(_ extra: [String], _ message: String) {
        let r = runCoach(["batch", "--threads", "1"] + extra + Self.rules + [Self.population])
        #expect(r.code == .usage)
        #expect(r.stderr.contains(message))
    }
}
