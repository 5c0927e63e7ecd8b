// Compiler+FieldTests.swift — comprehension predicates made only of the loop object's number
// and bool fields (compared with constants, directly or through double arithmetic, joined by
// `&&`, `||` and `!`), decided for up to 64 elements at a time: one tight loop per test over
// the list instead of a tree of closures per element. Whenever an element's verdict is
// anything but a plain bool (an unset field, a field of another kind, an element of another
// type) and could change the answer, or the cost budget would run out, the comprehension's
// general loop decides instead, with its errors.

import CoachSource

/// The verdicts of a predicate over a chunk of up to 64 elements: bit k of `yes` set when
/// element k's predicate is true, of `bad` when the general path must judge it (an unset
/// field, a field of another kind, an object of another type); neither bit when it is false.
struct Verdicts {
    var yes: UInt64
    var bad: UInt64
}

/// A test over a chunk of a list: the elements `start + k` for each bit k set in the mask
/// (k < 64). Elements outside the mask get neither bit: `&&` asks its second operand only
/// about the elements its first one holds for, as the general path's `&&` does.
typealias ChunkTest = @Sendable (UnsafeBufferPointer<Value>, Int, UInt64, Activation) -> Verdicts

/// A comprehension predicate decided chunk by chunk. Each answer is nil when the general loop
/// must decide (it then starts from the same cost, as if this had not run).
struct FieldPredicate: Sendable {
    let test: ChunkTest
    /// The range's slot when the range is a variable (`listings`): the loop reads it from
    /// the activation itself, without the call through the range's node.
    let rangeSlot: Int?

    @inline(__always)
    static func mask(_ count: Int) -> UInt64 { count >= 64 ? ~0 : (1 << UInt64(count)) &- 1 }

    /// Charges `visited` elements, one each as the general loop does; false (nothing charged)
    /// when the budget would run out on the way.
    @inline(__always)
    static func charge(_ a: Activation, _ visited: Int) -> Bool {
        let (total, overflow) = a.cost.addingReportingOverflow(visited)
        if overflow || total > a.budget { return false }
        a.cost = total
        return true
    }

    /// `exists` (`decisive` true) or `all` (false): the first decisive element answers. An
    /// element before it without a plain verdict (one the general path may judge otherwise:
    /// an object of another type can still have the field) leaves the answer to the general
    /// loop.
    func existsOrAll(_ xs: [Value], _ a: Activation, decisive: Bool) -> Value? {
        xs.withUnsafeBufferPointer { buf -> Value? in
            var start = 0
            var size = 4  // chunks grow 4, 16, 64: an early answer costs little
            while start < buf.count {
                let n = min(size, buf.count - start)
                size = min(64, size * 4)
                let v = test(buf, start, FieldPredicate.mask(n), a)
                let hits = decisive ? v.yes : ~(v.yes | v.bad) & FieldPredicate.mask(n)
                let first = hits.trailingZeroBitCount  // 64 when none
                if v.bad & FieldPredicate.mask(first) != 0 { return nil }
                if hits != 0 {
                    guard FieldPredicate.charge(a, start + first + 1) else { return nil }
                    return .bool(decisive)
                }
                start += n
            }
            guard FieldPredicate.charge(a, buf.count) else { return nil }
            return .bool(!decisive)
        }
    }

    /// `filter(...).size()`: how many elements the predicate keeps.
    func count(_ xs: [Value], _ a: Activation) -> Value? {
        xs.withUnsafeBufferPointer { buf -> Value? in
            var start = 0
            var kept = 0
            while start < buf.count {
                let n = min(64, buf.count - start)
                let v = test(buf, start, FieldPredicate.mask(n), a)
                if v.bad != 0 { return nil }
                kept += v.yes.nonzeroBitCount
                start += n
            }
            guard FieldPredicate.charge(a, buf.count) else { return nil }
            return .int(Int64(kept))
        }
    }

    /// `filter`: the elements the predicate keeps, in order.
    func filter(_ xs: [Value], _ a: Activation) -> Value? {
        xs.withUnsafeBufferPointer { buf -> Value? in
            var out: [Value] = []
            var start = 0
            while start < buf.count {
                let n = min(64, buf.count - start)
                let v = test(buf, start, FieldPredicate.mask(n), a)
                if v.bad != 0 { return nil }
                var bits = v.yes
                while bits != 0 {
                    if out.isEmpty { out.reserveCapacity(buf.count - start) }
                    out.append(buf[start + bits.trailingZeroBitCount])
                    bits &= bits &- 1
                }
                start += n
            }
            guard FieldPredicate.charge(a, buf.count) else { return nil }
            return .list(out)
        }
    }
}

