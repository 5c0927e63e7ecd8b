// JSONSurrogatesTests.swift — a JSON file's escaped surrogate pairs read through the YAML
// parser as the characters they spell (a rule test's snapshot written by Python's json.dump).

@testable import CoachYAML
import Testing

@Suite struct JSONSurrogatesTests {
    @Test(arguments: [
        (#"{"t": "Serum \ud83d\ude00 best"}"#, #"{"t": "Serum \U0001F600 best"}"#),
        (#"{"t": "\uD83C\uDDF3\uD83C\uDDF4"}"#, #"{"t": "\U0001F1F3\U0001F1F4"}"#),
        (#"{"t": "not an escape \\ud83d\\ude00"}"#, #"{"t": "not an escape \\ud83d\\ude00"}"#),
        (#"{"t": "lone \ud83d and \u00e9"}"#, #"{"t": "lone \ud83d and \u00e9"}"#),
        (#"{"t": "\\\ud83d\ude00"}"#, #"{"t": "\\\U0001F600"}"#),
    ])
    func `pairs become one escape, and nothing else changes`(json: String, yaml: String) {
        #expect(String(decoding: JSONSurrogates.asYAML(Array(json.utf8)), as: UTF8.self) == yaml)
    }

    @Test func `the parser reads the character the pair spells`() throws {
        let text = #"{"title": "Serum \ud83d\ude00"}"#
        let docs = try YAMLParser().parse(fileBytes: JSONSurrogates.asYAML(Array(text.utf8)), path: "s.json").documents
        #expect(docs.first?.mapping?.first?.value.scalar?.text == "Serum 😀")
    }
}
