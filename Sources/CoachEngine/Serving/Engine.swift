// Engine.swift — a serving engine: one rule set answering from many threads, reloaded while
// it serves. A reload loads and compiles the new version beside the serving one and swaps it
// in whole; evaluations already running finish on the version they started with.

@_spi(Streaming) import CoachJSON
import CoachRules
import CoachSource

/// A rule set serving evaluations from any number of threads, with hot reload.
///
/// Each evaluation takes the version serving when it starts and keeps it to the end; a
/// reload that fails leaves that version serving and throws every problem it found. Every
/// result names the fingerprint of the rule set that produced it (`ruleset.fingerprint`).
/// Snapshot readers and evaluators are pooled per version: the engine's business, not the
/// caller's.
public final class Engine: Sendable {
    /// Where the rule set's files come from, for ``reload()``.
    public enum Source: Sendable {
        /// A rules directory and a playbooks directory.
        case directories(rules: String, playbooks: String)
        /// Files held in memory: `Rules/NAME.yaml` or `Playbooks/NAME.yaml`, and the text.
        case texts([(name: String, text: String)])
    }

    private struct Serving {
        var ruleSet: RuleSet
        /// Where a reload reads from (relative folders made absolute: ``Source/anchored()``).
        var source: Source
        /// Idle workers for this version.
        var idle: [Worker]
    }

    /// A reader and an evaluator for one version, used by one evaluation at a time.
    final class Worker: @unchecked Sendable {
        let reader: SnapshotReader
        let evaluator: Evaluator
        init(_ ruleSet: RuleSet) {
            reader = SnapshotReader(ruleSet: ruleSet)
            evaluator = Evaluator(ruleSet: ruleSet)
        }

        /// The streams results are written into, one line and indented, kept from one call
        /// to the next with the room they grew to.
        var lineStream = JSONStream(indent: nil, capacity: 32 << 10)
        var indentedStream = JSONStream(indent: 2, capacity: 48 << 10)

        /// Before a read: the last snapshot's signals, held by the evaluator alone by now,
        /// are written over for the next one (``SnapshotReader/recycle(signals:)``).
        func recycleSignals() { reader.recycle(signals: evaluator.releaseSignals()) }
    }

    private let serving: Locked<Serving>
    /// Reloads one at a time (each loads and compiles outside the serving lock).
    private let reloading = Locked(())

    /// An engine serving the rule set in `rules` with the playbooks in `playbooks`.
    public convenience init(rules: String, playbooks: String) throws(DiagnosticError) {
        try self.init(.directories(rules: rules, playbooks: playbooks))
    }

    /// An engine serving the rule set whose files are given in memory (`Rules/NAME.yaml`,
    /// `Playbooks/NAME.yaml`).
    public convenience init(texts: [(name: String, text: String)]) throws(DiagnosticError) {
        try self.init(.texts(texts))
    }

    /// An engine serving the rule set at `source`.
    public init(_ source: Source) throws(DiagnosticError) {
        let ruleSet = try Engine.load(source)
        serving = Locked(Serving(ruleSet: ruleSet, source: source.anchored(), idle: [Worker(ruleSet)]))
    }

    /// An engine serving the rule set whose files are given as the bytes a file would hold
    /// (the C ABI's texts): read as files are read, so bytes that are not UTF-8 are an error at
    /// their place, said with every other problem.
    package init(fileBytes files: [(name: String, bytes: [UInt8])]) throws(DiagnosticError) {
        let (ruleSet, source) = try Engine.load(fileBytes: files)
        serving = Locked(Serving(ruleSet: ruleSet, source: source, idle: [Worker(ruleSet)]))
    }

    /// The rule set of `files`, and the source a later ``reload()`` reads again: the same
    /// files as texts (they are UTF-8, or the load would have failed).
    static func load(fileBytes files: [(name: String, bytes: [UInt8])]) throws(DiagnosticError) -> (RuleSet, Source) {
        let ruleSet = try RuleSetLoader.load(files: files)
        return (ruleSet, .texts(files.map { ($0.name, String(decoding: $0.bytes, as: UTF8.self)) }))
    }

    static func load(_ source: Source) throws(DiagnosticError) -> RuleSet {
        switch source {
        case .directories(let rules, let playbooks): return try RuleSetLoader.load(rules: rules, playbooks: playbooks)
        case .texts(let files): return try RuleSetLoader.load(texts: files)
        }
    }

