import SweepModel

extension ExperimentDescriptor {
    /// Times one symmetric InfoNCE forward and backward pass of the engine.
    public static let infonceStep = ExperimentDescriptor(
        // Version 2: tiles are kept for the gradient pass within `memory_budget_mb` by default, which changes
        // the step time and peak RSS of existing parameter sets (the loss is bit-identical). Version 3: on
        // AVX-512 CPUs the engine's own register blocks replace sgemm, which changes the step time (and the
        // loss in its last bits) there.
        name: "infonce_step", version: 3, summary: "times a symmetric InfoNCE forward+backward of the tiled engine",
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
            ParameterDescriptor(
                "memory_budget_mb", .real(.nonNegative), default: .number(512),
                "MiB the engine may keep tiles in for the gradient pass (at most a quarter of the task's memory)"),
        ],
        memory: MemoryModel(
            parameters: ["batch", "dim", "row_block", "column_block", "memory_budget_mb"]
        ) { values, threads in
            let (batch, dim) = (values.real("batch"), values.real("dim"))
            let (rowBlock, columnBlock) = (values.real("row_block"), values.real("column_block"))
            // The embeddings and their gradients (4 x B x d floats), then the engine's own buffers.
            return 16 * batch * dim
                + EngineMemory.bytes(
                    batch: batch, dim: dim, threads: threads, rowBlock: rowBlock, columnBlock: columnBlock)
                + EngineMemory.keptTileBytes(
                    batch: batch, dim: dim, threads: threads, rowBlock: rowBlock, columnBlock: columnBlock,
                    budgetMiB: values.real("memory_budget_mb"))
        })
}
