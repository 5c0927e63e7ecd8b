// Scalars.swift — strings made from Unicode scalars. Appending scalars to a string one by one
// goes through the standard library's generic path (hundreds of instructions a scalar);
// encoding them as UTF-8 first and decoding once is an order of magnitude faster, and the
// loader does it for every expression, template and identifier.

extension String {
    /// The string of `scalars`, in order.
    package init<S: Sequence<Unicode.Scalar>>(scalars: S) {
        self.init(scalars: ArraySlice(scalars))
    }

    /// The string of `scalars`, in order (not generic, so that callers in other modules get
    /// this loop compiled for scalars rather than the generic one).
    package init(scalars: [Unicode.Scalar]) {
        self.init(scalars: scalars[...])
    }

    /// The string of `scalars`, in order.
    package init(scalars: ArraySlice<Unicode.Scalar>) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        scalars.withUnsafeBufferPointer { buffer in String.appendUTF8(buffer, to: &bytes) }
        self = String(decoding: bytes, as: UTF8.self)
    }

    private static func appendUTF8(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, to bytes: inout [UInt8]) {
        for scalar in scalars {
            let v = scalar.value
            switch v {
            case 0..<0x80:
                bytes.append(UInt8(v))
            case 0x80..<0x800:
                bytes.append(UInt8(0xC0 | (v >> 6)))
                bytes.append(UInt8(0x80 | (v & 0x3F)))
            case 0x800..<0x10000:
                bytes.append(UInt8(0xE0 | (v >> 12)))
                bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                bytes.append(UInt8(0x80 | (v & 0x3F)))
            default:
                bytes.append(UInt8(0xF0 | (v >> 18)))
                bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
                bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                bytes.append(UInt8(0x80 | (v & 0x3F)))
            }
        }
    }
}

extension Unicode.Scalar {
    /// `A`–`Z` or `a`–`z` (cheaper than asking the scalar's Unicode properties).
    package var isASCIILetter: Bool { (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) }

    /// `0`–`9`.
    package var isASCIIDigit: Bool { (0x30...0x39).contains(value) }
}

extension String {
    /// Whether the string holds a line feed.
    package var hasLineFeed: Bool {
        // Over the UTF-8 buffer: iterating `utf8` from another module goes through the
        // view's iterator, several times the cost of this loop.
        var copy = self
        return copy.withUTF8 { bytes in bytes.contains(0x0A) }
    }
}
