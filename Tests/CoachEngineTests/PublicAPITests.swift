// PublicAPITests.swift — the library's public API is what docs/library.md lists, no more and
// no less: every public declaration of the library's modules, found in their sources, must be
// in the doc's list, and everything listed must still be public. Adding a public symbol
// without documenting it fails here.

import CoachTestSupport
import Foundation
import Testing

@Suite struct PublicAPITests {
    /// The modules `import Coach` brings in.
    static let modules = ["CoachSource", "CoachJSON", "CoachYAML", "CoachExpr", "CoachRules", "CoachEngine", "CoachAuthoring", "Coach"]

    @Test func `every public declaration is listed in docs/library.md, and every listed one is public`() throws {
        let found = try Set(Self.modules.flatMap { try PublicAPI.declarations(inModule: $0) })
        let listed = try PublicAPI.listed()
        let unlisted = found.subtracting(listed).sorted()
        let stale = listed.subtracting(found).sorted()
        #expect(unlisted.isEmpty, "public but not in docs/library.md: \(unlisted.joined(separator: ", "))")
        #expect(stale.isEmpty, "in docs/library.md but not public: \(stale.joined(separator: ", "))")
        #expect(found.count <= 250, "the public API has grown to \(found.count) declarations")
    }

    @Test(arguments: [
        ("public struct Tip: Sendable {", "Tip"),
        ("    public var title: String", "Tip.title"),
        ("    public init(id: String, day: Int) { self.id = id }", "Tip.init(id:day:)"),
        ("    public func read(json bytes: [UInt8], path: String = \"<snapshot>\") throws -> Snapshot {", "Tip.read(json:path:)"),
        ("    public static func load(texts files: [(name: String, text: String)]) throws -> RuleSet {", "Tip.load(texts:)"),
        ("    public func evaluate(_ snapshot: Snapshot) -> Recommendations {", "Tip.evaluate(_:)"),
        ("    public static func < (a: Tip, b: Tip) -> Bool { true }", "Tip.<"),
        ("    public enum Source: Sendable {", "Tip.Source"),
        ("        public var rank: Int { 0 }", "Tip.Source.rank"),
    ] as [(String, String)])
    func `declarations are named by their owner, name and argument labels`(_ line: String, _ name: String) {
        let text = (line.hasPrefix("public struct") ? "" : "public struct Tip {\n") + (line.hasPrefix("        ") ? "    public enum Source {\n" : "") + line + "\n"
        #expect(PublicAPI.declarations(in: text).last == name)
    }
}

extension PublicAPITests {
    @Test func `a declaration public only through an SPI is not part of the API`() {
        let text = """
            @_spi(Streaming) public struct Stream {
                @inlinable
                @_spi(Streaming) public mutating func put(_ byte: UInt8) {}
                public var count: Int { 0 }
            }
            public struct Tip {
                @_spi(Streaming) public func write(to s: inout Stream) {}
                public var title: String
            }
            """
        #expect(PublicAPI.declarations(in: text) == ["Tip", "Tip.title"])
    }
}

