// RegexParser.swift — RE2-syntax pattern → tree, and tree → Pike VM program.

indirect enum RegexNode {
    case set(Regex.CharSet)
    case empty
    case concat([RegexNode])
    case alt([RegexNode])
    case repetition(RegexNode, min: Int, max: Int?)
    case assertion(Regex.Inst)
    case group(RegexNode)
}

struct RegexParser {
    private let s: [Unicode.Scalar]
    private var i = 0
    private var caseInsensitive = false
    private var dotAll = false
    private var multiline = false
    private var depth = 0

    init(_ s: [Unicode.Scalar]) { self.s = s }

    private func fail(_ m: String) -> Regex.Failure { Regex.Failure(message: m) }

    mutating func parseAll() throws(Regex.Failure) -> RegexNode {
        let n = try alternation()
        if i < s.count { throw fail(s[i] == ")" ? "unexpected ')'" : "unexpected '\(s[i])'") }
        return n
    }

    private mutating func alternation() throws(Regex.Failure) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        if depth > 100 { throw fail("pattern nests too deeply") }
        var branches = [try concatenation()]
        while i < s.count, s[i] == "|" {
            i += 1
            branches.append(try concatenation())
        }
        return branches.count == 1 ? branches[0] : .alt(branches)
    }

    private mutating func concatenation() throws(Regex.Failure) -> RegexNode {
        var items: [RegexNode] = []
        while i < s.count, s[i] != "|", s[i] != ")" {
            var atom = try self.atom()
            // Quantifiers.
            while i < s.count {
                let c = s[i]
                var minR = 0, maxR: Int? = nil
                if c == "*" { i += 1 } else if c == "+" { minR = 1; i += 1 } else if c == "?" { maxR = 1; i += 1 } else if c == "{", let (lo, hi) = try braces() {
                    minR = lo; maxR = hi
                } else { break }
                if case .assertion = atom { throw fail("missing argument to repetition operator") }
                if case .repetition = atom { throw fail("invalid nested repetition operator") }
                if i < s.count, s[i] == "?" { i += 1 }  // lazy: same yes/no answer
                atom = .repetition(atom, min: minR, max: maxR)
            }
            items.append(atom)
        }
        if items.isEmpty { return .empty }
        return items.count == 1 ? items[0] : .concat(items)
    }

    /// `{n}`, `{n,}`, `{n,m}`; nil (and no input consumed) when the brace is a literal.
    private mutating func braces() throws(Regex.Failure) -> (Int, Int?)? {
        var j = i + 1
        func number() -> Int? {
            var v = 0, digits = 0
            while j < s.count, s[j] >= "0", s[j] <= "9" {
                v = min(v * 10 + Int(s[j].value - 48), 100_000)
                j += 1; digits += 1
            }
            return digits > 0 ? v : nil
        }
        guard let lo = number() else { return nil }
        var hi: Int? = lo
        if j < s.count, s[j] == "," {
            j += 1
            hi = number()
        }
        guard j < s.count, s[j] == "}" else { return nil }
        i = j + 1
        if lo > Regex.maxRepeat || (hi ?? 0) > Regex.maxRepeat { throw fail("bad repetition count (the limit is \(Regex.maxRepeat))") }
        if let h = hi, h < lo { throw fail("invalid repeat count {\(lo),\(h)}") }
        return (lo, hi)
    }

    private func literal(_ c: Unicode.Scalar) -> RegexNode {
        .set(folded(Regex.CharSet(ranges: [(c.value, c.value)])))
    }

    private func folded(_ set: Regex.CharSet) -> Regex.CharSet {
        guard caseInsensitive else { return set }
        var out = set
        for (lo, hi) in set.ranges {
            // ASCII letters, and single scalars through Unicode case mapping.
            let a = max(lo, 65), b = min(hi, 90)
            if a <= b { out.ranges.append((a + 32, b + 32)) }
            let c = max(lo, 97), d = min(hi, 122)
            if c <= d { out.ranges.append((c - 32, d - 32)) }
            if lo == hi, lo > 127, let sc = Unicode.Scalar(lo) {
                for t in [String(sc).lowercased(), String(sc).uppercased()] {
                    if let u = t.unicodeScalars.first, t.unicodeScalars.count == 1 { out.ranges.append((u.value, u.value)) }
                }
            }
        }
        // Letters whose case folding takes in a third character (the Kelvin sign folds with
        // K and k): any member in the set brings the others, whichever one the pattern wrote.
        for orbit in Self.foldOrbits where orbit.contains(where: { c in out.ranges.contains { c >= $0.0 && c <= $0.1 } }) {
            for c in orbit { out.ranges.append((c, c)) }
        }
        return out
    }

    /// RE2's case-folding orbits of more than two characters (K k K, S s ſ, Å å Å, µ μ Μ,
    /// Σ σ ς, Θ θ ϑ ϴ, ß ẞ, and a few more).
    private static let foldOrbits: [[UInt32]] = [
        [0x4B, 0x6B, 0x212A], [0x53, 0x73, 0x17F], [0xC5, 0xE5, 0x212B], [0xB5, 0x39C, 0x3BC],
        [0x3A3, 0x3C3, 0x3C2], [0x398, 0x3B8, 0x3D1, 0x3F4], [0xDF, 0x1E9E], [0x392, 0x3B2, 0x3D0],
        [0x395, 0x3B5, 0x3F5], [0x39A, 0x3BA, 0x3F0], [0x3A0, 0x3C0, 0x3D6], [0x3A1, 0x3C1, 0x3F1],
        [0x3A6, 0x3C6, 0x3D5], [0x3A9, 0x3C9, 0x2126], [0x345, 0x399, 0x3B9, 0x1FBE],
    ]

    private static let digit: [(UInt32, UInt32)] = [(48, 57)]
    private static let word: [(UInt32, UInt32)] = [(48, 57), (65, 90), (97, 122), (95, 95)]
    private static let space: [(UInt32, UInt32)] = [(9, 10), (12, 13), (32, 32)]

    private mutating func atom() throws(Regex.Failure) -> RegexNode {
        let c = s[i]
        switch c {
        case "(": return try group()
        case ")": throw fail("unexpected ')'")
        case "*", "+", "?": throw fail("missing argument to repetition operator '\(c)'")
        case ".":
            i += 1
            return .set(Regex.CharSet(ranges: dotAll ? [(0, 0x10FFFF)] : [(0, 9), (11, 0x10FFFF)]))
        case "^": i += 1; return .assertion(.lineStart(multiline: multiline))
        case "$": i += 1; return .assertion(.lineEnd(multiline: multiline))
        case "[": return .set(try charClass())
        case "\\": return try escape()
        default:
            i += 1
            return literal(c)
        }
    }

    /// A group: `(…)`, `(?:…)`, `(?P<name>…)` / `(?<name>…)`, `(?flags:…)`; or `(?flags)`,
    /// which sets flags for the rest of the enclosing group and matches nothing.
    private mutating func group() throws(Regex.Failure) -> RegexNode {
        i += 1
        let saved = (caseInsensitive, dotAll, multiline)
        if i < s.count, s[i] == "?" {
            i += 1
            if i < s.count, s[i] == "=" || s[i] == "!" || (s[i] == "<" && i + 1 < s.count && (s[i + 1] == "=" || s[i + 1] == "!")) {
                throw fail("lookahead and lookbehind ('(?=', '(?!', '(?<=', '(?<!') are not supported: RE2 syntax has none")
            }
            if i + 1 < s.count, s[i] == "P", s[i + 1] == "=" {
                throw fail("backreferences ('(?P=name)') are not supported: RE2 syntax has none")
            }
            if i < s.count, s[i] == "P" || s[i] == "<" {
                // Named group.
                if s[i] == "P" { i += 1 }
                guard i < s.count, s[i] == "<" else { throw fail("invalid named group") }
                while i < s.count, s[i] != ">" { i += 1 }
                guard i < s.count else { throw fail("invalid named group") }
                i += 1
            } else {
                var on = true
                var sawColon = false
                while i < s.count, s[i] != ")" {
                    switch s[i] {
                    case "i": caseInsensitive = on
                    case "s": dotAll = on
                    case "m": multiline = on
                    case "U": break
                    case "-": on = false
                    case ":": sawColon = true
                    default: throw fail("invalid or unsupported flag '\(s[i])'")
                    }
                    i += 1
                    if sawColon { break }
                }
                if !sawColon {
                    guard i < s.count else { throw fail("missing ')'") }
                    i += 1
                    return .empty  // flags apply to the rest of the enclosing group
                }
            }
        }
        let inner = try alternation()
        guard i < s.count, s[i] == ")" else { throw fail("missing ')'") }
        i += 1
        (caseInsensitive, dotAll, multiline) = saved
        return .group(inner)
    }

    private mutating func escape() throws(Regex.Failure) -> RegexNode {
        i += 1
        guard i < s.count else { throw fail("trailing backslash") }
        let c = s[i]
        switch c {
        case "A": i += 1; return .assertion(.textStart)
        case "z": i += 1; return .assertion(.textEnd)
        case "b": i += 1; return .assertion(.wordBoundary(true))
        case "B": i += 1; return .assertion(.wordBoundary(false))
        default:
            if let set = try classEscape() { return .set(folded(set)) }
            if ("1"..."9").contains(c) { throw fail("backreferences ('\\\(c)') are not supported: RE2 syntax has none") }
            throw fail("invalid escape '\\\(c)'")
        }
    }

    /// An escape usable inside and outside classes (`\d`, `\n`, `\.`); `i` is at the letter.
    private mutating func classEscape() throws(Regex.Failure) -> Regex.CharSet? {
        let c = s[i]
        i += 1
        switch c {
        case "d": return Regex.CharSet(ranges: RegexParser.digit)
        case "D": return Regex.CharSet(ranges: RegexParser.digit, negated: true)
        case "w": return Regex.CharSet(ranges: RegexParser.word)
        case "W": return Regex.CharSet(ranges: RegexParser.word, negated: true)
        case "s": return Regex.CharSet(ranges: RegexParser.space)
        case "S": return Regex.CharSet(ranges: RegexParser.space, negated: true)
        case "t": return single(9)
        case "n": return single(10)
        case "r": return single(13)
        case "f": return single(12)
        case "v": return single(11)
        case "a": return single(7)
        case "x":
            var v: UInt32 = 0
            if i < s.count, s[i] == "{" {
                i += 1
                var digits = 0
                while i < s.count, s[i] != "}" {
                    guard let d = UInt32(String(s[i]), radix: 16) else { throw fail("invalid hex escape") }
                    v = v * 16 + d; digits += 1; i += 1
                    if digits > 6 { throw fail("invalid hex escape") }
                }
                // Empty braces, or past Unicode's last code point, as RE2 refuses them.
                guard i < s.count, digits > 0, v <= 0x10FFFF else { throw fail("invalid hex escape") }
                i += 1
            } else {
                for _ in 0..<2 {
                    guard i < s.count, let d = UInt32(String(s[i]), radix: 16) else { throw fail("invalid hex escape") }
                    v = v * 16 + d; i += 1
                }
            }
            return single(v)
        default:
            let v = c.value
            let isPunct = (v >= 33 && v <= 47) || (v >= 58 && v <= 64) || (v >= 91 && v <= 96) || (v >= 123 && v <= 126)
            if isPunct { return single(v) }
            i -= 1
            return nil
        }
    }

    private func single(_ v: UInt32) -> Regex.CharSet { Regex.CharSet(ranges: [(v, v)]) }

    /// A POSIX class `[:name:]` inside a bracket expression (`i` at its `[`): its ranges;
    /// `i` moves past it.
    private mutating func posixClass() throws(Regex.Failure) -> [(UInt32, UInt32)] {
        guard let end = (i..<s.count).first(where: { s[$0] == "]" && $0 > i + 2 && s[$0 - 1] == ":" }) else { throw fail("invalid character class") }
        let name = Strings.string(s[(i + 2)..<(end - 1)])
        i = end + 1
        switch name {
        case "alpha": return [(65, 90), (97, 122)]
        case "digit": return [(48, 57)]
        case "alnum": return [(48, 57), (65, 90), (97, 122)]
        case "upper": return [(65, 90)]
        case "lower": return [(97, 122)]
        case "space": return [(9, 13), (32, 32)]
        case "punct": return [(33, 47), (58, 64), (91, 96), (123, 126)]
        case "xdigit": return [(48, 57), (65, 70), (97, 102)]
        case "word": return RegexParser.word
        default: throw fail("invalid character class [:\(name):]")
        }
    }

    /// The code points not in `ranges`, as ranges.
    static func complement(_ ranges: [(UInt32, UInt32)]) -> [(UInt32, UInt32)] {
        var out: [(UInt32, UInt32)] = []
        var prev: UInt32 = 0
        for (a, b) in ranges.sorted(by: { $0.0 < $1.0 }) {
            if a > prev { out.append((prev, a - 1)) }
            prev = b + 1
        }
        out.append((prev, 0x10FFFF))
        return out
    }

    private mutating func charClass() throws(Regex.Failure) -> Regex.CharSet {
        i += 1
        var set = Regex.CharSet(ranges: [])
        if i < s.count, s[i] == "^" { set.negated = true; i += 1 }
        var first = true
        while true {
            guard i < s.count else { throw fail("missing ']'") }
            let c = s[i]
            if c == "]", !first { i += 1; break }
            first = false
            if c == "[", i + 1 < s.count, s[i + 1] == ":" {
                set.ranges += try posixClass()
                continue
            }
            var lo: UInt32
            if c == "\\" {
                i += 1
                guard i < s.count else { throw fail("trailing backslash") }
                guard let e = try classEscape() else { throw fail("invalid escape '\\\(s[i])' in class") }
                if e.negated || e.ranges.count != 1 || e.ranges[0].0 != e.ranges[0].1 {
                    set.ranges += e.negated ? RegexParser.complement(e.ranges) : e.ranges
                    continue
                }
                lo = e.ranges[0].0
            } else {
                lo = c.value
                i += 1
            }
            var hi = lo
            if i + 1 < s.count, s[i] == "-", s[i + 1] != "]" {
                i += 1
                if s[i] == "\\" {
                    i += 1
                    guard i < s.count, let e = try classEscape(), e.ranges.count == 1, !e.negated else { throw fail("invalid range in class") }
                    hi = e.ranges[0].0
                } else {
                    hi = s[i].value
                    i += 1
                }
                if hi < lo { throw fail("invalid character class range") }
            }
            set.ranges.append((lo, hi))
        }
        let negated = set.negated
        set.negated = false
        var f = folded(set)
        f.negated = negated
        return f
    }
}

