// TestCommand.swift — `coach test`: runs rule tests (*.test.yaml), with coverage.

import CoachAuthoring
@_spi(Streaming) import CoachJSON
import CoachRules
import CoachSource
import Foundation

extension Commands {
    static let test = CommandSpec(
        name: "test",
        abstract: "Run rule tests (*.test.yaml) and report coverage.",
        discussion: """
        Runs every case of the given test files (or of every *.test.yaml under the given
        folders; by default every one in the rules folder, as Rules/tests/) against the
        rule set. Each case gives a snapshot and what must hold; a failing case shows the
        expected and the actual values. See docs/testing.md.

        --coverage lists the rules never seen firing or never seen not firing, and the
        conditions never seen both true and false, with positions.
        --min-coverage P fails when fewer than P percent of the rules were seen both ways.

        --format json writes one JSON document instead: each file's cases with their
        failures (message, position, expected and actual), the files that could not be
        read, the counts, the coverage when asked for, and "ok" (see docs/testing.md).

        Exit status: 0 when every case passes (and coverage is met), 1 otherwise.

        EXAMPLES:
          coach test
          coach test --coverage --min-coverage 100
          coach test Rules/tests/pricing.test.yaml
          coach test --coverage --format json > test-report.json
        """,
        arguments: [ArgumentSpec("PATH", arity: .zeroOrMore, help: "Test files or folders (default: every test file in the rules folder).")],
        options: ruleSetOptions + [
            .flag("coverage", help: "Report which rules and conditions the tests never exercised."),
            .value("min-coverage", "PERCENT", help: "Fail below this percentage of rules covered (implies --coverage)."),
            formatOption,
        ],
        run: runTest
    )

    @Sendable static func runTest(_ args: ParsedArguments, _ context: CommandContext) -> ExitCode {
        var minimum: Double?
        if let text = args.value("min-coverage") {
            guard let p = percentage(text) else {
                context.stderr.write("error: --min-coverage takes a percentage between 0 and 100, not '\(text)'\n")
                return .usage
            }
            minimum = p
        }
        let json = args.format == .json
        guard let rs = loadRuleSet(args, context) else { return .failure }
        let rulesDir = args.text("rules")
        // By default every test file of the rules folder, at any depth: `Rules/tests/` by
        // convention, and one placed beside the rule files too (the loader skips it).
        let paths = args.positionals.isEmpty ? [rulesDir] : args.positionals
        var refused: [Diagnostic] = []
        guard let files = testFiles(paths, report: { refused += $0 }) else {
            context.report(refused)
            if json { context.stdout.write(JSONWriter().write(DiagnosticError(refused).json(context: [("tests", .array(paths.map { .string($0) }))])) + "\n") }
            return .failure
        }
        var runner = RuleTestRunner(ruleSet: rs)
        let runs = runCases(files, &runner, rs, context, printing: !json)
        let passed = runs.map { $0.cases.filter(\.passed).count }.reduce(0, +)
        let failed = runs.map { $0.cases.filter { !$0.passed }.count }.reduce(0, +)
        let brokenFiles = runs.filter { $0.refused != nil }.count
        var ok = failed == 0 && brokenFiles == 0
        let coverage = args.flag("coverage") || minimum != nil ? runner.coverage : nil
        if let coverage, let minimum, coverage.rulePercent + 1e-9 < minimum { ok = false }
        if json {
            let report = TestReport(ruleSet: rs, files: runs, passed: passed, failed: failed, unreadable: brokenFiles, coverage: coverage,
                                    minimum: minimum, ok: ok)
            context.stdout.write(JSONWriter().write(report.json) + "\n")
            return ok ? .success : .failure
        }
        if let coverage {
            context.stdout.write("\n" + coverage.report(for: rs))
            if let minimum, coverage.rulePercent + 1e-9 < minimum {
                context.stdout.write(String(format: "coverage %.2f%% is below the minimum of %@%%\n", coverage.rulePercent, (args.value("min-coverage") ?? "").replacingOccurrences(of: "%", with: "")))
            }
        }
        context.stdout.write("\n\(passed) passed, \(failed) failed" + (brokenFiles > 0 ? ", \(brokenFiles) test file\(brokenFiles == 1 ? "" : "s") could not be read" : "") + "\n")
        return ok ? .success : .failure
    }

    /// `text` as a percentage from 0 to 100 (a trailing `%` allowed); nil otherwise.
    static func percentage(_ text: String) -> Double? {
        let number = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let p = Double(number), p >= 0, p <= 100 else {
            return nil
        }
        return p
    }

