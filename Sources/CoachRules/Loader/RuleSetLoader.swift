// RuleSetLoader.swift — reads Rules/ and Playbooks/, decodes every file, and hands the
// result to the compiler. All problems in all files are reported together.

import CoachExpr
import CoachSource
import CoachYAML
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Loads rule sets from directories.
package enum RuleSetLoader {
    /// The decoded files of a rule set, before compiling.
    struct Sources {
        var manifest: Manifest?
        var manifestLocation: SourceLocation?
        var catalog = SignalCatalog(signals: [])
        var rules: [RuleSpec] = []
        var definitions: [DefinitionSpec] = []
        var playbooks: [PlaybookSpec] = []
        var resources: [Resource] = []
        var fileContents: [(String, String)] = []
        /// Every file read, with its path and whether it is a rule file, for replicas.
        var files: [RuleSetFiles.File] = []
        /// The rules folder as given.
        var rulesFolder = "Rules"
    }

    /// Loads, checks and compiles the rule set in `rules` with the playbooks in `playbooks`.
    ///
    /// - Throws: every problem found, in all files, as one ``DiagnosticError``; the rule set
    ///   loads completely or not at all.
    package static func load(rules: String, playbooks: String, limits: YAMLLimits = .default) throws(DiagnosticError) -> RuleSet {
        let rules = withoutTrailingSlash(rules), playbooks = withoutTrailingSlash(playbooks)
        var bag = DiagnosticBag()
        let ruleFiles = yamlFiles(in: rules, &bag, what: "rules")
        let playbookFiles = yamlFiles(in: playbooks, &bag, what: "playbooks")
        if bag.hasErrors { throw DiagnosticError(bag.sorted) }
        let sizes = (ruleFiles + playbookFiles).map(fileSize)
        if !RuleSetLimits.checkTotal(sizes, whose: "the files of \(rules) and \(playbooks)", &bag) { throw DiagnosticError(bag.sorted) }
        let parser = YAMLParser(limits: limits)
        return try load(rules: rules, ruleFiles: ruleFiles, playbookFiles: playbookFiles) { path throws(DiagnosticError) in
            try parser.parse(path: path)
        }
    }

    /// Loads, checks and compiles a rule set held in memory: `files` pairs each file's name
    /// with its text. A name is `Rules/NAME.yaml` or `Playbooks/NAME.yaml` (the folder a
    /// directory load would read it from); diagnostics and the fingerprint use it as a
    /// directory load uses a path, so the same files give the same rule set and fingerprint.
    package static func load(texts files: [(name: String, text: String)], limits: YAMLLimits = .default) throws(DiagnosticError) -> RuleSet {
        try load(files: files.map { ($0.name, Array($0.text.utf8)) }, limits: limits)
    }

    /// The same, each file given as the bytes a file would hold: read exactly as a directory
    /// load reads a file (its size, a byte-order mark, bytes that are not UTF-8), so every
    /// problem of every file is said, at the same place, as for the same files in folders.
    package static func load(files: [(name: String, bytes: [UInt8])], limits: YAMLLimits = .default) throws(DiagnosticError) -> RuleSet {
        var bag = DiagnosticBag()
        // Keyed by the path's UTF-8, as a file system tells names apart (a String key takes
        // café composed and decomposed for one name; a folder holds both).
        var texts: [[UInt8]: [UInt8]] = [:]
        var ruleFiles: [String] = [], playbookFiles: [String] = []
        for (name, text) in files {
            let parts = name.unicodeScalars.split(separator: "/", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
            let folder = parts.first.map { $0.lowercased() }
            guard parts.count == 2, folder == "rules" || folder == "playbooks", !parts[1].isEmpty else {
                bag.error("'\(name)' is not a rule-set file name", hint: "name each file Rules/NAME.yaml or Playbooks/NAME.yaml",
                          code: .rulesFileName)
                continue
            }
            let file = parts[1]
            guard RuleSetLoader.isYAMLFile(file), !RuleSetLoader.isTestFile(file) else {
                bag.error("'\(name)' is not a rule-set file", hint: "a rule set is .yaml files (rule tests, *.test.yaml and *.test.yml, are run by coach test)",
                          code: .rulesFileName)
                continue
            }
            let path = (folder == "rules" ? "Rules/" : "Playbooks/") + file
            guard texts[Array(path.utf8)] == nil else {
                bag.error("'\(path)' is given twice", hint: "give each file once", code: .rulesFileName)
                continue
            }
            texts[Array(path.utf8)] = text
            if folder == "rules" { ruleFiles.append(path) } else { playbookFiles.append(path) }
        }
        // The same limit as for a directory: a host handing over files cannot go past it.
        for (what, count) in [("rule", ruleFiles.count), ("playbook", playbookFiles.count)] where count > RuleSetLimits.maxFiles {
            bag.error("\(count) \(what) files are given, over the limit of \(RuleSetLimits.maxFiles)", hint: "see docs/limits.md",
                      code: .rulesTooMany)
        }
        if bag.hasErrors { throw DiagnosticError(bag.sorted) }
        if !RuleSetLimits.checkTotal(files.map(\.bytes.count), whose: "the \(files.count) files given", &bag) {
            throw DiagnosticError(bag.sorted)
        }
        let parser = YAMLParser(limits: limits)
        return try load(rules: "Rules", ruleFiles: ruleFiles.sorted(), playbookFiles: playbookFiles.sorted()) { path throws(DiagnosticError) in
            try parser.parse(fileBytes: texts[Array(path.utf8)] ?? [], path: path)
        }
    }

    /// Compiles `files` again, exactly as they were first loaded (same paths, same texts).
    static func load(_ files: RuleSetFiles) throws(DiagnosticError) -> RuleSet {
        var texts: [String: String] = [:]
        for f in files.files { texts[f.path] = f.text }
        let parser = YAMLParser()
        return try load(rules: files.rulesFolder, ruleFiles: files.files.filter(\.isRuleFile).map(\.path),
                        playbookFiles: files.files.filter { !$0.isRuleFile }.map(\.path)) { path throws(DiagnosticError) in
            let file = SourceFile(path: path, text: texts[path] ?? "")
            return (file, try parser.parse(file))
        }
    }

    /// Loads the rule set made of `ruleFiles` (in the folder `rules`) and `playbookFiles`,
    /// each parsed by `parse`: every file read and decoded, the whole checked, then compiled.
    static func load(rules: String, ruleFiles: [String], playbookFiles: [String],
                     parse: (String) throws(DiagnosticError) -> (file: SourceFile, documents: [Node])) throws(DiagnosticError) -> RuleSet {
        var reader = SourceReader(rules: rules)
        reader.readRuleFiles(ruleFiles, parse)
        reader.readPlaybookFiles(playbookFiles, parse)
        var bag = reader.bag
        let sources = reader.sources
        if !RuleSetLimits.check(sources, &bag) { throw DiagnosticError(bag.sorted) }
        let manifest = try checkedManifest(sources, &bag)
        // Expressions and references are checked against every file: with the catalog
        // broken, or a file that could not be read at all, each one reading what was lost
        // would be one more error hiding the cause. Stop at the causes.
        if reader.catalogBroken || !reader.unreadable.isEmpty {
            let what = !reader.unreadable.isEmpty ? reader.unreadable.joined(separator: ", ") + " could not be read" : "the signal catalog has errors"
            let note = Diagnostic(.note, "expressions and references were not checked, because \(what)",
                                  hint: "fix the errors above, then run coach check again", code: .rulesNotChecked)
            throw DiagnosticError(bag.sorted + [note])
        }
        let fingerprint = Fingerprint.of(sources.fileContents)
        let ruleSet = RuleSetCompiler(sources: sources, manifest: manifest, fingerprint: fingerprint).compile(&bag)
        if bag.hasErrors { throw DiagnosticError(bag.sorted.filter { $0.severity == .error } + bag.sorted.filter { $0.severity != .error }) }
        guard let ruleSet else { throw DiagnosticError(bag.sorted) }
        return ruleSet
    }

    /// The manifest, when there is one and this engine is as new as it `requires`.
    static func checkedManifest(_ sources: Sources, _ bag: inout DiagnosticBag) throws(DiagnosticError) -> Manifest {
        if let manifest = sources.manifest, let required = manifest.requires,
           let current = EngineVersion(CoachVersion.current), current < required {
            bag.error("rule set '\(manifest.name)' needs coach \(required) or newer; this is coach \(current)",
                      at: sources.manifestLocation, hint: "upgrade coach, or lower 'requires' in ruleset.yaml",
                      code: .rulesEngineVersion)
            throw DiagnosticError(bag.sorted)
        }
        guard let manifest = sources.manifest else { throw DiagnosticError(bag.sorted) }
        return manifest
    }

    /// Reads and decodes the files of a rule set, collecting every problem.
    struct SourceReader {
        typealias Parse = (String) throws(DiagnosticError) -> (file: SourceFile, documents: [Node])
        let rules: String
        var bag = DiagnosticBag()
        var sources = Sources()
        /// Files that could not be read at all.
        var unreadable: [String] = []
        /// Whether the signal catalog is missing, empty or has errors.
        var catalogBroken = false
        var manifestPath: String { rules + "/ruleset.yaml" }
        var signalsPath: String { rules + "/signals.yaml" }

        /// What reading one file gave, apart from the other files.
        struct FileRead {
            let path: String
            /// The file, or why it could not be read.
            var file: SourceFile?
            var failure: DiagnosticError?
            var documentCount = 0
            /// Where a second document starts (a rule-set file holds one).
            var secondDocument: SourceLocation?
            /// Whether that second document is empty (a '---' with nothing after it).
            var secondIsEmpty = false
            /// The document, when the caller decodes it (the manifest, the catalog, a playbook).
            var first: Node?
            /// A rule file's rules and definitions, and what decoding them said.
            var decoded: (rules: [RuleSpec], definitions: [DefinitionSpec], bag: DiagnosticBag)?
        }

        init(rules: String) {
            self.rules = rules
            sources.rulesFolder = rules
        }

        /// The manifest, the catalog, and the rule files (rules and definitions).
        mutating func readRuleFiles(_ ruleFiles: [String], _ parse: Parse) {
            if !ruleFiles.contains(manifestPath) {
                bag.error("\(rules) has no ruleset.yaml (the manifest)", hint: "create \(manifestPath) with name, version and phases",
                          code: .rulesNoManifest)
            }
            if !ruleFiles.contains(signalsPath) {
                bag.error("\(rules) has no signals.yaml (the signal catalog)", hint: "create \(signalsPath) listing the signals rules read",
                          code: .rulesNoCatalog)
            }
            // Each file read, and a rule file decoded, on its own (several at once); then
            // taken in file order, so that everything is said in the order a loop would say it.
            let manifest = manifestPath, catalog = signalsPath
            let reads = Parallel.map(ruleFiles.count) { i in
                SourceReader.read(ruleFiles[i], parse, decodingRules: ruleFiles[i] != manifest && ruleFiles[i] != catalog)
            }
            for read in reads {
                guard record(read, in: "Rules") else {
                    empty(read.path, required: read.path == manifestPath || read.path == signalsPath)
                    continue
                }
                switch read.path {
                case manifestPath:
                    guard let doc = read.first else { continue }
                    sources.manifest = ManifestDecoder.decode(doc, &bag)
                    sources.manifestLocation = doc["requires"]?.location ?? doc.location
                case signalsPath:
                    guard let doc = read.first else { continue }
                    let before = bag.errorCount
                    sources.catalog = CatalogDecoder.decode(doc, reserved: RuleSetCompiler.engineNames.union(RuleSetCompiler.functionNamespaces), &bag)
                    catalogBroken = bag.errorCount > before
                default:
                    guard let decoded = read.decoded else { continue }
                    bag.add(contentsOf: decoded.bag.items)
                    sources.rules += decoded.rules
                    sources.definitions += decoded.definitions
                }
            }
        }

        /// The playbooks and their resources.
        mutating func readPlaybookFiles(_ playbookFiles: [String], _ parse: Parse) {
            for path in playbookFiles {
                let read = SourceReader.read(path, parse, decodingRules: false)
                guard record(read, in: "Playbooks"), let doc = read.first else {
                    empty(path, required: false, playbook: true)
                    continue
                }
                let (p, r) = PlaybookDecoder.decode(doc, &bag)
                if let p { sources.playbooks.append(p) }
                sources.resources += r
            }
        }

        /// One file parsed and, when `decodingRules`, decoded as a rule file; apart from every
        /// other file, so files can be read at the same time.
        static func read(_ path: String, _ parse: Parse, decodingRules: Bool) -> FileRead {
            var read = FileRead(path: path)
            do {
                let (file, documents) = try parse(path)
                read.file = file
                read.documentCount = documents.count
                if documents.count > 1 {
                    read.secondDocument = documents[1].location
                    read.secondIsEmpty = documents.count == 2 && documents[1].scalar.map { $0.value == .null && $0.text.isEmpty } == true
                }
                if decodingRules, let doc = documents.first {
                    var bag = DiagnosticBag()
                    let (rules, definitions) = RuleDecoder.decode(doc, &bag)
                    read.decoded = (rules, definitions, bag)
                } else {
                    read.first = documents.first
                }
            } catch {
                read.failure = error
            }
            return read
        }

        /// Takes in a file read: its text (for the fingerprint and replicas), or why it could
        /// not be read. True when it holds a document (one is expected).
        mutating func record(_ read: FileRead, in folder: String) -> Bool {
            guard let file = read.file else {
                if let failure = read.failure { bag.add(contentsOf: failure.diagnostics) }
                unreadable.append(read.path)
                return false
            }
            sources.fileContents.append((read.path, file.text))
            sources.files.append(RuleSetFiles.File(path: read.path, text: file.text, isRuleFile: folder == "Rules"))
            if let second = read.secondDocument {
                bag.error("\(read.path) holds \(read.documentCount) YAML documents; a rule-set file holds one", at: second,
                          hint: read.secondIsEmpty ? "a '---' with nothing after it starts an empty document; remove it" : "split it into several files",
                          code: .rulesDocuments)
            }
            return read.documentCount > 0
        }

        /// A file with nothing in it (or only comments) is said, never silently skipped: the
        /// manifest and the catalog cannot be empty; another empty file is a warning.
        mutating func empty(_ path: String, required: Bool, playbook: Bool = false) {
            guard !unreadable.contains(path) else { return }
            if required {
                let hint = path == manifestPath ? "give the program's name, version and phases" : "declare the signals rules read"
                bag.add(Diagnostic.error("the file is empty", hint: hint, code: .rulesEmptyFile).inFile(path))
                if path == signalsPath { catalogBroken = true }
            } else {
                let what = playbook ? "a playbook or resources" : "rules or definitions"
                bag.add(Diagnostic.warning("the file is empty", hint: "add \(what), or delete the file", code: .rulesEmptyFile).inFile(path))
            }
        }
    }

    /// Whether `name` names a rule-test file (`*.test.yaml` or `*.test.yml`, as a rule file
    /// may end either way): `coach test` runs it, and a rule set never reads it.
    package static func isTestFile(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".test.yaml") || lower.hasSuffix(".test.yml")
    }

    /// Whether `name` ends in `.yaml` or `.yml`, in any case (`Pricing.YAML` is a rule file
    /// too: left out, its rules would be missing without a word).
    package static func isYAMLFile(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
    }

    /// `Rules/` as `Rules`, so file paths and messages read the same however it was typed.
    static func withoutTrailingSlash(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        return String(p)
    }

    /// The `.yaml`/`.yml` files directly in `directory`, sorted by name.
    static func yamlFiles(in directory: String, _ bag: inout DiagnosticBag, what: String) -> [String] {
        guard let names = listing(directory, &bag, what: what) else { return [] }
        let trimmed = directory == "/" ? "" : directory
        let yaml = names.filter { RuleSetLoader.isYAMLFile($0) && !RuleSetLoader.isTestFile($0) }
        if yaml.count > RuleSetLimits.maxFiles {
            bag.error("\(what) directory '\(directory)' holds \(yaml.count) YAML files, over the limit of \(RuleSetLimits.maxFiles)",
                      hint: "see docs/limits.md", code: .rulesTooMany)
            return []
        }
        return yaml.sorted().map { trimmed + "/" + $0 }.filter { readable($0, &bag) }
    }

    /// The names in `directory`; nil, with an error, when it is missing, not a directory, or
    /// cannot be read (a folder without read permission is not an empty one, nor a missing one).
    static func listing(_ directory: String, _ bag: inout DiagnosticBag, what: String) -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            // The library's words; the CLI names its own option (RuleSetOptions.loadRuleSet).
            let found = FileManager.default.fileExists(atPath: directory)
            if !found, let reason = PathProblem.unreachable(directory) {
                bag.error("\(what) directory '\(directory)' cannot be read (\(reason))",
                          hint: "check the folder's permissions, or a link that leads nowhere or to itself", code: .ioUnreadable)
                return nil
            }
            bag.error("\(what) directory '\(directory)' \(found ? "is a file, not a directory" : "does not exist")",
                      hint: "give the path of the rule set's \(what) folder", code: .rulesNoDirectory)
            return nil
        }
        guard let dir = opendir(directory) else {
            bag.error("\(what) directory '\(directory)' cannot be read (\(String(cString: strerror(errno))))",
                      hint: "check the folder's permissions", code: .ioUnreadable)
            return nil
        }
        closedir(dir)
        return (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    }

    /// The size of the file at `path` (a file ``readable(_:_:)`` let through), 0 when it
    /// cannot be told: its reading then says why.
    static func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Whether `path`, named in a rule set's directory, is a file to read; when it is not (a
    /// link to nothing, a loop of links, a directory, a FIFO that would wait for a writer
    /// forever, a device), an error says so rather than the file being left out unsaid.
    package static func readable(_ path: String, _ bag: inout DiagnosticBag) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else {
            // The folder's listing gives names as text, a byte that is not UTF-8 as U+FFFD: a
            // name it could not give is not a missing file.
            if errno == ENOENT, path.unicodeScalars.contains("\u{FFFD}") {
                bag.error("\(path): the file's name is not UTF-8 (shown with U+FFFD), so it cannot be read",
                          hint: "rename the file with UTF-8 characters", code: .rulesFileName)
                return false
            }
            bag.error("\(path): cannot be read (\(String(cString: strerror(errno))))", hint: "a link that leads nowhere, or to itself, is not a file",
                      code: .ioUnreadable)
            return false
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return true
        case S_IFDIR: bag.error("\(path) is a directory, not a file", hint: "a rule set's files are directly in its folder", code: .ioDirectory)
        default: bag.error("\(path) is not a regular file (a FIFO, socket or device), so it is not read", code: .ioUnreadable)
        }
        return false
    }
}

/// A stable 64-bit FNV-1a hash of file names and contents, with the engine version. The
/// files come in load order (rule files by name, then playbook files by name) and count by
/// their names only, so the same rule set has the same fingerprint wherever it is.
enum Fingerprint {
    static func of(_ files: [(String, String)]) -> String {
        var hash = FNV1a()
        func feed(_ s: String) {
            // Over the string's UTF-8 buffer: the generic sequence form walks a String's
            // bytes through iterator witnesses (about 300 instructions a byte).
            var s = s
            s.withUTF8 { hash.feed(UnsafeRawBufferPointer($0)) }
            hash.feed(0xFF)  // an end mark: "ab" + "c" and "a" + "bc" differ
        }
        feed(CoachVersion.current)
        for (path, text) in files {
            feed(String(path.split(separator: "/").last ?? ""))
            feed(text)
        }
        let hex = String(hash.value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
