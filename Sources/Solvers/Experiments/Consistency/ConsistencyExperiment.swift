import COpenBLAS
import ExperimentCatalog
import Foundation
import SweepModel

/// The gradient-consistency setup (NOTES.md, A): how close the finite-N InfoNCE gradient is to the one
/// of the full negative pool.
public struct ConsistencyExperiment: Experiment {
    public init() {}

    public let descriptor = ExperimentDescriptor.consistency

    public func run(resolved parameters: ResolvedParameters, context: RunContext) throws -> Metrics {
        let critic = Critic(rawValue: parameters.text("critic")) ?? .cosine
        let tau = parameters.real("tau", auto: critic == .cosine ? 0.1 : 1)
        let noise = parameters.real("noise", auto: critic == .cosine ? 0.05 : 0.2)
        let pool = parameters.integer("pool")
        let negatives = parameters.integer("n_negatives")
        // BLAS on the calling thread only (as everywhere in the solvers), so a run uses no threads beyond
        // its budget and its sums have one order.
        openblas_set_num_threads(1)
        var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: parameters.integer("seed")))
        let setup = ConsistencySetup(
            critic: critic, tau: tau, rbfScale: parameters.real("rbf_scale"),
            noise: noise, inputDim: parameters.integer("input_dim"),
            outputDim: parameters.integer("output_dim"),
            anchors: parameters.integer("anchors"),
            pool: pool, components: parameters.integer("components"),
            meanScale: parameters.real("mean_scale"),
            freshNegatives: parameters.text("negatives") == "fresh_mixture", generator: &generator)
        try context.checkCancellation()
        let (loss, gradient) = setup.lossAndGradient(negatives: negatives)
        let (referenceLoss, reference) = setup.lossAndGradient(negatives: pool)
        var (dot, normN, normRef, difference) = (0.0, 0.0, 0.0, 0.0)
        for (a, b) in zip(gradient.values, reference.values) {
            dot += a * b
            normN += a * a
            normRef += b * b
            difference += (a - b) * (a - b)
        }
        var metrics = Metrics()
        metrics["grad_cos"] = dot / max((normN * normRef).squareRoot(), 1e-300)
        metrics["grad_rel_err"] = (difference / max(normRef, 1e-300)).squareRoot()
        metrics["loss"] = loss
        metrics["loss_minus_log_n"] = loss - log(Double(negatives))
        metrics["ref_loss_minus_log_n"] = referenceLoss - log(Double(pool))
        return metrics
    }
}
