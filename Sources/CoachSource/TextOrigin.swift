// TextOrigin.swift — where a piece of text embedded in a file (an expression inside a
// YAML scalar) sits in that file, so errors inside it point at the file's line and column.

/// Maps offsets inside an embedded text (say, a CEL expression that is the value of a YAML
/// scalar) to locations in the file that holds it.
///
/// The YAML layer builds one per scalar; the expression language uses it to turn an error
/// at "column 7 of the expression" into `Rules/pricing.yaml:12:19`.
package struct TextOrigin: Sendable {
    /// The file holding the text.
    package let file: SourceFile
    /// Line and column in `file` of each Unicode scalar of the embedded text, plus one
    /// entry just past the end. A slice: the origins of a template's `{{ }}` parts share
    /// the template's points (a copy each made a template of n parts cost n² memory).
    private let points: ArraySlice<Point>

    /// A line/column pair in the file.
    package struct Point: Sendable, Equatable {
        /// The line, 1-based.
        package let line: Int
        /// The column, 1-based, in Unicode scalars.
        package let column: Int
        /// Creates a point.
        package init(line: Int, column: Int) { self.line = line; self.column = column }
    }

    /// An origin given scalar by scalar: `points[i]` is where scalar `i` of the text is.
    /// A final entry for the position just past the end is added when missing.
    package init(file: SourceFile, points: [Point]) {
        self.file = file
        self.points = points.isEmpty ? [Point(line: 1, column: 1)] : points[...]
    }

    /// An origin for text that sits contiguously on one line, starting at `line:column`.
    package init(file: SourceFile, line: Int, column: Int) {
        self.file = file
        self.points = [Point(line: line, column: column)]
    }

    /// The same points from `start` on, sharing their storage.
    private init(file: SourceFile, slice: ArraySlice<Point>) {
        self.file = file
        self.points = slice
    }


    /// The origin of the part of the text that starts at `offset`: offset 0 of the result is
    /// offset `offset` of this one. Used for expressions inside `{{ }}` in a template.
    package func dropping(_ offset: Int) -> TextOrigin {
        guard offset > 0 else { return self }
        if offset < points.count { return TextOrigin(file: file, slice: points[(points.startIndex + offset)...]) }
        let l = location(atOffset: offset)
        return TextOrigin(file: file, line: l.line, column: l.column)
    }

    /// The location of the scalar at `offset` (0-based) of the embedded text. Offsets past
    /// the known points continue along the last known line.
    package func location(atOffset offset: Int) -> SourceLocation {
        let clamped = max(0, offset)
        if clamped < points.count {
            let p = points[points.startIndex + clamped]
            return SourceLocation(file: file, line: p.line, column: p.column)
        }
        let last = points[points.endIndex - 1]
        return SourceLocation(file: file, line: last.line, column: last.column + (clamped - points.count + 1))
    }
}
