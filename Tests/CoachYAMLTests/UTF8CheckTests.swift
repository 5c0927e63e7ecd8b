// UTF8CheckTests.swift — the UTF-8 check that runs before libyaml: the quick pass (ASCII
// stepped over in words) finds exactly the problem the byte-by-byte scan finds, and the
// scan agrees with the standard library on what is valid.

import CoachYAML
import Testing

struct UTF8CheckTests {
    /// Byte strings mixing ASCII runs, valid sequences of every width and broken ones.
    static func samples() -> [[UInt8]] {
        let pieces: [[UInt8]] = [
            Array("plain ascii text, long enough to fill words\n".utf8), Array("é".utf8), Array("€".utf8),
            Array("😀".utf8), [0x80], [0xC0, 0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xFF], Array("\n".utf8), Array("12345678".utf8),
        ]
        var generator = SplitMix(seed: 7)
        var out: [[UInt8]] = pieces
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<generator.next(below: 12) { bytes += pieces[generator.next(below: pieces.count)] }
            out.append(bytes)
        }
        return out
    }

    @Test("the quick check and the scan find the same first problem, where the standard library finds one")
    func quickMatchesScan() {
        for bytes in Self.samples() {
            bytes.withUnsafeBufferPointer { b in
                let quick = UTF8Check.firstProblem(in: b)
                let slow = UTF8Check.scan(b)
                #expect(quick?.byteOffset == slow?.byteOffset && quick?.line == slow?.line && quick?.column == slow?.column,
                        "\(bytes)")
                #expect((quick == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
            }
        }
    }
}

/// A small deterministic generator, so a failure repeats.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(below n: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(n))
    }
}
