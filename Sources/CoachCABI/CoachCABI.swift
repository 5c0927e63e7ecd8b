// CoachCABI.swift — the C ABI declared in include/coach.h: engines and results behind opaque
// pointers, JSON in and out. Nothing thrown crosses the boundary; every pointer handed in is
// checked against the live ones before use, so a NULL, freed or foreign pointer is an error.

import CoachEngine
import CoachRules
import CoachSource

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// What a `coach_result *` points at.
final class CResult: @unchecked Sendable {
    let ok: Bool
    let text: UnsafeMutablePointer<CChar>
    let length: Int

    init(ok: Bool, bytes: [UInt8]) {
        self.ok = ok
        (text, length) = bytes.withUnsafeBytes { CResult.copy($0) }
    }

    /// A result owning `taken`: `count` bytes and a zero byte after them, made with
    /// `allocate` (freed here, in `deinit`).
    init(ok: Bool, taken: (bytes: UnsafeMutablePointer<UInt8>, count: Int)) {
        self.ok = ok
        text = UnsafeMutableRawPointer(taken.bytes).bindMemory(to: CChar.self, capacity: taken.count + 1)
        length = taken.count
    }

    /// `raw` copied into memory of its own, with a NUL after it.
    private static func copy(_ raw: UnsafeRawBufferPointer) -> (UnsafeMutablePointer<CChar>, Int) {
        let text = UnsafeMutablePointer<CChar>.allocate(capacity: raw.count + 1)
        if let base = raw.baseAddress { memcpy(text, base, raw.count) }
        text[raw.count] = 0
        return (text, raw.count)
    }

    deinit { text.deallocate() }
}

/// The engines and results handed out and not yet freed, by handle. A handle is a number
/// that is never handed out twice (not an address, which the allocator reuses), so a freed
/// handle stays unknown forever: using or freeing it again is an error or nothing, never
/// another caller's object.
enum Live {
    struct Tables {
        var next: UInt = 0x1000
        var engines: [UInt: Engine] = [:]
        var results: [UInt: CResult] = [:]

        /// The next handle: never zero (so never a NULL pointer), never one handed out before
        /// (it would take 2⁶⁰ handles to wrap).
        mutating func handle() -> UInt {
            next &+= 16
            if next == 0 { next = 16 }
            return next
        }
    }

    static let tables = Locked(Tables())

    static func key(_ p: OpaquePointer?) -> UInt? { p.map { UInt(bitPattern: UnsafeRawPointer($0)) } }

    static func engine(_ p: OpaquePointer?) -> Engine? {
        guard let k = key(p) else { return nil }
        return tables.withLock { $0.engines[k] }
    }

    static func result(_ p: OpaquePointer?) -> CResult? {
        guard let k = key(p) else { return nil }
        return tables.withLock { $0.results[k] }
    }

    /// Hands out a result.
    static func hand(_ r: CResult) -> OpaquePointer {
        let k = tables.withLock { t in
            let k = t.handle()
            t.results[k] = r
            return k
        }
        return OpaquePointer(bitPattern: k)!  // k is never zero
    }

    /// Hands out an engine.
    static func hand(_ e: Engine) -> OpaquePointer {
        let k = tables.withLock { t in
            let k = t.handle()
            t.engines[k] = e
            return k
        }
        return OpaquePointer(bitPattern: k)!  // k is never zero
    }

    static func ok(_ bytes: [UInt8]) -> OpaquePointer { hand(CResult(ok: true, bytes: bytes)) }

    static func failure(_ error: DiagnosticError) -> OpaquePointer { hand(CResult(ok: false, bytes: Engine.errorJSON(error))) }

    static func failure(_ message: String, code: DiagnosticCode) -> OpaquePointer {
        failure(DiagnosticError(.error(message, code: code)))
    }

    static let noEngine = "engine is NULL or not a live engine (freed, or never made by coach_engine_new)"

    /// The snapshot's bytes, or the argument error.
    static func snapshot(_ p: UnsafePointer<CChar>?, _ length: Int) -> Result<UnsafeRawBufferPointer, DiagnosticError> {
        guard let p else { return .failure(DiagnosticError(.error("snapshot is NULL", code: .abiArgument))) }
        guard length >= 0 else {
            return .failure(DiagnosticError(.error("length \(UInt(bitPattern: length)) is too large for a snapshot", code: .abiArgument)))
        }
        return .success(UnsafeRawBufferPointer(start: UnsafeRawPointer(p), count: length))
    }
}

