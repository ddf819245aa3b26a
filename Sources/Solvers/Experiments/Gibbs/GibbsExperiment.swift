import ExperimentCatalog
import Foundation
import SweepModel

/// The unimodal Gibbs setup (NOTES.md, B): particles on S^2 against the exact Gibbs density of the
/// two-well potential.
public struct GibbsExperiment: Experiment {
    public init() {}

    public let descriptor = ExperimentDescriptor.gibbs

    public func run(resolved parameters: ResolvedParameters, context: RunContext) throws -> Metrics {
        let tau = parameters.real("tau")
        let count = parameters.integer("particles")
        let steps = parameters.integer("steps")
        let radius = parameters.real("cap_radius")
        let potential = TwoWellPotential(kappa: parameters.real("kappa"), weight: parameters.real("w"))
        var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: parameters.integer("seed")))
        let pool = ComputePool(threads: context.threads)
        let flow = GibbsParticleFlow(
            potential: potential, tau: tau, bandwidth: parameters.real("bandwidth"),
            count: count, pool: pool, generator: &generator)
        var adam = Adam(count: 3 * count, learningRate: parameters.real("lr"))
        let noise = parameters.real("noise")
        let averaged = max(1, Int((Double(steps) * parameters.real("average_fraction")).rounded()))
        var capSum = 0.0
        var loss = 0.0
        for step in 0..<steps {
            if step % 16 == 0 { try context.checkCancellation() }
            loss = flow.step(adam: &adam, noise: noise, generator: &generator)
            if step >= steps - averaged { capSum += Self.capFraction(flow.positions, potential, radius) }
        }
        let reference = GibbsReference(potential: potential, tau: tau)
        let (gibbsMass, gibbsError) = reference.capMassWithError(
            radius: radius,
            nodes: parameters.integer("quadrature_nodes"))
        let (bands, sectors) = (8, 16)
        let cells = reference.cellProbabilities(bands: bands, sectors: sectors)
        var counts = [Double](repeating: 0, count: cells.count)
        let final = flow.positions
        for z in final { counts[reference.cell(of: z, bands: bands, sectors: sectors)] += 1 / Double(count) }
        var metrics = Metrics()
        metrics["cap_mass"] = capSum / Double(averaged)
        metrics["cap_mass_final"] = Self.capFraction(final, potential, radius)
        metrics["cap_mass_gibbs"] = gibbsMass
        metrics["cap_mass_gibbs_err"] = gibbsError
        metrics["tv_to_gibbs"] = 0.5 * zip(counts, cells).reduce(0) { $0 + abs($1.0 - $1.1) }
        metrics["final_loss"] = loss
        return metrics
    }

    static func capFraction(_ positions: [SIMD3<Double>], _ potential: TwoWellPotential, _ radius: Double) -> Double {
        Double(positions.filter { potential.inCaps($0, radius: radius) }.count) / Double(positions.count)
    }
}
