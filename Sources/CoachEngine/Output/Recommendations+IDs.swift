// Recommendations+IDs.swift — the ids-only form of an evaluation, for population work where
// texts are not needed: `{"seller", "tips", "escalations", "checklist": {status: [ids]}}`.

import CoachJSON

extension Recommendations {
    /// Appends the ids form, on one line (no newline).
    public func appendIDs(to out: inout [UInt8]) {
        JSONWriter.append("{\"seller\":", to: &out)
        JSONWriter.appendQuoted(seller, to: &out)
        JSONWriter.append(",\"tips\":", to: &out)
        Self.appendList(tips.lazy.map(\.id), to: &out)
        JSONWriter.append(",\"escalations\":", to: &out)
        Self.appendList(escalations.lazy.map(\.id), to: &out)
        JSONWriter.append(",\"checklist\":{", to: &out)
        for (n, status) in ItemStatus.allCases.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendQuoted(status.rawValue, to: &out)
            out.append(UInt8(ascii: ":"))
            Self.appendList(checklist.lazy.filter { $0.status == status }.map(\.id), to: &out)
        }
        JSONWriter.append("}}", to: &out)
    }

    static func appendList<S: Sequence>(_ ids: S, to out: inout [UInt8]) where S.Element == String {
        out.append(UInt8(ascii: "["))
        for (n, id) in ids.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendQuoted(id, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
