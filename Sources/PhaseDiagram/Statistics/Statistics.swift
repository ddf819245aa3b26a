import Foundation

/// Descriptive statistics and distribution functions used to summarise result cells.
public enum Statistics {
    /// The arithmetic mean, or nil for an empty sample.
    public static func mean(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        var sum = 0.0
        for value in values { sum += value }
        let first = sum / Double(values.count)
        var correction = 0.0
        for value in values { correction += value - first }
        return first + correction / Double(values.count)
    }

    /// The sample standard deviation (denominator n - 1), or nil below two values.
    public static func standardDeviation(_ values: [Double]) -> Double? {
        guard values.count > 1, let mean = mean(values) else { return nil }
        var squares = 0.0
        var deviations = 0.0
        for value in values {
            let deviation = value - mean
            squares += deviation * deviation
            deviations += deviation
        }
        let count = Double(values.count)
        return ((squares - deviations * deviations / count) / (count - 1)).squareRoot()
    }

    /// The `fraction` quantile of ascending `sorted` values, interpolating linearly between order
    /// statistics (numpy's default "linear" method); nil for an empty sample.
    public static func percentile(sorted: [Double], _ fraction: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        return interpolatedOrderStatistic(count: sorted.count, fraction: fraction) { sorted[$0] }
    }

    /// The median of ascending `sorted` values, or nil for an empty sample.
    public static func median(sorted: [Double]) -> Double? {
        percentile(sorted: sorted, 0.5)
    }

    /// The linearly interpolated `fraction` quantile of `count` ordered values read through `value(at:)`.
    static func interpolatedOrderStatistic(
        count: Int, fraction: Double, value: (Int) -> Double
    ) -> Double {
        let position = Double(count - 1) * min(max(fraction, 0), 1)
        let lower = Int(position.rounded(.down))
        let weight = position - Double(lower)
        let low = value(lower)
        guard weight > 0, lower + 1 < count else { return low }
        return low + weight * (value(lower + 1) - low)
    }
}
