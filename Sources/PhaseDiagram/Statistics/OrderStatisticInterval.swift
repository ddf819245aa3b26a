import Foundation

/// The distribution-free confidence interval of a median from `count` values: the order statistics
/// X(l) and X(count + 1 - l), with l the largest rank such that P(B < l) <= (1 - confidence) / 2 for
/// B ~ Binomial(count, 1/2). The interval then covers the median with probability 1 - 2 P(B < l), at least
/// `confidence`. Where no rank reaches it (count <= 5 at 95%) it is the widest, X(1) to X(count), with the
/// coverage that has.
struct OrderStatisticInterval: Sendable, Hashable {
    /// Zero-based indices into the ascending values.
    let lowerIndex: Int
    let upperIndex: Int
    /// The probability that the interval covers the median of the distribution the values come from.
    let coverage: Double

    init?(count: Int, confidence: Double) {
        guard count > 1 else { return nil }
        let tail = (1 - confidence) / 2
        var below = 0.0
        var rank = 1
        while rank < count / 2 + 1 {
            let next = below + Self.halfBinomialProbability(count: count, successes: rank - 1)
            guard next <= tail else { break }
            below = next
            rank += 1
        }
        let lower = max(rank - 1, 1)
        let outside = lower == rank - 1 ? below : Self.halfBinomialProbability(count: count, successes: 0)
        lowerIndex = lower - 1
        upperIndex = count - lower
        coverage = 1 - 2 * outside
    }

    /// P(B = successes) for B ~ Binomial(count, 1/2), in logarithms so that large counts do not underflow.
    static func halfBinomialProbability(count: Int, successes: Int) -> Double {
        let n = Double(count)
        let k = Double(successes)
        let logChoose: Double = lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)
        return exp(logChoose - n * log(2.0))
    }
}
