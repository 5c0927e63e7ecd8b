// ChecklistEntryJSONTests.swift — a checklist entry's members after its head are written from
// keys written ahead and from progress's digits: over every status, every progress in
// thousandths from 0 to 1 and odd ones (NaN, -0.0, past 1, between thousandths), set and
// unset optional members, compact and indented, in a result and one level deeper, the bytes
// are the tree writer's.

import CoachEngine
@_spi(Streaming) import CoachJSON
import CoachRules
import CoachTestSupport
import Testing

@Suite struct ChecklistEntryJSONTests {
    static func result() throws -> Recommendations {
        let rs = try RuleSet.load(rules: TestPaths.inPackage("Rules").path, playbooks: TestPaths.inPackage("Playbooks").path)
        let snapshot = try SnapshotReader(ruleSet: rs).read(path: TestPaths.inPackage("Examples/high-potential-day-66.json").path)
        return Evaluator(ruleSet: rs).evaluate(snapshot)
    }

    static let progresses: [Double?] = (0...1000).map { Double($0) / 1000 } + [
        nil, .nan, -0.0, 1.5, 0.0004, 0.0005, 0.1235, 0.99951, 1e-7, -0.25, .infinity, 1.0004,
    ]

    @Test("entries write as the tree writes them", arguments: [2, nil, 4] as [Int?])
    func sameAsTree(_ indent: Int?) throws {
        var r = try Self.result()
        let n = r.checklist.count
        #expect(n >= 5)
        let statuses = ItemStatus.allCases
        var start = 0
        while start < Self.progresses.count {
            for i in 0..<n {
                let k = start + i
                r.checklist[i].progress = k < Self.progresses.count ? Self.progresses[k] : nil
                r.checklist[i].status = statuses[k % statuses.count]
                r.checklist[i].checked = k % 3 != 0
                r.checklist[i].addedBy = k % 4 == 0 ? "rule.\(k)" : nil
                r.checklist[i].markedDone = k % 5 == 0 ? "2026-12-0\(k % 9 + 1)" : nil
            }
            let tree = JSONWriter(indent: indent).write(r.json)
            #expect(String(decoding: r.jsonBytes(indent: indent), as: UTF8.self) == tree, "progress from \(start)")
            // One level deeper: results in a list.
            var stream = JSONStream(indent: indent)
            stream.beginArray()
            r.write(to: &stream)
            stream.endArray()
            #expect(String(decoding: stream.bytes, as: UTF8.self) == JSONWriter(indent: indent).write(.array([r.json])))
            start += n
        }
    }
}
