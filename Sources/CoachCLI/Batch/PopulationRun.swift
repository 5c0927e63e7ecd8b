// PopulationRun.swift — what `coach batch` and `coach diff` share: open the population (a
// file or standard input) and the output (standard output or --out FILE), run the lines
// through the threads' workers with a progress line on a terminal, and report failures.

import CoachEngine
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// An opened population and output, for one run.
final class PopulationRun {
    /// The population's name in messages and positions (`<stdin>` for standard input).
    let inputName: String
    private let input: String
    private let fd: Int32
    private let outPath: String?
    /// Where results go.
    let sink: OutputSink
    private let context: CommandContext

    /// Opens `input` (`-`: standard input) and `outPath` (nil: standard output); nil, with the
    /// problem reported, when either cannot be opened.
    init?(input: String, outPath: String?, _ context: CommandContext) {
        self.input = input
        self.context = context
        inputName = input == "-" ? "<stdin>" : input
        fd = input == "-" ? 0 : input.isEmpty ? -1 : open(input, O_RDONLY)
        guard fd >= 0 else {
            // An unset shell variable: said as such, not as "cannot open : No such file".
            context.stderr.write(input.isEmpty ? "error: an empty file name was given\n" : "error: cannot open \(input): \(String(cString: strerror(errno)))\n")
            return nil
        }
        self.outPath = outPath
        if let outPath {
            if PopulationRun.isSameFile(outPath, as: fd) {
                // Opening it for writing would empty the population before a line of it is read.
                context.stderr.write("error: --out \(outPath) is the population being read (\(inputName)); "
                                     + "write the results to another file\n")
                if fd != 0 { close(fd) }
                return nil
            }
            let out = open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard out >= 0 else {
                context.stderr.write("error: cannot write \(outPath): \(String(cString: strerror(errno)))\n")
                if fd != 0 { close(fd) }
                return nil
            }
            sink = FileDescriptorOutput(fd: out, closing: true, filter: .ownStyles)
        } else {
            sink = context.stdout
        }
    }

    deinit { if fd != 0 { close(fd) } }

    /// Whether `path` names the regular file open as `fd` (through any link or other name).
    static func isSameFile(_ path: String, as fd: Int32) -> Bool {
        var input = stat(), output = stat()
        guard fstat(fd, &input) == 0, (input.st_mode & S_IFMT) == S_IFREG, stat(path, &output) == 0 else { return false }
        return input.st_dev == output.st_dev && input.st_ino == output.st_ino
    }

    /// Runs every line of the population through `runner`, writing what it writes; false
    /// (reported) when the input could not be read to its end.
    func run(_ runner: BatchRunner) -> Bool {
        let reader = LineReader(fd: fd, chunkSize: runner.chunkBytes)
        let progress = context.stderrIsTerminal ? ProgressLine(sink: context.stderr) : nil
        let sink = self.sink
        // After each chunk: the progress, and whether to go on (not once the output fails).
        func afterChunk() -> Bool {
            progress?.update(done: runner.done, failed: runner.failed)
            return (sink as? FileDescriptorOutput)?.failed != true
        }
        if runner.threads > 1 {
            runner.stream(reader, write: { sink.write(bytes: $0) }, afterChunk: afterChunk)
        } else {
            var lines: [InputLine] = []
            while reader.next(&lines, { bytes, lines in runner.run(bytes, lines) { sink.write(bytes: $0) } }) {
                if !afterChunk() { break }
            }
        }
        progress?.finish(done: runner.done, failed: runner.failed)
        if let failure = reader.failure {
            context.stderr.write("error: reading \(input) failed: \(failure)\n")
            return false
        }
        return true
    }

    /// Closes the output file; false (reported) when writing it failed.
    func finish() -> Bool {
        let file = sink as? FileDescriptorOutput
        if outPath != nil { file?.close() }
        if let failure = file?.failure {
            context.stderr.write("error: writing the results\(outPath.map { " to \($0)" } ?? "") failed: \(failure)\n")
            return false
        }
        return true
    }
}
