// Engine+Source.swift — where a reload reads from. A folder given by a relative path is
// read, at each reload, where it was when the engine was made: a host that changes its
// working directory between the two would otherwise reload another rule set, or none.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension Engine.Source {
    /// The source with relative folders made absolute against the working directory now;
    /// texts as they are.
    func anchored() -> Engine.Source {
        guard case .directories(let rules, let playbooks) = self, let cwd = Engine.workingDirectory() else { return self }
        func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : (cwd.hasSuffix("/") ? cwd : cwd + "/") + path }
        return .directories(rules: absolute(rules), playbooks: absolute(playbooks))
    }
}

extension Engine {
    /// The working directory, or nil when it cannot be told (then paths stay as given).
    static func workingDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil, let end = buffer.firstIndex(of: 0) else { return nil }
        return String(validating: buffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
