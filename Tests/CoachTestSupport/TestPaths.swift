// TestPaths.swift — where the package, its fixtures, the built binary and the shared
// conformance data are, seen from a test.

import Foundation

/// Paths tests need, found from this file's location rather than the working directory.
package enum TestPaths {
    /// The package root (the folder holding Package.swift).
    package static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// A path relative to the package root.
    package static func inPackage(_ relative: String) -> URL {
        packageRoot.appendingPathComponent(relative)
    }

    /// The base fixture's files (Tests/CoachRulesTests/Fixtures/base), `Rules/…` then
    /// `Playbooks/…` in name order, each text passed through `edit(name, text)`: a rule set to
    /// load from memory with a change of a test's own.
    package static func baseFixtureTexts(editing edit: (String, String) -> String = { $1 }) -> [(name: String, text: String)] {
        let base = inPackage("Tests/CoachRulesTests/Fixtures/base")
        var files: [(name: String, text: String)] = []
        for folder in ["Rules", "Playbooks"] {
            let dir = base.appendingPathComponent(folder)
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() {
                let text = (try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)) ?? ""
                files.append((folder + "/" + name, edit(folder + "/" + name, text)))
            }
        }
        return files
    }

    /// The shared conformance data (`../shared/conformance` beside the package, or
    /// `$COACH_CONFORMANCE_DIR`), or `nil` when it is not there.
    package static var conformanceDirectory: URL? {
        if let env = ProcessInfo.processInfo.environment["COACH_CONFORMANCE_DIR"], !env.isEmpty {
            let url = URL(fileURLWithPath: env)
            return FileManager.default.fileExists(atPath: url.path) ? url : nil
        }
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The built `coach` executable (built by `swift build` before `swift test`).
    package static var coachBinary: URL? {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("coach"),
            inPackage(".build/debug/coach"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
