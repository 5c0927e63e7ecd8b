// CommandContext.swift — what a command runs with: its outputs, environment and colours.

import CoachSource

/// What a command runs with. Tests build one around buffers; the executable builds one
/// around the process's standard output and error.
package final class CommandContext {
    /// Standard output.
    package let stdout: OutputSink
    /// Standard error.
    package let stderr: OutputSink
    /// The environment variables.
    package let environment: [String: String]
    /// Whether standard output is a terminal (colour, progress).
    package let stdoutIsTerminal: Bool
    /// Whether standard error is a terminal.
    package let stderrIsTerminal: Bool

    /// Creates a context.
    package init(stdout: OutputSink, stderr: OutputSink, environment: [String: String] = [:],
                stdoutIsTerminal: Bool = false, stderrIsTerminal: Bool = false) {
        self.stdout = stdout
        self.stderr = stderr
        self.environment = environment
        self.stdoutIsTerminal = stdoutIsTerminal
        self.stderrIsTerminal = stderrIsTerminal
    }

    /// The renderer for diagnostics written to standard error.
    package var diagnosticRenderer: DiagnosticRenderer {
        DiagnosticRenderer(color: ColorPolicy.shouldColor(isTerminal: stderrIsTerminal, environment: environment))
    }

    /// Whether standard output may be coloured.
    package var stdoutColor: Bool {
        ColorPolicy.shouldColor(isTerminal: stdoutIsTerminal, environment: environment)
    }

    /// Writes diagnostics to standard error in the shared form.
    package func report(_ diagnostics: [Diagnostic]) {
        stderr.writeStyled(diagnosticRenderer.render(diagnostics))
    }
}
