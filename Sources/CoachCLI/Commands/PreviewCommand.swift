// PreviewCommand.swift — `coach preview`: HTML pages a mentor opens from disk — one per
// seller (what they see, their plan, escalations, and why), or a population's page.

import CoachEngine
import CoachRules
import CoachSource
import Foundation

extension Commands {
    static let preview = CommandSpec(
        name: "preview",
        abstract: "Write HTML pages showing what sellers will see, and why.",
        discussion: """
        For each SNAPSHOT, writes DIR/SELLER.html: the tips as the seller sees them, the
        30/60/90-day checklist as progress per phase, escalations, what was held back and
        why, the seller's signals beside their category's benchmarks, and for every
        recommendation an expandable "why" — its conditions with their values, and what
        would change it.

        With --population FILE.jsonl, writes DIR/index.html — counts per tip, area, route
        and checklist status as charts, and a table of sellers — and a page per seller in
        DIR/sellers/.

        The pages are self-contained (no script, no network): open them from disk.

        EXAMPLES:
          coach preview Examples/no-sale-day-25.json --out preview
          coach preview --population Examples/population.jsonl --out preview
        """,
        arguments: [ArgumentSpec("SNAPSHOT", arity: .zeroOrMore, help: "Seller snapshots (JSON or YAML).")],
        options: ruleSetOptions + [
            .value("out", short: "o", "DIR", help: "The directory to write the pages to (made if missing)."),
            .value("population", "FILE", help: "A population (JSON Lines; - for standard input): write its page and a page per seller."),
        ],
        run: runPreview
    )

    @Sendable static func runPreview(_ args: ParsedArguments, _ context: CommandContext) -> ExitCode {
        guard var out = args.value("out") else {
            context.stderr.write("error: give the directory to write the pages to: --out DIR\n")
            return .usage
        }
        while out.count > 1, out.hasSuffix("/") { out.removeLast() }
        let population = args.value("population")
        guard (population == nil) != args.positionals.isEmpty else {
            context.stderr.write(population == nil ? "error: give snapshot files to preview, or --population FILE.jsonl\n"
                                                   : "error: give snapshot files or --population FILE.jsonl, not both\n")
            return .usage
        }
        guard let rs = loadRuleSet(args, context) else { return .failure }
        guard PageWriter.makeDirectory(out, context) else { return .failure }
        if let population { return previewPopulation(population, rs, out, context) }
        var failed = false
        var used = Set<String>()
        for path in args.positionals {
            guard let snapshot = readSnapshot(path, rs, context) else { failed = true; continue }
            // Names are kept apart without regard to case, for case-insensitive disks.
            var name = SellerPage.fileName(snapshot.sellerID)
            var k = 2
            while used.contains(name.lowercased()) { name = SellerPage.fileName(snapshot.sellerID) + "-\(k)"; k += 1 }
            used.insert(name.lowercased())
            let file = out + "/" + name + ".html"
            guard PageWriter.write(SellerPage(ruleSet: rs, snapshot: snapshot).html, to: file, context) else { return .failure }
            context.stdout.write("wrote \(file)\n")
        }
        return failed ? .failure : .success
    }

    private static func previewPopulation(_ path: String, _ rs: RuleSet, _ out: String, _ context: CommandContext) -> ExitCode {
        guard let input = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path) else {
            // Why, as `coach batch` says it (a missing file, a folder that cannot be searched).
            let reason = path.isEmpty ? "an empty file name was given" : PathProblem.unreachable(path) ?? String(cString: strerror(errno))
            context.stderr.write("error: cannot open \(path): \(reason)\n")
            return .failure
        }
        defer { if path != "-" { try? input.close() } }
        guard PageWriter.makeDirectory(out + "/sellers", context) else { return .failure }
        let preview = PopulationPreview(ruleSet: rs, inputName: path == "-" ? "<stdin>" : path)
        let reader = LineReader(fd: input.fileDescriptor)
        var lines: [InputLine] = []
        var written = 0, writeFailed = false
        while !writeFailed, reader.next(&lines, { bytes, lines in
            for line in lines where !writeFailed {
                if line.tooLong {
                    preview.noteUnreadable(line: line.number, [BatchWorker.tooLongDiagnostic(limit: LineReader.maxLineBytes)])
                    continue
                }
                let text = UnsafeRawBufferPointer(rebasing: bytes[line.start..<(line.start + line.count)])
                if BatchRunner.isBlank(bytes, line) { continue }
                guard let page = preview.add(line: text, number: line.number) else { continue }
                if PageWriter.write(page.html, to: out + "/sellers/" + page.file, context) { written += 1 } else { writeFailed = true }
            }
        }) {}
        if writeFailed { return .failure }
        if let failure = reader.failure {
            context.stderr.write("error: reading \(path) failed: \(failure)\n")
            return .failure
        }
        guard PageWriter.write(preview.page.html, to: out + "/index.html", context) else { return .failure }
        context.stderr.write(preview.page.problems.report)
        context.stdout.write("wrote \(out)/index.html and \(written) seller page\(written == 1 ? "" : "s") in \(out)/sellers\n")
        return preview.page.problems.count > 0 ? .failure : .success
    }
}

/// Writing the pages.
enum PageWriter {
    /// Makes `path` and the directories above it that are missing; the system's reason when
    /// one cannot be made (a file in the way, no permission), as `coach batch --out` gives it.
    static func makeDirectory(_ path: String, _ context: CommandContext) -> Bool {
        var made = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            made += (made.isEmpty || made.hasSuffix("/") ? "" : "/") + part
            guard mkdir(made, 0o755) != 0 else { continue }
            let failed = errno
            var info = stat()
            if failed == EEXIST, stat(made, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { continue }
            let reason = failed == EEXIST ? "\(made) is a file, not a directory" : String(cString: strerror(failed))
            context.stderr.write("error: cannot make the directory \(path): \(reason)\n")
            return false
        }
        return true
    }

    static func write(_ html: String, to path: String, _ context: CommandContext) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            context.stderr.write("error: cannot write \(path): \(String(cString: strerror(errno)))\n")
            return false
        }
        let out = FileDescriptorOutput(fd: fd, closing: true)
        out.write(bytes: Array(html.utf8))
        out.close()
        if let failure = out.failure {
            context.stderr.write("error: cannot write \(path): \(failure)\n")
            return false
        }
        return true
    }
}
