// RunProcess.swift — runs the `coach` binary as a user would, capturing its output.

import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The result of running a process.
package struct ProcessResult: Sendable {
    /// The exit status.
    package let status: Int32
    /// Everything written to standard output.
    package let stdout: String
    /// Everything written to standard error.
    package let stderr: String
    /// Whether a signal stopped the process (`status` is then the signal's number).
    package var signalled = false
    /// Whether the process was stopped for running longer than its timeout.
    package var timedOut = false
}

/// Runs executables for end-to-end tests.
package enum RunProcess {
    /// Everything until end of file, retrying reads a signal interrupts (Foundation's
    /// `readDataToEndOfFile` traps on EINTR).
    static func readAll(_ handle: FileHandle) -> Data {
        let fd = handle.fileDescriptor
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 { data.append(contentsOf: buffer[0..<n]); continue }
            if n < 0, errno == EINTR { continue }
            return data
        }
    }

    /// Runs `executable` with `arguments` in `directory`, with `environment` added to a
    /// minimal one (PATH and HOME only, so the user's NO_COLOR and the like do not leak in).
    package static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String] = [:], stdin: Data? = nil,
                           timeout: TimeInterval? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        env["HOME"] = ProcessInfo.processInfo.environment["HOME"] ?? "/tmp"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        nonisolated(unsafe) var timedOut = false
        let watchdog = DispatchWorkItem { [process] in
            if process.isRunning { timedOut = true; process.terminate() }
        }
        if let timeout { DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog) }
        defer { watchdog.cancel() }
        // Read both pipes fully before waiting, and while the input is written, so that a
        // large output cannot block the child while it is being given a large input.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = readAll(out.fileHandleForReading); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = readAll(err.fileHandleForReading); group.leave() }
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try? input.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        watchdog.cancel()
        return ProcessResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self),
                             signalled: process.terminationReason == .uncaughtSignal,
                             timedOut: timedOut)
    }
}
