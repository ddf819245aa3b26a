import Foundation

/// The resampling plan of a seeded percentile bootstrap of the median, for every sample of one size.
///
/// A resample of n values drawn with replacement from an ascending sample has as its median the average of
/// two of the sample's order statistics, whose ranks depend only on n. The plan draws those ranks once per
/// resample, in O(1) each: the k-th smallest of n uniform draws is Beta(k, n - k + 1), and the next one
/// lies above it by a Beta(1, n - k) share of the remaining interval. A cell then costs one pass over the
/// distinct rank pairs, however many resamples and values it has.
struct MedianBootstrap: Sendable {
    let count: Int
    let resamples: Int
    /// Distinct (lower rank, upper rank) pairs of resample medians, with how many resamples gave each.
    private let pairs: [(lower: Int, upper: Int, weight: Int)]

    init(count: Int, resamples: Int, seed: UInt64) {
        self.count = count
        self.resamples = resamples
        guard count > 0, resamples > 0 else {
            pairs = []
            return
        }
        var generator = WyRandom(seed: seed ^ (UInt64(count) &* 0x9E37_79B9_7F4A_7C15))
        let n = Double(count)
        let k = (count + 1) / 2
        var weights: [Int: Int] = [:]
        for _ in 0..<resamples {
            let lowerUniform = generator.nextBeta(Double(k), n - Double(k) + 1)
            let lower = min(Int((n * lowerUniform).rounded(.up)), count) - 1
            var upper = lower
            if count % 2 == 0 {
                let gap = 1 - pow(generator.nextOpenUnit(), 1 / (n - Double(k)))
                let upperUniform = lowerUniform + (1 - lowerUniform) * gap
                upper = max(lower, min(Int((n * upperUniform).rounded(.up)), count) - 1)
            }
            weights[lower * count + upper, default: 0] += 1
        }
        pairs = weights.map { (lower: $0.key / count, upper: $0.key % count, weight: $0.value) }
    }

    /// The percentile interval at `confidence` of the bootstrap medians of `sorted` (which has `count`
    /// values in ascending order).
    func interval(sorted: [Double], confidence: Double) -> (low: Double, high: Double)? {
        guard sorted.count == count, !pairs.isEmpty else { return nil }
        let medians = pairs.map { pair in
            (value: 0.5 * (sorted[pair.lower] + sorted[pair.upper]), weight: pair.weight)
        }.sorted { $0.value < $1.value }
        var ends = [0]
        for median in medians { ends.append(ends[ends.count - 1] + median.weight) }
        func value(atRank rank: Int) -> Double {
            var low = 0
            var high = medians.count - 1
            while low < high {
                let middle = (low + high) / 2
                if ends[middle + 1] > rank { high = middle } else { low = middle + 1 }
            }
            return medians[low].value
        }
        let alpha = (1 - confidence) / 2
        let low = Statistics.interpolatedOrderStatistic(count: resamples, fraction: alpha, value: value(atRank:))
        let high = Statistics.interpolatedOrderStatistic(count: resamples, fraction: 1 - alpha, value: value(atRank:))
        return (low, high)
    }
}

extension Statistics {
    /// A seeded percentile-bootstrap confidence interval for the median of ascending `sorted` values; nil
    /// below two values.
    public static func bootstrapMedianInterval(
        sorted: [Double], confidence: Double = 0.95, resamples: Int = 2000, seed: UInt64 = 0
    ) -> (low: Double, high: Double)? {
        guard sorted.count > 1 else { return nil }
        return MedianBootstrap(count: sorted.count, resamples: resamples, seed: seed)
            .interval(sorted: sorted, confidence: confidence)
    }
}
