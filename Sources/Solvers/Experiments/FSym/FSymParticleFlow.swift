import SweepModel
import Foundation

/// A particle flow of F_sym (NOTES.md, section 4) for two measures on the circle.
///
/// With kernel density estimates rho_hat (kernel exp((cos(a - b) - 1)/b^2)) the entropy and KL terms of
/// F_sym cancel exactly, leaving
/// `E = 1/2 [mean_i (U12(x_i)/tau + log rho_hat2(x_i)) + mean_j (U21(y_j)/tau + log rho_hat1(y_j))]`.
/// Potentials: `U12 = -a cos - (h/2) sin`, `U21 = -a cos + (h/2) sin`, so `U12 - U21 = -h sin` is
/// constant exactly when h = 0. Each particle moves along minus n times its partial derivative of E.
struct FSymParticleFlow {
    var depth: Double
    var heterogeneity: Double
    var tau: Double
    var bandwidth: Double
    var x: [Double]
    var y: [Double]

    /// E and its gradient with respect to every x_i, then every y_j.
    func energyAndGradient() -> (Double, [Double], [Double]) {
        let n = x.count
        let m = y.count
        let inverseSquare = 1 / (bandwidth * bandwidth)
        let (cx, sx) = (x.map(cos), x.map(sin))
        let (cy, sy) = (y.map(cos), y.map(sin))
        var kernel = [Double](repeating: 0, count: n * m)
        var sine = [Double](repeating: 0, count: n * m)
        var rowSums = [Double](repeating: 0, count: n)
        var columnSums = [Double](repeating: 0, count: m)
        for i in 0..<n {
            for j in 0..<m {
                let cosine = cx[i] * cy[j] + sx[i] * sy[j]
                let value = exp((cosine - 1) * inverseSquare)
                kernel[i * m + j] = value
                sine[i * m + j] = sx[i] * cy[j] - cx[i] * sy[j]
                rowSums[i] += value
                columnSums[j] += value
            }
        }
        var gradX = [Double](repeating: 0, count: n)
        var gradY = [Double](repeating: 0, count: m)
        let half = heterogeneity / 2
        for i in 0..<n {
            var pull = 0.0
            for j in 0..<m {
                let term = kernel[i * m + j] * sine[i * m + j] * inverseSquare * (1 / rowSums[i] + 1 / columnSums[j])
                pull += term
                gradY[j] += term
            }
            gradX[i] = (depth * sx[i] - half * cx[i]) / tau - pull
        }
        for j in 0..<m { gradY[j] += (depth * sy[j] + half * cy[j]) / tau }
        var energy = 0.0
        for i in 0..<n { energy += (-depth * cx[i] - half * sx[i]) / tau + log(rowSums[i] / Double(m)) }
        var other = 0.0
        for j in 0..<m { other += (-depth * cy[j] + half * sy[j]) / tau + log(columnSums[j] / Double(n)) }
        // gradX, gradY are per-particle derivatives (n times the partial derivative of E, up to the 1/2).
        return (0.5 * (energy / Double(n) + other / Double(m)), gradX, gradY)
    }

    /// One explicit Euler step of length `dt`, with optional Gaussian noise of std `noise * sqrt(dt)`.
    mutating func step(dt: Double, noise: Double, generator: inout SplitMix64) -> Double {
        let (energy, gradX, gradY) = energyAndGradient()
        let kick = noise * dt.squareRoot()
        for i in x.indices {
            x[i] = wrapAngle(x[i] - dt * gradX[i] + (kick > 0 ? kick * Gaussian.sample(&generator) : 0))
        }
        for j in y.indices {
            y[j] = wrapAngle(y[j] - dt * gradY[j] + (kick > 0 ? kick * Gaussian.sample(&generator) : 0))
        }
        return energy
    }
}
