// Template.swift — text with `{{ expression }}` parts, compiled once and rendered per seller.

import CoachExpr
@_spi(Streaming) import CoachJSON
import CoachSource
import Foundation

/// A template's pieces as a table in memory it owns: literal text as bytes (`start`, `count`
/// in ``bytes``; escaped for JSON in an escaped table) or an expression, held unretained (the
/// template's pieces keep it alive). Read per seller without copying a piece out of an enum,
/// which counts a reference for its text or program.
final class PieceTable: @unchecked Sendable {
    struct Step {
        let program: Unmanaged<Program>?
        let start: Int
        let count: Int
    }

    let steps: UnsafeMutableBufferPointer<Step>
    let bytes: UnsafeMutablePointer<UInt8>
    /// The literal text's length in bytes (unescaped).
    let literalBytes: Int

    init(_ pieces: [Template.Piece], escaped: Bool) {
        var text: [UInt8] = []
        var table: [Step] = []
        var literal = 0
        for piece in pieces {
            switch piece {
            case .text(let s):
                let start = text.count
                if escaped { JSONWriter.appendEscaped(s, to: &text) } else { text.append(contentsOf: s.utf8) }
                table.append(Step(program: nil, start: start, count: text.count - start))
                literal += s.utf8.count
            case .expr(let p):
                table.append(Step(program: Unmanaged.passUnretained(p), start: 0, count: 0))
            }
        }
        bytes = .allocate(capacity: max(1, text.count))
        bytes.initialize(from: text, count: text.count)
        steps = .allocate(capacity: table.count)
        _ = steps.initialize(from: table)
        literalBytes = literal
    }

    deinit {
        steps.deallocate()
        bytes.deallocate()
    }

}

