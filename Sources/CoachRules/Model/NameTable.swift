// NameTable.swift — finds a name's index from its UTF-8 bytes without building a String,
// for reading snapshot keys quickly.

/// Maps names to indexes, looked up by raw UTF-8 bytes.
public struct NameTable: Sendable {
    private let names: [[UInt8]]
    private let buckets: [[Int]]
    private let mask: Int

    /// A table of `names`; a name's index is its position in the array.
    public init(_ names: [String]) {
        self.names = names.map { Array($0.utf8) }
        var size = 8
        while size < names.count * 2 { size *= 2 }
        mask = size - 1
        var buckets = [[Int]](repeating: [], count: size)
        for (i, n) in self.names.enumerated() {
            n.withUnsafeBytes { buckets[Self.hash($0) & (size - 1)].append(i) }
        }
        self.buckets = buckets
    }

    /// The number of names.
    public var count: Int { names.count }

    /// The index of the name spelled by `bytes`, or `nil`.
    @inlinable
    public func index(of bytes: UnsafeRawBufferPointer) -> Int? {
        lookup(bytes)
    }

    @usableFromInline
    func lookup(_ bytes: UnsafeRawBufferPointer) -> Int? {
        for i in buckets[Self.hash(bytes) & mask] {
            let n = names[i]
            if n.count == bytes.count, n.withUnsafeBytes({ $0.elementsEqual(bytes) }) { return i }
        }
        return nil
    }

    /// The index of `name`, or `nil`.
    public func index(of name: String) -> Int? {
        var copy = name
        return copy.withUTF8 { lookup(UnsafeRawBufferPointer($0)) }
    }

    static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}
