import COpenBLAS
import Foundation
import SweepModel

/// The gradient-consistency setup (NOTES.md, A): how close the finite-N InfoNCE gradient is to the one
/// of the full negative pool.
public struct ConsistencyExperiment: Experiment {
    public init() {}

    public let name = "consistency"
    public let summary = "finite-N InfoNCE gradient against the full-pool gradient (NOTES.md A)"
    public let parameters: [ParameterInfo] = [
        ParameterInfo("critic", default: .string("cosine"), "cosine (normalised outputs) or rbf (on tanh(Wx))"),
        ParameterInfo("tau", default: .string("auto"), "temperature; auto is 0.1 for cosine, 1 for rbf"),
        ParameterInfo("n_negatives", default: .number(256), "N: negatives used from the shared pool"),
        ParameterInfo("noise", default: .string("auto"),
                      "augmentation noise of positives; auto is 0.05 cosine, 0.2 rbf"),
        ParameterInfo("rbf_scale", default: .number(128), "c in the RBF critic -|z-w|^2/c"),
        ParameterInfo("input_dim", default: .number(64), "input dimension"),
        ParameterInfo("output_dim", default: .number(128), "encoder output dimension"),
        ParameterInfo("anchors", default: .number(64), "anchors, each with one positive"),
        ParameterInfo("pool", default: .number(4096), "shared negatives; the reference gradient uses all of them"),
        ParameterInfo("components", default: .number(4), "Gaussian mixture components"),
        ParameterInfo("mean_scale", default: .number(4), "norm of the component means"),
        ParameterInfo("seed", default: .number(0), "seed of data and encoder"),
    ]

    public func run(_ parameters: Parameters, context: RunContext) throws -> Metrics {
        let critic = Critic(rawValue: try parameters.choice("critic", Critic.allCases.map(\.rawValue)))!
        let tau = try Self.numberOrAuto(parameters, "tau", auto: critic == .cosine ? 0.1 : 1)
        let noise = try Self.numberOrAuto(parameters, "noise", auto: critic == .cosine ? 0.05 : 0.2)
        let pool = try parameters.int("pool")
        let negatives = try parameters.int("n_negatives")
        guard tau > 0, pool >= 1, negatives >= 1, negatives <= pool else {
            throw ExperimentError("consistency needs tau > 0 and 1 <= n_negatives <= pool")
        }
        // BLAS on the calling thread only (as everywhere in the solvers), so a run uses no threads beyond
        // its budget and its sums have one order.
        openblas_set_num_threads(1)
        var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: try parameters.int("seed")))
        let setup = ConsistencySetup(critic: critic, tau: tau, rbfScale: try parameters.double("rbf_scale"),
                                     noise: noise, inputDim: try parameters.int("input_dim"),
                                     outputDim: try parameters.int("output_dim"),
                                     anchors: try parameters.int("anchors"),
                                     pool: pool, components: try parameters.int("components"),
                                     meanScale: try parameters.double("mean_scale"), generator: &generator)
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

    /// A number, or the default for the string "auto".
    static func numberOrAuto(_ parameters: Parameters, _ name: String, auto: Double) throws -> Double {
        if parameters[name] == .string("auto") { return auto }
        return try parameters.double(name)
    }
}
