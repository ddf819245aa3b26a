import Foundation

extension Statistics {
    /// The cumulative distribution function of Student's t with `df` degrees of freedom.
    public static func tCDF(_ t: Double, df: Double) -> Double {
        guard df > 0, !t.isNaN else { return .nan }
        let tail = tUpperTail(abs(t), df: df)
        return t < 0 ? tail : 1 - tail
    }

    /// The inverse of `tCDF`: the `p` quantile of Student's t with `df` degrees of freedom.
    public static func tQuantile(p: Double, df: Double) -> Double {
        guard df > 0, p >= 0, p <= 1 else { return .nan }
        if p == 0.5 { return 0 }
        let tail = min(p, 1 - p)
        let magnitude = tail == 0 ? Double.infinity : tUpperTailInverse(tail, df: df)
        return p < 0.5 ? -magnitude : magnitude
    }

    /// P(T > t) for t >= 0.
    private static func tUpperTail(_ t: Double, df: Double) -> Double {
        let square = t * t
        let x = df / (df + square)
        let y = square / (df + square)
        return 0.5 * regularizedIncompleteBeta(x: x, complement: y, a: df / 2, b: 0.5)
    }

    private static func tDensity(_ t: Double, df: Double) -> Double {
        exp(-logBeta(df / 2, 0.5) - (df + 1) / 2 * log1p(t * t / df)) / df.squareRoot()
    }

    /// The t > 0 with P(T > t) = `tail` (0 < tail < 1/2): Newton steps on log P(T > t), kept inside a
    /// bracket that falls back to bisection.
    private static func tUpperTailInverse(_ tail: Double, df: Double) -> Double {
        let target = log(tail)
        var low = 0.0
        var high = 1.0
        while tUpperTail(high, df: df) > tail, high < 1e300 {
            low = high
            high *= 2
        }
        var t = high
        for _ in 0..<200 {
            let current = tUpperTail(t, df: df)
            if current > tail { low = t } else { high = t }
            let step = (log(current) - target) * current / tDensity(t, df: df)
            var next = t + step
            if !(next > low && next < high) {
                next = low > 0 ? (low * high).squareRoot() : high / 2
            }
            if abs(next - t) <= 1e-15 * next { return next }
            t = next
        }
        return t
    }
}
