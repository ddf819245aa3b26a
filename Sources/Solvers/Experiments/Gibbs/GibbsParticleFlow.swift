import SweepModel
import Foundation

/// Free particles on S^2 trained on `mean U(z)/tau + mean log rho_hat(z)` (NOTES.md, B).
///
/// rho_hat is a Gaussian kernel density estimate on geodesic distance (self term included). Parameters
/// are unconstrained v in R^3 with z = v/|v|; Adam steps are followed by Gaussian noise on v. Each step
/// fills the symmetric kernel matrix once (pairs i < j, rows spread over the pool's threads, each entry
/// written by one thread), then sums rows in a fixed order, so results do not depend on scheduling.
final class GibbsParticleFlow {
    let potential: TwoWellPotential
    let tau: Double
    let bandwidth: Double
    let pool: ComputePool
    let count: Int
    private(set) var parameters: [Double]
    private var kernel: [Double]
    private var slope: [Double]
    private var coordinates: [Double]

    init(
        potential: TwoWellPotential, tau: Double, bandwidth: Double, count: Int, pool: ComputePool,
        generator: inout SplitMix64
    ) {
        self.potential = potential
        self.tau = tau
        self.bandwidth = bandwidth
        self.count = count
        self.pool = pool
        parameters = (0..<(3 * count)).map { _ in Gaussian.sample(&generator) }
        kernel = [Double](repeating: 0, count: count * count)
        slope = kernel
        coordinates = [Double](repeating: 0, count: 3 * count)
    }

    var positions: [SIMD3<Double>] {
        (0..<count).map { i in
            let v = SIMD3(parameters[3 * i], parameters[3 * i + 1], parameters[3 * i + 2])
            return v / max((v * v).sum().squareRoot(), 1e-300)
        }
    }

    /// The loss and its gradient with respect to the parameters.
    func lossAndGradient() -> (Double, [Double]) {
        let n = count
        let z = positions
        for i in 0..<n { for k in 0..<3 { coordinates[k * n + i] = z[i][k] } }
        let scale = 1 / (2 * bandwidth * bandwidth)
        // Pairs farther apart than 7.5 bandwidths have kernel values below 1e-12 (against a self term of
        // 1) and are skipped.
        let cutoff = cos(min(Double.pi, 7.5 * bandwidth))
        let threads = pool.threadCount
        var gradient = [Double](repeating: 0, count: 3 * n)
        var sums = [Double](repeating: 0, count: n)
        kernel.withUnsafeMutableBufferPointer { kernelBuffer in
            slope.withUnsafeMutableBufferPointer { slopeBuffer in
                coordinates.withUnsafeBufferPointer { coordinateBuffer in
                    let (kernelMatrix, slopeMatrix) = (kernelBuffer.baseAddress!, slopeBuffer.baseAddress!)
                    let (x, y, w) = (
                        coordinateBuffer.baseAddress!, coordinateBuffer.baseAddress! + n,
                        coordinateBuffer.baseAddress! + 2 * n
                    )
                    pool.run { worker in
                        for i in stride(from: worker, to: n, by: threads) {
                            kernelMatrix[i * n + i] = 1
                            slopeMatrix[i * n + i] = 0
                            for j in (i + 1)..<max(i + 1, n) {
                                let c = min(1 - 1e-12, max(-1 + 1e-12, x[i] * x[j] + y[i] * y[j] + w[i] * w[j]))
                                if c < cutoff {
                                    (kernelMatrix[i * n + j], kernelMatrix[j * n + i]) = (0, 0)
                                    (slopeMatrix[i * n + j], slopeMatrix[j * n + i]) = (0, 0)
                                    continue
                                }
                                let d = acos(c)
                                let sine = (1 - c * c).squareRoot()
                                let k = exp(-d * d * scale)
                                let s = k * 2 * scale * (sine < 1e-6 ? 1 : d / sine)
                                kernelMatrix[i * n + j] = k
                                kernelMatrix[j * n + i] = k
                                slopeMatrix[i * n + j] = s
                                slopeMatrix[j * n + i] = s
                            }
                        }
                    }
                    sums.withUnsafeMutableBufferPointer { sumBuffer in
                        let total = sumBuffer.baseAddress!
                        pool.run { worker in
                            for i in stride(from: worker, to: n, by: threads) {
                                var sum = 0.0
                                for j in 0..<n { sum += kernelMatrix[i * n + j] }
                                total[i] = sum
                            }
                        }
                    }
                    let inverse = sums.map { 1 / $0 }
                    gradient.withUnsafeMutableBufferPointer { gradientBuffer in
                        let target = gradientBuffer.baseAddress!
                        pool.run { worker in
                            for i in stride(from: worker, to: n, by: threads) {
                                var (gx, gy, gz) = (0.0, 0.0, 0.0)
                                for j in 0..<n {
                                    let factor = (inverse[i] + inverse[j]) * slopeMatrix[i * n + j]
                                    gx += factor * x[j]
                                    gy += factor * y[j]
                                    gz += factor * w[j]
                                }
                                let g = (potential.gradient(z[i]) / tau + SIMD3(gx, gy, gz)) / Double(n)
                                let v = SIMD3(parameters[3 * i], parameters[3 * i + 1], parameters[3 * i + 2])
                                let tangent = (g - (g * z[i]).sum() * z[i]) / max((v * v).sum().squareRoot(), 1e-300)
                                for k in 0..<3 { target[3 * i + k] = tangent[k] }
                            }
                        }
                    }
                }
            }
        }
        var loss = 0.0
        for i in 0..<n { loss += potential.value(z[i]) / tau + log(sums[i] / Double(n)) }
        return (loss / Double(n), gradient)
    }

    func step(adam: inout Adam, noise: Double, generator: inout SplitMix64) -> Double {
        let (loss, gradient) = lossAndGradient()
        adam.update(&parameters, gradient: gradient)
        if noise > 0 {
            for index in parameters.indices { parameters[index] += noise * Gaussian.sample(&generator) }
        }
        return loss
    }
}
