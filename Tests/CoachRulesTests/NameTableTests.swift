// NameTableTests.swift — the snapshot key table finds every name by its bytes, whatever its
// length (the comparison switches from word loads to memcmp past 16 bytes), and no name that
// differs from one of them in a single byte, or in length.

import CoachRules
import Testing

@Suite struct NameTableTests {
    /// Names of every length from 0 to 40, and some with multibyte characters.
    static let names: [String] = {
        var out: [String] = []
        for n in 0...40 {
            var bytes: [UInt8] = []
            for i in 0..<n { bytes.append(UInt8(97 + (i * 7 + n) % 26)) }
            out.append(String(decoding: bytes, as: UTF8.self))
        }
        return out + ["é", "naïve_field", "views_30d", "days_since_update"]
    }()

    func index(_ table: NameTable, _ name: [UInt8], expected: Int = -1) -> Int? {
        name.withUnsafeBytes { table.index(of: $0, expected: expected) }
    }

    @Test func `every name is found, also through the expected index, and every near miss is not`() {
        let table = NameTable(Self.names)
        for (i, name) in Self.names.enumerated() {
            let bytes = Array(name.utf8)
            #expect(index(table, bytes) == i, "\(name)")
            #expect(index(table, bytes, expected: i) == i, "\(name)")
            #expect(index(table, bytes, expected: (i + 1) % Self.names.count) == i, "\(name)")
            for k in bytes.indices {  // one byte changed, at every position
                var near = bytes
                near[k] ^= 0x20
                #expect(index(table, near) == nil || Self.names[index(table, near)!].utf8.elementsEqual(near), "\(name) with byte \(k) changed")
                #expect(index(table, near, expected: i) != i, "\(name) with byte \(k) changed")
            }
            if !bytes.isEmpty {
                #expect(index(table, Array(bytes.dropLast()), expected: i) != i, "\(name) shortened")
            }
            #expect(index(table, bytes + [0x61], expected: i) != i, "\(name) lengthened")
        }
    }
}
