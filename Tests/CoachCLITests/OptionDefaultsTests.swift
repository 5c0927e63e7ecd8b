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

    /// Number options are read as numbers when the command line is: a word, or a number out
    /// of range, is a usage error naming the range, before anything runs.
    @Test(arguments: [
        (["batch", "--threads", "x"], "'x' is not a valid value for '--threads'; give a whole number from 1 to 1024"),
        (["batch", "-j", "1025"], "'1025' is not a valid value for '--threads'; give a whole number from 1 to 1024"),
        (["diff", "--threads", "0", "--against", "x.jsonl"], "'0' is not a valid value for '--threads'"),
        (["batch", "--threads", "2.5"], "give a whole number from 1 to 1024"),
    ])
    func `a number option takes only a whole number in its range`(_ args: [String], _ message: String) {
        let r = runCoach(args + Self.rules + [Self.population])
        #expect(r.code == .usage)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func `a number option's range shows in help, and a valid one runs`() {
        #expect(runCoach(["batch", "--help"]).stdout.contains("(1 to 1024)"))
        let r = runCoach(["batch", "-j", "2", "--output", "ids"] + Self.rules + [Self.population])
        #expect(r.code == .success, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("{\"seller\""))
    }
}
