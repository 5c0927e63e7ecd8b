import Testing
@testable import CoachCLI
@Test func placeholder() { #expect(CoachCLI.commands.count >= 1) }