/// A compiled template: literal text and expressions, in order. Immutable, and shared by
/// reference: results copy tips and escalations around, and a copy is then one retain.
package final class Template: Sendable {
    /// One piece of a template.
    package enum Piece: Sendable {
        /// Literal text.
        case text(String)
        /// An expression whose value is written for people.
        case expr(Program)
    }

    /// The pieces, in order.
    package let pieces: [Piece]
    /// The text as written.
    package let source: String
    /// Bytes to reserve for a rendering: the literal text, and room for each value.
    let reserve: Int
    /// The pieces as a table, for ``render(_:)``: the owner, and its steps and bytes read
    /// without it (reading the owner per rendering counted a reference).
    private let table: PieceTable
    nonisolated(unsafe) private let steps: UnsafeMutableBufferPointer<PieceTable.Step>  // the table's, read only
    nonisolated(unsafe) private let literals: UnsafeMutablePointer<UInt8>
    /// The text, when it is the same for every seller: its expressions read only constants
    /// (params, literals) and no history. Written once, when the rule set loads.
    let constant: String?
    /// The text, when it is the same for every seller (see ``constant``).
    package var constantText: String? { constant }
    /// The variables whose values alone decide that the template cannot fail, when its
    /// expressions are that simple (``Template/inputs(_:_:)``); nil otherwise.
    package let inputs: [TemplateInput]?
    /// The same per piece: for an expression that simple, the variables whose values alone
    /// decide it cannot fail; nil for any other expression (and for literal text).
    let pieceInputs: [[TemplateInput]?]

    init(pieces: [Piece], source: String, environment: Environment? = nil) {
        self.pieces = pieces
        self.source = source
        reserve = pieces.reduce(0) { n, piece in
            if case .text(let s) = piece { return n + s.utf8.count }
            return n + 24
        }
        table = PieceTable(pieces, escaped: false)
        (steps, literals) = (table.steps, table.bytes)
        constant = environment.flatMap { Template.renderedAtLoad(pieces, $0) }
        pieceInputs = environment.map { Template.pieceInputs(pieces, $0) } ?? pieces.map { _ in nil }
        inputs = environment == nil ? nil : Template.inputs(pieces, pieceInputs)
    }

    /// The literal text escaped for a JSON string, for ``renderEscaped(_:using:into:)``. Made
    /// by the caller for the templates it renders that way (a rule set does not make them for
    /// every template it loads). Its pieces are a table in memory it owns, read per seller
    /// without copying a piece out of an enum (a reference count for its text or program).
    package final class Escaped: Sendable {
        /// The pieces, the literal text escaped; and its steps and bytes, read without it.
        let table: PieceTable
        nonisolated(unsafe) let steps: UnsafeMutableBufferPointer<PieceTable.Step>  // the table's, read only
        nonisolated(unsafe) let literals: UnsafeMutablePointer<UInt8>
        /// The template the table was made from, which keeps the programs the table points at
        /// alive; another template renders as it is, not from this table.
        fileprivate let template: Template
        /// The constant text escaped, when the text is the same for every seller, in memory
        /// this object owns (appending an array of it counted a reference per rendering).
        nonisolated(unsafe) let constant: UnsafeBufferPointer<UInt8>?  // written once, in init
        /// The literal text's length in bytes (unescaped).
        let literalBytes: Int

        fileprivate init(_ template: Template) {
            table = PieceTable(template.pieces, escaped: true)
            (steps, literals, literalBytes) = (table.steps, table.bytes, table.literalBytes)
            self.template = template
            constant = template.constant.map { c in
                var out: [UInt8] = []
                JSONWriter.appendEscaped(c, to: &out)
                let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, out.count))
                _ = bytes.initialize(from: out)
                return UnsafeBufferPointer(rebasing: bytes[0..<out.count])
            }
        }

        deinit { constant?.baseAddress.map { UnsafeMutablePointer(mutating: $0).deallocate() } }

        /// Its template rendered into `out` from this table: ``Template/renderEscaped(_:using:into:)``.
        package func render(_ activation: Activation, into out: ByteBuffer) -> EvalError? {
            template.renderEscaped(activation, using: self, into: out)
        }
    }

    /// The template's literal text escaped for a JSON string.
    package func escaped() -> Escaped { Escaped(self) }

    /// Every compiled expression of the template.
    package var programs: [Program] {
        pieces.compactMap { if case .expr(let p) = $0 { return p }; return nil }
    }

    /// Splits `text` into literal and `{{ }}` pieces and compiles each expression.
    static func compile(_ t: TemplateText, environment: Environment, _ bag: inout DiagnosticBag) -> Template? {
        let scalars = Array(t.text.unicodeScalars)
        var pieces: [Piece] = []
        var literalStart = 0  // the literal text runs from here to the next '{{'
        func literal(upTo end: Int) -> String { String(scalars: scalars[literalStart..<end]) }
        var i = 0
        var ok = true
        while i < scalars.count {
            if scalars[i] == "{", i + 1 < scalars.count, scalars[i + 1] == "{" {
                let start = i + 2
                guard let end = closing(scalars, from: start) else {
                    bag.error("'{{' is never closed", at: t.origin.location(atOffset: i), length: 2,
                              hint: "close the expression with '}}'; write a literal '{{' as {{ \"{{\" }}", code: .templateUnclosed)
                    return nil
                }
                if literalStart < i { pieces.append(.text(literal(upTo: i))) }
                let text = String(scalars: scalars[start..<end])
                if text.unicodeScalars.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) {
                    bag.error("empty '{{ }}'", at: t.origin.location(atOffset: i), length: end - i + 2, code: .templateEmpty)
                    ok = false
                } else {
                    do {
                        let program = try environment.compile(text, origin: t.origin.dropping(start))
                        bag.add(contentsOf: program.warnings)
                        bag.add(contentsOf: Formatting.phrasePlurals(program))
                        if Formatting.isDisplayable(program.resultType) {
                            pieces.append(.expr(program))
                        } else {
                            bag.error("'{{ \(text.trimmingCharacters(in: .whitespaces)) }}' is a \(program.resultType), which cannot be written in a text",
                                      at: t.origin.location(atOffset: start), length: end - start,
                                      hint: "show a number, text or true/false: one of its fields, or size() of it", code: .templateType)
                            ok = false
                        }
                    } catch {
                        bag.add(contentsOf: error.diagnostics)
                        ok = false
                    }
                }
                i = end + 2
                literalStart = i
            } else {
                i += 1
            }
        }
        if literalStart < scalars.count { pieces.append(.text(literal(upTo: scalars.count))) }
        guard ok else { return nil }
        return Template(pieces: pieces, source: t.text, environment: environment)
    }

    /// The index of the `}}` closing an expression that starts at `from`, skipping quoted strings.
    private static func closing(_ s: [Unicode.Scalar], from: Int) -> Int? {
        var i = from
        var quote: Unicode.Scalar?
        while i < s.count {
            let c = s[i]
            if let q = quote {
                if c == "\\" { i += 2; continue }
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "}", i + 1 < s.count, s[i + 1] == "}" {
                return i
            }
            i += 1
        }
        return nil
    }

    /// Renders the template, writing `…` for each part whose value cannot be had (a missing
    /// signal, say), for texts that must be shown anyway: a checklist item's title.
    package func renderShowingGaps(_ activation: Activation) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let s): out += s
            case .expr(let p):
                if case .success(let s) = Formatting.display(p.evaluate(activation)) { out += s } else { out += "…" }
            }
        }
        return Self.bounded(out)
    }

    /// The longest text a template writes, in bytes; the rest is cut, and the text says so.
    package static let maxOutputBytes = 64 << 10

    /// The text rendered now, when no expression reads anything a seller gives (a slot, the
    /// delivery history); nil otherwise, or when rendering fails (it then fails per seller,
    /// with its message).
    static func renderedAtLoad(_ pieces: [Piece], _ environment: Environment) -> String? {
        let programs = pieces.compactMap { if case .expr(let p) = $0 { return p }; return nil }
        let constants = environment.constants
        guard !programs.isEmpty, programs.allSatisfy({ p in p.slotsRead.allSatisfy { constants[$0] != nil } && !History.mayUse(p) }) else { return nil }
        let unfolded = Template(pieces: pieces, source: "")
        guard case .success(let text) = unfolded.render(Activation(environment: environment)) else { return nil }
        return text
    }

    /// `text` cut to ``maxOutputBytes`` at a character boundary, ending with a note of what was cut.
    static func bounded(_ text: String) -> String {
        let total = text.utf8.count
        guard total > maxOutputBytes else { return text }
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: maxOutputBytes)
        while end.samePosition(in: text.unicodeScalars) == nil { end = text.utf8.index(before: end) }
        let kept = String(text.unicodeScalars[..<end])
        return kept + " … (\(total - kept.utf8.count) more bytes not shown)"
    }

    /// Whether ``problem(_:)`` can find anything: the template has an expression to evaluate.
    package var canFail: Bool {
        constant == nil && pieces.contains { if case .expr = $0 { return true }; return false }
    }

    /// The error ``render(_:)`` would return, found without writing the text (for outputs
    /// that need to know a text can be written, not the text).
    /// An expression whose inputs hold what it needs is not evaluated (it cannot fail, and
    /// evaluating it would compute nothing but the definitions its inputs read, which the
    /// check computes the same way); the others are, in order, as ``evaluatedProblem(_:)``
    /// evaluates them.
    package func problem(_ activation: Activation) -> EvalError? {
        if constant != nil { return nil }
        if inputs != nil { return cannotFail(activation) ? nil : evaluatedProblem(activation) }  // every piece that simple
        for k in pieces.indices {
            guard case .expr(let p) = pieces[k] else { continue }
            if let inputs = pieceInputs[k], inputs.allSatisfy({ $0.holdsComputed(activation) }) { continue }
            if let e = Formatting.problem(p.evaluate(activation)) { return e }
        }
        return nil
    }

    /// ``problem(_:)`` found by evaluating every expression (tests compare the two).
    package func evaluatedProblem(_ activation: Activation) -> EvalError? {
        for piece in pieces {
            if case .expr(let p) = piece, let e = Formatting.problem(p.evaluate(activation)) { return e }
        }
        return nil
    }

    /// Renders the template into `out` as the inside of a JSON string: the text ``render(_:)``
    /// gives, escaped as ``JSONWriter`` escapes it, without the text made first (`escaped`,
    /// from ``escaped()``, holds the literal pieces escaped once). The first error met is
    /// returned, with `out` as it was.
    package func renderEscaped(_ activation: Activation, using escaped: Escaped, into out: ByteBuffer) -> EvalError? {
        guard escaped.template === self else { return renderedThenEscaped(activation, into: out) }
        if let constant = escaped.constant {
            out.put(constant)
            return nil
        }
        let mark = out.written
        var written = escaped.literalBytes
        let literals = escaped.literals
        for step in escaped.steps {
            guard let program = step.program else {
                out.put(UnsafeBufferPointer(start: literals + step.start, count: step.count))
                continue
            }
            if let e = Formatting.appendEscaped(program._withUnsafeGuaranteedRef { $0.evaluate(activation) }, to: out, counting: &written) {
                out.truncate(to: mark)
                return e
            }
        }
        // A text too long to be written whole is cut as ``render(_:)`` cuts it.
        if written > Self.maxOutputBytes {
            out.truncate(to: mark)
            return renderedThenEscaped(activation, into: out)
        }
        return nil
    }

    /// ``render(_:)``'s text escaped into `out`, or its error.
    private func renderedThenEscaped(_ activation: Activation, into out: ByteBuffer) -> EvalError? {
        switch render(activation) {
        case .success(let text): JSONWriter.appendEscaped(text, to: out); return nil
        case .failure(let e): return e
        }
    }

    /// Renders the template; the first error met is returned instead of text.
    package func render(_ activation: Activation) -> Result<String, EvalError> {
        if let constant { return .success(constant) }
        if pieces.count == 1, case .text(let s) = pieces[0] { return .success(s) }
        if pieces.isEmpty { return .success("") }
        // Written as bytes, then made a String once: appending to a String piece by piece
        // costs several times more.
        var out: [UInt8] = []
        out.reserveCapacity(reserve)
        for step in steps {
            guard let program = step.program else {
                out.append(contentsOf: UnsafeBufferPointer(start: literals + step.start, count: step.count))
                continue
            }
            if let e = Formatting.append(program._withUnsafeGuaranteedRef { $0.evaluate(activation) }, to: &out) { return .failure(e) }
        }
        return .success(Self.bounded(String(decoding: out, as: UTF8.self)))
    }
}
