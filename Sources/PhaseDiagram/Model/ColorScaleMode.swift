/// How a diagram's colours map cell values.
public enum ColorScaleMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// From the smallest cell value to the largest.
    case linear
    /// Logarithmic from the smallest positive cell value to the largest; values at or below zero sit below it.
    case log
    /// From the 2nd to the 98th percentile of the cell values, so that a few extreme cells (collapsed runs)
    /// do not spend the whole range; cells beyond it are marked.
    case robust
}