extension Compiler {
    /// The predicate `p` of a comprehension over a list of objects of one type, or of numbers
    /// or bools, whose loop variable is local `iter`, as a ``FieldPredicate``; nil when it is
    /// not made only of tests of the elements' fields (or of the elements themselves), or
    /// when compiling every shape the general way. Counted in ``fieldLoops``.
    mutating func fieldPredicate(_ p: Expr, range: Expr, iter: Int) -> FieldPredicate? {
        guard fused, case .list(let elem)? = type(range) else { return nil }
        switch elem {
        case .object, .int, .double, .bool: break
        default: return nil
        }
        guard let test = chunkTest(p, elem, iter) else { return nil }
        fieldLoops += 1
        return FieldPredicate(test: test, rangeSlot: Names.variable(range, env: env, isLocal: { self.local($0) != nil })?.slot)
    }

    /// A chunk test of `e`. A variable outside the loop is read once per chunk: a definition
    /// has the same value, and charges its reader nothing, whenever it is computed
    /// (``Activation``'s lazy slots).
    func chunkTest(_ e: Expr, _ elem: CELType, _ iter: Int) -> ChunkTest? {
        if let part = loopPart(e, elem, iter) { return FieldTests.bool(part) }
        guard case .call(nil, let fn, let args) = e.kind else { return nil }
        switch (fn, args.count) {
        case (Operator.not, 1):
            guard let x = chunkTest(args[0], elem, iter) else { return nil }
            return { buf, start, mask, a in
                let v = x(buf, start, mask, a)
                return Verdicts(yes: mask & ~(v.yes | v.bad), bad: v.bad)
            }
        case (Operator.and, 2), (Operator.or, 2):
            guard let x = chunkTest(args[0], elem, iter), let y = chunkTest(args[1], elem, iter) else { return nil }
            return FieldTests.logical(x, y, isAnd: fn == Operator.and)
        case (Operator.less, 2), (Operator.lessEquals, 2), (Operator.greater, 2), (Operator.greaterEquals, 2):
            let kind = fn == Operator.less ? 0 : fn == Operator.lessEquals ? 1 : fn == Operator.greater ? 2 : 3
            let flipped = [2, 3, 0, 1][kind]  // `c < l.x` is `l.x > c`
            if let part = loopPart(args[0], elem, iter), let c = numberConstant(args[1]) { return FieldTests.order(part, c, kind) }
            if let part = loopPart(args[1], elem, iter), let c = numberConstant(args[0]) { return FieldTests.order(part, c, flipped) }
            if let part = loopPart(args[0], elem, iter), let v = numberVariable(args[1]) { return FieldTests.order(part, slot: v, kind) }
            if let part = loopPart(args[1], elem, iter), let v = numberVariable(args[0]) { return FieldTests.order(part, slot: v, flipped) }
            guard case .object(let ot) = elem else { return nil }
            return orderOfElementNumber(args[0], args[1], kind, ot, iter)
        case (Operator.equals, 2), (Operator.notEquals, 2):
            let negated = fn == Operator.notEquals
            if let part = loopPart(args[0], elem, iter), let c = numberConstant(args[1]) { return FieldTests.equality(part, c, negated) }
            if let part = loopPart(args[1], elem, iter), let c = numberConstant(args[0]) { return FieldTests.equality(part, c, negated) }
            if let part = loopPart(args[0], elem, iter), let v = numberVariable(args[1]) { return FieldTests.equality(part, slot: v, negated) }
            if let part = loopPart(args[1], elem, iter), let v = numberVariable(args[0]) { return FieldTests.equality(part, slot: v, negated) }
            return nil
        default:
            return nil
        }
    }

    /// What `e` reads of each element: a field of the loop's own object (not an outer loop's,
    /// nor a presence test), or, in a list of numbers or bools, the loop variable itself.
    func loopPart(_ e: Expr, _ elem: CELType, _ iter: Int) -> ElementPart? {
        if case .object(let ot) = elem { return loopField(e, ot, iter).map { .field(ot, $0) } }
        guard case .ident(let name, absolute: false) = e.kind, local(name) == iter else { return nil }
        return .itself
    }

    /// The slot of `e` when it is a variable outside the loop, typed a number by the checker.
    func typedNumber(_ e: Expr) -> Int? {
        switch type(e) {
        case .int?, .double?: break
        default: return nil
        }
        return Names.variable(e, env: env, isLocal: { self.local($0) != nil })?.slot
    }

