// TestCommand.swift — `coach test`: runs rule tests (*.test.yaml), with coverage.

import CoachAuthoring
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

        Exit status: 0 when every case passes (and coverage is met), 1 otherwise.

        EXAMPLES:
          coach test
          coach test --coverage --min-coverage 100
          coach test Rules/tests/pricing.test.yaml
        """,
        arguments: [ArgumentSpec("PATH", arity: .zeroOrMore, help: "Test files or folders (default: every test file in the rules folder).")],
        options: ruleSetOptions + [
            .flag("coverage", help: "Report which rules and conditions the tests never exercised."),
            .value("min-coverage", "PERCENT", help: "Fail below this percentage of rules covered (implies --coverage)."),
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
        guard let rs = loadRuleSet(args, context) else { return .failure }
        let rulesDir = args.text("rules")
        // By default every test file of the rules folder, at any depth: `Rules/tests/` by
        // convention, and one placed beside the rule files too (the loader skips it).
        let paths = args.positionals.isEmpty ? [rulesDir] : args.positionals
        guard let files = testFiles(paths, context) else { return .failure }
        var runner = RuleTestRunner(ruleSet: rs)
        let (passed, failed, brokenFiles) = runCases(files, &runner, rs, context)
        var ok = failed == 0 && brokenFiles == 0
        if args.flag("coverage") || minimum != nil {
            let cov = runner.coverage
            context.stdout.write("\n" + cov.report(for: rs))
            if let minimum, cov.rulePercent + 1e-9 < minimum {
                context.stdout.write(String(format: "coverage %.2f%% is below the minimum of %@%%\n", cov.rulePercent, (args.value("min-coverage") ?? "").replacingOccurrences(of: "%", with: "")))
                ok = false
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
    static func testFiles(_ paths: [String], _ context: CommandContext) -> [String]? {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                if let reason = PathProblem.unreachable(path) {
                    context.report([.error("\(path): cannot be read (\(reason))", code: .ioUnreadable)])
                } else {
                    context.report([.error("\(path): no such file or folder", code: .testNotFound)])
                }
                return nil
            }
            if isDirectory.boolValue {
                // A folder that cannot be read is not one without tests.
                guard let dir = opendir(path) else {
                    context.report([.error("\(path): the folder cannot be read (\(String(cString: strerror(errno))))",
                                           hint: "check the folder's permissions", code: .ioUnreadable)])
                    return nil
                }
                closedir(dir)
                let found = testFiles(under: path).filter(RuleSetLoader.isTestFile).sorted().map { (path.hasSuffix("/") ? path : path + "/") + $0 }
                // What a folder holds is read only when it is a file: a FIFO would wait forever.
                var problems = DiagnosticBag()
                files += found.filter { RuleSetLoader.readable($0, &problems) }
                if !problems.items.isEmpty {
                    context.report(problems.items)
                    return nil
                }
            } else if RuleSetLoader.isTestFile(path) {
                files.append(path)
            } else {
                context.report([.error("\(path) is not a test file", hint: "rule tests are files named *.test.yaml or *.test.yml (see docs/testing.md)",
                                       code: .testNotATestFile)])
                return nil
            }
        }
        // A file named twice (or found through two folders) runs once.
        var seenFiles = Set<String>()
        files = files.filter { seenFiles.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted }
        if files.isEmpty {
            context.report([.error("no test files (*.test.yaml, *.test.yml) in \(paths.joined(separator: ", "))",
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
                guard FileManager.default.fileExists(atPath: path + "/" + child, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue { pending.append((child, depth + 1)) } else { out.append(child) }
            }
        }
        return out
    }

    /// Runs every case of every file, printing each result; the counts of passed and failed
    /// cases and of files that could not be read.
    static func runCases(_ files: [String], _ runner: inout RuleTestRunner, _ rs: RuleSet,
                         _ context: CommandContext) -> (passed: Int, failed: Int, broken: Int) {
        let color = context.stdoutColor
        func paint(_ s: String, _ code: String) -> String { TerminalStyle.paint(s, code, if: color) }
        let decoder = RuleTestDecoder(ruleSet: rs)
        var passed = 0, failed = 0, brokenFiles = 0
        for file in files {
            let decoded: RuleTestFile
            do {
                decoded = try decoder.decode(path: file)
            } catch {
                context.report(error.diagnostics)
                brokenFiles += 1
                continue
            }
            if !decoded.warnings.isEmpty { context.report(decoded.warnings) }
            context.stdout.write(file + "\n")
            for c in decoded.cases {
                let result = runner.run(c, file: file)
                if result.passed {
                    passed += 1
                    context.stdout.write("  " + paint("✓", TerminalStyle.plainGreen) + " \(c.name)\n")
                    continue
                }
                failed += 1
                context.stdout.write("  " + paint("✗", TerminalStyle.plainRed) + " \(c.name)\n")
                for f in result.failures {
                    context.stdout.write("      " + (f.location.map { "\($0): " } ?? "") + f.message + "\n")
                    for line in f.diff {
                        context.stdout.write("        " + (line.hasPrefix("-") ? paint(line, TerminalStyle.plainRed) : paint(line, TerminalStyle.plainGreen)) + "\n")
                    }
                }
            }
        }
        return (passed, failed, brokenFiles)
    }
}
