// JSONSurrogates.swift — a JSON text's escaped surrogate pairs made YAML: JSON writes a
// character past U+FFFF as two escapes (`"\ud83d\ude00"`, as Python's json.dump does), which
// YAML, whose `\u` is one character, refuses; YAML writes it as one `\U0001F600`. A JSON file
// read through the YAML parser (a rule test's snapshot file) is given the same text.

import CoachSource

enum JSONSurrogates {
    /// `bytes` with each escaped surrogate pair inside a string written as one `\UXXXXXXXX`
    /// escape; the bytes themselves when they hold none. An escaped backslash before a `u`
    /// (`\\ud83d`) is text, not an escape, and stays.
    static func asYAML(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 12, bytes.contains(UInt8(ascii: "\\")) else { return bytes }
        var out: [UInt8] = []
        var i = 0
        var changed = false
        out.reserveCapacity(bytes.count)
        while i < bytes.count {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\"), i + 1 < bytes.count else { out.append(b); i += 1; continue }
            if bytes[i + 1] != UInt8(ascii: "u") {  // another escape: copied whole, `\\` included
                out.append(b)
                out.append(bytes[i + 1])
                i += 2
                continue
            }
            if let high = hex4(bytes, i + 2), (0xD800...0xDBFF).contains(high), i + 11 < bytes.count,
               bytes[i + 6] == UInt8(ascii: "\\"), bytes[i + 7] == UInt8(ascii: "u"),
               let low = hex4(bytes, i + 8), (0xDC00...0xDFFF).contains(low) {
                let scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                let digits = String(scalar, radix: 16, uppercase: true)
                out.append(contentsOf: Array("\\U".utf8) + Array(repeating: UInt8(ascii: "0"), count: 8 - digits.count) + Array(digits.utf8))
                i += 12
                changed = true
                continue
            }
            out.append(b)
            i += 1
        }
        return changed ? out : bytes
    }

    /// The four hex digits at `at` as a number; nil when they are not four hex digits.
    private static func hex4(_ bytes: [UInt8], _ at: Int) -> UInt32? {
        guard at + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for k in at..<(at + 4) {
            let c = bytes[k]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }
}

extension YAMLParser {
    /// Reads and parses the file at `path`, a JSON one (ending in `.json`) with its escaped
    /// surrogate pairs read as the characters they spell (``JSONSurrogates``).
    package func parse(jsonOrYAMLPath path: String) throws(DiagnosticError) -> (file: SourceFile, documents: [Node]) {
        let bytes = try FileReader.read(path: path, maxBytes: limits.maxFileBytes)
        return try parse(fileBytes: path.lowercased().hasSuffix(".json") ? JSONSurrogates.asYAML(bytes) : bytes, path: path)
    }
}
