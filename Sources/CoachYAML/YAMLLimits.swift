// YAMLLimits.swift — bounds that keep hostile files from exhausting time or memory.

/// Bounds on what the YAML layer accepts. Exceeding one is an error with a position.
public struct YAMLLimits: Sendable {
    /// The largest file accepted, in bytes.
    public var maxFileBytes: Int
    /// The deepest nesting of sequences and mappings.
    public var maxDepth: Int
    /// The most nodes a stream may hold once aliases are expanded; stops "billion laughs".
    public var maxNodes: Int

    /// Creates limits.
    public init(maxFileBytes: Int = 8 << 20, maxDepth: Int = 256, maxNodes: Int = 1_000_000) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }

    /// The defaults: 8 MiB files, 256 levels, a million nodes after alias expansion.
    public static let `default` = YAMLLimits()
}
