// Commands.swift — the command table.

/// The table of `coach` commands. Add a command by writing its spec in its own file and
/// listing it here.
enum Commands {
    static let all: [CommandSpec] = [
        batch,
        check,
        diff,
        eval,
        explain,
        expr,
        lint,
        preview,
        test,
        yaml,
    ]
}
