// BatchRun.swift — runs the `coach` binary on the population as a user would, and measures
// its wall time and peak memory.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

enum Batch {
    struct Run {
        var seconds: Double
        var maxRSSKiB: Int
    }

    /// `coach batch --output FORM --threads N --rules bench/Rules --playbooks bench/Playbooks POPULATION > /dev/null`.
    static func run(_ coach: String, _ o: BenchOptions, form: String, threads: Int) -> Run? {
        let args = [coach, "batch", "--rules", o.root + "/bench/Rules", "--playbooks", o.root + "/bench/Playbooks",
                    "--output", form, "--threads", String(threads), "--out", "/dev/null", o.population]
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let start = Bench.now()
        var pid: pid_t = 0
        guard posix_spawn(&pid, coach, nil, nil, &argv, environ) == 0 else {
            print("cannot run \(coach)")
            return nil
        }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { return nil }
        let seconds = Bench.now() - start
        if status != 0 { print("note: \(args.joined(separator: " ")) exited with status \(status >> 8)") }
        return Run(seconds: seconds, maxRSSKiB: usage.ru_maxrss)
    }
}
