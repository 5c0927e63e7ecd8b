// Token.swift — lexical tokens of the expression language.

/// A token's kind.
enum TokenKind: Equatable, Sendable {
    case int(Int64)
    /// An integer literal too large for int64 (only valid right after a unary minus).
    case intOverflow(String)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case ident(String)
    /// A backtick-quoted field name (`` `content-type` ``), valid only after '.'.
    case quotedIdent(String)
    /// Punctuation and operators, by their spelling (`&&`, `(`, `.`).
    case punct(String)
    case eof
}

/// A token with its offset (in Unicode scalars) and length.
struct Token: Sendable {
    let kind: TokenKind
    let offset: Int
    let length: Int

    /// How the token reads in an error message.
    var describe: String {
        switch kind {
        case .int, .intOverflow, .uint, .double: return "number"
        case .string: return "string literal"
        case .bytes: return "bytes literal"
        case .ident(let n): return "'\(n)'"
        case .quotedIdent(let n): return "'`\(n)`'"
        case .punct(let p): return "'\(p)'"
        case .eof: return "end of expression"
        }
    }
}

/// A syntax error: message and position.
struct SyntaxError: Error, Sendable {
    let message: String
    let offset: Int
    var length: Int = 1
    var hint: String? = nil
}
