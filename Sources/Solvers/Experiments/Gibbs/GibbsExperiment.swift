import Foundation
import SweepModel

/// The unimodal Gibbs setup (NOTES.md, B): particles on S^2 against the exact Gibbs density of the
/// two-well potential.
public struct GibbsExperiment: Experiment {
    public init() {}

    public let name = "gibbs"
    public let summary = "particles of the unimodal free energy on S^2 against the exact Gibbs density (NOTES.md B)"
    public let parameters: [ParameterInfo] = [
        ParameterInfo("tau", default: .number(1), "temperature"),
        ParameterInfo("kappa", default: .number(12), "sharpness k of the two-well potential"),
        ParameterInfo("w", default: .number(0.5), "weight of the well at m1 = (0,0,1)"),
        ParameterInfo("particles", default: .number(768), "number of free particles"),
        ParameterInfo("steps", default: .number(5000), "Adam steps"),
        ParameterInfo("lr", default: .number(0.05), "Adam learning rate"),
        ParameterInfo("noise", default: .number(0.06), "std of the Gaussian noise added to the parameters per step"),
        ParameterInfo("bandwidth", default: .number(0.35), "KDE bandwidth on geodesic distance"),
        ParameterInfo("cap_radius", default: .number(0.5), "geodesic radius of the caps around each well"),
        ParameterInfo("average_fraction", default: .number(0.1),
                      "cap_mass is averaged over this final fraction of the steps"),
        ParameterInfo("quadrature_nodes", default: .number(96), "Gauss-Legendre nodes of the reference"),
        ParameterInfo("seed", default: .number(0), "seed of the initialisation and the noise"),
    ]

    public func run(_ parameters: Parameters, context: RunContext) throws -> Metrics {
        let tau = try parameters.double("tau")
        let count = try parameters.int("particles")
        let steps = try parameters.int("steps")
        let radius = try parameters.double("cap_radius")
        let weight = try parameters.double("w")
        guard tau > 0, count >= 2, steps >= 1, weight > 0, weight < 1, radius > 0 else {
            throw ExperimentError("gibbs needs tau > 0, particles >= 2, steps >= 1, 0 < w < 1, cap_radius > 0")
        }
        let potential = TwoWellPotential(kappa: try parameters.double("kappa"), weight: weight)
        var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: try parameters.int("seed")))
        let pool = ComputePool(threads: context.threads)
        let flow = GibbsParticleFlow(potential: potential, tau: tau, bandwidth: try parameters.double("bandwidth"),
                                     count: count, pool: pool, generator: &generator)
        var adam = Adam(count: 3 * count, learningRate: try parameters.double("lr"))
        let noise = try parameters.double("noise")
        let averaged = max(1, Int((Double(steps) * (try parameters.double("average_fraction"))).rounded()))
        var capSum = 0.0
        var loss = 0.0
        for step in 0..<steps {
            if step % 16 == 0 { try context.checkCancellation() }
            loss = flow.step(adam: &adam, noise: noise, generator: &generator)
            if step >= steps - averaged { capSum += Self.capFraction(flow.positions, potential, radius) }
        }
        let reference = GibbsReference(potential: potential, tau: tau)
        let (gibbsMass, gibbsError) = reference.capMassWithError(radius: radius,
                                                                 nodes: try parameters.int("quadrature_nodes"))
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
