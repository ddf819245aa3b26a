/// What the shaded band of a line plot spans.
public enum LineBand: String, Sendable, Hashable, Codable, CaseIterable {
    /// The confidence interval of the shown statistic.
    case interval
    /// One standard deviation either side of the mean, as papers often plot the spread of seeds.
    case sd
}
