// BatchTests.swift — `coach batch` run as a user runs it: the same results as `coach eval`,
// in input order whatever the threads, error records in place, shards that add up.

import CoachTestSupport
import Foundation
import Testing

@Suite struct BatchTests {
    func coach(_ args: [String], stdin: Data? = nil) throws -> ProcessResult {
        let binary = try #require(TestPaths.coachBinary, "build the package first (make test does)")
        return try RunProcess.run(binary, args, in: TestPaths.packageRoot, stdin: stdin)
    }

    /// The examples as JSON Lines, in name order: each file on one line, its keys in their
    /// order (the order of warnings follows it). A JSON string holds no raw line break, so
    /// joining the lines keeps the same document.
    func exampleLines() throws -> [String] {
        try Example.all.map { e in
            let text = try String(contentsOf: TestPaths.inPackage("Examples/\(e.name).json"), encoding: .utf8)
            return text.split(separator: "\n").joined(separator: " ")
        }
    }

    func parse(_ line: Substring) throws -> TestJSON {
        TestJSON(foundation: try JSONSerialization.jsonObject(with: Data(line.utf8)))
    }

    /// A result with the place of each snapshot diagnostic left out: `coach eval` of a file
    /// names the file (with the line and column where there is one), a line of `coach batch`
    /// has no place; everything else must agree (the rules' places too).
    func withoutSnapshotFiles(_ text: some StringProtocol) throws -> TestJSON {
        guard var object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return TestJSON(foundation: NSNull()) }
        if let diagnostics = object["diagnostics"] as? [[String: Any]] {
            object["diagnostics"] = diagnostics.map { d -> [String: Any] in
                var d = d
                if let l = d["location"] as? [String: Any], (l["file"] as? String)?.hasPrefix("Examples/") == true { d["location"] = nil }
                return d
            }
        }
        return TestJSON(foundation: object)
    }

    func write(_ lines: [String], name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coach-batch-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func `--output full gives, line by line, what coach eval --format json gives`() throws {
        // Every shipped example, or the comparison would hold of nothing.
        #expect(Example.all.count >= 12, "Examples/ lists \(Example.all.count) snapshots")
        let path = try write(try exampleLines(), name: "examples.jsonl")
        let r = try coach(["batch", path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.isEmpty, "no progress line when standard error is not a terminal")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == Example.all.count)
        for (e, line) in zip(Example.all, lines) {
            let eval = try coach(["eval", "--format", "json", "Examples/\(e.name).json"])
            #expect(try withoutSnapshotFiles(line) == withoutSnapshotFiles(eval.stdout), "\(e.name)")
        }
    }

    @Test func `--output ids lists the ids the full result shows, checklist by status`() throws {
        // And the examples with ratios so large that a percentage of them is infinite: a
        // tip whose text then fails is in neither output (ids once listed it).
        let extreme = try exampleLines().filter { $0.contains("\"cogs_share\"") }.map { line in
            line.replacingOccurrences(of: #""cogs_share": [0-9.]+"#, with: "\"cogs_share\": 1e307", options: .regularExpression)
                .replacingOccurrences(of: #""shipping_cost_share": [0-9.]+"#, with: "\"shipping_cost_share\": 2e306", options: .regularExpression)
        }
        #expect(extreme.count >= 3 && extreme.allSatisfy { $0.contains("1e307") })
        let path = try write(try exampleLines() + extreme, name: "examples-ids.jsonl")
        let full = try coach(["batch", path]).stdout.split(separator: "\n")
        let r = try coach(["batch", "--output", "ids", path])
        #expect(r.status == 0)
        let ids = r.stdout.split(separator: "\n")
        #expect(ids.count == full.count)
        #expect(full.contains { $0.contains("the value is infinite") }, "no text failed: the extreme lines test nothing")
        for (f, i) in zip(full, ids) {
            guard case .object(let result) = try parse(f), case .object(let short) = try parse(i) else {
                Issue.record("not objects")
                continue
            }
            func idList(_ v: TestJSON?) -> [TestJSON] {
                guard case .array(let items)? = v else { return [] }
                return items.compactMap { if case .object(let o) = $0 { return o["id"] }; return nil }
            }
            guard case .object(let seller)? = result["seller"] else { continue }
            #expect(short["seller"] == seller["id"])
            #expect(short["tips"] == .array(idList(result["tips"])))
            #expect(short["escalations"] == .array(idList(result["escalations"])))
            guard case .array(let entries)? = result["checklist"], case .object(let byStatus)? = short["checklist"] else {
                Issue.record("no checklist")
                continue
            }
            #expect(Set(byStatus.keys) == ["done", "open", "overdue", "upcoming"])
            for status in ["done", "open", "overdue", "upcoming"] {
                let expected = entries.compactMap { e -> TestJSON? in
                    guard case .object(let o) = e, o["status"] == .string(status) else { return nil }
                    return o["id"]
                }
                #expect(byStatus[status] == .array(expected), "\(status)")
            }
        }
    }

    @Test func `a line that cannot be read gives an error record in its place and the rest go on`() throws {
        var lines = try exampleLines()
        lines.insert("{\"seller\": {\"id\": \"S-1\"", at: 1)   // line 2: cut short
        lines.insert("   ", at: 3)                            // line 4: blank, skipped
        lines.insert("{\"seller\": {\"id\": \"S-2\", \"enrolled_on\": \"2026-01-01\"}, \"as_of\": \"yesterday\", \"signals\": {}}", at: 5)
        let path = try write(lines, name: "broken.jsonl")
        let r = try coach(["batch", "--output", "ids", path])
        #expect(r.status == 1, "a failed line makes the status 1")
        let out = r.stdout.split(separator: "\n")
        #expect(out.count == lines.count - 1)
        guard case .object(let e2) = try parse(out[1]), case .object(let e6) = try parse(out[4]) else {
            Issue.record("error records are objects")
            return
        }
        #expect(e2["line"] == .number(2))
        #expect(e2["error"] != nil)
        #expect(e6["line"] == .number(6))
        guard case .string(let message)? = e6["error"] else { Issue.record("no message"); return }
        #expect(message.contains("as_of"))
        guard case .array(let diagnostics)? = e6["diagnostics"], case .object(let d)? = diagnostics.first,
              case .object(let location)? = d["location"] else {
            Issue.record("the record carries the diagnostics with their location")
            return
        }
        #expect(location["line"] == .number(6))
        #expect(location["file"] == .string(path))
        #expect(try parse(out[2]) != parse(out[1]), "the lines after an error are evaluated")
    }

    @Test func `an error record past the limit of problems ends with the note counting the rest`() throws {
        let entries = Array(repeating: "{}", count: 150).joined(separator: ", ")
        let line = "{\"seller\": {\"id\": \"a\", \"enrolled_on\": \"2026-01-01\"}, \"as_of\": \"2026-02-01\", \"signals\": {}, \"delivered\": [\(entries)]}"
        let path = try write([line], name: "many-problems.jsonl")
        let batch = try coach(["batch", path]), eval = try coach(["eval", "--format", "json", path])
        guard case .object(let record) = try parse(Substring(batch.stdout)), case .array(let diagnostics)? = record["diagnostics"],
              case .object(let evaluated) = try parse(Substring(eval.stdout)), case .array(let evalDiagnostics)? = evaluated["diagnostics"] else {
            Issue.record("no error record: \(batch.stdout)")
            return
        }
        #expect(diagnostics.count == evalDiagnostics.count)
        guard case .object(let last)? = diagnostics.last else { return }
        #expect(last["code"] == .string("snapshot.more"), "\(last)")
    }

    @Test func `an error record's notes point at its own line too`() throws {
        let path = try write(["", "", "{\"a\": 1, \"a\": 2}"], name: "duplicate.jsonl")
        let r = try coach(["batch", path])
        #expect(r.status == 1)
        guard case .object(let record) = try parse(r.stdout.split(separator: "\n")[0]),
              case .array(let diagnostics)? = record["diagnostics"],
              case .object(let d)? = diagnostics.first(where: { if case .object(let o) = $0 { return o["code"] == .string("snapshot.duplicate-key") }; return false }),
              case .array(let notes)? = d["notes"], case .object(let note)? = notes.first,
              case .object(let at)? = note["location"] else {
            Issue.record("a duplicate key's record has a note with its location: \(r.stdout)")
            return
        }
        #expect(record["line"] == .number(3))
        #expect(at["line"] == .number(3), "the first 'a' is on line 3, not line 1")
        #expect(at["column"] == .number(2))
    }

    /// A producer that writes some lines, then pauses with its input open: a few lines, or
    /// more than a chunk (2 MiB on several threads) followed by the start of a line given in
    /// small pieces. The results of its whole lines must come before it writes more.
    @Test(arguments: [("1", 3), ("2", 3), ("1", 800), ("2", 800)])
    func `a producer's lines get their results while it pauses, before its input ends`(_ threads: String, _ count: Int) throws {
        let binary = try #require(TestPaths.coachBinary, "build the package first (make test does)")
        let p = Process()
        p.executableURL = binary
        p.currentDirectoryURL = TestPaths.packageRoot
        p.arguments = ["batch", "--output", "ids", "--threads", threads]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Read on a thread of its own (started before the input is written, so a large
        // output never blocks coach), so that a result that does not come fails the test
        // after a while rather than hanging it.
        let got = ResultLines()
        let reader = output.fileHandleForReading
        let allLines = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                if got.add(chunk) >= count { allLines.signal() }
            }
        }
        let examples = try exampleLines()
        let lines = (0..<count).map { examples[$0 % examples.count] }
        input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        if count > 3 {
            // The start of the next line, a piece at a time: the reading then waits on it
            // with no whole line in hand, and must write what it has first.
            let next = Data(examples[0].utf8)
            for k in stride(from: 0, to: 400, by: 20) {
                input.fileHandleForWriting.write(next[k..<(k + 20)])
                Thread.sleep(forTimeInterval: 0.005)
            }
        }
        // The input stays open: the results must come anyway (they used to wait for a full
        // chunk, the input's end, or the end of the line being given).
        let arrived = allLines.wait(timeout: .now() + 20) == .success
        try input.fileHandleForWriting.close()
        p.waitUntilExit()
        #expect(arrived, "threads \(threads), \(count) lines: results while the input was still open")
        #expect(p.terminationStatus == (count > 3 ? 1 : 0), "a line cut short at the end is an error")
    }

    @Test func `threads keep the input order, and shards add up to the whole`() throws {
        let examples = try exampleLines()
        var lines: [String] = []
        for k in 0..<400 { lines.append(examples[k % examples.count].replacingOccurrences(of: "\"S-", with: "\"K\(k)-")) }
        lines[17] = "not json"
        // Blank lines give no record, and are not dealt to a shard: the shards still interleave.
        lines.insert("", at: 100)
        lines.insert("   ", at: 250)
        lines.insert("", at: 251)
        let path = try write(lines, name: "many.jsonl")
        let one = try coach(["batch", "--threads", "1", "--output", "ids", path])
        let two = try coach(["batch", "--threads", "2", "--output", "ids", path])
        #expect(one.stdout == two.stdout)
        #expect(one.stdout.split(separator: "\n").count == 400)
        var merged = [Substring](repeating: "", count: 400)
        for k in 1...3 {
            let shard = try coach(["batch", "--shard", "\(k)/3", "--output", "ids", path])
            for (n, line) in shard.stdout.split(separator: "\n").enumerated() { merged[(n * 3) + k - 1] = line }
        }
        #expect(merged.joined(separator: "\n") + "\n" == one.stdout)
        #expect(merged[17].contains("\"line\":18"))
    }

    /// Several chunks' worth of lines (2 MiB a chunk on several threads), so that threads work
    /// on one chunk while the next is read: the same output on one, two and three threads,
    /// through a file and a pipe, for results, shards and the summary.
    @Test func `a population of several chunks gives the same output whatever the threads`() throws {
        let examples = try exampleLines()
        var lines: [String] = []
        for k in 0..<2_400 {
            switch k % 97 {
            case 13: lines.append("{\"seller\": ")  // an error record, now and then
            case 50: lines.append("  ")  // a blank line: no record
            default: lines.append(examples[k % examples.count].replacingOccurrences(of: "\"S-", with: "\"M\(k)-"))
            }
        }
        let text = lines.joined(separator: "\n") + "\n"
        #expect(text.utf8.count > 3 * (2 << 20), "the population spans several chunks")
        let path = try write(lines, name: "chunks.jsonl")
        let one = try coach(["batch", "--threads", "1", path])
        #expect(one.status == 1, "the bad lines fail the run")
        #expect(one.stdout.split(separator: "\n").count == lines.count - lines.filter { $0 == "  " }.count)
        for threads in ["2", "3"] {
            let many = try coach(["batch", "--threads", threads, path])
            #expect(many.status == 1)
            #expect(many.stdout == one.stdout, "threads \(threads)")
            // Error records name the input: `<stdin>` here.
            let piped = try coach(["batch", "--threads", threads, "--output", "ids", "-"], stdin: Data(text.utf8))
            let pipedOne = try coach(["batch", "--threads", "1", "--output", "ids", "-"], stdin: Data(text.utf8))
            #expect(piped.stdout == pipedOne.stdout && piped.stdout.contains("<stdin>"), "threads \(threads), from standard input")
            let shard = try coach(["batch", "--threads", threads, "--shard", "2/3", "--output", "ids", path])
            let shardOne = try coach(["batch", "--threads", "1", "--shard", "2/3", "--output", "ids", path])
            #expect(shard.stdout == shardOne.stdout && !shard.stdout.isEmpty, "threads \(threads), a shard")
            let summary = try coach(["batch", "--summary", "--format", "json", "--threads", threads, path])
            let summaryOne = try coach(["batch", "--summary", "--format", "json", "--threads", "1", path])
            #expect(summary.stdout == summaryOne.stdout && summary.stdout.contains("\"sellers\""), "threads \(threads), the summary")
        }
    }

    /// Where no thread can be started (a limit on processes), the lines are evaluated on the
    /// one thread there is: small and large populations (one chunk, and several) on two
    /// threads, run as a user under a limit of one process. Run as root only (to become that
    /// user); coach waited for threads for ever before.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")
                   && FileManager.default.isExecutableFile(atPath: "/bin/su")))
    func `without threads to start, --threads 2 runs on the one thread there is`() throws {
        let binary = try #require(TestPaths.coachBinary, "build the package first (make test does)")
        // That user must be able to run coach from here (a checkout under a private home
        // cannot be tested this way).
        let probe = try RunProcess.run(URL(fileURLWithPath: "/bin/su"), ["nobody", "-s", "/bin/sh", "-c", "'\(binary.path)' check"],
                                       in: TestPaths.packageRoot, timeout: 60)
        guard probe.status == 0 else { return }
        let examples = try exampleLines()
        for count in [100, 1_500] {  // 1,500 lines: about 5 MB, several chunks
            let lines = (0..<count).map { examples[$0 % examples.count] }
            let path = try write(lines, name: "limited-\(count).jsonl")
            chmod(path, 0o644)
            chmod((path as NSString).deletingLastPathComponent, 0o755)
            let expected = try coach(["batch", "--threads", "1", "--output", "ids", path])
            // `timeout` within: coach runs as that user, under `su`, which a timeout of the
            // test's own would end without ending coach.
            let command = "timeout 60 prlimit --nproc=1 '\(binary.path)' batch --threads 2 --output ids '\(path)'"
            let r = try RunProcess.run(URL(fileURLWithPath: "/bin/su"), ["nobody", "-s", "/bin/sh", "-c", command],
                                       in: TestPaths.packageRoot, timeout: 120)
            #expect(r.status != 124, "\(count) lines: coach waited for threads that could not start")
            #expect(r.status == 0, "\(count) lines: \(r.stderr)")
            #expect(r.stdout == expected.stdout, "\(count) lines")
        }
    }

    @Test func `standard input and --out work as files do`() throws {
        let lines = try exampleLines()
        let path = try write(lines, name: "stdin.jsonl")
        let fromFile = try coach(["batch", path])
        let fromStdin = try coach(["batch", "-"], stdin: Data((lines.joined(separator: "\r\n") + "\r\n").utf8))
        #expect(fromStdin.status == 0)
        #expect(fromStdin.stdout == fromFile.stdout)
        let out = path + ".out"
        let toFile = try coach(["batch", path, "--out", out])
        #expect(toFile.status == 0 && toFile.stdout.isEmpty)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == fromFile.stdout)
        // `--out -` is standard output, as `-` is standard input (no file named "-").
        let dash = try coach(["batch", path, "--out", "-"])
        #expect(dash.stdout == fromFile.stdout)
        #expect(!FileManager.default.fileExists(atPath: TestPaths.packageRoot.appendingPathComponent("-").path))
    }

    @Test func `--out naming the input itself is refused before the input is emptied`() throws {
        let path = try write(try exampleLines(), name: "itself.jsonl")
        let before = try String(contentsOfFile: path, encoding: .utf8)
        let link = path + ".link"
        try? FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        for out in [path, link] {
            let r = try coach(["batch", path, "--out", out])
            #expect(r.status == 1 && r.stderr.contains("is the population being read"), "\(r.stderr)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
        }
        let viaStdin = try coach(["batch", "-", "--out", path], stdin: Data(before.utf8))
        #expect(viaStdin.status == 0, "standard input is not the file, even with the same bytes")
        #expect(try String(contentsOfFile: path, encoding: .utf8) != before)
    }

    @Test(arguments: [["--shard", "0/3"], ["--shard", "4/3"], ["--shard", "x"], ["--threads", "0"], ["--output", "short"]])
    func `a wrong option is a usage error`(_ args: [String]) throws {
        let r = try coach(["batch"] + args + ["Examples/new-seller-day-3.json"])
        #expect(r.status == 64)
        #expect(r.stdout.isEmpty)
    }

    @Test func `a write that fails is an error with the reason`() throws {
        let path = try write(try exampleLines(), name: "full.jsonl")
        let r = try coach(["batch", path, "--out", "/dev/full"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("writing the results to /dev/full failed"))
    }

    @Test func `on a terminal a progress line counts sellers, rate and errors`() throws {
        var lines = try exampleLines()
        lines.append("not json")
        let path = try write(lines, name: "progress.jsonl")
        let root = TestPaths.packageRoot.path
        let r = runCoach(["batch", "--rules", root + "/Rules", "--playbooks", root + "/Playbooks", "--output", "ids", path], terminal: true)
        #expect(r.code.rawValue == 1)
        let last = r.stderr.split(separator: "\r").last.map(String.init) ?? ""
        #expect(last.contains("\(lines.count - 1) sellers"), "\(r.stderr)")
        #expect(last.contains("/s") && last.contains("1 error"), "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == lines.count)
    }
}

/// Output read by another thread: the line breaks seen so far.
private final class ResultLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines = 0

    /// Counts `chunk`'s line breaks; the count so far.
    func add(_ chunk: Data) -> Int {
        lock.lock()
        defer { lock.unlock() }
        lines += chunk.filter { $0 == 0x0A }.count
        return lines
    }
}
