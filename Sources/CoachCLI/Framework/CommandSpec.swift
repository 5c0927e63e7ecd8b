// CommandSpec.swift — a command described as data: the same table drives parsing and help.

/// An option a command accepts.
public struct OptionSpec: Sendable {
    /// The long name without dashes (`format` for `--format`).
    public let name: String
    /// An optional one-letter short name (`f` for `-f`).
    public let short: Character?
    /// The value's placeholder in help (`FORMAT`), or `nil` for a flag that takes no value.
    public let valueName: String?
    /// The values accepted, when the set is closed (`["text", "json"]`).
    public let allowed: [String]?
    /// The default value, shown in help.
    public let defaultValue: String?
    /// Whether the option may be given several times.
    public let repeatable: Bool
    /// One line of help.
    public let help: String

    /// An option taking a value.
    public static func value(_ name: String, short: Character? = nil, _ valueName: String, allowed: [String]? = nil,
                             default defaultValue: String? = nil, repeatable: Bool = false, help: String) -> OptionSpec {
        OptionSpec(name: name, short: short, valueName: valueName, allowed: allowed, defaultValue: defaultValue,
                   repeatable: repeatable, help: help)
    }

    /// A flag (no value).
    public static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, short: short, valueName: nil, allowed: nil, defaultValue: nil, repeatable: false, help: help)
    }
}

/// A positional argument a command accepts.
public struct ArgumentSpec: Sendable {
    /// The placeholder in help (`FILE`).
    public let name: String
    /// One line of help.
    public let help: String
    /// How many values it takes.
    public let arity: Arity

    /// How many values a positional argument takes.
    public enum Arity: Sendable {
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
    public init(_ name: String, arity: Arity = .one, help: String) {
        self.name = name
        self.arity = arity
        self.help = help
    }
}

/// A command: its name, help texts, arguments and options, and what it runs.
public struct CommandSpec: Sendable {
    /// The subcommand name (`yaml`).
    public let name: String
    /// One line saying what it does.
    public let abstract: String
    /// Longer help: behaviour, output, examples.
    public let discussion: String
    /// Positional arguments, in order.
    public let arguments: [ArgumentSpec]
    /// Options.
    public let options: [OptionSpec]
    /// Runs the command on parsed arguments.
    public let run: @Sendable (ParsedArguments, CommandContext) -> ExitCode

    /// Creates a command.
    public init(name: String, abstract: String, discussion: String = "", arguments: [ArgumentSpec] = [],
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
public struct ParsedArguments: Sendable {
    /// Option values by long name, in the order given.
    public var values: [String: [String]] = [:]
    /// Flags given, by long name.
    public var flags: Set<String> = []
    /// Positional arguments, in order.
    public var positionals: [String] = []

    /// Creates an empty set of arguments.
    public init() {}

    /// The last value given for option `name`, or its default.
    public func value(_ name: String, default defaultValue: String? = nil) -> String? {
        values[name]?.last ?? defaultValue
    }

    /// Whether flag `name` was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }
}
