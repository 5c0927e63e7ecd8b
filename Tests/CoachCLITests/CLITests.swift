// CLITests.swift — the command line run in-process: arguments in, output and exit status out.

import CoachCLI
import CoachTestSupport
import Foundation
import Testing

/// Runs `coach` in-process with buffers for its outputs.
func runCoach(_ args: [String], environment: [String: String] = [:], terminal: Bool = false)
    -> (code: ExitCode, stdout: String, stderr: String)
{
    let out = BufferOutput(), err = BufferOutput()
    let context = CommandContext(stdout: out, stderr: err, environment: environment,
                                 stdoutIsTerminal: terminal, stderrIsTerminal: terminal)
    let code = CoachCLI.run(args, context: context)
    return (code, out.text, err.text)
}

func fixture(_ name: String) -> String { TestPaths.inPackage("Tests/CoachCLITests/Fixtures/\(name)").path }

@Suite struct UsageTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let args: [String]
        let code: Int32
        let stderrContains: String
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(id: "no arguments", args: [], code: 64, stderrContains: "USAGE: coach <command>"),
        Case(id: "unknown command", args: ["yml"], code: 64, stderrContains: "unknown command 'yml'; did you mean 'yaml'?"),
        Case(id: "unknown option", args: ["yaml", "--fromat", "json", "x"], code: 64,
             stderrContains: "unknown option '--fromat'; did you mean '--format'?"),
        Case(id: "bad format value", args: ["yaml", "--format", "xml", "x"], code: 64,
             stderrContains: "'xml' is not a valid value for '--format'; use one of: text, json"),
        Case(id: "missing value", args: ["yaml", "x", "--format"], code: 64, stderrContains: "option '--format' needs a value"),
        Case(id: "missing file argument", args: ["yaml"], code: 64, stderrContains: "missing argument FILE"),
        Case(id: "usage line follows the error", args: ["yaml"], code: 64,
             stderrContains: "Usage: coach yaml [-f|--format text|json] FILE..."),
        Case(id: "missing file", args: ["yaml", "/nonexistent/x.yaml"], code: 1, stderrContains: "/nonexistent/x.yaml: no such file"),
    ]

    @Test(arguments: cases)
    func `command-line mistakes are explained`(_ c: Case) {
        let r = runCoach(c.args)
        #expect(r.code.rawValue == c.code)
        #expect(r.stderr.contains(c.stderrContains), "stderr was: \(r.stderr)")
    }

    @Test func `an argument starting with '-' that no option looks like is a value`() {
        let r = runCoach(["expr", "-1.0 / 4.0"])
        #expect(r.code == .success, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("-0.25"))
        #expect(runCoach(["expr", "-(2 + 3)"]).stdout.hasPrefix("-5"))
        #expect(runCoach(["expr", "-x"]).code == .usage)  // looks like a short option
    }

    @Test func `help is available for every command and lists its options`() {
        for command in CoachCLI.commands {
            let r = runCoach([command.name, "--help"])
            #expect(r.code == .success)
            #expect(r.stdout.contains("USAGE: coach \(command.name)"))
            for option in command.options { #expect(r.stdout.contains("--\(option.name)")) }
            #expect(runCoach(["help", command.name]).stdout == r.stdout)
        }
        #expect(runCoach(["--help"]).stdout.contains("yaml"))
        #expect(runCoach(["--version"]).stdout.hasPrefix("coach "))
    }
}

@Suite struct YAMLCommandTests {
    @Test func `json keeps types and writes one array of documents per file`() throws {
        let r = runCoach(["yaml", "--format", "json", fixture("manifest.yaml")])
        #expect(r.code == .success)
        #expect(r.stderr.isEmpty)
        let parsed = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
        let doc = try #require(parsed?.first)
        #expect(doc["country"] as? String == "NO")
        #expect(doc["version"] as? String == "2026.11.1")
        let params = try #require(doc["params"] as? [String: Any])
        #expect((params["min_photos"] as? NSNumber).map { String(cString: $0.objCType) } != "d")
        #expect((params["ratio"] as? NSNumber)?.doubleValue == 0.5)
    }

    @Test func `text lists every node with its position and type`() {
        let r = runCoach(["yaml", fixture("manifest.yaml")])
        #expect(r.code == .success)
        #expect(r.stdout.contains("3:10    country: string \"NO\""))
        #expect(r.stdout.contains("7:10      ratio: float 0.5"))
    }

    @Test func `errors go to stderr in the shared form and the status is 1, other files still shown`() {
        let r = runCoach(["yaml", "--format", "json", fixture("duplicate.yaml"), fixture("manifest.yaml")])
        #expect(r.code == .failure)
        #expect(r.stderr.contains("duplicate.yaml:2:1: error: duplicate key 'a'"))
        #expect(r.stderr.contains("2 | a: 2"))
        #expect(r.stdout.contains("marketplace-mentorship"))
    }

    @Test func `diagnostics are coloured on a terminal unless NO_COLOR is set`() {
        let args = ["yaml", fixture("duplicate.yaml")]
        #expect(runCoach(args, terminal: true).stderr.contains("\u{1B}["))
        #expect(!runCoach(args, environment: ["NO_COLOR": "1"], terminal: true).stderr.contains("\u{1B}["))
        #expect(!runCoach(args, terminal: false).stderr.contains("\u{1B}["))
    }
}
