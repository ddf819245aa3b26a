/// Which centre of a cell a diagram shows: the median (robust to collapsed seeds) or the mean.
public enum SummaryStatistic: String, Sendable, Hashable, Codable, CaseIterable {
    case median, mean
}
