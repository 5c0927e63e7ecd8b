// main.swift — micro-benchmark of compiled expressions: nanoseconds per evaluation for
// typical rule conditions. Run with `swift run -c release coach-bench [iterations]`.

import CoachExpr
import Dispatch

let listingType = ObjectType(name: "Listing", fields: [
    .init("photos", .int), .init("title_length", .int), .init("has_description", .bool),
])

var env = Environment()
let conversionRate = env.declare("conversion_rate", .double)
let sessions = env.declare("sessions_30d", .int)
let category = env.declare("category", .string)
let listings = env.declare("listings", .list(.object(listingType)))
let a = env.declare("a", .double)
let b = env.declare("b", .double)
let title = env.declare("title", .string)

let cases = [
    "true",
    "sessions_30d > 500",
    "conversion_rate < 0.01 && sessions_30d > 500",
    "category in [\"toys\", \"games\"]",
    "listings.exists(l, l.photos < 3)",
    "listings.filter(l, l.photos < 3).size() >= 2",
    "max(a, b) > 0.5 ? 1 : 2",
    "listings.all(l, l.photos < 10)",
    "listings.map(l, l.photos).size() > 0",
    "title.matches('(?i)^(new|sale)\\\\b')",
]

let iterations = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000_000
let only = CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) }

let act = Activation(environment: env)
act[conversionRate] = .double(0.004)
act[sessions] = .int(800)
act[category] = .string("games")
act[listings] = .list((0..<10).map { i in
    .object(ObjectValue.make(type: listingType, fields: [.int(Int64(i % 5)), .int(40), .bool(i % 2 == 0)]))
})
act[a] = .double(0.3)
act[b] = .double(0.7)
act[title] = .string("Sale: wooden toy train set")

print("coach-bench: \(iterations) evaluations per expression (10 listings)")
for (index, text) in cases.enumerated() where only == nil || only == index {
    let program: Program
    do {
        program = try env.compile(text)
    } catch {
        print("compile error in \(text): \(error)")
        continue
    }
    var sink = 0
    // Warm-up.
    for _ in 0..<min(10_000, iterations) { if case .bool(true) = program.evaluate(act) { sink &+= 1 } }
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<iterations {
        switch program.evaluate(act) {
        case .bool(true), .int(1): sink &+= 1
        default: break
        }
    }
    let elapsed = DispatchTime.now().uptimeNanoseconds - start
    let ns = Double(elapsed) / Double(iterations)
    let shown = (ns * 10).rounded() / 10
    print("\(String(repeating: " ", count: max(0, 8 - String(shown).count)))\(shown) ns/eval  \(text)  -> \(sink == 0 ? "false" : "true")")
}
