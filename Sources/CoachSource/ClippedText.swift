// ClippedText.swift — a value a user gave, echoed in a message at a length a message can
// hold: a 50 MB rule id or snapshot string is named by its first characters.

extension StringProtocol {
    /// The first `most` characters, and "…" when there were more.
    package func clipped(to most: Int = 40) -> String {
        count > most ? String(prefix(most)) + "…" : String(self)
    }
}
