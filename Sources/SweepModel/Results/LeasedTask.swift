/// A task handed to a worker under a fresh lease.
public struct LeasedTask: Sendable, Hashable, Codable {
    public var lease: Lease
    public var key: String
    public var experiment: String
    public var parameters: Parameters
    /// How many attempts came before this one.
    public var previousAttempts: Int
    /// The program to run, for a task of a command sweep.
    public var command: CommandSpec?
    /// What the task needs of the worker while it runs (its sweep's `requires`).
    public var requirements: Requirements

    public init(
        lease: Lease, key: String, experiment: String, parameters: Parameters, previousAttempts: Int,
        command: CommandSpec? = nil, requirements: Requirements = Requirements()
    ) {
        self.requirements = requirements
        self.command = command
        self.lease = lease
        self.key = key
        self.experiment = experiment
        self.parameters = parameters
        self.previousAttempts = previousAttempts
    }
}
