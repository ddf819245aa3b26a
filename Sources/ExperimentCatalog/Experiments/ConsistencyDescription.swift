import SweepModel

extension ExperimentDescriptor {
    /// The gradient-consistency setup (NOTES.md A): the finite-N InfoNCE gradient against the full pool's.
    public static let consistency = ExperimentDescriptor(
        name: "consistency", summary: "finite-N InfoNCE gradient against the full-pool gradient (NOTES.md A)",
        parameters: [
            ParameterDescriptor(
                "critic", .choice(["cosine", "rbf"]), default: .string("cosine"),
                "cosine (normalised outputs) or rbf (on tanh(Wx))"),
            ParameterDescriptor(
                "tau", .realOrAuto(.positive), default: .string("auto"),
                "temperature; auto is 0.1 for cosine, 1 for rbf"),
            ParameterDescriptor(
                "n_negatives", .size(atLeast: 1), default: .number(256),
                "N: negatives used from the shared pool (at most pool)"),
            ParameterDescriptor(
                "noise", .realOrAuto(.nonNegative), default: .string("auto"),
                "augmentation noise of positives; auto is 0.05 cosine, 0.2 rbf"),
            ParameterDescriptor("rbf_scale", .real(.positive), default: .number(128), "c in the RBF critic -|z-w|^2/c"),
            ParameterDescriptor("input_dim", .size(atLeast: 1), default: .number(64), "input dimension"),
            ParameterDescriptor("output_dim", .size(atLeast: 1), default: .number(128), "encoder output dimension"),
            ParameterDescriptor("anchors", .size(atLeast: 1), default: .number(64), "anchors, each with one positive"),
            ParameterDescriptor(
                "pool", .size(atLeast: 1), default: .number(4096),
                "shared negatives; the reference gradient uses all of them"),
            ParameterDescriptor("components", .size(atLeast: 1), default: .number(4), "Gaussian mixture components"),
            ParameterDescriptor("mean_scale", .real(.nonNegative), default: .number(4), "norm of the component means"),
            ParameterDescriptor(
                "negatives", .choice(["same_mixture", "fresh_mixture"]), default: .string("same_mixture"),
                "where the pool comes from: the anchors' mixture (same_mixture), or a second mixture with "
                    + "newly drawn component means (fresh_mixture, as the authors' published script samples)"),
            ParameterDescriptor("seed", ParameterKind.seed, default: .number(0), "seed of data and encoder"),
        ],
        relations: [
            ParameterRelation("n_negatives <= pool", parameters: ["n_negatives", "pool"]) {
                $0.integer("n_negatives") <= $0.integer("pool")
            }
        ],
        memory: MemoryModel(parameters: ["input_dim", "output_dim", "anchors", "pool", "components"]) { values, _ in
            let (input, output) = (values.real("input_dim"), values.real("output_dim"))
            let rows = 2 * values.real("anchors") + values.real("pool")
            // Inputs (held twice while they are stacked), the weights and their gradient, the reference pass's
            // outputs (h, z and their gradients), the anchor-by-pool similarities and their gradient, and the
            // component means; all doubles.
            return 8
                * (3 * rows * input + 2 * output * input + 4 * rows * output
                    + 3 * values.real("anchors") * values.real("pool") + values.real("components") * input)
        })
}
