// ProgressLine.swift — a one-line progress report on a terminal: sellers done, sellers per
// second, errors; redrawn at most a few times a second.

import CoachSource

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Draws `12,000 sellers · 95,400/s · 0 errors` over itself on standard error.
final class ProgressLine {
    private let sink: OutputSink
    private let start = ProgressLine.now()
    private var last = 0.0

    init(sink: OutputSink) { self.sink = sink }

    func update(done: Int, failed: Int) {
        let t = ProgressLine.now()
        guard t - last >= 0.25 else { return }
        last = t
        sink.writeStyled("\r" + line(done: done, failed: failed, elapsed: t - start) + TerminalStyle.clearToEndOfLine)
    }

    func finish(done: Int, failed: Int) {
        sink.writeStyled("\r" + line(done: done, failed: failed, elapsed: ProgressLine.now() - start) + TerminalStyle.clearToEndOfLine + "\n")
    }

    private func line(done: Int, failed: Int, elapsed: Double) -> String {
        let rate = elapsed > 0 ? Int(Double(done + failed) / elapsed) : 0
        return "\(grouped(done)) sellers · \(grouped(rate))/s · \(grouped(failed)) error\(failed == 1 ? "" : "s")"
    }

    private func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