/// Static texts handed out by pointer: never freed.
enum StaticText {
    nonisolated(unsafe) static let version = UnsafePointer(strdup(CoachVersion.current)!)
    nonisolated(unsafe) static let unknownResult = UnsafePointer(strdup(
        "{\"error\":\"not a live coach_result\",\"diagnostics\":[{\"severity\":\"error\",\"code\":\"abi.argument\",\"message\":\"not a live coach_result\"}]}")!)
}

/// Reads `count` in-memory files from the C arrays: each name, and its text's bytes as given
/// (the loader reads them as it reads a file: a byte that is not UTF-8 is an error at its
/// place, beside every other file's problems).
func files(_ names: UnsafePointer<UnsafePointer<CChar>?>?, _ texts: UnsafePointer<UnsafePointer<CChar>?>?,
           _ lengths: UnsafePointer<Int>?, _ count: Int) -> Result<[(name: String, bytes: [UInt8])], DiagnosticError> {
    guard count >= 0, count < 1 << 20 else {
        return .failure(DiagnosticError(.error("count \(UInt(bitPattern: count)) is not a number of files", code: .abiArgument)))
    }
    guard count == 0 || (names != nil && texts != nil && lengths != nil) else {
        return .failure(DiagnosticError(.error("names, texts and lengths must not be NULL", code: .abiArgument)))
    }
    var out: [(name: String, bytes: [UInt8])] = []
    var problems: [Diagnostic] = []
    for i in 0..<count {
        guard let name = names?[i], let text = texts?[i], let length = lengths?[i] else {
            return .failure(DiagnosticError(.error("file \(i): its name or text is NULL", code: .abiArgument)))
        }
        guard length >= 0 else {
            return .failure(DiagnosticError(.error("file \(i): length \(UInt(bitPattern: length)) is too large", code: .abiArgument)))
        }
        // A name is not repaired: one that is not UTF-8 is an error (a text's bytes are the
        // loader's to check, as a file's are: never a U+FFFD in a seller's tip).
        guard let fileName = String(validatingCString: name) else {
            problems.append(.error("file \(i): its name is not UTF-8", hint: "name each file Rules/NAME.yaml or Playbooks/NAME.yaml",
                                   code: .rulesFileName))
            continue
        }
        out.append((fileName, Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(text), count: length))))
    }
    return problems.isEmpty ? .success(out) : .failure(DiagnosticError(problems))
}

@_cdecl("coach_version")
public func coach_version() -> UnsafePointer<CChar> { StaticText.version }

@_cdecl("coach_engine_new")
public func coach_engine_new(_ rules: UnsafePointer<CChar>?, _ playbooks: UnsafePointer<CChar>?,
                             _ engine: UnsafeMutablePointer<OpaquePointer?>?) -> OpaquePointer {
    engine?.pointee = nil
    guard let engine else { return Live.failure("engine (the out-parameter) is NULL", code: .abiArgument) }
    guard let rules, let playbooks else { return Live.failure("rules_dir and playbooks_dir must not be NULL", code: .abiArgument) }
    // A path is not repaired: `R\xE8gles` made `R\u{FFFD}gles` could load another folder.
    guard let rulesPath = String(validatingCString: rules), let playbooksPath = String(validatingCString: playbooks) else {
        return Live.failure("rules_dir or playbooks_dir is not UTF-8", code: .abiArgument)
    }
    return make(engine) { () throws(DiagnosticError) in try Engine(rules: rulesPath, playbooks: playbooksPath) }
}

@_cdecl("coach_engine_new_from_texts")
public func coach_engine_new_from_texts(_ names: UnsafePointer<UnsafePointer<CChar>?>?, _ texts: UnsafePointer<UnsafePointer<CChar>?>?,
                                        _ lengths: UnsafePointer<Int>?, _ count: Int,
                                        _ engine: UnsafeMutablePointer<OpaquePointer?>?) -> OpaquePointer {
    engine?.pointee = nil
    guard let engine else { return Live.failure("engine (the out-parameter) is NULL", code: .abiArgument) }
    switch files(names, texts, lengths, count) {
    case .failure(let e): return Live.failure(e)
    case .success(let given): return make(engine) { () throws(DiagnosticError) in try Engine(fileBytes: given) }
    }
}

func make(_ out: UnsafeMutablePointer<OpaquePointer?>, _ build: () throws(DiagnosticError) -> Engine) -> OpaquePointer {
    do {
        let e = try build()
        out.pointee = Live.hand(e)
        return Live.ok(e.infoJSON())
    } catch {
        return Live.failure(error)
    }
}

