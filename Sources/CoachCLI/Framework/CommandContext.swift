// CommandContext.swift — what a command runs with: its outputs, environment and colours.

import CoachSource

/// What a command runs with. Tests build one around buffers; the executable builds one
/// around the process's standard output and error.
public final class CommandContext {
    /// Standard output.
    public let stdout: OutputSink
    /// Standard error.
    public let stderr: OutputSink
    /// The environment variables.
    public let environment: [String: String]
    /// Whether standard output is a terminal (colour, progress).
    public let stdoutIsTerminal: Bool
    /// Whether standard error is a terminal.
    public let stderrIsTerminal: Bool

    /// Creates a context.
    public init(stdout: OutputSink, stderr: OutputSink, environment: [String: String] = [:],
                stdoutIsTerminal: Bool = false, stderrIsTerminal: Bool = false) {
        self.stdout = stdout
        self.stderr = stderr
        self.environment = environment
        self.stdoutIsTerminal = stdoutIsTerminal
        self.stderrIsTerminal = stderrIsTerminal
    }

    /// The renderer for diagnostics written to standard error.
    public var diagnosticRenderer: DiagnosticRenderer {
        DiagnosticRenderer(color: ColorPolicy.shouldColor(isTerminal: stderrIsTerminal, environment: environment))
    }

    /// Whether standard output may be coloured.
    public var stdoutColor: Bool {
        ColorPolicy.shouldColor(isTerminal: stdoutIsTerminal, environment: environment)
    }

    /// Writes diagnostics to standard error in the shared form.
    public func report(_ diagnostics: [Diagnostic]) {
        stderr.write(diagnosticRenderer.render(diagnostics))
    }
}
