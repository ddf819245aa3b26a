/// How far one sweep has come: task counts by state, recent throughput and an estimate of what is left.
public struct SweepProgress: Sendable, Hashable, Codable {
    public var name: String
    public var experiment: String
    public var total: Int
    public var pending: Int
    public var running: Int
    public var done: Int
    public var failed: Int
    /// Accepted results per second over the recent window.
    public var throughput: Double
    /// Seconds until the remaining tasks are done at that throughput, when it is known.
    public var etaSeconds: Double?

    public init(
        name: String, experiment: String, total: Int = 0, pending: Int = 0, running: Int = 0, done: Int = 0,
        failed: Int = 0, throughput: Double = 0, etaSeconds: Double? = nil
    ) {
        self.name = name
        self.experiment = experiment
        self.total = total
        self.pending = pending
        self.running = running
        self.done = done
        self.failed = failed
        self.throughput = throughput
        self.etaSeconds = etaSeconds
    }

    public var finished: Bool { pending == 0 && running == 0 }
}
