// SnapshotLimits.swift — how large the parts of one snapshot may be (docs/limits.md).

import CoachSource
import CoachYAML

/// Bounds on one snapshot. A signal past a bound is treated as invalid (missing, with a
/// warning, or an error when it is required); the seller's id and category and the
/// `delivered` list past theirs refuse the snapshot.
package enum SnapshotLimits {
    /// The largest snapshot, in bytes: a file, a line of `coach batch`, or a C ABI argument.
    package static let maxBytes = 64 << 20
    /// The longest text value of a signal (or of an object's field), in bytes.
    package static let maxTextBytes = 64 << 10
    /// The most items in a list signal.
    package static let maxListItems = 10_000
    /// The longest seller id or category, in bytes.
    package static let maxIDBytes = 1_024
    /// The most entries in `delivered`.
    package static let maxDeliveries = 100_000
    /// The most diagnostics one snapshot reports one by one; the rest are counted.
    package static let maxDiagnostics = 100

    /// The parser for YAML snapshots (and for locating problems in JSON ones): the YAML
    /// layer's limits, with the snapshot's size, and lists as long as the longest the
    /// snapshot's own limits allow (so a list over those is refused with its position).
    package static let yamlParser = YAMLParser(limits: YAMLLimits(maxFileBytes: maxBytes, maxItems: maxDeliveries + 1))

    /// The error for a snapshot over ``maxBytes``.
    package static func tooLarge(path: String, bytes: Int? = nil) -> Diagnostic {
        let size = bytes.map { "is \($0) bytes, over" } ?? "is over"
        return Diagnostic.error("the snapshot \(size) the limit of \(maxBytes) bytes", hint: "a snapshot is one seller's signals; see docs/limits.md",
                                code: .snapshotTooLarge).inFile(path)
    }

    /// `diagnostics` with those past ``maxDiagnostics`` replaced by one note counting them
    /// (and `unshown` more, found but never made).
    package static func capped(_ diagnostics: [Diagnostic], unshown: Int = 0) -> [Diagnostic] {
        guard diagnostics.count > maxDiagnostics || unshown > 0 else { return diagnostics }
        let rest = max(0, diagnostics.count - maxDiagnostics) + unshown
        return Array(diagnostics.prefix(maxDiagnostics))
            + [Diagnostic(.note, "\(rest) more problem\(rest == 1 ? "" : "s") in this snapshot not shown", code: .snapshotMore)]
    }
}
