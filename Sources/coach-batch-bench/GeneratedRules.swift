// GeneratedRules.swift — large rule sets for the compile-scaling figure: the benchmark's rule
// files copied `copies` times with every rule id suffixed, so each copy is a distinct rule.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

enum GeneratedRules {
    /// Writes the rule set under .build/bench/rules-N and returns its directory.
    static func write(root: String, copies: Int) -> String? {
        let source = root + "/bench/Rules"
        let dir = root + "/.build/bench/rules-\(copies * 100)"
        mkdir(root + "/.build", 0o755)
        mkdir(root + "/.build/bench", 0o755)
        mkdir(dir, 0o755)
        guard let names = list(source) else { return nil }
        for name in names where name.hasSuffix(".yaml") {
            guard let text = read(source + "/" + name) else { return nil }
            if name == "ruleset.yaml" || name == "signals.yaml" || !text.contains("\n  - id: ") {
                write(dir + "/" + name, text)
                continue
            }
            for k in 0..<copies {
                let copy = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                    guard let r = line.range(of: "- id: "), line[..<r.lowerBound].allSatisfy({ $0 == " " }) else { return String(line) }
                    return String(line) + "-c\(k)"
                }.joined(separator: "\n")
                write(dir + "/" + name.replacingSuffix(".yaml", with: "-c\(k).yaml"), copy)
            }
        }
        return dir
    }

    static func list(_ dir: String) -> [String]? {
        guard let d = opendir(dir) else { return nil }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if name != ".", name != ".." { out.append(name) }
        }
        return out.sorted()
    }

    static func read(_ path: String) -> String? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func write(_ path: String, _ text: String) {
        guard let f = fopen(path, "wb") else { return }
        let bytes = Array(text.utf8)
        _ = fwrite(bytes, 1, bytes.count, f)
        fclose(f)
    }
}

extension String {
    func replacingSuffix(_ suffix: String, with other: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + other : self
    }
}
