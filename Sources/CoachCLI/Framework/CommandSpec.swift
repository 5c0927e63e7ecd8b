// CommandSpec.swift — a command described as data: the same table drives parsing and help.

/// An option a command accepts.
package struct OptionSpec: Sendable {
    /// The long name without dashes (`format` for `--format`).
    package let name: String
    /// An optional one-letter short name (`f` for `-f`).
    package let short: Character?
    /// The value's placeholder in help (`FORMAT`), or `nil` for a flag that takes no value.
    package let valueName: String?
    /// The values accepted, when the set is closed (`["text", "json"]`).
    package let allowed: [String]?
    /// The whole numbers accepted, when the value is a number (`1...1024` threads).
    package let range: ClosedRange<Int>?
    /// The default value, shown in help.
    package let defaultValue: String?
    /// Whether the option may be given several times.
    package let repeatable: Bool
    /// One line of help.
    package let help: String

    /// An option taking a value.
    package static func value(_ name: String, short: Character? = nil, _ valueName: String, allowed: [String]? = nil,
                             default defaultValue: String? = nil, repeatable: Bool = false, help: String) -> OptionSpec {
        OptionSpec(name: name, short: short, valueName: valueName, allowed: allowed, range: nil, defaultValue: defaultValue,
                   repeatable: repeatable, help: help)
    }

    /// An option taking a whole number in `range`; anything else is a usage error.
    package static func integer(_ name: String, short: Character? = nil, _ valueName: String, range: ClosedRange<Int>,
                               help: String) -> OptionSpec {
        OptionSpec(name: name, short: short, valueName: valueName, allowed: nil, range: range, defaultValue: nil,
                   repeatable: false, help: help)
    }

    /// A flag (no value).
    package static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, short: short, valueName: nil, allowed: nil, range: nil, defaultValue: nil, repeatable: false, help: help)
    }
}

/// A positional argument a command accepts.
package struct ArgumentSpec: Sendable {
    /// The placeholder in help (`FILE`).
    package let name: String
    /// One line of help.
    package let help: String
    /// How many values it takes.
    package let arity: Arity

    /// How many values a positional argument takes.
    package enum Arity: Sendable {
        /// Exactly one.
        case one
        /// Zero or one.
        case optional
        /// One or more.
        case oneOrMore
        /// Zero or more.
        case zeroOrMore
    }

    /// Creates a positional argument.
    package init(_ name: String, arity: Arity = .one, help: String) {
        self.name = name
        self.arity = arity
        self.help = help
    }
}

/// A command: its name, help texts, arguments and options, and what it runs.
package struct CommandSpec: Sendable {
    /// The subcommand name (`yaml`).
    package let name: String
    /// One line saying what it does.
    package let abstract: String
    /// Longer help: behaviour, output, examples.
    package let discussion: String
    /// Positional arguments, in order.
    package let arguments: [ArgumentSpec]
    /// Options.
    package let options: [OptionSpec]
    /// Runs the command on parsed arguments.
    package let run: @Sendable (ParsedArguments, CommandContext) -> ExitCode

    /// Creates a command.
    package init(name: String, abstract: String, discussion: String = "", arguments: [ArgumentSpec] = [],
                options: [OptionSpec] = [], run: @escaping @Sendable (ParsedArguments, CommandContext) -> ExitCode) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.run = run
    }
}

/// The arguments of one invocation, matched against a ``CommandSpec``.
package struct ParsedArguments: Sendable {
    /// Option values by long name, in the order given.
    package var values: [String: [String]] = [:]
    /// Flags given, by long name.
    package var flags: Set<String> = []
    /// Positional arguments, in order.
    package var positionals: [String] = []
    /// The declared default of each option that has one (applied by ``value(_:)``).
    package var defaults: [String: String] = [:]

    /// Creates an empty set of arguments.
    package init() {}

    /// The last value given for option `name`, or its declared default.
    package func value(_ name: String) -> String? {
        values[name]?.last ?? defaults[name]
    }

    /// The value of an option that declares a default: given, or that default.
    package func text(_ name: String) -> String { value(name) ?? "" }

    /// Whether option `name` was given on the command line (its default does not count).
    package func isGiven(_ name: String) -> Bool { values[name] != nil }

    /// Whether flag `name` was given.
    package func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value of an option declared with `allowed` values, as the enum whose cases they are.
    package func choice<E: RawRepresentable>(_ name: String, as _: E.Type) -> E? where E.RawValue == String {
        value(name).flatMap(E.init(rawValue:))
    }

    /// The value of an option declared with ``OptionSpec/integer(_:short:_:range:help:)``
    /// (checked against its range when the command line was read).
    package func integer(_ name: String) -> Int? { value(name).flatMap { Int($0) } }

    /// `--format`: text (the default) or JSON.
    package var format: OutputFormat { choice("format", as: OutputFormat.self) ?? .text }
}

/// The output formats a command's `--format` offers.
package enum OutputFormat: String, CaseIterable, Sendable {
    case text, json
}
