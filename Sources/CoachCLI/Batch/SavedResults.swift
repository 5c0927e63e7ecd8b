// SavedResults.swift — saved `coach batch` output (either form) read back by seller id, for
// `coach diff --against`: a team's approved results for a population.

import CoachEngine
import CoachExpr
import CoachSource
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The outcomes in a results file, by seller id.
struct SavedResults {
    var outcomes: [SellerKey: SellerOutcome] = [:]
    /// Error records (sellers that had no result when the results were made), and the
    /// population lines they name.
    var errorRecords = 0
    var errorLines = Set<Int>()

    /// Reads `path`; nil, with every problem reported (line by line, up to ten), when a line
    /// is not a result of `coach batch` or a seller appears twice.
    static func load(_ path: String, _ context: CommandContext) -> SavedResults? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            context.stderr.write("error: cannot open \(path): \(String(cString: strerror(errno)))\n")
            return nil
        }
        defer { close(fd) }
        var saved = SavedResults()
        var problems = LineProblems()
        let reader = LineReader(fd: fd)
        var lines: [InputLine] = []
        while reader.next(&lines, { bytes, lines in
            for line in lines {
                if line.tooLong {
                    problems.add(line: line.number, [.error("the line is too long to be a result", code: .diffSaved)])
                    continue
                }
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[line.start..<(line.start + line.count)]), as: UTF8.self)
                if text.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
                saved.add(text, line: line.number, path, &problems)
            }
        }) {}
        if let failure = reader.failure {
            context.stderr.write("error: reading \(path) failed: \(failure)\n")
            return nil
        }
        guard problems.count == 0 else {
            context.stderr.write(problems.first.map { "\(path):\($0.line): error: \($0.message)\n" }.joined())
            if problems.count > problems.first.count { context.stderr.write("… and \(problems.count - problems.first.count) more\n") }
            context.stderr.write("error: \(path) is not a file of `coach batch` results\n")
            return nil
        }
        return saved
    }

    private mutating func add(_ text: String, line: Int, _ path: String, _ problems: inout LineProblems) {
        let value: Value
        do { value = try JSONValueReader.read(text, what: "line \(line)") } catch {
            problems.add(line: line, error.diagnostics)
            return
        }
        switch SellerOutcome.parse(savedLine: value) {
        case .success(let outcome):
            let key = SellerKey(outcome.seller)
            if outcomes[key] != nil {
                problems.add(line: line, [.error("seller '\(outcome.seller)' has a result already; a seller's id must be unique to compare",
                                                 code: .diffSaved)])
            }
            outcomes[key] = outcome
        case .failure(.errorRecord):
            errorRecords += 1
            if case .map(let m) = value, case .int(let n)? = m[.string("line")] { errorLines.insert(Int(n)) }
        case .failure(.shape(let why)): problems.add(line: line, [.error("not a result: \(why)", code: .diffSaved)])
        }
    }
}
