// ByteOrderMark.swift — the one place a UTF-8 byte-order mark is recognised and dropped: it
// is not content, in a YAML file, a snapshot or any other input.

/// A UTF-8 byte-order mark at the start of an input.
package enum ByteOrderMark {
    /// Its bytes.
    package static let bytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Removes a byte-order mark from the start of `input`; whether there was one.
    @discardableResult
    package static func strip(_ input: inout [UInt8]) -> Bool {
        guard input.starts(with: bytes) else { return false }
        input.removeFirst(bytes.count)
        return true
    }

    /// The length of a byte-order mark at the start of `input` (3), or 0 without one.
    package static func length(at input: UnsafeRawBufferPointer) -> Int {
        input.starts(with: bytes) ? bytes.count : 0
    }

    /// `text` without a byte-order mark at its start.
    package static func stripped(_ text: String) -> String {
        text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }
}