    /// The slot of `e` when it is a variable outside the loop that may hold a number (typed a
    /// number, or `dyn`: the tests reading it leave the chunk to the general path when it holds
    /// anything but an int or a double).
    func numberVariable(_ e: Expr) -> Int? {
        switch type(e) {
        case .int?, .double?, .dyn?: break
        default: return nil
        }
        return Names.variable(e, env: env, isLocal: { self.local($0) != nil })?.slot
    }

    /// The field index when `e` reads a field of this loop's own variable (not an outer
    /// loop's, nor a presence test).
    func loopField(_ e: Expr, _ ot: ObjectType, _ iter: Int) -> Int? {
        guard case .select(let operand, let field, false) = e.kind, case .ident(let name, absolute: false) = operand.kind,
              local(name) == iter, case .object(let t)? = type(operand), t === ot else { return nil }
        return ot.fieldIndex(field)
    }
}

/// What a chunk test reads of each element of the list.
enum ElementPart {
    /// The element itself (a list of numbers or bools).
    case itself
    /// Field `fi` of an element that is an object of `ot`.
    case field(ObjectType, Int)
}

/// The chunk tests: each reads one field of each element (or the element itself) in place
/// and sets its verdict bit.
enum FieldTests {
    /// `l.flag` (or `f` over a list of bools): its bool.
    static func bool(_ part: ElementPart) -> ChunkTest {
        return { buf, start, mask, _ in
            scan(buf, start, mask, part) { field in
                switch field {
                case .bool(let b)?: return b
                default: return nil
                }
            }
        }
    }

    /// What `part` reads of each element of the chunk in `mask` (the element itself, or field
    /// `fi` of an object of `ot`), judged by `verdict`: true sets the element's `yes` bit, nil
    /// its `bad` bit (an object of another type is bad too). Inlined into each test, so
    /// `verdict` is no call.
    @inline(__always)
    static func scan(_ buf: UnsafeBufferPointer<Value>, _ start: Int, _ mask: UInt64, _ part: ElementPart,
                     _ verdict: (Value?) -> Bool?) -> Verdicts {
        var v = Verdicts(yes: 0, bad: 0)
        var left = mask
        switch part {
        case .itself:
            while left != 0 {
                let bit = left & (0 &- left)
                left &= left &- 1
                guard let yes = verdict(buf[start &+ bit.trailingZeroBitCount]) else {
                    v.bad |= bit
                    continue
                }
                if yes { v.yes |= bit }
            }
        case .field(let ot, let fi):
            while left != 0 {
                let bit = left & (0 &- left)
                left &= left &- 1
                guard case .object(let o) = buf[start &+ bit.trailingZeroBitCount], o.type === ot, let yes = verdict(o[fi]) else {
                    v.bad |= bit
                    continue
                }
                if yes { v.yes |= bit }
            }
        }
        return v
    }

    /// `&&` and `||` where both operands have plain verdicts. The second operand is asked only
    /// about the elements the first does not decide, as the general path's `&&` and `||` do
    /// (`false && y` and `true || y` never evaluate `y`); an element the first leaves to the
    /// general path is left to it whole (evaluating it the general way may charge the budget,
    /// comparing a text, even where the second operand would decide).
    static func logical(_ x: @escaping ChunkTest, _ y: @escaping ChunkTest, isAnd: Bool) -> ChunkTest {
        if isAnd {
            return { buf, start, mask, a in
                let p = x(buf, start, mask, a)
                guard p.yes != 0 else { return p }
                let q = y(buf, start, p.yes, a)
                return Verdicts(yes: q.yes, bad: p.bad | q.bad)
            }
        }
        return { buf, start, mask, a in
            let p = x(buf, start, mask, a)
            let open = mask & ~(p.yes | p.bad)
            guard open != 0 else { return p }
            let q = y(buf, start, open, a)
            return Verdicts(yes: p.yes | q.yes, bad: p.bad | q.bad)
        }
    }

