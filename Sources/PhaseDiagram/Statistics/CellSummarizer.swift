/// Computes `CellStatistics` for many cells, reusing t quantiles, median-interval ranks and bootstrap plans
/// across cells that have the same number of values.
public struct CellSummarizer: Sendable {
    public let confidence: Double
    public let medianInterval: MedianIntervalMethod
    public let resamples: Int
    public let seed: UInt64
    private var tQuantiles: [Int: Double] = [:]
    private var orderIntervals: [Int: OrderStatisticInterval?] = [:]
    private var bootstraps: [Int: MedianBootstrap] = [:]

    public init(
        confidence: Double = 0.95, medianInterval: MedianIntervalMethod = .orderStatistic, resamples: Int = 2000,
        seed: UInt64 = 0
    ) {
        self.confidence = confidence
        self.medianInterval = medianInterval
        self.resamples = resamples
        self.seed = seed
    }

    /// The statistics of `values`; task counts are left at zero for the caller to fill in.
    public mutating func summarize(values: [Double]) -> CellStatistics {
        var result = CellStatistics()
        let sorted = values.sorted()
        result.n = sorted.count
        guard let first = sorted.first, let last = sorted.last else { return result }
        result.min = first
        result.max = last
        result.mean = Statistics.mean(sorted)
        result.median = Statistics.median(sorted: sorted)
        let nonzero = sorted.count { $0 != 0 }
        result.proportion = Double(nonzero) / Double(sorted.count)
        let exact = Statistics.clopperPearson(successes: nonzero, trials: sorted.count, confidence: confidence)
        result.proportionCILow = exact.low
        result.proportionCIHigh = exact.high
        guard sorted.count > 1, let mean = result.mean, let sd = Statistics.standardDeviation(sorted) else {
            return result
        }
        let sem = sd / Double(sorted.count).squareRoot()
        let quantile = tQuantile(df: sorted.count - 1)
        result.sd = sd
        result.sem = sem
        result.ciLow = mean - quantile * sem
        result.ciHigh = mean + quantile * sem
        switch medianInterval {
        case .orderStatistic:
            if let interval = orderInterval(count: sorted.count) {
                result.medianCILow = sorted[interval.lowerIndex]
                result.medianCIHigh = sorted[interval.upperIndex]
                result.medianCICoverage = interval.coverage
            }
        case .bootstrap:
            if let interval = bootstrap(count: sorted.count).interval(sorted: sorted, confidence: confidence) {
                result.medianCILow = interval.low
                result.medianCIHigh = interval.high
            }
        }
        return result
    }

    private mutating func orderInterval(count: Int) -> OrderStatisticInterval? {
        if let known = orderIntervals[count] { return known }
        let interval = OrderStatisticInterval(count: count, confidence: confidence)
        orderIntervals[count] = interval
        return interval
    }

    private mutating func tQuantile(df: Int) -> Double {
        if let known = tQuantiles[df] { return known }
        let quantile = Statistics.tQuantile(p: 1 - (1 - confidence) / 2, df: Double(df))
        tQuantiles[df] = quantile
        return quantile
    }

    private mutating func bootstrap(count: Int) -> MedianBootstrap {
        if let known = bootstraps[count] { return known }
        let plan = MedianBootstrap(count: count, resamples: resamples, seed: seed)
        bootstraps[count] = plan
        return plan
    }
}
