/// The summary of one cell of a phase diagram: the finished values of its tasks and how many are not.
///
/// Intervals are two-sided at the summariser's confidence (95% by default). Fields that a cell's values
/// cannot determine (a standard deviation of one value, anything of none) are nil, and nil in JSON.
public struct CellStatistics: Sendable, Hashable, Codable {
    /// All tasks of the cell, whatever their state.
    public var tasks = 0
    /// Finished tasks with a finite value of the metric: the sample everything below describes.
    public var n = 0
    public var mean: Double?
    public var sd: Double?
    public var sem: Double?
    /// Student-t confidence interval of the mean.
    public var ciLow: Double?
    public var ciHigh: Double?
    public var median: Double?
    /// Confidence interval of the median: from order statistics (the default) or a seeded bootstrap.
    public var medianCILow: Double?
    public var medianCIHigh: Double?
    /// The order-statistic interval's guaranteed coverage: the confidence asked for or more, less where the
    /// cell has too few values to reach it (five or fewer at 95%); nil for a bootstrap interval.
    public var medianCICoverage: Double?
    /// The share of values that are not zero, with its exact (Clopper-Pearson) binomial interval.
    public var proportion: Double?
    public var proportionCILow: Double?
    public var proportionCIHigh: Double?
    public var min: Double?
    public var max: Double?
    public var pending = 0
    public var running = 0
    public var failed = 0
    /// Finished tasks flagged degenerate by their experiment (their values are included above).
    public var degenerate = 0
    /// Finished tasks whose metric is NaN or infinite: counted here, left out of the statistics above.
    public var nonFinite = 0
    /// Finished tasks that did not report the metric.
    public var missing = 0
    /// Finished tasks left out by a condition on their metrics (`--where degenerate=0`): counted nowhere else.
    public var excluded = 0
    /// Mean of the reference metric over the cell's finished tasks, when the metric has one.
    public var referenceMean: Double?

    public init() {}

    /// Summarises `values` alone, with no task counts beyond them.
    public init(
        values: [Double], confidence: Double = 0.95, medianInterval: MedianIntervalMethod = .orderStatistic,
        resamples: Int = 2000, seed: UInt64 = 0
    ) {
        var summarizer = CellSummarizer(
            confidence: confidence, medianInterval: medianInterval, resamples: resamples, seed: seed)
        self = summarizer.summarize(values: values)
        tasks = n
    }

    /// Finished tasks, whatever their metric: the `done` of `infosweep status`.
    public var done: Int { n + nonFinite + missing }

    /// The centre the diagram shows for `statistic`.
    public func value(of statistic: SummaryStatistic) -> Double? {
        switch statistic {
        case .median: median
        case .mean: mean
        case .proportion: proportion
        }
    }

    /// The confidence interval that goes with `statistic`: t-based for the mean, `medianCI...` for the median,
    /// Clopper-Pearson for a proportion.
    public func interval(of statistic: SummaryStatistic) -> (low: Double, high: Double)? {
        let ends =
            switch statistic {
            case .mean: (ciLow, ciHigh)
            case .median: (medianCILow, medianCIHigh)
            case .proportion: (proportionCILow, proportionCIHigh)
            }
        guard let low = ends.0, let high = ends.1 else { return nil }
        return (low, high)
    }
}