    /// `l.x < c` (kind 0), `<=` (1), `>` (2), `>=` (3), as `Ops.order` orders an int or double
    /// field against an int or double constant: an int against an int exactly, anything else
    /// as doubles (NaN orders nothing). Each is an interval test worked out once: the ints,
    /// and the doubles, the comparison holds for.
    static func order(_ part: ElementPart, _ constant: Value, _ kind: Int) -> ChunkTest? {
        switch constant {
        case .int(let c):
            let ints = intInterval(c, kind), doubles = doubleInterval(Double(c), kind)
            return { buf, start, mask, _ in scan(buf, start, mask, part) { inInterval($0, ints, doubles) } }
        case .double(let c):
            let doubles = doubleInterval(c, kind)
            return { buf, start, mask, _ in scan(buf, start, mask, part) { inInterval($0, nil, doubles) } }
        default:
            return nil
        }
    }

    /// `l.x op v` for a variable `v` outside the loop (a signal, an engine value, a
    /// definition), its number read once per chunk; any other value leaves the chunk to the
    /// general path.
    static func order(_ part: ElementPart, slot: Int, _ kind: Int) -> ChunkTest {
        return { buf, start, mask, a in
            switch a.read(slot) {
            case .int(let c):
                let ints = intInterval(c, kind), doubles = doubleInterval(Double(c), kind)
                return scan(buf, start, mask, part) { inInterval($0, ints, doubles) }
            case .double(let c):
                let doubles = doubleInterval(c, kind)
                return scan(buf, start, mask, part) { inInterval($0, nil, doubles) }
            default:
                return Verdicts(yes: 0, bad: mask)
            }
        }
    }

    /// Whether a field's number lies in the interval: an int field in `ints` when the other
    /// side is an int (compared exactly), else as a double in `doubles`; nil for anything else.
    @inline(__always)
    static func inInterval(_ field: Value?, _ ints: (lo: Int64, hi: Int64)?, _ doubles: (lo: Double, hi: Double)) -> Bool? {
        switch field {
        case .int(let x)?:
            if let ints { return ints.lo <= x && x <= ints.hi }
            let d = Double(x)
            return doubles.lo <= d && d <= doubles.hi
        case .double(let x)?: return doubles.lo <= x && x <= doubles.hi
        default: return nil
        }
    }

    /// The ints `x` for which `x op c` holds, as `lo...hi` (empty as `1...0`).
    static func intInterval(_ c: Int64, _ kind: Int) -> (lo: Int64, hi: Int64) {
        switch kind {
        case 0: return c == .min ? (1, 0) : (.min, c - 1)
        case 1: return (.min, c)
        case 2: return c == .max ? (1, 0) : (c + 1, .max)
        default: return (c, .max)
        }
    }

    /// The doubles `x` for which `x op c` holds, as `lo...hi` (NaN is in no interval; empty as
    /// `inf...-inf`). A strict bound is the next double inward, except at an infinity.
    static func doubleInterval(_ c: Double, _ kind: Int) -> (lo: Double, hi: Double) {
        let empty = (Double.infinity, -Double.infinity)
        if c.isNaN { return empty }
        switch kind {
        case 0: return c == -.infinity ? empty : (-.infinity, c.nextDown)
        case 1: return (-.infinity, c)
        case 2: return c == .infinity ? empty : (c.nextUp, .infinity)
        default: return (c, .infinity)
        }
    }

    /// `l.x == v` or `!=` for a variable `v` read once per chunk, as ``equality(_:_:_:)``
    /// compares with a constant; any value but an int or a double leaves the chunk to the
    /// general path.
    static func equality(_ part: ElementPart, slot: Int, _ negated: Bool) -> ChunkTest {
        return { buf, start, mask, a in
            switch a.read(slot) {
            case .int(let c):
                return scan(buf, start, mask, part) { field in
                    if case .int(let x)? = field { return (x == c) != negated }
                    return nil
                }
            case .double(let c):
                return scan(buf, start, mask, part) { field in
                    if case .double(let x)? = field { return (x == c) != negated }
                    return nil
                }
            default:
                return Verdicts(yes: 0, bad: mask)
            }
        }
    }

    /// `l.x == c` or `!=`: a field of the constant's own kind (int or double) compared exactly;
    /// a field of another kind is left to the general path (`Ops.eq`).
    static func equality(_ part: ElementPart, _ constant: Value, _ negated: Bool) -> ChunkTest? {
        switch constant {
        case .int(let c):
            return { buf, start, mask, _ in
                scan(buf, start, mask, part) { field in
                    switch field {
                    case .int(let x)?: return (x == c) != negated
                    default: return nil
                    }
                }
            }
        case .double(let c):
            return { buf, start, mask, _ in
                scan(buf, start, mask, part) { field in
                    switch field {
                    case .double(let x)?: return (x == c) != negated
                    default: return nil
                    }
                }
            }
        default:
            return nil
        }
    }
}
