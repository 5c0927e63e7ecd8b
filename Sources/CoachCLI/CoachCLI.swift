// CoachCLI.swift — the entry point: picks the command, parses its arguments, runs it.

import CoachRules
import CoachSource
#if canImport(Glibc)
import Glibc
#endif
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The `coach` command line, as a library: the executable calls ``main()``; tests call
/// ``run(_:context:)`` with buffers.
package enum CoachCLI {
    /// The version printed by `coach --version`: the engine's own.
    package static var version: String { CoachVersion.current }

    /// Every command, in the order help lists them.
    package static var commands: [CommandSpec] { Commands.all }

    /// Runs `coach` with `arguments` (without the program name) and returns the exit status.
    package static func run(_ arguments: [String], context: CommandContext) -> ExitCode {
        guard let first = arguments.first else {
            context.stderr.write(Help.overview(commands, version: version))
            return .usage
        }
        switch first {
        case "--help", "-h":
            context.stdout.write(Help.overview(commands, version: version))
            return .success
        case "--version":
            context.stdout.write("coach \(version)\n")
            return .success
        case "help":
            guard arguments.count > 1 else {
                context.stdout.write(Help.overview(commands, version: version))
                return .success
            }
            guard let spec = commands.first(where: { $0.name == arguments[1] }) else {
                return unknownCommand(arguments[1], context: context)
            }
            context.stdout.write(Help.page(spec))
            return .success
        default:
            break
        }
        guard let spec = commands.first(where: { $0.name == first }) else {
            return unknownCommand(first, context: context)
        }
        do {
            switch try ArgvMatcher.parse(Array(arguments.dropFirst()), for: spec) {
            case .help:
                context.stdout.write(Help.page(spec))
                return .success
            case .run(let parsed):
                return spec.run(parsed, context)
            }
        } catch {
            context.stderr.write("error: \(error)\nUsage: \(Help.usage(spec))\n  See 'coach help \(spec.name)' for more information.\n")
            return .usage
        }
    }

    private static func unknownCommand(_ name: String, context: CommandContext) -> ExitCode {
        var message = "error: unknown command '\(name)'"
        if let s = Suggestions.closest(to: name, in: commands.map(\.name)) { message += "; did you mean '\(s)'?" }
        context.stderr.write(message + "\n  See 'coach --help' for the list of commands.\n")
        return .usage
    }

    /// Runs the process: reads the arguments and environment, runs, and exits with the status.
    package static func main() -> Never {
        let stdout = FileDescriptorOutput(fd: 1, filter: .ownStyles)
        // A file's, a seller's or an argument's control characters never reach the terminal;
        // coach's own styles come through writeStyled.
        let stderr = FileDescriptorOutput(fd: 2, filter: .all)
        let context = CommandContext(
            stdout: stdout, stderr: stderr, environment: ProcessEnvironment.current,
            stdoutIsTerminal: stdout.isTerminal, stderrIsTerminal: stderr.isTerminal)
        if let problem = RawArguments.firstInvalidUTF8() {
            stderr.write("error: argument \(problem.index) is not valid UTF-8 (byte 0x\(problem.byte) at offset \(problem.offset))\n"
                + "  = hint: coach reads file names, options and values as UTF-8; rename the file or pass it through a shell variable in UTF-8\n")
            exit(ExitCode.usage.rawValue)
        }
        let code = run(Array(CommandLine.arguments.dropFirst()), context: context)
        // Output that could not be written (a full disk, a closed descriptor) is lost: a
        // script must not take the run for a success. Commands that report it themselves
        // (batch, diff) have failed already.
        if code == .success, let failure = stdout.failure {
            stderr.write("error: writing to standard output failed: \(failure); the output is lost\n")
            exit(ExitCode.failure.rawValue)
        }
        exit(code.rawValue)
    }
}

/// The process's arguments as the bytes the system gave, before Swift's decoding replaces
/// what is not UTF-8 with U+FFFD (a file name would then silently name another file).
enum RawArguments {
    /// The first argument (1 = the first after the program name) holding bytes that are
    /// not UTF-8: its number, the offending byte in hex, and its offset.
    static func firstInvalidUTF8() -> (index: Int, byte: String, offset: Int)? {
        let argv = CommandLine.unsafeArgv
        for i in 1..<max(1, Int(CommandLine.argc)) {  // argc can be 0 (execve with an empty argv)
            guard let p = argv[i] else { continue }
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p))
            if let offset = invalidOffset(bytes) {
                let b = bytes[offset]
                return (i, (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true), offset)
            }
        }
        return nil
    }

    /// The offset of the first byte that does not begin a valid UTF-8 sequence, if any.
    static func invalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}

/// The process environment, read once.
enum ProcessEnvironment {
    static var current: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let pair = String(cString: entry)
            if let eq = pair.firstIndex(of: "=") {
                result[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
            }
            pointer += 1
        }
        return result
    }
}
