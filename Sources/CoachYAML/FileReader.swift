// FileReader.swift — reads a whole input file, refusing ones over the size limit.

import Foundation
import CoachSource

/// Reads input files with a size limit checked before the bytes are loaded.
public enum FileReader {
    /// The bytes of the file at `path`; a missing, unreadable or over-large file is a
    /// diagnostic naming the path.
    public static func read(path: String, maxBytes: Int) throws(DiagnosticError) -> [UInt8] {
        let placeholder = SourceFile(path: path, text: "")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DiagnosticError(.error("\(path): no such file", hint: nil, code: "io.not-found"))
        }
        if isDirectory.boolValue {
            throw DiagnosticError(.error("\(path) is a directory, not a file", code: "io.directory"))
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
           size.intValue > maxBytes {
            throw DiagnosticError(.error(
                "file is \(size.intValue) bytes, over the limit of \(maxBytes) bytes",
                at: placeholder.location(line: 1, column: 1),
                hint: "split the content over several files", code: "yaml.file-too-large"))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DiagnosticError(.error("\(path): cannot be read (permission denied?)", code: "io.unreadable"))
        }
        defer { try? handle.close() }
        // Read at most one byte past the limit, so a file that grows meanwhile is still caught.
        let data = (try? handle.read(upToCount: maxBytes + 1)) ?? Data()
        if data.count > maxBytes {
            throw DiagnosticError(.error(
                "file is over the limit of \(maxBytes) bytes", at: placeholder.location(line: 1, column: 1),
                hint: "split the content over several files", code: "yaml.file-too-large"))
        }
        return [UInt8](data)
    }
}