    /// The test files named by `paths` (files, or folders searched for `*.test.yaml`), each
    /// once; nil, reported, when a path is missing or not a test file, or nothing is found.
    static func testFiles(_ paths: [String], report: ([Diagnostic]) -> Void) -> [String]? {
        var files: [String] = []
        for path in paths {
            guard !path.isEmpty else {
                report([.error("an empty file name was given", hint: "give the path of the file", code: .testNotFound)])
                return nil
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                if let reason = PathProblem.unreachable(path) {
                    report([.error("\(path): cannot be read (\(reason))", code: .ioUnreadable)])
                } else {
                    report([.error("\(path): no such file or folder", code: .testNotFound)])
                }
                return nil
            }
            if isDirectory.boolValue {
                // A folder that cannot be read is not one without tests.
                guard let dir = opendir(path) else {
                    report([.error("\(path): the folder cannot be read (\(String(cString: strerror(errno))))",
                                           hint: "check the folder's permissions", code: .ioUnreadable)])
                    return nil
                }
                closedir(dir)
                let found = testFiles(under: path).filter(RuleSetLoader.isTestFile).sorted().map { (path.hasSuffix("/") ? path : path + "/") + $0 }
                // What a folder holds is read only when it is a file: a FIFO would wait forever.
                var problems = DiagnosticBag()
                files += found.filter { RuleSetLoader.readable($0, &problems) }
                if !problems.items.isEmpty {
                    report(problems.items)
                    return nil
                }
            } else if RuleSetLoader.isTestFile(path) {
                files.append(path)
            } else {
                report([.error("\(path) is not a test file", hint: "rule tests are files named *.test.yaml or *.test.yml (see docs/testing.md)",
                                       code: .testNotATestFile)])
                return nil
            }
        }
        // A file named twice (or found through two folders) runs once.
        var seenFiles = Set<String>()
        files = files.filter { seenFiles.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted }
        if files.isEmpty {
            report([.error("no test files (*.test.yaml, *.test.yml) in \(paths.joined(separator: ", "))",
                                   hint: "write one; see docs/testing.md", code: .testNone)])
            return nil
        }
        return files
    }

    /// The files under folder `path`, relative to it, at any depth, through symbolic links to
    /// folders too (a `tests` folder shared between rule sets is often a link): each real
    /// folder once, so a loop of links ends. At most 64 levels deep.
    static func testFiles(under path: String) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        var pending: [(relative: String, depth: Int)] = [("", 0)]
        while let (relative, depth) = pending.popLast() {
            let folder = relative.isEmpty ? path : path + "/" + relative
            let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
            guard depth <= 64, seen.insert(real).inserted,
                  let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names {
                let child = relative.isEmpty ? name : relative + "/" + name
                var isDirectory: ObjCBool = false
                // A name the listing could not give as it is (not UTF-8), or a link to nothing,
                // is kept: a test file among them is then said to be unreadable, not skipped.
                guard FileManager.default.fileExists(atPath: path + "/" + child, isDirectory: &isDirectory) else { out.append(child); continue }
                if isDirectory.boolValue { pending.append((child, depth + 1)) } else { out.append(child) }
            }
        }
        return out
    }

    /// Runs every case of every file, each result printed as it comes when `printing` (the
    /// text form; JSON is written whole at the end); what each file gave.
    static func runCases(_ files: [String], _ runner: inout RuleTestRunner, _ rs: RuleSet,
                         _ context: CommandContext, printing: Bool) -> [TestFileRun] {
        let color = context.stdoutColor
        func paint(_ s: String, _ code: String) -> String { TerminalStyle.paint(s, code, if: color) }
        let decoder = RuleTestDecoder(ruleSet: rs)
        var runs: [TestFileRun] = []
        for file in files {
            var run = TestFileRun(path: file)
            defer { runs.append(run) }
            let decoded: RuleTestFile
            do {
                decoded = try decoder.decode(path: file)
            } catch {
                context.report(error.diagnostics)
                run.refused = error.diagnostics
                continue
            }
            run.warnings = decoded.warnings
            guard printing else {
                run.cases = decoded.cases.map { runner.run($0, file: file) }
                continue
            }
            if !decoded.warnings.isEmpty { context.report(decoded.warnings) }
            // Names, messages and values as the text views show them: a control character
            // cannot drive the terminal, an invisible one is named (`[U+200B]`).
            let shown = TerminalStyle.oneLine
            context.stdout.write(shown(file) + "\n")
            for c in decoded.cases {
                let result = runner.run(c, file: file)
                run.cases.append(result)
                if result.passed {
                    context.stdout.write("  " + paint("✓", TerminalStyle.plainGreen) + " \(shown(c.name))\n")
                    continue
                }
                context.stdout.write("  " + paint("✗", TerminalStyle.plainRed) + " \(shown(c.name))\n")
                for f in result.failures {
                    context.stdout.write("      " + shown((f.location.map { "\($0): " } ?? "") + f.message) + "\n")
                    for line in f.diff {
                        context.stdout.write("        " + paint(shown(line), line.hasPrefix("-") ? TerminalStyle.plainRed : TerminalStyle.plainGreen) + "\n")
                    }
                }
            }
        }
        return runs
    }
}
