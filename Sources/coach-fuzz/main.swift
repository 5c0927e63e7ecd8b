// coach-fuzz — the fuzz harnesses in one program: `coach-fuzz TARGET [libFuzzer options]
// [CORPUS...]`. Built with `make fuzz` (-sanitize=fuzzer,address and COACH_FUZZ), it runs
// libFuzzer on TARGET; built normally, it replays the files (or folders) given through TARGET,
// so a corpus can be checked without the fuzzer. Targets: yaml, expression, evaluation,
// ruleset, snapshot, shipped (see CoachFuzzTargets).

import CoachFuzzTargets
import Foundation

nonisolated(unsafe) var selected: (@Sendable (UnsafeRawBufferPointer) -> Void)?

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selected?(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    return 0
}

#if COACH_FUZZ
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif

var args = CommandLine.arguments
guard args.count >= 2, let target = FuzzTargets.all.first(where: { $0.name == args[1] }) else {
    FileHandle.standardError.write(Data("usage: coach-fuzz TARGET [options] [corpus...]; targets: \(FuzzTargets.all.map(\.name).joined(separator: ", "))\n".utf8))
    exit(64)
}
if let problem = FuzzTargets.unready(target.name) {
    FileHandle.standardError.write(Data("coach-fuzz: \(problem)\n".utf8))
    exit(1)
}
selected = target.run
args.remove(at: 1)

#if COACH_FUZZ
var argc = CInt(args.count)
var cArgs: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
let status = cArgs.withUnsafeMutableBufferPointer { buffer -> CInt in
    var argv = buffer.baseAddress
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzzOne($0, $1) }
}
exit(status)
#else
// Replay: every file given, or every file in every folder given.
var replayed = 0
for path in args.dropFirst() {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
    let files = isDirectory.boolValue
        ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 } : [path]
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else { continue }
        data.withUnsafeBytes { target.run($0) }
        replayed += 1
    }
}
print("\(target.name): \(replayed) inputs replayed, none crashed")
#endif
