/// The similarity function s(z, w) of a contrastive loss.
public enum Critic: String, Sendable, CaseIterable {
    /// `<z/|z|, w/|w|>`: cosine similarity of the normalised outputs.
    case cosine
    /// `-|z - w|^2 / c` on the raw outputs.
    case rbf
}

/// Which cross-entropies of the similarity matrix form the loss.
public enum LossDirection: String, Sendable, CaseIterable {
    /// Rows only: each z1_i against all z2_j.
    case oneWay = "one_way"
    /// Mean of the row and the column cross-entropies (the CLIP loss).
    case symmetric
}

/// What an `InfoNCEEngine` computes and how it tiles the work.
public struct InfoNCEOptions: Sendable, Hashable {
    public var critic: Critic
    public var tau: Double
    /// The RBF critic's scale c in `-|z - w|^2 / c`.
    public var rbfScale: Double
    public var direction: LossDirection
    /// Rows of the similarity matrix one tile holds; with several threads, fewer when that gives every thread
    /// at least two row blocks.
    public var rowBlock: Int
    /// Columns of the similarity matrix one tile holds.
    public var columnBlock: Int
    /// The memory, in MiB, the engine may spend on keeping every tile of the first pass for the gradient pass
    /// (4 B^2 bytes, in tiles); above it, the gradient pass forms each tile again. Results are bit-identical
    /// either way.
    public var memoryBudgetMiB: Double

    /// The default `memoryBudgetMiB`: B=8192 keeps its tiles (256 MiB), B=16384 (1 GiB) forms them again.
    public static let defaultMemoryBudgetMiB: Double = 512

    public init(
        critic: Critic = .cosine, tau: Double = 0.07, rbfScale: Double = 1,
        direction: LossDirection = .symmetric, rowBlock: Int = 512, columnBlock: Int = 256,
        memoryBudgetMiB: Double = InfoNCEOptions.defaultMemoryBudgetMiB
    ) {
        self.critic = critic
        self.tau = tau
        self.rbfScale = rbfScale
        self.direction = direction
        self.rowBlock = max(1, rowBlock)
        self.columnBlock = max(1, columnBlock)
        self.memoryBudgetMiB = max(0, memoryBudgetMiB)
    }

    /// `memoryBudgetMiB` for a task: `requested`, but never more than a quarter of the memory the task was
    /// granted (`grantedMiB`, nil when the worker set no limit).
    public static func memoryBudget(requested: Double, grantedMiB: Int?) -> Double {
        guard let grantedMiB else { return max(0, requested) }
        return max(0, min(requested, Double(grantedMiB) / 4))
    }
}

/// The loss of one evaluation, with its two directions.
public struct InfoNCELoss: Sendable, Hashable {
    /// The loss the options ask for: the row loss, or the mean of both directions.
    public var loss: Double
    /// Mean cross-entropy of the rows (z1 anchors against z2 candidates).
    public var rowLoss: Double
    /// Mean cross-entropy of the columns; zero when only the rows were asked for.
    public var columnLoss: Double
}
