// Recommendations+IDs.swift — the ids-only form of an evaluation, for population work where
// texts are not needed: `{"seller", "tips", "escalations", "checklist": {status: [ids]}}`.

@_spi(Streaming) import CoachJSON

extension Recommendations {
    /// Appends the ids form, on one line (no newline).
    public func appendIDs(to out: inout [UInt8]) {
        IDsForm.append(seller: seller, tips: tips.lazy.map(\.id), escalations: escalations.lazy.map(\.id),
                       checklist: checklist.lazy.map { ($0.status, $0.id) }, to: &out)
    }
}

/// The writer of the ids form, whatever holds the ids.
enum IDsForm {
    static func append<T: Sequence<String>, E: Sequence<String>, C: Collection<(ItemStatus, String)>>(
        seller: String, tips: T, escalations: E, checklist: C, to out: inout [UInt8]
    ) {
        JSONWriter.append("{\"seller\":", to: &out)
        JSONWriter.appendQuoted(seller, to: &out)
        JSONWriter.append(",\"tips\":", to: &out)
        list(tips, to: &out)
        JSONWriter.append(",\"escalations\":", to: &out)
        list(escalations, to: &out)
        JSONWriter.append(",\"checklist\":{", to: &out)
        for (n, status) in ItemStatus.allCases.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendQuoted(status.rawValue, to: &out)
            out.append(UInt8(ascii: ":"))
            list(checklist.lazy.filter { $0.0 == status }.map(\.1), to: &out)
        }
        JSONWriter.append("}}", to: &out)
    }

    static func list<S: Sequence<String>>(_ ids: S, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (n, id) in ids.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendQuoted(id, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
