import Foundation
import SweepModel

/// A direct particle flow of F_sym for two measures on the circle whose alignment potentials differ by
/// a heterogeneity h (NOTES.md, section 4): do the marginals separate when U12 - U21 is not constant?
public struct FSymExperiment: Experiment {
    public init() {}

    public let name = "fsym"
    public let summary = "particle flow of F_sym on the circle with U12 - U21 = -h sin (NOTES.md section 4)"
    public let parameters: [ParameterInfo] = [
        ParameterInfo("heterogeneity", default: .number(0.5), "h: U12 - U21 = -h sin(theta); 0 is compatible"),
        ParameterInfo("tau", default: .number(0.5), "temperature"),
        ParameterInfo("depth", default: .number(1), "a: depth of the shared well -a cos(theta)"),
        ParameterInfo("bandwidth", default: .number(0.3), "kernel bandwidth of the density estimates"),
        ParameterInfo("particles", default: .number(256), "particles per measure"),
        ParameterInfo("steps", default: .number(2000), "Euler steps"),
        ParameterInfo("dt", default: .number(0.002), "step length"),
        ParameterInfo("noise", default: .number(0), "Langevin noise; > 0 breaks the matched symmetry"),
        ParameterInfo("matched_init", default: .bool(true), "start both measures on the same points"),
        ParameterInfo("bins", default: .number(36), "histogram bins for the divergence"),
        ParameterInfo("seed", default: .number(0), "seed of the initial points and the noise"),
    ]

    public func run(_ parameters: Parameters, context: RunContext) throws -> Metrics {
        let count = try parameters.int("particles")
        let steps = try parameters.int("steps")
        let tau = try parameters.double("tau")
        let bandwidth = try parameters.double("bandwidth")
        guard count >= 2, steps >= 1, tau > 0, bandwidth > 0 else {
            throw ExperimentError("fsym needs particles >= 2, steps >= 1, tau > 0, bandwidth > 0")
        }
        var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: try parameters.int("seed")))
        let x = (0..<count).map { _ in (2 * generator.nextUnit() - 1) * Double.pi }
        let y = try parameters.bool("matched_init") ? x : (0..<count).map { _ in
            (2 * generator.nextUnit() - 1) * Double.pi
        }
        var flow = FSymParticleFlow(depth: try parameters.double("depth"),
                                    heterogeneity: try parameters.double("heterogeneity"), tau: tau,
                                    bandwidth: bandwidth, x: x, y: y)
        let (dt, noise) = (try parameters.double("dt"), try parameters.double("noise"))
        for step in 0..<steps {
            if step % 64 == 0 { try context.checkCancellation() }
            _ = flow.step(dt: dt, noise: noise, generator: &generator)
        }
        let bins = try parameters.int("bins")
        let first = DistributionDistances.angleHistogram(flow.x, bins: bins)
        let second = DistributionDistances.angleHistogram(flow.y, bins: bins)
        let centroidX = SIMD2(flow.x.map(cos).reduce(0, +), flow.x.map(sin).reduce(0, +)) / Double(count)
        let centroidY = SIMD2(flow.y.map(cos).reduce(0, +), flow.y.map(sin).reduce(0, +)) / Double(count)
        let gap = centroidX - centroidY
        var metrics = Metrics()
        metrics["symkl_laplace"] = DistributionDistances.symmetricKL(first, second, pseudocount: 1)
        metrics["symkl_raw"] = DistributionDistances.symmetricKL(first, second, pseudocount: 1e-10)
        metrics["centroid_gap"] = (gap * gap).sum().squareRoot()
        metrics["final_energy"] = flow.energyAndGradient().0
        return metrics
    }
}
