// DiagnosticBag.swift — collects every problem found while loading, so all are reported at once.

import CoachSource

/// Collects diagnostics while a rule set loads.
package struct DiagnosticBag: Sendable {
    /// Everything collected, in the order found.
    package private(set) var items: [Diagnostic] = []
    /// How many errors so far (counted as they come: loaders ask after every step, and a
    /// file with tens of thousands of problems must not make that quadratic).
    package private(set) var errorCount = 0

    /// Creates an empty bag.
    package init() {}

    /// Whether any error (not just warnings) was collected.
    package var hasErrors: Bool { errorCount > 0 }

    /// Adds one diagnostic.
    package mutating func add(_ d: Diagnostic) {
        items.append(d)
        if d.severity == .error { errorCount += 1 }
    }

    /// Adds several.
    package mutating func add(contentsOf ds: [Diagnostic]) { for d in ds { add(d) } }

    /// Adds an error.
    package mutating func error(_ message: String, at location: SourceLocation? = nil, length: Int = 1, hint: String? = nil,
                               notes: [Diagnostic.Note] = [], code: String) {
        add(.error(message, at: location, length: length, hint: hint, notes: notes, code: code))
    }

    /// The diagnostics sorted by file and position (those without a location first),
    /// keeping the order found among equals; a diagnostic found twice (one file-level
    /// `area:` read by every rule of the file, say) is listed once.
    package var sorted: [Diagnostic] {
        var seen = Set<String>()
        return items.sortedByLocation().filter { d in
            seen.insert("\(d.location?.description ?? "")|\(d.severity)|\(d.code ?? "")|\(d.message)").inserted
        }
    }
}
