import ExperimentCatalog
import Foundation
import SweepModel

/// A direct particle flow of F_sym for two measures on the circle whose alignment potentials differ by
/// a heterogeneity h (NOTES.md, section 4): do the marginals separate when U12 - U21 is not constant?
public struct FSymExperiment: Experiment {
    public init() {}

    public let descriptor = ExperimentDescriptor.fsym

    public func run(resolved parameters: ResolvedParameters, context: RunContext) throws -> Metrics {
        let count = parameters.integer("particles")
        let steps = parameters.integer("steps")
        var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: parameters.integer("seed")))
        let x = (0..<count).map { _ in (2 * generator.nextUnit() - 1) * Double.pi }
        let y =
            parameters.flag("matched_init")
            ? x
            : (0..<count).map { _ in
                (2 * generator.nextUnit() - 1) * Double.pi
            }
        var flow = FSymParticleFlow(
            depth: parameters.real("depth"), heterogeneity: parameters.real("heterogeneity"),
            tau: parameters.real("tau"), bandwidth: parameters.real("bandwidth"), x: x, y: y)
        let (dt, noise) = (parameters.real("dt"), parameters.real("noise"))
        for step in 0..<steps {
            if step % 64 == 0 { try context.checkCancellation() }
            _ = flow.step(dt: dt, noise: noise, generator: &generator)
        }
        let bins = parameters.integer("bins")
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
