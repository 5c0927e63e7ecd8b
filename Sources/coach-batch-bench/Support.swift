// Support.swift — the benchmark's options, machine facts and report lines.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

struct BenchOptions {
    var population = ".build/bench/population.jsonl"
    var coach: String?
    var root = "."
    var evalSellers = 20_000
    var tmp = ".build/bench"
    /// `--profile decide|every|full|hand|read|walk`: only that evaluation (or reading), ten passes, for a profiler.
    var profile: String?

    init(_ arguments: [String]) {
        var i = 1
        while i < arguments.count {
            let a = arguments[i]
            let next = i + 1 < arguments.count ? arguments[i + 1] : nil
            switch a {
            case "--coach": coach = next; i += 1
            case "--root": root = next ?? "."; i += 1
            case "--eval-sellers": evalSellers = Int(next ?? "") ?? evalSellers; i += 1
            case "--tmp": tmp = next ?? tmp; i += 1
            case "--profile": profile = next; i += 1
            default: population = a
            }
            i += 1
        }
    }
}

enum Machine {
    static var cores: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// Cores and the CPU model, from /proc/cpuinfo.
    static var description: String {
        var model = "unknown CPU"
        if let f = fopen("/proc/cpuinfo", "r") {
            var line: UnsafeMutablePointer<CChar>?
            var cap = 0
            while getline(&line, &cap, f) > 0, let l = line {
                let s = String(cString: l)
                if s.hasPrefix("model name"), let colon = s.firstIndex(of: ":") {
                    model = String(s[s.index(after: colon)...]).trimmingCharacters()
                    break
                }
            }
            free(line)
            fclose(f)
        }
        return "\(cores) cores, \(model)"
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" { s.removeLast() }
        return String(s)
    }
}

enum Report {
    static func section(_ title: String) {
        print("")
        print("== \(title)")
    }

    static func row(_ label: String, value: Double, unit: String, ratio: Double? = nil, target: String? = nil, met: Bool? = nil) {
        var line = pad(label, 48) + pad(fixed(value), 12, left: true) + " " + pad(unit, 10)
        if let ratio { line += pad(fixed(ratio) + "×", 9, left: true) } else { line += pad("", 9) }
        if let target { line += "   target \(target)" + (met.map { $0 ? "  met" : "  NOT MET" } ?? "") }
        print(line)
    }

    static func note(_ text: String) { print("  " + text) }

    static func fixed(_ d: Double) -> String {
        guard d.isFinite else { return "-" }
        let places = d >= 1000 ? 0 : d >= 10 ? 1 : 2
        var scaled = (d * pow10(places)).rounded()
        let negative = scaled < 0
        scaled = abs(scaled)
        var digits = String(Int(scaled))
        if places > 0 {
            while digits.count <= places { digits = "0" + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
        }
        return (negative ? "-" : "") + digits
    }

    static func pow10(_ n: Int) -> Double { n == 0 ? 1 : n == 1 ? 10 : 100 }

    static func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
        let n = s.count
        guard n < width else { return s }
        let space = String(repeating: " ", count: width - n)
        return left ? space + s : s + space
    }
}
