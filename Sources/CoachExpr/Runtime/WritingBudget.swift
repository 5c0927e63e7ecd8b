// WritingBudget.swift — how much of a value may be written out. A list can hold itself many
// times over (`l.map(a, l.map(b, l))` shares one list at every level), so the text of a value
// can be exponentially longer than the work that made it: writing one walks it within a budget.

/// The most a value written out (in a text, shown by explain or `coach expr`) may hold.
package enum WritingBudget {
    /// Elements of lists, maps and objects, nested ones counted element by element.
    package static let maxElements = 100_000
    /// Bytes of text, about (a number counted at its longest).
    package static let maxBytes = 1 << 20

    /// Whether writing `v` would pass ``maxElements`` or ``maxBytes``: a walk that stops
    /// as soon as it knows.
    package static func exceeded(by v: Value) -> Bool {
        var elements = 0, bytes = 0
        return !fits(v, &elements, &bytes)
    }

    private static func fits(_ v: Value, _ elements: inout Int, _ bytes: inout Int) -> Bool {
        func add(_ n: Int) -> Bool {
            bytes += n
            return bytes <= maxBytes
        }
        switch v {
        case .null, .bool: return add(5)
        case .int, .uint, .double: return add(24)
        case .string(let s): return add(s.utf8.count + 2)
        case .bytes(let b): return add(b.count * 4 / 3 + 4)
        case .type, .error: return add(64)
        case .list(let items):
            return add(2) && each(items, &elements, &bytes)
        case .map(let m):
            guard add(2) else { return false }
            for entry in m.entries {
                elements += 1
                guard elements <= maxElements, add(24), fits(entry.value, &elements, &bytes) else { return false }
            }
            return true
        case .object(let o):
            return add(o.type.name.utf8.count + 2) && each(o.fields.compactMap { $0 }, &elements, &bytes)
        }
    }

    private static func each(_ items: [Value], _ elements: inout Int, _ bytes: inout Int) -> Bool {
        for item in items {
            elements += 1
            guard elements <= maxElements, bytes + 2 <= maxBytes else { return false }
            bytes += 2
            guard fits(item, &elements, &bytes) else { return false }
        }
        return true
    }

    /// What is shown instead of a value too large to write.
    package static func tooLarge(_ v: Value) -> String {
        "(a \(v.typeName) too large to show: more than \(maxElements) elements or \(maxBytes) bytes)"
    }
}
