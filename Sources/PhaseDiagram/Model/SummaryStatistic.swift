/// Which centre of a cell a diagram shows: the median (robust to collapsed seeds), the mean, or the
/// proportion of runs whose value is not zero (for 0/1 metrics such as `degenerate`: the collapse probability).
public enum SummaryStatistic: String, Sendable, Hashable, Codable, CaseIterable {
    case median, mean, proportion
}
