import SweepModel
import Foundation

/// The modality-gap data (NOTES.md, C): a latent angle from a two-component von Mises mixture, a second
/// view whose angle is perturbed by sigma * N(0,1), and noisy points on the unit circle for each view.
struct ModalityGapData {
    var sigma: Double
    var priorWeight: Double
    var priorKappa: Double
    var observationNoise: Double
    /// Whether the two views of each pair come in random order (the unimodal regime: one modality has no
    /// first and second view, so the pair law is exchangeable).
    var exchangeable: Bool

    /// Fills `x1` and `x2` (count x 2, row-major) with fresh pairs.
    func sample(count: Int, into x1: inout [Double], _ x2: inout [Double], generator: inout SplitMix64) {
        for index in 0..<count {
            let mean = generator.nextUnit() < priorWeight ? 0 : Double.pi
            var theta = Gaussian.vonMises(&generator, mean: mean, kappa: priorKappa)
            let (shift, a) = Gaussian.pair(&generator)
            var theta2 = wrapAngle(theta + sigma * shift)
            if exchangeable && generator.next() & 1 == 1 { swap(&theta, &theta2) }
            let (b, c) = Gaussian.pair(&generator)
            let (d, _) = Gaussian.pair(&generator)
            let (cos1, sin1) = cosineAndSine(theta)
            let (cos2, sin2) = cosineAndSine(theta2)
            x1[2 * index] = cos1 + observationNoise * a
            x1[2 * index + 1] = sin1 + observationNoise * b
            x2[2 * index] = cos2 + observationNoise * c
            x2[2 * index + 1] = sin2 + observationNoise * d
        }
    }

    /// cos and sin of an angle in [-pi, pi), the sine from the cosine (exact to ~1e-8 near 0 and pi, far
    /// below the observation noise).
    private func cosineAndSine(_ angle: Double) -> (Double, Double) {
        let cosine = cos(angle)
        let sine = max(0, 1 - cosine * cosine).squareRoot()
        return (cosine, angle < 0 ? -sine : sine)
    }
}
