// BatchRecordTests.swift — the error record `coach batch` writes for a line over the size
// limit: placed on its line, as every other record's diagnostics are.

import CoachEngine
import Foundation
import Testing

@Suite struct BatchRecordTests {
    @Test func `a line over the limit is an error record placed at the start of its line`() throws {
        var out: [UInt8] = []
        BatchWorker.appendTooLong(line: 7, limit: 64 << 20, input: "population.jsonl", to: &out)
        #expect(out.last == 0x0A && out.filter { $0 == 0x0A }.count == 1)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(out)) as? [String: Any])
        #expect(record["line"] as? Int == 7)
        let diagnostic = try #require((record["diagnostics"] as? [[String: Any]])?.first)
        #expect(diagnostic["code"] as? String == "snapshot.too-large")
        let location = try #require(diagnostic["location"] as? [String: Any])
        #expect(location["file"] as? String == "population.jsonl" && location["line"] as? Int == 7 && location["column"] as? Int == 1)
    }
}
