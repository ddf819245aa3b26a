import Foundation

/// Divergences and distances between two samples, as the experiments report them.
public enum DistributionDistances {
    /// Counts of `angles` in `bins` equal bins of [-pi, pi).
    public static func angleHistogram(_ angles: [Double], bins: Int) -> [Double] {
        var counts = [Double](repeating: 0, count: bins)
        for angle in angles {
            let position = (wrapAngle(angle) + Double.pi) / (2 * Double.pi) * Double(bins)
            counts[min(bins - 1, max(0, Int(position)))] += 1
        }
        return counts
    }

    /// KL(p||q) + KL(q||p) of two histograms after adding `pseudocount` to every bin and normalising.
    ///
    /// A pseudocount of 1e-10 is the raw plug-in estimator (empty bins blow it up); 1 is Laplace smoothing.
    public static func symmetricKL(_ p: [Double], _ q: [Double], pseudocount: Double) -> Double {
        let pTotal = p.reduce(0, +) + pseudocount * Double(p.count)
        let qTotal = q.reduce(0, +) + pseudocount * Double(q.count)
        var total = 0.0
        for (a, b) in zip(p, q) {
            let pa = (a + pseudocount) / pTotal
            let qb = (b + pseudocount) / qTotal
            total += (pa - qb) * log(pa / qb)
        }
        return total
    }

    /// The energy distance 2E|X-Y| - E|X-X'| - E|Y-Y'| (V-statistic) of two point sets in `dim` dimensions.
    public static func energyDistance(_ x: [Double], _ y: [Double], dim: Int) -> Double {
        /// The mean distance over all n x m pairs; within one set (`same`) each pair is counted once and
        /// doubled, as the distances are symmetric and the diagonal is zero.
        func meanDistance(_ a: [Double], _ b: [Double], same: Bool = false) -> Double {
            let (n, m) = (a.count / dim, b.count / dim)
            var total = 0.0
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    for i in 0..<n {
                        var rowTotal = 0.0
                        for j in (same ? i + 1 : 0)..<m {
                            var squared = 0.0
                            for k in 0..<dim {
                                let difference = pa[i * dim + k] - pb[j * dim + k]
                                squared += difference * difference
                            }
                            rowTotal += squared.squareRoot()
                        }
                        total += same ? 2 * rowTotal : rowTotal
                    }
                }
            }
            return total / Double(n * m)
        }
        return 2 * meanDistance(x, y) - meanDistance(x, x, same: true) - meanDistance(y, y, same: true)
    }
}
