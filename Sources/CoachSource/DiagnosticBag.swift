// DiagnosticBag.swift — the one collector of diagnostics every stage reports through.

/// Collects diagnostics while a stage reads its input: every stage reports through one of
/// these, so all problems are reported at once and errors are counted as they come.
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

    /// The errors collected, in the order found.
    package var errors: [Diagnostic] { items.filter { $0.severity == .error } }

    /// Adds one diagnostic.
    package mutating func add(_ d: Diagnostic) {
        items.append(d)
        if d.severity == .error { errorCount += 1 }
    }

    /// Empties the bag, keeping its storage for the next use.
    package mutating func removeAll() {
        items.removeAll(keepingCapacity: true)
        errorCount = 0
    }

    /// Where the bag stands now, for ``silence(_:since:)``.
    package var mark: Int { items.count }

    /// Drops the warnings added since `mark` whose code is one of `codes`: what a rule's
    /// `lint_allow` keeps quiet. Errors are never dropped.
    package mutating func silence(_ codes: [DiagnosticCode], since mark: Int) {
        guard !codes.isEmpty, items.indices.contains(mark) else { return }
        let added = items[mark...].filter { $0.severity == .error || !codes.contains($0.kind) }
        items.replaceSubrange(mark..., with: added)
    }

    /// Adds several.
    package mutating func add(contentsOf ds: [Diagnostic]) { for d in ds { add(d) } }

    /// Adds an error.
    package mutating func error(_ message: String, at location: SourceLocation? = nil, length: Int = 1, hint: String? = nil,
                               notes: [Diagnostic.Note] = [], code: DiagnosticCode) {
        add(.error(message, at: location, length: length, hint: hint, notes: notes, code: code))
    }

    /// Looks for the "did you mean" of the first `most` unknown names still pending, in the
    /// order ``sorted`` shows them, among their candidates (`environment`: the rule set's
    /// names, for those that take them), while the comparisons' work (``Suggestions``'s
    /// cells) stays within `budget`; the others get their fallback hint or none. Returns how
    /// many were not looked for: comparing every unknown name with every known one grows
    /// with their product, and a broken rule set may hold thousands of both.
    package mutating func resolveNameHints(environment names: [String], most: Int, work budget: Int) -> Int {
        let pending = items.indices.filter { items[$0].pendingHint != nil }
        let order = pending.sorted { Diagnostic.shownBefore(items[$0], $0, items[$1], $1) }
        var looked = 0, left = 0, work = 0
        for k in order {
            guard let p = items[k].pendingHint else { continue }
            items[k].pendingHint = nil
            var found: String?
            if looked < most && work < budget {
                looked += 1
                var lists = p.lists
                if p.environment { lists.append(names) }
                if !p.locals.isEmpty { lists.append(p.locals) }
                let (closest, complete) = Suggestions.closest(to: p.name, among: lists, excluding: p.excluding, work: &work, budget: budget)
                found = closest
                if !complete { left += 1 }
            } else {
                left += 1
            }
            items[k].hint = found.map { "did you mean '\($0)'?" } ?? p.fallback
        }
        return left
    }

    /// The diagnostics sorted by file and position (those without a location first),
    /// keeping the order found among equals; a diagnostic found twice (one file-level
    /// `area:` read by every rule of the file, say) is listed once.
    package var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return items.sortedByLocation().filter { seen.insert($0).inserted }
    }
}
