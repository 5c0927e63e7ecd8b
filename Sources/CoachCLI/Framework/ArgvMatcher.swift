// ArgvMatcher.swift — matches argv against a CommandSpec. Errors name the argument.

/// A command-line mistake, with the offending argument.
package enum UsageError: Error, Equatable, CustomStringConvertible {
    /// An option the command does not have.
    case unknownOption(String, suggestion: String?)
    /// An option that needs a value was last on the line.
    case missingValue(option: String, valueName: String)
    /// A value outside the option's closed set.
    case invalidValue(option: String, value: String, allowed: [String])
    /// A number option given something else, or a number out of its range.
    case invalidNumber(option: String, value: String, range: ClosedRange<Int>)
    /// A flag given a value (`--strict=yes`).
    case unexpectedValue(option: String)
    /// A required positional argument is missing.
    case missingArgument(String)
    /// More positional arguments than the command takes.
    case extraArguments([String])
    /// An option given twice that may be given once.
    case repeatedOption(String)
    /// Something else, said in words.
    case other(String)

    package var description: String {
        switch self {
        case let .unknownOption(option, suggestion):
            // An argument meant as one (an expression such as '-x') goes after `--`.
            return "unknown option '\(option)'" + (suggestion.map { "; did you mean '\($0)'?" }
                ?? "; to give an argument that starts with '-', put -- before it: -- '\(option)'")
        case let .missingValue(option, valueName): return "option '\(option)' needs a value (\(valueName))"
        case let .invalidValue(option, value, allowed):
            return "'\(value)' is not a valid value for '\(option)'; use one of: \(allowed.joined(separator: ", "))"
        case let .invalidNumber(option, value, range):
            return "'\(value)' is not a valid value for '\(option)'; give a whole number from \(range.lowerBound) to \(range.upperBound)"
        case let .unexpectedValue(option): return "option '\(option)' takes no value"
        case let .missingArgument(name): return "missing argument \(name)"
        case let .extraArguments(args): return "unexpected argument\(args.count > 1 ? "s" : "") \(args.map { "'\($0)'" }.joined(separator: " "))"
        case let .repeatedOption(option): return "option '\(option)' given more than once"
        case let .other(message): return message
        }
    }
}

/// Parses arguments for one command: `--name value`, `--name=value`, `-n value`, flags,
/// positionals, and `--` to end options.
enum ArgvMatcher {
    /// The outcome: arguments to run with, or a request for help.
    enum Outcome {
        case run(ParsedArguments)
        case help
    }

    /// Whether `arg` is one of `spec`'s options (or help), as written on a command line.
    static func namesOption(_ arg: String, in spec: CommandSpec) -> Bool {
        guard arg.hasPrefix("-"), arg != "-", arg != "--", !looksLikeValue(arg) else { return false }
        if arg == "--help" || arg == "-h" { return true }
        return (try? option(arg, in: spec)) != nil
    }

    static func parse(_ argv: [String], for spec: CommandSpec) throws(UsageError) -> Outcome {
        var parsed = ParsedArguments()
        for option in spec.options { if let d = option.defaultValue { parsed.defaults[option.name] = d } }
        var index = 0
        var optionsEnded = false
        while index < argv.count {
            let arg = argv[index]
            index += 1
            if optionsEnded || arg == "-" || !arg.hasPrefix("-") || Self.looksLikeValue(arg) {
                parsed.positionals.append(arg)
                continue
            }
            if arg == "--" { optionsEnded = true; continue }
            if arg == "--help" || arg == "-h" { return .help }
            let (option, inlineValue) = try Self.option(arg, in: spec)
            let display = "--" + option.name
            if let valueName = option.valueName {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    // The next argument is the value, unless it is one of the command's own
                    // options (`--out --population p.jsonl` left --out without its folder).
                    guard index < argv.count, !Self.namesOption(argv[index], in: spec) else {
                        throw .missingValue(option: display, valueName: valueName)
                    }
                    value = argv[index]
                    index += 1
                }
                // An empty value (`--out ''`, an unset shell variable) names nothing: as a
                // folder it was the file system's root.
                guard !value.isEmpty else { throw .other("option '\(display)' was given an empty value; give \(valueName)") }
                if let allowed = option.allowed, !allowed.contains(value) {
                    throw .invalidValue(option: display, value: value, allowed: allowed)
                }
                if let range = option.range, !(Int(value).map(range.contains) ?? false) {
                    throw .invalidNumber(option: display, value: value, range: range)
                }
                if !option.repeatable, parsed.values[option.name] != nil { throw .repeatedOption(display) }
                parsed.values[option.name, default: []].append(value)
            } else {
                if inlineValue != nil { throw .unexpectedValue(option: display) }
                parsed.flags.insert(option.name)
            }
        }
        try checkPositionals(parsed.positionals, spec.arguments)
        return .run(parsed)
    }

    /// The option `arg` names (`--name`, `--name=value`, `-n`, `-nvalue`), and the value
    /// written inside it, if any.
    static func option(_ arg: String, in spec: CommandSpec) throws(UsageError) -> (OptionSpec, inlineValue: String?) {
        var name: String
        var inlineValue: String?
        let option: OptionSpec?
        if arg.hasPrefix("--") {
            let body = arg.dropFirst(2)
            if let eq = body.firstIndex(of: "=") {
                name = String(body[..<eq])
                inlineValue = String(body[body.index(after: eq)...])
            } else {
                name = String(body)
            }
            option = spec.options.first { $0.name == name }
        } else {
            let body = Array(arg.dropFirst())
            guard body.count >= 1 else { throw .unknownOption(arg, suggestion: nil) }
            option = spec.options.first { $0.short == body[0] }
            name = option?.name ?? String(body[0])
            if body.count > 1 { inlineValue = String(body.dropFirst()) }
        }
        guard let option else {
            let names = spec.options.map { "--" + $0.name } + ["--help"]
            throw .unknownOption(arg.split(separator: "=").first.map(String.init) ?? arg,
                                 suggestion: Suggestions.closestName(to: "--" + name, in: names))
        }
        return (option, inlineValue)
    }

    /// `-1`, `-.5`, `-(a + b)`, `- x`: no option looks like that, so it is a value (an
    /// expression or a number), not a mistyped option.
    static func looksLikeValue(_ arg: String) -> Bool {
        guard arg.count > 1, let second = arg.dropFirst().first, !arg.hasPrefix("--") else { return false }
        return second.isNumber || second == "." || second == "(" || second == " " || arg.contains(" ")
    }

    private static func checkPositionals(_ given: [String], _ specs: [ArgumentSpec]) throws(UsageError) {
        var required = 0
        var unbounded = false
        var maximum = 0
        for a in specs {
            switch a.arity {
            case .one: required += 1; maximum += 1
            case .optional: maximum += 1
            case .oneOrMore: required += 1; unbounded = true
            case .zeroOrMore: unbounded = true
            }
        }
        if given.count < required {
            var seen = 0
            for a in specs {
                if a.arity == .one || a.arity == .oneOrMore {
                    if seen == given.count { throw .missingArgument(a.name) }
                    seen += 1
                }
            }
        }
        if !unbounded, given.count > maximum { throw .extraArguments(Array(given[maximum...])) }
    }
}

import CoachSource

extension Suggestions {
    static func closestName(to name: String, in candidates: [String]) -> String? {
        closest(to: name, in: candidates)
    }
}
