// Results+Encodable.swift — the library's result types are `Encodable`, each in the form
// coach writes it as JSON (snake_case keys, dates as `YYYY-MM-DD`), so a host can embed them
// in its own `Codable` types and get the same fields as `coach eval --format json`.

@_spi(Streaming) import CoachJSON
import CoachSource

extension Recommendations: Encodable {
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension Explanation: Encodable {
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension Tip: Encodable {
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension ChecklistEntry: Encodable {
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension Escalation: Encodable {
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension Suppression: Encodable {
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension LearnLink: Encodable {
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension ThresholdNote: Encodable {
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension RuleExplanation: Encodable {
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

// Explanations hold the values an evaluation read; two are equal when they say the same,
// which is when their JSON forms are equal.
extension Explanation: Equatable {
    public static func == (a: Explanation, b: Explanation) -> Bool { a.json == b.json }
}

extension RuleExplanation: Equatable {
    public static func == (a: RuleExplanation, b: RuleExplanation) -> Bool { a.json == b.json }
}
