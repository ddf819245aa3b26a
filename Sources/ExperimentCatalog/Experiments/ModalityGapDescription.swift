import SweepModel

extension ExperimentDescriptor {
    /// The modality-gap setup (NOTES.md C): two linear encoders, or one shared, under the symmetric CLIP loss.
    public static let multimodal = ExperimentDescriptor(
        name: "multimodal", summary: "modality gap of two linear encoders under the symmetric CLIP loss (NOTES.md C)",
        parameters: [
            ParameterDescriptor(
                "regime", .choice(["multimodal", "unimodal"]), default: .string("multimodal"),
                "multimodal (two encoders) or unimodal (one shared encoder, views in random order)"),
            ParameterDescriptor(
                "sigma", .real(.nonNegative), default: .number(0.3),
                "conditional heterogeneity: theta2 = theta + sigma N(0,1)"),
            ParameterDescriptor("tau", .real(.positive), default: .number(0.07), "temperature"),
            ParameterDescriptor(
                "prior_weight", .real(.closed(0, 1)), default: .number(0.7),
                "weight of the von Mises component at 0 (rest at pi)"),
            ParameterDescriptor(
                "prior_kappa", .real(.nonNegative), default: .number(6),
                "concentration of both prior components"),
            ParameterDescriptor(
                "batch", .size(atLeast: 2), default: .number(256),
                "pairs per step (fresh samples each step)"),
            ParameterDescriptor("steps", .integer(0...(1 << 53)), default: .number(2000), "Adam steps"),
            ParameterDescriptor("lr", .real(.positive), default: .number(0.005), "Adam learning rate"),
            ParameterDescriptor(
                "dim", .size(atLeast: 2), default: .number(2),
                "embedding dimension (encoders are dim x 2)"),
            ParameterDescriptor(
                "obs_noise", .real(.nonNegative), default: .number(0.02),
                "observation noise on each view"),
            ParameterDescriptor(
                "eval_pairs", .size(atLeast: 2), default: .number(8000), "held-out pairs for the metrics"),
            ParameterDescriptor(
                "bins", .size(atLeast: 2), default: .number(60), "histogram bins of the embedding angle"),
            ParameterDescriptor(
                "energy_pairs", .size(atLeast: 2), default: .number(2000),
                "held-out pairs used for the energy distance (capped at eval_pairs)"),
            ParameterDescriptor(
                "seed", ParameterKind.seed, default: .number(0),
                "seed of the initialisation and the data"),
        ],
        memory: MemoryModel(parameters: ["batch", "dim", "eval_pairs", "energy_pairs", "bins"]) { values, _ in
            let (batch, dim) = (values.real("batch"), values.real("dim"))
            let pairs = values.real("eval_pairs")
            let energy = min(pairs, values.real("energy_pairs"))
            // Training: inputs (2 x 2B doubles), embeddings and gradients (4 x B x d floats), and the engine
            // on one thread with the whole batch in one tile. Evaluation: inputs and embeddings of the
            // held-out pairs (as floats and as doubles), their angles, the energy sample and the histograms.
            let training =
                32 * batch + 16 * batch * dim
                + EngineMemory.bytes(batch: batch, dim: dim, threads: 1, rowBlock: batch, columnBlock: batch)
            let evaluation =
                32 * pairs + 16 * pairs * dim + 16 * pairs * dim + 16 * pairs + 16 * energy * dim
                + 16 * values.real("bins")
            return training + evaluation
        })
}
