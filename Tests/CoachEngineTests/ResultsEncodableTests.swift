// ResultsEncodableTests.swift — the library's results encode, through any Encoder, to the
// JSON coach writes for them: a host embedding one in its own Codable type gets the fields
// the CLI and the C ABI give.

import CoachEngine
import CoachRules
import CoachTestSupport
import Foundation
import Testing

@Suite struct ResultsEncodableTests {
    static func parsed(_ data: Data) throws -> NSObject {
        try #require(try JSONSerialization.jsonObject(with: data) as? NSObject)
    }

    @Test func `results and explanations encode as coach writes them`() throws {
        let (rs, snapshots) = try EvaluatorReuseTests.shipped()
        #expect(snapshots.count >= 6)
        for s in snapshots {
            let r = rs.evaluate(s)
            #expect(try Self.parsed(JSONEncoder().encode(r)) == Self.parsed(Data(r.jsonBytes())), "\(s.sellerID)")
            let e = rs.explain(s)
            #expect(try Self.parsed(JSONEncoder().encode(e)) == Self.parsed(Data(e.jsonBytes())), "\(s.sellerID)")
            #expect(e == rs.explain(s))
            if let first = r.tips.first {
                let one = try Self.parsed(JSONEncoder().encode(first))
                let all = try #require(Self.parsed(Data(r.jsonBytes())) as? NSDictionary)
                #expect(one == (all["tips"] as? NSArray)?.firstObject as? NSObject)
            }
        }
    }

    @Test func `two different explanations are not equal`() throws {
        let (rs, snapshots) = try EvaluatorReuseTests.shipped()
        #expect(rs.explain(snapshots[0]) != rs.explain(snapshots[1]))
    }
}
