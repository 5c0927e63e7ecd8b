// ExitCode.swift — the exit statuses of `coach`, documented in docs/cli.md.

/// The exit status of a command.
package struct ExitCode: RawRepresentable, Equatable, Sendable {
    /// The status the process exits with.
    package let rawValue: Int32
    /// An exit status from its number.
    package init(rawValue: Int32) { self.rawValue = rawValue }

    /// 0: the command did what was asked and found nothing wrong.
    package static let success = ExitCode(rawValue: 0)
    /// 1: the input has errors (or a check, test or evaluation failed).
    package static let failure = ExitCode(rawValue: 1)
    /// 64: the command line itself is wrong (unknown option, missing argument).
    package static let usage = ExitCode(rawValue: 64)
}
