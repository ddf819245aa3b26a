import Foundation

extension Statistics {
    /// The exact two-sided binomial interval of a proportion (Clopper-Pearson): the beta quantiles
    /// B(alpha/2; k, n - k + 1) and B(1 - alpha/2; k + 1, n - k), 0 and 1 at the ends.
    public static func clopperPearson(
        successes k: Int, trials n: Int, confidence: Double
    ) -> (low: Double, high: Double) {
        let tail = (1 - confidence) / 2
        let low = k == 0 ? 0 : betaQuantile(tail, a: Double(k), b: Double(n - k + 1))
        let high = k == n ? 1 : betaQuantile(1 - tail, a: Double(k + 1), b: Double(n - k))
        return (low, high)
    }

    /// The x with I_x(a, b) = p, by bisection (I_x rises with x); 60 halvings reach Double's resolution.
    static func betaQuantile(_ p: Double, a: Double, b: Double) -> Double {
        var low = 0.0
        var high = 1.0
        for _ in 0..<60 {
            let middle = (low + high) / 2
            if regularizedIncompleteBeta(x: middle, a: a, b: b) < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}
