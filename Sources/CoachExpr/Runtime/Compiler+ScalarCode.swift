// Compiler+ScalarCode.swift — a checked expression over numbers and bools lowered a second
// time, into ``ScalarCode``: variables and fields holding ints, doubles and bools, `size()`
// and int elements of list variables, literals and params, arithmetic, comparisons, `!`,
// `&&`, `||`, `?:`, `double()`, `has()` of a variable, and `max`/`min` of two numbers. Anything else (a text, a comprehension, a function
// call, a type the checker left open) leaves the expression to the closures alone.

extension Compiler {
    /// `root` as ``ScalarCode``, or nil when any part of it is outside what that handles.
    /// Steps run in the general path's order, so a definition computed on the way is computed
    /// where the closures would have computed it.
    func scalarCode(_ root: Expr) -> ScalarCode? {
        // Only where the closures are slow: a comparison of a variable with a constant is one
        // closure reading its number in place, cheaper than the three steps doing the same
        // (measured: `day > 100000` 152 instructions a rule through its closure, 285 as steps;
        // `day > 0 && day % 7 == 0` about 590 fewer as steps, a ratio of two definitions
        // indexing a list 1,350 fewer).
        guard types != nil, fused, heavyNodes(root) > 0 else { return nil }
        var b = ScalarCodeBuilder()
        guard let (result, kind) = scalar(root, &b), b.registers <= ScalarCode.maxRegisters else { return nil }
        return ScalarCode(steps: b.steps, objectTypes: b.objectTypes, registerCount: b.registers, constants: b.constants,
                          result: result, resultKind: kind)
    }

    /// The register holding `e`'s value and its kind, the steps computing it added to `b`.
    private func scalar(_ e: Expr, _ b: inout ScalarCodeBuilder) -> (Int32, ScalarCode.Kind)? {
        guard let kind = scalarKind(e) else { return nil }
        switch e.kind {
        case .literal(let l):
            return b.constant(Compiler.value(l), kind)
        case .select(_, _, testOnly: true):
            return nil
        case .ident, .select:
            if let c = env.constantField(e, isLocal: { self.local($0) != nil }) { return b.constant(c, kind) }
            if let v = Names.variable(e, env: env, isLocal: { self.local($0) != nil }) {
                let r = b.register()
                b.add(ScalarStep(op: .read, kind: kind.rawValue, dst: r, imm: UInt64(v.slot)))
                return (r, kind)
            }
            return field(e, kind, &b)
        case .call(let target, let function, let args):
            return call(target, function, args, kind, &b)
        case .list, .map, .comprehension:
            return nil
        }
    }

    /// How many nodes of `e` the closures evaluate slowly and steps quickly: arithmetic,
    /// `?:`, `double()`, `size()`, indexing, and comparisons of two computed values.
    private func heavyNodes(_ e: Expr) -> Int {
        guard case .call(let target, let function, let args) = e.kind else { return 0 }
        let below = ((target.map { [$0] } ?? []) + args).reduce(0) { $0 + heavyNodes($1) }
        switch function {
        case Operator.add, Operator.subtract, Operator.multiply, Operator.divide, Operator.modulo, Operator.negate,
             Operator.conditional, Operator.index, "double", "size", "max", "min":
            return below + 1
        case Operator.less, Operator.lessEquals, Operator.greater, Operator.greaterEquals, Operator.equals, Operator.notEquals:
            let simple = args.contains { if case .literal = $0.kind { return true }; return env.constantField($0, isLocal: { _ in false }) != nil }
            return below + (simple ? 0 : 1)
        default:
            return below
        }
    }

    /// The checker's type of `e` as a register's kind; nil for any other type.
    private func scalarKind(_ e: Expr) -> ScalarCode.Kind? {
        switch type(e) {
        case .int?: return .int
        case .double?: return .double
        case .bool?: return .bool
        default: return nil
        }
    }

