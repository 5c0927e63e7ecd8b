import Testing
@testable import CoachSource
@Test func placeholder() { #expect(SourceFile(path: "a", text: "x\ny").lineCount == 2) }
