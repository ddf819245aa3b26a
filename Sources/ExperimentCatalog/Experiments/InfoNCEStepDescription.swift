import SweepModel

extension ExperimentDescriptor {
    /// Times one symmetric InfoNCE forward and backward pass of the engine.
    public static let infonceStep = ExperimentDescriptor(
        name: "infonce_step", summary: "times a symmetric InfoNCE forward+backward of the tiled engine",
        parameters: [
            ParameterDescriptor(
                "batch", .size(atLeast: 1), default: .number(4096),
                "batch size B (the similarity matrix is B x B)"),
            ParameterDescriptor("dim", .size(atLeast: 1), default: .number(128), "embedding dimension d"),
            ParameterDescriptor("critic", .choice(["cosine", "rbf"]), default: .string("cosine"), "cosine or rbf"),
            ParameterDescriptor("tau", .real(.positive), default: .number(0.07), "temperature"),
            ParameterDescriptor("rbf_scale", .real(.positive), default: .number(1), "c in the RBF critic -|z-w|^2/c"),
            ParameterDescriptor(
                "direction", .choice(["symmetric", "one_way"]), default: .string("symmetric"),
                "symmetric or one_way"),
            ParameterDescriptor(
                "repeats", .integer(1...10_000), default: .number(3),
                "timed steps after one warm-up step"),
            ParameterDescriptor("row_block", .size(atLeast: 1), default: .number(512), "tile rows"),
            ParameterDescriptor("column_block", .size(atLeast: 1), default: .number(256), "tile columns"),
            ParameterDescriptor("seed", ParameterKind.seed, default: .number(0), "seed of the random embeddings"),
        ],
        memory: MemoryModel(parameters: ["batch", "dim", "row_block", "column_block"]) { values, threads in
            let (batch, dim) = (values.real("batch"), values.real("dim"))
            // The embeddings and their gradients (4 x B x d floats), then the engine's own buffers.
            return 16 * batch * dim
                + EngineMemory.bytes(
                    batch: batch, dim: dim, threads: threads, rowBlock: values.real("row_block"),
                    columnBlock: values.real("column_block"))
        })
}