    /// `variable.field` of an object variable whose type the checker knows.
    private func field(_ e: Expr, _ kind: ScalarCode.Kind, _ b: inout ScalarCodeBuilder) -> (Int32, ScalarCode.Kind)? {
        guard case .select(let operand, let name, false) = e.kind, case .object(let ot)? = type(operand),
              let fi = ot.fieldIndex(name), let v = Names.variable(operand, env: env, isLocal: { self.local($0) != nil }) else { return nil }
        let r = b.register()
        b.add(ScalarStep(op: .field, kind: kind.rawValue, dst: r, a: Int32(fi), b: b.objectType(ot), imm: UInt64(v.slot)))
        return (r, kind)
    }

    private func call(_ target: Expr?, _ function: String, _ args: [Expr], _ kind: ScalarCode.Kind,
                      _ b: inout ScalarCodeBuilder) -> (Int32, ScalarCode.Kind)? {
        if function == "size", let counted = target ?? (args.count == 1 ? args[0] : nil), target == nil || args.isEmpty {
            guard fused, let slot = countedVariable(counted) else { return nil }
            let r = b.register()
            b.add(ScalarStep(op: .size, dst: r, imm: UInt64(slot)))
            return (r, .int)
        }
        if function == "double", target == nil, args.count == 1, let decl = env.function("double"), decl.cost == nil {
            guard let (x, from) = scalar(args[0], &b) else { return nil }
            switch from {
            case .double: return (x, .double)
            case .int: return b.unary(.intToDouble, x, .double)
            case .bool: return nil
            }
        }
        guard target == nil else { return nil }
        if function == Operator.present, args.count == 1, case .ident(let name, _) = args[0].kind, local(name) == nil,
           let v = env.variable(name) {
            let r = b.register()
            b.add(ScalarStep(op: .present, dst: r, imm: UInt64(v.slot)))
            return (r, .bool)
        }
        if function == "max" || function == "min", args.count == 2, let decl = env.function(function), decl.cost == nil,
           decl.byArity[2] != nil {
            guard let (x, kx) = scalar(args[0], &b), let (y, ky) = scalar(args[1], &b), kx == ky, kx == kind, kind != .bool else { return nil }
            let op: ScalarStep.Op = function == "max" ? (kind == .int ? .maxInt : .maxDouble) : (kind == .int ? .minInt : .minDouble)
            return b.binary(op, x, y, kind)
        }
        switch (function, args.count) {
        case (Operator.and, 2), (Operator.or, 2): return logical(args[0], args[1], isAnd: function == Operator.and, &b)
        case (Operator.conditional, 3): return conditional(args, kind, &b)
        case (Operator.not, 1):
            guard let (x, k) = scalar(args[0], &b), k == .bool else { return nil }
            return b.unary(.not, x, .bool)
        case (Operator.negate, 1):
            guard let (x, k) = scalar(args[0], &b), k != .bool else { return nil }
            return b.unary(k == .int ? .negateInt : .negateDouble, x, k)
        case (Operator.index, 2): return element(args[0], args[1], kind, &b)
        case (Operator.add, 2), (Operator.subtract, 2), (Operator.multiply, 2), (Operator.divide, 2), (Operator.modulo, 2):
            return arithmetic(function, args[0], args[1], &b)
        case (Operator.less, 2), (Operator.lessEquals, 2), (Operator.greater, 2), (Operator.greaterEquals, 2),
             (Operator.equals, 2), (Operator.notEquals, 2):
            return comparison(function, args[0], args[1], &b)
        default:
            return nil
        }
    }

    /// `a && b`, `a || b`: `b` only when `a` does not decide, as the closures do.
    private func logical(_ l: Expr, _ r: Expr, isAnd: Bool, _ b: inout ScalarCodeBuilder) -> (Int32, ScalarCode.Kind)? {
        guard let (x, kx) = scalar(l, &b), kx == .bool else { return nil }
        let result = b.register()
        b.moveResult(x, to: result)
        let decided = b.add(ScalarStep(op: isAnd ? .jumpIfFalse : .jumpIfTrue, a: result))
        guard let (y, ky) = scalar(r, &b), ky == .bool else { return nil }
        b.moveResult(y, to: result)
        b.patch(decided)
        return (result, .bool)
    }

