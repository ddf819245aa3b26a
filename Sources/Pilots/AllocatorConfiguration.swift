/// What an allocator watches, the pilot jobs it submits, and how often and how long it looks.
public struct AllocatorConfiguration: Sendable {
    /// The sweeps whose work it watches; every active sweep when empty.
    public var sweeps: [String]
    public var planner: PilotPlanner
    public var template: PilotJobTemplate
    /// The user whose jobs named `template.jobName` are this allocator's pilots.
    public var user: String
    public var intervalSeconds: Double
    /// Once the sweeps finished, keep watching for new work (as a service does) instead of exiting.
    public var keepRunning: Bool
    /// Once the sweeps finished, how long running pilots have to leave the queue before they are cancelled.
    public var drainSeconds: Double
    /// How long a failure after the first decision (coordinator gone, squeue timing out) may last before the
    /// allocator gives up.
    public var patienceSeconds: Double
    /// Whether it tells the coordinator of its pilots (not in a dry run, whose pilots are pretended).
    public var reportsPilots: Bool

    public init(
        sweeps: [String] = [], planner: PilotPlanner, template: PilotJobTemplate, user: String,
        intervalSeconds: Double = 30, keepRunning: Bool = false, drainSeconds: Double? = nil,
        patienceSeconds: Double = 300, reportsPilots: Bool = true
    ) {
        self.reportsPilots = reportsPilots
        self.sweeps = sweeps
        self.planner = planner
        self.template = template
        self.user = user
        self.intervalSeconds = intervalSeconds
        self.keepRunning = keepRunning
        self.drainSeconds = drainSeconds ?? max(60, 2 * intervalSeconds)
        self.patienceSeconds = patienceSeconds
    }

    /// The name its reports go under: the same for a restarted allocator, which takes its pilots over.
    public var allocatorName: String { "\(user)/\(template.jobName)" }
}
