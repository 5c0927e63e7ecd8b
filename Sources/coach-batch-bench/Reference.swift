// Reference.swift — the reading reference: simdjson's own parse plus one walk of the bytes.

import CoachJSONShim

enum Reference {
    /// A simdjson parser, reused across sellers.
    final class Parser {
        let handle = coach_json_parser_new()
        deinit { coach_json_parser_free(handle) }
    }

    nonisolated(unsafe) static var checksum: UInt64 = 0

    static func walk(_ parser: Parser, _ line: UnsafeRawBufferPointer) {
        checksum &+= walked(parser, line)
    }

    /// The walk's checksum of one line (kept by the caller, so that threads share nothing).
    static func walked(_ parser: Parser, _ line: UnsafeRawBufferPointer) -> UInt64 {
        coach_json_reference_walk(parser.handle, line.baseAddress?.assumingMemoryBound(to: CChar.self), line.count)
    }
}
