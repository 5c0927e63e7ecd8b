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
