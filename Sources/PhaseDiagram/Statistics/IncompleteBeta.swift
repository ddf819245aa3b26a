import Foundation

extension Statistics {
    /// The regularized incomplete beta function I_x(a, b) for 0 <= x <= 1 and a, b > 0.
    public static func regularizedIncompleteBeta(x: Double, a: Double, b: Double) -> Double {
        regularizedIncompleteBeta(x: x, complement: 1 - x, a: a, b: b)
    }

    /// I_x(a, b) where the caller also supplies 1 - x, so that both ends keep full relative precision.
    static func regularizedIncompleteBeta(x: Double, complement y: Double, a: Double, b: Double) -> Double {
        guard a > 0, b > 0, x >= 0, y >= 0 else { return .nan }
        if x == 0 { return 0 }
        if y == 0 { return 1 }
        let logX = x < 0.5 ? log(x) : log1p(-y)
        let logY = y < 0.5 ? log(y) : log1p(-x)
        let logPower = a * logX + b * logY - logBeta(a, b)
        if x < (a + 1) / (a + b + 2) {
            return exp(logPower - log(a)) * betaContinuedFraction(x: x, a: a, b: b)
        }
        return 1 - exp(logPower - log(b)) * betaContinuedFraction(x: y, a: b, b: a)
    }

    /// log B(a, b), with the large-argument cancellation of log-gammas done analytically.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let (large, small) = a >= b ? (a, b) : (b, a)
        guard large >= 10 else { return lgamma(a) + lgamma(b) - lgamma(a + b) }
        let sum = large + small
        let logGammaRatio =
            -(large - 0.5) * log1p(small / large) - small * log(sum) + small
            + stirlingCorrection(large) - stirlingCorrection(sum)
        return lgamma(small) + logGammaRatio
    }

    /// log Γ(x) - [(x - 1/2) log x - x + log(2π)/2], by its asymptotic series (x >= 10).
    private static func stirlingCorrection(_ x: Double) -> Double {
        let inverse = 1 / x
        let square = inverse * inverse
        return inverse
            * (1.0 / 12 - square
                * (1.0 / 360 - square
                    * (1.0 / 1260 - square
                        * (1.0 / 1680 - square / 1188))))
    }

    /// The continued fraction of I_x(a, b) (DLMF 8.17.22), evaluated by the modified Lentz method.
    private static func betaContinuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var numerator = 1.0
        var denominator = 1 / nonZero(1 - (a + b) * x / (a + 1), tiny)
        var result = denominator
        for step in 1...100_000 {
            let m = Double(step)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            denominator = 1 / nonZero(1 + even * denominator, tiny)
            numerator = nonZero(1 + even / numerator, tiny)
            result *= denominator * numerator
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            denominator = 1 / nonZero(1 + odd * denominator, tiny)
            numerator = nonZero(1 + odd / numerator, tiny)
            let factor = denominator * numerator
            result *= factor
            if abs(factor - 1) < 1e-16 { break }
        }
        return result
    }

    private static func nonZero(_ value: Double, _ tiny: Double) -> Double {
        abs(value) < tiny ? tiny : value
    }
}
