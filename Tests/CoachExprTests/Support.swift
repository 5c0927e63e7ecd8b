import Testing
@testable import CoachExpr