@_cdecl("coach_evaluate")
public func coach_evaluate(_ engine: OpaquePointer?, _ snapshot: UnsafePointer<CChar>?, _ length: Int) -> OpaquePointer {
    guard let e = Live.engine(engine) else { return Live.failure(Live.noEngine, code: .abiArgument) }
    do {
        // The result handed out in the memory it was written in (the worker's stream takes new
        // memory, sized to this result).
        return Live.hand(CResult(ok: true, taken: try e.evaluatedJSONTaken(try Live.snapshot(snapshot, length).get(), oneLine: false)))
    } catch {
        return Live.failure(error)
    }
}

@_cdecl("coach_evaluate_line")
public func coach_evaluate_line(_ engine: OpaquePointer?, _ snapshot: UnsafePointer<CChar>?, _ length: Int) -> OpaquePointer {
    guard let e = Live.engine(engine) else { return Live.failure(Live.noEngine, code: .abiArgument) }
    do {
        return Live.hand(CResult(ok: true, taken: try e.evaluatedJSONTaken(try Live.snapshot(snapshot, length).get(), oneLine: true)))
    } catch {
        return Live.failure(error)
    }
}

@_cdecl("coach_explain")
public func coach_explain(_ engine: OpaquePointer?, _ snapshot: UnsafePointer<CChar>?, _ length: Int,
                          _ rule: UnsafePointer<CChar>?) -> OpaquePointer {
    guard let e = Live.engine(engine) else { return Live.failure(Live.noEngine, code: .abiArgument) }
    var ruleID: String?
    if let rule {
        guard let id = String(validatingCString: rule) else { return Live.failure("rule_id is not UTF-8", code: .abiArgument) }
        ruleID = id
    }
    do {
        return Live.ok(try e.explainJSON(try Live.snapshot(snapshot, length).get(), rule: ruleID))
    } catch {
        return Live.failure(error)
    }
}

@_cdecl("coach_reload")
public func coach_reload(_ engine: OpaquePointer?) -> OpaquePointer {
    guard let e = Live.engine(engine) else { return Live.failure(Live.noEngine, code: .abiArgument) }
    do {
        // The info of the version this call swapped in (another thread may already have
        // swapped in a later one: asking the engine now could name that one).
        return Live.ok(try e.reloadInfoJSON(from: nil))
    } catch {
        return Live.failure(error)
    }
}

@_cdecl("coach_reload_from_texts")
public func coach_reload_from_texts(_ engine: OpaquePointer?, _ names: UnsafePointer<UnsafePointer<CChar>?>?,
                                    _ texts: UnsafePointer<UnsafePointer<CChar>?>?, _ lengths: UnsafePointer<Int>?,
                                    _ count: Int) -> OpaquePointer {
    guard let e = Live.engine(engine) else { return Live.failure(Live.noEngine, code: .abiArgument) }
    switch files(names, texts, lengths, count) {
    case .failure(let error): return Live.failure(error)
    case .success(let given):
        do {
            return Live.ok(try e.reloadInfoJSON(fileBytes: given))
        } catch {
            return Live.failure(error)
        }
    }
}

@_cdecl("coach_engine_info")
public func coach_engine_info(_ engine: OpaquePointer?) -> OpaquePointer {
    guard let e = Live.engine(engine) else { return Live.failure(Live.noEngine, code: .abiArgument) }
    return Live.ok(e.infoJSON())
}

@_cdecl("coach_engine_free")
public func coach_engine_free(_ engine: OpaquePointer?) {
    guard let k = Live.key(engine) else { return }
    // Dropped from the table; evaluations holding it finish, then it is released.
    _ = Live.tables.withLock { $0.engines.removeValue(forKey: k) }
}

@_cdecl("coach_result_ok")
public func coach_result_ok(_ result: OpaquePointer?) -> Int32 {
    Live.result(result)?.ok == true ? 1 : 0
}

@_cdecl("coach_result_json")
public func coach_result_json(_ result: OpaquePointer?) -> UnsafePointer<CChar> {
    guard let r = Live.result(result) else { return StaticText.unknownResult }
    return UnsafePointer(r.text)
}

@_cdecl("coach_result_length")
public func coach_result_length(_ result: OpaquePointer?) -> Int {
    guard let r = Live.result(result) else { return strlen(StaticText.unknownResult) }
    return r.length
}

@_cdecl("coach_result_free")
public func coach_result_free(_ result: OpaquePointer?) {
    guard let k = Live.key(result) else { return }
    _ = Live.tables.withLock { $0.results.removeValue(forKey: k) }
}
