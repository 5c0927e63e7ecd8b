// BatchRun.swift — runs the `coach` binary on the population as a user would, and measures
// its wall time and peak memory.

import Dispatch
import Synchronization
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

enum Batch {
    struct Run {
        var seconds: Double
        var maxRSSKiB: Int
    }

    /// How many times each form and thread count runs.
    static let runsEach = 3

    /// Each form (ids, then full) on one thread and on `threads`, ``runsEach`` times, the two
    /// thread counts taking turns so that a busy moment of the host reaches both, as the
    /// benchmark's other phases take turns with their references: the fastest run of each,
    /// with the highest peak memory of its runs.
    static func bestRuns(_ coach: String, _ o: BenchOptions, threads: Int) -> [(form: String, threads: Int, run: Run)] {
        let counts = threads > 1 ? [1, threads] : [1]
        var out: [(form: String, threads: Int, run: Run)] = []
        for form in ["ids", "full"] {
            var best: [Run?] = counts.map { _ in nil }
            for _ in 0..<runsEach {
                for (k, t) in counts.enumerated() {
                    guard let r = run(coach, o, form: form, threads: t) else { continue }
                    best[k] = best[k].map { Run(seconds: min($0.seconds, r.seconds), maxRSSKiB: max($0.maxRSSKiB, r.maxRSSKiB)) } ?? r
                }
            }
            for (k, t) in counts.enumerated() { if let b = best[k] { out.append((form, t, b)) } }
        }
        return out
    }

    /// `coach batch --output FORM --threads N --rules bench/Rules --playbooks bench/Playbooks POPULATION > /dev/null`
    /// (`input` in place of the population when given).
    static func run(_ coach: String, _ o: BenchOptions, form: String, threads: Int, input: String? = nil) -> Run? {
        let args = [coach, "batch", "--rules", o.root + "/bench/Rules", "--playbooks", o.root + "/bench/Playbooks",
                    "--output", form, "--threads", String(threads), "--out", "/dev/null", input ?? o.population]
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let start = Bench.now()
        var pid: pid_t = 0
        guard posix_spawn(&pid, coach, nil, nil, &argv, environ) == 0 else {
            print("cannot run \(coach)")
            return nil
        }
        // The child's own peak, read from /proc while it runs (its rusage would count this
        // process's memory too: a spawned child starts from its parent's high-water mark), by a
        // thread of its own, so that this one waits for the child's exit and times it as it
        // happens (polling for the exit added up to 10 ms to a run).
        let child = pid
        let watch = PeakWatch()
        let watched = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            while !watch.stopped.load(ordering: .relaxed) {
                let m = highWaterMark(child)
                if m > watch.peak.load(ordering: .relaxed) { watch.peak.store(m, ordering: .relaxed) }
                usleep(10_000)
            }
            watched.signal()
        }
        var status: Int32 = 0
        var waited = waitpid(pid, &status, 0)
        while waited < 0, errno == EINTR { waited = waitpid(pid, &status, 0) }
        let seconds = Bench.now() - start
        watch.stopped.store(true, ordering: .relaxed)
        watched.wait()
        let peak = watch.peak.load(ordering: .relaxed)
        if waited != pid { return nil }
        if status != 0 { print("note: \(args.joined(separator: " ")) exited with status \(status >> 8)") }
        return Run(seconds: seconds, maxRSSKiB: peak)
    }
}

/// The peak memory seen so far of a running child, and whether to stop looking.
final class PeakWatch: Sendable {
    let peak = Atomic<Int>(0)
    let stopped = Atomic<Bool>(false)
}

/// VmHWM (peak resident memory, KiB) of a running process, or 0.
func highWaterMark(_ pid: pid_t) -> Int {
    guard let f = fopen("/proc/\(pid)/status", "r") else { return 0 }
    defer { fclose(f) }
    var line: UnsafeMutablePointer<CChar>?
    var cap = 0
    defer { free(line) }
    while getline(&line, &cap, f) > 0, let l = line {
        let s = String(cString: l)
        if s.hasPrefix("VmHWM:") { return Int(s.dropFirst(6).filter { $0.isNumber }) ?? 0 }
    }
    return 0
}
