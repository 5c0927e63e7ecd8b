// SourceLocation.swift — a point in a source file: 1-based line and column.

/// A point in a source file.
///
/// Lines and columns are 1-based. Columns count Unicode scalars (characters as libyaml
/// counts them), not bytes: `é` is one column, a tab is one column.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file the location is in.
    package let file: SourceFile
    /// The line, starting from 1.
    public let line: Int
    /// The column in Unicode scalars, starting from 1.
    public let column: Int

    /// Creates a location in `file`.
    package init(file: SourceFile, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The path of the file, as the user gave it.
    public var path: String { file.path }

    /// `path:line:column`, the form editors and terminals recognise.
    public var description: String { "\(file.path):\(line):\(column)" }

    /// The same file, `count` columns further along the line.
    package func advanced(byColumns count: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + count)
    }

    public static func == (a: SourceLocation, b: SourceLocation) -> Bool {
        a.line == b.line && a.column == b.column && a.file.path == b.file.path
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(file.path)
        hasher.combine(line)
        hasher.combine(column)
    }

    /// Orders by path, then line, then column.
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file.path, a.line, a.column) < (b.file.path, b.line, b.column)
    }
}