struct RegexCompiler {
    var program: [Regex.Inst] = []
    let limit: Int

    init(limit: Int) { self.limit = limit }

    private mutating func push(_ inst: Regex.Inst) throws(Regex.Failure) -> Int {
        if program.count >= limit { throw Regex.Failure(message: "pattern is too large (more than \(limit) instructions)") }
        program.append(inst)
        return program.count - 1
    }

    mutating func emit(_ n: RegexNode) throws(Regex.Failure) {
        switch n {
        case .empty: break
        case .set(let cs): _ = try push(.set(cs))
        case .assertion(let a): _ = try push(a)
        case .concat(let items): for x in items { try emit(x) }
        case .group(let x): try emit(x)
        case .alt(let branches):
            var jumps: [Int] = []
            for (k, b) in branches.enumerated() {
                if k < branches.count - 1 {
                    let split = try push(.split(0, 0))
                    try emit(b)
                    jumps.append(try push(.jump(0)))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(b)
                }
            }
            for j in jumps { program[j] = .jump(program.count) }
        case .repetition(let x, let lo, let hi):
            for _ in 0..<lo { try emit(x) }
            if let hi {
                // Optional copies: x? nested (hi - lo) times.
                var splits: [Int] = []
                for _ in lo..<hi {
                    splits.append(try push(.split(0, 0)))
                    try emit(x)
                }
                for sp in splits { program[sp] = .split(sp + 1, program.count) }
            } else {
                let split = try push(.split(0, 0))
                try emit(x)
                _ = try push(.jump(split))
                program[split] = .split(split + 1, program.count)
            }
        }
    }
}
