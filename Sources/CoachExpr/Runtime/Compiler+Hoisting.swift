// Compiler+Hoisting.swift — a part of a comprehension's body that does not depend on the
// loop (`l.views == max(xs.map(m, m.views))`: the `max(...)` is the same for every `l`) is
// computed once per run of the loop, at its first use, and kept for the other elements: a
// loop over n elements with such a part costs n steps, not n².

import CoachSource

extension Compiler {
    /// A comprehension body being compiled: the names its loop binds, how deep its scope is,
    /// and the local slots of the parts kept for the rest of a run (each a value slot, the
    /// next one its "computed" flag), cleared each time the loop starts.
    struct LoopFrame {
        let names: Set<String>
        let depth: Int
        var memos: [Int] = []
        /// While the kept part itself is compiled (its own sub-parts are not kept twice).
        var suspended = false
    }

    /// Starts compiling the body of a loop binding `names` (its scope already pushed).
    mutating func beginLoopBody(binding names: [String?]) {
        loopFrames.append(LoopFrame(names: Set(names.compactMap { $0 }), depth: scopes.count))
    }

    /// Ends the body begun last: `loop`, the loop's node, made to clear the parts its body
    /// kept before each run.
    mutating func endLoopBody(_ loop: @escaping Node) -> Node {
        Compiler.clearing(loopFrames.removeLast().memos, before: loop)
    }

    /// `loop` clearing the kept parts in `memos` before each run, and after it: a kept value
    /// (a list of the seller's objects) is not held past the run, as a loop's variable is not.
    static func clearing(_ memos: [Int], before loop: @escaping Node) -> Node {
        guard !memos.isEmpty else { return loop }
        return { a in
            for m in memos {
                a.locals[m] = .null
                a.locals[m + 1] = .null
            }
            let v = loop(a)
            for m in memos {
                a.locals[m] = .null
                a.locals[m + 1] = .null
            }
            return v
        }
    }

    /// `e` computed once per run of the innermost loop, when it reads none of that loop's
    /// names and holds a comprehension of its own (the parts worth keeping); nil otherwise.
    mutating func keptPart(_ e: Expr) throws(SyntaxError) -> Node? {
        guard fused, let frame = loopFrames.last, !frame.suspended, frame.depth == scopes.count,
              Compiler.worthKeeping(e, outside: frame.names) else { return nil }
        let k = loopFrames.count - 1
        loopFrames[k].suspended = true
        let part: Node
        do {
            part = try node(e)
        } catch {
            loopFrames[k].suspended = false
            throw error
        }
        loopFrames[k].suspended = false
        let slot = localCount
        localCount += 2
        loopFrames[k].memos.append(slot)
        keptParts += 1
        return { a in
            if case .bool(true) = a.locals[slot + 1] { return a.locals[slot] }
            let v = part(a)
            a.locals[slot] = v
            a.locals[slot + 1] = .bool(true)
            return v
        }
    }

    /// Whether `e` holds a comprehension and reads none of `names` (the innermost loop's)
    /// but where a comprehension inside it binds them again. Walked with a stack.
    static func worthKeeping(_ e: Expr, outside names: Set<String>) -> Bool {
        switch e.kind {
        case .literal, .ident: return false
        default: break
        }
        var hasLoop = false
        // Each node with those of `names` that are still the loop's where it stands.
        var stack: [(Expr, Set<String>)] = [(e, names)]
        while let (x, free) = stack.popLast() {
            switch x.kind {
            case .ident(let name, let absolute):
                if !absolute, free.contains(name) { return false }
            case .comprehension(let c):
                hasLoop = true
                var inLoop = free, inResult = free
                for bound in [c.iterVar, c.iterVar2, c.accuVar] {
                    if let bound { inLoop.remove(bound) }
                }
                inResult.remove(c.accuVar)
                stack += [(c.range, free), (c.accuInit, free), (c.loopCondition, inLoop), (c.loopStep, inLoop), (c.result, inResult)]
            default:
                for child in x.children { stack.append((child, free)) }
            }
        }
        return hasLoop
    }
}
