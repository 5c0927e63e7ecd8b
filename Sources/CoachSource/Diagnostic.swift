// Diagnostic.swift — one problem found in a user's input, as a value.

/// One problem (or warning) found in a user's input: what is wrong, where, and how to fix it.
///
/// Every stage (YAML, expressions, rule loading, snapshots) reports problems as
/// diagnostics, and one ``DiagnosticRenderer`` prints them all the same way.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Comparable {
        /// The input cannot be used.
        case error
        /// The input works, but probably not as intended.
        case warning
        /// Extra information attached to another diagnostic.
        case note

        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    /// A secondary message, optionally with its own location ("first defined here").
    public struct Note: Sendable, Hashable {
        /// The note's text.
        public let message: String
        /// Where the note points, if anywhere.
        public let location: SourceLocation?
        /// Creates a note.
        package init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    /// How serious it is.
    public var severity: Severity
    /// What is wrong, in one line, without a trailing period.
    public var message: String
    /// Where it is, when the problem has a place in a file.
    public var location: SourceLocation?
    /// How many columns to underline from `location` (at least 1).
    package var length: Int
    /// How to fix it, when there is something useful to say.
    public var hint: String?
    /// Related places and remarks.
    public var notes: [Note]
    /// The kind of problem, as a typed constant.
    package var kind: DiagnosticCode
    /// A stable, dotted identifier of the kind of problem (`yaml.duplicate-key`), for
    /// tools and for silencing warnings; docs/diagnostics.md lists them all.
    public var code: String { kind.rawValue }
    /// The file a diagnostic without a position is about (a JSON snapshot's semantic
    /// problems have no line), so that the reader still knows which input it was.
    package var file: String?
    /// An unknown name whose "did you mean" is still to be looked for
    /// (``DiagnosticBag/resolveNameHints(environment:most:work:)``): a rule set's load looks
    /// for the first ones only, in the order they are shown, within a budget of work.
    package var pendingHint: PendingNameHint?

    /// What ``pendingHint`` holds: a reference, so that a diagnostic (held in the frames of
    /// the parsers' deepest recursion) grows by one word.
    package final class PendingNameHint: Sendable, Hashable {
        package let name: String
        /// The candidates: these lists, the rule set's names when `environment`, and the
        /// names in scope where it stood (a loop's variables).
        package let lists: [[String]]
        package let environment: Bool
        package let locals: [String]
        /// The hint when no close name is found or none is looked for.
        package let fallback: String?
        /// A name of the lists never to suggest (a rule's own id, for what it inhibits).
        package let excluding: String?
        package init(name: String, among lists: [[String]] = [], environment: Bool = false, locals: [String] = [], fallback: String? = nil,
                     excluding: String? = nil) {
            self.name = name
            self.lists = lists
            self.environment = environment
            self.locals = locals
            self.fallback = fallback
            self.excluding = excluding
        }
        /// The candidate lists are compared by size only (they are the rule set's own names,
        /// the same for every diagnostic of a kind; hashing thousands of them per diagnostic
        /// would cost more than the hint).
        package static func == (a: PendingNameHint, b: PendingNameHint) -> Bool {
            a.name == b.name && a.environment == b.environment && a.locals == b.locals && a.fallback == b.fallback && a.excluding == b.excluding
                && a.lists.map(\.count) == b.lists.map(\.count)
        }
        package func hash(into h: inout Hasher) { h.combine(name) }
    }

    /// The same diagnostic with its hint left to be looked for (`pending`), or, when not
    /// `deferring`, looked for now among `pending`'s lists and locals (the environment's
    /// names are only a deferred hint's: the loader gives them).
    package func withHint(_ pending: PendingNameHint, deferring: Bool) -> Diagnostic {
        var d = self
        if deferring {
            d.pendingHint = pending
        } else {
            d.hint = Suggestions.didYouMean(pending.name, in: (pending.lists.flatMap { $0 } + pending.locals).filter { $0 != pending.excluding })
                ?? pending.fallback
        }
        return d
    }

    /// The same diagnostic, said to be about `path` when it has no position of its own.
    package func inFile(_ path: String) -> Diagnostic {
        var d = self
        if d.location == nil, d.file == nil { d.file = path }
        return d
    }

    /// Creates a diagnostic.
    package init(
        _ severity: Severity,
        _ message: String,
        at location: SourceLocation? = nil,
        length: Int = 1,
        hint: String? = nil,
        notes: [Note] = [],
        code: DiagnosticCode
    ) {
        self.severity = severity
        self.message = message
        self.location = location
        self.length = max(1, length)
        self.hint = hint
        self.notes = notes
        self.kind = code
    }

    /// An error diagnostic.
    package static func error(
        _ message: String, at location: SourceLocation? = nil, length: Int = 1,
        hint: String? = nil, notes: [Note] = [], code: DiagnosticCode
    ) -> Diagnostic {
        Diagnostic(.error, message, at: location, length: length, hint: hint, notes: notes, code: code)
    }

    /// A warning diagnostic.
    package static func warning(
        _ message: String, at location: SourceLocation? = nil, length: Int = 1,
        hint: String? = nil, notes: [Note] = [], code: DiagnosticCode
    ) -> Diagnostic {
        Diagnostic(.warning, message, at: location, length: length, hint: hint, notes: notes, code: code)
    }

    /// Whether `a`, found `i`th, is shown before `b`, found `j`th: by location, those without
    /// one first, then in the order found.
    package static func shownBefore(_ a: Diagnostic, _ i: Int, _ b: Diagnostic, _ j: Int) -> Bool {
        switch (a.location, b.location) {
        case let (x?, y?) where x != y: return x < y
        case (nil, _?): return true
        case (_?, nil): return false
        default: return i < j
        }
    }

    /// The one-line form: `path:line:col: error: message`.
    public var description: String {
        if let location {
            return "\(location): \(severity.rawValue): \(message)"
        }
        return "\(severity.rawValue): \(message)"
    }
}

/// An error carrying one or more diagnostics; thrown by stages that refuse their input.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    /// The problems, in the order they were found (at least one).
    public let diagnostics: [Diagnostic]

    /// Creates an error from one or more diagnostics.
    package init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// Creates an error from one diagnostic.
    package init(_ diagnostic: Diagnostic) { self.diagnostics = [diagnostic] }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension Array where Element == Diagnostic {
    /// The diagnostics in file order: by path, line and column, those without a location
    /// first, keeping the order found among equals.
    package func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { Diagnostic.shownBefore($0.element, $0.offset, $1.element, $1.offset) }.map(\.element)
    }
}
