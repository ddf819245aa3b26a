/// How the confidence interval of a cell's median is made.
public enum MedianIntervalMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// Distribution-free: two order statistics whose ranks come from the binomial distribution of how many
    /// values fall below the median. No random numbers, and the coverage it states is guaranteed.
    case orderStatistic = "order"
    /// A seeded percentile bootstrap; it undercovers at the 5-20 seeds sweeps use.
    case bootstrap
}
