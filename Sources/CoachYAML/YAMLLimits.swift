// YAMLLimits.swift — bounds that keep hostile files from exhausting time or memory.

/// Bounds on what the YAML layer accepts. Exceeding one is an error with a position.
package struct YAMLLimits: Sendable {
    /// The largest file accepted, in bytes.
    package var maxFileBytes: Int
    /// The deepest nesting of sequences and mappings.
    package var maxDepth: Int
    /// The most nodes a stream may hold once aliases are expanded; stops "billion laughs".
    package var maxNodes: Int
    /// The most documents (`---`) a stream may hold.
    package var maxDocuments: Int
    /// The most keys one mapping, or items one sequence, may hold.
    package var maxItems: Int
    /// The most bytes of scalar text aliases may bring in, in total: a file's own text is
    /// bounded by its size, but one long text named by a thousand aliases would be a
    /// thousand copies to check and write.
    package var maxAliasedBytes: Int

    /// Creates limits.
    package init(maxFileBytes: Int = 8 << 20, maxDepth: Int = 256, maxNodes: Int = 1_000_000,
                maxDocuments: Int = 1_000, maxItems: Int = 100_000, maxAliasedBytes: Int = 16 << 20) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.maxDocuments = maxDocuments
        self.maxItems = maxItems
        self.maxAliasedBytes = maxAliasedBytes
    }

    /// The defaults: 8 MiB files, 256 levels, a million nodes after alias expansion, 1,000
    /// documents, 100,000 keys in a mapping or items in a sequence, 16 MiB of text brought in
    /// by aliases.
    package static let `default` = YAMLLimits()
}