    /// The rule set serving now.
    public var ruleSet: RuleSet { serving.withLock { $0.ruleSet } }

    /// The fingerprint of the rule set serving now.
    public var fingerprint: String { ruleSet.fingerprint }

    /// Loads the rule set again from where it came from (the files may have changed) and
    /// swaps it in. Returns the new fingerprint.
    ///
    /// - Throws: every problem of the new version; the old one keeps serving.
    @discardableResult
    public func reload() throws(DiagnosticError) -> String {
        try reload(from: nil).fingerprint
    }

    /// Loads the rule set at `source` beside the serving one and swaps it in; later reloads
    /// read from `source`. Returns the new fingerprint.
    ///
    /// - Throws: every problem of the new version; the old one keeps serving.
    @discardableResult
    public func reload(from source: Source) throws(DiagnosticError) -> String {
        try reload(from: Optional(source)).fingerprint
    }

    /// Reloads from `source`, or (nil) from the source serving now, and returns the info
    /// (``infoJSON()``) of the version this reload swapped in, even if another reload has
    /// swapped in a later one since.
    package func reloadInfoJSON(from source: Source?) throws(DiagnosticError) -> [UInt8] {
        Engine.infoJSON(try reload(from: source))
    }

    /// The same for files given as bytes (``init(fileBytes:)``).
    package func reloadInfoJSON(fileBytes files: [(name: String, bytes: [UInt8])]) throws(DiagnosticError) -> [UInt8] {
        Engine.infoJSON(try reload { () throws(DiagnosticError) in try Engine.load(fileBytes: files) })
    }

    /// Reloads from `source`, or (nil) from the source serving now, read under the reload
    /// lock so that a concurrent reload from elsewhere is not undone; returns the new version.
    private func reload(from given: Source?) throws(DiagnosticError) -> RuleSet {
        try reload { () throws(DiagnosticError) in
            let source = given ?? serving.withLock { $0.source }
            return (try Engine.load(source), source.anchored())
        }
    }

