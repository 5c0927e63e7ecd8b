import CoachExpr
print("bench")