    /// `c ? t : f`, both branches of `kind`.
    private func conditional(_ args: [Expr], _ kind: ScalarCode.Kind, _ b: inout ScalarCodeBuilder) -> (Int32, ScalarCode.Kind)? {
        guard let (c, kc) = scalar(args[0], &b), kc == .bool else { return nil }
        let result = b.register()
        let toElse = b.add(ScalarStep(op: .jumpIfFalse, a: c))
        guard let (t, kt) = scalar(args[1], &b), kt == kind else { return nil }
        b.moveResult(t, to: result)
        let toEnd = b.add(ScalarStep(op: .jump))
        b.patch(toElse)
        guard let (f, kf) = scalar(args[2], &b), kf == kind else { return nil }
        b.moveResult(f, to: result)
        b.patch(toEnd)
        return (result, kind)
    }

    /// `list[i]` of a list variable holding ints or doubles, `i` an int: the list read first,
    /// then the index, as the closures do.
    private func element(_ list: Expr, _ index: Expr, _ kind: ScalarCode.Kind, _ b: inout ScalarCodeBuilder) -> (Int32, ScalarCode.Kind)? {
        guard kind != .bool, case .list? = type(list), let v = Names.variable(list, env: env, isLocal: { self.local($0) != nil }) else { return nil }
        b.add(ScalarStep(op: .touchList, imm: UInt64(v.slot)))
        guard let (i, ki) = scalar(index, &b), ki == .int else { return nil }
        let r = b.register()
        b.add(ScalarStep(op: .index, dst: r, a: i, b: Int32(kind.rawValue), imm: UInt64(v.slot)))
        return (r, kind)
    }

    /// `+ - * / %` of two ints or two doubles (`%` of ints only).
    private func arithmetic(_ function: String, _ l: Expr, _ r: Expr, _ b: inout ScalarCodeBuilder) -> (Int32, ScalarCode.Kind)? {
        guard let (x, kx) = scalar(l, &b), let (y, ky) = scalar(r, &b), kx == ky else { return nil }
        let op: ScalarStep.Op
        switch (function, kx) {
        case (Operator.add, .int): op = .addInt
        case (Operator.subtract, .int): op = .subtractInt
        case (Operator.multiply, .int): op = .multiplyInt
        case (Operator.divide, .int): op = .divideInt
        case (Operator.modulo, .int): op = .moduloInt
        case (Operator.add, .double): op = .addDouble
        case (Operator.subtract, .double): op = .subtractDouble
        case (Operator.multiply, .double): op = .multiplyDouble
        case (Operator.divide, .double): op = .divideDouble
        default: return nil
        }
        return b.binary(op, x, y, kx)
    }

    /// `< <= > >= == !=` of two ints, two doubles or (equality) two bools; an int ordered
    /// against a double as its double, as `Ops.order` orders them.
    private func comparison(_ function: String, _ l: Expr, _ r: Expr, _ b: inout ScalarCodeBuilder) -> (Int32, ScalarCode.Kind)? {
        guard var (x, kx) = scalar(l, &b), var (y, ky) = scalar(r, &b) else { return nil }
        let ordering = function != Operator.equals && function != Operator.notEquals
        if ordering, kx != ky, kx != .bool, ky != .bool {
            if kx == .int { (x, kx) = b.unary(.intToDouble, x, .double) }
            if ky == .int { (y, ky) = b.unary(.intToDouble, y, .double) }
        }
        guard kx == ky else { return nil }
        let op: ScalarStep.Op
        switch (function, kx) {
        case (Operator.less, .int): op = .lessInt
        case (Operator.lessEquals, .int): op = .lessEqualsInt
        case (Operator.greater, .int): op = .greaterInt
        case (Operator.greaterEquals, .int): op = .greaterEqualsInt
        case (Operator.equals, .int): op = .equalsInt
        case (Operator.notEquals, .int): op = .notEqualsInt
        case (Operator.less, .double): op = .lessDouble
        case (Operator.lessEquals, .double): op = .lessEqualsDouble
        case (Operator.greater, .double): op = .greaterDouble
        case (Operator.greaterEquals, .double): op = .greaterEqualsDouble
        case (Operator.equals, .double): op = .equalsDouble
        case (Operator.notEquals, .double): op = .notEqualsDouble
        case (Operator.equals, .bool): op = .equalsBool
        case (Operator.notEquals, .bool): op = .notEqualsBool
        default: return nil
        }
        return b.binary(op, x, y, .bool)
    }
}