    /// Loads a version with `load` (the rule set, and where it came from) under the reload
    /// lock, and swaps it in; returns it.
    private func reload(_ load: () throws(DiagnosticError) -> (RuleSet, Source)) throws(DiagnosticError) -> RuleSet {
        let result: Result<RuleSet, DiagnosticError> = reloading.withLock { _ in
            do throws(DiagnosticError) {
                let (fresh, source) = try load()
                // Its first worker, and with it the rule set's evaluation plan, made before the
                // swap: the first evaluation of the new version does not wait for them.
                let first = Worker(fresh)
                serving.withLock { $0 = Serving(ruleSet: fresh, source: source, idle: [first]) }
                return .success(fresh)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The largest snapshot after which a worker goes back to the pool: its parser and
    /// buffers keep the room the snapshot took (about three times its size), which a pool of
    /// workers would hold until the next reload. Past it, the worker is dropped and its
    /// memory freed; the next call makes a fresh one.
    package static let pooledAfterAtMost = 1 << 20

    /// How many workers wait in the pool (for tests).
    package var pooledWorkers: Int { serving.withLock { $0.idle.count } }

    /// Runs `body` with a worker of the version serving now, reading a snapshot of `size`
    /// bytes, and returns it to the pool after.
    func withWorker<T>(reading size: Int, _ body: (Worker) -> T) -> T {
        let (worker, ruleSet) = serving.withLock { s in (s.idle.popLast() ?? Worker(s.ruleSet), s.ruleSet) }
        let result = body(worker)
        serving.withLock { s in
            // A worker of a version that has since been replaced is dropped with it.
            if s.ruleSet === ruleSet, s.idle.count < 64, size <= Engine.pooledAfterAtMost { s.idle.append(worker) }
        }
        return result
    }

    /// A snapshot's bytes without a byte-order mark at their start: not content, as `coach
    /// eval` reads a file.
    static func content(_ json: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let mark = ByteOrderMark.length(at: json)
        return mark == 0 ? json : UnsafeRawBufferPointer(rebasing: json[mark...])
    }

    /// Reads a JSON snapshot and evaluates it.
    public func evaluate(json: UnsafeRawBufferPointer) throws(DiagnosticError) -> Recommendations {
        let result: Result<Recommendations, DiagnosticError> = withWorker(reading: json.count) { w in
            do throws(DiagnosticError) {
                w.recycleSignals()
                return .success(w.evaluator.evaluate(try w.reader.read(json: Engine.content(json))))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Reads a JSON snapshot and evaluates it: the bytes `coach eval --format json` prints;
    /// with `oneLine`, the same JSON on one line, a line feed at the end (the line `coach batch
    /// --output full` writes for the snapshot): a quarter fewer bytes, and written faster, for
    /// hosts that parse the result rather than show it.
    public func evaluateJSON(_ json: UnsafeRawBufferPointer, oneLine: Bool = false) throws(DiagnosticError) -> [UInt8] {
        try withEvaluatedJSON(json, oneLine: oneLine) { Array($0) }
    }

    /// The same bytes as ``evaluateJSON(_:oneLine:)``, given to `body` in place (valid only
    /// during the call): for a host that copies them once, into its own buffer.
    package func withEvaluatedJSON<R>(_ json: UnsafeRawBufferPointer, oneLine: Bool,
                                      _ body: (UnsafeRawBufferPointer) -> R) throws(DiagnosticError) -> R {
        try evaluated(json, oneLine: oneLine) { $0.withBytes(body) }
    }

    /// The same bytes, a zero byte after them, in memory handed to the caller (freed with
    /// `deallocate()`): the worker's stream gives up its memory and takes new memory sized to
    /// this result, so the result is not copied (the C ABI hands it out as it is).
    package func evaluatedJSONTaken(_ json: UnsafeRawBufferPointer, oneLine: Bool)
        throws(DiagnosticError) -> (bytes: UnsafeMutablePointer<UInt8>, count: Int) {
        try evaluated(json, oneLine: oneLine) { $0.takeBytes() }
    }

    /// Reads and evaluates `json` on a worker, writes the result into the worker's stream for
    /// the layout (and a line feed), and gives `finish` the stream.
    private func evaluated<R>(_ json: UnsafeRawBufferPointer, oneLine: Bool,
                              finish: (inout JSONStream) -> R) throws(DiagnosticError) -> R {
        let result: Result<R, DiagnosticError> = withWorker(reading: json.count) { w in
            do throws(DiagnosticError) {
                w.recycleSignals()
                let snapshot = try w.reader.read(json: Engine.content(json))
                func write(_ s: inout JSONStream) -> R {
                    s.reset()  // the room the largest result so far needed stays
                    w.evaluator.evaluate(snapshot, writingTo: &s)
                    s.put("\n")
                    return finish(&s)
                }
                return .success(oneLine ? write(&w.lineStream) : write(&w.indentedStream))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Reads a JSON snapshot and explains every rule, or only `rule`: the bytes
    /// `coach explain --format json` prints.
    public func explainJSON(_ json: UnsafeRawBufferPointer, rule: String? = nil) throws(DiagnosticError) -> [UInt8] {
        let result: Result<[UInt8], DiagnosticError> = withWorker(reading: json.count) { w in
            do throws(DiagnosticError) {
                let rs = w.evaluator.ruleSet
                if let rule, rs.rule(rule) == nil {
                    throw DiagnosticError(.error("no rule with id '\(rule.clipped(to: 200))'",
                                                 hint: Suggestions.didYouMean(rule, in: rs.rules.map(\.id)) ?? "the rule set has \(rs.rules.count) rules",
                                                 code: .cliUnknownRule))
                }
                let snapshot = try w.reader.read(json: Engine.content(json))
                var out: [UInt8] = []
                JSONWriter().write(rs.explain(snapshot, rule: rule).json, into: &out)
                out.append(0x0A)
                return .success(out)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// `{"engine": version, "name", "version", "fingerprint", "rules", "items"}` of the
    /// version serving now.
    public func infoJSON() -> [UInt8] { Engine.infoJSON(ruleSet) }

    /// The info of `rs`.
    static func infoJSON(_ rs: RuleSet) -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter(indent: nil).write(.object([
            ("engine", .string(CoachVersion.current)), ("name", .string(rs.manifest.name)), ("version", .string(rs.manifest.version)),
            ("fingerprint", .string(rs.fingerprint)), ("rules", .int(Int64(rs.rules.count))), ("items", .int(Int64(rs.items.count))),
        ]), into: &out)
        return out
    }

    /// `{"error": first message, "diagnostics": [...]}`: how the C ABI and the bindings
    /// report a failure.
    public static func errorJSON(_ error: DiagnosticError) -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter(indent: nil).write(error.json(), into: &out)
        return out
    }
}
