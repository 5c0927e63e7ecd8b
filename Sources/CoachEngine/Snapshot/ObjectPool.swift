// ObjectPool.swift — the objects a snapshot reader made for its last reads' plain lists,
// filled again for the next sellers once nothing else holds them.

import CoachExpr

/// The objects of plain lists (a seller's listings) made by one reader's last two reads,
/// kept to be filled again (``ObjectValue/refill(_:type:filling:)``) rather than freed and
/// allocated per seller. Two reads' worth: while one seller is evaluated, the values of the
/// one before it are let go, so the objects of two reads back are free again. A read holds
/// at most ``capacity`` of them; objects past that are made new. Confined to its reader.
final class ObjectPool {
    static let capacity = 256
    // Confined to one reader's reads: no dynamic exclusivity checks.
    @exclusivity(unchecked) private var slots: [[ObjectValue?]] = [[], []]
    @exclusivity(unchecked) private var generation = 0
    @exclusivity(unchecked) private var next = 0

    /// Starts a read: its objects come from the other set of slots than the last read's.
    func beginRead() {
        generation ^= 1
        next = 0
    }

    /// A signals array given back (``keep(signals:)``), taken out to be written over: its
    /// old values destroyed one by one in code made for them, instead of through the
    /// runtime's generic witnesses when the array is freed, and no array allocated.
    @exclusivity(unchecked) private var spareSignals: [Value?] = []

    /// Keeps `signals`, a snapshot's array nothing else holds any more, for the next read.
    func keep(signals: [Value?]) { spareSignals = signals }

    /// The signals array kept, when it has `count` values, every one unset; nil otherwise.
    func signals(count: Int) -> [Value?]? {
        var taken: [Value?] = []
        swap(&taken, &spareSignals)
        guard taken.count == count else { return nil }
        taken.withUnsafeMutableBufferPointer { values in
            // A number, a bool or nothing holds no reference: written over, not destroyed
            // through the optional's outlined destroy first (most signals are numbers).
            guard let base = values.baseAddress else { return }
            for i in values.indices {
                switch values[i] {
                case nil, .null?, .bool?, .int?, .uint?, .double?: (base + i).initialize(to: nil)
                default: values[i] = nil
                }
            }
        }
        return taken
    }

    /// The next object of this read, filled by `fill`.
    func object(type: ObjectType, filling fill: (UnsafeMutableBufferPointer<Value?>) -> Void) -> ObjectValue {
        let k = next
        next += 1
        guard k < ObjectPool.capacity else { return ObjectValue.make(type: type, filling: fill) }
        if k == slots[generation].count { slots[generation].append(nil) }
        return ObjectValue.refill(&slots[generation][k], type: type, filling: fill)
    }
}
