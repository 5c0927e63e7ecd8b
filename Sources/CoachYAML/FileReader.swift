// FileReader.swift — reads a whole input file, refusing ones over the size limit.

import Foundation
import CoachSource
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads input files with a size limit checked before the bytes are loaded.
package enum FileReader {
    /// The bytes of the file at `path`; a missing, unreadable or over-large file is a
    /// diagnostic naming the path.
    package static func read(path: String, maxBytes: Int) throws(DiagnosticError) -> [UInt8] {
        // An unset shell variable (`coach eval "$SNAPSHOT"`): said as such, not as ": no such file".
        guard !path.isEmpty else {
            throw DiagnosticError(.error("an empty file name was given", hint: "give the path of the file", code: .ioNotFound))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            // A loop of links, or a folder on the way that cannot be searched, is not a missing file.
            if let reason = PathProblem.unreachable(path) {
                throw DiagnosticError(.error("\(path): cannot be read (\(reason))", code: .ioUnreadable))
            }
            throw DiagnosticError(.error("\(path): no such file", hint: nil, code: .ioNotFound))
        }
        if isDirectory.boolValue {
            throw DiagnosticError(.error("\(path) is a directory, not a file", code: .ioDirectory))
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
           size.intValue > maxBytes {
            throw DiagnosticError(.error(
                "file is \(size.intValue) bytes, over the limit of \(maxBytes) bytes",
                hint: "split the content over several files", code: .yamlFileTooLarge).inFile(path))
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw DiagnosticError(.error("\(path): cannot be read (\(String(cString: strerror(errno))))", code: .ioUnreadable))
        }
        defer { close(fd) }
        // Read at most one byte past the limit, so a file that grows meanwhile is still caught;
        // a read interrupted by a signal is retried, and a failed one is an error, never a
        // silently shorter file.
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while data.count <= maxBytes {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, min($0.count, maxBytes + 1 - data.count)) }
            if n > 0 { data.append(contentsOf: chunk[0..<n]); continue }
            if n == 0 { break }
            if errno == EINTR { continue }
            throw DiagnosticError(.error("\(path): cannot be read (\(String(cString: strerror(errno))))", code: .ioUnreadable))
        }
        if data.count > maxBytes {
            throw DiagnosticError(.error(
                "file is over the limit of \(maxBytes) bytes",
                hint: "split the content over several files", code: .yamlFileTooLarge).inFile(path))
        }
        return data
    }
}
