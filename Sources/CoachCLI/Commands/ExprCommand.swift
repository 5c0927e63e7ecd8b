// ExprCommand.swift — `coach expr`: evaluates one expression, for trying conditions out.

import CoachEngine
import CoachExpr
@_spi(Streaming) import CoachJSON
import CoachRules

extension Commands {
    static let expr = CommandSpec(
        name: "expr",
        abstract: "Evaluate one expression, with variables given as JSON.",
        discussion: """
        Parses, type-checks and evaluates EXPR in the rule expression language (a CEL
        subset; see docs/expressions.md), with the standard library and the domain
        functions (min, max, sum, avg, pct_change, ratio, ...).

        --vars takes a JSON object of variables. A number with a fraction or exponent is a
        double, any other number an int; arrays are list(dyn), objects map(string, dyn). A
        variable given null has no value, as a signal given null in a snapshot: has(x) is
        false, and reading x fails.

        The functions texts call (percent, money in US dollars, number, plural, days,
        listed, capitalized) can be tried too. What only a seller gives (seller.id, day,
        phase, params, benchmark, shown_count) is not here: try those with coach eval and
        coach explain on a snapshot.

        --format text (default) prints the value and its type, or the error with a caret
        under its column; warnings (such as an integer division compared with a double) go
        to standard error. --format json prints {"type": "int", "value": 3} (with
        "warnings": [...] when there are any), or {"stage": "parse|check|eval", "error":
        "...", "diagnostics": [...]} (the warnings after the errors), each diagnostic with its
        location (line 1, the column).

        An expression that starts with '-' is read as an option: put -- before it
        (coach expr -- '-x + 1').

        The exit status is 0 when the expression has a value, 1 when it fails, and 64 when
        --vars cannot be read (not JSON, not an object, a number no variable can hold).

        EXAMPLES:
          coach expr '1 + 2'
          coach expr --vars '{"orders": 3, "sessions": 400}' 'ratio(orders, sessions) < 0.01'
          coach expr --format json 'max([0.2, 0.7])'
        """,
        arguments: [ArgumentSpec("EXPR", help: "The expression to evaluate.")],
        options: [
            .value("vars", "JSON", help: "A JSON object of variables, e.g. '{\"x\": 1}'."),
            .value("format", short: "f", "FORMAT", allowed: OutputFormat.allCases.map(\.rawValue), default: "text", help: "Output format."),
        ],
        run: runExpr
    )

    @Sendable static func runExpr(_ args: ParsedArguments, _ context: CommandContext) -> ExitCode {
        let text = args.positionals.first ?? ""
        var variables: [ExprTool.Variable] = []
        if let json = args.value("vars") {
            do { variables = try ExprTool.variables(from: JSONValueReader.read(json, what: "--vars")) } catch {
                context.stderr.writeStyled(context.diagnosticRenderer.render(error.diagnostics))
                return .usage
            }
        }
        // The functions texts call (percent, money, number, plural, days, listed,
        // capitalized), as a rule set declares them (money in US dollars here).
        var environment = Environment()
        for f in Formatting.functions(currency: "USD") { environment.declare(function: f) }
        let (outcome, warnings) = ExprTool.run(text, variables: variables, environment: environment)
        if args.format != .json, !warnings.isEmpty {
            context.stderr.writeStyled(context.diagnosticRenderer.render(warnings))
        }
        if args.format == .json {
            context.stdout.write(JSONWriter(indent: nil).write(ExprTool.json(outcome, warnings: warnings)) + "\n")
        } else if outcome.isSuccess {
            context.stdout.write(ExprTool.text(outcome) + "\n")
        } else {
            context.stderr.writeStyled(ExprTool.text(outcome, color: context.diagnosticRenderer.color) + "\n")
        }
        return outcome.isSuccess ? .success : .failure
    }
}
