// Regex.swift — a linear-time regular-expression matcher for `matches`: RE2 syntax compiled
// to a Thompson NFA and run as a Pike VM. Time is O(text × program), whatever the pattern;
// there is no backtracking, so `(a+)+$` cannot blow up.
//
// Supported: literals, `.`, classes `[a-z]` `[^…]`, `\d \D \w \W \s \S`, `\b \B`, anchors `^ $ \A \z`,
// groups `( )` `(?: )` `(?P<name> )`, alternation `|`, `* + ? {n} {n,} {n,m}` (and lazy forms),
// flags `(?i)` `(?s)` `(?m)` and `(?i: … )`, escapes `\t \n \r \f \v \x41 \x{263a} \.`.

/// A compiled regular expression.
struct Regex: Sendable {
    struct Failure: Error, Sendable { let message: String }

    /// A set of scalars: ranges, possibly negated.
    struct CharSet: Sendable {
        var ranges: [(UInt32, UInt32)]
        var negated = false

        func contains(_ c: UInt32) -> Bool {
            var hit = false
            for (lo, hi) in ranges where c >= lo && c <= hi { hit = true; break }
            return hit != negated
        }
    }

    enum Inst: Sendable {
        case set(CharSet)
        case split(Int, Int)
        case jump(Int)
        case lineStart(multiline: Bool)
        case lineEnd(multiline: Bool)
        case textStart
        case textEnd
        case wordBoundary(Bool)
        case match
    }

    let program: [Inst]
    /// Whether every match must start at the beginning of the text (`^…` or `\A…`).
    var anchored: Bool {
        switch program.first {
        case .textStart?, .lineStart(multiline: false)?: return true
        default: return false
        }
    }

    static let maxRepeat = 1000

    /// Compiles `pattern`; errors describe what is wrong.
    static func compile(_ pattern: String, maxProgram: Int = 5_000) -> Result<Regex, Failure> {
        var p = RegexParser(Array(pattern.unicodeScalars))
        do {
            let node = try p.parseAll()
            var c = RegexCompiler(limit: maxProgram)
            try c.emit(node)
            c.program.append(.match)
            return .success(Regex(program: c.program))
        } catch {
            return .failure(error)
        }
    }

    /// Whether the pattern matches anywhere in `text`, and the steps (instructions visited)
    /// that took; `nil` as soon as the steps pass `limit`. Steps grow with text × program at
    /// most, and are what the evaluation cost budget is charged.
    func search(_ text: String, limit: Int = .max) -> (matched: Bool, steps: Int)? {
        let s = Array(text.unicodeScalars)
        let n = program.count
        var current = SparseSet(n)
        var next = SparseSet(n)
        var stack: [Int] = []
        stack.reserveCapacity(16)
        var i = 0
        var steps = s.count &+ 1
        let startEverywhere = !anchored
        while true {
            // Unanchored search: a new thread may start at every position.
            if i == 0 || startEverywhere {
                if Regex.add(&current, &stack, program, s, 0, i, &steps) { return (true, steps) }
            } else if current.count == 0 {
                return (false, steps)
            }
            if i == s.count { return (false, steps) }
            let c = s[i].value
            next.clear()
            steps &+= current.count
            for k in 0..<current.count {
                let pc = current.dense[k]
                if case .set(let cs) = program[pc], cs.contains(c) {
                    if Regex.add(&next, &stack, program, s, pc + 1, i + 1, &steps) { return (true, steps) }
                }
            }
            if steps > limit { return nil }
            swap(&current, &next)
            i += 1
        }
    }

    private static func isWord(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        guard i >= 0, i < s.count else { return false }
        let c = s[i].value
        return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
    }

    /// Adds `pc0` and everything reachable from it through non-consuming instructions at
    /// position `i`; true when that reaches a match.
    private static func add(_ set: inout SparseSet, _ stack: inout [Int], _ program: [Inst], _ s: [Unicode.Scalar], _ pc0: Int, _ i: Int,
                            _ steps: inout Int) -> Bool {
        stack.append(pc0)
        while let pc = stack.popLast() {
            steps &+= 1
            if set.contains(pc) { continue }
            set.insert(pc)
            switch program[pc] {
            case .jump(let t): stack.append(t)
            case .split(let x, let y): stack.append(y); stack.append(x)
            case .lineStart(let m):
                if i == 0 || (m && s[i - 1] == "\n") { stack.append(pc + 1) }
            case .lineEnd(let m):
                if i == s.count || (m && s[i] == "\n") { stack.append(pc + 1) }
            case .textStart: if i == 0 { stack.append(pc + 1) }
            case .textEnd: if i == s.count { stack.append(pc + 1) }
            case .wordBoundary(let want):
                if (isWord(s, i - 1) != isWord(s, i)) == want { stack.append(pc + 1) }
            case .match:
                stack.removeAll(keepingCapacity: true)
                return true
            case .set: break
            }
        }
        return false
    }
}

/// A set of small integers with O(1) insert, test and clear.
struct SparseSet {
    var dense: [Int]
    var sparse: [Int]
    var count = 0

    init(_ n: Int) {
        dense = Array(repeating: 0, count: n)
        sparse = Array(repeating: 0, count: n)
    }

    func contains(_ x: Int) -> Bool {
        let i = sparse[x]
        return i < count && dense[i] == x
    }

    mutating func insert(_ x: Int) {
        sparse[x] = count
        dense[count] = x
        count += 1
    }

    mutating func clear() { count = 0 }
}