/// Finds public declarations in Swift source text, by indentation (the sources are formatted
/// with four spaces per level): a type at the top level or nested one level, members one or
/// two levels in. Not a parser; enough for this package's formatting, which the test checks.
enum PublicAPI {
    static func declarations(inModule module: String) throws -> [String] {
        let dir = TestPaths.inPackage("Sources/\(module)")
        guard let files = FileManager.default.enumerator(atPath: dir.path) else { return [] }
        var out: [String] = []
        for case let file as String in files where file.hasSuffix(".swift") {
            out += declarations(in: try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8))
        }
        return out
    }

    /// The names listed in docs/library.md's fenced block after "## Every public declaration".
    static func listed() throws -> Set<String> {
        let doc = try String(contentsOf: TestPaths.inPackage("docs/library.md"), encoding: .utf8)
        guard let section = doc.components(separatedBy: "## Every public declaration").dropFirst().first,
              let block = section.components(separatedBy: "```text\n").dropFirst().first?.components(separatedBy: "```").first else { return [] }
        return Set(block.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    static func declarations(in text: String) -> [String] {
        var owners: [Int: String] = [:]  // indentation level → the type or extension declared there
        var spi: [Int: Bool] = [:]  // indentation level → whether that type is public only through an SPI
        var out: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (n, line) in lines.enumerated() {
            let indent = line.prefix { $0 == " " }.count
            let level = indent / 4
            var rest = line.dropFirst(indent)
            var isSPI = level > 0 && spi[level - 1] == true
            while rest.hasPrefix("@") {  // attributes
                if rest.hasPrefix("@_spi(") { isSPI = true }
                rest = rest.drop { $0 != " " }.dropFirst()
            }
            if let type = typeName(rest) {
                owners[level] = level == 0 ? type : (owners[level - 1].map { "\($0).\(type)" } ?? type)
                spi[level] = isSPI
                for deeper in owners.keys where deeper > level { owners[deeper] = nil; spi[deeper] = nil }
            }
            // Public through an SPI: visible to the package's own modules that import it, not
            // to a host importing Coach, so not part of the library's API.
            guard rest.hasPrefix("public "), !isSPI else { continue }
            let owner = level == 0 ? nil : owners[level - 1]
            if let type = typeName(rest) {
                out.append(owners[level] ?? type)
                continue
            }
            guard let member = memberName(lines[n...].joined(separator: "\n").dropFirst(indent)) else { continue }
            out.append(owner.map { "\($0).\(member)" } ?? member)
        }
        return out
    }

    /// The name a type or extension declaration introduces, or nil for other lines.
    static func typeName(_ line: Substring) -> String? {
        let words = line.split(separator: " ").filter { !["public", "package", "final", "indirect", "private", "fileprivate"].contains($0) }
        guard words.count >= 2, ["struct", "class", "enum", "protocol", "extension", "actor"].contains(words[0]) else { return nil }
        return String(words[1].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." })
    }

    /// `name`, `name(label:label:)`, `init(label:)` or an operator, for a member declaration.
    static func memberName(_ text: Substring) -> String? {
        let words = text.prefix { $0 != "\n" }.split(separator: " ")
        guard let kindIndex = words.firstIndex(where: { ["var", "let", "func", "init", "subscript", "case", "typealias"].contains($0) || $0.hasPrefix("init(") || $0.hasPrefix("init?(") }) else { return nil }
        let kind = words[kindIndex]
        if kind == "var" || kind == "let" || kind == "typealias" || kind == "case" {
            return words.count > kindIndex + 1 ? String(words[kindIndex + 1].prefix { $0 != ":" && $0 != "(" }) : nil
        }
        var name: String
        var afterName: Substring
        if kind.hasPrefix("init") {
            name = "init"
            afterName = text[text.range(of: "init")!.upperBound...]
            if afterName.hasPrefix("?") { afterName = afterName.dropFirst() }
        } else {
            guard words.count > kindIndex + 1 else { return nil }
            let funcRange = text.range(of: kind == "func" ? "func " : "subscript")!
            afterName = text[funcRange.upperBound...]
            if let first = afterName.first, !(first.isLetter || first == "_") {  // an operator
                return String(afterName.prefix { $0 != "(" && $0 != " " })
            }
            name = String(afterName.prefix { $0 != "(" && $0 != "<" && $0 != " " })
            if kind == "subscript" { name = "subscript" }
            afterName = afterName.dropFirst(kind == "subscript" ? 0 : name.count)
        }
        if afterName.hasPrefix("<") { afterName = afterName.drop { $0 != ">" }.dropFirst() }
        guard afterName.hasPrefix("(") else { return name }
        return name + "(" + labels(afterName.dropFirst()).map { "\($0):" }.joined() + ")"
    }

    /// The argument labels of a parameter list (the text after its opening parenthesis).
    static func labels(_ text: Substring) -> [String] {
        var depth = 0, current = "", parts: [String] = []
        for ch in text {
            if ch == "(" || ch == "[" || ch == "<" { depth += 1 }
            if ch == ")" || ch == "]" || ch == ">" {
                if depth == 0 { break }
                depth -= 1
            }
            if ch == "," && depth == 0 { parts.append(current); current = ""; continue }
            current.append(ch)
        }
        parts.append(current)
        return parts.compactMap { part in
            let p = part.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let colon = p.firstIndex(of: ":") else { return nil }
            return p[..<colon].split(separator: " ").first.map(String.init)
        }
    }
}
