// swift-tools-version:6.0
// The coach package: a rules-and-recommendation engine for seller-mentorship programs.
import PackageDescription

let package = Package(
    name: "coach",
    products: [
        .library(name: "Coach", targets: ["Coach"]),
        .executable(name: "coach", targets: ["coach"]),
        // The C ABI (include/coach.h); the Makefile installs it as libcoach.so.
        .library(name: "CoachC", type: .dynamic, targets: ["CoachCABI"]),
    ],
    targets: [
        // libyaml, from the system (Debian: libyaml-dev).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // simdjson, from the system (Debian: libsimdjson-dev), behind a small C++ shim.
        // (No pkgConfig: its cflags carry a -D that SwiftPM refuses; the same define is set below
        // so the shim sees simdjson's classes exactly as the library was built.)
        .systemLibrary(name: "CSimdjson", providers: [.apt(["libsimdjson-dev"])]),
        .target(
            name: "CoachJSONShim",
            dependencies: ["CSimdjson"],
            cxxSettings: [.define("SIMDJSON_THREADS_ENABLED", to: "1")],
            linkerSettings: [.linkedLibrary("simdjson")]
        ),
        // Source text, positions, diagnostics and their rendering: the base every stage uses.
        .target(name: "CoachSource", dependencies: ["CoachJSON"]),
        // A deterministic JSON writer (and a value type to hold JSON).
        .target(name: "CoachJSON"),
        // libyaml events composed into a node tree with positions; YAML 1.2 core schema.
        .target(name: "CoachYAML", dependencies: ["CYAML", "CoachSource", "CoachJSON"]),
        // The expression language: a CEL subset (parser, checker, compiled evaluator, stdlib).
        .target(name: "CoachExpr", dependencies: ["CoachSource", "CoachJSON"], linkerSettings: [.linkedLibrary("m")]),
        // Engine benchmark on the shipped rules and examples (make bench).
        .executableTarget(name: "coach-engine-bench", dependencies: ["CoachEngine", "CoachRules"]),
        // Serving benchmark: the 100-rule set in bench/ over a synthetic population, beside a
        // hand-coded reference and simdjson's own parse (make bench).
        .executableTarget(name: "coach-batch-bench", dependencies: ["CoachEngine", "CoachRules", "CoachExpr", "CoachJSONShim", "CoachSource"]),
        // What each fuzz harness does with one input (`make fuzz`; the tests replay the corpora).
        .target(name: "CoachFuzzTargets", dependencies: ["CoachCLI", "CoachEngine", "CoachRules", "CoachExpr", "CoachJSON", "CoachYAML", "CoachSource"]),
        // The fuzz harnesses in one program: libFuzzer under `make fuzz`, a corpus replayer otherwise.
        .executableTarget(name: "coach-fuzz", dependencies: ["CoachFuzzTargets"]),
        // Micro-benchmark of compiled expressions: `swift run -c release coach-bench`.
        .executableTarget(name: "coach-bench", dependencies: ["CoachExpr"]),
        // Rule sets: the manifest, signal catalog, rules, definitions and playbooks, loaded from
        // YAML, cross-checked, and compiled against the expression language.
        .target(name: "CoachRules", dependencies: ["CoachSource", "CoachYAML", "CoachExpr", "CoachJSON"]),
        // The engine: seller snapshots (JSON through simdjson, or YAML), evaluation, explain.
        .target(
            name: "CoachEngine",
            dependencies: ["CoachSource", "CoachYAML", "CoachJSON", "CoachExpr", "CoachRules", "CoachJSONShim"]
        ),
        // Authoring tools: rule tests with coverage.
        .target(name: "CoachAuthoring", dependencies: ["CoachSource", "CoachYAML", "CoachExpr", "CoachRules", "CoachEngine"]),
        // The library's front door: re-exports what a host needs (`import Coach`).
        .target(name: "Coach", dependencies: ["CoachSource", "CoachJSON", "CoachExpr", "CoachRules", "CoachEngine"]),
        // The command-line interface, as a library so tests can run it in-process.
        .target(
            name: "CoachCLI",
            dependencies: ["CoachSource", "CoachYAML", "CoachJSON", "CoachExpr", "CoachRules", "CoachEngine", "CoachAuthoring"]
        ),
        .executableTarget(name: "coach", dependencies: ["CoachCLI"]),
        // The C ABI: engines and results behind opaque pointers, JSON in and out.
        .target(name: "CoachCABI", dependencies: ["CoachEngine", "CoachRules", "CoachSource"]),

        // Helpers shared by the test targets: paths, running the binary, JSON streams.
        .target(name: "CoachTestSupport", path: "Tests/CoachTestSupport"),
        .testTarget(name: "CoachSourceTests", dependencies: ["CoachSource"]),
        .testTarget(
            name: "CoachYAMLTests",
            dependencies: ["CoachYAML", "CoachJSON", "CoachTestSupport"],
            exclude: ["Fixtures", "KnownDifferences.txt"]
        ),
        .testTarget(
            name: "CoachCLITests",
            dependencies: ["CoachCLI", "CoachTestSupport"],
            exclude: ["Fixtures", "Expected"]
        ),
        .testTarget(
            name: "CoachRulesTests",
            dependencies: ["CoachRules", "CoachSource", "CoachExpr", "CoachJSON", "CoachTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CoachEngineTests",
            dependencies: ["Coach", "CoachAuthoring", "CoachCLI", "CoachEngine", "CoachExpr", "CoachRules", "CoachJSON", "CoachSource", "CoachTestSupport"]
        ),
        .testTarget(
            name: "CoachAuthoringTests",
            dependencies: ["CoachAuthoring", "CoachCLI", "CoachEngine", "CoachRules", "CoachSource", "CoachYAML", "CoachTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CoachExprTests",
            dependencies: ["CoachExpr", "CoachSource", "CoachJSON", "CoachTestSupport"],
            exclude: ["KnownDifferences.txt"]
        ),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
