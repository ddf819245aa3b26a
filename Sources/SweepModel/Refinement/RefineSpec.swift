/// A sweep's `refine:` block: after each round of tasks, the coordinator adds points where the cell median of
/// `metric` crosses `threshold`, and optionally seeds where a median's interval is wider than asked.
public struct RefineSpec: Sendable, Hashable, Codable {
    public var metric: String
    public var threshold: Double
    /// Conditions on parameters or metrics, written as `--where` takes them (`degenerate=0`, `tau<0.5`).
    public var conditions: [String]
    /// The grid axes whose neighbouring values get midpoints: one or two numeric axes.
    public var axes: [String]
    /// Rounds of refinement after the sweep's own grid.
    public var rounds: Int
    /// No round adds tasks beyond this many in the sweep.
    public var maxTasks: Int?
    public var seedsUntil: SeedsUntil?

    /// Sequential seeds: a cell whose median's interval is wider than `ciHalfwidth` either side gets more seeds,
    /// doubling, up to `maxSeeds`.
    public struct SeedsUntil: Sendable, Hashable, Codable {
        public var ciHalfwidth: Double
        public var maxSeeds: Int

        public init(ciHalfwidth: Double, maxSeeds: Int) {
            self.ciHalfwidth = ciHalfwidth
            self.maxSeeds = maxSeeds
        }
    }

    /// The most rounds a sweep may ask for: each halves the spacing between the values it refines.
    public static let maxRounds = 20

    public init(
        metric: String, threshold: Double, conditions: [String] = [], axes: [String], rounds: Int = 4,
        maxTasks: Int? = nil, seedsUntil: SeedsUntil? = nil
    ) {
        self.metric = metric
        self.threshold = threshold
        self.conditions = conditions
        self.axes = axes
        self.rounds = rounds
        self.maxTasks = maxTasks
        self.seedsUntil = seedsUntil
    }
}
