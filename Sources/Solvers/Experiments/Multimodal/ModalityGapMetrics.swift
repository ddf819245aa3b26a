import SweepModel
import Foundation

/// The observables of the modality-gap setup on held-out pairs.
enum ModalityGapMetrics {
    static func measure(weights: [Double], pairs: PairTrainer, dim: Int, bins: Int, energyPairs: Int) -> Metrics {
        var z1 = pairs.encode(weights: weights, view: 0)
        var z2 = pairs.encode(weights: weights, view: 1)
        let count = pairs.batch
        normaliseRows(&z1, dim: dim)
        normaliseRows(&z2, dim: dim)
        let angles1 = (0..<count).map { atan2(z1[$0 * dim + 1], z1[$0 * dim]) }
        let angles2 = (0..<count).map { atan2(z2[$0 * dim + 1], z2[$0 * dim]) }
        let histogram1 = DistributionDistances.angleHistogram(angles1, bins: bins)
        let histogram2 = DistributionDistances.angleHistogram(angles2, bins: bins)
        var positive = 0.0
        var centroid = [Double](repeating: 0, count: dim)
        for i in 0..<count {
            for k in 0..<dim {
                positive += z1[i * dim + k] * z2[i * dim + k]
                centroid[k] += (z1[i * dim + k] - z2[i * dim + k]) / Double(count)
            }
        }
        let energyCount = min(count, max(2, energyPairs))
        var metrics = Metrics()
        metrics["symkl_raw"] = DistributionDistances.symmetricKL(histogram1, histogram2, pseudocount: 1e-10)
        metrics["symkl_laplace"] = DistributionDistances.symmetricKL(histogram1, histogram2, pseudocount: 1)
        metrics["pos_cos"] = positive / Double(count)
        metrics["centroid_gap"] = centroid.reduce(0) { $0 + $1 * $1 }.squareRoot()
        metrics["energy_distance"] = DistributionDistances.energyDistance(
            Array(z1[0..<(energyCount * dim)]), Array(z2[0..<(energyCount * dim)]), dim: dim)
        let ratio = min(
            conditionRatio(weights, offset: 0, dim: dim),
            conditionRatio(weights, offset: 2 * dim, dim: dim))
        metrics["degenerate"] = ratio < 0.05 ? 1 : 0
        metrics["min_singular_ratio"] = ratio
        return metrics
    }

    static func normaliseRows(_ z: inout [Double], dim: Int) {
        for row in 0..<(z.count / dim) {
            var norm = 0.0
            for k in 0..<dim { norm += z[row * dim + k] * z[row * dim + k] }
            let inverse = 1 / max(norm.squareRoot(), 1e-12)
            for k in 0..<dim { z[row * dim + k] *= inverse }
        }
    }

    /// sigma_min / sigma_max of a dim x 2 encoder, from the eigenvalues of its 2 x 2 Gram matrix.
    static func conditionRatio(_ weights: [Double], offset: Int, dim: Int) -> Double {
        var (a, b, c) = (0.0, 0.0, 0.0)
        for k in 0..<dim {
            let (p, q) = (weights[offset + 2 * k], weights[offset + 2 * k + 1])
            a += p * p
            b += p * q
            c += q * q
        }
        let mean = (a + c) / 2
        let spread = (((a - c) / 2) * ((a - c) / 2) + b * b).squareRoot()
        let largest = mean + spread
        let smallest = max(0, mean - spread)
        return largest > 0 ? (smallest / largest).squareRoot() : 0
    }
}