/// The steps of a ``ScalarCode`` as they are made.
struct ScalarCodeBuilder {
    var steps: [ScalarStep] = []
    var objectTypes: [ObjectType] = []
    var registers = 0
    /// The constants' registers and bits, set before the first step (no step of their own).
    var constants: [(register: Int32, bits: UInt64)] = []

    mutating func register() -> Int32 {
        registers += 1
        return Int32(registers - 1)
    }

    @discardableResult
    mutating func add(_ step: ScalarStep) -> Int {
        steps.append(step)
        return steps.count - 1
    }

    /// Where the last jump patched lands (the index of a step, or of the next step to be
    /// added); -1 before any.
    var landing = -1

    /// Points the jump at step `k` to the next step to be added.
    mutating func patch(_ k: Int) {
        steps[k].imm = UInt64(steps.count)
        landing = steps.count
    }

    /// Puts the value of register `x` into `result`: the last step, when it computed `x` and
    /// every path runs it (no jump lands past it), made to write `result` instead (`x` is read
    /// by nothing else: each register holds one part's value for its one parent); else a move.
    mutating func moveResult(_ x: Int32, to result: Int32) {
        if let last = steps.last, last.dst == x, landing != steps.count, ScalarCodeBuilder.writesRegister(last.op) {
            steps[steps.count - 1].dst = result
        } else {
            add(ScalarStep(op: .move, dst: result, a: x))
        }
    }

    /// Whether a step of `op` writes its `dst` (jumps and ``ScalarStep/Op/touchList`` do not).
    static func writesRegister(_ op: ScalarStep.Op) -> Bool {
        switch op {
        case .jump, .jumpIfFalse, .jumpIfTrue, .touchList: return false
        default: return true
        }
    }

    mutating func objectType(_ t: ObjectType) -> Int32 {
        if let i = objectTypes.firstIndex(where: { $0 === t }) { return Int32(i) }
        objectTypes.append(t)
        return Int32(objectTypes.count - 1)
    }

    /// A register set to `v` (an int, double or bool of `kind`); nil for any other value.
    mutating func constant(_ v: Value, _ kind: ScalarCode.Kind) -> (Int32, ScalarCode.Kind)? {
        let bits: UInt64
        switch (v, kind) {
        case (.int(let x), .int): bits = UInt64(bitPattern: x)
        case (.double(let x), .double): bits = x.bitPattern
        case (.bool(let x), .bool): bits = x ? 1 : 0
        default: return nil
        }
        let r = register()
        constants.append((r, bits))
        return (r, kind)
    }

    mutating func unary(_ op: ScalarStep.Op, _ x: Int32, _ kind: ScalarCode.Kind) -> (Int32, ScalarCode.Kind) {
        // An int constant made a double is a double constant (the step computes no more).
        if op == .intToDouble, let c = constants.last(where: { $0.register == x }) {
            let r = register()
            constants.append((r, Double(Int64(bitPattern: c.bits)).bitPattern))
            return (r, kind)
        }
        let r = register()
        add(ScalarStep(op: op, dst: r, a: x))
        return (r, kind)
    }

    mutating func binary(_ op: ScalarStep.Op, _ x: Int32, _ y: Int32, _ kind: ScalarCode.Kind) -> (Int32, ScalarCode.Kind) {
        let r = register()
        add(ScalarStep(op: op, dst: r, a: x, b: y))
        return (r, kind)
    }
}
